import { principalMay } from '../core/access-control.js';
import { notFound } from '../core/errors.js';
import { rejectionLinesOf, type RejectedRow } from '../core/rejected-row.schema.js';
import type { ImportJob, ImportJobRepository } from '../store/import-job.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';

export type { ImportJob };

/** A new import job, owned by the actor who uploaded the file. */
export async function createImportJob(ctx: AppContext, actor: Actor, file: { fileName: string; bytesTotal: number | null; options: Record<string, unknown> }): Promise<ImportJob> {
  requirePermission(actor, 'incident:write');
  const id = ctx.newId();
  const startedAt = ctx.now().toISOString();
  const db = ctx.store.connection.db;
  await ctx.store.importJobs.insert(db, { id, userId: actor.id, fileName: file.fileName, options: file.options, bytesTotal: file.bytesTotal, startedAt });
  await ctx.store.audit.append(db, { at: startedAt, userId: actor.id, action: 'import.start', entityType: 'import_job', entityId: id, changes: { fileName: { before: null, after: file.fileName } } });
  return (await ctx.store.importJobs.find(db, id))!;
}

/** Jobs are visible to whoever started them and to administrators; to anyone else they do not exist. */
export async function getImportJob(ctx: AppContext, actor: Actor, id: string): Promise<ImportJob> {
  requirePermission(actor, 'incident:read');
  const job = await ctx.store.importJobs.find(ctx.store.connection.db, id);
  if (!job || (job.userId !== actor.id && !principalMay(actor, 'user:manage'))) throw notFound('import', id);
  return job;
}

export async function listImportJobs(ctx: AppContext, actor: Actor): Promise<ImportJob[]> {
  requirePermission(actor, 'incident:read');
  return ctx.store.importJobs.listForUser(ctx.store.connection.db, actor.id, 50);
}

export async function importJobRejections(ctx: AppContext, actor: Actor, id: string) {
  await getImportJob(ctx, actor, id);
  return ctx.store.importJobs.streamRejections(ctx.store.connection.db, id);
}

/** What a running job records as it goes: its format and notes, its counts, and at the end its outcome. */
export type ImportJobChanges = Parameters<ImportJobRepository['update']>[2];

/**
 * The state of a job the runner is working on. No permission is asked: the job was started by an actor allowed to
 * import, and the runner records what happens to it.
 */
export async function recordImportJobState(ctx: AppContext, jobId: string, changes: ImportJobChanges): Promise<void> {
  await ctx.store.importJobs.update(ctx.store.connection.db, jobId, changes);
}

/** Rejected rows of a running job, kept for the job's rejection report. */
export async function recordImportJobRejections(ctx: AppContext, jobId: string, rows: readonly RejectedRow[]): Promise<void> {
  if (rows.length) await ctx.store.importJobs.addRejections(ctx.store.connection.db, jobId, rejectionLinesOf(rows));
}

/** At start-up: jobs a previous server left running will never finish. */
export async function failInterruptedImportJobs(ctx: AppContext): Promise<number> {
  return ctx.store.importJobs.failRunning(ctx.store.connection.db, ctx.now().toISOString());
}
