import { createHash } from 'node:crypto';
import { pipeline, Readable, type Duplex } from 'node:stream';
import { parse } from 'csv-parse';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import Pick from 'stream-json/filters/Pick.js';
import Parser from 'stream-json/Parser.js';
import { countryPoint } from '../infrastructure/country-shapes.js';
import { DomainError } from '../core/errors.js';
import { mapAndCheckRow, missingColumns, type ColumnMapping } from '../core/formats/column-mapping.js';
import { acledRowToIncident } from '../core/formats/acled.mapping.js';
import { DateOrderDetector, resolveDateOrder, type DateOrderVerdict } from '../core/formats/date-order.js';
import type { DateOrder } from '../core/formats/dates.js';
import { detectFormat, missingRequiredColumns, type ImportFormat } from '../core/formats/format-detection.js';
import { featureProfileOf } from '../core/formats/geojson.mapping.js';
import { havenCsvRowToIncident } from '../core/formats/haven-csv.mapping.js';
import { HASHTAG_ROW_SEARCH_LIMIT, parseHashtagSpec, readHashtagRow, type HxlColumn } from '../core/formats/hxl-tags.js';
import { HxlIncidentMapping } from '../core/formats/hxl.mapping.js';
import type { MappedRecord } from '../core/formats/mapped-record.js';
import { mapGedCsvRow } from '../core/formats/ucdp-ged.mapping.js';
import { isZipFile, readSpreadsheet, type SpreadsheetKind } from './spreadsheet-rows.js';
import { openTextInput, type TextInput } from './text-input.js';

/** One record of the file, mapped, with the row number a user sees in a spreadsheet (the header is row 1). */
export interface SourceRecord {
  rowNumber: number;
  mapped: MappedRecord;
}

export interface RecordSource {
  /** The layout of the rows: a format Haven knows, or `mapped` through a column mapping. */
  format: ImportFormat | 'mapped';
  /** For a spreadsheet: its kind and the sheet read. */
  spreadsheet?: { kind: SpreadsheetKind; sheet: string; sheets: string[] };
  encoding: string;
  /** File-level notes that do not stop the import (e.g. HXL cells that are not valid hashtags). */
  warnings: string[];
  /** What the file was recognised as, where a format holds several kinds (GeoJSON features with GED properties). */
  recognised?: string;
  records: AsyncIterable<SourceRecord>;
  bytesRead: () => number;
  size: number | undefined;
  /** The order numeric dates are read in, when the file has any (decided from its data, or as the user said). */
  dateOrder?: DateOrder;
}

export interface RecordSourceOptions {
  format?: ImportFormat;
  encoding?: string;
  /** The data set name for HXL files (they do not name one). */
  dataset?: string;
  stdin?: Readable;
  /** The sheet of a spreadsheet to read (the first when omitted). */
  sheet?: string;
  /** Reads the rows through this column mapping instead of a known format. */
  mapping?: ColumnMapping;
  /** How to read numeric dates (`06/07/2014`) when the file's own data do not decide it. */
  dateOrder?: DateOrder;
}

/** Rows buffered to decide a file's date order before any is imported; beyond them, a file is read once more. */
export const DATE_ORDER_SAMPLE_ROWS = 2_000;

const fileError = (message: string, path = 'file') => new DomainError('validation_failed', message, [{ path, code: 'unreadable_file', message }]);

export async function openRecordSource(path: string, options: RecordSourceOptions = {}): Promise<RecordSource> {
  if (await isZipFile(path)) return spreadsheetSource(path, options);
  if (options.sheet) throw fileError('--sheet is for spreadsheets (.xlsx, .ods); this file is text', 'sheet');
  const input = await openTextInput(path, options);
  const iterator = input.text[Symbol.asyncIterator]();
  let head = '';
  while (head.trim() === '') {
    const next = await iterator.next();
    if (next.done) throw fileError('the file is empty');
    head += next.value;
  }
  async function* text(): AsyncGenerator<string> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const firstCharacter = head.trimStart()[0]!;
  if (firstCharacter === '{' || firstCharacter === '[') {
    const format = options.format ?? (firstCharacter === '{' ? 'geojson' : 'hxl');
    return jsonSource(format, firstCharacter, text(), input, options);
  }
  return csvSource(text(), head, input, path, options);
}

