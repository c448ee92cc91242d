import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify';
import { neutraliseFormula } from '../core/formats/spreadsheet-safety.js';
import { rejectionLinesOf, type RejectedRow } from '../core/rejected-row.schema.js';

/** Rows printed after an import's summary; the rest are counted, and the operator told where to read them all. */
export const REJECTIONS_SHOWN = 10;

/** The first rejected rows, one line each (`row 8: Attack Date: …; Country: …`), then how many more and where. */
export function printRejections(rows: readonly RejectedRow[], rejectedRows: number, whereAllAre: string): void {
  for (const rejected of rows.slice(0, REJECTIONS_SHOWN)) {
    console.log(`  row ${rejected.rowNumber}: ${rejected.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  if (rejectedRows > REJECTIONS_SHOWN) console.log(`  … and ${rejectedRows - REJECTIONS_SHOWN} more (${whereAllAre})`);
}

/** Every rejected row of an incident import, one line per issue (row, field, reason), in a CSV file (--rejections). */
export function rejectionReport(file: string) {
  const out = createWriteStream(file);
  const csv = stringify({ header: true, columns: ['row', 'field', 'reason'] });
  csv.pipe(out);
  return {
    write: (row: RejectedRow) => {
      for (const line of rejectionLinesOf([row])) csv.write([line.row, line.field, neutraliseFormula(line.message)]);
    },
    close: () => new Promise<void>((resolve) => {
      out.on('close', () => resolve());
      csv.end();
    }),
  };
}
