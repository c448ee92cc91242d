import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countModel, logGamma, normalCdf, upperTail } from '../../../src/core/analytics/count-distributions.js';
import {
  baselineWeeksOf,
  DEFAULT_ESCALATION_PARAMETERS,
  detectEscalation,
  escalationQuerySchema,
  byExtremity,
  testedWeeks,
  testedWeeksFrom,
  testWeek,
  type AreaSeries,
  type WeekCounts,
} from '../../../src/core/analytics/escalation.js';
import { addDays } from '../../../src/core/analytics/placement.js';
import { escalationWhat } from '../../../src/reporting/escalation-text.js';

const FIRST_MONDAY = '2022-10-03';
const mondays = (n: number) => Array.from({ length: n }, (_, i) => addDays(FIRST_MONDAY, 7 * i));

function series(code: string, counts: readonly WeekCounts[]): AreaSeries {
  return { area: { level: 'country', code }, weeks: new Map(mondays(counts.length).map((w, i) => [w, counts[i]!])) };
}

/** Runs the detector on every week that has a full baseline, as a monitor would week after week. */
function alertsWeekByWeek(s: AreaSeries, weeks: number) {
  const all = mondays(weeks);
  const firstTestable = DEFAULT_ESCALATION_PARAMETERS.baselineWeeks + DEFAULT_ESCALATION_PARAMETERS.guardWeeks;
  return all.slice(firstTestable).flatMap((week) => detectEscalation([s], [week]));
}

// An ordinary, noisy but stable conflict: 2–7 incidents a week, 0–30 deaths a week with the odd bad week.
const FLAT_INCIDENTS = [4, 3, 5, 2, 6, 4, 3, 5, 4, 7, 3, 4, 2, 5, 6, 3, 4, 5, 3, 4, 6, 2, 5, 4, 3, 5, 4, 6, 3, 4, 5, 2, 4, 6, 3, 5, 4, 3, 6, 4];
const FLAT_DEATHS = [9, 4, 15, 2, 22, 8, 5, 12, 7, 30, 6, 9, 1, 14, 20, 4, 8, 11, 3, 9, 25, 2, 13, 10, 6, 12, 8, 18, 5, 7, 16, 3, 9, 21, 4, 11, 8, 6, 19, 10];

describe('count distributions', () => {
  it('log Γ matches factorials', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      factorial *= n;
      expect(logGamma(n + 1)).toBeCloseTo(Math.log(factorial), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('the Poisson upper tail matches the sum of its terms', () => {
    // P(X ≥ 5 | μ = 1) = 1 − e⁻¹ (1 + 1 + 1/2 + 1/6 + 1/24)
    expect(upperTail(countModel(1, 1), 5)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5 + 1 / 6 + 1 / 24), 12);
    expect(upperTail(countModel(4, 2), 0)).toBe(1);
    // Far in the tail, where 1 − CDF would lose everything to rounding.
    const direct = Array.from({ length: 40 }, (_, i) => 60 + i).reduce((s, k) => s + Math.exp(k * Math.log(10) - 10 - logGamma(k + 1)), 0);
    expect(upperTail(countModel(10, 10), 60) / direct).toBeCloseTo(1, 8);
  });

  it('the negative binomial upper tail matches the closed form for size 2', () => {
    // size 2, mean 3: p = 0.4, P(X = k) = (k + 1) p² (1 − p)^k
    const model = countModel(3, 3 + 9 / 2);
    expect(model.size).toBeCloseTo(2, 12);
    const lower = Array.from({ length: 10 }, (_, k) => (k + 1) * 0.16 * 0.6 ** k).reduce((s, x) => s + x, 0);
    expect(upperTail(model, 10)).toBeCloseTo(1 - lower, 12);
    expect(upperTail(model, 2)).toBeCloseTo(1 - 0.16 - 2 * 0.16 * 0.6, 12);
  });

  it('the normal distribution function', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.5758293035489004)).toBeCloseTo(0.005, 6);
  });
});

