import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASUALTY_GROUPS, HARM_MEASURES, type GroupHarm, type LowBestHigh } from '../../../src/core/courses-of-action/planning.schema.js';
import { projectCasualties, triangularQuantile, type ActionHarm, type ProjectedTotal } from '../../../src/core/courses-of-action/uncertainty.js';

const DRAWS = 400; // enough for the properties, which hold for any number of draws

const estimate: fc.Arbitrary<LowBestHigh> = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => {
  const [low, best, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
  return { low, best, high };
});
const groupHarm: fc.Arbitrary<GroupHarm> = fc.record({ deaths: estimate, injuries: estimate });
const action: fc.Arbitrary<ActionHarm> = fc
  .record({ civilians: groupHarm, own: groupHarm, allies: groupHarm, opponents: groupHarm })
  .map((effects) => ({ label: 'generated', effects }));
const actions = fc.array(action, { minLength: 1, maxLength: 8 });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Every total the projection reports: per group and measure, and everyone's. */
function everyTotal(p: ReturnType<typeof projectCasualties>): [string, ProjectedTotal][] {
  return [
    ...CASUALTY_GROUPS.flatMap((g) => HARM_MEASURES.map((m) => [`${g}.${m}`, p.byGroup[g][m]] as [string, ProjectedTotal])),
    ...HARM_MEASURES.map((m) => [`all.${m}`, p.all[m]] as [string, ProjectedTotal]),
  ];
}

const sum = (xs: readonly ActionHarm[], pick: (e: LowBestHigh) => number, group: (typeof CASUALTY_GROUPS)[number], measure: (typeof HARM_MEASURES)[number]) =>
  xs.reduce((s, a) => s + pick(a.effects[group]![measure]!), 0);

describe('triangular quantile', () => {
  it('stays in [low, high], rises with u, and rises with each of low, best and high', () => {
    fc.assert(
      fc.property(estimate, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (e, u, v) => {
        const x = triangularQuantile(e, u);
        expect(x).toBeGreaterThanOrEqual(e.low);
        expect(x).toBeLessThanOrEqual(e.high);
        if (u <= v) expect(triangularQuantile(e, v)).toBeGreaterThanOrEqual(x);
        expect(triangularQuantile({ ...e, high: e.high + 1 }, u)).toBeGreaterThanOrEqual(x);
        expect(triangularQuantile({ ...e, best: e.best + 1, high: Math.max(e.high, e.best + 1) }, u)).toBeGreaterThanOrEqual(x);
        expect(triangularQuantile({ low: e.low + 1, best: Math.max(e.best, e.low + 1), high: Math.max(e.high, e.low + 1) }, u)).toBeGreaterThanOrEqual(x);
      }),
    );
  });

  it('has its mode at best and its known quantiles', () => {
    // Triangular on [0, 10] with mode 5: F(5) = 0.5; F(x) = x²/50 below the mode, so the 0.02-quantile is 1.
    expect(triangularQuantile({ low: 0, best: 5, high: 10 }, 0.5)).toBeCloseTo(5, 12);
    expect(triangularQuantile({ low: 0, best: 5, high: 10 }, 0.02)).toBeCloseTo(1, 12);
    expect(triangularQuantile({ low: 3, best: 3, high: 3 }, 0.7)).toBe(3);
  });
});

