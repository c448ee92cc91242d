import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellAddress, columnLetter, milexSheetMeasure, readMilexWorkbook, type MilexWorkbookReading, type MilexWorkbookRefusal, type MilexWorkbookSheet } from '../../../src/core/spending/milex-workbook.js';
import { MILEX_MEASURES, milexLongTableOf, milexObservationFromLongRow, type MilexLongTable, type MilexObservation } from '../../../src/core/spending/military-expenditure.js';
import { realFixture } from '../../support/real-fixtures.js';
import { lookAlikeSheets, SIPRI_2025_SHEETS, type LongRecord } from '../../support/sipri-workbook.js';

const records = parse<LongRecord>(readFileSync(realFixture('sipri/milex-2019-2025-and-selected-series.csv')), { columns: true, bom: true });

/** What the long-table reader makes of the same rows. */
function fromLongTable(rows: readonly LongRecord[]): MilexObservation[] {
  const table = milexLongTableOf(Object.keys(rows[0]!)) as MilexLongTable;
  return rows.flatMap((r, i) => {
    const reading = milexObservationFromLongRow(r, i + 2, table);
    return 'observation' in reading ? [reading.observation] : [];
  });
}
const byKey = (list: readonly MilexObservation[]) => [...list].sort((a, b) => a.entity.localeCompare(b.entity) || a.year - b.year);
const accepted = (reading: MilexWorkbookReading | MilexWorkbookRefusal): MilexWorkbookReading => {
  if ('refused' in reading) throw new Error(reading.refused);
  return reading;
};
const refused = (reading: MilexWorkbookReading | MilexWorkbookRefusal): MilexWorkbookRefusal => {
  if (!('refused' in reading)) throw new Error('the workbook was accepted');
  return reading;
};
const sheet = (sheets: MilexWorkbookSheet[], name: string) => sheets.find((s) => s.name === name)!;

