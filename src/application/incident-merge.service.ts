import { stampConsent } from '../core/consent.js';
import { detectionIncidentOf } from '../core/detection/detect-incidents.js';
import { DomainError, notFound } from '../core/errors.js';
import {
  conflictQuerySchema,
  conflictResolutionInputSchema,
  isSensitivePath,
  valueAtPath,
  withValueAtPath,
  type ConflictList,
  type ConflictResolution,
  type IncidentConflict,
} from '../core/incident-conflict.schema.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import { incidentInputSchema, type IncidentData, type IncidentDetail } from '../core/incident.schema.js';
import { threeWayMerge, type FieldConflict } from '../core/sync/three-way-merge.js';
import type { Db } from '../store/database.js';
import type { NewConflict } from '../store/incident-history.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { detectForWrittenIncidents } from './detection.service.js';
import { canSeeSensitive, loadDetail } from './incident-detail.js';
import { fieldIssuesOf, parseInput } from './validation.js';

/**
 * Updates made against an older version (issue 18: "sync without silent overwrites"). The server merges field by
 * field (core/sync/three-way-merge.ts): a field changed only by the update is applied; a field changed on both sides
 * to different values is a conflict — the held value stays, the three values are stored and flagged on the record,
 * and a person resolves it. Nothing is refused for being late and nothing is silently overwritten.
 */

/** An update and the version it was based on, from an edit in Haven, an outbox, or a sync peer. */
export interface IncidentChange {
  /** The data of the version the update was based on. */
  base: IncidentData;
  /** That version's number here, when known (an edit in Haven); null for a base carried from elsewhere. */
  baseVersion?: number | null;
  proposed: IncidentData;
  /** Where the update came from: 'edit', 'outbox', a sync peer's name. */
  origin: string;
}

export interface MergeOutcome {
  incident: IncidentDetail;
  /** Dotted paths of the fields taken from the update. */
  applied: string[];
  /** The conflicts stored by this update, as the actor may see them. */
  conflicts: IncidentConflict[];
}

/** What the audit log holds for a value: sensitive details are never copied into it, only the fact of them. */
const auditValue = (path: string, value: unknown): unknown => (isSensitivePath(path) ? '[sensitive]' : (value ?? null));

/**
 * Merge an update into the incident held now, inside the caller's transaction. The incident must be visible to the
 * actor (else not found). Applied fields make a new version (the superseded one kept in the history, audited as
 * `incident.update`); each conflict is stored, left as held, and audited as `incident.conflict` with its base, held
 * and proposed values. A writer without clearance never saw the sensitive details: their update's sensitive part is
 * taken as the base's (no change, no conflict), as with any edit of theirs.
 */
export async function mergeIncidentChange(ctx: AppContext, trx: Db, actor: Actor, id: string, change: IncidentChange): Promise<MergeOutcome> {
  requirePermission(actor, 'incident:write');
  const proposedInput = parseInput(incidentInputSchema, change.proposed, 'incident');
  const key = await ctx.store.incidents.findKeyById(trx, id, audienceOf(actor));
  if (!key) throw notFound('incident', id);
  const [heldIncident] = await ctx.store.incidents.load(trx, [key.seq], true);
  if (!heldIncident) throw notFound('incident', id);
  const held = dataOf(heldIncident);
  const at = ctx.now().toISOString();
  const cleared = canSeeSensitive(actor);
  const { base } = change;
  const proposed: IncidentData = cleared
    ? { ...proposedInput, sensitive: stampConsent(proposedInput.sensitive, actor.username, at.slice(0, 10)) }
    : { ...proposedInput, sensitive: base.sensitive };

  const merge = threeWayMerge(base, held, proposed);
  let { merged, applied, conflicts } = merge;
  if (applied.length > 0) {
    const checked = incidentInputSchema.safeParse(merged);
    if (checked.success) merged = checked.data;
    else {
      // Each side is a valid incident and their mix is not (the update's categories beside a theme list changed
      // where held …): nothing is applied, and every field the update changed waits for a person instead.
      const asConflict = (path: string): FieldConflict => ({ path, base: valueAtPath(base, path), current: valueAtPath(held, path), proposed: valueAtPath(proposed, path) });
      conflicts = [...conflicts, ...applied.map(asConflict)].sort((a, b) => (a.path < b.path ? -1 : 1));
      applied = [];
      merged = held;
    }
  }

  const changes = applied.length > 0 ? diffIncidentData(held, merged) : {};
  if (Object.keys(changes).length > 0) {
    await ctx.store.incidents.replace(
      trx,
      key.seq,
      {
        id,
        data: merged,
        verificationStatus: key.verificationStatus,
        version: key.version + 1,
        createdAt: heldIncident.createdAt,
        createdBy: heldIncident.createdBy.id,
        updatedAt: at,
        updatedBy: actor.id,
      },
      heldIncident,
    );
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'incident.update',
      entityType: 'incident',
      entityId: id,
      changes: { ...changes, merged: { basedOn: change.baseVersion ?? null, origin: change.origin, applied } },
    });
  }

  const stored: NewConflict[] = conflicts.map((c) => ({
    id: ctx.newId(),
    seq: key.seq,
    incidentId: id,
    path: c.path,
    sensitive: isSensitivePath(c.path),
    base: c.base,
    held: c.current,
    proposed: c.proposed,
    baseVersion: change.baseVersion ?? null,
    heldVersion: key.version,
    proposedBy: actor.id,
    proposedAt: at,
    origin: change.origin,
  }));
  await ctx.store.incidentHistory.addConflicts(trx, stored);
  await ctx.store.audit.appendMany(
    trx,
    stored.map((c) => ({
      at,
      userId: actor.id,
      action: 'incident.conflict',
      entityType: 'incident',
      entityId: id,
      changes: {
        conflict: {
          id: c.id,
          field: c.path,
          base: auditValue(c.path, c.base),
          held: auditValue(c.path, c.held),
          proposed: auditValue(c.path, c.proposed),
          basedOn: c.baseVersion,
          heldVersion: c.heldVersion,
          origin: c.origin,
        },
      },
    })),
  );
  if (Object.keys(changes).length > 0) await detectForWrittenIncidents(ctx, trx, { created: [], updated: [detectionIncidentOf(id, merged)] });

  const incident = await loadDetail(ctx, trx, key.seq, actor);
  const shown = new Map(incident.conflicts.map((c) => [c.id, c]));
  return { incident, applied, conflicts: stored.flatMap((c) => shown.get(c.id) ?? []) };
}

