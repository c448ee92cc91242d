import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MILEX_MEASURES } from '../../src/core/spending/military-expenditure.js';
import type { MilexEntityList, MilexImportReport, MilexSeriesAnswer } from '../../src/core/spending/spending-api.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { realFixture } from '../support/real-fixtures.js';
import { lookAlikeWorkbook, type LongRecord } from '../support/sipri-workbook.js';

const CSV = readFileSync(realFixture('sipri/milex-2019-2025-and-selected-series.csv'));
const records = parse<LongRecord>(CSV, { columns: true, bom: true });
const WORKBOOK = lookAlikeWorkbook(records);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(DATABASES)("SIPRI's military expenditure workbook over HTTP on %s", (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const upload = (body: Buffer, contentType: string, release: string) =>
    h.call({ method: 'POST', url: `/api/v1/spending/milex/imports?release=${encodeURIComponent(release)}`, as: 'analyst', headers: { 'content-type': contentType }, payload: body });

  /** Every series held, in every measure, through the API. */
  async function everySeries(): Promise<MilexSeriesAnswer[]> {
    const { items } = (await h.call({ method: 'GET', url: '/api/v1/spending/milex/entities', as: 'viewer' })).json<MilexEntityList>();
    const entities = items.map((i) => i.entity);
    const answers: MilexSeriesAnswer[] = [];
    for (const measure of MILEX_MEASURES) {
      for (let i = 0; i < entities.length; i += 40) {
        const response = await h.call({ method: 'GET', url: `/api/v1/spending/milex/series?entities=${encodeURIComponent(entities.slice(i, i + 40).join(','))}&measure=${measure}&from=1949&to=2025`, as: 'viewer' });
        expect(response.statusCode, response.body).toBe(200);
        answers.push(response.json<MilexSeriesAnswer>());
      }
    }
    return answers;
  }

  it('gives exactly the series the long CSV of the same data gives, and a second import of the workbook changes nothing', async () => {
    const fromCsv = await upload(CSV, 'text/csv', 'SIPRI 2025 (long table)');
    expect(fromCsv.statusCode, fromCsv.body).toBe(200);
    const csvReport = fromCsv.json<MilexImportReport>();
    expect(csvReport.format).toBe('csv');
    const csvSeries = await everySeries();

    // Sent as a generic file: the format is told by the bytes, not the content type.
    const fromWorkbook = await upload(WORKBOOK, 'application/octet-stream', 'SIPRI 2025 (workbook)');
    expect(fromWorkbook.statusCode, fromWorkbook.body).toBe(200);
    const report = fromWorkbook.json<MilexImportReport>();
    // Every country-year the CSV gave, each with the same figures, flags, region: nothing added, changed or removed.
    expect(report).toMatchObject({ format: 'xlsx', priceBaseYear: 2024, rows: csvReport.rows, entities: csvReport.entities, added: 0, changed: 0, removed: 0, unchanged: csvReport.rows });
    expect(report.sheets!.map((s) => [s.sheet, s.headerRow])).toEqual([
      ['Constant (2024) US$', 6],
      ['Current US$', 6],
      ['Share of GDP', 6],
      ['Per capita', 7],
      ['Share of Govt. spending', 8],
    ]);
    expect(await everySeries()).toEqual(csvSeries);

    const again = await upload(WORKBOOK, XLSX_TYPE, 'SIPRI 2025 (workbook)');
    expect(again.json<MilexImportReport>()).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: csvReport.rows });
  });

  it('refuses a workbook with a bad cell or a missing sheet whole, naming sheet, row and column, and keeps the release held', async () => {
    const before = await everySeries();
    const bad = lookAlikeWorkbook(records, { cell: (measure, entity, year) => (measure === 'perCapitaUsd' && entity === 'Niger' && year === 2021 ? 'n.a.?' : undefined) });
    const refused = await upload(bad, XLSX_TYPE, 'broken');
    expect(refused.statusCode).toBe(400);
    const [issue] = refused.json<{ error: { issues: { path: string; message: string }[] } }>().error.issues;
    expect(issue!.path).toMatch(/^'Per capita'![A-Z]+\d+$/);
    expect(issue!.message).toMatch(/^sheet "Per capita", row \d+, column [A-Z]+ \(2021\): "n\.a\.\?" is not a number$/);

    const missing = await upload(lookAlikeWorkbook(records, { omit: ['shareOfGovernmentSpending'] }), XLSX_TYPE, 'broken');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('no sheet for "Share of Govt. spending"');
    expect(await everySeries()).toEqual(before);
  });
});