export function delimiterOf(head: string): string {
  const line = head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![1] > 0 ? counts[0]![0] : ',';
}

const csvParser = (head: string) =>
  // Files mix line endings (a CRLF after a quoted field with LF inside it): accept both everywhere.
  parse({ delimiter: delimiterOf(head), record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, bom: true });

/** A date column: where it is in a row and what the file calls it. */
interface DateColumn {
  index: number;
  name: string;
}

/** The file's own date columns, for a headed format. */
function headedDateColumns(format: ImportFormat, header: readonly string[]): DateColumn[] {
  const names = { ged: ['date_start', 'date_end'], acled: ['event_date'] }[format as 'ged' | 'acled'] ?? [];
  const lower = header.map((h) => h.trim().toLowerCase());
  return names.map((name) => ({ name, index: lower.indexOf(name) })).filter((c) => c.index >= 0);
}

function observeDates(detector: DateOrderDetector, cells: readonly string[], rowNumber: number, columns: readonly DateColumn[]) {
  for (const column of columns) detector.observe({ row: rowNumber, column: column.name, value: cells[column.index] ?? '' });
}

/**
 * Reads the whole file once more, its date columns only, until a date decides the order: for a file whose first
 * rows do not. Only a file can be read twice; standard input is decided from what was buffered.
 */
async function datePrePass(path: string, head: string, options: RecordSourceOptions, columns: readonly DateColumn[], firstDataRow: number, detector: DateOrderDetector): Promise<void> {
  const input = await openTextInput(path, options);
  try {
    const rows = chain(Readable.from(input.text), csvParser(head)) as AsyncIterable<string[]>;
    let rowNumber = 0;
    for await (const record of rows) {
      if (++rowNumber < firstDataRow) continue;
      observeDates(detector, record, rowNumber, columns);
      if (detector.settled) break;
    }
  } finally {
    input.close();
  }
}

/** The order to read the file's numeric dates in, or the file refused naming its own column and rows. */
function dateOrderOf(verdict: DateOrderVerdict, requested: DateOrder | undefined): DateOrder | undefined {
  const resolved = resolveDateOrder(verdict, requested);
  if ('issue' in resolved) throw new DomainError('validation_failed', `${resolved.issue.path}: ${resolved.issue.message}`, [resolved.issue]);
  return resolved.order;
}

