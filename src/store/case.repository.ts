import type { CaseStatus, CaseOutcome } from '../core/accountability/case-workflow.js';
import type {
  CaseFilter,
  CaseQualification,
  CaseStep,
  CaseSummary,
  LinkedEvidence,
  LinkedIncident,
  PerpetratorEvent,
  PerpetratorEventKind,
  PerpetratorStatus,
  RecordedBy,
  StepSource,
} from '../core/accountability/case.schema.js';
import { legalQualification, type QualificationCategory } from '../core/accountability/legal-qualifications.js';
import type { CasePerpetratorEventsTable, CasePerpetratorsTable, CasesTable, CaseStepsTable, Db } from './database.js';
import { caseVisibleTo, evidenceVisibleTo, linkedIncidentVisibleTo, type Audience } from './record-visibility.js';

export type LinkKind = 'incident' | 'evidence';

export interface CaseRow {
  id: string;
  title: string;
  summary: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  openedAt: string;
  openedBy: RecordedBy;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

export interface PerpetratorRow {
  id: string;
  name: string;
  kind: 'person' | 'unit';
  affiliation: string | null;
  roleOrRank: string | null;
  status: PerpetratorStatus;
}

const toCase = (r: CasesTable): CaseRow => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  status: r.status as CaseStatus,
  outcome: r.outcome as CaseOutcome | null,
  openedAt: r.opened_at,
  openedBy: { id: r.opened_by, name: r.opened_by_name, role: r.opened_by_role },
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  version: r.version,
});

const toPerpetrator = (r: CasePerpetratorsTable): PerpetratorRow => ({
  id: r.id,
  name: r.name,
  kind: r.kind as PerpetratorRow['kind'],
  affiliation: r.affiliation,
  roleOrRank: r.role_or_rank,
  status: r.status as PerpetratorStatus,
});

const toStep = (r: CaseStepsTable): CaseStep => ({
  id: r.id,
  from: r.from_status as CaseStatus | null,
  status: r.status as CaseStatus,
  date: r.occurred_on,
  details: JSON.parse(r.details) as Record<string, unknown>,
  source: r.source === null ? null : (JSON.parse(r.source) as StepSource),
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name, role: r.recorded_by_role },
  recordedAt: r.recorded_at,
});

const toEvent = (r: CasePerpetratorEventsTable): PerpetratorEvent => ({
  id: r.id,
  perpetratorId: r.perpetrator_id,
  kind: r.kind as PerpetratorEventKind,
  date: r.occurred_on,
  details: JSON.parse(r.details) as Record<string, unknown>,
  recordedBy: { id: r.recorded_by, name: r.recorded_by_name, role: r.recorded_by_role },
  recordedAt: r.recorded_at,
});

/** A case's link to a record of this kind, as the audience may see it: a hidden incident or item is not linked for them. */
const linkVisibleTo = (kind: LinkKind, audience: Audience) =>
  kind === 'incident' ? linkedIncidentVisibleTo('case_links.target_id', audience) : evidenceVisibleTo(audience, 'case_links.target_id');

/**
 * Accountability cases and everything hung on them; every method runs inside the caller's transaction or handle.
 * Reads answer for an audience: a restricted case, and a link to a restricted incident or evidence item, do not exist
 * for a reader not named on it.
 */
export class CaseRepository {
  async insert(db: Db, c: CaseRow): Promise<void> {
    await db
      .insertInto('cases')
      .values({
        id: c.id,
        title: c.title,
        summary: c.summary,
        status: c.status,
        outcome: c.outcome,
        opened_at: c.openedAt,
        opened_by: c.openedBy.id,
        opened_by_name: c.openedBy.name,
        opened_by_role: c.openedBy.role,
        updated_at: c.updatedAt,
        updated_by: c.updatedBy,
        version: c.version,
      })
      .execute();
  }

  async find(db: Db, id: string, audience: Audience): Promise<CaseRow | undefined> {
    const row = await db.selectFrom('cases').selectAll().where('id', '=', id).where(caseVisibleTo(audience)).executeTakeFirst();
    return row && toCase(row);
  }

  async update(db: Db, id: string, changes: Partial<Pick<CaseRow, 'title' | 'summary' | 'status' | 'outcome'>> & { updatedAt: string; updatedBy: string; version: number }): Promise<void> {
    await db
      .updateTable('cases')
      .set({
        ...(changes.title !== undefined && { title: changes.title }),
        ...(changes.summary !== undefined && { summary: changes.summary }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.outcome !== undefined && { outcome: changes.outcome }),
        updated_at: changes.updatedAt,
        updated_by: changes.updatedBy,
        version: changes.version,
      })
      .where('id', '=', id)
      .execute();
  }

  async replaceLinks(db: Db, caseId: string, kind: LinkKind, targetIds: readonly string[]): Promise<void> {
    await db.deleteFrom('case_links').where('case_id', '=', caseId).where('kind', '=', kind).execute();
    if (targetIds.length > 0) await db.insertInto('case_links').values(targetIds.map((target_id) => ({ case_id: caseId, kind, target_id }))).execute();
  }

