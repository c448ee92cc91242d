import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { summariseIncidents } from '../../src/application/incident.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { dataOf } from '../../src/core/incident-diff.js';
import type { Incident } from '../../src/core/incident.schema.js';
import { writeExport, type ExportFormat } from '../../src/interchange/incident-export.js';
import { openRecordSource, type RecordSourceOptions } from '../../src/interchange/record-source.js';
import { openTextInput } from '../../src/interchange/text-input.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { ACLED_LOOKALIKE, realFixture } from '../support/real-fixtures.js';

const actor: Actor = { id: 'interchange-test', username: 'interchange-test', role: 'analyst' };
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** The file's own rows, read with a plain CSV parser: the reference the import must agree with. */
async function csvRows(file: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of createReadStream(file).pipe(parse({ columns: true, bom: true }))) rows.push(row as Record<string, string>);
  return rows;
}

async function importFile(ctx: AppContext, file: string, options: RecordSourceOptions & { strict?: boolean } = {}) {
  const source = await openRecordSource(file, options);
  return { source, summary: await importRecords(ctx, actor, source.records, { strict: options.strict ?? false }) };
}

async function all(ctx: AppContext, filter: object = {}): Promise<Incident[]> {
  const out: Incident[] = [];
  for await (const incident of streamIncidents(ctx, actor, filter)) out.push(incident);
  return out;
}

