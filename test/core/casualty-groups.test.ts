import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateIncidents } from '../../src/core/analytics/aggregation.js';
import { totalOf } from '../../src/core/casualty-totals.js';
import { incidentInputSchema, type IncidentInput } from '../../src/core/incident.schema.js';
import { CASUALTY_GROUPS, CASUALTY_KINDS, PERSON_STATUSES } from '../../src/core/taxonomy.js';
import { validIncident } from '../support/incident-fixtures.js';

type CasualtyInput = NonNullable<IncidentInput['casualties']>[number];

const issuesOf = (input: unknown) => {
  const result = incidentInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const withCasualties = (casualties: CasualtyInput[]): IncidentInput => ({ ...validIncident(), casualties });

describe('casualty kinds for deprivation of liberty', () => {
  it('counts arrested and detained beside abducted', () => {
    const parsed = incidentInputSchema.parse(
      withCasualties([
        { kind: 'detained', status: 'civilian', best: 4 },
        { kind: 'arrested', status: 'civilian', best: 2 },
        { kind: 'abducted', status: 'civilian', best: 1 },
      ]),
    );
    expect(parsed.casualties.map((c) => c.kind)).toEqual(['abducted', 'arrested', 'detained']);
  });
});

describe('casualty counts narrowed to a population group', () => {
  it('accepts health workers as a part of the civilian dead, and keeps both counts', () => {
    const parsed = incidentInputSchema.parse(
      withCasualties([
        { kind: 'killed', status: 'civilian', group: 'health_worker', best: 3 },
        { kind: 'killed', status: 'civilian', low: 10, best: 12, high: 14 },
      ]),
    );
    expect(parsed.casualties).toEqual([
      { kind: 'killed', status: 'civilian', low: 10, best: 12, high: 14, breakdown: [] },
      { kind: 'killed', status: 'civilian', group: 'health_worker', low: 3, best: 3, high: 3, breakdown: [] },
    ]);
  });

  it('allows a group of any status: the medical personnel of an armed force are not civilians', () => {
    expect(
      issuesOf(
        withCasualties([
          { kind: 'injured', status: 'own_force', best: 5 },
          { kind: 'injured', status: 'own_force', group: 'health_worker', best: 1 },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses a group count without the count of everyone of its kind and status', () => {
    expect(issuesOf(withCasualties([{ kind: 'killed', status: 'civilian', group: 'patient', best: 2 }]))).toEqual([
      {
        path: 'casualties.0.group',
        message: 'killed civilian (patients) is a part of the killed civilian count, which is missing: record the killed civilian total too (at least 2)',
      },
    ]);
  });

  it('refuses a group count larger than the total it is a part of, naming the bound', () => {
    const issues = issuesOf(
      withCasualties([
        { kind: 'killed', status: 'civilian', low: 2, best: 3, high: 8 },
        { kind: 'killed', status: 'civilian', group: 'health_worker', low: 2, best: 4, high: 4 },
      ]),
    );
    expect(issues).toEqual([
      {
        path: 'casualties.1.best',
        message: 'killed civilian (health workers): best (4) exceeds the best of all killed civilian (3); a group count is a part of that total, not an addition',
      },
    ]);
  });

  it('refuses the same group counted twice, but not a group beside the ungrouped count', () => {
    const issues = issuesOf(
      withCasualties([
        { kind: 'killed', status: 'civilian', best: 9 },
        { kind: 'killed', status: 'civilian', group: 'patient', best: 1 },
        { kind: 'killed', status: 'civilian', group: 'patient', best: 2 },
      ]),
    );
    expect(issues).toEqual([{ path: 'casualties.2', message: 'killed civilian (patients) is counted twice' }]);
  });

  it('refuses a group that is not listed', () => {
    const issues = issuesOf(withCasualties([{ kind: 'killed', status: 'civilian', best: 9 }, { kind: 'killed', status: 'civilian', group: 'journalist' as never, best: 1 }]));
    expect(issues.map((i) => i.path)).toEqual(['casualties.1.group']);
  });

  it('leaves group counts out of totals: 12 civilians killed, of whom 3 health workers, is 12', () => {
    const parsed = incidentInputSchema.parse(
      withCasualties([
        { kind: 'killed', status: 'civilian', best: 12 },
        { kind: 'killed', status: 'civilian', group: 'health_worker', best: 3 },
        { kind: 'killed', status: 'civilian', group: 'patient', best: 2 },
      ]),
    );
    expect(totalOf(parsed.casualties, 'killed')).toEqual({ low: 12, best: 12, high: 12 });
    expect(totalOf(parsed.casualties, 'killed', ['civilian'])).toEqual({ low: 12, best: 12, high: 12 });
  });

  const whole = fc
    .record({ kind: fc.constantFrom(...CASUALTY_KINDS), status: fc.constantFrom(...PERSON_STATUSES), a: fc.nat(500), b: fc.nat(500), c: fc.nat(500) })
    .map(({ kind, status, a, b, c }) => {
      const [low, best, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
      return { kind, status, low, best, high };
    });

  it('never changes a total, nor the aggregate by status, when valid group counts are added', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(whole, { selector: (c) => `${c.kind}/${c.status}`, minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(7), fc.constantFrom(...CASUALTY_GROUPS), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 6 }),
        (wholes, picks) => {
          const groups = new Map<string, CasualtyInput>();
          for (const [index, group, share] of picks) {
            const of = wholes[index % wholes.length]!;
            const part = (n: number) => Math.floor(n * share);
            groups.set(`${of.kind}/${of.status}/${group}`, { kind: of.kind, status: of.status, group, low: part(of.low), best: part(of.best), high: part(of.high) });
          }
          const before = incidentInputSchema.parse(withCasualties(wholes));
          const after = incidentInputSchema.parse(withCasualties([...wholes, ...groups.values()]));
          expect(after.casualties).toHaveLength(wholes.length + groups.size);
          for (const kind of CASUALTY_KINDS) {
            expect(totalOf(after.casualties, kind)).toEqual(totalOf(before.casualties, kind));
            expect(totalOf(after.casualties, kind, ['civilian'])).toEqual(totalOf(before.casualties, kind, ['civilian']));
          }
          const aggregated = (casualties: typeof before.casualties) =>
            aggregateIncidents(
              [
                {
                  dateEarliest: '2024-03-01',
                  dateLatest: '2024-03-01',
                  datePrecision: 'day',
                  precision: 'exact',
                  country: 'NGA',
                  themes: [],
                  parties: [],
                  casualties,
                  killed: totalOf(casualties, 'killed'),
                  injured: totalOf(casualties, 'injured'),
                },
              ],
              ['status'],
            );
          expect(aggregated(after.casualties)).toEqual(aggregated(before.casualties));
        },
      ),
    );
  });
});