/** The conflicts queue: open (or resolved) conflicts across the register, newest first, on incidents the actor may see. */
export async function listConflicts(ctx: AppContext, actor: Actor, queryInput: unknown): Promise<ConflictList> {
  requirePermission(actor, 'incident:read');
  const query = parseInput(conflictQuerySchema, queryInput, 'query');
  const items = await ctx.store.incidentHistory.queue(ctx.store.connection.db, query.status, query.limit, canSeeSensitive(actor), audienceOf(actor));
  return { items };
}

/**
 * A person resolves a conflict: keeps what is held now, takes the proposed value, or enters a value. The incident with
 * the chosen value must still be a valid incident; if the value changes, that is a new version. Audited as
 * `incident.conflict_resolved` with the base, held, proposed and chosen values (sensitive ones as a fact only).
 * Resolving a conflict in the sensitive details needs clearance to read them.
 */
export async function resolveConflict(ctx: AppContext, actor: Actor, id: string, conflictId: string, input: unknown): Promise<IncidentDetail> {
  requirePermission(actor, 'incident:write');
  const choice = parseInput(conflictResolutionInputSchema, input, 'resolution');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const key = await ctx.store.incidents.findKeyById(trx, id, audienceOf(actor));
    if (!key) throw notFound('incident', id);
    const conflict = await ctx.store.incidentHistory.findConflict(trx, key.seq, conflictId);
    if (!conflict) throw notFound(`conflict of incident ${id}`, conflictId);
    if (conflict.sensitive && !canSeeSensitive(actor)) {
      throw new DomainError('forbidden', `the conflict is in the sensitive details (${conflict.path}): resolving it needs clearance to read them`);
    }
    if (conflict.status !== 'open') {
      throw new DomainError('conflict', `conflict ${conflictId} is already resolved`, [{ path: 'conflictId', code: 'already_resolved', message: 'this conflict is already resolved' }]);
    }
    const [current] = await ctx.store.incidents.load(trx, [key.seq], true);
    if (!current) throw notFound('incident', id);
    const data = dataOf(current);
    const resolution: ConflictResolution = 'keep' in choice ? 'kept_held' : 'take' in choice ? 'took_proposed' : 'entered_value';
    const chosen = 'keep' in choice ? valueAtPath(data, conflict.path) : 'take' in choice ? conflict.values.proposed : choice.value;
    let next = withValueAtPath(data, conflict.path, chosen);
    if (conflict.sensitive) next = { ...next, sensitive: stampConsent(next.sensitive, actor.username, at.slice(0, 10)) };
    const checked = incidentInputSchema.safeParse(next);
    if (!checked.success) {
      const issues = fieldIssuesOf(checked.error);
      throw new DomainError('validation_failed', `with that value the incident is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).slice(0, 3).join('; ')}`, issues);
    }
    const changes = diffIncidentData(data, checked.data);
    const written = Object.keys(changes).length > 0;
    if (written) {
      await ctx.store.incidents.replace(
        trx,
        key.seq,
        {
          id,
          data: checked.data,
          verificationStatus: key.verificationStatus,
          version: key.version + 1,
          createdAt: current.createdAt,
          createdBy: current.createdBy.id,
          updatedAt: at,
          updatedBy: actor.id,
        },
        current,
      );
    }
    const resolvedValue = valueAtPath(checked.data, conflict.path);
    if (!(await ctx.store.incidentHistory.markResolved(trx, conflict, { by: actor.id, at, resolution, value: resolvedValue }))) {
      throw new DomainError('conflict', `conflict ${conflictId} was resolved by someone else meanwhile`, [{ path: 'conflictId', code: 'already_resolved', message: 'this conflict is already resolved' }]);
    }
    const { path } = conflict;
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'incident.conflict_resolved',
      entityType: 'incident',
      entityId: id,
      changes: {
        ...changes,
        conflict: {
          id: conflict.id,
          field: path,
          resolution,
          base: auditValue(path, conflict.values.base),
          held: auditValue(path, conflict.values.held),
          proposed: auditValue(path, conflict.values.proposed),
          chosen: auditValue(path, resolvedValue),
        },
      },
    });
    if (written) await detectForWrittenIncidents(ctx, trx, { created: [], updated: [detectionIncidentOf(id, checked.data)] });
    return loadDetail(ctx, trx, key.seq, actor);
  });
}
