import { sql } from 'kysely';
import { EXERCISE_MISSION_LIKE, isExerciseMissionName, type ForceStep, type StoredForcePayload, type StoredForceRequest } from '../core/use-of-force/force-request-view.schema.js';
import type { Verdict } from '../core/use-of-force/assessment.js';
import type { RequestStatus } from '../core/use-of-force/request-workflow.js';
import type { Db, ForceRequestsTable, ForceStepsTable } from './database.js';

export type { ForceStep, StoredForceRequest } from '../core/use-of-force/force-request-view.schema.js';

const toRequest = (r: ForceRequestsTable): StoredForceRequest => ({
  id: r.id,
  missionName: r.mission_name,
  exercise: isExerciseMissionName(r.mission_name),
  purpose: r.purpose,
  status: r.status as RequestStatus,
  emergency: r.emergency === 1,
  request: JSON.parse(r.request) as StoredForcePayload,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  ihlVerdict: r.ihl_verdict as Verdict,
  hsVerdict: r.hs_verdict as Verdict,
  updatedAt: r.updated_at,
  version: r.version,
});

const toStep = (r: ForceStepsTable): ForceStep => ({
  id: r.id,
  requestId: r.request_id,
  kind: r.kind,
  value: r.value,
  reasons: r.reasons,
  payload: JSON.parse(r.payload) as unknown,
  actor: { id: r.actor_id, name: r.actor_name, role: r.actor_role },
  at: r.at,
  ledgerSeq: r.ledger_seq === null ? null : Number(r.ledger_seq),
});

export class ForceRequestRepository {
  async insert(db: Db, r: Omit<StoredForceRequest, 'exercise'>): Promise<void> {
    await db
      .insertInto('force_requests')
      .values({
        id: r.id,
        mission_name: r.missionName,
        purpose: r.purpose,
        status: r.status,
        emergency: r.emergency ? 1 : 0,
        request: JSON.stringify(r.request),
        requested_by: r.requestedBy,
        requested_at: r.requestedAt,
        decided_by: r.decidedBy,
        ihl_verdict: r.ihlVerdict,
        hs_verdict: r.hsVerdict,
        updated_at: r.updatedAt,
        version: r.version,
      })
      .execute();
  }

  async update(db: Db, id: string, changes: Partial<Pick<StoredForceRequest, 'status' | 'request' | 'decidedBy' | 'ihlVerdict' | 'hsVerdict' | 'updatedAt' | 'version'>>): Promise<void> {
    await db
      .updateTable('force_requests')
      .set({
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.request !== undefined && { request: JSON.stringify(changes.request) }),
        ...(changes.decidedBy !== undefined && { decided_by: changes.decidedBy }),
        ...(changes.ihlVerdict !== undefined && { ihl_verdict: changes.ihlVerdict }),
        ...(changes.hsVerdict !== undefined && { hs_verdict: changes.hsVerdict }),
        ...(changes.updatedAt !== undefined && { updated_at: changes.updatedAt }),
        ...(changes.version !== undefined && { version: changes.version }),
      })
      .where('id', '=', id)
      .execute();
  }

  async find(db: Db, id: string): Promise<StoredForceRequest | undefined> {
    const row = await db.selectFrom('force_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRequest(row);
  }

  /** Newest first; exercise and real requests apart when asked (an exercise's mission says EXERCISE). */
  async list(db: Db, filter: { statuses?: readonly string[]; exercise?: boolean | undefined; limit: number }): Promise<StoredForceRequest[]> {
    let q = db.selectFrom('force_requests').selectAll().orderBy('requested_at', 'desc').limit(filter.limit);
    if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
    if (filter.exercise !== undefined) q = q.where(sql<string>`lower(mission_name)`, filter.exercise ? 'like' : 'not like', EXERCISE_MISSION_LIKE);
    return (await q.execute()).map(toRequest);
  }

  async addAssessment(db: Db, a: { id: string; requestId: string; assessedAt: string; assessment: unknown }): Promise<void> {
    await db.insertInto('force_assessments').values({ id: a.id, request_id: a.requestId, assessed_at: a.assessedAt, assessment: JSON.stringify(a.assessment) }).execute();
  }

  async latestAssessment(db: Db, requestId: string): Promise<unknown> {
    const row = await db.selectFrom('force_assessments').select('assessment').where('request_id', '=', requestId).orderBy('assessed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && (JSON.parse(row.assessment) as unknown);
  }

  async addStep(db: Db, step: ForceStep): Promise<void> {
    await db
      .insertInto('force_steps')
      .values({
        id: step.id,
        request_id: step.requestId,
        kind: step.kind,
        value: step.value,
        reasons: step.reasons,
        payload: JSON.stringify(step.payload),
        actor_id: step.actor.id,
        actor_name: step.actor.name,
        actor_role: step.actor.role,
        at: step.at,
        ledger_seq: step.ledgerSeq,
      })
      .execute();
  }

  /** Every step of every request, in pages (for checking them against the ledger). */
  async *allSteps(db: Db): AsyncGenerator<ForceStep> {
    let after = '';
    for (;;) {
      const rows = await db.selectFrom('force_steps').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute();
      for (const row of rows) yield toStep(row);
      if (rows.length < 1000) return;
      after = rows.at(-1)!.id;
    }
  }

  async steps(db: Db, requestId: string): Promise<ForceStep[]> {
    return (await db.selectFrom('force_steps').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute()).map(toStep);
  }
}
