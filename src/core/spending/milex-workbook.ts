import type { FieldIssue } from '../errors.js';
import { MILEX_FLAGS, MILEX_MEASURES, milexEntityOf, readMilexCell, type MilexEntity, type MilexFlag, type MilexMeasure, type MilexObservation } from './military-expenditure.js';

/**
 * SIPRI's Military Expenditure Database as SIPRI publishes it: one Excel workbook ("SIPRI-Milex-data-1949-2024.xlsx")
 * with a sheet per measure — "Constant (2024) US$", "Current US$", "Share of GDP", "Per capita", "Share of Govt.
 * spending" — beside sheets this reader leaves alone ("Front page", "Regional totals", "Local currency …",
 * "Footnotes"). Each measure sheet has title and legend rows, then a header row `Country | Notes | 1949 | 1950 …` (the
 * constant-price sheet has an empty column before Notes, the government-spending sheet a "Reporting year" column), then
 * region and subregion headings without figures ("Africa", "North Africa") among the countries. A cell holds a figure,
 * ". ." (not available) or "xxx" (the state did not exist or was not independent).
 *
 * The reader is pure: it takes each sheet as rows of text (the adapter in src/interchange reads the file) and gives the
 * same observations as the long table (`milexObservationFromLongRow`) of the same data: one per entity and year, the
 * five measures side by side, the same flags.
 */

/** What SIPRI marks with a cell's colour: blue for its estimates, red for highly uncertain figures. */
export type MilexCellMark = Extract<MilexFlag, 'estimate' | 'uncertain'>;

export interface MilexWorkbookRow {
  /** The row number the spreadsheet shows (1-based). */
  rowNumber: number;
  /** The cells' text from column A on, as stored (numbers in full, not as displayed). */
  cells: readonly string[];
  /** Cells (by index from column A) whose colour marks a SIPRI estimate or a highly uncertain figure, where the adapter could read it. */
  marks?: Readonly<Record<number, MilexCellMark>>;
}

export interface MilexWorkbookSheet {
  name: string;
  rows: readonly MilexWorkbookRow[];
}

/** A release as a file holds it: SIPRI's long table as rows of cells, or its workbook as sheets of rows. */
export type MilexFile = { format: 'csv'; rows: string[][] } | { format: 'xlsx'; sheets: MilexWorkbookSheet[] };

/** How each measure's sheet is recognised by its name, across releases ("Constant (2019) USD", "Constant (2024) US$"). */
const SHEET_PATTERNS: Record<MilexMeasure, { pattern: RegExp; example: string }> = {
  constantUsdM: { pattern: /^constant\b.*\b(us\$|usd|us dollars?)/, example: 'Constant (2024) US$' },
  currentUsdM: { pattern: /^current\s*(us\$|usd|us dollars?)/, example: 'Current US$' },
  shareOfGdp: { pattern: /^(share of gdp|% of gdp|percentage of gdp)/, example: 'Share of GDP' },
  perCapitaUsd: { pattern: /^per capita/, example: 'Per capita' },
  shareOfGovernmentSpending: { pattern: /^share of gov/, example: 'Share of Govt. spending' },
};

const normalised = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** Which measure a sheet holds, by its name; null for the sheets the reader leaves alone. */
export function milexSheetMeasure(name: string): MilexMeasure | null {
  const key = normalised(name);
  return MILEX_MEASURES.find((m) => SHEET_PATTERNS[m].pattern.test(key)) ?? null;
}

/** The base year of the constant-price series: in the sheet's name ("Constant (2024) US$") or, failing that, its title rows. */
export function milexPriceBaseYear(sheet: MilexWorkbookSheet, headerIndex: number): number | null {
  const fromText = (text: string) => {
    const match = /constant\D{0,12}\(?((?:19|20|21)\d{2})\)?/i.exec(text) ?? /\(((?:19|20|21)\d{2})\)/.exec(text);
    return match ? Number(match[1]) : null;
  };
  const fromName = fromText(sheet.name);
  if (fromName !== null) return fromName;
  for (const row of sheet.rows.slice(0, headerIndex)) {
    for (const cell of row.cells) {
      const year = fromText(cell);
      if (year !== null) return year;
    }
  }
  return null;
}

/** A column's letter as the spreadsheet shows it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A cell's address in a sheet, as a spreadsheet writes it: `'Share of GDP'!D12`. */
export const cellAddress = (sheet: string, rowNumber: number, column: number) => `'${sheet.replaceAll("'", "''")}'!${columnLetter(column)}${rowNumber}`;