describe("SIPRI's military expenditure workbook", () => {
  it('gives exactly the observations the long table of the same data gives: figures, gaps, flags, regions', () => {
    const reading = accepted(readMilexWorkbook(lookAlikeSheets(records)));
    expect(reading.priceBaseYear).toBe(2024);
    expect(byKey(reading.observations)).toEqual(byKey(fromLongTable(records)));
    expect(reading.sheets.map((s) => [s.sheet, s.headerRow, s.firstYear, s.lastYear])).toEqual([
      ['Constant (2024) US$', 6, 1949, 2025],
      ['Current US$', 6, 1949, 2025],
      ['Share of GDP', 6, 1949, 2025],
      ['Per capita', 7, 1988, 2025],
      ['Share of Govt. spending', 8, 1988, 2025],
    ]);
    // Region headings are skipped, sheet by sheet, and say so.
    expect(reading.skipped).toContainEqual({ sheet: 'Share of GDP', rowNumber: 8, reason: '"Africa" is a region\'s heading' });
    expect(reading.observations.find((o) => o.entity === 'Kuwait' && o.year === 1991)!.shareOfGdp).toBeGreaterThan(1);
  });

  it('recognises the sheets of other releases by their names and takes the base year from the constant-price one', () => {
    expect(MILEX_MEASURES.map((m) => milexSheetMeasure(SIPRI_2025_SHEETS[m]))).toEqual([...MILEX_MEASURES]);
    const names = { constantUsdM: 'Constant (2019) USD', currentUsdM: 'Current USD', shareOfGovernmentSpending: 'Share of govt spending' } as const;
    const reading = accepted(readMilexWorkbook(lookAlikeSheets(records, { names })));
    expect(reading.priceBaseYear).toBe(2019);
    expect(reading.sheets.map((s) => s.sheet)).toEqual(['Constant (2019) USD', 'Current USD', 'Share of GDP', 'Per capita', 'Share of govt spending']);
    for (const other of ['Front page', 'Regional totals', 'Local currency financial years', 'Local currency calendar years', 'Footnotes', 'Notes']) expect(milexSheetMeasure(other)).toBeNull();
  });

  it('takes the base year from the title rows when the sheet name does not give it', () => {
    const reading = accepted(readMilexWorkbook(lookAlikeSheets(records, { names: { constantUsdM: 'Constant US$' } })));
    expect(reading.priceBaseYear).toBe(2024);
  });

  it('refuses a workbook with a measure sheet missing, naming it and the sheets there are', () => {
    const refusal = refused(readMilexWorkbook(lookAlikeSheets(records, { omit: ['perCapitaUsd'] })));
    expect(refusal.refused).toContain('no sheet for "Per capita"');
    expect(refusal.refused).toContain('"Share of Govt. spending"');
    expect(refusal.issues).toEqual([{ path: 'sheets.perCapitaUsd', code: 'missing_sheet', message: 'no sheet named like "Per capita"' }]);
  });

  it('finds the header wherever it is: fewer or more title rows change nothing read', () => {
    const moved = accepted(readMilexWorkbook(lookAlikeSheets(records, { headerRow: { constantUsdM: 2, shareOfGdp: 12, perCapitaUsd: 1 } })));
    expect(moved.sheets.map((s) => s.headerRow)).toEqual([2, 6, 12, 1, 8]);
    expect(moved.observations).toEqual(accepted(readMilexWorkbook(lookAlikeSheets(records))).observations);
  });

  it('refuses a bad cell, naming sheet, row, column and year, and every other one', () => {
    const sheets = lookAlikeSheets(records, {
      cell: (measure, entity, year) => (measure === 'shareOfGdp' && entity === 'Nigeria' && year === 1991 ? '1,5' : measure === 'currentUsdM' && entity === 'Chad' && year === 2024 ? -3 : undefined),
    });
    const gdp = sheet(sheets, 'Share of GDP');
    const row = gdp.rows.find((r) => r.cells[0] === 'Nigeria')!;
    const column = gdp.rows.find((r) => r.cells[0] === 'Country')!.cells.indexOf('1991');
    const refusal = refused(readMilexWorkbook(sheets));
    expect(refusal.issues).toContainEqual({ path: cellAddress('Share of GDP', row.rowNumber, column), code: 'invalid_number', message: `sheet "Share of GDP", row ${row.rowNumber}, column ${columnLetter(column)} (1991): "1,5" is not a number` });
    expect(refusal.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/^sheet "Current US\$", row \d+, column [A-Z]+ \(2024\): -3 is negative$/));
    expect(refusal.refused).toMatch(/^2 cell\(s\) or sheet\(s\) refused, nothing imported: /);
  });

  it('refuses a row with figures under a name that is no country, naming the cell', () => {
    const sheets = lookAlikeSheets(records.filter((r) => r.year! >= '2019'));
    const gdp = sheet(sheets, 'Share of GDP');
    const at = gdp.rows.findIndex((r) => r.cells[0] === 'Chad');
    const rows = gdp.rows.map((r, i) => (i === at ? { ...r, cells: ['Atlantis', ...r.cells.slice(1)] } : r));
    const refusal = refused(readMilexWorkbook(sheets.map((s) => (s === gdp ? { ...s, rows } : s))));
    expect(refusal.issues[0]).toMatchObject({ path: `'Share of GDP'!A${gdp.rows[at]!.rowNumber}`, code: 'unknown_country' });
    expect(refusal.issues[0]!.message).toMatch(new RegExp(`^sheet "Share of GDP", row ${gdp.rows[at]!.rowNumber}, column A: "Atlantis" `));
  });

  it('reads a name with a footnote sign as the country, and carries estimates and uncertain figures where the cells are marked', () => {
    const rows = records.filter((r) => ['Chad', 'Niger'].includes(r.country!) && r.year! >= '2023');
    const sheets = lookAlikeSheets(rows).map((s) => ({
      ...s,
      rows: s.rows.map((r) => (r.cells[0] === 'Chad' ? { ...r, cells: ['Chad‡§', ...r.cells.slice(1)], marks: s.name === 'Current US$' ? { [r.cells.length - 1]: 'estimate' as const, [r.cells.length - 2]: 'uncertain' as const } : {} } : r)),
    }));
    const reading = accepted(readMilexWorkbook(sheets));
    const chad = reading.observations.filter((o) => o.country === 'TCD');
    expect(chad.map((o) => [o.entity, o.year, o.flags])).toEqual([
      ['Chad', 2023, []],
      ['Chad', 2024, ['uncertain']],
      ['Chad', 2025, ['estimate']],
    ]);
  });

  it('refuses a sheet without a header row, naming the sheet', () => {
    const sheets = lookAlikeSheets(records.filter((r) => r.year === '2024')).map((s) => (s.name === 'Per capita' ? { ...s, rows: s.rows.filter((r) => r.cells[0] !== 'Country') } : s));
    expect(refused(readMilexWorkbook(sheets)).issues).toEqual([{ path: 'sheets.Per capita', code: 'no_header', message: 'sheet "Per capita" has no header row (a row whose column A is "Country")' }]);
  });

  it('round-trips random figures, gaps and notes written into the look-alike, as the long table reads them', () => {
    const countries = ['Nigeria', 'Chad', 'Niger', 'Cameroon', 'Ukraine', 'Kuwait', 'USSR', 'Germany', 'Türkiye', "Côte d'Ivoire"];
    const regionOf: Record<string, [string, string]> = {
      Nigeria: ['Africa', 'sub-Saharan Africa'], Chad: ['Africa', 'sub-Saharan Africa'], Niger: ['Africa', 'sub-Saharan Africa'], Cameroon: ['Africa', 'sub-Saharan Africa'],
      "Côte d'Ivoire": ['Africa', 'sub-Saharan Africa'], Ukraine: ['Europe', 'Eastern Europe'], USSR: ['Europe', 'Eastern Europe'], Germany: ['Europe', 'Western Europe'],
      Türkiye: ['Europe', 'Western Europe'], Kuwait: ['Middle East', ''],
    };
    const figure = fc.oneof(fc.constant(''), fc.double({ min: 0, max: 2e6, noNaN: true, noDefaultInfinity: true }).map(String), fc.double({ min: 0, max: 1.2, noNaN: true }).map(String));
    const row = fc.record({ year: fc.integer({ min: 1980, max: 1995 }), figures: fc.array(figure, { minLength: 5, maxLength: 5 }), flag: fc.constantFrom('', 'not_independent', 'some_unavailable', 'not_independent;some_unavailable') });
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...countries), { minLength: 1, maxLength: 5 }), fc.array(row, { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 6 }), (names, rows, note) => {
        const seen = new Set<string>();
        const long: LongRecord[] = [];
        // Countries in SIPRI's order: grouped by region and subregion.
        for (const country of [...names].sort((a, b) => regionOf[a]!.join().localeCompare(regionOf[b]!.join()))) {
          for (const r of rows) {
            if (seen.has(`${country} ${r.year}`)) continue;
            seen.add(`${country} ${r.year}`);
            // Per capita and the share of government spending start in 1988, as SIPRI's sheets do.
            const figures = r.figures.map((f, i) => (i >= 3 && r.year < 1988 ? '' : f));
            // The workbook says why a figure is missing in the cell itself (". .", "xxx"): a year with figures carries no
            // other flag, and a year the state did not exist has no figure at all.
            const flag = figures.some(Boolean) ? '' : r.flag;
            const [region, subregion] = regionOf[country]!;
            long.push({ country, region, subregion, year: String(r.year), milex_const2024_usd_m: figures[0]!, milex_current_usd_m: figures[1]!, share_of_gdp: figures[2]!, per_capita_current_usd: figures[3]!, share_of_govt_spending: figures[4]!, flags: flag });
          }
        }
        const reading = accepted(readMilexWorkbook(lookAlikeSheets(long, { notes: () => note.replace(/\s/g, '') })));
        expect(byKey(reading.observations)).toEqual(byKey(fromLongTable(long)));
      }),
      { numRuns: 60 },
    );
  });
});
