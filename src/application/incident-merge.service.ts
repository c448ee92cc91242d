/**
 * Interim: replaced by the field-by-field merge (src/core/sync/three-way-merge.ts applied on the server, with the
 * conflicts stored for a person to resolve). Until then this is deliberately strict: a change is applied only when
 * the incident is held exactly as the change's base; held exactly as proposed, nothing happens; anything else is
 * refused as a conflict, and the caller reports it for that record alone.
 */
import { principalMay } from '../core/access-control.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { DomainError, notFound } from '../core/errors.js';
import { dataOf, diffIncidentData } from '../core/incident-diff.js';
import type { IncidentData, IncidentDetail } from '../core/incident.schema.js';
import type { FieldConflict } from '../core/sync/three-way-merge.js';
import { detectionIncidentOf } from '../core/detection/detect-incidents.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { detectForWrittenIncidents } from './detection.service.js';

export interface IncidentChangeToMerge {
  /** The version the change was made from: what both sides last held in common. */
  base: IncidentData;
  /** The incident as the other side holds it now. */
  proposed: IncidentData;
  /** Where the change comes from, for the audit log (`sync:<peer>`, `device:<id>` …). */
  origin: string;
}

export interface MergedIncident {
  incident: IncidentDetail;
  /** The fields taken from the proposed data. */
  applied: string[];
  /** Fields changed on both sides to different values, held as they are (the interim merge refuses instead). */
  conflicts: FieldConflict[];
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export async function mergeIncidentChange(ctx: AppContext, trx: Db, actor: Actor, id: string, change: IncidentChangeToMerge): Promise<MergedIncident> {
  requirePermission(actor, 'incident:write');
  const { incidents } = ctx.store;
  const key = await incidents.findKeyById(trx, id, audienceOf(actor));
  if (!key) throw notFound('incident', id);
  const [held] = await incidents.load(trx, [key.seq], true);
  const heldData = dataOf(held!);
  const detail = async (): Promise<IncidentDetail> => {
    const [incident] = await incidents.load(trx, [key.seq], principalMay(actor, 'incident:read_sensitive'));
    return { ...incident!, verificationHistory: await incidents.verificationHistory(trx, key.seq) };
  };
  if (same(heldData, change.proposed)) return { incident: await detail(), applied: [], conflicts: [] };
  if (!same(heldData, change.base)) {
    const fields = Object.keys(diffIncidentData(heldData, change.proposed));
    throw new DomainError(
      'conflict',
      `incident ${id} was changed here and by ${change.origin} since the version both last held; resolve it by hand`,
      fields.map((field) => ({ path: field, code: 'changed_on_both_sides', message: `differs here and in the change from ${change.origin}` })),
    );
  }
  const changes = diffIncidentData(heldData, change.proposed);
  const at = ctx.now().toISOString();
  await incidents.replace(trx, key.seq, {
    id,
    data: change.proposed,
    verificationStatus: key.verificationStatus,
    version: key.version + 1,
    createdAt: held!.createdAt,
    createdBy: held!.createdBy.id,
    updatedAt: at,
    updatedBy: actor.id,
  });
  await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'incident.merge', entityType: 'incident', entityId: id, changes: { ...changes, mergedFrom: { before: null, after: change.origin } } });
  await detectForWrittenIncidents(ctx, trx, { created: [], updated: [detectionIncidentOf(id, change.proposed)] });
  return { incident: await detail(), applied: Object.keys(changes), conflicts: [] };
}
