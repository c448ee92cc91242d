import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilitySchema } from '../../../src/core/capabilities/capability.schema.js';
import { BALANCE_CLASSES, holdingsIn, inServiceIn, postureBalance, postureBalanceQuerySchema, type HeldSystem } from '../../../src/core/capabilities/posture-balance.js';
import { forceBudgetSchema, type ProgrammeClass } from '../../../src/core/spending/rebalancing.js';

const system = (name: string, purpose: ProgrammeClass, quantity: number | undefined, inService?: HeldSystem['inService']): HeldSystem => ({
  name,
  purpose,
  ...(quantity !== undefined && { quantity }),
  ...(inService && { inService }),
});

/** Any register: systems of any class, with or without a quantity, with open, closed or no service years. */
const registers = fc.array(
  fc
    .record({
      purpose: fc.constantFrom(...BALANCE_CLASSES),
      quantity: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
      from: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: undefined }),
      length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      dated: fc.boolean(),
    })
    .map(({ purpose, quantity, from, length, dated }): HeldSystem =>
      system(`S-${purpose}-${quantity ?? 'n'}`, purpose, quantity, dated ? { ...(from !== undefined && { from }), ...(length !== undefined && { to: (from ?? 1990) + length }) } : undefined),
    ),
  { maxLength: 25 },
);

describe('the capability schema’s service years', () => {
  const base = { name: 'Ambulance', purpose: 'defensive', isWeapon: false, targetTypes: 'none', autonomy: { humanRole: 'human_decides' }, legalReview: { status: 'not_started' } };

  it('keeps old records without them valid, and takes either end alone', () => {
    expect(capabilitySchema.parse(base).inService).toBeUndefined();
    expect(capabilitySchema.parse({ ...base, inService: { from: 2015 } }).inService).toEqual({ from: 2015 });
    expect(capabilitySchema.parse({ ...base, inService: { to: 2030 } }).inService).toEqual({ to: 2030 });
  });

  it('refuses a last year before the first, and years outside 1900–2200, naming the field', () => {
    const issues = (value: unknown) => capabilitySchema.safeParse({ ...base, inService: value }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ from: 2020, to: 2019 })).toEqual([['inService.to', 'the last year in service (2019) is before the first (2020)']]);
    expect(issues({ from: 1899 })).toEqual([['inService.from', 'must be a year from 1900 to 2200']]);
    expect(issues({ to: 2201 })).toEqual([['inService.to', 'must be a year from 1900 to 2200']]);
    expect(issues({ from: 2020.5 })).toEqual([['inService.from', 'must be a whole year, such as 2015']]);
    expect(issues({ from: 2020, to: 2020 })).toBeUndefined();
  });
});

