import { z } from 'zod';

/**
 * A row an import rejected, in one shape whatever was imported (incidents, sites, zones, an import job): its number as
 * a user finds it in the file (the header is row 1; a GeoJSON feature counts from 1), and each problem with the field
 * or source column at fault.
 */
export const rowIssueSchema = z.object({
  /** The field or source column at fault: a dotted path (`location.lat`), a column (`Attack Date`), an HXL tag. */
  path: z.string(),
  message: z.string(),
  /** A stable reason code, where the check that refused the row gives one. */
  code: z.string().optional(),
});
export type RowIssue = z.output<typeof rowIssueSchema>;

export const rejectedRowSchema = z.object({ rowNumber: z.number().int(), issues: z.array(rowIssueSchema) });
export type RejectedRow = z.output<typeof rejectedRowSchema>;

/**
 * One issue of a rejected row on a line of its own: a rejections CSV (row, field, reason) and a register import's
 * `rejected` list are made of these, so a row with two problems gives two lines.
 */
export const rejectionLineSchema = z.object({ row: z.number(), field: z.string(), message: z.string() });
export type RejectionLine = z.output<typeof rejectionLineSchema>;

export const rejectionLinesOf = (rows: readonly RejectedRow[]): RejectionLine[] =>
  rows.flatMap((r) => r.issues.map((issue) => ({ row: r.rowNumber, field: issue.path, message: issue.message })));

/** Lines gathered back into rows, in the order the rows were met. */
export function rejectedRowsOf(lines: readonly RejectionLine[]): RejectedRow[] {
  const byRow = new Map<number, RejectedRow>();
  for (const line of lines) {
    const row = byRow.get(line.row) ?? { rowNumber: line.row, issues: [] };
    row.issues.push({ path: line.field, message: line.message });
    byRow.set(line.row, row);
  }
  return [...byRow.values()];
}
