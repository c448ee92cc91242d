import * as XLSX from '@e965/xlsx';
import type { MilexWorkbookSheet } from '../../src/core/spending/milex-workbook.js';
import { MILEX_MEASURES, milexEntityOf, type MilexMeasure } from '../../src/core/spending/military-expenditure.js';

/**
 * A look-alike of SIPRI's military expenditure workbook ("SIPRI-Milex-data-1949-2025.xlsx"), built from rows of
 * SIPRI's long table (the committed real subset, or generated rows). It is NOT SIPRI's file — no SIPRI workbook is
 * available offline — but it is laid out as the 2025 release is described by projects that parse it: a "Front page",
 * "Regional totals", the five measure sheets, "Footnotes"; on each measure sheet title and legend rows, then the header
 * row `Country | Notes | 1949 …` (row 6; "Per capita" row 7 and "Share of Govt. spending" row 8, with a "Reporting
 * year" column; the constant-price sheet has an empty column before Notes), a blank row, then region and subregion
 * headings above their countries. Per capita and the share of government spending start in 1988, as SIPRI's do.
 *
 * A country-year the long table has is written in every sheet that has its year: a figure as a number, a gap as
 * ". ." or, for a state that did not exist, "xxx" (a row flagged both gets "xxx" in its first empty measure and ". ."
 * in the others). A country-year the long table does not have (the subset holds most countries for 2019–2025 only) is
 * left blank, and the reader reads a year blank in every sheet as no observation.
 */

/** A row of SIPRI's long table, by its CSV column names. */
export type LongRecord = Record<string, string>;

const COLUMN: Record<MilexMeasure, string> = {
  constantUsdM: 'milex_const2024_usd_m',
  currentUsdM: 'milex_current_usd_m',
  shareOfGdp: 'share_of_gdp',
  perCapitaUsd: 'per_capita_current_usd',
  shareOfGovernmentSpending: 'share_of_govt_spending',
};

/** The 2025 release's sheet names. */
export const SIPRI_2025_SHEETS: Record<MilexMeasure, string> = {
  constantUsdM: 'Constant (2024) US$',
  currentUsdM: 'Current US$',
  shareOfGdp: 'Share of GDP',
  perCapitaUsd: 'Per capita',
  shareOfGovernmentSpending: 'Share of Govt. spending',
};

const TITLES: Record<MilexMeasure, string> = {
  constantUsdM: 'Military expenditure by country, in constant (2024) US$ m., 1949-2025 © SIPRI 2026',
  currentUsdM: 'Military expenditure by country, in current US$ m., 1949-2025 © SIPRI 2026',
  shareOfGdp: 'Military expenditure by country as percentage of gross domestic product, 1949-2025 © SIPRI 2026',
  perCapitaUsd: 'Military expenditure per capita by country, in current US$, 1988-2025 © SIPRI 2026',
  shareOfGovernmentSpending: 'Military expenditure by country as percentage of government spending, 1988-2025 © SIPRI 2026',
};
const LEGEND = [
  'Countries are grouped by region and subregion.',
  'Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data.',
  '". ." = data unavailable. "xxx" = country did not exist or was not independent during all or part of the year in question.',
];
/** The row of each sheet's header in the 2025 release. */
const HEADER_ROW: Record<MilexMeasure, number> = { constantUsdM: 6, currentUsdM: 6, shareOfGdp: 6, perCapitaUsd: 7, shareOfGovernmentSpending: 8 };
const FIRST_YEAR_OF: Partial<Record<MilexMeasure, number>> = { perCapitaUsd: 1988, shareOfGovernmentSpending: 1988 };

export interface LookAlikeOptions {
  /** Sheet names other than the 2025 release's (another release's spelling). */
  names?: Partial<Record<MilexMeasure, string>>;
  /** Measures whose sheet is left out. */
  omit?: readonly MilexMeasure[];
  /** The header's row number per sheet (more or fewer title rows above it). */
  headerRow?: Partial<Record<MilexMeasure, number>>;
  /** The Notes column's text for a country (SIPRI's footnote signs and numbers). */
  notes?: (entity: string) => string;
  /** Replaces one cell's content: return undefined to keep it. */
  cell?: (measure: MilexMeasure, entity: string, year: number, content: string | number | null) => string | number | null | undefined;
}

type Cell = string | number | null;