async function csvSource(text: AsyncIterable<string>, head: string, input: TextInput, path: string, options: RecordSourceOptions): Promise<RecordSource> {
  const parser = chain(Readable.from(text), csvParser(head));
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const preview: string[][] = [];
  let exhausted = false;
  const readMore = async (limit: number) => {
    while (!exhausted && preview.length < limit) {
      const next = await rows.next().catch((error: Error) => {
        throw fileError(`the file is not readable CSV: ${error.message}`);
      });
      if (next.done) exhausted = true;
      else preview.push(next.value);
    }
  };
  await readMore(HASHTAG_ROW_SEARCH_LIMIT);
  if (options.mapping) {
    const mapping = options.mapping;
    const rowsSoFar = async function* (): AsyncGenerator<{ cells: string[]; rowNumber: number }> {
      let n = 0;
      for (const cells of preview) yield { cells, rowNumber: ++n };
      if (exhausted) return;
      for (let next = await rows.next(); !next.done; next = await rows.next()) yield { cells: next.value, rowNumber: ++n };
    };
    return { format: 'mapped', encoding: input.encoding, warnings: [], records: mappedRecords(rowsSoFar(), mapping), bytesRead: input.bytesRead, size: input.size };
  }
  const format = options.format ?? detectFormat({ firstCharacter: head.trimStart()[0] ?? '', rows: preview });
  if (!format) {
    throw fileError('cannot tell the format of this file from its header; name the format (ged, acled, hxl, geojson or csv)', 'format');
  }
  if (format === 'geojson') throw fileError('a GeoJSON file must be JSON; this one is CSV', 'format');
  // A file without the columns its format needs is refused now, not row by row.
  if (format !== 'hxl') {
    const header = preview[0] ?? [];
    const missing = missingRequiredColumns(format, header);
    if (missing.length) {
      const has = header.map((h) => h.trim()).filter(Boolean);
      throw fileError(`this file cannot be read as ${format}: it lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Its header has: ${has.length ? has.join(', ') : '(nothing)'}`, 'format');
    }
  }
  const warnings: string[] = [];
  let dateColumns: DateColumn[];
  let firstDataRow = 2;
  let hxl: { tagRowIndex: number; columns: HxlColumn[] } | undefined;
  if (format === 'hxl') {
    const tagRowIndex = preview.findIndex((row) => readHashtagRow(row));
    if (tagRowIndex < 0) throw fileError(`no HXL hashtag row in the first ${HASHTAG_ROW_SEARCH_LIMIT} rows (a row of #tags such as #date, #geo+lat, #affected+killed)`);
    const tagRow = readHashtagRow(preview[tagRowIndex]!)!;
    for (const bad of tagRow.invalid) warnings.push(`column ${bad.index + 1}: "${bad.text}" is not a valid HXL hashtag; the column is ignored`);
    hxl = { tagRowIndex, columns: tagRow.columns };
    // A file that is no list of incidents is refused when its records are read, after its warnings are reported.
    dateColumns = new HxlIncidentMapping(tagRow.columns, options.dataset ?? 'hxl')
      .dateColumns()
      .map((c) => ({ index: c.index, name: c.spec }));
    firstDataRow = tagRowIndex + 2;
  } else {
    dateColumns = headedDateColumns(format, preview[0] ?? []);
  }

  // The date order: from the first rows, or a second read of a file whose first rows cannot tell.
  let dateOrder: DateOrder | undefined;
  if (dateColumns.length) {
    await readMore(firstDataRow - 1 + DATE_ORDER_SAMPLE_ROWS);
    const detector = new DateOrderDetector();
    preview.forEach((cells, i) => i + 1 >= firstDataRow && observeDates(detector, cells, i + 1, dateColumns));
    if (detector.verdict().kind === 'ambiguous' && !exhausted && path !== '-') await datePrePass(path, head, options, dateColumns, preview.length + 1, detector);
    dateOrder = dateOrderOf(detector.verdict(), options.dateOrder);
  }

  async function* allRows(): AsyncGenerator<{ cells: string[]; rowNumber: number }> {
    let n = 0;
    for (const cells of preview) yield { cells, rowNumber: ++n };
    if (exhausted) return;
    for (let next = await rows.next(); !next.done; next = await rows.next()) yield { cells: next.value, rowNumber: ++n };
  }
  const order = dateOrder ? { order: dateOrder } : {};
  let records: AsyncIterable<SourceRecord>;
  if (format === 'hxl') {
    records = hxlRecords(allRows(), hxl!.tagRowIndex, hxl!.columns, options.dataset ?? 'hxl', order);
  } else {
    const map = {
      ged: (row: Record<string, string>) => mapGedCsvRow(row, order),
      acled: (row: Record<string, string>) => acledRowToIncident(row, order),
      csv: havenCsvRowToIncident,
    }[format];
    records = headedRecords(allRows(), map);
  }
  return { format, encoding: input.encoding, warnings, records, bytesRead: input.bytesRead, size: input.size, ...(dateOrder && { dateOrder }) };
}

