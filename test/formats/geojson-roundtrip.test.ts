import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { createImportJob, getImportJob } from '../../src/application/import-job.service.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { dataOf } from '../../src/core/incident-diff.js';
import type { Incident, IncidentData, IncidentInput } from '../../src/core/incident.schema.js';
import { ImportJobRunner } from '../../src/interchange/import-job-runner.js';
import { writeExport, type ExportFormat } from '../../src/interchange/incident-export.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const actor: Actor = { id: 'geojson-test', username: 'geojson-test', role: 'analyst' };
const FIXTURES = new URL('../fixtures/geojson/', import.meta.url).pathname;
const GED_GEOJSON = join(FIXTURES, 'ucdp-ged231-40.geojson');
const GED_CSV = join(FIXTURES, 'ucdp-ged231-40.csv');
const ACLED_GEOJSON = join(FIXTURES, 'acled-invented.geojson');

async function importFile(ctx: AppContext, file: string) {
  const source = await openRecordSource(file);
  return { source, summary: await importRecords(ctx, actor, source.records) };
}

async function all(ctx: AppContext): Promise<Incident[]> {
  const out: Incident[] = [];
  for await (const incident of streamIncidents(ctx, actor, {})) out.push(incident);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const byExternalId = (incidents: Incident[]) => new Map(incidents.map((i) => [i.origin.externalId, dataOf(i)]));

describe.each(DATABASES)('GeoJSON with GED or ACLED properties on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let dir: string;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    dir = await mkdtemp(join(tmpdir(), 'haven-geojson-'));
  });
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads UCDP GED as GeoJSON (real rows) into the same incidents as the same rows as CSV, and says how it read them', async () => {
    const { source, summary } = await importFile(ctx, GED_GEOJSON);
    expect(source.format).toBe('geojson');
    expect(source.recognised).toBe('GeoJSON features with UCDP GED properties');
    expect(summary).toMatchObject({ rows: 40, created: 40, rejected: 0 });
    const fromGeojson = await all(ctx);
    const csvStore = await openTestStore(kind);
    try {
      const csvCtx = createAppContext(csvStore.store);
      expect((await importFile(csvCtx, GED_CSV)).summary).toMatchObject({ created: 40, rejected: 0 });
      expect(byExternalId(fromGeojson)).toEqual(byExternalId(await all(csvCtx)));
    } finally {
      await csvStore.cleanup();
    }
    expect((await importFile(ctx, GED_GEOJSON)).summary).toMatchObject({ created: 0, updated: 0, unchanged: 40, rejected: 0 });
    // GED's own GeoJSON is read as GED: a non-state clash without civilian deaths gets no theme it does not have.
    const text = JSON.parse(await readFile(GED_GEOJSON, 'utf8')) as { features: { properties: Record<string, unknown> }[] };
    const clash = text.features.find((f) => f.properties.type_of_violence === 2 && f.properties.deaths_civilians === 0)!;
    const stored = fromGeojson.find((i) => i.origin.externalId === String(clash.properties.id))!;
    expect(stored).toMatchObject({ violenceType: 'non_state', themes: [] });
  }, 60_000);

  it('an import job reports which property set it recognised', async () => {
    const file = join(dir, 'upload.geojson');
    await copyFile(GED_GEOJSON, file);
    const job = await createImportJob(ctx, actor, { fileName: 'ged.geojson', bytesTotal: null, options: {} });
    const runner = new ImportJobRunner(ctx);
    runner.start(actor, job, file, {});
    await runner.idle();
    const done = await getImportJob(ctx, actor, job.id);
    expect(done).toMatchObject({ status: 'succeeded', format: 'geojson', rows: 40, rejected: 0 });
    expect(done.warnings).toContain('GeoJSON features with UCDP GED properties');
  });

  it('reads ACLED-shaped GeoJSON (invented values), the position from the geometry', async () => {
    const { source, summary } = await importFile(ctx, ACLED_GEOJSON);
    expect(source.recognised).toBe('GeoJSON features with ACLED properties');
    expect(summary).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    const events = new Map((await all(ctx)).filter((i) => i.origin.dataset === 'acled').map((i) => [i.origin.externalId, i]));
    expect(events.get('XNG90001')).toMatchObject({ violenceType: 'one_sided', location: { lat: 11.8464, lon: 13.1571, country: 'NGA', placeName: 'Invented Village One' } });
    expect(events.get('XNG90001')!.killed.best).toBe(3);
    // No latitude or longitude property at all: the geometry is the position.
    expect(events.get('XNG90002')!.location).toMatchObject({ lat: 12.1, lon: 13.5 });
    expect(events.get('XNG90002')!.dateEarliest).toBe('2024-03-06');
  });

  it('refuses GeoJSON whose properties are neither Haven’s, GED’s nor ACLED’s at once, naming what it has and what Haven reads', async () => {
    const error = await openRecordSource(join(FIXTURES, 'not-incidents.geojson')).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain('name, population, capital');
    expect(error?.message).toContain('type_of_violence');
    expect(error?.message).toContain('event_id_cnty');
    expect(error?.message).toContain('title, dateEarliest');
  });
});

