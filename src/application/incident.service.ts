import { DomainError, notFound } from '../core/errors.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import { incidentFilterSchema, pageRequestSchema } from '../core/incident-filter.schema.js';
import {
  incidentCreateSchema,
  incidentUpdateSchema,
  verificationChangeSchema,
  type IncidentData,
  type IncidentDetail,
  type IncidentUpdateResult,
  type IncidentPage,
  type IncidentSummary,
} from '../core/incident.schema.js';
import { stampConsent } from '../core/consent.js';
import { assertTransition } from '../core/verification.js';
import { isUniqueViolation, type Db } from '../store/database.js';
import { InvalidCursorError } from '../store/incident.repository.js';
import type { StoredAuditEntry } from '../store/audit.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { detectForWrittenIncidents } from './detection.service.js';
import { detectionIncidentOf } from '../core/detection/detect-incidents.js';
import type { ReadCache } from './read-cache.js';
import { parseInput } from './validation.js';
import { canSeeSensitive, loadDetail } from './incident-detail.js';
import { mergeIncidentChange } from './incident-merge.service.js';

/** Record a new allegation of harm. It enters as `reported`; assessment comes after. */
export async function recordIncident(ctx: AppContext, actor: Actor, input: unknown): Promise<IncidentDetail> {
  return (await recordIncidentOnce(ctx, actor, input)).incident;
}

/**
 * Record a new incident under the id the client chose, if it chose one. The same id arriving again from its author is
 * the same submission resent (an outbox that never saw the answer): the stored incident is returned, nothing is
 * recorded twice. The id used by anyone else's incident is refused.
 */
export async function recordIncidentOnce(ctx: AppContext, actor: Actor, input: unknown): Promise<{ incident: IncidentDetail; created: boolean }> {
  requirePermission(actor, 'incident:write');
  const { id: chosenId, ...parsed } = parseInput(incidentCreateSchema, input, 'incident');
  const at = ctx.now().toISOString();
  const data = { ...parsed, sensitive: stampConsent(parsed.sensitive, actor.username, at.slice(0, 10)) };
  const id = chosenId ?? ctx.newId();
  const db = ctx.store.connection.db;
  // The incident already stored under the client's id, if this is a resend; refused if the id is someone else's.
  const resent = async (trx: Db): Promise<IncidentDetail | undefined> => {
    if (!chosenId) return undefined;
    const held = await ctx.store.incidents.findKeyById(trx, chosenId, 'system');
    if (!held) return undefined;
    const theirsAndVisible = (await ctx.store.incidents.recordedBy(trx, held.seq)) === actor.id && (await ctx.store.incidents.findKeyById(trx, chosenId, audienceOf(actor)));
    if (!theirsAndVisible) {
      throw new DomainError('conflict', `the id ${chosenId} is already used by another incident; choose a new id`, [{ path: 'id', code: 'id_taken', message: 'already used by another incident' }]);
    }
    return loadDetail(ctx, trx, held.seq, actor);
  };
  const insert = () =>
    db.transaction().execute(async (trx) => {
      const existing = await resent(trx);
      if (existing) return { incident: existing, created: false };
      const seq = await insertNewIncident(ctx, trx, actor, id, data, at);
      return { incident: await loadDetail(ctx, trx, seq, actor), created: true };
    });
  try {
    return await insert();
  } catch (error) {
    // Two copies of one submission arriving at once (a link that duplicates requests): the second insert meets the
    // first's id in the unique index, and is answered as the resend it is.
    const incident = chosenId && isUniqueViolation(error) ? await resent(db) : undefined;
    if (incident) return { incident, created: false };
    throw error;
  }
}

/**
 * A new incident written inside the caller's transaction: the row, its first verification event, the audit entry
 * and detection. Shared by recording and by sync (an incident arriving from another instance keeps its id).
 */
export async function insertNewIncident(ctx: AppContext, trx: Db, actor: Actor, id: string, data: IncidentData, at: string): Promise<number> {
  const seq = await ctx.store.incidents.insert(trx, { id, data, verificationStatus: 'reported', version: 1, createdAt: at, createdBy: actor.id, updatedAt: at, updatedBy: actor.id });
  await ctx.store.incidents.addVerificationEvent(trx, { seq, from: null, to: 'reported', reason: 'recorded', userId: actor.id, at });
  await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'incident.create', entityType: 'incident', entityId: id, changes: diffIncidentData(undefined, data) });
  await detectForWrittenIncidents(ctx, trx, { created: [detectionIncidentOf(id, data)], updated: [] });
  return seq;
}

/**
 * Replace an incident's data. The edit names the version it started from. Based on the version held: saved as it is.
 * Based on an older one: merged field by field with what was saved since (see incident-merge.service.ts) — fields
 * changed only in the edit are applied, fields changed on both sides are flagged as conflicts for a person, and the
 * answer says which (`merge`). Refused only when that older version is not known here (or is newer than the held one).
 */
