import { z } from 'zod';
import { DomainError, type FieldIssue } from '../core/errors.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import { incidentInputSchema, type IncidentData } from '../core/incident.schema.js';
import type { AuditEntry } from '../store/audit.repository.js';
import type { Db } from '../store/database.js';
import type { IncidentKey, IncidentWrite } from '../store/incident.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { detectForWrittenIncidents } from './detection.service.js';
import { detectionIncidentOf } from '../core/detection/detect-incidents.js';
import type { DetectionIncident } from '../core/detection/detection-inputs.js';
import { fieldIssuesOf } from './validation.js';

export interface ImportRow {
  /** Where the row came from, for the rejection report (the spreadsheet row, or the feature's position). */
  rowNumber: number;
  input: unknown;
  /** Haven's own id, from a Haven export: matched first, and kept for new records. */
  id?: string;
  /** Problems already found while reading the row; such a row is rejected with them. */
  issues?: FieldIssue[];
}

export interface RejectedRow {
  rowNumber: number;
  issues: FieldIssue[];
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

export const emptyImportReport = (): ImportReport => ({ created: 0, updated: 0, unchanged: 0, rejected: [] });

const idSchema = z.uuid();

interface ValidRow {
  rowNumber: number;
  data: IncidentData;
  id: string | undefined;
  /** The identity that makes re-imports idempotent: data set + external id, or Haven's id. */
  key: string;
}

const originKey = (dataset: string, externalId: string) => `origin\u0000${dataset}\u0000${externalId}`;
const idKey = (id: string) => `id\u0000${id}`;

/**
 * Upsert one batch of incidents, atomically: the batch is written in one transaction (or inside the caller's, `db`)
 * or not at all. Records are matched by origin (data set + external id) or, for Haven's own exports, by id, so
 * importing the same rows twice changes nothing and a newer version updates what changed (the audit log records
 * each field). Invalid rows are reported with their row number, field and reason; with `strict`, any rejection
 * refuses the whole batch.
 */
export async function importIncidentBatch(
  ctx: AppContext,
  actor: Actor,
  rows: readonly ImportRow[],
  options: { strict?: boolean; db?: Db } = {},
): Promise<ImportReport> {
  requirePermission(actor, 'incident:write');
  const report = emptyImportReport();
  const valid: ValidRow[] = [];
  const seenAt = new Map<string, number>();
  for (const row of rows) {
    if (row.issues?.length) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: row.issues });
      continue;
    }
    const parsed = incidentInputSchema.safeParse(row.input);
    const issues = parsed.success ? [] : fieldIssuesOf(parsed.error);
    if (row.id !== undefined && !idSchema.safeParse(row.id).success) issues.push({ path: 'id', code: 'invalid_id', message: `"${row.id}" is not a Haven incident id` });
    if (!parsed.success || issues.length) {
      report.rejected.push({ rowNumber: row.rowNumber, issues });
      continue;
    }
    const { origin } = parsed.data;
    const key = origin.externalId !== undefined ? originKey(origin.dataset, origin.externalId) : row.id !== undefined ? idKey(row.id) : undefined;
    if (key === undefined) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: [{ path: 'origin.externalId', code: 'required', message: 'an imported record needs an external id (or a Haven id)' }] });
      continue;
    }
    const earlier = seenAt.get(key);
    if (earlier !== undefined) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: [{ path: origin.externalId !== undefined ? 'origin.externalId' : 'id', code: 'duplicate', message: `the same record already appears in row ${earlier}` }] });
      continue;
    }
    seenAt.set(key, row.rowNumber);
    valid.push({ rowNumber: row.rowNumber, data: parsed.data, id: row.id, key });
  }
  if (options.strict && report.rejected.length > 0) {
    const first = report.rejected[0]!;
    throw new DomainError(
      'validation_failed',
      `${report.rejected.length} row(s) rejected; nothing imported (strict). First: row ${first.rowNumber}, ${first.issues[0]?.path}: ${first.issues[0]?.message}`,
      report.rejected.flatMap((r) => r.issues.map((i) => ({ ...i, path: `row ${r.rowNumber}: ${i.path}` }))),
    );
  }
  if (valid.length === 0) return report;
  const write = (db: Db) => writeBatch(ctx, actor, db, valid, report);
  await (options.db ? write(options.db) : ctx.store.connection.db.transaction().execute(write));
  return report;
}

