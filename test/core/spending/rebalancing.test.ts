import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineOf, budgetBalance, compareScenarios, forceBudgetSchema, PROGRAMME_CLASSES, projectScenario, rebalancingScenarioSchema, type ProgrammeClass, type RebalancingScenario } from '../../../src/core/spending/rebalancing.js';

const baseline = { defensive: 300, protective: 100, peace_operations: 20, offensive: 450, dual_use: 100, nuclear: 30 };
const scenario = (overrides: Partial<RebalancingScenario> = {}): RebalancingScenario =>
  rebalancingScenarioSchema.parse({
    name: 'Towards defence',
    startYear: 2026,
    endYear: 2035,
    baseline,
    total: { kind: 'constant' },
    targetShares: { defensive: 0.45, protective: 0.2, peace_operations: 0.1, offensive: 0.15, dual_use: 0.1, nuclear: 0 },
    reachedIn: 2031,
    conversionCosts: [
      { kind: 'equipment_disposal', year: 2027, amountM: 40 },
      { kind: 'personnel_reintegration', year: 2028, amountM: 25 },
      { kind: 'industry_conversion', year: 2028, amountM: 15 },
    ],
    gdp: { startGdpM: 50_000, growthPercentPerYear: 2 },
    ...overrides,
  });

/** Any valid scenario: a baseline with some programme, target shares summing to 1, costs inside its years. */
const scenarios = fc
  .record({
    startYear: fc.integer({ min: 1990, max: 2100 }),
    span: fc.integer({ min: 0, max: 30 }),
    reachedAt: fc.double({ min: 0, max: 1, noNaN: true }),
    base: fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }).filter((a) => a.reduce((s, v) => s + v, 0) > 1),
    weights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }).filter((a) => a.some((v) => v > 0)),
    growth: fc.double({ min: -20, max: 20, noNaN: true }),
    costs: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), amountM: fc.double({ min: 0, max: 1e5, noNaN: true }) }), { maxLength: 8 }),
  })
  .map(({ startYear, span, reachedAt, base, weights, growth, costs }) => {
    const endYear = startYear + span;
    const total = weights.reduce((s, v) => s + v, 0);
    const shares = weights.map((w) => w / total);
    // The last class takes what rounding leaves, so the target sums to 1 exactly as a user's form would.
    shares[5] = 1 - shares.slice(0, 5).reduce((s, v) => s + v, 0);
    return rebalancingScenarioSchema.parse({
      name: 'generated',
      startYear,
      endYear,
      baseline: Object.fromEntries(PROGRAMME_CLASSES.map((c, i) => [c, base[i]])),
      total: { kind: 'growth', percentPerYear: growth },
      targetShares: Object.fromEntries(PROGRAMME_CLASSES.map((c, i) => [c, Math.max(0, shares[i]!)])),
      reachedIn: startYear + Math.round(reachedAt * span),
      conversionCosts: costs.map((c) => ({ kind: 'other', year: startYear + Math.round(c.at * span), amountM: c.amountM })),
    });
  });

