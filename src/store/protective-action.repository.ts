import type { ActionPoint, ProtectiveActionListQuery, ProtectiveActionRecord, ProtectiveActionStatus, PointSource } from '../core/courses-of-action/protective-action-log.js';
import type { ProtectiveActionKind } from '../core/courses-of-action/planning.schema.js';
import type { LocationPrecision } from '../core/taxonomy.js';
import type { Db, ProtectiveActionsTable } from './database.js';

const toRecord = (r: ProtectiveActionsTable): ProtectiveActionRecord => ({
  id: r.id,
  kind: r.kind as ProtectiveActionKind,
  description: r.description,
  location: r.location === null ? null : (JSON.parse(r.location) as ActionPoint),
  siteId: r.site_id,
  zoneId: r.zone_id,
  point: { lat: Number(r.lat), lon: Number(r.lon), precision: r.precision as LocationPrecision, from: r.point_from as PointSource },
  startDate: r.start_date,
  endDate: r.end_date,
  unit: r.unit,
  status: r.status as ProtectiveActionStatus,
  resultNote: r.result_note,
  exercise: Number(r.exercise) === 1,
  fromCourseOfAction:
    r.situation_id !== null && r.choice_id !== null && r.coa_name !== null && r.action_number !== null
      ? { situationId: r.situation_id, choiceId: r.choice_id, courseOfAction: r.coa_name, action: Number(r.action_number) }
      : null,
  version: Number(r.version),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toRow = (a: ProtectiveActionRecord): ProtectiveActionsTable => ({
  id: a.id,
  kind: a.kind,
  status: a.status,
  description: a.description,
  location: a.location === null ? null : JSON.stringify(a.location),
  site_id: a.siteId,
  zone_id: a.zoneId,
  lat: a.point.lat,
  lon: a.point.lon,
  precision: a.point.precision,
  point_from: a.point.from,
  start_date: a.startDate,
  end_date: a.endDate,
  unit: a.unit,
  result_note: a.resultNote,
  exercise: a.exercise ? 1 : 0,
  situation_id: a.fromCourseOfAction?.situationId ?? null,
  choice_id: a.fromCourseOfAction?.choiceId ?? null,
  coa_name: a.fromCourseOfAction?.courseOfAction ?? null,
  action_number: a.fromCourseOfAction?.action ?? null,
  version: a.version,
  created_at: a.createdAt,
  created_by: a.createdBy,
  updated_at: a.updatedAt,
  updated_by: a.updatedBy,
});

/** The protective actions log: planned, carried out and cancelled protective actions that are not force. */
export class ProtectiveActionRepository {
  async insert(db: Db, actions: readonly ProtectiveActionRecord[]): Promise<void> {
    for (let i = 0; i < actions.length; i += 200) await db.insertInto('protective_actions').values(actions.slice(i, i + 200).map(toRow)).execute();
  }

  /** False when the stored version is not `expectedVersion` (someone saved since). */
  async update(db: Db, action: ProtectiveActionRecord, expectedVersion: number): Promise<boolean> {
    const { id: _id, created_at: _at, created_by: _by, situation_id: _s, choice_id: _c, coa_name: _n, action_number: _a, ...changes } = toRow(action);
    const result = await db.updateTable('protective_actions').set(changes).where('id', '=', action.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(db: Db, id: string): Promise<ProtectiveActionRecord | undefined> {
    const row = await db.selectFrom('protective_actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Newest first (by last change). Days overlap [from, to] (an action without days is left out when either is asked);
   * the point inside the box (west ≤ east: the registers' boxes do not cross the antimeridian).
   */
  async list(db: Db, filter: ProtectiveActionListQuery & { limit: number }): Promise<ProtectiveActionRecord[]> {
    let q = db.selectFrom('protective_actions').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.exercise !== undefined) q = q.where('exercise', '=', filter.exercise ? 1 : 0);
    // An action still running (no end day) reaches to today and beyond: it overlaps any later `from`.
    if (filter.from !== undefined) q = q.where('start_date', 'is not', null).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', filter.from!)]));
    if (filter.to !== undefined) q = q.where('start_date', '<=', filter.to);
    if (filter.bbox !== undefined) {
      const [west, south, east, north] = filter.bbox;
      q = q.where('lon', '>=', west).where('lon', '<=', east).where('lat', '>=', south).where('lat', '<=', north);
    }
    return (await q.execute()).map(toRecord);
  }
}
