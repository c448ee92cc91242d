import { DomainError, type FieldIssue } from '../core/errors.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import { incidentInputSchema, type IncidentData } from '../core/incident.schema.js';
import type { AuditEntry } from '../store/audit.repository.js';
import type { IncidentKey, IncidentWrite } from '../store/incident.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { fieldIssuesOf } from './validation.js';

export interface ImportRow {
  /** Where the row came from, for the rejection report (1-based line or record number). */
  rowNumber: number;
  input: unknown;
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

/**
 * Upsert one batch of incidents from an external data set, atomically: the batch is written in one transaction or
 * not at all. Records are matched by origin (data set + external id), so importing the same rows twice changes nothing
 * and a newer version updates what changed. Invalid rows are reported with their row number, field and reason; with
 * `strict`, any rejection refuses the whole batch.
 */
export async function importIncidentBatch(
  ctx: AppContext,
  actor: Actor,
  rows: readonly ImportRow[],
  options: { strict?: boolean } = {},
): Promise<ImportReport> {
  requirePermission(actor, 'incident:write');
  const report = emptyImportReport();
  const valid: { rowNumber: number; data: IncidentData & { origin: { externalId: string } } }[] = [];
  const seenAt = new Map<string, number>();
  for (const row of rows) {
    const parsed = incidentInputSchema.safeParse(row.input);
    if (!parsed.success) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: fieldIssuesOf(parsed.error) });
      continue;
    }
    const { origin } = parsed.data;
    if (origin.externalId === undefined) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: [{ path: 'origin.externalId', code: 'required', message: 'imported records need an external id' }] });
      continue;
    }
    const key = `${origin.dataset}\u0000${origin.externalId}`;
    const earlier = seenAt.get(key);
    if (earlier !== undefined) {
      report.rejected.push({
        rowNumber: row.rowNumber,
        issues: [{ path: 'origin.externalId', code: 'duplicate', message: `${origin.externalId} already appears in row ${earlier}` }],
      });
      continue;
    }
    seenAt.set(key, row.rowNumber);
    valid.push({ rowNumber: row.rowNumber, data: parsed.data as IncidentData & { origin: { externalId: string } } });
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

  const at = ctx.now().toISOString();
  const { incidents, audit } = ctx.store;
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const byDataset = new Map<string, string[]>();
    for (const { data } of valid) byDataset.set(data.origin.dataset, [...(byDataset.get(data.origin.dataset) ?? []), data.origin.externalId]);
    const existing = new Map<string, IncidentKey>();
    for (const [dataset, ids] of byDataset) {
      for (const [externalId, key] of await incidents.findKeysByOrigin(trx, dataset, ids)) existing.set(`${dataset}\u0000${externalId}`, key);
    }
    const previous = new Map((await incidents.load(trx, [...existing.values()].map((k) => k.seq), true)).map((i) => [i.id, i]));
    const entries: AuditEntry[] = [];
    const creations: IncidentWrite[] = [];
    for (const { data } of valid) {
      const key = existing.get(`${data.origin.dataset}\u0000${data.origin.externalId}`);
      if (!key) {
        const id = ctx.newId();
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
      report.updated += 1;
    }
    const seqs = await incidents.insertMany(trx, creations);
    await incidents.addVerificationEvents(
      trx,
      creations.map((c, i) => ({ seq: seqs[i]!, from: null, to: 'reported' as const, reason: `imported from ${c.data.origin.dataset}`, userId: actor.id, at })),
    );
    await audit.appendMany(trx, entries);
  });
  return report;
}

export function mergeImportReports(total: ImportReport, batch: ImportReport): ImportReport {
  return {
    created: total.created + batch.created,
    updated: total.updated + batch.updated,
    unchanged: total.unchanged + batch.unchanged,
    rejected: [...total.rejected, ...batch.rejected],
  };
}