/** The register the round trips start from: GED-derived, ACLED-shaped and manual incidents. */
async function seed(ctx: AppContext): Promise<void> {
  await importFile(ctx, GED_CSV);
  await importFile(ctx, ACLED_GEOJSON);
  const manual: IncidentInput[] = [
    { ...validIncident(), title: '=cmd|" /C calc"!A0', narrative: '+1 and @SUM(A1)\nsecond line' },
    {
      ...validIncident(),
      title: '-5 killed near the bridge',
      themes: [],
      categories: [],
      violenceType: 'non_state',
      // Roles interleaved, an actor of role other, formula-like names.
      actors: [
        { name: '-5 killed', actorType: 'unknown', role: 'other' },
        { name: '=cmd', actorType: 'militia', role: 'perpetrator' },
        { name: 'Cartel B', actorType: 'non_state_armed_group', role: 'other' },
      ],
      casualties: [{ kind: 'killed', status: 'combatant', low: 2, best: 4, high: 6 }],
      location: { lat: 19.43, lon: -99.13, precision: 'within_25km', country: 'MEX', placeName: "'Quoted' place" },
    },
    { ...validIncident(), title: 'Looting of a depot', violenceType: undefined, casualties: [], actors: [], exercise: true },
  ];
  for (const input of manual) await recordIncident(ctx, actor, input);
}

/** What GED's columns hold of an incident: the rest is legitimately lost in a GED-shaped file. */
function gedContent(i: Incident) {
  return {
    title: i.title,
    dates: [i.dateEarliest, i.dateLatest, i.datePrecision],
    location: i.location,
    violenceType: i.violenceType ?? 'other',
    killed: i.killed,
    origin: i.origin,
    exercise: i.exercise,
  };
}

