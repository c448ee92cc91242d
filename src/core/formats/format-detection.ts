import { HAVEN_CSV_COLUMNS } from './haven-csv.mapping.js';
import { HASHTAG_ROW_SEARCH_LIMIT, readHashtagRow } from './hxl-tags.js';

export const IMPORT_FORMATS = ['ged', 'acled', 'hxl', 'geojson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The columns that mark a table as UCDP GED, and as ACLED (compared lower-case). */
export const GED_SIGNATURE = ['id', 'type_of_violence', 'where_prec', 'date_prec', 'best', 'low', 'high'] as const;
export const ACLED_SIGNATURE = ['event_id_cnty', 'event_date', 'fatalities', 'latitude', 'longitude'] as const;

const has = (header: readonly string[], columns: readonly string[]) => {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  return columns.every((c) => names.has(c));
};

/**
 * Which format a file is in, from its first rows (CSV-like files) or its first character (JSON). Detection only
 * names a format when the evidence is specific; otherwise the user is asked to say which.
 */
export function detectFormat(sample: { firstCharacter: string; rows: readonly (readonly string[])[] }): ImportFormat | undefined {
  if (sample.firstCharacter === '{') return 'geojson';
  if (sample.firstCharacter === '[') return 'hxl';
  const header = sample.rows[0] ?? [];
  const table = eventTableFormat(header);
  if (table) return table;
  if (has(header, HAVEN_CSV_COLUMNS.filter((c) => !['url', 'verification_status', 'origin_event_type', 'created_at', 'updated_at', 'version'].includes(c)))) return 'csv';
  if (sample.rows.slice(0, HASHTAG_ROW_SEARCH_LIMIT).some((row) => readHashtagRow(row))) return 'hxl';
  return undefined;
}

/** Whether column (or property) names are those of a GED or an ACLED event table. */
export function eventTableFormat(names: readonly string[]): 'ged' | 'acled' | undefined {
  if (has(names, GED_SIGNATURE)) return 'ged';
  if (has(names, ACLED_SIGNATURE)) return 'acled';
  return undefined;
}

/**
 * The columns without which no row of a headed CSV format can be read (a list names alternatives: any one will do).
 * A file that lacks them is refused at once, naming them, rather than rejected row by row.
 */
export const REQUIRED_COLUMNS: Record<'ged' | 'acled' | 'csv', readonly (string | readonly string[])[]> = {
  ged: ['id', 'type_of_violence', 'date_start', 'date_end', 'date_prec', 'where_prec', 'latitude', 'longitude', 'country', 'deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'low', 'high'],
  acled: ['event_id_cnty', 'event_date', 'latitude', 'longitude', ['iso', 'country']],
  csv: ['title', 'date_earliest', 'date_latest', 'date_precision', 'lat', 'lon', 'country', 'location_precision'],
};

/** The required columns a header lacks, as a user would name them (`iso or country`). */
export function missingRequiredColumns(format: 'ged' | 'acled' | 'csv', header: readonly string[]): string[] {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  return REQUIRED_COLUMNS[format].filter((c) => (typeof c === 'string' ? !names.has(c) : !c.some((a) => names.has(a)))).map((c) => (typeof c === 'string' ? c : c.join(' or ')));
}
