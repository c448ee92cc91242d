import { lookUpCountry } from '../countries.js';
import type { RejectedRow, RowIssue } from '../rejected-row.schema.js';

/**
 * The SIPRI Top 100 arms-producing and military services companies of a year: each company's rank, country (of its
 * headquarters; SIPRI's "Trans-European" for Airbus, MBDA and KNDS), arms revenue and total revenue in US$ m, and its
 * arms revenue as a share of its total (a fraction: 0.91 is 91 %). Last year's rank and arms revenue come with it,
 * the latter also in this year's constant prices. A figure SIPRI does not give (". .") is null, never 0; a company
 * not in last year's list (rank "-") has no previous rank.
 */
export interface ArmsCompany {
  /** The year the list ranks: SIPRI's list for 2024 ranks the companies by their 2024 arms revenue. */
  year: number;
  rank: number;
  rankPrevious: number | null;
  company: string;
  /** SIPRI's footnote letters on the company's row, as printed ("f", "h"). */
  notes: string[];
  country: string;
  /** ISO 3166-1 alpha-3; null for "Trans-European" or a name Haven does not know. */
  countryCode: string | null;
  armsRevenueUsdM: number;
  armsRevenuePreviousUsdM: number | null;
  totalRevenueUsdM: number | null;
  armsShareOfTotal: number | null;
  /** Last year's arms revenue at this year's prices, as SIPRI gives it for a real change. */
  armsRevenuePreviousConstantUsdM: number | null;
}

type Field = 'rank' | 'rankPrevious' | 'company' | 'notes' | 'country' | 'armsRevenue' | 'armsRevenuePrevious' | 'totalRevenue' | 'armsShare' | 'armsSharePercent' | 'armsRevenuePreviousConstant';

/** Where each field is in the file: its index and the column's name as written. */
export interface ArmsCompanyTable {
  year: number;
  columns: Partial<Record<Field, { index: number; column: string }>>;
}

/** A header cell as words: lower case, letters and digits joined by single underscores ("Rank 2024" → rank_2024). */
export const snakeHeader = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * The header of a Top 100 file. Years are in the column names (`rank_2024`, `arms_revenue_2024_usd_m`), as SIPRI's
 * tables have them ("Rank 2024", "Arms revenue 2024", "Arms revenue as a % of total revenue 2024" — a percentage, read
 * as such); the list's year is the later of the two rank years. `company` may carry a footnote mark ("Company (c)").
 */
export function armsCompanyTableOf(header: readonly string[]): ArmsCompanyTable | { refused: string; missing: string[] } {
  const names = header.map((h) => snakeHeader(h.trim()));
  const rankYears = names.flatMap((n) => {
    const m = /^rank_(\d{4})$/.exec(n);
    return m ? [Number(m[1])] : [];
  });
  if (rankYears.length === 0) return { refused: "this is not SIPRI's Top 100 arms-producing companies: the header has no rank_<year> column", missing: ['rank_<year>'] };
  const year = Math.max(...rankYears);
  const previous = year - 1;
  const patterns: Record<Field, RegExp> = {
    rank: new RegExp(`^rank_${year}$`),
    rankPrevious: new RegExp(`^rank_${previous}$`),
    company: /^company(_[a-z0-9]{1,3})?$/,
    notes: new RegExp(`^notes(_${year})?$`),
    country: /^country$/,
    armsRevenue: new RegExp(`^arms_revenue_${year}(_(us|usd)_?m)?$`),
    armsRevenuePrevious: new RegExp(`^arms_revenue_${previous}(_(us|usd)_?m)?$`),
    totalRevenue: new RegExp(`^total_revenue_${year}(_(us|usd)_?m)?$`),
    armsShare: new RegExp(`^arms_share_of_total_${year}$`),
    armsSharePercent: new RegExp(`^arms_revenue_as_a_%_of_total_revenue_${year}$|^arms_revenue_as_a_of_total_revenue_${year}$|^arms_share_of_total_${year}_%$`),
    armsRevenuePreviousConstant: new RegExp(`^arms_revenue_${previous}_const(ant)?_?${year}(_(us|usd)_?m)?$`),
  };
  const columns: ArmsCompanyTable['columns'] = {};
  const twice: string[] = [];
  names.forEach((name, index) => {
    for (const [field, pattern] of Object.entries(patterns) as [Field, RegExp][]) {
      if (!pattern.test(name)) continue;
      if (columns[field]) twice.push(`"${columns[field].column}" and "${header[index]!.trim()}"`);
      else columns[field] = { index, column: header[index]!.trim() };
    }
  });
  if (twice.length > 0) return { refused: `the header names a column twice: ${twice.join('; ')}`, missing: [] };
  if (columns.armsShare && columns.armsSharePercent) return { refused: 'the header gives the arms share twice, as a fraction and as a percentage', missing: [] };
  const missing = [
    ...(columns.rank ? [] : [`rank_${year}`]),
    ...(columns.company ? [] : ['company']),
    ...(columns.country ? [] : ['country']),
    ...(columns.armsRevenue ? [] : [`arms_revenue_${year}_usd_m`]),
  ];
  if (missing.length > 0) return { refused: `this is not SIPRI's Top 100 arms-producing companies: the header lacks ${missing.join(', ')}`, missing };
  return { year, columns };
}

