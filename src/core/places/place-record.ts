import type { z } from 'zod';
import type { placeRejectionSchema } from './place-import-report.schema.js';
import { alpha3FromAlpha2, alpha3FromName, isCountryCode } from '../countries.js';

/**
 * One rejected row of an import: the row a user sees in a spreadsheet (the header is row 1; a GeoJSON feature counts
 * from 1), the field or source column at fault, and why.
 */
export type PlaceRejection = z.output<typeof placeRejectionSchema>;

/** A row of a file mapped to a register entry, or the reasons it cannot be. */
export type MappedRow<T> = { row: number; ok: true; value: T; /** The source gave no name: it was composed. */ composedName?: true } | { row: number; ok: false; rejections: PlaceRejection[] };

/**
 * A register file being read, at the edge that knows its format: what it was read as, and its mapped rows, one at a
 * time. Use cases take it from the edge rather than read files themselves.
 */
export interface PlaceFileReading<T> {
  format: string;
  preset?: string;
  /** The field a duplicate external id is reported against. */
  externalIdField: string;
  rows: AsyncIterable<MappedRow<T>>;
  /** Bytes read so far and the size of the file (undefined for standard input), for progress. */
  bytesRead: () => number;
  size: number | undefined;
}

/**
 * A file read record by record: the mapping's answer to one record (the header rows first). `mapped` is the row's
 * outcome when it is a row of data; `stop` ends the reading (the file cannot be read this way: `mapped` says why).
 */
export type RecordStep<T> = { mapped?: MappedRow<T>; stop?: true };
export interface RecordReader<T> {
  read(record: readonly string[], index: number): RecordStep<T>;
  /** After the last record: a refusal of a file that ended before it could be read (no header, no hashtag row). */
  end(): MappedRow<T> | undefined;
}

/** Every mapped row of records read with a reader (for files already in memory). */
export function readRecords<T>(reader: RecordReader<T>, records: readonly (readonly string[])[]): MappedRow<T>[] {
  const mapped: MappedRow<T>[] = [];
  for (let i = 0; i < records.length; i++) {
    const step = reader.read(records[i]!, i);
    if (step.mapped) mapped.push(step.mapped);
    if (step.stop) return mapped;
  }
  const refusal = reader.end();
  return refusal ? [...mapped, refusal] : mapped;
}

/** A cell problem found by a mapping, named by its source column. */
export interface CellIssue {
  field: string;
  message: string;
}

/** A file's rows keyed by its header (trimmed); row numbers as a spreadsheet shows them. */
export interface KeyedRow {
  row: number;
  cells: Record<string, string>;
}

export function keyedRows(rows: readonly (readonly string[])[], headerIndex = 0): { header: string[]; rows: KeyedRow[] } {
  const header = (rows[headerIndex] ?? []).map((h) => h.trim());
  const keyed: KeyedRow[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = keyedRow(header, rows[i]!, i);
    if (row) keyed.push(row);
  }
  return { header, rows: keyed };
}

/** One record keyed by the header (first column of a name wins); undefined for a blank record. `index` counts from 0. */
export function keyedRow(header: readonly string[], record: readonly string[], index: number): KeyedRow | undefined {
  if (record.every((c) => c.trim() === '')) return undefined;
  const cells: Record<string, string> = {};
  header.forEach((name, j) => {
    if (name !== '' && !(name in cells)) cells[name] = (record[j] ?? '').trim();
  });
  return { row: index + 1, cells };
}

/** A coordinate cell: undefined when empty, NaN when not a number. */
export function coordinateOf(text: string | undefined): number | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  // Decimal commas appear in European exports; a number never has two separators here.
  return /^[-+]?\d+,\d+$/.test(t) ? Number(t.replace(',', '.')) : Number(t);
}

/**
 * A point from two cells, or the issue with it, naming the column at fault. Out-of-range values are left to the
 * geometry schema, which says which bound they break.
 */
export function pointFromCells(lat: { column: string; text: string | undefined }, lon: { column: string; text: string | undefined }): { point?: { type: 'Point'; coordinates: [number, number] }; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const latitude = coordinateOf(lat.text);
  const longitude = coordinateOf(lon.text);
  for (const [value, cell, what] of [
    [latitude, lat, 'latitude'],
    [longitude, lon, 'longitude'],
  ] as const) {
    if (value === undefined) issues.push({ field: cell.column, message: `the ${what} is missing: a place without coordinates cannot be placed on the map or near anything` });
    else if (!Number.isFinite(value)) issues.push({ field: cell.column, message: `"${cell.text}" is not a ${what} (decimal degrees)` });
  }
  if (issues.length > 0 || latitude === undefined || longitude === undefined) return { issues };
  if (Math.abs(latitude) > 90) return { issues: [{ field: lat.column, message: `${latitude} is not a latitude: it must be between -90 and 90` }] };
  if (Math.abs(longitude) > 180) return { issues: [{ field: lon.column, message: `${longitude} is not a longitude: it must be between -180 and 180` }] };
  return { point: { type: 'Point', coordinates: [longitude, latitude] }, issues };
}

/** A country cell as ISO 3166-1 alpha-3: from alpha-3, alpha-2 or an English name. */
export function countryFromCell(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (isCountryCode(t.toUpperCase())) return t.toUpperCase();
  return alpha3FromAlpha2(t) ?? alpha3FromName(t);
}

/**
 * Validates a mapped candidate with the register's schema. Mapping issues (an unreadable cell) reject the row on
 * their own; otherwise schema issues are named by the source column the field came from, where there is one.
 */
export function validateRow<S extends z.ZodType>(
  schema: S,
  row: number,
  candidate: Record<string, unknown>,
  issues: readonly CellIssue[],
  columnOf: (path: string) => string | undefined = () => undefined,
): MappedRow<z.output<S>> {
  if (issues.length > 0) return { row, ok: false, rejections: issues.map((i) => ({ row, field: i.field, message: i.message })) };
  const result = schema.safeParse(candidate);
  if (result.success) return { row, ok: true, value: result.data };
  return {
    row,
    ok: false,
    rejections: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const column = columnOf(path) ?? columnOf(String(issue.path[0] ?? ''));
      return { row, field: column ?? (path || '(row)'), message: column && path ? `${path}: ${issue.message}` : issue.message };
    }),
  };
}

/** Case- and space-insensitive lookup of a cell value in a user's value mapping. */
export function lookupValue<T>(table: Readonly<Record<string, T>> | undefined, value: string): T | undefined {
  if (!table) return undefined;
  const wanted = value.trim().toLowerCase();
  for (const [key, mapped] of Object.entries(table)) if (key.trim().toLowerCase() === wanted) return mapped;
  return undefined;
}
