import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateHarm } from '../../src/application/analytics.service.js';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { countryPoint } from '../../src/infrastructure/country-shapes.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { summariseIncidents } from '../../src/application/incident.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import type { Incident } from '../../src/core/incident.schema.js';
import { previewFile } from '../../src/interchange/file-preview.js';
import { readMappingFile } from '../../src/interchange/mapping-file.js';
import { openRecordSource, type RecordSourceOptions } from '../../src/interchange/record-source.js';
import { readSpreadsheet } from '../../src/interchange/spreadsheet-rows.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const actor: Actor = { id: 'spreadsheet-test', username: 'spreadsheet-test', role: 'analyst' };
const DIR = new URL('../fixtures/spreadsheets/', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const PRESET = new URL('../../docs/examples/mappings/who-ssa.json', import.meta.url).pathname;
const SHEETS = ['who-ssa-invented.xlsx', 'who-ssa-invented.ods'];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'haven-sheets-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function records(file: string, options: RecordSourceOptions = {}) {
  const source = await openRecordSource(file, options);
  const out = [];
  for await (const r of source.records) out.push(r);
  return { source, out };
}

describe('spreadsheets as a record source', () => {
  it.each(SHEETS)('%s: the first sheet, dates as ISO, numbers in full, the row numbers the spreadsheet shows', async (name) => {
    const sheet = await readSpreadsheet(join(DIR, name));
    expect(sheet.sheet).toBe('SSA');
    expect(sheet.sheets).toEqual(['SSA', 'About']);
    // The reference: the same rows written out as CSV by the fixture script.
    const csv: string[][] = parse(await readFile(join(DIR, 'who-ssa-invented.csv'), 'utf8'));
    expect(sheet.rows.map((r) => r.cells)).toEqual(csv.map((row) => row.slice(0, row.findLastIndex((c) => c !== '') + 1)));
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual(csv.map((_, i) => i + 1));
    expect(sheet.rows[6]!.cells[1]).toBe('2024-02-29');
  });

  it('keeps the spreadsheet’s row numbers across blank rows, and reads a named sheet', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['a']]), 'First');
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Country', 'When'], [], [], ['Sudan', 1234.5], [], ['Chad', true]]), 'Data');
    const file = join(tmp, 'gaps.xlsx');
    await writeFile(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const sheet = await readSpreadsheet(file, { sheet: 'Data' });
    expect(sheet.rows).toEqual([
      { rowNumber: 1, cells: ['Country', 'When'] },
      { rowNumber: 4, cells: ['Sudan', '1234.5'] },
      { rowNumber: 6, cells: ['Chad', 'TRUE'] },
    ]);
    await expect(readSpreadsheet(file, { sheet: 'Nope' })).rejects.toThrow(/no sheet "Nope"; the sheets are: First, Data/);
  });

  it('tells .xlsx from .ods by the archive’s contents, not the file’s name', async () => {
    const odsNamedXlsx = join(tmp, 'really-ods.xlsx');
    const xlsxNamedCsv = join(tmp, 'really-xlsx.csv');
    await copyFile(join(DIR, 'who-ssa-invented.ods'), odsNamedXlsx);
    await copyFile(join(DIR, 'who-ssa-invented.xlsx'), xlsxNamedCsv);
    expect((await readSpreadsheet(odsNamedXlsx)).kind).toBe('ods');
    expect((await readSpreadsheet(xlsxNamedCsv)).kind).toBe('xlsx');
  });

  it('refuses a ZIP archive that is not a spreadsheet, saying what it is', async () => {
    const container = XLSX.CFB.utils.cfb_new() as unknown;
    (XLSX.CFB.utils.cfb_add as (c: unknown, name: string, content: Buffer) => void)(container, 'mimetype', Buffer.from('application/vnd.oasis.opendocument.text'));
    const file = join(tmp, 'letter.ods');
    await writeFile(file, XLSX.CFB.write(container, { fileType: 'zip', type: 'buffer' }) as Buffer);
    await expect(openRecordSource(file)).rejects.toThrow(/OpenDocument file of type application\/vnd.oasis.opendocument.text, not a spreadsheet/);
  });

  it('asks for a mapping when it does not recognise the columns, naming them', async () => {
    await expect(openRecordSource(join(DIR, 'who-ssa-invented.xlsx'))).rejects.toThrow(/does not recognise the columns of sheet "SSA" \(Country \/ Territory, Attack Date,.*\); import it with a column mapping/);
  });

  it('refuses a mapping that reads a column the file lacks, naming it', async () => {
    const mapping = await readMappingFile(PRESET);
    const renamed = { ...mapping, date: { column: 'Date of attack' } };
    await expect(records(join(DIR, 'who-ssa-invented.xlsx'), { mapping: renamed })).rejects.toThrow(/reads columns this file does not have: Date of attack/);
  });

  it('imports a sheet whose header Haven recognises like the same rows as CSV', async () => {
    const csvRows: string[][] = parse(await readFile(join(FIXTURES, 'real/ucdp/ged231-first30.csv'), 'utf8'), { bom: true });
    const book = XLSX.utils.book_new();
    // Numbers as spreadsheet numbers, as a spreadsheet program would store them.
    const cells = csvRows.map((row) => row.map((c) => (/^-?\d+(\.\d+)?$/.test(c) && !/^0\d/.test(c) ? Number(c) : c)));
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(cells), 'Events');
    const file = join(tmp, 'recognised.xlsx');
    await writeFile(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const csvFile = join(tmp, 'recognised.csv');
    await writeFile(csvFile, `${csvRows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`);
    const fromSheet = await records(file);
    const fromCsv = await records(csvFile);
    expect(fromSheet.source.format).toBe('ged');
    expect(fromCsv.source.format).toBe('ged');
    expect(fromSheet.out).toHaveLength(30);
    expect(fromSheet.out.map((r) => [r.rowNumber, r.mapped.input, r.mapped.issues])).toEqual(fromCsv.out.map((r) => [r.rowNumber, r.mapped.input, r.mapped.issues]));
  });
});

