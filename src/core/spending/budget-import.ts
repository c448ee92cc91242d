import { z } from 'zod';
import type { FieldIssue } from '../errors.js';
import type { RejectedRow } from '../rejected-row.schema.js';
import { budgetSchema, lineKeyOf, MAX_BUDGET_YEARS, yearsText, type Budget, type BudgetItem, type PriceBasis } from './budget.js';
import { NATO_CATEGORIES, PURPOSE_CLASSES, type NatoCategory, type PurposeClass } from './rebalancing.js';

/**
 * How a budget kept as a spreadsheet (CSV) becomes a budget: which column holds the NATO category, the purpose class
 * and the line's label, and where the amounts are — a row per line and year (`long`: a year column and an amount
 * column) or a row per line with a column per year (`wide`). Amounts may be in units, thousands, millions or billions
 * and written with a decimal point or a decimal comma; values the file uses for categories and classes may be mapped
 * to Haven's. Documented in docs/posture-and-spending.md.
 */

const column = z.string().trim().min(1, 'name a column').max(200);

export const BUDGET_LAYOUTS = ['long', 'wide'] as const;
export const AMOUNT_UNITS = ['units', 'thousands', 'millions', 'billions'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];
/** In millions: divided for the smaller units, so 120500 thousand is 120.5 exactly (multiplying by 0.001 is not). */
const IN_MILLIONS: Record<AmountUnit, (n: number) => number> = { units: (n) => n / 1e6, thousands: (n) => n / 1e3, millions: (n) => n, billions: (n) => n * 1e3 };

/** How numbers are written, shown as an example: a decimal point or comma, with or without thousands separators. */
export const NUMBER_FORMATS = ['1234.5', '1,234.5', '1234,5', '1.234,5', '1 234,5'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

export const budgetImportMappingSchema = z
  .object({
    layout: z.enum(BUDGET_LAYOUTS),
    category: column,
    purpose: column,
    label: column,
    /** Long layout: the column of the year and the column of the amount. */
    year: column.optional(),
    amount: column.optional(),
    /** Wide layout: the year columns, column → year. Without them, every column named by a year ("2026", "FY2026"). */
    yearColumns: z.record(column, z.number().int().min(1900).max(2200)).optional(),
    unit: z.enum(AMOUNT_UNITS).default('millions'),
    numberFormat: z.enum(NUMBER_FORMATS).default('1234.5'),
    /** The file's words for categories and classes → Haven's (compared ignoring case, spaces and punctuation). */
    categoryValues: z.record(z.string().trim().min(1).max(200), z.enum(NATO_CATEGORIES)).default({}),
    purposeValues: z.record(z.string().trim().min(1).max(200), z.enum(PURPOSE_CLASSES)).default({}),
  })
  .superRefine((m, ctx) => {
    if (m.layout === 'long') {
      if (!m.year) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a long budget (a row per line and year) names its year column' });
      if (!m.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'a long budget (a row per line and year) names its amount column' });
      if (m.yearColumns) ctx.addIssue({ code: 'custom', path: ['yearColumns'], message: 'year columns belong to a wide budget (a column per year)' });
    } else {
      if (m.year) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a wide budget has a column per year, not a year column' });
      if (m.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'a wide budget has a column per year, not an amount column' });
      const years = Object.values(m.yearColumns ?? {});
      if (m.yearColumns && years.length === 0) ctx.addIssue({ code: 'custom', path: ['yearColumns'], message: 'name at least one year column' });
      if (new Set(years).size !== years.length) ctx.addIssue({ code: 'custom', path: ['yearColumns'], message: 'two columns are given the same year' });
      if (years.length > MAX_BUDGET_YEARS) ctx.addIssue({ code: 'custom', path: ['yearColumns'], message: `a budget covers at most ${MAX_BUDGET_YEARS} years` });
    }
  });
export type BudgetImportMapping = z.output<typeof budgetImportMappingSchema>;
export type BudgetImportMappingInput = z.input<typeof budgetImportMappingSchema>;

