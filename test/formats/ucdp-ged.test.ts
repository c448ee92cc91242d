import { createReadStream, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'csv-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importIncidentBatch, mergeImportReports, emptyImportReport, type ImportReport } from '../../src/application/import.service.js';
import { summariseIncidents } from '../../src/application/incident.service.js';
import { GED_DATASET, gedCountryCode, gedRowToIncident, type GedRow } from '../../src/core/formats/ucdp-ged.mapping.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

const importer: Actor = { id: 'test-importer', username: 'test-importer', role: 'analyst' };

async function readGed(file: string): Promise<GedRow[]> {
  const rows: GedRow[] = [];
  // Text fields contain newlines inside quotes: a CSV parser, not a line reader.
  const parser = parse({ columns: true, bom: true });
  const source = createReadStream(realFixture(`ucdp/${file}`));
  source.on('error', (error) => parser.destroy(error));
  for await (const row of source.pipe(parser)) rows.push(row as GedRow);
  return rows;
}

const sum = (rows: GedRow[], column: string) => rows.reduce((s, r) => s + Number(r[column]), 0);

describe('UCDP GED mapping', () => {
  it('maps every event of the global sample to a valid incident, whatever the country', async () => {
    // The subset holds the first event of each country in the 1,000-event sample: one event per country.
    const rows = await readGed('ged231-one-per-country.csv');
    expect(new Set(rows.map((r) => r.country)).size).toBe(rows.length);
    for (const row of rows) {
      expect(gedCountryCode(row.country!), row.country).toMatch(/^[A-Z]{3}$/);
      const result = incidentInputSchema.safeParse(gedRowToIncident(row));
      expect(result.success, `event ${row.id}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('keeps GED’s type of violence in UCDP’s words as the origin’s event type, beside the violence type', () => {
    const row: GedRow = { id: '9001', type_of_violence: '3', side_a: 'Government of X', side_b: 'Civilians', country: 'Kingdom of eSwatini (Swaziland)' };
    for (const [code, violenceType, eventType] of [
      ['1', 'state_based', 'State-based conflict'],
      ['2', 'non_state', 'Non-state conflict'],
      ['3', 'one_sided', 'One-sided violence'],
    ]) {
      const incident = gedRowToIncident({ ...row, type_of_violence: code });
      expect(incident).toMatchObject({ violenceType, origin: { dataset: GED_DATASET, externalId: '9001', eventType }, location: { country: 'SWZ' } });
    }
    expect(gedRowToIncident({ ...row, type_of_violence: '4' }).origin).toEqual({ dataset: GED_DATASET, externalId: '9001' });
  });

  it('keeps every death, splits them by status, and never narrows the range', async () => {
    for (const row of await readGed('ged231-one-per-country.csv')) {
      const incident = incidentInputSchema.parse(gedRowToIncident(row));
      const killed = incident.casualties.filter((c) => c.kind === 'killed');
      const best = Number(row.best);
      expect(killed.reduce((s, c) => s + c.best, 0)).toBe(best);
      expect(killed.find((c) => c.status === 'civilian')?.best ?? 0).toBe(Number(row.deaths_civilians));
      expect(killed.reduce((s, c) => s + c.low, 0)).toBe(Math.min(Number(row.low), best));
      expect(killed.reduce((s, c) => s + c.high, 0)).toBe(Math.max(Number(row.high), best));
    }
  });
});

describe('UCDP GED casualty split (property)', () => {
  it('gives every status cell low ≤ best ≤ high and adds up to the event, for any counts and bounds', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(3000), fc.nat(3000), (a, b, civilians, unknown, low, high) => {
        const row: GedRow = {
          id: '1', type_of_violence: '1', side_a: 'Government of X', side_b: 'Y', date_start: '2020-01-01', date_end: '2020-01-01', date_prec: '1',
          where_prec: '1', latitude: '1', longitude: '1', country: 'Mali', event_clarity: '1',
          deaths_a: String(a), deaths_b: String(b), deaths_civilians: String(civilians), deaths_unknown: String(unknown),
          best: String(a + b + civilians + unknown), low: String(low), high: String(high),
        };
        const incident = incidentInputSchema.parse(gedRowToIncident(row));
        const best = a + b + civilians + unknown;
        const cells = incident.casualties;
        for (const c of cells) expect(c.low <= c.best && c.best <= c.high).toBe(true);
        expect(cells.reduce((s, c) => s + c.best, 0)).toBe(best);
        expect(cells.reduce((s, c) => s + c.low, 0)).toBe(Math.min(low, best));
        expect(cells.reduce((s, c) => s + c.high, 0)).toBe(Math.max(high, best));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Rows per import batch: the Myanmar subset makes several. */
const BATCH = 50;

describe.each(DATABASES)('the Myanmar GED file in the register on %s', (kind) => {
  let t: TestStore;
  let rows: GedRow[];
  let report: ImportReport;

  beforeAll(async () => {
    t = await openTestStore(kind);
    rows = await readGed('ged241-myanmar-every50th.csv');
    const ctx = createAppContext(t.store);
    report = emptyImportReport();
    // Several batches, as a large file has.
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((row, j) => ({ rowNumber: i + j + 1, input: gedRowToIncident(row) }));
      report = mergeImportReports(report, await importIncidentBatch(ctx, importer, batch));
    }
  }, 180_000);
  afterAll(() => t?.cleanup());

  it('stores every event once, with the file’s death toll', async () => {
    // Events, not lines: cells hold line breaks, so the file has more lines than events (and each event one id).
    const lines = readFileSync(realFixture('ucdp/ged241-myanmar-every50th.csv'), 'utf8').split(/\r?\n/).filter((l) => l !== '').length - 1;
    expect(rows.length).toBeLessThan(lines);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(report.rejected).toEqual([]);
    expect(report.created).toBe(rows.length);
    const ctx = createAppContext(t.store);
    const all = await summariseIncidents(ctx, importer, {});
    expect(all.incidents).toBe(rows.length);
    expect(all.killedBest).toBe(sum(rows, 'best'));
    const oneSided = rows.filter((r) => r.type_of_violence === '3');
    const civilianHarm = rows.filter((r) => r.type_of_violence === '3' || Number(r.deaths_civilians) > 0);
    expect((await summariseIncidents(ctx, importer, { themes: ['protection_of_civilians'] })).incidents).toBe(civilianHarm.length);
    expect(oneSided.length).toBeGreaterThan(rows.length / 4);
  });

  it('keeps multi-line text intact', async () => {
    const multiLine = rows.find((r) => /\n/.test(r.source_headline ?? '') || /\n/.test(r.where_description ?? ''))!;
    expect(multiLine).toBeDefined();
    const ctx = createAppContext(t.store);
    const { listIncidents } = await import('../../src/application/incident.service.js');
    const page = await listIncidents(ctx, importer, { q: (multiLine.where_coordinates ?? '').slice(0, 20) }, { limit: 1000 });
    const stored = page.items.find((i) => i.origin.externalId === multiLine.id)!;
    expect(stored.origin.dataset).toBe(GED_DATASET);
    expect(stored.narrative).toContain((multiLine.where_description ?? multiLine.source_headline)!.trim());
  });

  it('changes nothing when the same file is imported again', async () => {
    const ctx = createAppContext(t.store);
    const again = await importIncidentBatch(ctx, importer, rows.map((row, j) => ({ rowNumber: j + 1, input: gedRowToIncident(row) })));
    expect(again).toEqual({ created: 0, updated: 0, unchanged: rows.length, rejected: [] });
    expect((await summariseIncidents(ctx, importer, {})).incidents).toBe(rows.length);
  });
});
