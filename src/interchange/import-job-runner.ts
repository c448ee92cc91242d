import { rm } from 'node:fs/promises';
import type { Actor, AppContext } from '../application/app-context.js';
import { recordImportJobRejections, recordImportJobState, type ImportJob } from '../application/import-job.service.js';
import { importRecords, type ImportProgress } from '../application/import-records.service.js';
import type { RejectedRow } from '../application/import.service.js';
import type { ColumnMapping } from '../core/formats/column-mapping.js';
import { DomainError } from '../core/errors.js';
import type { DateOrder } from '../core/formats/dates.js';
import type { ImportFormat } from '../core/formats/format-detection.js';
import { openRecordSourceForImport } from './threaded-record-source.js';

export interface ImportJobOptions {
  format?: ImportFormat;
  encoding?: string;
  dataset?: string;
  strict?: boolean;
  sheet?: string;
  mapping?: ColumnMapping;
  /** How to read numeric dates when the file's own data do not decide it. */
  dateOrder?: DateOrder;
}

// A strict import holds its transaction until the end, so its rejections wait in memory; beyond this many, only the
// count is kept.
const STRICT_REJECTIONS_KEPT = 10_000;

/**
 * Runs uploaded files through the importer in the background, one job each, and keeps their live progress in memory
 * (persisted after every batch where the database is free to take it).
 */
export class ImportJobRunner {
  private readonly live = new Map<string, Partial<ImportJob>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  /**
   * The job as stored, overlaid with progress not yet persisted. Only while it runs: once its end is stored, the live
   * counts of a failed strict import (rolled back) must not show through in the moment before they are dropped.
   */
  withLiveProgress(job: ImportJob): ImportJob {
    const live = job.status === 'running' ? this.live.get(job.id) : undefined;
    return live ? { ...job, ...live } : job;
  }

  start(actor: Actor, job: ImportJob, file: string, options: ImportJobOptions): void {
    const run = this.run(actor, job, file, options).finally(() => {
      this.running.delete(run);
      this.live.delete(job.id);
    });
    this.running.add(run);
  }

  /** Wait for running jobs (a graceful shutdown, or a test). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async run(actor: Actor, job: ImportJob, file: string, options: ImportJobOptions): Promise<void> {
    const pending: RejectedRow[] = [];
    let rejectedTotal = 0;
    const flushRejections = async () => {
      await recordImportJobRejections(this.ctx, job.id, pending.splice(0));
    };
    try {
      const source = await openRecordSourceForImport(file, {
        ...(options.format && { format: options.format }),
        ...(options.encoding && { encoding: options.encoding }),
        ...(options.dataset && { dataset: options.dataset }),
        ...(options.sheet && { sheet: options.sheet }),
        ...(options.mapping && { mapping: options.mapping }),
        ...(options.dateOrder && { dateOrder: options.dateOrder }),
      });
      // What the file was recognised as leads the job's notes, so the result says how the file was read.
      const warnings = source.recognised ? [source.recognised, ...source.warnings] : source.warnings;
      this.live.set(job.id, { format: source.format, warnings });
      await recordImportJobState(this.ctx, job.id, { format: source.format, warnings });
      const summary = await importRecords(this.ctx, actor, source.records, {
        strict: options.strict ?? false,
        onRejected: (row) => {
          rejectedTotal++;
          if (!options.strict || pending.length < STRICT_REJECTIONS_KEPT) pending.push(row);
        },
        onProgress: async (progress: ImportProgress) => {
          const update = { ...progress, bytesRead: source.bytesRead() };
          this.live.set(job.id, { ...this.live.get(job.id), ...update });
          if (!options.strict) {
            await flushRejections();
            await recordImportJobState(this.ctx, job.id, update);
          }
        },
      });
      await flushRejections();
      await recordImportJobState(this.ctx, job.id, {
        status: 'succeeded',
        rows: summary.rows,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        bytesRead: source.bytesRead(),
        finishedAt: this.ctx.now().toISOString(),
      });
    } catch (error) {
      await flushRejections().catch(() => undefined);
      const live = this.live.get(job.id) ?? {};
      const finishedAt = this.ctx.now().toISOString();
      // A strict import that failed wrote nothing: its counts say so, whichever way its end is recorded.
      const nothingWritten = options.strict ? { created: 0, updated: 0, unchanged: 0 } : {};
      await recordImportJobState(this.ctx, job.id, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        // A refusal the user can answer (the date order) says so in a code a client can act on.
        errorCode: error instanceof DomainError ? (error.issues[0]?.code ?? error.code) : null,
        ...nothingWritten,
        rejected: Math.max(rejectedTotal, live.rejected ?? 0),
        rows: live.rows ?? 0,
        bytesRead: live.bytesRead ?? 0,
        finishedAt,
      }).catch(async () =>
        // A job must end even when its failure cannot be written as it is.
        recordImportJobState(this.ctx, job.id, { status: 'failed', error: 'the import failed, and its error could not be recorded', ...nothingWritten, finishedAt }),
      );
    } finally {
      await rm(file, { force: true });
    }
  }
}