/**
 * A spreadsheet: the rows of one sheet, read as a CSV file with the same rows would be (a GED, ACLED, Haven CSV or
 * HXL header is recognised), or through a column mapping. Row numbers are those the spreadsheet shows.
 */
async function spreadsheetSource(path: string, options: RecordSourceOptions): Promise<RecordSource> {
  const sheet = await readSpreadsheet(path, options.sheet ? { sheet: options.sheet } : {});
  const spreadsheet = { kind: sheet.kind, sheet: sheet.sheet, sheets: sheet.sheets };
  const base = { encoding: 'utf-8', bytesRead: () => sheet.size, size: sheet.size, spreadsheet };
  async function* rows(): AsyncGenerator<{ cells: string[]; rowNumber: number }> {
    yield* sheet.rows;
  }
  if (sheet.rows.length === 0) throw fileError(`the sheet "${sheet.sheet}" is empty`);
  if (options.mapping) return { ...base, format: 'mapped', warnings: [], records: mappedRecords(rows(), options.mapping) };
  const preview = sheet.rows.slice(0, HASHTAG_ROW_SEARCH_LIMIT).map((r) => r.cells);
  const format = options.format ?? detectFormat({ firstCharacter: '', rows: preview });
  if (!format) {
    const header = preview[0]!.filter((c) => c.trim() !== '');
    throw fileError(`Haven does not recognise the columns of sheet "${sheet.sheet}" (${header.join(', ')}); import it with a column mapping`, 'format');
  }
  if (format === 'geojson') throw fileError('a GeoJSON file must be JSON; this one is a spreadsheet', 'format');
  if (format === 'hxl') {
    const tagRowIndex = preview.findIndex((row) => readHashtagRow(row));
    if (tagRowIndex < 0) throw fileError(`no HXL hashtag row in the first ${HASHTAG_ROW_SEARCH_LIMIT} rows of sheet "${sheet.sheet}"`);
    const tagRow = readHashtagRow(preview[tagRowIndex]!)!;
    const warnings = tagRow.invalid.map((bad) => `column ${bad.index + 1}: "${bad.text}" is not a valid HXL hashtag; the column is ignored`);
    // hxlRecords skips rows up to the tag row by their position, so it is given the position, not the sheet's row.
    const tagRowNumber = sheet.rows[tagRowIndex]!.rowNumber;
    return { ...base, format, warnings, records: hxlRecords(rows(), tagRowNumber - 1, tagRow.columns, options.dataset ?? 'hxl') };
  }
  const order = options.dateOrder ? { order: options.dateOrder } : {};
  const map = { ged: (row: Record<string, string>) => mapGedCsvRow(row, order), acled: (row: Record<string, string>) => acledRowToIncident(row, order), csv: havenCsvRowToIncident }[format];
  return { ...base, format, warnings: [], records: headedRecords(rows(), map) };
}

/** Rows through a column mapping: the first non-empty row is the header, and must hold every column the mapping reads. */
async function* mappedRecords(rows: AsyncIterable<{ cells: string[]; rowNumber: number }>, mapping: ColumnMapping): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  for await (const { cells, rowNumber } of rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (!header) {
      header = cells.map((c) => c.trim());
      const missing = missingColumns(mapping, header);
      if (missing.length) throw fileError(`the mapping "${mapping.name}" reads columns this file does not have: ${missing.join(', ')}. Its columns are: ${header.filter((h) => h).join(', ')}`, 'mapping');
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name) row[name] = cells[i] ?? '';
    });
    // Without an id column a row is known by its content: re-importing the same file changes nothing.
    const contentKey = `row-${createHash('sha256').update(JSON.stringify(cells.map((c) => c.trim()))).digest('hex').slice(0, 20)}`;
    yield { rowNumber, mapped: mapAndCheckRow(mapping, row, { countryPoint, contentKey }) };
  }
}

