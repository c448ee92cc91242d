import { principalMay } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { IncidentDetail } from '../core/incident.schema.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';

/** Whether the actor may read (and so change) the sensitive details of incidents. */
export const canSeeSensitive = (actor: Actor): boolean => principalMay(actor, 'incident:read_sensitive');

/**
 * One incident as a reader sees it: sensitive details only with clearance, its verification history, and the open
 * conflicts flagged on it (sensitive values withheld without clearance).
 */
export async function loadDetail(ctx: AppContext, db: Db, seq: number, actor: Actor): Promise<IncidentDetail> {
  const { incidents, incidentHistory } = ctx.store;
  const cleared = canSeeSensitive(actor);
  const [incident] = await incidents.load(db, [seq], cleared);
  if (!incident) throw new DomainError('not_found', 'incident vanished while being read');
  return { ...incident, verificationHistory: await incidents.verificationHistory(db, seq), conflicts: await incidentHistory.conflictsOf(db, seq, 'open', cleared) };
}