describe('real data sets, imported into an empty register', () => {
  let t: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await openTestStore('sqlite');
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  it.each(['ged241-myanmar-every50th.csv', 'ged231-one-per-country.csv', 'ged-ukraine-2014-2022-subset.csv'])('UCDP GED %s: every event, and the file’s death toll', async (name) => {
    const file = realFixture(`ucdp/${name}`);
    const rows = await csvRows(file);
    const own = await openTestStore('sqlite');
    try {
      const ownCtx = createAppContext(own.store);
      const { source, summary } = await importFile(ownCtx, file);
      expect(source.format).toBe('ged');
      expect(summary).toMatchObject({ rows: rows.length, created: rows.length, rejected: 0 });
      const stored = await summariseIncidents(ownCtx, actor, {});
      expect(stored.incidents).toBe(rows.length);
      expect(stored.killedBest).toBe(rows.reduce((s, r) => s + Number(r.best), 0));
      const again = await importFile(ownCtx, file);
      expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: rows.length });
    } finally {
      await own.cleanup();
    }
  }, 120_000);

  it('a newer version of a data set updates only the records that changed, and the audit log says what changed', async () => {
    const own = await openTestStore('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'haven-versions-'));
    try {
      const ownCtx = createAppContext(own.store);
      const rows = await csvRows(realFixture('ucdp/ged231-one-per-country.csv'));
      const { stringify } = await import('csv-stringify/sync');
      const first = join(dir, 'v1.csv');
      await writeFile(first, stringify(rows, { header: true }));
      expect((await importFile(ownCtx, first)).summary).toMatchObject({ created: rows.length });
      // The next release revises one event's civilian deaths and another's place name.
      const revised = rows.map((r) => ({ ...r }));
      // An event that already counted civilian deaths, so only the count changes (not its themes).
      const index = rows.findIndex((r) => Number(r.deaths_civilians) > 0 && r !== rows[7]);
      const civilians = revised[index]!;
      civilians.deaths_civilians = String(Number(civilians.deaths_civilians) + 2);
      civilians.best = String(Number(civilians.best) + 2);
      civilians.high = String(Number(civilians.high) + 2);
      revised[7]!.where_coordinates = 'Renamed place';
      const second = join(dir, 'v2.csv');
      await writeFile(second, stringify(revised, { header: true }));
      expect(index).toBeGreaterThanOrEqual(0);
      expect((await importFile(ownCtx, second)).summary).toMatchObject({ created: 0, updated: 2, unchanged: rows.length - 2, rejected: 0 });
      const changed = (await all(ownCtx)).find((i) => i.origin.externalId === civilians.id)!;
      expect(changed.version).toBe(2);
      expect(changed.casualties.find((c) => c.status === 'civilian')!.best).toBe(Number(rows[index]!.deaths_civilians) + 2);
      const audit = await own.store.audit.forEntity(own.store.connection.db, 'incident', changed.id);
      expect(audit.map((a) => a.action)).toEqual(['incident.import.create', 'incident.import.update']);
      expect(Object.keys(audit[1]!.changes)).toEqual(['casualties']);
    } finally {
      await own.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ACLED: every event keyed by event_id_cnty, fatalities as best, dates read day-first', async () => {
    const file = ACLED_LOOKALIKE;
    const rows = await csvRows(file);
    const { source, summary } = await importFile(ctx, file);
    expect(source.format).toBe('acled');
    expect(summary).toMatchObject({ rows: rows.length, created: rows.length, rejected: 0 });
    const stored = await summariseIncidents(ctx, actor, {});
    expect(stored.killedBest).toBe(rows.reduce((s, r) => s + Number(r.fatalities), 0));
    // A day after the 12th, so that reading the date month-first could not give the same day.
    const sample = rows.find((r) => r.time_precision === '1' && Number(r.event_date!.slice(0, 2)) > 12)!;
    const [day, month, year] = sample.event_date!.slice(0, 10).split('/');
    const match = (await all(ctx, { q: sample.location! })).find((i) => i.origin.externalId === sample.event_id_cnty)!;
    expect(match.dateEarliest).toBe(`${year}-${month}-${day}`);
    const civilianTargeting = rows.filter((r) => r.civilian_targeting !== '').length;
    expect((await summariseIncidents(ctx, actor, { themes: ['protection_of_civilians'] })).incidents).toBeGreaterThanOrEqual(civilianTargeting);
  }, 60_000);

  it('HXL: a file of incidents tagged in any column order imports, its bad rows reported with row, field and reason', async () => {
    const { source, summary } = await importFile(ctx, join(FIXTURES, 'hxl-incidents.csv'), { dataset: 'fixture-hxl' });
    expect(source.format).toBe('hxl');
    expect(summary).toMatchObject({ rows: 6, created: 4, rejected: 2 });
    expect(summary.rejectedRows).toEqual([
      { rowNumber: 7, issues: [expect.objectContaining({ path: 'location.lat' })] },
      { rowNumber: 8, issues: [expect.objectContaining({ path: '#date+occurred', message: expect.stringContaining('not a date') })] },
    ]);
    const incidents = await all(ctx, { q: '(fixture)' });
    const market = incidents.find((i) => i.origin.externalId === 'T-001')!;
    expect(market.casualties.find((c) => c.kind === 'killed')).toMatchObject({
      status: 'civilian',
      low: 3,
      best: 4,
      high: 6,
      breakdown: [
        { sex: 'female', ageGroup: 'child', best: 1 },
        { sex: 'male', ageGroup: 'child', best: 1 },
      ],
    });
    expect(market.narrative).toBe('Fictional test record.\nSecond line of the notes.');
    expect(market.actors).toEqual([{ name: 'Armed group (fixture)', actorType: 'unknown', role: 'perpetrator' }]);
    expect(incidents.find((i) => i.origin.externalId === 'T-002')!.dateEarliest).toBe('2024-02-14');
    // A category implies its theme when the file names none.
    expect(incidents.find((i) => i.origin.externalId === 'T-002')!.themes).toEqual(['children_and_armed_conflict']);
    const month = incidents.find((i) => i.origin.externalId === 'T-003')!;
    expect([month.dateEarliest, month.dateLatest, month.datePrecision]).toEqual(['2024-03-01', '2024-03-31', 'month']);
    const killedInFile = (await csvRows(join(FIXTURES, 'hxl-incidents.csv'))).slice(1, 5).reduce((s, r) => s + Number(r['Killed (civilians)'] || 0), 0);
    expect(incidents.reduce((s, i) => s + i.killed.best, 0)).toBe(killedInFile);
  });
});

