import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { DomainError } from '../../src/core/errors.js';
import type { Incident } from '../../src/core/incident.schema.js';
import { DATE_ORDER_SAMPLE_ROWS, openRecordSource, type RecordSourceOptions } from '../../src/interchange/record-source.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const actor: Actor = { id: 'date-order-test', username: 'date-order-test', role: 'analyst' };
const DATES = new URL('../fixtures/dates/', import.meta.url).pathname;
const fixture = (name: string) => join(DATES, name);
const csvRows = (text: string | Buffer) => parse<Record<string, string>>(text, { columns: true, bom: true });

/** GED's own dates for each event, from the UCDP rows the fixtures were made from (as GED writes them): what the import must arrive at. */
const gedDates = new Map(csvRows(readFileSync(new URL('../fixtures/geojson/ucdp-ged231-40.csv', import.meta.url))).map((r) => [r.id!, [r.date_start!.slice(0, 10), r.date_end!.slice(0, 10)]]));

async function importFile(ctx: AppContext, file: string, options: RecordSourceOptions = {}) {
  const source = await openRecordSource(file, options);
  return { source, summary: await importRecords(ctx, actor, source.records, { strict: false }) };
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function byExternalId(ctx: AppContext, dataset: string): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  for await (const incident of streamIncidents(ctx, actor, {})) if (incident.origin.dataset === dataset) out.set(incident.origin.externalId!, incident);
  return out;
}

describe.each(DATABASES)('files whose dates a spreadsheet rewrote, on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let dir: string;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    dir = await mkdtemp(join(tmpdir(), 'haven-dates-'));
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a GED file saved by Excel in a US locale month-first, into the days GED wrote', async () => {
    const { source, summary } = await importFile(ctx, fixture('ged-excel-us.csv'));
    expect(source.dateOrder).toBe('mdy');
    expect(summary).toMatchObject({ rows: 10, created: 10, rejected: 0 });
    const stored = await byExternalId(ctx, 'ucdp-ged');
    for (const row of csvRows(readFileSync(fixture('ged-excel-us.csv')))) {
      expect([stored.get(row.id!)?.dateEarliest, stored.get(row.id!)?.dateLatest]).toEqual(gedDates.get(row.id!));
    }
  });

  it('asks for the order when no date decides it, naming date_start and sample values; then reads it as told', async () => {
    const asked = await refusal(openRecordSource(fixture('ged-excel-us-undecided.csv')));
    expect(asked.issues[0]).toMatchObject({ path: 'date_start', code: 'date_order_ambiguous' });
    expect(asked.message).toContain('"1/3/2013 0:00" (row 2, date_start)');

    const { summary } = await importFile(ctx, fixture('ged-excel-us-undecided.csv'), { dateOrder: 'mdy' });
    expect(summary.rejected).toBe(0);
    const stored = await byExternalId(ctx, 'ucdp-ged');
    for (const row of csvRows(readFileSync(fixture('ged-excel-us-undecided.csv')))) {
      expect([stored.get(row.id!)?.dateEarliest, stored.get(row.id!)?.dateLatest]).toEqual(gedDates.get(row.id!));
    }
  });

  it('refuses a file that mixes day-first and month-first dates, naming a row of each', async () => {
    const error = await refusal(openRecordSource(fixture('ged-mixed-orders.csv')));
    expect(error.issues[0]).toMatchObject({ path: 'date_start', code: 'date_order_conflict' });
    expect(error.message).toContain('row 2');
    expect(error.message).toContain('row 3');
    const contradicted = await refusal(openRecordSource(fixture('ged-excel-us.csv'), { dateOrder: 'dmy' }));
    expect(contradicted.issues[0]!.code).toBe('date_order_conflict');
  });

  it('reads Excel serial dates in a GED file', async () => {
    const { summary } = await importFile(ctx, fixture('ged-excel-serial.csv'));
    expect(summary).toMatchObject({ rows: 5, created: 0, rejected: 0 });
    expect(summary.updated + summary.unchanged).toBe(5);
    const stored = await byExternalId(ctx, 'ucdp-ged');
    for (const row of csvRows(readFileSync(fixture('ged-excel-serial.csv')))) expect(stored.get(row.id!)?.dateEarliest).toBe(gedDates.get(row.id!)![0]);
  });

  it('reads an ACLED-shaped file with month-first event dates as month-first', async () => {
    const { source, summary } = await importFile(ctx, fixture('acled-month-first.csv'));
    expect(source.dateOrder).toBe('mdy');
    expect(summary).toMatchObject({ rows: 4, created: 4, rejected: 0 });
    const stored = await byExternalId(ctx, 'acled');
    for (const row of csvRows(readFileSync(fixture('acled-month-first.csv')))) {
      const [m, d, y] = row.event_date!.split('/');
      const incident = stored.get(row.event_id_cnty!)!;
      // time_precision 2 widens the day to the week around it.
      expect(incident.dateEarliest <= `${y}-${m}-${d}` && `${y}-${m}-${d}` <= incident.dateLatest).toBe(true);
    }
  });

  it('decides from a second read of the whole file when its first rows cannot tell; standard input is asked', async () => {
    const [template]: Record<string, string>[] = csvRows(readFileSync(fixture('ged-excel-us-undecided.csv')));
    const rows: Record<string, string>[] = Array.from({ length: DATE_ORDER_SAMPLE_ROWS + 50 }, (_, i) => ({ ...template!, id: `${900000 + i}` }));
    rows.push({ ...template!, id: '999999', date_start: '6/30/2014 0:00', date_end: '6/30/2014 0:00' });
    const text = stringify(rows, { header: true });
    const file = join(dir, 'late-decision.csv');
    await writeFile(file, text);
    const { source, summary } = await importFile(ctx, file);
    expect(source.dateOrder).toBe('mdy');
    expect(summary).toMatchObject({ rows: rows.length, created: rows.length, rejected: 0 });
    const piped = await refusal(openRecordSource('-', { stdin: Readable.from([Buffer.from(text)]) }));
    expect(piped.issues[0]!.code).toBe('date_order_ambiguous');
  }, 120_000);

  it('refuses an HXL aggregate table, naming the columns that show it', async () => {
    for (const name of ['hxl-aggregate.csv', 'hxl-aggregate-yearly.csv']) {
      const error = await refusal(importFile(ctx, fixture(name)));
      expect(error.message).toContain('aggregate table');
      expect(error.message).toContain(name === 'hxl-aggregate.csv' ? '#event+num' : '#date+year');
    }
  });

  it('refuses a file forced into a format whose columns it lacks, naming them and the header', async () => {
    const error = await refusal(openRecordSource(fixture('acled-month-first.csv'), { format: 'ged' }));
    expect(error.message).toContain('type_of_violence');
    expect(error.message).toContain('event_date');
    expect(error.issues[0]!.path).toBe('format');
  });
});