describe('escalation detector', () => {
  it('tests the complete weeks up to the day asked, each against 26 weeks before a 4-week gap', () => {
    // 2023-05-07 is a Sunday: the week of Monday 2023-05-01 is complete.
    expect(testedWeeks('2023-05-07', 1)).toEqual(['2023-05-01']);
    expect(testedWeeks('2023-05-06', 2)).toEqual(['2023-04-17', '2023-04-24']);
    const baseline = baselineWeeksOf('2023-05-01');
    expect(baseline).toHaveLength(26);
    expect(baseline.at(-1)).toBe('2023-03-27');
    expect(baseline[0]).toBe(addDays('2023-03-27', -25 * 7));
  });

  it('raises nothing on a flat series, week after week', () => {
    const flat = series('MMR', FLAT_INCIDENTS.map((incidents, i) => ({ incidents, deaths: FLAT_DEATHS[i]! })));
    expect(alertsWeekByWeek(flat, FLAT_INCIDENTS.length)).toEqual([]);
  });

  it('raises one alert per metric at the week of a step, and names it stably', () => {
    const stepWeek = 34;
    const counts = FLAT_INCIDENTS.map((incidents, i) => (i === stepWeek ? { incidents: 18, deaths: 95 } : { incidents, deaths: FLAT_DEATHS[i]! }));
    const alerts = alertsWeekByWeek(series('MMR', counts), counts.length);
    const week = mondays(counts.length)[stepWeek]!;
    expect(alerts.map((a) => [a.key, a.weekStart, a.metric, a.observed]).sort()).toEqual([
      [`escalation:country:MMR:${week}:deaths`, week, 'deaths', 95],
      [`escalation:country:MMR:${week}:incidents`, week, 'incidents', 18],
    ]);
    for (const a of alerts) {
      expect(a.pValue).toBeLessThan(DEFAULT_ESCALATION_PARAMETERS.alpha);
      expect(a.expected).toBeGreaterThan(0);
    }
  });

  it('a lasting step alarms at its first week and keeps alarming while the baseline is still the old level', () => {
    const stepWeek = 32;
    const counts = FLAT_INCIDENTS.map((incidents, i) => ({ incidents: i >= stepWeek ? incidents * 4 : incidents, deaths: FLAT_DEATHS[i]! }));
    const alerts = alertsWeekByWeek(series('UKR', counts), counts.length).filter((a) => a.metric === 'incidents');
    expect(alerts[0]?.weekStart).toBe(mondays(counts.length)[stepWeek]);
  });

  it('does not alarm on tiny numbers in a quiet area', () => {
    const quiet = Array.from({ length: 40 }, (_, i): WeekCounts => (i === 35 ? { incidents: 3, deaths: 6 } : { incidents: 0, deaths: 0 }));
    expect(alertsWeekByWeek(series('NGA', quiet), 40)).toEqual([]);
    // The same jump above the minimum counts does.
    const jump = quiet.map((c, i) => (i === 35 ? { incidents: 6, deaths: 12 } : c));
    expect(alertsWeekByWeek(series('NGA', jump), 40).map((a) => a.metric).sort()).toEqual(['deaths', 'incidents']);
  });

  it('a single test: the observed count must exceed the baseline mean', () => {
    expect(testWeek([5, 5, 5, 5], 5, 'incidents').alert).toBe(false);
    expect(testWeek([0, 0, 0, 0], 6, 'incidents').alert).toBe(true);
  });

  it('reads its query with defaults', () => {
    expect(escalationQuerySchema.parse({})).toEqual({ level: 'country', resolution: 3 });
    expect(escalationQuerySchema.parse({ from: '2023-01-01', asOf: '2023-06-30', limit: '20' })).toMatchObject({ from: '2023-01-01', limit: 20 });
    expect(escalationQuerySchema.safeParse({ from: '2023-01-01', weeks: '2' }).success).toBe(false);
    expect(escalationQuerySchema.safeParse({ from: '2023-07-01', asOf: '2023-06-30' }).success).toBe(false);
    expect(escalationQuerySchema.safeParse({ level: 'district' }).success).toBe(false);
    expect(escalationQuerySchema.safeParse({ weeks: '0' }).success).toBe(false);
  });
});