describe('casualty projection: properties', () => {
  it('puts the interval, median and mean within [Σlow, Σhigh], the bounds being exactly those sums', () => {
    fc.assert(
      fc.property(actions, seed, (xs, s) => {
        const p = projectCasualties(xs, { draws: DRAWS, seed: s });
        for (const group of CASUALTY_GROUPS) {
          for (const measure of HARM_MEASURES) {
            const t = p.byGroup[group][measure];
            expect(t.bounds).toEqual({ low: sum(xs, (e) => e.low, group, measure), high: sum(xs, (e) => e.high, group, measure) });
            expect(t.sumOfBests).toBe(sum(xs, (e) => e.best, group, measure));
          }
        }
        for (const [, t] of everyTotal(p)) {
          expect(t.bounds.low).toBeLessThanOrEqual(t.interval.low);
          expect(t.interval.low).toBeLessThanOrEqual(t.median);
          expect(t.median).toBeLessThanOrEqual(t.interval.high);
          expect(t.interval.high).toBeLessThanOrEqual(t.bounds.high);
          expect(t.mean).toBeGreaterThanOrEqual(t.bounds.low);
          expect(t.mean).toBeLessThanOrEqual(t.bounds.high);
          expect(t.complete).toBe(true);
        }
      }),
    );
  });

  it('is exact when every estimate is a single number (low = best = high)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(50), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 8 }), seed, (points, s) => {
        const xs: ActionHarm[] = points.map((values) => {
          const at = (i: number) => ({ low: values[i]!, best: values[i]!, high: values[i]! });
          return { label: 'point', effects: { civilians: { deaths: at(0), injuries: at(1) }, own: { deaths: at(2), injuries: at(3) }, allies: { deaths: at(4), injuries: at(5) }, opponents: { deaths: at(6), injuries: at(7) } } };
        });
        const p = projectCasualties(xs, { draws: DRAWS, seed: s });
        const allDeaths = points.reduce((acc, v) => acc + v[0]! + v[2]! + v[4]! + v[6]!, 0);
        expect(p.all.deaths).toMatchObject({ mean: allDeaths, median: allDeaths, interval: { low: allDeaths, high: allDeaths }, bounds: { low: allDeaths, high: allDeaths } });
        for (const [, t] of everyTotal(p)) {
          expect(t.mean).toBe(t.bounds.low);
          expect(t.interval).toEqual({ low: t.bounds.low, high: t.bounds.low });
        }
      }),
    );
  });

  it('never lowers the upper bound, the interval or the mean when an action is added', () => {
    fc.assert(
      fc.property(actions, action, seed, (xs, extra, s) => {
        const before = everyTotal(projectCasualties(xs, { draws: DRAWS, seed: s }));
        const after = new Map(everyTotal(projectCasualties([...xs, extra], { draws: DRAWS, seed: s })));
        for (const [k, t] of before) {
          const u = after.get(k)!;
          expect(u.bounds.high).toBeGreaterThanOrEqual(t.bounds.high);
          expect(u.interval.high).toBeGreaterThanOrEqual(t.interval.high);
          expect(u.interval.low).toBeGreaterThanOrEqual(t.interval.low);
          expect(u.mean).toBeGreaterThanOrEqual(t.mean);
        }
      }),
    );
  });

  it('gives the same result for the same seed', () => {
    fc.assert(
      fc.property(actions, seed, (xs, s) => {
        expect(projectCasualties(xs, { draws: DRAWS, seed: s })).toEqual(projectCasualties(xs, { draws: DRAWS, seed: s }));
      }),
      { numRuns: 30 },
    );
  });
});

describe('casualty projection: what it reports', () => {
  const raid: ActionHarm = {
    label: 'action 1 (force)',
    effects: {
      civilians: { deaths: { low: 0, best: 0, high: 6 }, injuries: { low: 0, best: 2, high: 10 } },
      own: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } },
      allies: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } },
      opponents: { deaths: { low: 1, best: 1, high: 3 }, injuries: { low: 0, best: 0, high: 1 } },
    },
  };

  it('reports the mean of skewed estimates above their sum of bests (intervals, not sums of bests)', () => {
    const p = projectCasualties([raid, raid, raid]);
    // Triangular means: civilians (0 + 0 + 6)/3 = 2, opponents (1 + 1 + 3)/3 = 5/3 per action; three actions.
    expect(p.byGroup.civilians.deaths.sumOfBests).toBe(0);
    expect(p.byGroup.civilians.deaths.mean).toBeCloseTo(6, 1);
    expect(p.byGroup.opponents.deaths.mean).toBeCloseTo(5, 1);
    expect(p.all.deaths.mean).toBeCloseTo(11, 1);
    expect(p.all.deaths.bounds).toEqual({ low: 3, high: 27 });
    // Independent actions: the central interval is narrower than the plain bounds.
    expect(p.all.deaths.interval.low).toBeGreaterThan(3);
    expect(p.all.deaths.interval.high).toBeLessThan(27);
    expect(p.method).toMatchObject({ distribution: 'triangular', draws: 10_000, seed: 19 });
  });

  it('says when an estimate is missing: the total is then a floor, and names the action and group', () => {
    const partial: ActionHarm = { label: 'action 2 (patrol)', effects: { civilians: { deaths: { low: 0, best: 0, high: 1 } } } };
    const p = projectCasualties([raid, partial], { draws: DRAWS });
    expect(p.byGroup.civilians.deaths.complete).toBe(true);
    expect(p.byGroup.allies.deaths).toMatchObject({ complete: false, notEstimated: ['action 2 (patrol): allies deaths'] });
    expect(p.all.deaths.complete).toBe(false);
    expect(p.all.deaths.notEstimated).toEqual(['action 2 (patrol): own deaths', 'action 2 (patrol): allies deaths', 'action 2 (patrol): opponents deaths']);
  });

  it('refuses a number of draws it cannot honour', () => {
    expect(() => projectCasualties([raid], { draws: 0 })).toThrow(/draws/);
    expect(() => projectCasualties([raid], { draws: 1.5 })).toThrow(/draws/);
  });
});
