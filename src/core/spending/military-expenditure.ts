import { z } from 'zod';
import { lookUpCountry, normaliseCountryName } from '../countries.js';
import type { RejectedRow, RowIssue } from '../rejected-row.schema.js';

/**
 * Military expenditure by country and year, as the SIPRI Military Expenditure Database publishes it: in constant US$
 * of a base year, in current US$, as a share of GDP, per person and as a share of government spending. A figure SIPRI
 * does not have is `null` with the reason in `flags`, never 0: a gap drawn as zero would read as disarmament.
 */
export const MILEX_MEASURES = ['constantUsdM', 'currentUsdM', 'shareOfGdp', 'perCapitaUsd', 'shareOfGovernmentSpending'] as const;
export type MilexMeasure = (typeof MILEX_MEASURES)[number];

/** What each measure is, in the unit SIPRI gives it (shares as fractions: 0.0396 is 3.96 %). */
export const MILEX_MEASURE_LABELS: Record<MilexMeasure, string> = {
  constantUsdM: 'Constant US$ m (base-year prices)',
  currentUsdM: 'Current US$ m',
  shareOfGdp: 'Share of GDP',
  perCapitaUsd: 'Per person, current US$',
  shareOfGovernmentSpending: 'Share of government spending',
};

/** Measures that add up across countries; shares and amounts per person do not. */
export const SUMMABLE_MEASURES: ReadonlySet<MilexMeasure> = new Set(['constantUsdM', 'currentUsdM']);

/**
 * SIPRI's notes on a country-year. `not_independent`: the state did not exist or was not independent that year (SIPRI's
 * "xxx"); `some_unavailable`: one or more figures are not available (SIPRI's ". ."); `estimate` and `uncertain`:
 * SIPRI's estimates and highly uncertain figures (blue and red in SIPRI's workbook, carried where a file marks them).
 */
export const MILEX_FLAGS = ['estimate', 'uncertain', 'not_independent', 'some_unavailable'] as const;
export type MilexFlag = (typeof MILEX_FLAGS)[number];

export const milexObservationSchema = z.object({
  /** The name SIPRI uses: the series' key, kept apart from the ISO code because former states have series of their own. */
  entity: z.string().min(1),
  /** ISO 3166-1 alpha-3 where the entity is today's country; null for a former state (USSR) or a body (European Union). */
  country: z.string().length(3).nullable(),
  kind: z.enum(['country', 'former_state', 'organisation']),
  region: z.string().nullable(),
  subregion: z.string().nullable(),
  year: z.number().int().min(1900).max(2200),
  constantUsdM: z.number().nonnegative().nullable(),
  currentUsdM: z.number().nonnegative().nullable(),
  // Not capped at 1: Kuwait spent 117 % of its GDP in 1991.
  shareOfGdp: z.number().nonnegative().nullable(),
  perCapitaUsd: z.number().nonnegative().nullable(),
  shareOfGovernmentSpending: z.number().nonnegative().nullable(),
  flags: z.array(z.enum(MILEX_FLAGS)),
});
export type MilexObservation = z.output<typeof milexObservationSchema>;

/**
 * Entities whose series must not be merged into today's country: SIPRI keeps the USSR apart from Russia, the GDR
 * from Germany, North Yemen from Yemen. (For incidents, Haven places these under today's country; for spending, the
 * state that spent is what counts.)
 */
const FORMER_STATES = new Set(['ussr', 'soviet union', 'yugoslavia', 'czechoslovakia', 'german democratic republic', 'yemen, north', 'north yemen', 'serbia and montenegro']);
const ORGANISATIONS = new Set(['european union']);

export type MilexEntity = Pick<MilexObservation, 'entity' | 'country' | 'kind'>;

/** Which entity a SIPRI name is, or why it is not one (a region's heading row, an unknown name). */
export function milexEntityOf(name: string): MilexEntity | { refused: string } {
  const key = normaliseCountryName(name);
  const entity = name.trim();
  if (FORMER_STATES.has(key)) return { entity, country: null, kind: 'former_state' };
  if (ORGANISATIONS.has(key)) return { entity, country: null, kind: 'organisation' };
  const found = lookUpCountry(name);
  return 'code' in found ? { entity, country: found.code, kind: 'country' } : found;
}

/** The columns of SIPRI's long table; the constant-price column names its base year (`milex_const2024_usd_m`). */
const CONSTANT_COLUMN = /^milex_const(\d{4})_usd_m$/;
const LONG_COLUMNS = {
  currentUsdM: 'milex_current_usd_m',
  shareOfGdp: 'share_of_gdp',
  perCapitaUsd: 'per_capita_current_usd',
  shareOfGovernmentSpending: 'share_of_govt_spending',
} as const;

export interface MilexLongTable {
  /** The year whose prices the constant series is in. */
  priceBaseYear: number;
  constantColumn: string;
}

