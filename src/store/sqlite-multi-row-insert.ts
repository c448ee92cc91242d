import type Sqlite from 'better-sqlite3';

/** Rows per statement: enough that the per-statement cost vanishes, few enough that a statement stays small. */
const ROWS_PER_STATEMENT = 100;
/** What is left under a hundred rows goes in statements of these sizes: at most eight statements kept per table. */
const REMAINDER_SIZES = [64, 32, 16, 8, 4, 2, 1];

/**
 * A multi-row `insert into t (…) values (…), (…), …` for SQLite, fed a flat list of values (one per column, row after
 * row). Each row count gets one prepared statement, made on first use and kept: a batch costs one statement per
 * hundred rows (and a few for the rest) instead of one per row.
 */
export class SqliteMultiRowInsert {
  private readonly statements = new Map<number, Sqlite.Statement<unknown[]>>();

  constructor(
    private readonly sqlite: Sqlite.Database,
    private readonly table: string,
    readonly columns: readonly string[],
    private readonly returning?: string,
  ) {}

  private statement(rows: number): Sqlite.Statement<unknown[]> {
    let statement = this.statements.get(rows);
    if (!statement) {
      const row = `(${this.columns.map(() => '?').join(', ')})`;
      const text = `insert into ${this.table} (${this.columns.join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
      statement = this.sqlite.prepare<unknown[]>(this.returning ? `${text} returning ${this.returning}` : text);
      this.statements.set(rows, statement);
    }
    return statement;
  }

  /** Inserts every row of `values` (column after column, row after row). */
  run(values: readonly unknown[]): void {
    this.each(values, (statement, chunk) => statement.run(chunk));
  }

  /** Inserts every row and returns what `returning` names for each (in no promised order). */
  all<R>(values: readonly unknown[]): R[] {
    const out: R[] = [];
    this.each(values, (statement, chunk) => {
      for (const row of statement.all(chunk) as R[]) out.push(row);
    });
    return out;
  }

  private each(values: readonly unknown[], run: (statement: Sqlite.Statement<unknown[]>, chunk: unknown[]) => void): void {
    const width = this.columns.length;
    if (values.length % width !== 0) throw new Error(`${this.table}: ${values.length} values do not make rows of ${width}`);
    let start = 0;
    let left = values.length / width;
    while (left > 0) {
      const rows = left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : REMAINDER_SIZES.find((size) => size <= left)!;
      run(this.statement(rows), values.slice(start, start + rows * width));
      start += rows * width;
      left -= rows;
    }
  }
}