describe('the HXL library test inputs behave as their names say', () => {
  const hxl = (name: string) => realFixture(`hxl/${name}`);
  const refusal = async (name: string, options: RecordSourceOptions = {}) => {
    try {
      const source = await openRecordSource(hxl(name), options);
      for await (const _ of source.records) break;
      return { message: '', warnings: source.warnings };
    } catch (error) {
      return { message: (error as Error).message, warnings: [] };
    }
  };

  it.each([
    'libhxl-python__input-valid.csv',
    'libhxl-python__input-valid.tsv',
    'libhxl-python__input-valid.json',
    'libhxl-python__input-valid-objects.json',
    'libhxl-python__input-valid-latin1.csv',
    'libhxl-python__input-simple.csv',
    'libhxl-python__input-whitespace.csv',
    'libhxl-python__input-status.csv',
    'libhxl-python__input-date.csv',
    'hxl-proxy__input-info-hxl.csv',
    'hxl-proxy__basic-dataset.csv',
  ])('%s: its hashtags are found, and it is refused as not describing incidents, naming what is missing', async (name) => {
    const { message } = await refusal(name);
    expect(message).toContain('does not describe incidents');
    expect(message).toContain('#geo+lat');
    expect(message).toMatch(/#org|#sector/);
  });

  it('reads the valid files the same whatever their container: CSV, TSV, JSON rows, JSON objects', async () => {
    const columnsOf = async (name: string) => (await refusal(name)).message.split('Its columns are: ')[1];
    const csv = await columnsOf('libhxl-python__input-valid.csv');
    expect(csv).toBe('#sector+es, #subsector+es, #org+es, #targeted+f, #targeted+m, #country, #adm1, #date+reported');
    expect(await columnsOf('libhxl-python__input-valid.tsv')).toBe(csv);
    expect(await columnsOf('libhxl-python__input-valid.json')).toBe(csv);
    expect(await columnsOf('libhxl-python__input-valid-objects.json')).toBe(csv);
  });

  it('reads the Latin-1 file as Latin-1, not as garbled UTF-8', async () => {
    const input = await openTextInput(hxl('libhxl-python__input-valid-latin1.csv'));
    let text = '';
    for await (const chunk of input.text) text += chunk;
    expect(input.encoding).toBe('windows-1252');
    expect(text).toContain('Panamá');
    expect(text).toContain('Organización');
    expect(text).not.toContain('\uFFFD');
  });

  it('finds the hashtag row under several header rows', async () => {
    const { message } = await refusal('libhxl-python__input-multiple-headers.csv');
    expect(message).toContain('Its columns are: #org, #adm1, #affected');
  });

  it('reports cells of the hashtag row that are not valid hashtags (fuzzy file)', async () => {
    const source = await openRecordSource(hxl('libhxl-python__input-fuzzy.csv'));
    expect(source.warnings).toEqual([
      'column 7: "country" is not a valid HXL hashtag; the column is ignored',
      'column 8: "adm1" is not a valid HXL hashtag; the column is ignored',
    ]);
  });

  it.each(['libhxl-python__input-invalid.csv', 'libhxl-python__input-untagged.csv', 'hxl-proxy__untagged-dataset.csv'])(
    '%s: no hashtag row, so the format cannot be told; forced as HXL, it says there is no hashtag row',
    async (name) => {
      expect((await refusal(name)).message).toContain('cannot tell the format');
      expect((await refusal(name, { format: 'hxl' })).message).toContain('no HXL hashtag row');
    },
  );

  it('keeps a multi-line value whole', async () => {
    const { message } = await refusal('libhxl-python__input-multiline.csv');
    expect(message).toContain('Its columns are: #description');
    const input = await openTextInput(hxl('libhxl-python__input-multiline.csv'));
    let text = '';
    for await (const chunk of input.text) text += chunk;
    const rows: string[][] = [];
    for await (const row of parse(text, { relax_column_count: true, record_delimiter: ['\r\n', '\n'] })) rows.push(row as string[]);
    expect(rows[1]![0]!.split(/\r?\n/)).toEqual(['Line 1', 'Line 2', 'Line 3']);
  });

  it.each(['libhxl-python__taxonomy.csv', 'libhxl-python__validation-schema-valid.csv', 'libhxl-python__validation-schema-invalid.csv', 'hxl-proxy__good-schema.csv'])(
    '%s (not incident data) is refused with what it lacks',
    async (name) => {
      expect((await refusal(name)).message).toContain('does not describe incidents');
    },
  );

  it.each(['hxl-showcase__sbtf-sle-health-first100.csv', 'hxl-showcase__unhcr-3w-first40.csv'])('%s: older HXL tags (#lat_deg, #lon_deg) are understood', async (name) => {
    const { message } = await refusal(name);
    expect(message).toContain('does not describe incidents');
    expect(message).not.toContain('#geo+lat and #geo+lon');
    expect(message).toContain('#lat_deg (= #geo+lat)');
  });
});

describe('text input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-text-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const textOf = async (file: string, encoding?: string) => {
    const input = await openTextInput(file, encoding ? { encoding } : {});
    let text = '';
    for await (const chunk of input.text) text += chunk;
    return { text, encoding: input.encoding };
  };

  it('reads gzip by its magic number, whatever the file is called', async () => {
    const file = join(dir, 'data.csv');
    await writeFile(file, gzipSync(Buffer.from('a,b\nZürich,1\n')));
    expect(await textOf(file)).toEqual({ text: 'a,b\nZürich,1\n', encoding: 'utf-8' });
  });

  it('drops a UTF-8 byte order mark', async () => {
    const file = join(dir, 'bom.csv');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\n1\n')]));
    expect((await textOf(file)).text).toBe('id\n1\n');
  });

  it('refuses UTF-8 that turns invalid after the sniffed start, naming the byte and the option', async () => {
    const file = join(dir, 'late.csv');
    await writeFile(file, Buffer.concat([Buffer.from('x'.repeat(200_000)), Buffer.from([0xe9]), Buffer.from('\n')]));
    await expect(textOf(file)).rejects.toThrow(/not valid utf-8 near byte .*--encoding/);
    expect((await textOf(file, 'windows-1252')).text.endsWith('é\n')).toBe(true);
  });

  it('reads standard input', async () => {
    const stdin = new PassThrough();
    stdin.end('id\n1\n');
    const input = await openTextInput('-', { stdin });
    let text = '';
    for await (const chunk of input.text) text += chunk;
    expect(text).toBe('id\n1\n');
  });
});