async function writeBatch(ctx: AppContext, actor: Actor, trx: Db, valid: readonly ValidRow[], report: ImportReport): Promise<void> {
  const at = ctx.now().toISOString();
  const { incidents, audit } = ctx.store;
  await incidents.beginBulkTransaction(trx);
  const existing = new Map<string, IncidentKey>();
  const byDataset = new Map<string, string[]>();
  for (const { data } of valid) {
    if (data.origin.externalId !== undefined) byDataset.set(data.origin.dataset, [...(byDataset.get(data.origin.dataset) ?? []), data.origin.externalId]);
  }
  for (const [dataset, ids] of byDataset) {
    for (const [externalId, key] of await incidents.findKeysByOrigin(trx, dataset, ids)) existing.set(originKey(dataset, externalId), key);
  }
  const havenIds = valid.filter((v) => v.id !== undefined).map((v) => v.id!);
  for (const [id, key] of await incidents.findKeysByIds(trx, havenIds)) {
    existing.set(idKey(id), key);
    // A Haven export of an imported record carries both: either identity finds it.
    for (const v of valid) if (v.id === id && !existing.has(v.key)) existing.set(v.key, key);
  }
  const previous = new Map((await incidents.load(trx, [...new Set([...existing.values()].map((k) => k.seq))], true)).map((i) => [i.id, i]));
  const entries: AuditEntry[] = [];
  const creations: IncidentWrite[] = [];
  const updated: DetectionIncident[] = [];
  for (const { data, id: givenId, key: identity } of valid) {
    const key = existing.get(identity);
    if (!key) {
      const id = givenId ?? ctx.newId();
      creations.push({ id, data, verificationStatus: 'reported', version: 1, createdAt: at, createdBy: actor.id, updatedAt: at, updatedBy: actor.id });
      entries.push({ at, userId: actor.id, action: 'incident.import.create', entityType: 'incident', entityId: id, changes: { origin: { before: null, after: data.origin } } });
      report.created += 1;
      continue;
    }
    const before = previous.get(key.id)!;
    const changes = diffIncidentData(dataOf(before), data);
    if (Object.keys(changes).length === 0) {
      report.unchanged += 1;
      continue;
    }
    await incidents.replace(trx, key.seq, {
      id: key.id,
      data,
      verificationStatus: key.verificationStatus,
      version: key.version + 1,
      createdAt: before.createdAt,
      createdBy: before.createdBy.id,
      updatedAt: at,
      updatedBy: actor.id,
    });
    entries.push({ at, userId: actor.id, action: 'incident.import.update', entityType: 'incident', entityId: key.id, changes });
    updated.push(detectionIncidentOf(key.id, data));
    report.updated += 1;
  }
  const seqs = await incidents.insertMany(trx, creations);
  await incidents.addVerificationEvents(
    trx,
    creations.map((c, i) => ({ seq: seqs[i]!, from: null, to: 'reported' as const, reason: `imported from ${c.data.origin.dataset}`, userId: actor.id, at })),
  );
  await audit.appendMany(trx, entries);
  // Unchanged records found nothing new; the rest are checked against the registers in the same transaction.
  await detectForWrittenIncidents(ctx, trx, { created: creations.map((c) => detectionIncidentOf(c.id, c.data)), updated });
}

export function mergeImportReports(total: ImportReport, batch: ImportReport): ImportReport {
  return {
    created: total.created + batch.created,
    updated: total.updated + batch.updated,
    unchanged: total.unchanged + batch.unchanged,
    rejected: [...total.rejected, ...batch.rejected],
  };
}
