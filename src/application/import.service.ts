import { z } from 'zod';
import { DomainError, type FieldIssue } from '../core/errors.js';
import { principalMay } from '../core/access-control.js';
import { stampConsent } from '../core/consent.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import { carriedByInput, mergeImported, type Carried } from '../core/incident-merge.js';
import { incidentInputSchema, type Incident, type IncidentData } from '../core/incident.schema.js';
import type { AuditEntry } from '../store/audit.repository.js';
import type { Db } from '../store/database.js';
import type { ImportMatch, IncidentWrite } from '../store/incident.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { detectForWrittenIncidents } from './detection.service.js';
import { detectionIncidentOf } from '../core/detection/detect-incidents.js';
import type { DetectionIncident } from '../core/detection/detection-inputs.js';
import { fieldIssuesOf } from './validation.js';
import type { RejectedRow as AnyRejectedRow } from '../core/rejected-row.schema.js';

export interface ImportRow {
  /** Where the row came from, for the rejection report (the spreadsheet row, or the feature's position). */
  rowNumber: number;
  input: unknown;
  /** Haven's own id, from a Haven export: matched first, and kept for new records. */
  id?: string;
  /** Problems already found while reading the row; such a row is rejected with them. */
  issues?: FieldIssue[];
  /**
   * The fields the file carries: an update takes these and keeps the rest as stored. Absent: the fields `input` has.
   */
  carried?: Carried;
  /** For Haven's own lossy exports: what the row carries, given the stored record (see `MappedRecord.carriedGiven`). */
  carriedGiven?: (stored: Incident) => Carried;
  /** `input` as the incident schema already returned it (a mapper that checks its rows): not checked a second time. */
  checked?: IncidentData;
}

/** A rejected row, in the shape every import reports (core/rejected-row.schema.ts); an incident import's issues all carry a code. */
export type RejectedRow = Omit<AnyRejectedRow, 'issues'> & { issues: FieldIssue[] };

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
  carried: Carried;
  carriedGiven: ((stored: Incident) => Carried) | undefined;
  /** The identity that makes re-imports idempotent: data set + external id, or Haven's id. */
  key: string;
}

const originKey = (dataset: string, externalId: string) => `origin\u0000${dataset}\u0000${externalId}`;
const idKey = (id: string) => `id\u0000${id}`;

/**
 * Upsert one batch of incidents, atomically: the batch is written in one transaction (or inside the caller's, `db`)
 * or not at all. Records are matched by origin (data set + external id) or, for Haven's own exports, by id, among
 * those the importer may see, so importing the same rows twice changes nothing and a newer version updates what
 * changed: field by field, keeping what the file does not carry (the audit log records each changed field). Invalid
 * rows are reported with their row number, field and reason; with `strict`, any rejection refuses the whole batch.
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
    const parsed = row.checked !== undefined ? { success: true as const, data: row.checked } : incidentInputSchema.safeParse(row.input);
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
    // Two rows naming one record by the same origin or the same Haven id: the second is a duplicate.
    const keys = row.id !== undefined && key !== idKey(row.id) ? [key, idKey(row.id)] : [key];
    const earlier = keys.map((k) => seenAt.get(k)).find((n) => n !== undefined);
    if (earlier !== undefined) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: [{ path: origin.externalId !== undefined ? 'origin.externalId' : 'id', code: 'duplicate', message: `the same record already appears in row ${earlier}` }] });
      continue;
    }
    for (const k of keys) seenAt.set(k, row.rowNumber);
    valid.push({ rowNumber: row.rowNumber, data: parsed.data, id: row.id, carried: row.carried ?? carriedByInput(row.input), carriedGiven: row.carriedGiven, key });
  }
  const refuseIfStrict = () => {
    if (!options.strict || report.rejected.length === 0) return;
    const first = report.rejected[0]!;
    throw new DomainError(
      'validation_failed',
      `${report.rejected.length} row(s) rejected; nothing imported (strict). First: row ${first.rowNumber}, ${first.issues[0]?.path}: ${first.issues[0]?.message}`,
      report.rejected.flatMap((r) => r.issues.map((i) => ({ ...i, path: `row ${r.rowNumber}: ${i.path}` }))),
    );
  };
  refuseIfStrict();
  if (valid.length === 0) return report;
  // Some rows are only refused once the records they name are known: strict mode then rolls the batch back.
  const write = async (db: Db) => {
    await writeBatch(ctx, actor, db, valid, report);
    report.rejected.sort((a, b) => a.rowNumber - b.rowNumber);
    refuseIfStrict();
  };
  await (options.db ? write(options.db) : ctx.store.connection.db.transaction().execute(write));
  return report;
}

/**
 * One message for every row that names a record it may not touch: a record hidden from the importer, an id and an
 * origin naming two different records, or an id whose record has another origin (an import never re-keys a record).
 * A hidden record is thus rejected exactly like a visible conflict, and counted the same.
 */