/** SIPRI's footnote signs after a name ("Yemen §", "Eritrea‡"); the Notes column holds the rest. */
const FOOTNOTE_SIGNS = /[\s†‡§¶ǁ‖*#]+$/u;
const TOP_LEVEL_REGIONS = new Set(['africa', 'americas', 'asia & oceania', 'asia and oceania', 'europe', 'middle east']);

export interface MilexSheetSummary {
  sheet: string;
  measure: MilexMeasure;
  /** The row of `Country | Notes | 1949 …`. */
  headerRow: number;
  entities: number;
  firstYear: number;
  lastYear: number;
}

export interface MilexWorkbookReading {
  priceBaseYear: number;
  observations: MilexObservation[];
  /** Headings and notes without figures, by sheet and row. */
  skipped: { sheet: string; rowNumber: number; reason: string }[];
  sheets: MilexSheetSummary[];
}

/** Why a workbook was refused: every cell at fault, each named by sheet, row and column. */
export interface MilexWorkbookRefusal {
  refused: string;
  issues: FieldIssue[];
}

interface EntityYear {
  entity: MilexEntity;
  region: string | null;
  subregion: string | null;
  year: number;
  cells: Partial<Record<MilexMeasure, number | null>>;
  flags: Set<MilexFlag>;
}

interface SheetRead {
  summary: MilexSheetSummary;
  priceBaseYear: number | null;
}

/** Reads the workbook's measure sheets into observations, or refuses it whole, naming every sheet, row and column at fault. */
export function readMilexWorkbook(sheets: readonly MilexWorkbookSheet[]): MilexWorkbookReading | MilexWorkbookRefusal {
  const bySheet = new Map<MilexMeasure, MilexWorkbookSheet[]>();
  for (const sheet of sheets) {
    const measure = milexSheetMeasure(sheet.name);
    if (measure) bySheet.set(measure, [...(bySheet.get(measure) ?? []), sheet]);
  }
  const names = sheets.map((s) => `"${s.name}"`).join(', ');
  const missing = MILEX_MEASURES.filter((m) => !bySheet.has(m));
  if (missing.length > 0) {
    return {
      refused: `this is not SIPRI's military expenditure workbook, or a sheet was removed: no sheet for ${missing.map((m) => `"${SHEET_PATTERNS[m].example}"`).join(', ')} (its sheets are ${names || 'none'})`,
      issues: missing.map((m) => ({ path: `sheets.${m}`, code: 'missing_sheet', message: `no sheet named like "${SHEET_PATTERNS[m].example}"` })),
    };
  }
  const twice = MILEX_MEASURES.filter((m) => bySheet.get(m)!.length > 1);
  if (twice.length > 0) {
    return {
      refused: `more than one sheet could hold the same measure: ${twice.map((m) => bySheet.get(m)!.map((s) => `"${s.name}"`).join(' and ')).join('; ')}`,
      issues: twice.map((m) => ({ path: `sheets.${m}`, code: 'ambiguous_sheet', message: `${bySheet.get(m)!.map((s) => `"${s.name}"`).join(' and ')} both look like "${SHEET_PATTERNS[m].example}"` })),
    };
  }

  const issues: FieldIssue[] = [];
  const skipped: MilexWorkbookReading['skipped'] = [];
  const held = new Map<string, EntityYear>();
  const order: string[] = [];
  let priceBaseYear: number | null = null;
  const summaries: MilexSheetSummary[] = [];
  for (const measure of MILEX_MEASURES) {
    const sheet = bySheet.get(measure)![0]!;
    const read = readSheet(sheet, measure, held, order, issues, skipped);
    if (!read) continue;
    summaries.push(read.summary);
    if (measure === 'constantUsdM') {
      priceBaseYear = read.priceBaseYear;
      if (priceBaseYear === null) issues.push({ path: `sheets.${sheet.name}`, code: 'no_base_year', message: `sheet "${sheet.name}": the base year of its constant prices is neither in its name nor in its title rows ("Constant (2024) US$")` });
    }
  }
  if (issues.length > 0 || priceBaseYear === null) {
    const shown = issues.slice(0, 5).map((i) => i.message);
    return { refused: `${issues.length} cell(s) or sheet(s) refused, nothing imported: ${shown.join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`, issues };
  }
  const observations = order.map((key) => {
    const at = held.get(key)!;
    // A measure without a cell (its sheet starts later, as "Per capita" does in 1988) is a gap, as in the long table.
    if (MILEX_MEASURES.some((m) => at.cells[m] === undefined || at.cells[m] === null) && !at.flags.has('not_independent')) at.flags.add('some_unavailable');
    return {
      ...at.entity,
      region: at.region,
      subregion: at.subregion,
      year: at.year,
      constantUsdM: at.cells.constantUsdM ?? null,
      currentUsdM: at.cells.currentUsdM ?? null,
      shareOfGdp: at.cells.shareOfGdp ?? null,
      perCapitaUsd: at.cells.perCapitaUsd ?? null,
      shareOfGovernmentSpending: at.cells.shareOfGovernmentSpending ?? null,
      flags: MILEX_FLAGS.filter((f) => at.flags.has(f)),
    } satisfies MilexObservation;
  });
  return { priceBaseYear, observations, skipped, sheets: summaries };
}

function readSheet(
  sheet: MilexWorkbookSheet,
  measure: MilexMeasure,
  held: Map<string, EntityYear>,
  order: string[],
  issues: FieldIssue[],
  skipped: MilexWorkbookReading['skipped'],
): SheetRead | null {
  const headerIndex = sheet.rows.findIndex((row) => normalised(row.cells[0] ?? '') === 'country');
  if (headerIndex < 0) {
    issues.push({ path: `sheets.${sheet.name}`, code: 'no_header', message: `sheet "${sheet.name}" has no header row (a row whose column A is "Country")` });
    return null;
  }
  const header = sheet.rows[headerIndex]!;
  const years = header.cells.flatMap((cell, column) => (/^\d{4}$/.test(cell.trim()) ? [{ column, year: Number(cell.trim()) }] : []));
  if (years.length === 0) {
    issues.push({ path: cellAddress(sheet.name, header.rowNumber, 1), code: 'no_years', message: `sheet "${sheet.name}", row ${header.rowNumber}: the header names no year column (1949, 1950 …)` });
    return null;
  }
  const seenYear = new Map<number, number>();
  for (const { column, year } of years) {
    const first = seenYear.get(year);
    if (first !== undefined) issues.push({ path: cellAddress(sheet.name, header.rowNumber, column), code: 'duplicate_year', message: `sheet "${sheet.name}", row ${header.rowNumber}, column ${columnLetter(column)}: ${year} is already column ${columnLetter(first)}` });
    else seenYear.set(year, column);
  }
  const where = (rowNumber: number, column: number, year?: number) => `sheet "${sheet.name}", row ${rowNumber}, column ${columnLetter(column)}${year === undefined ? '' : ` (${year})`}`;
  let region: string | null = null;
  let subregion: string | null = null;
  const firstRowOf = new Map<string, number>();
  for (const row of sheet.rows.slice(headerIndex + 1)) {
    const name = (row.cells[0] ?? '').replace(FOOTNOTE_SIGNS, '').trim();
    const filled = years.filter(({ column }) => (row.cells[column] ?? '').trim() !== '');
    if (filled.length === 0) {
      // A region's heading, a blank line or a note under the table: no figures, nothing to import.
      if (name === '') continue;
      const entity = milexEntityOf(name);
      if ('refused' in entity && /region|group/.test(entity.refused)) {
        if (TOP_LEVEL_REGIONS.has(normalised(name))) {
          region = name;
          subregion = null;
        } else subregion = name;
        skipped.push({ sheet: sheet.name, rowNumber: row.rowNumber, reason: `"${name}" is a region's heading` });
      } else skipped.push({ sheet: sheet.name, rowNumber: row.rowNumber, reason: `"${name.slice(0, 60)}" has no figures` });
      continue;
    }
    if (name === '') {
      issues.push({ path: cellAddress(sheet.name, row.rowNumber, 0), code: 'no_country', message: `${where(row.rowNumber, 0)}: a row with figures names no country` });
      continue;
    }
    const entity = milexEntityOf(name);
    if ('refused' in entity) {
      issues.push({ path: cellAddress(sheet.name, row.rowNumber, 0), code: 'unknown_country', message: `${where(row.rowNumber, 0)}: "${name}" ${entity.refused}` });
      continue;
    }
    const first = firstRowOf.get(entity.entity);
    if (first !== undefined) {
      issues.push({ path: cellAddress(sheet.name, row.rowNumber, 0), code: 'duplicate', message: `${where(row.rowNumber, 0)}: ${entity.entity} is already on row ${first}` });
      continue;
    }
    firstRowOf.set(entity.entity, row.rowNumber);
    for (const { column, year } of filled) {
      const reading = readMilexCell(row.cells[column]);
      if ('issue' in reading) {
        issues.push({ path: cellAddress(sheet.name, row.rowNumber, column), code: 'invalid_number', message: `${where(row.rowNumber, column, year)}: ${reading.issue}` });
        continue;
      }
      const key = `${entity.entity}\u0000${year}`;
      let at = held.get(key);
      if (!at) {
        at = { entity, region, subregion, year, cells: {}, flags: new Set() };
        held.set(key, at);
        order.push(key);
      }
      at.cells[measure] = reading.value;
      if (reading.flag) at.flags.add(reading.flag);
      const mark = row.marks?.[column];
      if (mark && reading.value !== null) at.flags.add(mark);
    }
  }
  const entities = firstRowOf.size;
  return {
    summary: { sheet: sheet.name, measure, headerRow: header.rowNumber, entities, firstYear: Math.min(...years.map((y) => y.year)), lastYear: Math.max(...years.map((y) => y.year)) },
    priceBaseYear: measure === 'constantUsdM' ? milexPriceBaseYear(sheet, headerIndex) : null,
  };
}
