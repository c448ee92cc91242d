import { principalMay } from '../core/access-control.js';
import {
  protectiveActionInputSchema,
  protectiveActionListQuerySchema,
  protectiveActionUpdateSchema,
  resolveActionPoint,
  statusChangeRefusal,
  type FromCourseOfAction,
  type ProtectiveActionData,
  type ProtectiveActionRecord,
  type ResolvedPoint,
} from '../core/courses-of-action/protective-action-log.js';
import { DomainError, notFound } from '../core/errors.js';
import { EXERCISE_DATASET } from '../demo/exercise-scenario.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

/**
 * The protective actions log (docs/courses-of-action.md): protective actions that are not force, planned, carried out
 * or cancelled. Recorded by whoever may write incidents or plan; read by incident readers. Every write is one
 * transaction with its audit entry. Carried-out actions feed the escalation estimate of a course of action.
 */

const ENTITY = 'protective_action';
/** The most records one list answers with: the newest first. */
const LIST_LIMIT = 2000;

/** Whoever may write incidents (analysts, investigators) or plan (anyone who may request force) records actions. */
function requireRecorder(actor: Actor): void {
  if (principalMay(actor, 'incident:write') || principalMay(actor, 'force:request')) return;
  if (actor.scopes) throw new DomainError('forbidden', 'this API token is not scoped for incident:write or force:request');
  throw new DomainError('forbidden', `the ${actor.role} role may not record protective actions (it needs incident:write or force:request)`);
}

const stale = (id: string, now: number, read: number) =>
  new DomainError('conflict', `protective action ${id} changed since you read it (now version ${now}, you read ${read}); reload and try again`, [
    { path: 'version', code: 'stale_version', message: `the action is now at version ${now}` },
  ]);

const refuse = (path: string, code: string, message: string) => new DomainError('validation_failed', `protective action is invalid: ${path}: ${message}`, [{ path, code, message }]);

/**
 * The point an action is placed at, from the site or zone it names when no point is given. A site or zone that is not
 * in the register is refused on its field; so is an exercise site or zone named by a real action (exercise places are
 * fictional records on real terrain, and never mix with real ones).
 */
async function placeOf(ctx: AppContext, db: Db, data: Pick<ProtectiveActionData, 'location' | 'siteId' | 'zoneId' | 'exercise'>): Promise<ResolvedPoint> {
  const site = data.siteId === undefined ? undefined : await ctx.store.sites.find(db, data.siteId);
  if (data.siteId !== undefined && !site) throw refuse('siteId', 'unknown_site', `${data.siteId} is not a protected site in the register`);
  const zone = data.zoneId === undefined ? undefined : await ctx.store.zones.find(db, data.zoneId);
  if (data.zoneId !== undefined && !zone) throw refuse('zoneId', 'unknown_zone', `${data.zoneId} is not a zone in the register`);
  if (!data.exercise && site?.source.dataset === EXERCISE_DATASET) throw refuse('siteId', 'exercise_place', 'is an exercise site: a real action cannot be placed at it');
  if (!data.exercise && zone?.source.dataset === EXERCISE_DATASET) throw refuse('zoneId', 'exercise_place', 'is an exercise zone: a real action cannot be placed in it');
  // The schema asks for at least one of the three, so a point is always found.
  return resolveActionPoint(data.location, site, zone)!;
}

const sameSpot = (a: ResolvedPoint, b: ResolvedPoint) => a.lat === b.lat && a.lon === b.lon && a.precision === b.precision;

/** The record's fields from validated input: absent fields stored as null (unknown), never invented. */
function fieldsOf(data: ProtectiveActionData) {
  return {
    kind: data.kind,
    description: data.description,
    location: data.location ?? null,
    siteId: data.siteId ?? null,
    zoneId: data.zoneId ?? null,
    startDate: data.startDate ?? null,
    endDate: data.endDate ?? null,
    unit: data.unit ?? null,
    status: data.status,
    resultNote: data.resultNote ?? null,
    exercise: data.exercise,
  };
}

export async function createProtectiveAction(ctx: AppContext, actor: Actor, input: unknown): Promise<ProtectiveActionRecord> {
  requireRecorder(actor);
  const data = parseInput(protectiveActionInputSchema, input, 'protective action');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const at = ctx.now().toISOString();
    const record: ProtectiveActionRecord = { id: ctx.newId(), ...fieldsOf(data), point: await placeOf(ctx, trx, data), fromCourseOfAction: null, version: 1, createdBy: actor.id, createdAt: at, updatedBy: actor.id, updatedAt: at };
    await ctx.store.protectiveActions.insert(trx, [record]);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'protective_action.create', entityType: ENTITY, entityId: record.id, changes: { action: { before: null, after: fieldsOf(data) } } });
    return record;
  });
}

/**
 * The whole record again, on the version read: marking a planned action carried out (with its days and unit) or
 * cancelled, or correcting it. An action carried out or cancelled keeps that status; an exercise record stays one.
 */