export const IDENTITY_CONFLICT: FieldIssue = {
  path: 'id',
  code: 'conflict',
  message: 'cannot be imported: its id or origin (data set + external id) is already taken, or the two name different records',
};

const sameOrigin = (a: { dataset: string; externalId?: string | undefined }, b: { dataset: string; externalId?: string | undefined }) =>
  a.dataset === b.dataset && (a.externalId ?? null) === (b.externalId ?? null);

async function writeBatch(ctx: AppContext, actor: Actor, trx: Db, valid: readonly ValidRow[], report: ImportReport): Promise<void> {
  const at = ctx.now().toISOString();
  const { incidents, audit } = ctx.store;
  await incidents.beginBulkTransaction(trx);
  // One query finds every record the batch names, hidden ones included (an id or origin is never written twice), each
  // marked with whether the importer may see it: the import matches as its user, like any read.
  const matches = await incidents.findImportMatches(
    trx,
    {
      ids: valid.flatMap((v) => (v.id !== undefined ? [v.id] : [])),
      origins: valid.flatMap(({ data: { origin } }) => (origin.externalId !== undefined ? [{ dataset: origin.dataset, externalId: origin.externalId }] : [])),
    },
    audienceOf(actor),
  );
  const byId = new Map(matches.map((m) => [m.id, m]));
  const byOrigin = new Map(matches.flatMap((m) => (m.origin.externalId !== undefined ? [[originKey(m.origin.dataset, m.origin.externalId), m] as const] : [])));
  const targets = new Map<ValidRow, ImportMatch>();
  const writable: ValidRow[] = [];
  for (const row of valid) {
    const { origin } = row.data;
    const idMatch = row.id !== undefined ? byId.get(row.id) : undefined;
    const originMatch = origin.externalId !== undefined ? byOrigin.get(originKey(origin.dataset, origin.externalId)) : undefined;
    const match = idMatch ?? originMatch;
    if (match && (!match.visible || (originMatch && originMatch.seq !== match.seq) || !sameOrigin(match.origin, origin))) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: [IDENTITY_CONFLICT] });
      continue;
    }
    if (match) targets.set(row, match);
    writable.push(row);
  }
  const previous = new Map((await incidents.load(trx, [...new Set([...targets.values()].map((k) => k.seq))], true)).map((i) => [i.id, i]));
  const entries: AuditEntry[] = [];
  const creations: IncidentWrite[] = [];
  const updated: DetectionIncident[] = [];
  // Sensitive details change only for an importer cleared to read them (as with an edit in the web app).
  const cleared = principalMay(actor, 'incident:read_sensitive');
  const day = at.slice(0, 10);
  for (const row of writable) {
    const { id: givenId } = row;
    const key = targets.get(row);
    if (!key) {
      const id = givenId ?? ctx.newId();
      const data = { ...row.data, sensitive: stampConsent(row.data.sensitive, actor.username, day) };
      creations.push({ id, data, verificationStatus: 'reported', version: 1, createdAt: at, createdBy: actor.id, updatedAt: at, updatedBy: actor.id });
      entries.push({ at, userId: actor.id, action: 'incident.import.create', entityType: 'incident', entityId: id, changes: { origin: { before: null, after: data.origin } } });
      report.created += 1;
      continue;
    }
    const before = previous.get(key.id)!;
    const stored = dataOf(before);
    // A field-level merge: what the file does not carry keeps its stored value.
    const merged = mergeImported(stored, row.data, row.carriedGiven ? row.carriedGiven(before) : row.carried, { sensitive: cleared });
    if (merged.sensitive !== stored.sensitive) merged.sensitive = stampConsent(merged.sensitive, actor.username, day);
    if (Object.keys(diffIncidentData(stored, merged)).length === 0) {
      report.unchanged += 1;
      continue;
    }
    // The merged record is checked whole, as an edit is (a file's new totals may not fit a stored breakdown).
    const checked = incidentInputSchema.safeParse(merged);
    if (!checked.success) {
      report.rejected.push({ rowNumber: row.rowNumber, issues: fieldIssuesOf(checked.error) });
      continue;
    }
    const data = checked.data;
    const changes = diffIncidentData(stored, data);
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
    }, before);
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
