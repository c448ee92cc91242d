import { open, readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import { DomainError } from '../core/errors.js';

/**
 * Office Open XML (.xlsx) and OpenDocument (.ods) spreadsheets as rows of text. Both are ZIP archives: they are told
 * apart by what the archive says it holds (ODF's `mimetype` entry, OOXML's `[Content_Types].xml`), never by the
 * file's name. Cells are read as the values stored, not as the spreadsheet displays them: numbers in full
 * (no thousands separators, no rounding), dates as ISO 8601, whatever the locale of the machine that wrote them.
 */
export type SpreadsheetKind = 'xlsx' | 'ods';

export interface SpreadsheetRow {
  /** The row number the spreadsheet shows (1-based, blank rows counted). */
  rowNumber: number;
  cells: string[];
}

export interface SpreadsheetRows {
  kind: SpreadsheetKind;
  sheet: string;
  sheets: string[];
  rows: SpreadsheetRow[];
  size: number;
}

/** The whole workbook is held in memory while it is read: beyond this, the file is refused with the way out. */
export const MAX_SPREADSHEET_BYTES = 100 * 1024 ** 2;

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const fileError = (message: string, path = 'file') => new DomainError('validation_failed', message, [{ path, code: 'unreadable_file', message }]);

/** Whether the file starts like a ZIP archive (local file header `PK\3\4`). */
export async function isZipFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/** The part of SheetJS's container reader used here (it is typed `any` upstream). */
interface ZipContainer {
  FullPaths: string[];
}
interface ZipReader {
  read: (data: Buffer, options: { type: 'buffer' }) => ZipContainer;
  find: (container: ZipContainer, path: string) => { content?: ArrayLike<number> } | null;
}
const zip = XLSX.CFB as ZipReader;

function entryText(container: ZipContainer, name: string): string | undefined {
  const entry = zip.find(container, name);
  return entry?.content ? Buffer.from(entry.content as Uint8Array).toString('utf8', 0, 1024 * 1024) : undefined;
}

/**
 * Which spreadsheet a ZIP archive is, from what the archive says it holds: ODF's `mimetype` entry, or OOXML's
 * `[Content_Types].xml` naming a workbook.
 */
export function spreadsheetKind(bytes: Buffer): SpreadsheetKind | { other: string } {
  let container: ZipContainer;
  try {
    container = zip.read(bytes, { type: 'buffer' });
  } catch {
    return { other: 'a damaged ZIP archive' };
  }
  const mimetype = entryText(container, 'mimetype')?.trim();
  if (mimetype !== undefined) return mimetype === ODS_MIMETYPE ? 'ods' : { other: `an OpenDocument file of type ${mimetype.slice(0, 100)}, not a spreadsheet` };
  const types = entryText(container, '[Content_Types].xml');
  if (types !== undefined) return types.includes('spreadsheetml') ? 'xlsx' : { other: 'an Office Open XML package without a workbook (a document or a presentation?)' };
  return { other: 'a ZIP archive that is neither an .xlsx nor an .ods spreadsheet' };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell as ISO 8601: the day alone when it has no time of day. */
function isoOf(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  return seconds === 0 ? day : `${day}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 'd':
      return cell.v instanceof Date && !Number.isNaN(cell.v.getTime()) ? isoOf(cell.v) : '';
    case 'n':
      return typeof cell.v === 'number' && Number.isFinite(cell.v) ? String(cell.v) : '';
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
    case 'z':
      // An error value (#N/A, #DIV/0!) or a stub holds no data.
      return '';
    case 's':
      return String(cell.v);
  }
}

/** Parses a spreadsheet's bytes (refusing what is not one, or too large), with only the sheets named when given. */
function parseWorkbook(bytes: Buffer, sheets?: string): { kind: SpreadsheetKind; workbook: XLSX.WorkBook } {
  if (bytes.length > MAX_SPREADSHEET_BYTES) {
    throw fileError(`the spreadsheet is ${Math.round(bytes.length / 1024 ** 2)} MB; spreadsheets up to ${MAX_SPREADSHEET_BYTES / 1024 ** 2} MB are read — save the sheet as CSV to import a larger one`);
  }
  const kind = spreadsheetKind(bytes);
  if (typeof kind !== 'string') throw fileError(`this file is ${kind.other}`, 'format');
  try {
    return { kind, workbook: XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: true, UTC: true, cellFormula: false, cellHTML: false, cellStyles: false, ...(sheets && { sheets }) }) };
  } catch (error) {
    throw fileError(`the ${kind} file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A worksheet's rows of text, blank rows left out, each with the row number the spreadsheet shows; from the first
 * column the sheet uses, or from column A when a cell's index must be its column.
 */
function rowsOf(worksheet: XLSX.WorkSheet, fromColumnA = false): SpreadsheetRow[] {
  const rows: SpreadsheetRow[] = [];
  const ref = worksheet['!ref'];
  if (!ref) return rows;
  const range = XLSX.utils.decode_range(ref);
  // Dense mode (asked for above): rows are arrays, sparse where the file has gaps.
  const data: readonly (readonly (XLSX.CellObject | undefined)[] | undefined)[] = (worksheet as unknown as XLSX.DenseSheet)['!data'] ?? [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row = data[r];
    if (!row) continue;
    const cells: string[] = [];
    for (let c = fromColumnA ? 0 : range.s.c; c <= range.e.c; c++) cells.push(cellText(row[c]));
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length) rows.push({ rowNumber: r + 1, cells });
  }
  return rows;
}

/** Every sheet of a spreadsheet (an .xlsx or .ods file's bytes) as rows of text from column A, in the workbook's order. */
export function readWorkbookSheets(bytes: Buffer): { kind: SpreadsheetKind; sheets: { name: string; rows: SpreadsheetRow[] }[] } {
  const { kind, workbook } = parseWorkbook(bytes);
  return { kind, sheets: workbook.SheetNames.map((name) => ({ name, rows: workbook.Sheets[name] ? rowsOf(workbook.Sheets[name], true) : [] })) };
}

/** Whether bytes start like a ZIP archive (`PK\3\4`), as .xlsx and .ods files do and CSV never does. */
export const startsLikeZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** Reads one sheet (the first unless named) of a spreadsheet file into rows of text. */
export async function readSpreadsheet(path: string, options: { sheet?: string } = {}): Promise<SpreadsheetRows> {
  const bytes = await readFile(path);
  const { kind, workbook } = parseWorkbook(bytes, options.sheet);
  const sheets = workbook.SheetNames;
  const sheet = options.sheet ?? sheets[0];
  if (sheet === undefined) throw fileError(`the ${kind} file has no sheet`);
  const worksheet = workbook.Sheets[sheet];
  if (!worksheet) throw fileError(`there is no sheet "${sheet}"; the sheets are: ${sheets.join(', ')}`, 'sheet');
  return { kind, sheet, sheets, rows: rowsOf(worksheet), size: bytes.length };
}
