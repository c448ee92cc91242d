import type { ImportJob as ImportJobView, ImportJobStatus } from '../core/import-job.schema.js';
import type { Db, ImportJobsTable } from './database.js';
import type { RejectionLine } from '../core/rejected-row.schema.js';

/** A job as the API reports it, and whose it is. */
export type ImportJob = ImportJobView & { userId: string };

const toJob = (r: ImportJobsTable): ImportJob => ({
  id: r.id,
  userId: r.user_id,
  fileName: r.file_name,
  format: r.format,
  options: JSON.parse(r.options) as Record<string, unknown>,
  status: r.status as ImportJobStatus,
  rows: r.rows,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
  // PostgreSQL returns bigint as text.
  bytesRead: Number(r.bytes_read),
  bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total),
  warnings: JSON.parse(r.warnings) as string[],
  error: r.error,
  errorCode: r.error_code,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/**
 * A job's messages quote the file (its headers, its cells), which may hold NUL characters; PostgreSQL text cannot
 * store them, and a failure that cannot be recorded would leave the job running for ever. Shown as U+FFFD instead.
 */
const storableText = (text: string) => text.replaceAll('\u0000', '\uFFFD');

export class ImportJobRepository {
  async insert(db: Db, job: { id: string; userId: string; fileName: string; options: Record<string, unknown>; bytesTotal: number | null; startedAt: string }): Promise<void> {
    await db
      .insertInto('import_jobs')
      .values({
        id: job.id,
        user_id: job.userId,
        file_name: job.fileName,
        format: null,
        options: JSON.stringify(job.options),
        status: 'running',
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        bytes_read: 0,
        bytes_total: job.bytesTotal,
        warnings: '[]',
        error: null,
        error_code: null,
        started_at: job.startedAt,
        finished_at: null,
      })
      .execute();
  }

  async update(
    db: Db,
    id: string,
    changes: Partial<Pick<ImportJob, 'format' | 'status' | 'rows' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'bytesRead' | 'warnings' | 'error' | 'errorCode' | 'finishedAt'>>,
  ): Promise<void> {
    await db
      .updateTable('import_jobs')
      .set({
        ...(changes.format !== undefined && { format: changes.format }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.rows !== undefined && { rows: changes.rows }),
        ...(changes.created !== undefined && { created: changes.created }),
        ...(changes.updated !== undefined && { updated: changes.updated }),
        ...(changes.unchanged !== undefined && { unchanged: changes.unchanged }),
        ...(changes.rejected !== undefined && { rejected: changes.rejected }),
        ...(changes.bytesRead !== undefined && { bytes_read: changes.bytesRead }),
        ...(changes.warnings !== undefined && { warnings: JSON.stringify(changes.warnings.map(storableText)) }),
        ...(changes.error !== undefined && { error: changes.error === null ? null : storableText(changes.error) }),
        ...(changes.errorCode !== undefined && { error_code: changes.errorCode }),
        ...(changes.finishedAt !== undefined && { finished_at: changes.finishedAt }),
      })
      .where('id', '=', id)
      .execute();
  }

  async find(db: Db, id: string): Promise<ImportJob | undefined> {
    const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async listForUser(db: Db, userId: string, limit: number): Promise<ImportJob[]> {
    const rows = await db.selectFrom('import_jobs').selectAll().where('user_id', '=', userId).orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map(toJob);
  }

  /** Stored one line per issue, as the rejections CSV gives them. */
  async addRejections(db: Db, jobId: string, lines: readonly RejectionLine[]): Promise<void> {
    for (let i = 0; i < lines.length; i += 1000) {
      await db
        .insertInto('import_rejections')
        .values(lines.slice(i, i + 1000).map((l) => ({ job_id: jobId, row_number: l.row, path: storableText(l.field), message: storableText(l.message) })))
        .execute();
    }
  }

  streamRejections(db: Db, jobId: string): AsyncIterable<RejectionLine> {
    return db.selectFrom('import_rejections').select(['row_number as row', 'path as field', 'message']).where('job_id', '=', jobId).orderBy('row_number').stream(1000);
  }

  /** Jobs left running by a server that stopped: they will never finish, so say so. */
  async failRunning(db: Db, at: string): Promise<number> {
    const result = await db
      .updateTable('import_jobs')
      .set({ status: 'failed', error: 'the server stopped during the import; import the file again (rows already imported are matched, not duplicated)', finished_at: at })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