/** Letters and digits only, lower case: "Operations & Maintenance" and "operations_maintenance" meet as "operationsmaintenance". */
const squash = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, '')
    .replace(/\band\b/g, '')
    .replace(/[^a-z0-9]/g, '');

/** The words Haven knows without a mapping: its own codes and the usual English names (NATO's, the classes' labels). */
const KNOWN_CATEGORIES: Record<string, NatoCategory> = {
  ...Object.fromEntries(NATO_CATEGORIES.map((c) => [squash(c), c])),
  personnel: 'personnel',
  personnelexpenditure: 'personnel',
  pay: 'personnel',
  equipment: 'equipment',
  equipmentexpenditure: 'equipment',
  majorequipment: 'equipment',
  equipmentinclrd: 'equipment',
  equipmentincludingrd: 'equipment',
  majorequipmentrd: 'equipment',
  rd: 'equipment',
  researchdevelopment: 'equipment',
  infrastructure: 'infrastructure',
  operationsmaintenance: 'operations_maintenance',
  om: 'operations_maintenance',
};
const KNOWN_PURPOSES: Record<string, PurposeClass> = {
  ...Object.fromEntries(PURPOSE_CLASSES.map((c) => [squash(c), c])),
  defence: 'defensive',
  defense: 'defensive',
  protection: 'protective',
  protectivepolicing: 'protective',
  policing: 'protective',
  peaceoperations: 'peace_operations',
  peacekeeping: 'peace_operations',
  offence: 'offensive',
  offense: 'offensive',
  dualuse: 'dual_use',
};

const HAVEN_CATEGORY_WORDS = NATO_CATEGORIES.join(', ');
const HAVEN_PURPOSE_WORDS = PURPOSE_CLASSES.join(', ');

/** A column named by a year: "2026", "FY2026", "FY 2026", "Year 2026". */
export function yearOfColumn(name: string): number | undefined {
  const match = /^\s*(?:fy|year|yr)?\s*[-_ ]?\s*(\d{4})\s*$/i.exec(name);
  const y = match ? Number(match[1]) : Number.NaN;
  return y >= 1900 && y <= 2200 ? y : undefined;
}

const normalise = (name: string) => name.trim().toLowerCase();

/** The year columns a wide mapping reads, in the order of the years. */
function yearColumnsOf(mapping: BudgetImportMapping, header: readonly string[]): { column: string; year: number }[] {
  const pairs = mapping.yearColumns ? Object.entries(mapping.yearColumns).map(([c, y]) => ({ column: c, year: y })) : header.flatMap((c) => (yearOfColumn(c) === undefined ? [] : [{ column: c.trim(), year: yearOfColumn(c)! }]));
  return pairs.sort((a, b) => a.year - b.year);
}