export async function updateProtectiveAction(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ProtectiveActionRecord> {
  requireRecorder(actor);
  const { version, ...data } = parseInput(protectiveActionUpdateSchema, input, 'protective action');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.protectiveActions.find(trx, id);
    if (!current) throw notFound('protective action', id);
    if (current.version !== version) throw stale(id, current.version, version);
    if (current.exercise !== data.exercise) {
      throw refuse('exercise', 'exercise_flag_fixed', current.exercise ? 'an exercise record stays an exercise record' : 'a real record cannot become an exercise record');
    }
    const refusal = statusChangeRefusal(current.status, data.status);
    if (refusal) throw new DomainError('invalid_transition', `protective action ${id}: ${refusal}`, [{ path: 'status', code: 'invalid_transition', message: refusal }]);
    const at = ctx.now().toISOString();
    const placed = await placeOf(ctx, trx, data);
    // An action still at its planning area's point keeps saying so (its location is that point, not a place observed).
    const point = current.point.from === 'planning_area' && placed.from === 'location' && sameSpot(placed, current.point) ? current.point : placed;
    const next: ProtectiveActionRecord = { ...current, ...fieldsOf(data), point, version: version + 1, updatedBy: actor.id, updatedAt: at };
    if (!(await ctx.store.protectiveActions.update(trx, next, version))) throw stale(id, version + 1, version);
    const { id: _i, version: _v, createdBy: _cb, createdAt: _ca, updatedBy: _ub, updatedAt: _ua, fromCourseOfAction: _f, ...before } = current;
    const { id: _i2, version: _v2, createdBy: _cb2, createdAt: _ca2, updatedBy: _ub2, updatedAt: _ua2, fromCourseOfAction: _f2, ...after } = next;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'protective_action.update', entityType: ENTITY, entityId: id, changes: { ...changedFields(before, after), version: next.version } });
    return next;
  });
}

export async function getProtectiveAction(ctx: AppContext, actor: Actor, id: string): Promise<ProtectiveActionRecord> {
  requirePermission(actor, 'incident:read');
  const found = await ctx.store.protectiveActions.find(ctx.store.connection.db, id);
  if (!found) throw notFound('protective action', id);
  return found;
}

export async function listProtectiveActions(ctx: AppContext, actor: Actor, query: unknown): Promise<{ items: ProtectiveActionRecord[] }> {
  requirePermission(actor, 'incident:read');
  const filter = parseInput(protectiveActionListQuerySchema, query ?? {}, 'query');
  return { items: await ctx.store.protectiveActions.list(ctx.store.connection.db, { ...filter, limit: LIST_LIMIT }) };
}

/** A protective action of a chosen course, to be logged as planned. */
export interface PlannedFromChoice {
  /** Its id, made before the choice is sealed so that the ledger entry can name it. */
  id: string;
  data: ProtectiveActionData;
  /** Where it is placed when it names no site or zone the register holds: the planning situation's area. */
  areaPoint: ResolvedPoint;
  from: FromCourseOfAction;
}

/**
 * Logs a chosen course's protective actions as planned, inside the choice's transaction, each linked to the situation
 * and the choice. A site or zone the plan names that the register does not hold (the comparison lists such references
 * rather than refusing them) is not kept: the action is then placed at the area's centre, and says so (`point.from`).
 */
export async function logPlannedFromChoice(ctx: AppContext, db: Db, actor: Actor, planned: readonly PlannedFromChoice[], at: string): Promise<{ action: number; id: string }[]> {
  const records: ProtectiveActionRecord[] = [];
  for (const p of planned) {
    const site = p.data.siteId === undefined ? undefined : await ctx.store.sites.find(db, p.data.siteId);
    const zone = p.data.zoneId === undefined ? undefined : await ctx.store.zones.find(db, p.data.zoneId);
    const point = resolveActionPoint(undefined, site, zone) ?? p.areaPoint;
    // Placed at the area: the area's point is its location, so that the record, sent back whole, says where it is.
    const { from: _from, ...areaLocation } = p.areaPoint;
    const data: ProtectiveActionData = { ...p.data, siteId: site?.id, zoneId: zone?.id, ...(!site && !zone && { location: areaLocation }) };
    records.push({ id: p.id, ...fieldsOf(data), point, fromCourseOfAction: p.from, version: 1, createdBy: actor.id, createdAt: at, updatedBy: actor.id, updatedAt: at });
  }
  await ctx.store.protectiveActions.insert(db, records);
  await ctx.store.audit.appendMany(
    db,
    records.map(({ id, ...after }) => ({ at, userId: actor.id, action: 'protective_action.create', entityType: ENTITY, entityId: id, changes: { action: { before: null, after } } })),
  );
  return records.map((r) => ({ action: r.fromCourseOfAction!.action, id: r.id }));
}