/** The workbook as arrays of rows (null for an empty cell), sheet by sheet. */
export function lookAlikeGrids(records: readonly LongRecord[], options: LookAlikeOptions = {}): { name: string; grid: Cell[][] }[] {
  const entities: { name: string; region: string; subregion: string; byYear: Map<number, LongRecord> }[] = [];
  const byName = new Map<string, (typeof entities)[number]>();
  for (const record of records) {
    const name = record.country!;
    // The long table's own heading rows ("Central Asia") are not countries: the workbook has headings of its own.
    if ('refused' in milexEntityOf(name)) continue;
    let entity = byName.get(name);
    if (!entity) {
      entity = { name, region: record.region ?? '', subregion: record.subregion ?? '', byYear: new Map() };
      byName.set(name, entity);
      entities.push(entity);
    }
    entity.byYear.set(Number(record.year), record);
  }
  const years = records.map((r) => Number(r.year));
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const gridOf = (measure: MilexMeasure): Cell[][] => {
    const withFigure = records.filter((r) => r[COLUMN[measure]]).map((r) => Number(r.year));
    const from = Math.min(FIRST_YEAR_OF[measure] ?? first, ...withFigure);
    const sheetYears = Array.from({ length: Math.max(last, from) - from + 1 }, (_, i) => from + i);
    const lead: Cell[] = measure === 'constantUsdM' ? ['Country', '', 'Notes'] : measure === 'shareOfGovernmentSpending' ? ['Country', 'Notes', 'Reporting year'] : ['Country', 'Notes'];
    const headerRow = options.headerRow?.[measure] ?? HEADER_ROW[measure];
    const above: Cell[][] = [[TITLES[measure]], ...LEGEND.map((line) => [line])].slice(0, headerRow - 1);
    while (above.length < headerRow - 1) above.push([]);
    const grid: Cell[][] = [...above, [...lead, ...sheetYears], []];
    let region = '';
    let subregion = '';
    for (const entity of entities) {
      if (entity.region !== region) {
        region = entity.region;
        subregion = '';
        if (region) grid.push([region]);
      }
      if (entity.subregion !== subregion) {
        subregion = entity.subregion;
        if (subregion) grid.push([subregion]);
      }
      const notes = options.notes?.(entity.name) ?? '';
      const leadCells: Cell[] = measure === 'constantUsdM' ? [entity.name, null, notes || null] : measure === 'shareOfGovernmentSpending' ? [entity.name, notes || null, null] : [entity.name, notes || null];
      const cells = sheetYears.map((year): Cell => {
        const record = entity.byYear.get(year);
        let content: Cell = null;
        if (record) {
          const text = record[COLUMN[measure]] ?? '';
          const flags = (record.flags ?? '').split(';');
          const firstEmpty = MILEX_MEASURES.find((m) => (FIRST_YEAR_OF[m] ?? first) <= year && !record[COLUMN[m]]);
          if (text !== '') content = Number(text);
          else if (flags.includes('not_independent') && (!flags.includes('some_unavailable') || firstEmpty === measure)) content = 'xxx';
          else content = '. .';
        }
        const replaced = options.cell?.(measure, entity.name, year, content);
        return replaced === undefined ? content : replaced;
      });
      grid.push([...leadCells, ...cells]);
    }
    grid.push([], ['Notes: see the Footnotes sheet.']);
    return grid;
  };
  const omitted = new Set(options.omit ?? []);
  return [
    { name: 'Front page', grid: [['SIPRI Military Expenditure Database (a look-alike built for tests, not SIPRI\'s file)']] },
    { name: 'Regional totals', grid: [['Military expenditure by region, in constant (2024) US$ b.'], [], ['Region', 2024], ['World', null]] },
    ...MILEX_MEASURES.filter((m) => !omitted.has(m)).map((m) => ({ name: options.names?.[m] ?? SIPRI_2025_SHEETS[m], grid: gridOf(m) })),
    { name: 'Footnotes', grid: [['Footnotes'], ['§', 'Figures are for the adopted budget, rather than actual expenditure.']] },
  ];
}

const textOf = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : String(cell));

/** The look-alike as the reader takes it: each sheet's rows of text, blank rows left out, as the adapter gives them. */
export function lookAlikeSheets(records: readonly LongRecord[], options: LookAlikeOptions = {}): MilexWorkbookSheet[] {
  return lookAlikeGrids(records, options).map(({ name, grid }) => ({
    name,
    rows: grid.flatMap((row, i) => {
      const cells = row.map(textOf);
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      return cells.length ? [{ rowNumber: i + 1, cells }] : [];
    }),
  }));
}

/** The look-alike as an .xlsx file's bytes. */
export function lookAlikeWorkbook(records: readonly LongRecord[], options: LookAlikeOptions = {}): Buffer {
  const workbook = XLSX.utils.book_new();
  for (const { name, grid } of lookAlikeGrids(records, options)) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(grid), name);
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