describe.each(DATABASES)('WHO SSA-shaped files imported through the preset on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  const all = async (): Promise<Incident[]> => {
    const out: Incident[] = [];
    for await (const i of streamIncidents(ctx, actor, { countries: ['UKR', 'SDN', 'MMR', 'PSE', 'SYR', 'COD'] })) out.push(i);
    return out;
  };

  it.each([...SHEETS, 'who-ssa-invented.csv'])('%s: six records created, three rows refused by the file’s columns; a re-import changes nothing', async (name) => {
    const mapping = await readMappingFile(PRESET);
    const { source, out } = await records(join(DIR, name), { mapping });
    expect(source.format).toBe('mapped');
    const first = await importRecords(ctx, actor, (async function* () {
      yield* out;
    })());
    expect(first.rejectedRows.map((r) => [r.rowNumber, r.issues.map((i) => i.path)])).toEqual([
      [8, ['Attack Date']],
      [9, ['Country / Territory']],
      [10, ['Health care resources attacked']],
    ]);
    // The three files hold the same rows: the first creates them, the others find them unchanged.
    expect(first.created + first.unchanged).toBe(6);
    const again = await importRecords(ctx, actor, (await openRecordSource(join(DIR, name), { mapping })).records);
    expect(again).toMatchObject({ rows: 9, created: 0, updated: 0, unchanged: 6, rejected: 3 });
  });

  it('stores country-only records at the country’s point with precision country, counted in every figure', async () => {
    const stored = await all();
    expect(stored).toHaveLength(6);
    for (const incident of stored) {
      expect(incident.location.precision).toBe('country');
      const [lat, lon] = countryPoint(incident.location.country)!;
      expect([incident.location.lat, incident.location.lon]).toEqual([lat, lon]);
    }
    const ukraine = stored.find((i) => i.location.country === 'UKR')!;
    expect(ukraine).toMatchObject({ dateEarliest: '2024-01-09', datePrecision: 'day', categories: ['attack_on_hospital', 'attack_on_medical_transport'] });
    // Health workers and patients are counted among the totals ("Total Death": 2, of whom 1 health worker).
    const counts = (country: string) => stored.find((i) => i.location.country === country)!.casualties.map((c) => [c.kind, c.status, c.group ?? 'everyone', c.best]);
    expect(counts('UKR')).toEqual([
      ['killed', 'civilian', 'everyone', 2],
      ['killed', 'civilian', 'health_worker', 1],
      ['injured', 'civilian', 'everyone', 5],
      ['injured', 'civilian', 'health_worker', 2],
    ]);
    // Abducted, arrested and detained have no total column: the total is the health workers' count.
    expect(counts('SYR')).toEqual([
      ['killed', 'civilian', 'everyone', 1],
      ['killed', 'civilian', 'patient', 1],
      ['injured', 'civilian', 'everyone', 1],
      ['abducted', 'civilian', 'everyone', 2],
      ['abducted', 'civilian', 'health_worker', 2],
      ['arrested', 'civilian', 'everyone', 1],
      ['arrested', 'civilian', 'health_worker', 1],
      ['detained', 'civilian', 'everyone', 3],
      ['detained', 'civilian', 'health_worker', 3],
    ]);
    expect(stored.find((i) => i.location.country === 'SYR')!.narrative).not.toContain('Health workers');
    const killed = stored.flatMap((i) => i.casualties).filter((c) => c.kind === 'killed' && c.group === undefined).reduce((n, c) => n + c.best, 0);
    expect(killed).toBe(4);
    const filter = { countries: ['UKR', 'SDN', 'MMR', 'PSE', 'SYR', 'COD'] };
    expect(await summariseIncidents(ctx, actor, filter)).toMatchObject({ incidents: 6, killedBest: killed });
    // By country they are placed; by province they cannot be, and are counted apart, never dropped.
    const byCountry = await aggregateHarm(ctx, actor, { groupBy: ['country'], from: '2024-01-01', to: '2024-12-31' });
    expect(byCountry.total.incidents).toBe(6);
    expect(byCountry.unplaced.incidents).toBe(0);
    const byProvince = await aggregateHarm(ctx, actor, { groupBy: ['admin1'], from: '2024-01-01', to: '2024-12-31' });
    expect(byProvince.total).toEqual(byCountry.total);
    expect(byProvince.unplaced).toMatchObject({ incidents: 6, killed: { best: killed } });
  });
});