async function* headedRecords(rows: AsyncIterable<{ cells: string[]; rowNumber: number }>, map: (row: Record<string, string>) => MappedRecord): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  // Mappings read lower-cased names; a problem is reported under the file's own spelling (COUNTRY, not country).
  let ownName = new Map<string, string>();
  for await (const { cells, rowNumber } of rows) {
    if (!header) {
      header = cells.map((c) => c.trim().toLowerCase());
      ownName = new Map(cells.map((c, i) => [header![i]!, c.trim()]));
      continue;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]!] = cells[i] ?? '';
    const mapped = map(row);
    if (mapped.issues.length) mapped.issues = mapped.issues.map((issue) => ({ ...issue, path: ownName.get(issue.path) ?? issue.path }));
    yield { rowNumber, mapped };
  }
}

/** The HXL mapping for these columns, or the file refused: an aggregate table, or one that lacks what an incident needs. */
function checkedHxlMapping(columns: HxlColumn[], dataset: string, dates: { order?: DateOrder } = {}): HxlIncidentMapping {
  const mapping = new HxlIncidentMapping(columns, dataset, dates);
  const aggregate = mapping.aggregateColumns();
  if (aggregate.length) {
    throw fileError(
      `this HXL file is an aggregate table (counts per area and period), not a list of incidents: its columns ${aggregate.map((c) => c.spec).join(', ')} ` +
        'count events or people over a period. Haven imports one row per incident (#event+id, #date+occurred, #geo+lat/#geo+lon); import the incident-level data the table was made from',
    );
  }
  const missing = mapping.missingColumns();
  if (missing.length) {
    const present = columns.map((c) => (mapping.specOf(c) === c.spec ? c.spec : `${c.spec} (= ${mapping.specOf(c)})`)).join(', ');
    throw fileError(`this HXL file does not describe incidents: it lacks ${missing.join('; ')}. Its columns are: ${present}`);
  }
  return mapping;
}

async function* hxlRecords(rows: AsyncIterable<{ cells: string[]; rowNumber: number }>, tagRowIndex: number, columns: HxlColumn[], dataset: string, dates: { order?: DateOrder } = {}): AsyncGenerator<SourceRecord> {
  const mapping = checkedHxlMapping(columns, dataset, dates);
  for await (const { cells, rowNumber } of rows) {
    if (rowNumber <= tagRowIndex + 1) continue;
    if (cells.every((c) => c.trim() === '')) continue;
    // Without an #event+id, a row is known by its content: re-importing the same file changes nothing.
    const contentId = `row-${createHash('sha256').update(JSON.stringify(cells.map((c) => c.trim()))).digest('hex').slice(0, 20)}`;
    yield { rowNumber, mapped: mapping.map(cells, contentId) };
  }
}

/** A JSON value as an HXL cell: scalars as text, anything nested as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Chains streams so that an error anywhere (malformed JSON in the parser, a decoding error in the text) destroys the
 * last one and surfaces where its records are read. `.pipe()` does not forward errors: a parser error would be emitted
 * on a stream nobody listens to, an uncaught exception that takes the server down, and the reader would wait forever.
 */
function chain(source: Readable, ...transforms: Duplex[]): Readable {
  // The callback only acknowledges the end; the error itself reaches the reader through the destroyed last stream.
  return pipeline(source, ...(transforms as [Duplex, ...Duplex[]]), () => undefined) as unknown as Readable;
}