describe.each(DATABASES)('export and import again on %s', (kind) => {
  let dir: string;
  let source: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-roundtrip-'));
    source = await openTestStore(kind);
    ctx = createAppContext(source.store);
    await importFile(ctx, realFixture('ucdp/ged-ukraine-2014-2022-subset.csv'));
    await importFile(ctx, ACLED_LOOKALIKE);
    const { recordIncident } = await import('../../src/application/incident.service.js');
    const { validIncident } = await import('../support/incident-fixtures.js');
    await recordIncident(ctx, actor, { ...validIncident(), title: '=HYPERLINK("http://example.org/x","click")', narrative: '@SUM(A1)\n+1' });
    // Counts narrowed to health workers and patients, and the kinds for deprivation of liberty, travel in every format.
    await recordIncident(ctx, actor, {
      ...validIncident(),
      title: 'Attack on a clinic',
      location: { lat: 48.5, lon: 35.0, precision: 'within_25km', country: 'UKR' },
      casualties: [
        { kind: 'killed', status: 'civilian', low: 4, best: 5, high: 7, breakdown: [{ sex: 'female', ageGroup: 'adult', best: 2 }] },
        { kind: 'killed', status: 'civilian', group: 'health_worker', low: 1, best: 2, high: 2 },
        { kind: 'killed', status: 'civilian', group: 'patient', best: 1 },
        { kind: 'arrested', status: 'civilian', best: 3 },
        { kind: 'arrested', status: 'civilian', group: 'health_worker', best: 3 },
        { kind: 'detained', status: 'own_force', best: 2 },
        { kind: 'detained', status: 'own_force', group: 'health_worker', best: 1 },
      ],
    });
  }, 120_000);
  const grouped = (incidents: readonly Incident[]) => incidents.filter((i) => i.casualties.some((c) => c.group !== undefined));
  afterAll(async () => {
    await source?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each<ExportFormat>(['csv', 'geojson'])('%s: export then import into an empty register gives the same incidents', async (format) => {
    const file = join(dir, `all.${format}`);
    const { createWriteStream } = await import('node:fs');
    const count = await writeExport(ctx, actor, {}, format, createWriteStream(file), { baseUrl: 'https://haven.example' });
    const original = await all(ctx);
    expect(count).toBe(original.length);
    expect(grouped(original)).toHaveLength(1);
    const target = await openTestStore(kind === 'sqlite' ? 'postgres' : 'sqlite');
    try {
      const targetCtx = createAppContext(target.store);
      const { summary } = await importFile(targetCtx, file);
      expect(summary).toMatchObject({ rows: original.length, created: original.length, rejected: 0 });
      const copy = new Map((await all(targetCtx)).map((i) => [i.id, i]));
      for (const incident of original) expect(dataOf(copy.get(incident.id)!)).toEqual(dataOf({ ...incident, sensitive: undefined }));
      const again = await importFile(targetCtx, file);
      expect(again.summary.unchanged).toBe(original.length);
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('neutralises formulas in every CSV format, and its own importer restores them', async () => {
    for (const format of ['csv', 'hxl', 'ged'] as const) {
      const file = join(dir, `formula.${format}.csv`);
      const { createWriteStream } = await import('node:fs');
      await writeExport(ctx, actor, { q: 'HYPERLINK' }, format, createWriteStream(file), { baseUrl: 'https://haven.example' });
      const text = await readFile(file, 'utf8');
      const cells: string[] = [];
      for await (const row of parse(text, { relax_column_count: true })) cells.push(...(row as string[]));
      const dangerous = cells.filter((c) => /^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-?\d+(\.\d+)?$/.test(c)));
      expect(dangerous, format).toEqual([]);
      expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true);
    }
    const csvFile = join(dir, 'formula.csv.csv');
    const target = await openTestStore('sqlite');
    try {
      const targetCtx = createAppContext(target.store);
      await importFile(targetCtx, csvFile);
      const [restored] = await all(targetCtx);
      expect(restored!.title).toBe('=HYPERLINK("http://example.org/x","click")');
      expect(restored!.narrative).toBe('@SUM(A1)\n+1');
    } finally {
      await target.cleanup();
    }
  });

  it('HXL export writes group counts as +health_worker / +patient columns and reads them back as parts of their totals', async () => {
    const file = join(dir, 'grouped.hxl.csv');
    const { createWriteStream } = await import('node:fs');
    await writeExport(ctx, actor, { q: 'Attack on a clinic' }, 'hxl', createWriteStream(file), { baseUrl: 'https://haven.example' });
    const [hashtags] = [...(await readFile(file, 'utf8')).split('\n').filter((line) => line.startsWith('#'))];
    expect(hashtags!.split(',')).toEqual(expect.arrayContaining(['#affected+killed+civilian+health_worker', '#affected+killed+civilian+patient+min', '#affected+detained+own_force+health_worker+max']));
    const original = grouped(await all(ctx));
    const target = await openTestStore('sqlite');
    try {
      const targetCtx = createAppContext(target.store);
      const { summary } = await importFile(targetCtx, file, { dataset: 'haven-hxl' });
      expect(summary).toMatchObject({ created: 1, rejected: 0 });
      const [copy] = await all(targetCtx);
      expect(copy!.casualties.map(({ breakdown: _b, ...c }) => c)).toEqual(original[0]!.casualties.map(({ breakdown: _b, ...c }) => c));
      expect(copy!.killed).toEqual(original[0]!.killed);
    } finally {
      await target.cleanup();
    }
  }, 60_000);

  it('HXL export keeps places, dates and every casualty cell through an import', async () => {
    const file = join(dir, 'all.hxl.csv');
    const { createWriteStream } = await import('node:fs');
    await writeExport(ctx, actor, { countries: ['UKR'] }, 'hxl', createWriteStream(file), { baseUrl: 'https://haven.example' });
    const original = await all(ctx, { countries: ['UKR'] });
    expect(grouped(original)).toHaveLength(1);
    const target = await openTestStore('sqlite');
    try {
      const targetCtx = createAppContext(target.store);
      const { summary } = await importFile(targetCtx, file, { dataset: 'haven-hxl' });
      expect(summary.rejected).toBe(0);
      // Haven's own export names each record's id and origin: the data set given for foreign HXL files is not used.
      const byId = new Map((await all(targetCtx)).map((i) => [i.id, i]));
      for (const incident of original) {
        const copy = byId.get(incident.id)!;
        expect(copy.origin).toEqual(incident.origin);
        expect(copy.location).toEqual(incident.location);
        expect([copy.dateEarliest, copy.dateLatest, copy.datePrecision]).toEqual([incident.dateEarliest, incident.dateLatest, incident.datePrecision]);
        expect(copy.casualties.map(({ breakdown: _b, ...c }) => c)).toEqual(incident.casualties.map(({ breakdown: _b, ...c }) => c));
        expect(copy.categories).toEqual(incident.categories);
      }
    } finally {
      await target.cleanup();
    }
  }, 60_000);
});
