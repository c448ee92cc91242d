import { readFile } from 'node:fs/promises';
import type { MilexFile } from '../core/spending/milex-workbook.js';
import { csvRowsOf, readPlaceText } from './place-file.js';
import { isZipFile, readWorkbookSheets, startsLikeZip } from './spreadsheet-rows.js';

/**
 * Reads a release of SIPRI's military expenditure as sent: the long table (CSV, plain or gzipped, any encoding) or the
 * workbook SIPRI publishes (.xlsx). Which one is told by the file's first bytes — a ZIP archive's `PK\3\4` is a
 * spreadsheet, anything else is read as text — never by its name or the content type it was sent with.
 */
export async function readMilexFile(input: { path: string } | { bytes: Buffer }, encoding?: string): Promise<MilexFile> {
  if ('bytes' in input ? startsLikeZip(input.bytes) : await isZipFile(input.path)) {
    return { format: 'xlsx', sheets: readWorkbookSheets('bytes' in input ? input.bytes : await readFile(input.path)).sheets };
  }
  return { format: 'csv', rows: csvRowsOf(await readPlaceText(input, encoding)) };
}