describe('escalation over a whole period', () => {
  it('tests every complete week from the first Monday on or after the start', () => {
    // 2023-01-01 is a Sunday: the first Monday after it is 2023-01-02. 2023-01-31 is a Tuesday: the last complete
    // week is that of Monday 2023-01-23 (ending Sunday 29).
    expect(testedWeeksFrom('2023-01-01', '2023-01-31')).toEqual(['2023-01-02', '2023-01-09', '2023-01-16', '2023-01-23']);
    // A Monday start is its own first week; a span without a complete week tests none.
    expect(testedWeeksFrom('2023-01-02', '2023-01-08')).toEqual(['2023-01-02']);
    expect(testedWeeksFrom('2023-01-03', '2023-01-08')).toEqual([]);
  });

  it('ranks alerts by p-value, then by excess over expected when p-values are equal', () => {
    const alert = (key: string, pValue: number, observed: number, expected: number) => ({ key, pValue, observed, expected });
    const ranked = [alert('a', 1e-4, 20, 2), alert('b', 0, 30, 10), alert('c', 0, 400, 10), alert('d', 1e-9, 6, 0)].sort(byExtremity);
    expect(ranked.map((a) => a.key)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('escalation resting on one incident', () => {
  const week = 34;
  const withWeek = (current: WeekCounts) => FLAT_INCIDENTS.map((incidents, i) => (i === week ? current : { incidents, deaths: FLAT_DEATHS[i]! }));

  it('raises a deaths alert from one incident with many deaths, marked as a single event', () => {
    const alerts = alertsWeekByWeek(series('SDN', withWeek({ incidents: 1, deaths: 300 })), FLAT_INCIDENTS.length);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ metric: 'deaths', observed: 300, incidents: 1, singleEvent: true, weekStart: mondays(FLAT_INCIDENTS.length)[week] });
    expect(escalationWhat(alerts[0]!)).toBe('single event: one incident with 300 deaths');
  });

  it('a week of several incidents is not a single event, and says how many', () => {
    const alerts = alertsWeekByWeek(series('SDN', withWeek({ incidents: 18, deaths: 300 })), FLAT_INCIDENTS.length);
    const deaths = alerts.find((a) => a.metric === 'deaths')!;
    expect(deaths).toMatchObject({ incidents: 18, singleEvent: false });
    expect(escalationWhat(deaths)).toBe('300 deaths in 18 incidents');
    expect(alerts.every((a) => !a.singleEvent)).toBe(true);
  });

  it('the incidents metric never alarms on fewer than five incidents, whatever the baseline', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 26, maxLength: 26 }), fc.integer({ min: 0, max: 4 }), (baseline, observed) => {
        expect(testWeek(baseline, observed, 'incidents').alert).toBe(false);
      }),
    );
    // It is the minimum that holds: after a silent baseline (Poisson rate λ = 0.5/26), four incidents have
    // p = Σₖ≥₄ e^−λ λᵏ/k! ≈ 5.6e-9, far below α, and still no alert.
    const lambda = 0.5 / 26;
    const tail = [4, 5, 6, 7].reduce((sum, k) => sum + (Math.exp(-lambda) * lambda ** k) / [24, 120, 720, 5040][k - 4]!, 0);
    const four = testWeek(new Array<number>(26).fill(0), 4, 'incidents');
    expect(four.pValue / tail).toBeCloseTo(1, 6);
    expect(four.alert).toBe(false);
  });
});