describe('preview', () => {
  it('lists the columns with sample values and, with a mapping, the first rows and their problems; writes nothing', async () => {
    const mapping = await readMappingFile(PRESET);
    const preview = await previewFile(join(DIR, 'who-ssa-invented.ods'), { mapping, rows: 9 });
    expect(preview.recognised).toBeNull();
    expect(preview.spreadsheet).toEqual({ kind: 'ods', sheet: 'SSA', sheets: ['SSA', 'About'] });
    expect(preview.columns.find((c) => c.name === 'Health care resources attacked')?.samples).toEqual(['Facility; Transport', 'Personnel', 'Supplies; Warehouse', 'Transport; Patients', 'Personnel; Patients']);
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(preview.rows.filter((r) => r.issues.length).map((r) => r.issues[0]!.message)).toEqual([
      '"not known" is not a date as a spreadsheet day number (or YYYY-MM-DD)',
      '"Atlantis" is not a country name in English',
      '"Laboratory" is not among the values this mapping knows (facility, transport, personnel, patients, supplies, warehouse)',
    ]);
    const csvPreview = await previewFile(join(DIR, 'who-ssa-invented.csv'));
    expect(csvPreview.columns.map((c) => c.name)).toEqual(preview.columns.map((c) => c.name));
    expect(csvPreview.rows).toEqual([]);
  });
});
