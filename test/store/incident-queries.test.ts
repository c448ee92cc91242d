import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { ClusterService } from '../../src/application/cluster.service.js';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { listIncidents } from '../../src/application/incident.service.js';
import type { IncidentFilter } from '../../src/core/incident-filter.schema.js';
import { incidentInputSchema, type Incident, type IncidentData, type IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const analyst: Actor = { id: 'test-analyst', username: 'test-analyst', role: 'analyst' };

/** A varied set of incidents from a seeded generator, so every filter has something to include and exclude. */
function sampleIncidents(count: number): IncidentInput[] {
  const countries = [
    ['NGA', 11.8, 13.1],
    ['TCD', 13.4, 14.6],
    ['UKR', 48.5, 35.0],
    ['FJI', -17.8, 179.5],
    ['RUS', 65.0, -178.5],
  ] as const;
  const themes = [
    ['protection_of_civilians', 'killing'],
    ['children_and_armed_conflict', 'attack_on_school'],
    ['cultural_property', 'cultural_property_looting'],
    ['ceasefire', 'ceasefire_violation'],
  ] as const;
  return fc.sample(
    fc.record({ c: fc.nat(4), t: fc.nat(3), day: fc.nat(700), span: fc.nat(20), killed: fc.nat(30), actor: fc.constantFrom('River Brigade', 'Hill Militia', 'Unknown gunmen'), jitter: fc.double({ min: -0.4, max: 0.4, noNaN: true }) }),
    { numRuns: count, seed: 42 },
  ).map((r, i) => {
    const [country, lat, lon] = countries[r.c]!;
    const [theme, category] = themes[r.t]!;
    const start = new Date(Date.UTC(2023, 0, 1) + r.day * 86_400_000);
    const end = new Date(start.getTime() + r.span * 86_400_000);
    const base = validIncident();
    return {
      ...base,
      title: `Sample incident ${i} ${r.actor}`,
      dateEarliest: start.toISOString().slice(0, 10),
      dateLatest: end.toISOString().slice(0, 10),
      datePrecision: r.span ? 'week' : 'day',
      location: { lat: lat + r.jitter, lon: Math.max(-180, Math.min(180, lon + r.jitter)), precision: 'within_25km', country },
      themes: [theme],
      categories: [category],
      actors: [{ name: r.actor, actorType: 'militia', role: 'perpetrator' }],
      casualties: [{ kind: 'killed', status: 'civilian', low: r.killed, best: r.killed, high: r.killed + 2 }],
      origin: { dataset: 'sample', externalId: `S-${i}` },
    };
  });
}

/** The same filter, answered in plain code over the inputs: the reference the database must agree with. */
function matches(data: IncidentData, f: IncidentFilter): boolean {
  const [w, s, e, n] = f.bbox ?? [-180, -90, 180, 90];
  const { lat, lon } = data.location;
  const inBox = w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
  return (
    (!f.from || data.dateLatest >= f.from) &&
    (!f.to || data.dateEarliest <= f.to) &&
    (!f.countries || f.countries.includes(data.location.country)) &&
    (!f.themes || f.themes.some((t) => data.themes.includes(t))) &&
    (!f.categories || f.categories.some((c) => data.categories.includes(c))) &&
    (!f.actor || data.actors.some((a) => a.name.toLowerCase().includes(f.actor!.toLowerCase()))) &&
    (f.minDeaths === undefined || data.casualties.reduce((sum, c) => sum + (c.kind === 'killed' ? c.best : 0), 0) >= f.minDeaths) &&
    (!f.q || data.title.toLowerCase().includes(f.q.toLowerCase()) || data.narrative.toLowerCase().includes(f.q.toLowerCase())) &&
    (!f.bbox || (inBox && lat >= s && lat <= n))
  );
}

describe.each(DATABASES)('incident queries on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  const inputs = sampleIncidents(400);
  const data = inputs.map((i) => incidentInputSchema.parse(i));

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    const report = await importIncidentBatch(ctx, analyst, inputs.map((input, i) => ({ rowNumber: i + 1, input })));
    expect(report.created).toBe(inputs.length);
  });
  afterAll(() => t?.cleanup());

  async function everything(filter: object, limit = 37): Promise<Incident[]> {
    const all: Incident[] = [];
    let cursor: string | undefined;
    do {
      const page = await listIncidents(ctx, analyst, filter, { limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  it.each<[string, IncidentFilter]>([
    ['no filter', {}],
    ['a time window', { from: '2023-06-01', to: '2023-08-31' }],
    ['countries', { countries: ['NGA', 'TCD'] }],
    ['a theme', { themes: ['children_and_armed_conflict'] }],
    ['a category', { categories: ['ceasefire_violation', 'cultural_property_looting'] }],
    ['an actor, case-insensitive', { actor: 'hill' }],
    ['minimum deaths', { minDeaths: 20 }],
    ['text', { q: 'brigade' }],
    ['a bounding box', { bbox: [10, 5, 20, 20] }],
    ['a box across the antimeridian', { bbox: [170, -30, -170, 70] }],
    ['several at once', { countries: ['NGA'], minDeaths: 10, from: '2023-03-01', actor: 'gunmen' }],
  ])('returns exactly the incidents matching %s, across pages, newest first', async (_name, filter) => {
    const expected = data.filter((d) => matches(d, filter)).map((d) => d.origin.externalId).sort();
    // Each case must both include and exclude something, or it proves nothing.
    expect(expected.length).toBeGreaterThan(0);
    if (Object.keys(filter).length) expect(expected.length).toBeLessThan(data.length);
    const got = await everything(filter);
    expect(got.map((i) => i.origin.externalId).sort()).toEqual(expected);
    expect(new Set(got.map((i) => i.id)).size).toBe(got.length);
    for (let i = 1; i < got.length; i++) expect(got[i - 1]!.dateEarliest >= got[i]!.dateEarliest).toBe(true);
  });

  it('treats LIKE wildcards in text filters as plain characters', async () => {
    expect(await everything({ actor: '%' })).toHaveLength(0);
    expect(await everything({ q: '_' })).toHaveLength(0);
  });

  it('rejects a forged cursor with a field error', async () => {
    await expect(listIncidents(ctx, analyst, {}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'cursor' }] });
  });

  it('clusters every filtered incident exactly once at any zoom', async () => {
    const clusters = new ClusterService(ctx);
    const filter = { countries: ['NGA', 'UKR'] };
    const expected = data.filter((d) => matches(d, filter));
    for (const zoom of [0, 3, 8, 16]) {
      const result = await clusters.clusters(analyst, filter, { zoom });
      expect(result.total).toBe(expected.length);
      const counted = result.features.reduce((sum, f) => sum + (f.properties.cluster ? f.properties.count : 1), 0);
      expect(counted).toBe(expected.length);
      const killed = result.features.reduce((sum, f) => sum + f.properties.killed, 0);
      expect(killed).toBe(expected.reduce((sum, d) => sum + d.casualties[0]!.best, 0));
    }
    // Beyond the index's last zoom every incident stands alone, with its verification status for the map to colour.
    const single = (await clusters.clusters(analyst, filter, { zoom: 20 })).features.find((f) => !f.properties.cluster);
    expect(single?.properties).toMatchObject({ cluster: false, status: 'reported' });
    const zoomedOut = await clusters.clusters(analyst, filter, { zoom: 0 });
    const zoomedIn = await clusters.clusters(analyst, filter, { zoom: 16 });
    expect(zoomedOut.features.length).toBeLessThan(zoomedIn.features.length);
  });

  it('sees new data in clusters after a write', async () => {
    const clusters = new ClusterService(ctx);
    const before = await clusters.clusters(analyst, { countries: ['UKR'] }, { zoom: 2 });
    const extra = { ...inputs[0]!, location: { lat: 50, lon: 30, precision: 'exact' as const, country: 'UKR' }, origin: { dataset: 'sample', externalId: 'S-extra' } };
    await importIncidentBatch(ctx, analyst, [{ rowNumber: 1, input: extra }]);
    const after = await clusters.clusters(analyst, { countries: ['UKR'] }, { zoom: 2 });
    expect(after.total).toBe(before.total + 1);
  });
});