describe.each(DATABASES)('Haven’s exports re-imported on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let dir: string;
  let original: Incident[];
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    dir = await mkdtemp(join(tmpdir(), 'haven-roundtrip-'));
    await seed(ctx);
    original = await all(ctx);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each<ExportFormat>(['csv', 'geojson', 'hxl', 'ged'])('%s: into its own register every record is unchanged; into an empty one the same content', async (format) => {
    const file = join(dir, `register.${format}`);
    expect(await writeExport(ctx, actor, {}, format, createWriteStream(file), { baseUrl: 'https://haven.example' })).toBe(original.length);

    const again = await importFile(ctx, file);
    expect(again.summary).toMatchObject({ rows: original.length, created: 0, updated: 0, unchanged: original.length, rejected: 0 });
    const after = await all(ctx);
    expect(after.map((i) => [i.id, i.version, dataOf(i)])).toEqual(original.map((i) => [i.id, i.version, dataOf(i)]));

    const empty = await openTestStore(kind);
    try {
      const emptyCtx = createAppContext(empty.store);
      const { summary } = await importFile(emptyCtx, file);
      expect(summary).toMatchObject({ rows: original.length, created: original.length, rejected: 0 });
      const copies = new Map((await all(emptyCtx)).map((i) => [i.id, i]));
      expect([...copies.keys()].sort()).toEqual(original.map((i) => i.id));
      for (const incident of original) {
        const copy = copies.get(incident.id)!;
        const expected: IncidentData = { ...dataOf(incident), sensitive: dataOf(copy).sensitive };
        if (format === 'csv' || format === 'geojson') {
          expect(dataOf(copy)).toEqual(expected);
        } else if (format === 'hxl') {
          // HXL has no actor types, per-source grades or sex × age breakdowns: only those differ.
          const roleOrder = ['perpetrator', 'target', 'other'];
          const actors = [...incident.actors].sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role)).map((a) => ({ ...a, actorType: 'unknown' }));
          const casualties = incident.casualties.map((c) => ({ ...c, breakdown: [] }));
          expect({ ...dataOf(copy), sources: [] }).toEqual({ ...expected, actors, casualties, sources: [] });
          expect(copy.sources).toHaveLength(1);
          expect(copy.sources[0]).toMatchObject({ reliability: 'F', credibility: 6 });
          for (const s of incident.sources) expect(copy.sources[0]!.description).toContain(s.description);
        } else {
          expect(gedContent(copy)).toEqual(gedContent(incident));
          if (incident.origin.dataset === 'ucdp-ged') expect([copy.actors, copy.casualties]).toEqual([incident.actors, incident.casualties]);
        }
      }
      expect((await importFile(emptyCtx, file)).summary).toMatchObject({ created: 0, updated: 0, unchanged: original.length });
    } finally {
      await empty.cleanup();
    }
  }, 120_000);

  it('an edited cell of the GED-shaped export updates only the field it stands for; the narrative and the rest stay', async () => {
    const file = join(dir, 'edited.ged.csv');
    await writeExport(ctx, actor, {}, 'ged', createWriteStream(file), { baseUrl: 'https://haven.example' });
    const manual = original.find((i) => i.title === '=cmd|" /C calc"!A0')!;
    const text = await readFile(file, 'utf8');
    const { parse } = await import('csv-parse/sync');
    const { stringify } = await import('csv-stringify/sync');
    const rows = parse<Record<string, string>>(text, { columns: true });
    const row = rows.find((r) => r.haven_id === manual.id)!;
    row.adm_2 = 'Jere';
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, stringify(rows, { header: true }));
    const { summary } = await importFile(ctx, file);
    expect(summary).toMatchObject({ updated: 1, unchanged: original.length - 1, created: 0, rejected: 0 });
    const updated = (await all(ctx)).find((i) => i.id === manual.id)!;
    expect(dataOf(updated)).toEqual({ ...dataOf(manual), location: { ...manual.location, admin2: 'Jere' } });
  }, 60_000);
});

describe('the GED importer and Haven’s formula guard', () => {
  it('removes the apostrophe Haven puts before formula-like cells, and keeps the apostrophes GED’s own text begins with', async () => {
    const { parse } = await import('csv-parse/sync');
    const { stringify } = await import('csv-stringify/sync');
    const rows = parse<Record<string, string>>(await readFile(GED_CSV, 'utf8'), { columns: true }).slice(0, 2);
    // As Haven's GED-shaped export writes them (spreadsheet-safe), and as UCDP writes a quoted headline.
    Object.assign(rows[0]!, { side_a: "'-5 killed", dyad_name: "'-5 killed - Syrian insurgents", adm_1: "'=cmd" });
    Object.assign(rows[1]!, { where_description: '', source_headline: "'Exchanges of fire' at the airport", source_article: '' });
    const dir = await mkdtemp(join(tmpdir(), 'haven-ged-guard-'));
    const t = await openTestStore('sqlite');
    try {
      const file = join(dir, 'guarded.csv');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(file, stringify(rows, { header: true }));
      const ctx = createAppContext(t.store);
      expect((await importFile(ctx, file)).summary).toMatchObject({ created: 2, rejected: 0 });
      const byId = new Map((await all(ctx)).map((i) => [i.origin.externalId, i]));
      const guarded = byId.get(rows[0]!.id)!;
      expect(guarded.actors[0]!.name).toBe('-5 killed');
      expect(guarded.location.admin1).toBe('=cmd');
      expect(guarded.title.startsWith('-5 killed - Syrian insurgents')).toBe(true);
      expect(byId.get(rows[1]!.id)!.narrative).toBe("'Exchanges of fire' at the airport");
    } finally {
      await t.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