/** Reads the header of a SIPRI long table, or says which columns are missing. */
export function milexLongTableOf(header: readonly string[]): MilexLongTable | { missing: string[] } {
  const columns = header.map((h) => h.trim());
  const constantColumn = columns.find((c) => CONSTANT_COLUMN.test(c));
  const missing = ['country', 'year', ...(constantColumn ? [] : ['milex_const<YEAR>_usd_m']), ...Object.values(LONG_COLUMNS)].filter((c) => c.includes('<') || !columns.includes(c));
  if (missing.length > 0 || !constantColumn) return { missing };
  return { priceBaseYear: Number(CONSTANT_COLUMN.exec(constantColumn)![1]), constantColumn };
}

/**
 * Whether a file's shares look like percentages rather than SIPRI's fractions: a single share above 1 is real (Kuwait,
 * 1991: 1.17 of GDP), but a median above 0.3 is not — no set of countries spends 30 % of GDP on the military.
 */
export function sharesLookLikePercentages(observations: readonly MilexObservation[]): boolean {
  const shares = observations.map((o) => o.shareOfGdp).filter((s): s is number => s !== null).sort((a, b) => a - b);
  return shares.length > 0 && shares[Math.floor(shares.length / 2)]! > 0.3;
}

/** SIPRI's own marks for a cell without a figure: ". ." (not available) and "xxx" (the state did not exist). */
const NOT_AVAILABLE = /^(\.\s*\.+|…|n\/a|na)$/i;
const NOT_INDEPENDENT = /^x+$/i;

export type MilexCellReading = { value: number | null; flag?: MilexFlag } | { issue: string };

/** One cell of SIPRI's: a figure, a mark for a gap (with its flag), empty, or why it is none of these. */
export function readMilexCell(raw: string | undefined): MilexCellReading {
  const text = (raw ?? '').trim();
  if (text === '') return { value: null };
  if (NOT_AVAILABLE.test(text)) return { value: null, flag: 'some_unavailable' };
  if (NOT_INDEPENDENT.test(text)) return { value: null, flag: 'not_independent' };
  // Plain decimal numbers (SIPRI writes the largest in exponent form, "1.0491e+06"); a thousands separator or a unit
  // would be a different file than the one described.
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) return { issue: `"${text}" is not a number` };
  const value = Number(text);
  if (value < 0) return { issue: `${text} is negative` };
  return { value };
}

export type MilexRowReading = { observation: MilexObservation } | { skipped: string } | { rejected: RejectedRow };

/**
 * One row of SIPRI's long table. A region's heading row (a name that is a region, with no figures) is skipped, not
 * refused: SIPRI's sheets interleave them with the countries.
 */
export function milexObservationFromLongRow(record: Readonly<Record<string, string | undefined>>, rowNumber: number, table: MilexLongTable): MilexRowReading {
  const issues: RowIssue[] = [];
  const name = (record.country ?? '').trim();
  const yearText = (record.year ?? '').trim();
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  if (year === undefined) issues.push({ path: 'year', message: yearText ? `"${yearText}" is not a year` : 'is required', code: 'invalid_year' });
  const cells: Partial<Record<MilexMeasure, number | null>> = {};
  const flags = new Set<MilexFlag>();
  const columnOf: Record<MilexMeasure, string> = { constantUsdM: table.constantColumn, ...LONG_COLUMNS };
  for (const measure of MILEX_MEASURES) {
    const column = columnOf[measure];
    const reading = readMilexCell(record[column]);
    if ('issue' in reading) issues.push({ path: column, message: reading.issue, code: 'invalid_number' });
    else {
      cells[measure] = reading.value;
      if (reading.flag) flags.add(reading.flag);
    }
  }
  for (const flag of (record.flags ?? '').split(/[;,|]/).map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_')).filter(Boolean)) {
    if ((MILEX_FLAGS as readonly string[]).includes(flag)) flags.add(flag as MilexFlag);
    else issues.push({ path: 'flags', message: `"${flag}" is not one of ${MILEX_FLAGS.join(', ')}`, code: 'unknown_flag' });
  }
  const entity = milexEntityOf(name);
  if ('refused' in entity) {
    const hasFigures = MILEX_MEASURES.some((m) => cells[m] !== null && cells[m] !== undefined);
    if (!hasFigures && name !== '' && /region|group/.test(entity.refused)) return { skipped: `${entity.refused} (a heading without figures)` };
    issues.push({ path: 'country', message: entity.refused, code: 'unknown_country' });
  }
  if (issues.length > 0 || 'refused' in entity || year === undefined) return { rejected: { rowNumber, issues } };
  // Every figure missing with no reason given is still a gap, and says so.
  if (MILEX_MEASURES.some((m) => cells[m] === null) && !flags.has('not_independent')) flags.add('some_unavailable');
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  return {
    observation: {
      ...entity,
      region: text(record.region),
      subregion: text(record.subregion),
      year,
      constantUsdM: cells.constantUsdM ?? null,
      currentUsdM: cells.currentUsdM ?? null,
      shareOfGdp: cells.shareOfGdp ?? null,
      perCapitaUsd: cells.perCapitaUsd ?? null,
      shareOfGovernmentSpending: cells.shareOfGovernmentSpending ?? null,
      flags: MILEX_FLAGS.filter((f) => flags.has(f)),
    },
  };
}
