import type { ChoiceSnapshot, PlanningChoice, PlanningStatus } from '../core/courses-of-action/coa-api.schema.js';
import type { CourseOfAction, PlanningSituation } from '../core/courses-of-action/planning.schema.js';
import type { Db, PlanningChoicesTable, PlanningSituationsTable } from './database.js';

/** A planning situation as held: the plan (JSON, checked by the core's schema before it is stored) and its state. */
export interface StoredPlanningSituation {
  id: string;
  status: PlanningStatus;
  version: number;
  situation: PlanningSituation;
  coursesOfAction: CourseOfAction[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

interface PlanContent {
  situation: PlanningSituation;
  coursesOfAction: CourseOfAction[];
}

const toSituation = (r: PlanningSituationsTable): StoredPlanningSituation => {
  const content = JSON.parse(r.content) as PlanContent;
  return {
    id: r.id,
    status: r.status as PlanningStatus,
    version: Number(r.version),
    situation: content.situation,
    coursesOfAction: content.coursesOfAction,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
};

const toRow = (s: StoredPlanningSituation): PlanningSituationsTable => ({
  id: s.id,
  name: s.situation.name,
  exercise: s.situation.exercise ? 1 : 0,
  status: s.status,
  content: JSON.stringify({ situation: s.situation, coursesOfAction: s.coursesOfAction } satisfies PlanContent),
  version: s.version,
  created_at: s.createdAt,
  created_by: s.createdBy,
  updated_at: s.updatedAt,
  updated_by: s.updatedBy,
});

const toChoice = (r: PlanningChoicesTable, requests: { action: number; id: string }[], protectiveActions: { action: number; id: string }[]): PlanningChoice => ({
  id: r.id,
  courseOfAction: r.coa_name,
  reasons: r.reasons,
  chosenBy: { id: r.chosen_by, name: r.chosen_by_name, role: r.chosen_by_role },
  chosenAt: r.chosen_at,
  ledgerSeq: Number(r.ledger_seq),
  forceRequests: requests,
  protectiveActions,
  snapshot: JSON.parse(r.snapshot) as ChoiceSnapshot,
});

/** Planning situations, their courses of action, and the commander's choice with the force requests it made. */
export class PlanningSituationRepository {
  async insert(db: Db, s: StoredPlanningSituation): Promise<void> {
    await db.insertInto('planning_situations').values(toRow(s)).execute();
  }

  /** False when the stored version is not `expectedVersion` (someone saved or chose since). */
  async update(db: Db, s: StoredPlanningSituation, expectedVersion: number): Promise<boolean> {
    const { id: _id, created_at: _at, created_by: _by, ...changes } = toRow(s);
    const result = await db.updateTable('planning_situations').set(changes).where('id', '=', s.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks a draft as compared; nothing else changes (not a new version of the plan). */
  async markCompared(db: Db, id: string, version: number): Promise<void> {
    await db.updateTable('planning_situations').set({ status: 'compared' }).where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').execute();
  }

  async find(db: Db, id: string): Promise<StoredPlanningSituation | undefined> {
    const row = await db.selectFrom('planning_situations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSituation(row);
  }

  /** Newest first; real and exercise situations apart when asked. */
  async list(db: Db, filter: { status?: PlanningStatus | undefined; exercise?: boolean | undefined; limit: number }): Promise<StoredPlanningSituation[]> {
    let q = db.selectFrom('planning_situations').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.exercise !== undefined) q = q.where('exercise', '=', filter.exercise ? 1 : 0);
    return (await q.execute()).map(toSituation);
  }

  async insertChoice(db: Db, situationId: string, choice: PlanningChoice): Promise<void> {
    await db
      .insertInto('planning_choices')
      .values({
        id: choice.id,
        situation_id: situationId,
        coa_name: choice.courseOfAction,
        reasons: choice.reasons,
        chosen_by: choice.chosenBy.id,
        chosen_by_name: choice.chosenBy.name,
        chosen_by_role: choice.chosenBy.role,
        chosen_at: choice.chosenAt,
        ledger_seq: choice.ledgerSeq,
        snapshot: JSON.stringify(choice.snapshot),
      })
      .execute();
    if (choice.forceRequests.length > 0) {
      await db
        .insertInto('planning_choice_requests')
        .values(choice.forceRequests.map((r) => ({ choice_id: choice.id, action_number: r.action, force_request_id: r.id })))
        .execute();
    }
  }

  /** The choices of these situations, by situation id. */
  async choicesOf(db: Db, situationIds: readonly string[]): Promise<Map<string, PlanningChoice>> {
    const choices = new Map<string, PlanningChoice>();
    if (situationIds.length === 0) return choices;
    for (let i = 0; i < situationIds.length; i += 500) {
      const rows = await db.selectFrom('planning_choices').selectAll().where('situation_id', 'in', situationIds.slice(i, i + 500)).execute();
      if (rows.length === 0) continue;
      const links = await db
        .selectFrom('planning_choice_requests')
        .selectAll()
        .where('choice_id', 'in', rows.map((r) => r.id))
        .orderBy('choice_id')
        .orderBy('action_number')
        .execute();
      // The chosen course's protective actions, logged as planned when it was chosen (migration 0030).
      const planned = await db
        .selectFrom('protective_actions')
        .select(['id', 'choice_id', 'action_number'])
        .where('choice_id', 'in', rows.map((r) => r.id))
        .orderBy('choice_id')
        .orderBy('action_number')
        .execute();
      for (const row of rows) {
        const requests = links.filter((l) => l.choice_id === row.id).map((l) => ({ action: Number(l.action_number), id: l.force_request_id }));
        const protective = planned.filter((p) => p.choice_id === row.id).map((p) => ({ action: Number(p.action_number), id: p.id }));
        choices.set(row.situation_id, toChoice(row, requests, protective));
      }
    }
    return choices;
  }
}