describe('the posture review', () => {
  it('sums quantities by class, names systems without a quantity instead of guessing them, and gives the defensive share', () => {
    const review = postureBalance({
      from: 2019,
      to: 2021,
      systems: [
        system('Air defence battery', 'defensive', 6),
        system('Military police company', 'protective', 3, { from: 2020 }),
        system('Strike aircraft', 'offensive', 9, { to: 2020 }),
        system('Reconnaissance drone', 'dual_use', undefined, { from: 2021 }),
      ],
    });
    expect(review.years.map((y) => y.year)).toEqual([2019, 2020, 2021]);
    const [y2019, y2020, y2021] = review.years;
    expect(y2019!.holdings).toMatchObject({ totalUnits: 15, systems: 2, withoutQuantity: [], defensiveShare: 6 / 15 });
    expect(y2020!.holdings.units).toMatchObject({ defensive: 6, protective: 3, offensive: 9, dual_use: 0 });
    expect(y2020!.holdings.defensiveShare).toBeCloseTo(9 / 18);
    // The strike aircraft left service after 2020; the drone came in 2021 without a quantity: named, not counted as 1.
    expect(y2021!.holdings).toMatchObject({ totalUnits: 9, systems: 3, defensiveShare: 1, withoutQuantity: [{ name: 'Reconnaissance drone', purpose: 'dual_use' }] });
    expect(review.withoutServiceYears.map((s) => s.name)).toEqual(['Air defence battery']);
    expect(review.definition).toMatch(/every class except conversion/);
    expect(review.budgets.given).toBe(false);
    expect(review.years.every((y) => !('budget' in y))).toBe(true);
  });

  it('has no share, not a share of 0, when nothing with a quantity is held', () => {
    const held = holdingsIn([system('Engineers', 'peace_operations', undefined)], 2024);
    expect(held).toMatchObject({ totalUnits: 0, shares: null, defensiveShare: null, systems: 1 });
    expect(holdingsIn([], 2024).defensiveShare).toBeNull();
  });

  it('puts budgets by class beside the holdings when given: conversion outside the share, a year without a budget a gap', () => {
    const budget = forceBudgetSchema.parse({
      force: 'Exercise force',
      year: 2020,
      lines: [
        { label: 'Air defence', category: 'equipment', purpose: 'defensive', amountM: 300 },
        { label: 'Strike', category: 'equipment', purpose: 'offensive', amountM: 500 },
        { label: 'Sensors', category: 'equipment', purpose: 'dual_use', amountM: 200 },
        { label: 'Disposal of cluster munitions', category: 'operations_maintenance', purpose: 'conversion', amountM: 50 },
      ],
    });
    const review = postureBalance({ from: 2020, to: 2021, systems: [], budgets: [budget] });
    expect(review.years[0]!.budget).toMatchObject({ forces: ['Exercise force'], programmeM: 1000, conversionM: 50, defensiveShare: 0.3 });
    expect(review.years[0]!.budget!.shares).toMatchObject({ defensive: 0.3, offensive: 0.5, dual_use: 0.2, nuclear: 0 });
    expect(review.years[1]!.budget).toBeNull();
    expect(review.budgets.given).toBe(true);
  });

  it('keeps every year’s shares summing to 1, or null when nothing is held', () => {
    fc.assert(
      fc.property(registers, fc.integer({ min: 1985, max: 2040 }), (systems, y) => {
        const held = holdingsIn(systems, y);
        if (held.totalUnits === 0) {
          expect(held.shares).toBeNull();
          expect(held.defensiveShare).toBeNull();
          return;
        }
        expect(BALANCE_CLASSES.reduce((sum, c) => sum + held.shares![c], 0)).toBeCloseTo(1, 9);
        expect(held.defensiveShare!).toBeGreaterThanOrEqual(0);
        expect(held.defensiveShare!).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('does not count a system in a year it is out of service, and counts it in every year it is in', () => {
    fc.assert(
      fc.property(registers, fc.integer({ min: 1985, max: 2040 }), (systems, y) => {
        const held = holdingsIn(systems, y);
        const inService = systems.filter((s) => inServiceIn(s, y));
        expect(held.systems).toBe(inService.length);
        for (const s of systems) {
          const out = (s.inService?.from !== undefined && y < s.inService.from) || (s.inService?.to !== undefined && y > s.inService.to);
          expect(inServiceIn(s, y)).toBe(!out);
        }
        // Taking out the systems out of service that year changes nothing.
        expect(holdingsIn(inService, y)).toEqual(held);
      }),
    );
  });

  it('adds quantities: two registers together hold the sum of each class, and the units held are the quantities in service', () => {
    fc.assert(
      fc.property(registers, registers, fc.integer({ min: 1985, max: 2040 }), (a, b, y) => {
        const both = holdingsIn([...a, ...b], y);
        const [ha, hb] = [holdingsIn(a, y), holdingsIn(b, y)];
        for (const c of BALANCE_CLASSES) expect(both.units[c]).toBe(ha.units[c] + hb.units[c]);
        expect(both.totalUnits).toBe([...a, ...b].filter((s) => inServiceIn(s, y)).reduce((sum, s) => sum + (s.quantity ?? 0), 0));
        expect(both.withoutQuantity.length).toBe(ha.withoutQuantity.length + hb.withoutQuantity.length);
      }),
    );
  });

  it('reads its period from the query, refusing a backward or too long one', () => {
    expect(postureBalanceQuerySchema.parse({ from: '2010', to: '2020' })).toEqual({ from: 2010, to: 2020 });
    expect(postureBalanceQuerySchema.safeParse({ from: '2020', to: '2010' }).error?.issues[0]).toMatchObject({ path: ['to'], message: 'must not be before from' });
    expect(postureBalanceQuerySchema.safeParse({ from: '1900', to: '2100' }).error?.issues[0]?.message).toBe('a review covers at most 100 years');
    expect(postureBalanceQuerySchema.safeParse({ from: 'soon' }).success).toBe(false);
    expect(() => postureBalance({ systems: [], from: 2020, to: 2019 })).toThrow(RangeError);
  });
});