/** SIPRI's marks: ". ." a figure not available; "-" (in a rank) a company not in that year's list. */
const NOT_AVAILABLE = /^(\.\s*\.+|…|n\/a|na|)$/i;
const NOT_RANKED = /^[-–—]$/;

type Cell<T> = { value: T } | { issue: string; code: string };

function amountCell(raw: string): Cell<number | null> {
  const text = raw.trim();
  if (NOT_AVAILABLE.test(text)) return { value: null };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { issue: `"${text}" is not a number`, code: 'invalid_number' };
  const value = Number(text);
  if (value < 0) return { issue: `${text} is negative`, code: 'invalid_number' };
  return { value };
}

function rankCell(raw: string, allowUnranked: boolean): Cell<number | null> {
  const text = raw.trim();
  if (allowUnranked && (NOT_RANKED.test(text) || NOT_AVAILABLE.test(text))) return { value: null };
  if (!/^\d+$/.test(text) || Number(text) < 1) return { issue: text ? `"${text}" is not a rank (1, 2, …)` : 'is empty', code: 'invalid_rank' };
  return { value: Number(text) };
}

export type ArmsCompanyReading = { company: ArmsCompany } | { rejected: RejectedRow };

/** One company's row, every problem named by its column. */
export function armsCompanyOf(cells: readonly (string | undefined)[], rowNumber: number, table: ArmsCompanyTable): ArmsCompanyReading {
  const issues: RowIssue[] = [];
  const raw = (field: Field) => {
    const at = table.columns[field];
    return at ? (cells[at.index] ?? '') : '';
  };
  const read = <T>(field: Field, reading: Cell<T>): T | undefined => {
    if ('issue' in reading) {
      issues.push({ path: table.columns[field]?.column ?? field, message: reading.issue, code: reading.code });
      return undefined;
    }
    return reading.value;
  };
  const name = (field: 'company' | 'country') => {
    const text = raw(field).trim();
    // eslint-disable-next-line no-control-regex
    if (text === '' || /[\u0000-\u001f\u007f]/.test(text) || text.length > 200) {
      issues.push({ path: table.columns[field]!.column, message: text === '' ? 'is empty' : 'is not a name (a control character, or over 200 characters)', code: 'invalid_text' });
      return undefined;
    }
    return text;
  };
  const rank = read('rank', rankCell(raw('rank'), false));
  const rankPrevious = read('rankPrevious', rankCell(raw('rankPrevious'), true));
  const company = name('company');
  const country = name('country');
  const armsRevenue = read('armsRevenue', amountCell(raw('armsRevenue')));
  if (armsRevenue === null) issues.push({ path: table.columns.armsRevenue!.column, message: 'is not given: a ranked company has an arms revenue', code: 'required' });
  const armsRevenuePrevious = read('armsRevenuePrevious', amountCell(raw('armsRevenuePrevious')));
  const totalRevenue = read('totalRevenue', amountCell(raw('totalRevenue')));
  const armsRevenuePreviousConstant = read('armsRevenuePreviousConstant', amountCell(raw('armsRevenuePreviousConstant')));
  let armsShare: number | null | undefined = null;
  if (table.columns.armsShare) {
    armsShare = read('armsShare', amountCell(raw('armsShare')));
    if (armsShare !== undefined && armsShare !== null && armsShare > 1) {
      issues.push({ path: table.columns.armsShare.column, message: `${raw('armsShare').trim()} is above 1: the share is a fraction (0.91 is 91 %)`, code: 'percent_not_fraction' });
      armsShare = undefined;
    }
  } else if (table.columns.armsSharePercent) {
    const percent = read('armsSharePercent', amountCell(raw('armsSharePercent')));
    if (percent !== undefined && percent !== null && percent > 100) {
      issues.push({ path: table.columns.armsSharePercent.column, message: `${raw('armsSharePercent').trim()} is above 100 %`, code: 'out_of_range' });
      armsShare = undefined;
    } else armsShare = percent === undefined ? undefined : percent === null ? null : percent / 100;
  }
  const notes = raw('notes')
    .split(/[,;\s]+/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (notes.some((n) => n.length > 8)) issues.push({ path: table.columns.notes?.column ?? 'notes', message: 'holds something other than footnote marks', code: 'invalid_text' });
  if (issues.length > 0) return { rejected: { rowNumber, issues } };
  const found = lookUpCountry(country!);
  return {
    company: {
      year: table.year,
      rank: rank!,
      rankPrevious: rankPrevious!,
      company: company!,
      notes,
      country: country!,
      countryCode: 'code' in found ? found.code : null,
      armsRevenueUsdM: armsRevenue!,
      armsRevenuePreviousUsdM: armsRevenuePrevious!,
      totalRevenueUsdM: totalRevenue!,
      armsShareOfTotal: armsShare!,
      armsRevenuePreviousConstantUsdM: armsRevenuePreviousConstant!,
    },
  };
}

/**
 * Rows that cannot stand together in one year's list: a rank or a company given twice. Each later row is refused,
 * naming the earlier one.
 */
export function duplicateCompanyRows(companies: readonly { company: ArmsCompany; rowNumber: number }[], table: ArmsCompanyTable): RejectedRow[] {
  const rankAt = new Map<number, number>();
  const nameAt = new Map<string, number>();
  const rejected: RejectedRow[] = [];
  for (const { company, rowNumber } of companies) {
    const issues: RowIssue[] = [];
    const rankRow = rankAt.get(company.rank);
    const key = company.company.toLowerCase();
    const nameRow = nameAt.get(key);
    if (rankRow !== undefined) issues.push({ path: table.columns.rank!.column, code: 'duplicate', message: `rank ${company.rank} is already row ${rankRow}'s` });
    if (nameRow !== undefined) issues.push({ path: table.columns.company!.column, code: 'duplicate', message: `${company.company} is already on row ${nameRow}` });
    if (issues.length > 0) rejected.push({ rowNumber, issues });
    else {
      rankAt.set(company.rank, rowNumber);
      nameAt.set(key, rowNumber);
    }
  }
  return rejected;
}

/** Each company's share of the listed companies' combined arms revenue that year (the Top 100's total). */
export function shareOfListTotal(companies: readonly Pick<ArmsCompany, 'armsRevenueUsdM'>[]): { total: number; shareOf: (c: Pick<ArmsCompany, 'armsRevenueUsdM'>) => number } {
  const total = companies.reduce((sum, c) => sum + c.armsRevenueUsdM, 0);
  return { total, shareOf: (c) => (total === 0 ? 0 : c.armsRevenueUsdM / total) };
}
