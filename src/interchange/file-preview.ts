import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldIssue } from '../core/errors.js';
import type { ColumnMapping } from '../core/formats/column-mapping.js';
import { detectFormat, type ImportFormat } from '../core/formats/format-detection.js';
import type { IncidentInput } from '../core/incident.schema.js';
import { delimiterOf, openRecordSource } from './record-source.js';
import { isZipFile, readSpreadsheet, type SpreadsheetKind } from './spreadsheet-rows.js';
import { openTextInput } from './text-input.js';

/** How many rows are read for the columns' sample values. */
const SAMPLE_ROWS = 200;
const SAMPLES_PER_COLUMN = 5;

export interface FilePreview {
  /** The format Haven recognises from the header, if any: such a file needs no mapping. */
  recognised: ImportFormat | null;
  spreadsheet: { kind: SpreadsheetKind; sheet: string; sheets: string[] } | null;
  /** The header's columns, each with a few distinct values from the first rows. */
  columns: { name: string; samples: string[] }[];
  /** With a mapping: the first rows as they would be stored, or why each would be refused. Nothing is written. */
  rows: { rowNumber: number; record: IncidentInput; issues: FieldIssue[] }[];
}

async function headRows(path: string, sheet: string | undefined): Promise<{ rows: string[][]; spreadsheet: FilePreview['spreadsheet'] }> {
  if (await isZipFile(path)) {
    const book = await readSpreadsheet(path, sheet ? { sheet } : {});
    return { rows: book.rows.slice(0, SAMPLE_ROWS + 1).map((r) => r.cells), spreadsheet: { kind: book.kind, sheet: book.sheet, sheets: book.sheets } };
  }
  const input = await openTextInput(path);
  const chunks = input.text[Symbol.asyncIterator]();
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  async function* text(): AsyncGenerator<string> {
    if (head) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  const rows: string[][] = [];
  const parser = Readable.from(text()).pipe(parse({ delimiter: delimiterOf(head), record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, bom: true }));
  for await (const record of parser) {
    rows.push(record as string[]);
    if (rows.length > SAMPLE_ROWS) break;
  }
  return { rows, spreadsheet: null };
}

/**
 * What a file holds before it is imported: its columns with sample values and, with a mapping, its first rows as
 * they would be stored with every problem. Reads the file; writes nothing.
 */
export async function previewFile(path: string, options: { sheet?: string; mapping?: ColumnMapping; rows?: number } = {}): Promise<FilePreview> {
  const { rows, spreadsheet } = await headRows(path, options.sheet);
  const header = (rows[0] ?? []).map((c) => c.trim());
  const columns = header.map((name, i) => {
    const samples: string[] = [];
    for (const row of rows.slice(1)) {
      const value = (row[i] ?? '').trim();
      if (value && !samples.includes(value)) samples.push(value.slice(0, 200));
      if (samples.length === SAMPLES_PER_COLUMN) break;
    }
    return { name, samples };
  });
  const recognised = detectFormat({ firstCharacter: '', rows }) ?? null;
  const preview: FilePreview['rows'] = [];
  if (options.mapping) {
    const source = await openRecordSource(path, { mapping: options.mapping, ...(options.sheet && { sheet: options.sheet }) });
    const limit = options.rows ?? 20;
    for await (const { rowNumber, mapped } of source.records) {
      preview.push({ rowNumber, record: mapped.input, issues: mapped.issues });
      if (preview.length >= limit) break;
    }
  }
  return { recognised, spreadsheet, columns, rows: preview };
}
