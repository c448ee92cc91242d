import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanInterval,
  DEFAULT_MINIMUM_ACTIONS,
  estimateEscalation,
  forceKindOf,
  signTestPValue,
  type EscalationEstimate,
} from '../../../src/core/courses-of-action/escalation-estimate.js';
import { HAND_REGISTER } from './hand-register.js';

function estimated(e: EscalationEstimate): Extract<EscalationEstimate, { status: 'estimated' }> {
  if (e.status !== 'estimated') throw new Error(`expected an estimate, got not_enough_data: ${e.reason}`);
  return e;
}

/*
 * The hand-made register (hand-register.ts), patrols, 2 weeks either side. Per action, counts in its cell:
 *
 *   action  cell  before (incidents, deaths)     after (incidents, deaths)      per week before → after     change/week
 *   P1      A     03-02 (2), 03-10 (0): 2, 2     03-20 (1): 1, 1                inc 1.0→0.5, dea 1.0→0.5    inc −0.5, dea −0.5
 *                 (03-15, the day of the action, is in neither window)
 *   P2      A     04-05 (3): 1, 3                04-20 (0), 04-25 (4): 2, 4     inc 0.5→1.0, dea 1.5→2.0    inc +0.5, dea +0.5
 *                 (04-10..04-18 straddles the action: in neither)
 *   P3      B     4 incidents, 1+1+2+0 = 4       05-20 (1): 1, 1                inc 2.0→0.5, dea 2.0→0.5    inc −1.5, dea −1.5
 *   P4      B     none                           none                           0→0, 0→0                    inc  0,   dea  0
 *   P5      C     07-02 (6): 1, 6                07-17 (2), 07-28 (0): 2, 2     inc 0.5→1.0, dea 3.0→1.0    inc +0.5, dea −2.0
 *   P6      C     08-01 (1), 08-14 (1): 2, 2     08-29 (3): 1, 3 (08-30 is out) inc 1.0→0.5, dea 1.0→1.5    inc −0.5, dea +0.5
 *   P7 is left out: its before window would start on 2023-12-22, before the coverage (2024-01-01).
 *
 * Incidents per week: before 1.0+0.5+2.0+0+0.5+1.0 = 5.0, mean 5/6; after 0.5+1.0+0.5+0+1.0+0.5 = 3.5, mean 3.5/6;
 *   changes −0.5, +0.5, −1.5, 0, +0.5, −0.5: sum −1.5, mean −0.25; sorted −1.5, −0.5, −0.5, 0, 0.5, 0.5 → median
 *   (−0.5 + 0)/2 = −0.25; 2 rises, 3 falls, 1 tie; sign test n = 5, k = 2: 2 × (1 + 5 + 10)/32 = 1.
 * Deaths per week: before 1.0+1.5+2.0+0+3.0+1.0 = 8.5, mean 8.5/6; after 0.5+2.0+0.5+0+1.0+1.5 = 5.5, mean 5.5/6;
 *   changes −0.5, +0.5, −1.5, 0, −2.0, +0.5: sum −3.0, mean −0.5; sorted −2, −1.5, −0.5, 0, 0.5, 0.5 → median −0.25;
 *   2 rises, 3 falls, 1 tie; p = 1.
 * Sample: 6 actions in 3 cells (A, B, C); 1 left out (P7); 2 incidents in neither window (03-15, 04-10..04-18).
 */
describe('escalation estimate on a hand-made register', () => {
  const e = estimated(estimateEscalation('patrol', HAND_REGISTER, { weeks: 2 }));

  it('counts each action’s windows as worked out by hand', () => {
    expect(e.actions.map((a) => [a.ref, a.before.incidents, a.before.deaths, a.after.incidents, a.after.deaths])).toEqual([
      ['P1', 1.0, 1.0, 0.5, 0.5],
      ['P2', 0.5, 1.5, 1.0, 2.0],
      ['P3', 2.0, 2.0, 0.5, 0.5],
      ['P4', 0, 0, 0, 0],
      ['P5', 0.5, 3.0, 1.0, 1.0],
      ['P6', 1.0, 1.0, 0.5, 1.5],
    ]);
  });

  it('reports its sample size', () => {
    expect(e.sample).toEqual({ actions: 6, areas: 3, excludedOutsideCoverage: 1, straddlingIncidents: 2 });
    expect(e.weeks).toBe(2);
  });

  it('summarises incidents per week as worked out by hand', () => {
    const i = e.incidentsPerWeek;
    expect(i.meanBefore).toBeCloseTo(5 / 6, 12);
    expect(i.meanAfter).toBeCloseTo(3.5 / 6, 12);
    expect(i.meanChange).toBeCloseTo(-0.25, 12);
    expect(i.medianChange).toBeCloseTo(-0.25, 12);
    expect(i.signTest).toEqual({ rises: 2, falls: 3, ties: 1, pValue: 1 });
  });

  it('summarises deaths per week as worked out by hand', () => {
    const d = e.deathsPerWeek;
    expect(d.meanBefore).toBeCloseTo(8.5 / 6, 12);
    expect(d.meanAfter).toBeCloseTo(5.5 / 6, 12);
    expect(d.meanChange).toBeCloseTo(-0.5, 12);
    expect(d.medianChange).toBeCloseTo(-0.25, 12);
    expect(d.signTest).toEqual({ rises: 2, falls: 3, ties: 1, pValue: 1 });
  });

  it('gives a bootstrap interval inside the range of the changes, around the mean, the same for the same seed', () => {
    for (const [summary, lowest, highest] of [
      [e.incidentsPerWeek, -1.5, 0.5],
      [e.deathsPerWeek, -2, 0.5],
    ] as const) {
      expect(summary.interval.low).toBeGreaterThanOrEqual(lowest);
      expect(summary.interval.high).toBeLessThanOrEqual(highest);
      expect(summary.interval.low).toBeLessThanOrEqual(summary.meanChange);
      expect(summary.interval.high).toBeGreaterThanOrEqual(summary.meanChange);
    }
    expect(estimateEscalation('patrol', HAND_REGISTER, { weeks: 2 })).toEqual(e);
  });

  it('says how it was computed', () => {
    expect(e.method).toContain('2 weeks after');
    expect(e.method).toContain(`At least ${DEFAULT_MINIMUM_ACTIONS} comparable actions`);
    expect(e.method).toMatch(/not shown to be caused/);
  });
});