  async links(db: Db, caseId: string, kind: LinkKind, audience: Audience): Promise<string[]> {
    const rows = await db
      .selectFrom('case_links')
      .select('target_id')
      .where('case_id', '=', caseId)
      .where('kind', '=', kind)
      .where(linkVisibleTo(kind, audience))
      .orderBy('target_id')
      .execute();
    return rows.map((r) => r.target_id);
  }

  /**
   * The case's links to incidents the audience may see, in the order of `links`, each with what identifies the
   * incident to a reader; `missing` when no incident has the id any more.
   */
  async linkedIncidents(db: Db, caseId: string, audience: Audience): Promise<LinkedIncident[]> {
    const rows = await db
      .selectFrom('case_links')
      .leftJoin('incidents', 'incidents.id', 'case_links.target_id')
      .select([
        'case_links.target_id as id',
        'incidents.title',
        'incidents.date_earliest',
        'incidents.date_latest',
        'incidents.country',
        'incidents.place_name',
        'incidents.admin2',
        'incidents.admin1',
        'incidents.violence_type',
        'incidents.killed_best',
      ])
      .where('case_links.case_id', '=', caseId)
      .where('case_links.kind', '=', 'incident')
      .where(linkVisibleTo('incident', audience))
      .orderBy('case_links.target_id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      state: r.title === null ? 'missing' : 'shown',
      title: r.title,
      dateEarliest: r.date_earliest,
      dateLatest: r.date_latest,
      country: r.country,
      place: r.place_name ?? r.admin2 ?? r.admin1,
      violenceType: r.violence_type,
      killedBest: r.killed_best === null ? null : Number(r.killed_best),
    }));
  }

  /**
   * The case's links to evidence items the audience may see, in the order of `links`, each with its file name, kind,
   * date and an incident it was received for that the audience may see; `missing` when no item has the id.
   */
  async linkedEvidence(db: Db, caseId: string, audience: Audience): Promise<LinkedEvidence[]> {
    const rows = await db
      .selectFrom('case_links')
      .leftJoin('evidence_items', 'evidence_items.id', 'case_links.target_id')
      .select((eb) => [
        'case_links.target_id as id',
        'evidence_items.original_name',
        'evidence_items.kind',
        'evidence_items.description',
        'evidence_items.received_at',
        eb
          .selectFrom('evidence_incidents as received_for')
          .select((sub) => sub.fn.min('received_for.incident_id').as('incident_id'))
          .whereRef('received_for.item_id', '=', 'case_links.target_id')
          .where(linkedIncidentVisibleTo('received_for.incident_id', audience))
          .as('incident_id'),
      ])
      .where('case_links.case_id', '=', caseId)
      .where('case_links.kind', '=', 'evidence')
      .where(linkVisibleTo('evidence', audience))
      .orderBy('case_links.target_id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      state: r.original_name === null ? 'missing' : 'shown',
      title: r.original_name,
      kind: r.kind,
      description: r.description,
      receivedAt: r.received_at,
      incidentId: r.incident_id ?? null,
    }));
  }

  async replaceQualifications(db: Db, caseId: string, qualifications: readonly { ref: string; category: QualificationCategory; note: string | null }[]): Promise<void> {
    await db.deleteFrom('case_qualifications').where('case_id', '=', caseId).execute();
    if (qualifications.length > 0) {
      await db
        .insertInto('case_qualifications')
        .values(qualifications.map((q, position) => ({ case_id: caseId, position, ref: q.ref, category: q.category, note: q.note })))
        .execute();
    }
  }

  async qualifications(db: Db, caseId: string): Promise<CaseQualification[]> {
    const rows = await db.selectFrom('case_qualifications').selectAll().where('case_id', '=', caseId).orderBy('position').execute();
    return rows.map((r) => {
      const entry = legalQualification(r.ref);
      return {
        ref: r.ref,
        category: r.category as QualificationCategory,
        article: entry?.article ?? r.ref,
        title: entry?.title ?? r.ref,
        verification: entry?.verification ?? 'M',
        note: r.note,
      };
    });
  }

  async perpetrators(db: Db, caseId: string): Promise<PerpetratorRow[]> {
    return (await db.selectFrom('case_perpetrators').selectAll().where('case_id', '=', caseId).orderBy('position').execute()).map(toPerpetrator);
  }

  async findPerpetrator(db: Db, caseId: string, perpetratorId: string): Promise<PerpetratorRow | undefined> {
    const row = await db.selectFrom('case_perpetrators').selectAll().where('case_id', '=', caseId).where('id', '=', perpetratorId).executeTakeFirst();
    return row && toPerpetrator(row);
  }

  async upsertPerpetrator(db: Db, caseId: string, position: number, p: PerpetratorRow, exists: boolean): Promise<void> {
    const values = { name: p.name, kind: p.kind, affiliation: p.affiliation, role_or_rank: p.roleOrRank, status: p.status, position };
    if (exists) await db.updateTable('case_perpetrators').set(values).where('id', '=', p.id).where('case_id', '=', caseId).execute();
    else await db.insertInto('case_perpetrators').values({ id: p.id, case_id: caseId, ...values }).execute();
  }

  async deletePerpetrators(db: Db, caseId: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await db.deleteFrom('case_perpetrators').where('case_id', '=', caseId).where('id', 'in', ids).execute();
  }

  async setPerpetratorStatus(db: Db, perpetratorId: string, status: PerpetratorStatus): Promise<void> {
    await db.updateTable('case_perpetrators').set({ status }).where('id', '=', perpetratorId).execute();
  }

  async addStep(db: Db, caseId: string, step: CaseStep): Promise<void> {
    await db
      .insertInto('case_steps')
      .values({
        id: step.id,
        case_id: caseId,
        from_status: step.from,
        status: step.status,
        occurred_on: step.date,
        details: JSON.stringify(step.details),
        source: step.source === null ? null : JSON.stringify(step.source),
        recorded_by: step.recordedBy.id,
        recorded_by_name: step.recordedBy.name,
        recorded_by_role: step.recordedBy.role,
        recorded_at: step.recordedAt,
      })
      .execute();
  }

  async steps(db: Db, caseId: string): Promise<CaseStep[]> {
    return (await db.selectFrom('case_steps').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute()).map(toStep);
  }

  async addEvent(db: Db, caseId: string, event: PerpetratorEvent): Promise<void> {
    await db
      .insertInto('case_perpetrator_events')
      .values({
        id: event.id,
        case_id: caseId,
        perpetrator_id: event.perpetratorId,
        kind: event.kind,
        occurred_on: event.date,
        details: JSON.stringify(event.details),
        recorded_by: event.recordedBy.id,
        recorded_by_name: event.recordedBy.name,
        recorded_by_role: event.recordedBy.role,
        recorded_at: event.recordedAt,
      })
      .execute();
  }

  async events(db: Db, caseId: string): Promise<PerpetratorEvent[]> {
    return (await db.selectFrom('case_perpetrator_events').selectAll().where('case_id', '=', caseId).orderBy('occurred_on').orderBy('recorded_at').orderBy('id').execute()).map(toEvent);
  }

  async perpetratorIdsWithEvents(db: Db, caseId: string): Promise<Set<string>> {
    const rows = await db.selectFrom('case_perpetrator_events').select('perpetrator_id').distinct().where('case_id', '=', caseId).execute();
    return new Set(rows.map((r) => r.perpetrator_id));
  }

  /** How many events of each kind happened in the period (by the date they happened, both ends included), on the cases the audience may see. */
  async countEvents(db: Db, period: { from?: string | undefined; to?: string | undefined }, audience: Audience): Promise<Partial<Record<PerpetratorEventKind, number>>> {
    let q = db
      .selectFrom('case_perpetrator_events')
      .select((eb) => ['kind', eb.fn.countAll<number | string>().as('n')])
      .where(caseVisibleTo(audience, 'case_perpetrator_events.case_id'))
      .groupBy('kind');
    if (period.from) q = q.where('occurred_on', '>=', period.from);
    if (period.to) q = q.where('occurred_on', '<=', period.to);
    const rows = await q.execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }

  async list(db: Db, filter: CaseFilter, audience: Audience): Promise<CaseSummary[]> {
    let q = db.selectFrom('cases').selectAll().where(caseVisibleTo(audience)).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.category) {
      const category = filter.category;
      q = q.where('id', 'in', (eb) => eb.selectFrom('case_qualifications').select('case_id').where('category', '=', category));
    }
    if (filter.incidentId) {
      const incidentId = filter.incidentId;
      // An incident hidden from the reader links nothing, as for an id that does not exist.
      q = q.where('id', 'in', (eb) => eb.selectFrom('case_links').select('case_id').where('kind', '=', 'incident').where('target_id', '=', incidentId).where(linkVisibleTo('incident', audience)));
    }
    const rows = (await q.execute()).map(toCase);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [categories, incidents, perpetrators] = await Promise.all([
      db.selectFrom('case_qualifications').select(['case_id', 'category']).distinct().where('case_id', 'in', ids).execute(),
      db
        .selectFrom('case_links')
        .select((eb) => ['case_id', eb.fn.countAll<number | string>().as('n')])
        .where('case_id', 'in', ids)
        .where('kind', '=', 'incident')
        .where(linkVisibleTo('incident', audience))
        .groupBy('case_id')
        .execute(),
      db.selectFrom('case_perpetrators').select((eb) => ['case_id', eb.fn.countAll<number | string>().as('n')]).where('case_id', 'in', ids).groupBy('case_id').execute(),
    ]);
    const incidentCounts = new Map(incidents.map((r) => [r.case_id, Number(r.n)]));
    const perpetratorCounts = new Map(perpetrators.map((r) => [r.case_id, Number(r.n)]));
    return rows.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      outcome: c.outcome,
      categories: categories.filter((q2) => q2.case_id === c.id).map((q2) => q2.category as QualificationCategory).sort(),
      incidentCount: incidentCounts.get(c.id) ?? 0,
      perpetratorCount: perpetratorCounts.get(c.id) ?? 0,
      openedAt: c.openedAt,
      updatedAt: c.updatedAt,
      version: c.version,
    }));
  }
}