export async function updateIncident(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<IncidentUpdateResult> {
  requirePermission(actor, 'incident:write');
  const { expectedVersion, ...data } = parseInput(incidentUpdateSchema, input, 'incident');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const key = await ctx.store.incidents.findKeyById(trx, id, audienceOf(actor));
    if (!key) throw notFound('incident', id);
    if (expectedVersion > key.version) {
      throw new DomainError('conflict', `incident ${id} is at version ${key.version}; your edit names version ${expectedVersion}, which it never had`, [
        { path: 'expectedVersion', code: 'unknown_version', message: `the incident is at version ${key.version}` },
      ]);
    }
    if (expectedVersion < key.version) {
      const base = await ctx.store.incidentHistory.dataOfVersion(trx, key.seq, id, expectedVersion);
      if (!base) {
        throw new DomainError('conflict', `incident ${id} was changed by someone else (now version ${key.version}), and version ${expectedVersion}, which your edit is based on, is not kept to merge against; reload and edit again`, [
          { path: 'expectedVersion', code: 'stale_version', message: `the incident is now at version ${key.version}; version ${expectedVersion} is not kept` },
        ]);
      }
      const outcome = await mergeIncidentChange(ctx, trx, actor, id, { base, baseVersion: expectedVersion, proposed: data, origin: 'edit' });
      return { ...outcome.incident, merge: { basedOn: expectedVersion, applied: outcome.applied, conflicts: outcome.conflicts } };
    }
    const [before] = await ctx.store.incidents.load(trx, [key.seq], true);
    // A reader without clearance never saw the sensitive details, so their edit must not erase them.
    const merged = canSeeSensitive(actor)
      ? { ...data, sensitive: stampConsent(data.sensitive, actor.username, at.slice(0, 10)) }
      : { ...data, sensitive: before!.sensitive ?? data.sensitive };
    const changes = diffIncidentData(dataOf(before!), merged);
    if (Object.keys(changes).length === 0) return loadDetail(ctx, trx, key.seq, actor);
    await ctx.store.incidents.replace(
      trx,
      key.seq,
      {
        id,
        data: merged,
        verificationStatus: key.verificationStatus,
        version: key.version + 1,
        createdAt: before!.createdAt,
        createdBy: before!.createdBy.id,
        updatedAt: at,
        updatedBy: actor.id,
      },
      before!,
    );
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'incident.update', entityType: 'incident', entityId: id, changes });
    await detectForWrittenIncidents(ctx, trx, { created: [], updated: [detectionIncidentOf(id, merged)] });
    return loadDetail(ctx, trx, key.seq, actor);
  });
}

/** Move an incident along the verification workflow, recording who decided and why. */
export async function changeVerificationStatus(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<IncidentDetail> {
  requirePermission(actor, 'incident:verify');
  const change = parseInput(verificationChangeSchema, input, 'verification change');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const key = await ctx.store.incidents.findKeyById(trx, id, audienceOf(actor));
    if (!key) throw notFound('incident', id);
    assertTransition(key.verificationStatus, change.status);
    await ctx.store.incidents.setVerificationStatus(trx, key.seq, change.status, key.version + 1, at, actor.id);
    await ctx.store.incidents.addVerificationEvent(trx, { seq: key.seq, from: key.verificationStatus, to: change.status, reason: change.reason, userId: actor.id, at });
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'incident.verification',
      entityType: 'incident',
      entityId: id,
      changes: { verificationStatus: { before: key.verificationStatus, after: change.status }, reason: { before: null, after: change.reason } },
    });
    return loadDetail(ctx, trx, key.seq, actor);
  });
}

export async function getIncident(ctx: AppContext, actor: Actor, id: string): Promise<IncidentDetail> {
  requirePermission(actor, 'incident:read');
  const db = ctx.store.connection.db;
  const key = await ctx.store.incidents.findKeyById(db, id, audienceOf(actor));
  if (!key) throw notFound('incident', id);
  return loadDetail(ctx, db, key.seq, actor);
}

export async function incidentAuditTrail(ctx: AppContext, actor: Actor, id: string): Promise<StoredAuditEntry[]> {
  requirePermission(actor, 'incident:read');
  const db = ctx.store.connection.db;
  if (!(await ctx.store.incidents.findKeyById(db, id, audienceOf(actor)))) throw notFound('incident', id);
  return ctx.store.audit.forEntity(db, 'incident', id);
}

export type { IncidentPage, IncidentSummary };

/** A page of the register; with a cache, each page is read once per change of data (and audience, and sensitivity). */
export async function listIncidents(ctx: AppContext, actor: Actor, filterInput: unknown, pageInput: unknown, cache?: ReadCache<IncidentPage>): Promise<IncidentPage> {
  requirePermission(actor, 'incident:read');
  const filter = parseInput(incidentFilterSchema, filterInput, 'filter');
  const page = parseInput(pageRequestSchema, pageInput, 'page');
  const includeSensitive = canSeeSensitive(actor);
  const read = async (): Promise<IncidentPage> => {
    const { db } = ctx.store.connection;
    const listed = await ctx.store.incidents.list(db, filter, page, includeSensitive, audienceOf(actor));
    const open = await ctx.store.incidentHistory.openConflictCounts(db, listed.items.map((i) => i.id));
    return { ...listed, items: listed.items.map((i) => ({ ...i, openConflicts: open.get(i.id) ?? 0 })) };
  };
  try {
    return await (cache ? cache.get(actor, { filter, page, includeSensitive }, read) : read());
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new DomainError('validation_failed', error.message, [{ path: 'cursor', code: 'invalid_cursor', message: error.message }]);
    }
    throw error;
  }
}

/** How many incidents a filter matches and the people killed in them; with a cache, computed once per change of data. */
export async function summariseIncidents(ctx: AppContext, actor: Actor, filterInput: unknown, cache?: ReadCache<IncidentSummary>): Promise<IncidentSummary> {
  requirePermission(actor, 'incident:read');
  const filter = parseInput(incidentFilterSchema, filterInput, 'filter');
  const compute = () => ctx.store.incidents.count(ctx.store.connection.db, filter, audienceOf(actor));
  return cache ? cache.get(actor, filter, compute) : compute();
}