async function jsonSource(format: ImportFormat, first: string, text: AsyncIterable<string>, input: TextInput, options: RecordSourceOptions): Promise<RecordSource> {
  if (format === 'geojson') {
    if (first !== '{') throw fileError('a GeoJSON file is a FeatureCollection object', 'format');
    const features = chain(Readable.from(text), Parser.make(), Pick.make({ filter: 'features' }), StreamArray.make());
    const iterator = (features as AsyncIterable<{ key: number; value: unknown }>)[Symbol.asyncIterator]();
    // The first feature decides how every feature is read, as a CSV's header does.
    const firstFeature = await iterator.next().catch((error: Error) => {
      throw fileError(`the file is not readable JSON: ${error.message}`);
    });
    if (firstFeature.done) throw fileError('no features: expected a GeoJSON FeatureCollection with a "features" array');
    const head = firstFeature.value;
    const profile = featureProfileOf(head.value);
    if ('refusal' in profile) throw fileError(profile.refusal, 'properties');
    const { map } = profile;
    async function* records(): AsyncGenerator<SourceRecord> {
      yield { rowNumber: head.key + 1, mapped: map(head.value) };
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield { rowNumber: next.value.key + 1, mapped: map(next.value.value) };
    }
    return { format, encoding: input.encoding, warnings: [], recognised: profile.description, records: records(), bytesRead: input.bytesRead, size: input.size };
  }
  if (format !== 'hxl' || first !== '[') throw fileError(`a ${format} file cannot be JSON`, 'format');
  // HXL JSON: an array of rows (arrays, the hashtag row among the first), or of objects keyed by hashtag spec.
  const items = chain(Readable.from(text), Parser.make(), StreamArray.make()) as AsyncIterable<{ key: number; value: unknown }>;
  async function* rows(): AsyncGenerator<{ cells: string[]; rowNumber: number }> {
    let keys: string[] | undefined;
    for await (const { key, value } of items) {
      if (Array.isArray(value)) {
        yield { cells: value.map(cellText), rowNumber: key + 1 };
      } else if (value && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if (!keys) {
          keys = Object.keys(object).filter((k) => parseHashtagSpec(k, 0));
          yield { cells: keys, rowNumber: 0 };
        }
        yield { cells: keys.map((k) => cellText(object[k])), rowNumber: key + 1 };
      }
    }
  }
  const iterator = rows()[Symbol.asyncIterator]();
  const preview: { cells: string[]; rowNumber: number }[] = [];
  let exhausted = false;
  const readMore = async (limit: number) => {
    while (!exhausted && preview.length < limit) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else preview.push(next.value);
    }
  };
  await readMore(HASHTAG_ROW_SEARCH_LIMIT);
  const tagRowIndex = preview.findIndex((r) => readHashtagRow(r.cells));
  if (tagRowIndex < 0) throw fileError(`no HXL hashtag row in the first ${HASHTAG_ROW_SEARCH_LIMIT} rows`);
  const tagRow = readHashtagRow(preview[tagRowIndex]!.cells)!;
  const dataset = options.dataset ?? 'hxl';
  // JSON is not read twice: the date order is decided from the first rows, or asked for.
  const dateColumns = new HxlIncidentMapping(tagRow.columns, dataset)
    .dateColumns()
    .map((c) => ({ index: c.index, name: c.spec }));
  let dateOrder: DateOrder | undefined;
  if (dateColumns.length) {
    await readMore(tagRowIndex + 1 + DATE_ORDER_SAMPLE_ROWS);
    const detector = new DateOrderDetector();
    preview.forEach((row, i) => i > tagRowIndex && observeDates(detector, row.cells, i + 1, dateColumns));
    dateOrder = dateOrderOf(detector.verdict(), options.dateOrder);
  }
  async function* all(): AsyncGenerator<{ cells: string[]; rowNumber: number }> {
    let n = 0;
    for (const row of preview) yield { cells: row.cells, rowNumber: ++n };
    if (exhausted) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield { cells: next.value.cells, rowNumber: ++n };
  }
  const warnings = tagRow.invalid.map((bad) => `column ${bad.index + 1}: "${bad.text}" is not a valid HXL hashtag; the column is ignored`);
  const records = hxlRecords(all(), tagRowIndex, tagRow.columns, dataset, dateOrder ? { order: dateOrder } : {});
  return { format, encoding: input.encoding, warnings, records, bytesRead: input.bytesRead, size: input.size, ...(dateOrder && { dateOrder }) };
}
