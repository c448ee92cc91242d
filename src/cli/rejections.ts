import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify';
import type { RejectedRow } from '../application/import.service.js';
import { neutraliseFormula } from '../core/formats/spreadsheet-safety.js';
import type { PlaceRejection } from '../core/places/place-record.js';

/** A rejected row as the operator reads it: its number in the file and every field's reason. */
export interface RowRejection {
  row: number;
  issues: { field: string; message: string }[];
}

/** Rows printed after an import's summary; the rest are counted, and the operator told where to read them all. */
export const REJECTIONS_SHOWN = 10;

/** The first rejected rows, one line each (`row 8: Attack Date: …; Country: …`), then how many more and where. */
export function printRejections(rows: readonly RowRejection[], rejectedRows: number, whereAllAre: string): void {
  for (const rejected of rows.slice(0, REJECTIONS_SHOWN)) {
    console.log(`  row ${rejected.row}: ${rejected.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
  if (rejectedRows > REJECTIONS_SHOWN) console.log(`  … and ${rejectedRows - REJECTIONS_SHOWN} more (${whereAllAre})`);
}

export const incidentRejections = (rows: readonly RejectedRow[]): RowRejection[] =>
  rows.map((r) => ({ row: r.rowNumber, issues: r.issues.map((i) => ({ field: i.path, message: i.message })) }));

/** A register import reports one entry per issue; gathered here by row, in the order the rows were met. */
export function placeRejections(issues: readonly PlaceRejection[]): RowRejection[] {
  const byRow = new Map<number, RowRejection>();
  for (const issue of issues) {
    const row = byRow.get(issue.row) ?? { row: issue.row, issues: [] };
    row.issues.push({ field: issue.field, message: issue.message });
    byRow.set(issue.row, row);
  }
  return [...byRow.values()];
}

/** Every rejected row of an incident import, one line per issue (row, field, reason), in a CSV file (--rejections). */
export function rejectionReport(file: string) {
  const out = createWriteStream(file);
  const csv = stringify({ header: true, columns: ['row', 'field', 'reason'] });
  csv.pipe(out);
  return {
    write: (row: RejectedRow) => {
      for (const issue of row.issues) csv.write([row.rowNumber, issue.path, neutraliseFormula(issue.message)]);
    },
    close: () => new Promise<void>((resolve) => {
      out.on('close', () => resolve());
      csv.end();
    }),
  };
}