describe('not enough data', () => {
  it('answers not_enough_data below the minimum, with what is needed and what there is — never a number', () => {
    const e = estimateEscalation('patrol', HAND_REGISTER, { weeks: 2, minimumActions: 7 });
    expect(e).toMatchObject({ status: 'not_enough_data', kind: 'patrol', needed: 7, have: 6, excludedOutsideCoverage: 1 });
    expect(e).not.toHaveProperty('incidentsPerWeek');
    if (e.status === 'not_enough_data') expect(e.reason).toContain('1 more too close to the edge');
  });

  it('has nothing for a kind the register never saw, and nothing without a register', () => {
    expect(estimateEscalation('evacuation', HAND_REGISTER)).toMatchObject({ status: 'not_enough_data', needed: DEFAULT_MINIMUM_ACTIONS, have: 0 });
    expect(estimateEscalation('force_hostilities', HAND_REGISTER)).toMatchObject({ status: 'not_enough_data', have: 1 });
    expect(estimateEscalation('patrol', undefined)).toMatchObject({ status: 'not_enough_data', have: 0, reason: 'no register data was given for the estimate' });
  });

  it('leaves out actions whose windows reach past the coverage (longer windows leave out more)', () => {
    // With 4 weeks, P1 (2024-03-15) still fits (before from 2024-02-16); the coverage ending 2024-08-20 cuts P6 (after to 2024-09-12).
    const e = estimateEscalation('patrol', { ...HAND_REGISTER, coverage: { from: '2024-01-01', to: '2024-08-20' } }, { weeks: 4 });
    expect(e).toMatchObject({ status: 'not_enough_data', have: 5, excludedOutsideCoverage: 2 });
  });

  it('refuses nonsense options', () => {
    expect(() => estimateEscalation('patrol', HAND_REGISTER, { weeks: 0 })).toThrow(/weeks/);
    expect(() => estimateEscalation('patrol', HAND_REGISTER, { minimumActions: 1 })).toThrow(/minimumActions/);
  });
});

describe('sign test', () => {
  it('matches the binomial tail worked out by hand', () => {
    expect(signTestPValue(6, 0)).toBeCloseTo(2 / 64, 15); // all six one way
    expect(signTestPValue(0, 5)).toBeCloseTo(2 / 32, 15); // five can never reach 0.05
    expect(signTestPValue(1, 5)).toBeCloseTo((2 * (1 + 6)) / 64, 15);
    expect(signTestPValue(2, 3)).toBe(1);
    expect(signTestPValue(0, 0)).toBe(1);
  });

  it('is symmetric, between 0 and 1, and falls as the split grows more uneven', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), (a, b) => {
        const p = signTestPValue(a, b);
        expect(p).toBe(signTestPValue(b, a));
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        if (a > b) expect(signTestPValue(a + 1, b)).toBeLessThanOrEqual(p);
      }),
    );
  });
});

describe('bootstrap interval', () => {
  it('lies within the range of the values and repeats for a seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 }), fc.integer(), (values, seed) => {
        const interval = bootstrapMeanInterval(values, 200, seed);
        expect(interval.low).toBeGreaterThanOrEqual(Math.min(...values));
        expect(interval.high).toBeLessThanOrEqual(Math.max(...values));
        expect(interval.low).toBeLessThanOrEqual(interval.high);
        expect(bootstrapMeanInterval(values, 200, seed)).toEqual(interval);
      }),
    );
  });
});

describe('comparable kinds of force', () => {
  it('groups force by the family of its purpose', () => {
    expect(forceKindOf('neutralise_military_objective')).toBe('force_hostilities');
    expect(forceKindOf('arrest')).toBe('force_law_enforcement');
    expect(forceKindOf('protect_civilians_from_imminent_threat')).toBe('force_protection');
    expect(forceKindOf('other')).toBe('force_other');
  });
});