const GUESSES: Record<'category' | 'purpose' | 'label' | 'year' | 'amount', RegExp> = {
  category: /^(nato[ _-]?)?(category|catégorie|categorie|kategorie|cat)([ _-]?\(?(otan|nato)\)?)?$/i,
  purpose: /^(purpose([ _-]?class)?|class|classe|zweck)$/i,
  label: /^(label|line|item|description|programme|program|line[ _-]?item|title|poste|libell[eé]|bezeichnung)$/i,
  year: /^(year|fiscal[ _-]?year|fy|ann[eé]e|jahr)$/i,
  amount: /^(amount|value|montant|betrag|budget)([ _(-].*)?$/i,
};

/**
 * A first mapping for a file's header, for the import dialog to show and the user to correct: columns named like the
 * roles (category, purpose or class, label or item, year, amount), and the layout from whether there are year columns.
 * Undefined when the header names no category, class or label column.
 */
export function guessBudgetMapping(header: readonly string[]): BudgetImportMappingInput | undefined {
  const find = (role: keyof typeof GUESSES) => header.find((h) => GUESSES[role].test(h.trim()))?.trim();
  const category = find('category');
  const purpose = find('purpose');
  const label = find('label');
  if (!category || !purpose || !label) return undefined;
  const year = find('year');
  const amount = find('amount');
  if (year && amount) return { layout: 'long', category, purpose, label, year, amount };
  if (header.some((h) => yearOfColumn(h) !== undefined)) return { layout: 'wide', category, purpose, label };
  return undefined;
}

/** Every column a mapping reads (a wide mapping's year columns as the header gives them). */
export function mappedBudgetColumns(mapping: BudgetImportMapping, header: readonly string[]): string[] {
  const names = [mapping.category, mapping.purpose, mapping.label, mapping.year, mapping.amount, ...(mapping.layout === 'wide' ? yearColumnsOf(mapping, header).map((c) => c.column) : [])];
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

const NUMBER_PATTERNS: Record<NumberFormat, { pattern: RegExp; clean: (text: string) => string }> = {
  '1234.5': { pattern: /^\d+(\.\d+)?$/, clean: (t) => t },
  '1,234.5': { pattern: /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/, clean: (t) => t.replace(/,/g, '') },
  '1234,5': { pattern: /^\d+(,\d+)?$/, clean: (t) => t.replace(',', '.') },
  '1.234,5': { pattern: /^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/, clean: (t) => t.replace(/\./g, '').replace(',', '.') },
  '1 234,5': { pattern: /^(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)(,\d+)?$/, clean: (t) => t.replace(/[ \u00a0\u202f]/g, '').replace(',', '.') },
};

/** A cell as an amount in millions, or why it is not one. */
export function readBudgetAmount(text: string, mapping: Pick<BudgetImportMapping, 'numberFormat' | 'unit'>): { amountM: number } | { problem: string; code: string } {
  const value = text.trim();
  if (value === '') return { problem: 'is empty: give 0 where nothing is budgeted', code: 'empty' };
  if (/^[-−–(]/.test(value)) return { problem: `"${value}" is negative: a budget line's amount is 0 or more`, code: 'negative' };
  const format = NUMBER_PATTERNS[mapping.numberFormat];
  if (!format.pattern.test(value)) return { problem: `"${value}" is not a number written as ${mapping.numberFormat} (the mapping's numberFormat)`, code: 'not_a_number' };
  const amount = Number(format.clean(value));
  if (!Number.isFinite(amount)) return { problem: `"${value}" is not a number`, code: 'not_a_number' };
  return { amountM: IN_MILLIONS[mapping.unit](amount) };
}

function readValue<T extends string>(text: string, mapped: Readonly<Record<string, T>>, known: Readonly<Record<string, T>>): T | undefined {
  const key = squash(text);
  const own = Object.entries(mapped).find(([word]) => squash(word) === key);
  return own ? own[1] : known[key];
}

/** What a budget is besides its lines: given with the import, not read from the file. */
export interface BudgetImportMeta {
  name: string;
  force: string;
  currency: string;
  priceBasis: PriceBasis;
  note?: string | undefined;
}

export type BudgetReading =
  /** The header lacks a column the mapping reads, or has no year column: nothing of the file can be read. */
  | { fileIssues: FieldIssue[] }
  /** Rows at fault, each with the file's column and why; no budget is made of a file with one. */
  | { rejected: RejectedRow[] }
  | { years: number[]; lines: BudgetItem[]; rows: number; blankRows: number };

interface LineBeingRead {
  line: BudgetItem;
  firstRow: number;
  /** Long layout: the row each year came from. */
  rowOfYear: Map<number, number>;
}

/**
 * Reads a budget's rows (the header is row 1) with a mapping: every row is checked and every problem named with its
 * row and the file's column. In the long layout the rows of one line (same category, class and label) gather into
 * one line, a year given twice refused on the second row; every line must have an amount for every year the file
 * has (0 where nothing is budgeted). A row whose mapped cells are all empty is skipped and counted.
 */
export function readBudgetRows(header: readonly string[], body: readonly (readonly string[])[], mapping: BudgetImportMapping): BudgetReading {
  const index = new Map(header.map((h, i) => [normalise(h), i] as const));
  const wanted = mappedBudgetColumns(mapping, header);
  const missing = wanted.filter((c) => !index.has(normalise(c)));
  if (missing.length > 0) return { fileIssues: missing.map((c) => ({ path: c, code: 'missing_column', message: `the file has no column “${c}” (its columns: ${header.map((h) => h.trim()).join(', ')})` })) };
  const yearColumns = mapping.layout === 'wide' ? yearColumnsOf(mapping, header) : [];
  if (mapping.layout === 'wide' && yearColumns.length === 0) {
    return { fileIssues: [{ path: 'yearColumns', code: 'no_year_columns', message: `the file has no column named by a year (such as 2026 or FY2026): name the year columns in the mapping, or read it as long (its columns: ${header.map((h) => h.trim()).join(', ')})` }] };
  }
  const cell = (cells: readonly string[], name: string) => (cells[index.get(normalise(name))!] ?? '').trim();

  const rejected: RejectedRow[] = [];
  const lines = new Map<string, LineBeingRead>();
  const years = new Set<number>(yearColumns.map((c) => c.year));
  let rows = 0;
  let blankRows = 0;
  body.forEach((cells, i) => {
    const rowNumber = i + 2;
    if (wanted.every((c) => cell(cells, c) === '')) {
      blankRows++;
      return;
    }
    rows++;
    const issues: FieldIssue[] = [];
    const beyond = cells.slice(header.length).filter((c) => c.trim() !== '');
    if (beyond.length > 0) {
      issues.push({ path: 'cells', code: 'extra_cells', message: `has ${cells.length} cells where the header has ${header.length} (${beyond.map((c) => `"${c.trim()}"`).join(', ')} beyond the last column): a separator inside a cell needs quotes` });
    }
    const categoryText = cell(cells, mapping.category);
    const purposeText = cell(cells, mapping.purpose);
    const label = cell(cells, mapping.label);
    const category = categoryText === '' ? undefined : readValue(categoryText, mapping.categoryValues, KNOWN_CATEGORIES);
    const purpose = purposeText === '' ? undefined : readValue(purposeText, mapping.purposeValues, KNOWN_PURPOSES);
    if (categoryText === '') issues.push({ path: mapping.category, code: 'empty', message: 'is empty: every line has a NATO category' });
    else if (!category) issues.push({ path: mapping.category, code: 'unknown_category', message: `"${categoryText}" is not a NATO category (${HAVEN_CATEGORY_WORDS}): map it in the mapping's categoryValues` });
    if (purposeText === '') issues.push({ path: mapping.purpose, code: 'empty', message: 'is empty: every line has a purpose class' });
    else if (!purpose) issues.push({ path: mapping.purpose, code: 'unknown_purpose', message: `"${purposeText}" is not a purpose class (${HAVEN_PURPOSE_WORDS}): map it in the mapping's purposeValues` });
    if (label === '') issues.push({ path: mapping.label, code: 'empty', message: 'is empty: every line has a label' });
    else if (label.length > 200) issues.push({ path: mapping.label, code: 'too_long', message: `is ${label.length} characters long; a label has at most 200` });

    const amounts: { year: number; amountM: number }[] = [];
    if (mapping.layout === 'long') {
      const yearText = cell(cells, mapping.year!);
      const y = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
      if (!(y >= 1900 && y <= 2200)) issues.push({ path: mapping.year!, code: 'not_a_year', message: yearText === '' ? 'is empty: every row has its year' : `"${yearText}" is not a year (four digits, 1900–2200)` });
      const read = readBudgetAmount(cell(cells, mapping.amount!), mapping);
      if ('problem' in read) issues.push({ path: mapping.amount!, code: read.code, message: read.problem });
      else if (y >= 1900 && y <= 2200) amounts.push({ year: y, amountM: read.amountM });
    } else {
      for (const { column: c, year: y } of yearColumns) {
        const read = readBudgetAmount(cell(cells, c), mapping);
        if ('problem' in read) issues.push({ path: c, code: read.code, message: read.problem });
        else amounts.push({ year: y, amountM: read.amountM });
      }
    }
    if (issues.length > 0 || !category || !purpose) {
      rejected.push({ rowNumber, issues });
      return;
    }
    const key = lineKeyOf({ category, purpose, label });
    const held = lines.get(key);
    if (mapping.layout === 'wide' || !held) {
      if (held) {
        rejected.push({ rowNumber, issues: [{ path: mapping.label, code: 'duplicate', message: `the line “${label}” (${category}, ${purpose}) is already on row ${held.firstRow}` }] });
        return;
      }
      const line: LineBeingRead = { line: { label, category, purpose, amountsM: {} }, firstRow: rowNumber, rowOfYear: new Map() };
      lines.set(key, line);
    }
    const line = lines.get(key)!;
    for (const { year: y, amountM } of amounts) {
      const earlier = line.rowOfYear.get(y);
      if (earlier !== undefined) {
        rejected.push({ rowNumber, issues: [{ path: mapping.year!, code: 'duplicate', message: `the line “${label}” already has an amount for ${y} on row ${earlier}` }] });
        continue;
      }
      line.rowOfYear.set(y, rowNumber);
      line.line.amountsM[String(y)] = amountM;
      years.add(y);
    }
  });
  if (rejected.length > 0) return { rejected };
  const sortedYears = [...years].sort((a, b) => a - b);
  // A line of the long layout that lacks a year the others have: named on its first row.
  if (mapping.layout === 'long') {
    for (const { line, firstRow } of lines.values()) {
      const lacking = sortedYears.filter((y) => line.amountsM[String(y)] === undefined);
      if (lacking.length > 0) {
        rejected.push({ rowNumber: firstRow, issues: [{ path: mapping.year!, code: 'missing_year', message: `the line “${line.label}” has no row for ${yearsText(lacking)} (the file covers ${yearsText(sortedYears)}): add a row with 0 where nothing is budgeted` }] });
      }
    }
    if (rejected.length > 0) return { rejected };
  }
  return { years: sortedYears, lines: [...lines.values()].map((l) => l.line), rows, blankRows };
}

/** The lines read and the import's own details (name, force, currency, price basis) as a budget, checked whole. */
export function budgetOfReading(reading: { years: number[]; lines: BudgetItem[] }, meta: BudgetImportMeta): { budget: Budget } | { issues: FieldIssue[] } {
  const parsed = budgetSchema.safeParse({ ...meta, years: reading.years, lines: reading.lines });
  if (parsed.success) return { budget: parsed.data };
  return { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })) };
}