describe('rebalancing scenarios', () => {
  it('keeps the shares of the classes summing to 100 % in every year', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        for (const year of projectScenario(s)) {
          const sum = PROGRAMME_CLASSES.reduce((acc, c) => acc + year.shares[c], 0);
          expect(sum).toBeCloseTo(1, 9);
          for (const c of PROGRAMME_CLASSES) expect(year.shares[c]).toBeGreaterThanOrEqual(-1e-12);
          expect(PROGRAMME_CLASSES.reduce((acc, c) => acc + year.byClass[c], 0)).toBeCloseTo(year.programmeM, 6);
        }
      }),
    );
  });

  it('puts each conversion cost in the year it falls, on top of the programme, and nowhere else', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const years = projectScenario(s);
        for (const year of years) {
          const due = s.conversionCosts.filter((c) => c.year === year.year).reduce((acc, c) => acc + c.amountM, 0);
          expect(year.conversionM).toBeCloseTo(due, 6);
          expect(year.totalM).toBeCloseTo(year.programmeM + due, 6);
        }
        expect(years.reduce((acc, y) => acc + y.conversionM, 0)).toBeCloseTo(s.conversionCosts.reduce((acc, c) => acc + c.amountM, 0), 4);
      }),
    );
  });

  it('starts at the baseline balance and holds the target from the year it is reached', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const years = projectScenario(s);
        const baseTotal = PROGRAMME_CLASSES.reduce((acc, c) => acc + (s.baseline[c] ?? 0), 0);
        if (s.reachedIn > s.startYear) for (const c of PROGRAMME_CLASSES) expect(years[0]!.shares[c]).toBeCloseTo((s.baseline[c] ?? 0) / baseTotal, 9);
        for (const year of years.filter((y) => y.year >= s.reachedIn)) for (const c of PROGRAMME_CLASSES) expect(year.shares[c]).toBeCloseTo(s.targetShares[c] ?? 0, 9);
      }),
    );
  });

  it('moves in even steps, grows the total by its rate, and states the share of GDP on the GDP path', () => {
    const years = projectScenario(scenario({ total: { kind: 'growth', percentPerYear: 10 } }));
    expect(years.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    // Offensive goes from 45 % to 15 % over five years: six points a year.
    expect(years.slice(0, 6).map((y) => Math.round(y.shares.offensive * 1000) / 10)).toEqual([45, 39, 33, 27, 21, 15]);
    expect(years[2]!.programmeM).toBeCloseTo(1000 * 1.1 ** 2, 9);
    expect(years[2]!.conversionM).toBe(40);
    expect(years[2]!.shareOfGdp).toBeCloseTo((1000 * 1.21 + 40) / (50_000 * 1.02 ** 2), 12);
  });

  it('takes a total given year by year, keeping the last one given for the years after', () => {
    const years = projectScenario(scenario({ total: { kind: 'by_year', amountsM: { '2027': 900, '2030': 800 } } }));
    expect(years.slice(0, 6).map((y) => y.programmeM)).toEqual([1000, 900, 900, 900, 800, 800]);
  });

  it('compares scenarios side by side: cumulative totals, conversion, and the final balance', () => {
    const [towards, held] = compareScenarios([scenario(), scenario({ name: 'As is', targetShares: { defensive: 0.3, protective: 0.1, peace_operations: 0.02, offensive: 0.45, dual_use: 0.1, nuclear: 0.03 }, conversionCosts: [] })]);
    expect(towards!.cumulativeConversionM).toBe(80);
    expect(held!.cumulativeConversionM).toBe(0);
    expect(towards!.cumulativeM - held!.cumulativeM).toBeCloseTo(80, 6);
    expect(towards!.finalProtectiveShare).toBeCloseTo(0.75, 9);
    expect(held!.finalOffensiveShare).toBeCloseTo(0.48, 9);
  });

  it('refuses a scenario that cannot be projected, naming the field', () => {
    const refused = (overrides: Record<string, unknown>) => rebalancingScenarioSchema.safeParse({ ...scenario(), ...overrides }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(refused({ targetShares: { defensive: 0.5, offensive: 0.3 } })).toEqual(['targetShares: must sum to 100 % (they sum to 80.00 %)']);
    expect(refused({ reachedIn: 2040 })).toEqual(['reachedIn: must fall between the start and end years']);
    expect(refused({ conversionCosts: [{ kind: 'industry_conversion', year: 2050, amountM: 1 }] })).toEqual(["conversionCosts.0.year: falls outside the scenario's years (2026–2035)"]);
    expect(refused({ baseline: Object.fromEntries(PROGRAMME_CLASSES.map((c: ProgrammeClass) => [c, 0])) })).toEqual(['baseline: must have a programme to rebalance (a total above 0)']);
  });
});

describe('a force budget', () => {
  const budget = forceBudgetSchema.parse({
    force: 'Northern brigade',
    year: 2026,
    lines: [
      { label: 'Pay and allowances', category: 'personnel', purpose: 'protective', amountM: 120 },
      { label: 'Counter-drone systems', category: 'equipment', purpose: 'defensive', amountM: 60 },
      { label: 'Long-range rockets', category: 'equipment', purpose: 'offensive', amountM: 90 },
      { label: 'Barracks', category: 'infrastructure', purpose: 'dual_use', amountM: 30 },
      { label: 'Retraining gunners as deminers', category: 'operations_maintenance', purpose: 'conversion', amountM: 20 },
    ],
  });

  it('sums by purpose class and NATO category; its programme shares leave conversion out', () => {
    const balance = budgetBalance(budget);
    expect(balance.totalM).toBe(320);
    expect(balance.byCategory).toEqual({ personnel: 120, equipment: 150, infrastructure: 30, operations_maintenance: 20 });
    expect(balance.byClass.conversion).toBe(20);
    expect(balance.programmeShares.offensive).toBeCloseTo(90 / 300, 12);
    expect(PROGRAMME_CLASSES.reduce((sum, c) => sum + balance.programmeShares[c], 0)).toBeCloseTo(1, 12);
  });

  it("becomes a scenario's baseline, so a rebalancing starts from what the force is paid for", () => {
    const years = projectScenario(scenario({ baseline: baselineOf(budget) }));
    expect(years[0]!.programmeM).toBe(300);
    expect(years[0]!.shares.protective).toBeCloseTo(0.4, 12);
  });
});
