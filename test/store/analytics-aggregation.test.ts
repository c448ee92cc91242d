import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { aggregateIncidents, aggregateQuerySchema, GROUP_DIMENSIONS, type AggregatedIncident } from '../../src/core/analytics/aggregation.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, PERSON_STATUSES, THEMES, VIOLENCE_TYPES } from '../../src/core/taxonomy.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const actor: Actor = { id: 'analytics-test', username: 'analytics-test', role: 'analyst' };

const estimate = fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40)).map((xs) => {
  const [low, best, high] = xs.sort((a, b) => a - b);
  return { low, best, high };
});

/** Random but valid incidents, spread over every precision, bucket edge, theme, party and casualty status. */
const incidentArbitrary = fc
  .record({
    day: fc.integer({ min: 0, max: 800 }),
    span: fc.oneof(fc.constant(0), fc.nat(10), fc.nat(400)),
    datePrecision: fc.constantFrom(...DATE_PRECISIONS),
    precision: fc.constantFrom(...LOCATION_PRECISIONS),
    country: fc.constantFrom('MMR', 'NGA'),
    admin1: fc.option(fc.constantFrom('North', 'South'), { nil: undefined }),
    admin2: fc.option(fc.constantFrom('D1', 'D2'), { nil: undefined }),
    themes: fc.uniqueArray(fc.constantFrom(...THEMES), { maxLength: 3 }),
    violenceType: fc.option(fc.constantFrom(...VIOLENCE_TYPES), { nil: undefined }),
    // As ACLED's are stored (event / sub-event type), or UCDP's one-part type.
    eventType: fc.option(fc.constantFrom('Battles / Armed clash', 'Battles / Government regains territory', 'Violence against civilians / Attack', 'One-sided violence', 'Battle-No change of territory'), { nil: undefined }),
    actors: fc.array(fc.record({ name: fc.constantFrom('Army', 'Group A', 'Group B'), role: fc.constantFrom('perpetrator' as const, 'target' as const, 'other' as const) }), { maxLength: 3 }),
    casualties: fc.uniqueArray(fc.record({ kind: fc.constantFrom('killed' as const, 'injured' as const, 'displaced' as const), status: fc.constantFrom(...PERSON_STATUSES), e: estimate }), {
      selector: (c) => `${c.kind}/${c.status}`,
      maxLength: 4,
    }),
  })
  .map((r): IncidentInput => {
    const start = new Date(Date.UTC(2022, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10);
    return {
      ...validIncident(),
      dateEarliest: start,
      dateLatest: new Date(Date.parse(start) + r.span * 86_400_000).toISOString().slice(0, 10),
      datePrecision: r.datePrecision,
      location: { lat: 20, lon: 96, precision: r.precision, country: r.country, ...(r.admin1 && { admin1: r.admin1 }), ...(r.admin2 && { admin2: r.admin2 }) },
      themes: r.violenceType === undefined && r.themes.length === 0 ? ['protection_of_civilians'] : r.themes,
      violenceType: r.violenceType,
      origin: { dataset: 'random', externalId: 'replaced when stored', ...(r.eventType && { eventType: r.eventType }) },
      categories: [],
      actors: r.actors.map((a) => ({ ...a, actorType: 'other' as const })),
      casualties: r.casualties.map((c) => ({ kind: c.kind, status: c.status, ...c.e })),
    };
  });

function factsOf(i: IncidentInput): AggregatedIncident {
  const sum = (kind: string) =>
    (i.casualties ?? []).filter((c) => c.kind === kind).reduce((s, c) => ({ low: s.low + (c.low ?? c.best), best: s.best + c.best, high: s.high + (c.high ?? c.best) }), { low: 0, best: 0, high: 0 });
  return {
    dateEarliest: i.dateEarliest,
    dateLatest: i.dateLatest,
    datePrecision: i.datePrecision,
    precision: i.location.precision,
    country: i.location.country,
    admin1: i.location.admin1,
    admin2: i.location.admin2,
    themes: i.themes ?? [],
    parties: (i.actors ?? []).filter((a) => a.role !== 'target').map((a) => a.name),
    violenceType: i.violenceType,
    eventType: i.origin?.eventType,
    casualties: (i.casualties ?? []).map((c) => ({ kind: c.kind, status: c.status, low: c.low ?? c.best, best: c.best, high: c.high ?? c.best })),
    killed: sum('killed'),
    injured: sum('injured'),
  };
}

const GROUPINGS = [
  ...GROUP_DIMENSIONS.map((d) => [d]),
  ...GROUP_DIMENSIONS.flatMap((a, i) => GROUP_DIMENSIONS.slice(i + 1).map((b) => [a, b])),
].filter((dims) => aggregateQuerySchema.safeParse({ groupBy: dims.join(',') }).success);

describe.each(DATABASES)('aggregation in the database on %s', (kind) => {
  let t: TestStore;
  const incidents = fc.sample(incidentArbitrary, { numRuns: 250, seed: 6 });

  beforeAll(async () => {
    t = await openTestStore(kind);
    const ctx = createAppContext(t.store);
    const report = await importIncidentBatch(ctx, actor, incidents.map((input, i) => ({ rowNumber: i + 1, input: { ...input, origin: { ...input.origin!, externalId: String(i) } } })));
    expect(report.rejected).toEqual([]);
  });
  afterAll(() => t?.cleanup());

  it.each(GROUPINGS.map((dims) => [dims.join(',')]))('groups by %s exactly as the reference aggregation does', async (groupBy) => {
    const query = aggregateQuerySchema.parse({ groupBy });
    const stored = await t.store.analytics.aggregate(t.store.connection.db, query, 'system');
    expect(stored).toEqual(aggregateIncidents(incidents.map(factsOf), query.groupBy));
  });

  it('applies the filters before grouping', async () => {
    const query = aggregateQuerySchema.parse({ groupBy: 'month', country: 'NGA', from: '2022-03-01', to: '2022-09-30', theme: 'ceasefire', admin1: 'North' });
    const expected = incidents.filter(
      (i) => i.location.country === 'NGA' && i.dateLatest >= '2022-03-01' && i.dateEarliest <= '2022-09-30' && (i.themes ?? []).includes('ceasefire') && i.location.admin1 === 'North',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await t.store.analytics.aggregate(t.store.connection.db, query, 'system')).toEqual(aggregateIncidents(expected.map(factsOf), ['month']));
  });
});