export interface ValueSeen<T extends string> {
  /** The word as the file writes it (its first spelling). */
  value: string;
  /** What the mapping (or Haven's own words) makes of it; null when nothing does. */
  mapped: T | null;
}

/** At most this many distinct words of a column are listed for the import dialog to map. */
export const MAX_VALUES_LISTED = 200;

/**
 * The distinct words of the category and purpose columns and what each is read as, so the import dialog can ask for
 * the ones nothing maps. A column the header lacks lists nothing.
 */
export function valuesSeen(header: readonly string[], body: readonly (readonly string[])[], mapping: BudgetImportMapping): { category: ValueSeen<NatoCategory>[]; purpose: ValueSeen<PurposeClass>[] } {
  const index = new Map(header.map((h, i) => [normalise(h), i] as const));
  const seen = <T extends string>(column: string, mapped: Readonly<Record<string, T>>, known: Readonly<Record<string, T>>): ValueSeen<T>[] => {
    const at = index.get(normalise(column));
    if (at === undefined) return [];
    const words = new Map<string, string>();
    for (const cells of body) {
      const value = (cells[at] ?? '').trim();
      if (value !== '' && !words.has(squash(value)) && words.size < MAX_VALUES_LISTED) words.set(squash(value), value);
    }
    return [...words.values()].map((value) => ({ value, mapped: readValue(value, mapped, known) ?? null }));
  };
  return { category: seen(mapping.category, mapping.categoryValues, KNOWN_CATEGORIES), purpose: seen(mapping.purpose, mapping.purposeValues, KNOWN_PURPOSES) };
}
