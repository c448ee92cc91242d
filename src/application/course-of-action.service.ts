import { latLngToCell } from 'h3-js';
import { addDays } from '../core/analytics/placement.js';
import { totalOf } from '../core/casualty-totals.js';
import { courseFigures } from '../core/courses-of-action/choice-figures.js';
import {
  planningChoiceInputSchema,
  planningDraftSchema,
  planningListQuerySchema,
  planningReportQuerySchema,
  planningUpdateSchema,
  planningWithdrawalSchema,
  type ChoiceSnapshot,
  type ComparisonContextSummary,
  type PlanningChoice,
  type PlanningComparison,
  type PlanningSituationRecord,
} from '../core/courses-of-action/coa-api.schema.js';
import { compareCoursesOfAction, type CoaComparison, type PlanningSite, type PlanningZone } from '../core/courses-of-action/compare.js';
import { forceKindOf, type EscalationRegister, type PastAction, type RegisterIncident } from '../core/courses-of-action/escalation-estimate.js';
import { areaBbox, circlePolygon, insideArea, type AreaGeometry } from '../core/courses-of-action/planning-area.js';
import { precisionForRadiusKm, type ResolvedPoint } from '../core/courses-of-action/protective-action-log.js';
import { coaComparisonInputSchema, type CourseOfAction, type PlanningArea, type PlanningSituation } from '../core/courses-of-action/planning.schema.js';
import { DEFAULT_DRAWS, DEFAULT_SEED } from '../core/courses-of-action/uncertainty.js';
import { DomainError, notFound } from '../core/errors.js';
import { radiusKmOf, representativePointOf, widenBox, type Box } from '../core/places/geometry.js';
import { zoneIndexBox } from '../core/places/zone.schema.js';
import type { ForceRequest } from '../core/use-of-force/force-request.schema.js';
import { EXERCISE_DATASET } from '../demo/exercise-scenario.js';
import { gazetteer } from '../infrastructure/gazetteer-file.js';
import { placesToLabel } from '../core/gazetteer/place-search.js';
import { countryShapesForMaps } from '../infrastructure/country-shapes.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { renderCoaReport } from '../reporting/coa-report.js';
import type { Db } from '../store/database.js';
import type { StoredPlanningSituation } from '../store/planning-situation.repository.js';
import type { Audience } from '../store/record-visibility.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { storeForceRequest } from './force-request.service.js';
import { appendToLedger } from './ledger.service.js';
import { logPlannedFromChoice, type PlannedFromChoice } from './protective-action.service.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

/**
 * Courses of action kept, compared and chosen (docs/courses-of-action.md, "Using it"). A planning situation holds its
 * courses as written; the comparison is derived each time it is read, from the register as the reader may see it; the
 * commander's choice is sealed in the ledger with the figures it was made on, and the chosen course's force actions
 * become force requests in the workflow — all in one transaction.
 */

const ENTITY = 'planning_situation';

/** How far back the register is read for the escalation estimate: two years before the situation's period. */
export const REGISTER_LOOKBACK_DAYS = 730;
/** The H3 resolution of the escalation estimate's area cells (about 36 km² each). */
export const ESCALATION_CELL_RESOLUTION = 6;
/** The most incidents read for one comparison; an area with more is read from its most recent ones. */
const MAX_REGISTER_INCIDENTS = 20_000;
/** The farthest a site's alert distance reaches (a dam, dyke or nuclear power station): sites this far outside count. */
const FARTHEST_ALERT_KM = 5;
/** Incidents placed only to a province or a country say nothing about an area cell. */
const PRECISE_ENOUGH = new Set(['exact', 'within_25km', 'admin2']);
/** Force requests whose force was used: the past actions the register holds. */
const CARRIED_OUT = ['authorised', 'approved', 'reviewed_after_emergency'];
/** Exercise force requests are marked in their mission's name (src/demo/exercise-force-requests.ts). */
const EXERCISE_MISSION = /^EXERCISE\b/i;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Records

async function recordsOf(ctx: AppContext, db: Db, stored: readonly StoredPlanningSituation[]): Promise<PlanningSituationRecord[]> {
  const choices = await ctx.store.planning.choicesOf(db, stored.map((s) => s.id));
  return stored.map((s) => ({
    id: s.id,
    status: s.status,
    exercise: s.situation.exercise,
    version: s.version,
    situation: s.situation,
    coursesOfAction: s.coursesOfAction,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
    choice: choices.get(s.id) ?? null,
  }));
}

async function load(ctx: AppContext, db: Db, id: string): Promise<StoredPlanningSituation> {
  const stored = await ctx.store.planning.find(db, id);
  if (!stored) throw notFound('planning situation', id);
  return stored;
}

/** A place chosen from the gazetteer must be one it holds: checked when the plan is saved, not when it is compared. */
function checkPlace(area: PlanningArea, path: string): void {
  if (area.type === 'Place') placeIndex(area.geonameId, path);
}

/** The gazetteer's index of the place, or a clear refusal naming the field. */
function placeIndex(geonameId: number, path: string): number {
  const g = gazetteer();
  for (let i = 0; i < g.size; i++) if (g.geonameId[i] === geonameId) return i;
  throw new DomainError('validation_failed', `${path}.geonameId: ${geonameId} is not a place in the gazetteer`, [{ path: `${path}.geonameId`, code: 'unknown_place', message: 'is not a place in the gazetteer (populated places of 1,000 people or more)' }]);
}

function assertOpen(stored: StoredPlanningSituation, what: string): void {
  if (stored.status === 'chosen' || stored.status === 'withdrawn') {
    throw new DomainError('invalid_transition', `planning situation ${stored.id} is ${stored.status}: ${what} is no longer possible`);
  }
}

const stale = (id: string, now: number, read: number) =>
  new DomainError('conflict', `planning situation ${id} changed since you read it (now version ${now}, you read ${read}); reload and try again`, [{ path: 'version', code: 'stale_version', message: `the situation is now at version ${now}` }]);

export async function createPlanningSituation(ctx: AppContext, actor: Actor, input: unknown): Promise<PlanningSituationRecord> {
  requirePermission(actor, 'force:request');
  const plan = parseInput(planningDraftSchema, input, 'planning situation');
  checkPlace(plan.situation.area, 'situation.area');
  const at = ctx.now().toISOString();
  const stored: StoredPlanningSituation = { id: ctx.newId(), status: 'draft', version: 1, ...plan, createdBy: actor.id, createdAt: at, updatedBy: actor.id, updatedAt: at };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.planning.insert(trx, stored);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'planning.create', entityType: ENTITY, entityId: stored.id, changes: { plan: { before: null, after: plan } } });
  });
  return (await recordsOf(ctx, ctx.store.connection.db, [stored]))[0]!;
}

/** The whole plan again, on the version read; a compared situation goes back to draft (its comparison changes). */
export async function updatePlanningSituation(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<PlanningSituationRecord> {
  requirePermission(actor, 'force:request');
  const { version, ...plan } = parseInput(planningUpdateSchema, input, 'planning situation');
  checkPlace(plan.situation.area, 'situation.area');
  const next = await ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await load(ctx, trx, id);
    assertOpen(current, 'changing it');
    if (current.version !== version) throw stale(id, current.version, version);
    const at = ctx.now().toISOString();
    const updated: StoredPlanningSituation = { ...current, ...plan, status: 'draft', version: version + 1, updatedBy: actor.id, updatedAt: at };
    if (!(await ctx.store.planning.update(trx, updated, version))) throw stale(id, current.version, version);
    const before = { situation: current.situation, coursesOfAction: current.coursesOfAction };
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'planning.update', entityType: ENTITY, entityId: id, changes: { ...changedFields(before, plan), version: updated.version } });
    return updated;
  });
  return (await recordsOf(ctx, ctx.store.connection.db, [next]))[0]!;
}

export async function withdrawPlanningSituation(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<PlanningSituationRecord> {
  requirePermission(actor, 'force:request');
  const { reasons } = parseInput(planningWithdrawalSchema, input, 'withdrawal');
  const next = await ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await load(ctx, trx, id);
    assertOpen(current, 'withdrawing it');
    const at = ctx.now().toISOString();
    const updated: StoredPlanningSituation = { ...current, status: 'withdrawn', version: current.version + 1, updatedBy: actor.id, updatedAt: at };
    if (!(await ctx.store.planning.update(trx, updated, current.version))) throw stale(id, current.version, current.version);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'planning.withdraw', entityType: ENTITY, entityId: id, changes: { status: { before: current.status, after: 'withdrawn' }, reasons } });
    return updated;
  });
  return (await recordsOf(ctx, ctx.store.connection.db, [next]))[0]!;
}

export async function getPlanningSituation(ctx: AppContext, actor: Actor, id: string): Promise<PlanningSituationRecord> {
  requirePermission(actor, 'force:read');
  const db = ctx.store.connection.db;
  return (await recordsOf(ctx, db, [await load(ctx, db, id)]))[0]!;
}

export async function listPlanningSituations(ctx: AppContext, actor: Actor, query: unknown): Promise<{ items: PlanningSituationRecord[] }> {
  requirePermission(actor, 'force:read');
  const filter = parseInput(planningListQuerySchema, query ?? {}, 'query');
  const db = ctx.store.connection.db;
  return { items: await recordsOf(ctx, db, await ctx.store.planning.list(db, { ...filter, limit: 500 })) };
}

// ---------------------------------------------------------------------------------------------------------------
// What a comparison is made from

/** The area as geometry: drawn, or a circle of the radius around the gazetteer place. */
function areaGeometry(area: PlanningArea): AreaGeometry {
  if (area.type !== 'Place') return area;
  const i = placeIndex(area.geonameId, 'situation.area');
  const g = gazetteer();
  return circlePolygon({ lon: g.lon[i]!, lat: g.lat[i]! }, area.radiusKm);
}

/**
 * Where a planned protective action that names no site or zone is placed: the centre of the situation's area, as
 * precise as the area is small (a 10 km circle's centre is "within 25 km").
 */
function pointOfArea(area: PlanningArea): ResolvedPoint {
  const geometry = areaGeometry(area);
  const centre = representativePointOf(geometry);
  return { ...centre, precision: precisionForRadiusKm(radiusKmOf(geometry, centre)), from: 'planning_area' };
}

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

interface GatheredContext {
  sites: PlanningSite[];
  zones: PlanningZone[];
  register: EscalationRegister;
  summary: ComparisonContextSummary;
}

/**
 * The register as the audience may see it, for the situation's area: protected sites in or within reach of it, zones
 * that overlap it, incidents and past force in it (real or exercise, as the situation is — never mixed), and the
 * gazetteer's places inside it with their population. Incidents are read through the same visibility as their own
 * routes: a restricted incident hidden from the reader does not exist for their comparison.
 */
async function gatherContext(ctx: AppContext, db: Db, stored: StoredPlanningSituation, audience: Audience): Promise<GatheredContext> {
  const { situation } = stored;
  const area = areaGeometry(situation.area);
  const bbox = areaBbox(area);
  const reach = widenBox(bbox, FARTHEST_ALERT_KM);
  const exercise = situation.exercise;

  const sites: PlanningSite[] = [];
  const sitePoints = new Map<string, { lon: number; lat: number }>();
  for (let offset = 0; ; offset += 1000) {
    const page = await ctx.store.sites.list(db, { bbox: reach, limit: 1000, offset });
    for (const site of page.items) {
      // Exercise places are fictional records on real terrain: a real situation does not see them.
      if (!exercise && site.source.dataset === EXERCISE_DATASET) continue;
      sites.push({ id: site.id, name: site.name, category: site.category, geometry: site.geometry });
      sitePoints.set(site.id, { lon: site.lon, lat: site.lat });
    }
    if (page.items.length < 1000) break;
  }
  const zones: PlanningZone[] = (await ctx.store.zones.list(db))
    .filter((z) => (exercise || z.source.dataset !== EXERCISE_DATASET) && overlaps(zoneIndexBox(z), reach))
    .map((z) => ({ id: z.id, name: z.name, kind: z.kind, geometry: z.geometry, ...(z.widthKm !== undefined && { widthKm: z.widthKm }) }));

  const today = isoDay(ctx.now());
  const coverage = { from: addDays(situation.period.from, -REGISTER_LOOKBACK_DAYS), to: situation.period.from < today ? situation.period.from : today };
  const incidents: RegisterIncident[] = [];
  let cursor: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await ctx.store.incidents.list(db, { from: coverage.from, to: coverage.to, bbox, exercise }, { limit: 1000, ...(cursor !== undefined && { cursor }) }, false, audience);
    for (const incident of page.items) {
      if (!PRECISE_ENOUGH.has(incident.location.precision) || !insideArea(incident.location, area)) continue;
      incidents.push({
        dateEarliest: incident.dateEarliest,
        dateLatest: incident.dateLatest,
        cell: latLngToCell(incident.location.lat, incident.location.lon, ESCALATION_CELL_RESOLUTION),
        deaths: totalOf(incident.casualties, 'killed').best,
      });
    }
    if (!page.nextCursor) break;
    if (incidents.length >= MAX_REGISTER_INCIDENTS) {
      truncated = true;
      break;
    }
    cursor = page.nextCursor;
  }

  const pastActions: PastAction[] = (await ctx.store.forceRequests.list(db, { statuses: CARRIED_OUT, limit: 10_000 }))
    .filter((r) => EXERCISE_MISSION.test(r.missionName) === exercise)
    .flatMap((r) => {
      const where = r.request.request.location;
      if (!where || !insideArea(where, area)) return [];
      const date = (r.request.request.at ?? r.requestedAt).slice(0, 10);
      return [{ kind: forceKindOf(r.request.request.purpose), date, cell: latLngToCell(where.lat, where.lon, ESCALATION_CELL_RESOLUTION), ref: r.id }];
    });
  const pastForce = pastActions.length;

  // Protective actions carried out (the log), of the same flag, placed well enough for an area cell, inside the area,
  // on the day they started. Planned and cancelled ones did not happen.
  const protectiveCarriedOut = await ctx.store.protectiveActions.list(db, { status: 'carried_out', exercise, bbox, limit: 10_000 });
  for (const action of protectiveCarriedOut) {
    if (action.startDate === null || !PRECISE_ENOUGH.has(action.point.precision) || !insideArea(action.point, area)) continue;
    pastActions.push({ kind: action.kind, date: action.startDate, cell: latLngToCell(action.point.lat, action.point.lon, ESCALATION_CELL_RESOLUTION), ref: action.id });
  }
  const pastProtective = pastActions.length - pastForce;

  const g = gazetteer();
  // Most populous first, as the map labels them.
  const inside = placesToLabel(g, bbox, Number.POSITIVE_INFINITY).filter((i) => insideArea({ lon: g.lon[i]!, lat: g.lat[i]! }, area));

  const actionPoints = stored.coursesOfAction.flatMap((coa) =>
    coa.actions.flatMap((action, index): ComparisonContextSummary['actionPoints'] => {
      if (action.kind === 'force') return action.request.location ? [{ course: coa.name, action: index + 1, kind: action.kind, lon: action.request.location.lon, lat: action.request.location.lat }] : [];
      const point = action.siteId === undefined ? undefined : sitePoints.get(action.siteId);
      return point ? [{ course: coa.name, action: index + 1, kind: action.kind, ...point }] : [];
    }),
  );

  return {
    sites,
    zones,
    register: { coverage, incidents, pastActions },
    summary: {
      area,
      bbox,
      sites: sites.length,
      zones: zones.length,
      register: {
        exercise,
        coverage,
        incidents: incidents.length,
        truncated,
        pastActions: pastActions.length,
        cells: `H3 resolution ${ESCALATION_CELL_RESOLUTION} (about 36 km² each)`,
        note:
          `${exercise ? 'Exercise' : 'Real'} records only. Incidents placed to 25 km or better inside the area, from ${coverage.from} to ${coverage.to}, as the reader may see them; ` +
          `past actions: ${pastForce} force request(s) carried out (authorised, approved, or reviewed after an emergency) with a location inside the area, on the day of the request's time; ` +
          `${pastProtective} protective action(s) carried out, from the protective actions log, placed to 25 km or better inside the area, on the day they started. ` +
          'The log holds only what was recorded: actions nobody logged are not counted, and the estimate for a protective kind says "not enough data" until enough are.',
      },
      peopleAtRisk: {
        places: inside.length,
        population: inside.reduce((sum, i) => sum + g.population[i]!, 0),
        largest: inside.slice(0, 20).map((i) => ({ geonameId: g.geonameId[i]!, name: g.name[i]!, population: g.population[i]!, lat: g.lat[i]!, lon: g.lon[i]! })),
        note: 'GeoNames populated places of 1,000 people or more inside the area (their recorded population, not a count of who is there now).',
      },
      actionPoints,
    },
  };
}

async function compareStored(ctx: AppContext, db: Db, stored: StoredPlanningSituation, audience: Audience): Promise<{ comparison: CoaComparison; gathered: GatheredContext }> {
  // A comparison needs two courses or more, named once each: said against the field.
  const { situation, coursesOfAction } = parseInput(coaComparisonInputSchema, { situation: stored.situation, coursesOfAction: stored.coursesOfAction }, 'planning situation');
  const gathered = await gatherContext(ctx, db, stored, audience);
  const comparison = compareCoursesOfAction(situation, coursesOfAction, { sites: gathered.sites, zones: gathered.zones, register: gathered.register });
  return { comparison, gathered };
}

async function compareForReader(ctx: AppContext, actor: Actor, id: string): Promise<{ stored: StoredPlanningSituation; comparison: CoaComparison; gathered: GatheredContext }> {
  requirePermission(actor, 'force:read');
  requirePermission(actor, 'incident:read');
  const db = ctx.store.connection.db;
  const stored = await load(ctx, db, id);
  const { comparison, gathered } = await compareStored(ctx, db, stored, audienceOf(actor));
  if (stored.status === 'draft') await ctx.store.planning.markCompared(db, id, stored.version);
  return { stored: stored.status === 'draft' ? { ...stored, status: 'compared' } : stored, comparison, gathered };
}

/**
 * The courses side by side, from the register as the reader may see it. Reading it marks a draft as compared (the
 * plan itself does not change, so neither does its version).
 */
export async function comparePlanningSituation(ctx: AppContext, actor: Actor, id: string): Promise<PlanningComparison> {
  const { stored, comparison, gathered } = await compareForReader(ctx, actor, id);
  return { id: stored.id, version: stored.version, status: stored.status, exercise: stored.situation.exercise, comparison, context: gathered.summary };
}

// ---------------------------------------------------------------------------------------------------------------
// The choice

/** Exercise records stay marked everywhere: a chosen exercise course's requests say EXERCISE in the mission and situation. */
function markedAsExercise(request: ForceRequest): ForceRequest {
  const mission = EXERCISE_MISSION.test(request.mission.name) ? request.mission : { ...request.mission, name: `EXERCISE ${request.mission.name}`.slice(0, 200) };
  const description = request.situation.description ?? '';
  const situation = /^EXERCISE\b/.test(description) ? request.situation : { ...request.situation, description: `EXERCISE. ${description}`.trim() };
  return { ...request, mission, situation };
}

/**
 * The commander chooses a course, by name, with reasons, on the version compared. In one transaction: the choice is
 * sealed in the ledger ('coa.choice': the situation, every course's figures side by side, the reasons, the force
 * requests made), kept with that snapshot, and each force action of the chosen course becomes a force request awaiting
 * review — requested by the situation's author, who planned it, so that the commander still decides it as any other;
 * each protective action goes into the protective actions log as planned, linked to the situation and the choice.
 * The snapshot is computed without any restricted record: it is stored and shown to every reader of the ledger.
 */
export async function chooseCourseOfAction(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<PlanningSituationRecord> {
  requirePermission(actor, 'force:decide');
  const choice = parseInput(planningChoiceInputSchema, input, 'choice');
  const db = ctx.store.connection.db;
  const updated = await db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    assertOpen(stored, 'choosing a course');
    if (stored.version !== choice.version) throw stale(id, stored.version, choice.version);
    const chosen: CourseOfAction | undefined = stored.coursesOfAction.find((c) => c.name.toLowerCase() === choice.courseOfAction.toLowerCase());
    if (!chosen) {
      throw new DomainError('validation_failed', `courseOfAction: "${choice.courseOfAction}" is not a course of action of this situation (${stored.coursesOfAction.map((c) => `"${c.name}"`).join(', ')})`, [
        { path: 'courseOfAction', code: 'unknown_course', message: `must be one of: ${stored.coursesOfAction.map((c) => c.name).join(', ')}` },
      ]);
    }
    const { comparison } = await compareStored(ctx, trx, stored, 'everyone');
    const author = await ctx.store.users.findById(trx, stored.createdBy);
    if (!author) throw new DomainError('invalid_transition', `the author of planning situation ${id} is no longer a user: their force actions cannot be requested in their name`);
    const requester: Actor = { id: author.id, username: author.username, role: author.role };

    const forceActions = chosen.actions.flatMap((action, index) => (action.kind === 'force' ? [{ action: index + 1, request: action.request }] : []));
    const requests = forceActions.map((f) => ({ action: f.action, id: ctx.newId() }));
    const snapshot: ChoiceSnapshot = {
      situation: { id, name: stored.situation.name, version: stored.version, exercise: stored.situation.exercise, period: stored.situation.period },
      courses: comparison.courses.map((c) => courseFigures(c, c.name === chosen.name)),
      audience: 'everyone',
      seed: DEFAULT_SEED,
      draws: DEFAULT_DRAWS,
    };
    const choiceId = ctx.newId();
    // Its protective actions go into the log as planned, for the situation's period, linked to the situation and
    // the choice; marked carried out (or cancelled) there later, they become the register's past actions.
    const areaPoint = pointOfArea(stored.situation.area);
    const plannedProtective: PlannedFromChoice[] = chosen.actions.flatMap((action, index) =>
      action.kind === 'force'
        ? []
        : [
            {
              data: {
                kind: action.kind,
                description: action.description,
                siteId: action.siteId,
                zoneId: action.zoneId,
                startDate: stored.situation.period.from,
                endDate: stored.situation.period.to,
                status: 'planned' as const,
                exercise: stored.situation.exercise,
              },
              areaPoint,
              from: { situationId: id, choiceId, courseOfAction: chosen.name, action: index + 1 },
              id: ctx.newId(),
            },
          ],
    );
    const protectiveActions = plannedProtective.map((p) => ({ action: p.from.action, id: p.id }));
    const chooser = { id: actor.id, name: actor.username, role: actor.role };
    const entry = await appendToLedger(ctx, trx, {
      kind: 'coa.choice',
      subjectId: id,
      actor: chooser,
      payload: { situationId: id, version: stored.version, exercise: stored.situation.exercise, courseOfAction: chosen.name, reasons: choice.reasons, figures: snapshot.courses, forceRequests: requests, protectiveActions },
    });
    for (const [k, f] of forceActions.entries()) {
      // A planned judgement is an assumption of the plan, not a signed judgement: the reviewer enters them on the request.
      const planned: ForceRequest = { ...f.request, judgements: [] };
      const request = stored.situation.exercise ? markedAsExercise(planned) : planned;
      await storeForceRequest(ctx, trx, requester, requests[k]!.id, { request, emergency: false }, {
        fromCourseOfAction: { situationId: id, courseOfAction: chosen.name, action: f.action, choiceLedgerSeq: entry.seq, chosenBy: chooser },
      });
    }
    const record: PlanningChoice = { id: choiceId, courseOfAction: chosen.name, reasons: choice.reasons, chosenBy: chooser, chosenAt: entry.at, ledgerSeq: entry.seq, forceRequests: requests, protectiveActions, snapshot };
    await ctx.store.planning.insertChoice(trx, id, record);
    await logPlannedFromChoice(ctx, trx, actor, plannedProtective, entry.at);
    const next: StoredPlanningSituation = { ...stored, status: 'chosen', version: stored.version + 1, updatedBy: actor.id, updatedAt: entry.at };
    if (!(await ctx.store.planning.update(trx, next, stored.version))) throw stale(id, stored.version, choice.version);
    await ctx.store.audit.append(trx, {
      at: entry.at,
      userId: actor.id,
      action: 'planning.choose',
      entityType: ENTITY,
      entityId: id,
      changes: { status: { before: stored.status, after: 'chosen' }, courseOfAction: chosen.name, forceRequests: requests.map((r) => r.id), protectiveActions: protectiveActions.map((p) => p.id) },
    });
    return next;
  });
  return (await recordsOf(ctx, db, [updated]))[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// The printable comparison

export async function planningReport(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<{ format: 'html'; body: string; name: string } | { format: 'pdf'; body: Buffer; name: string }> {
  const { format } = parseInput(planningReportQuerySchema, input ?? {}, 'report');
  const { stored, comparison, gathered } = await compareForReader(ctx, actor, id);
  const [record] = await recordsOf(ctx, ctx.store.connection.db, [stored]);
  const html = renderCoaReport(
    { record: record!, comparison, context: gathered.summary, sites: gathered.sites, zones: gathered.zones },
    { generatedAt: ctx.now(), generatedBy: actor.username, countries: countryShapesForMaps() },
  );
  const name = `courses-of-action-${isoDay(ctx.now())}`;
  return format === 'pdf' ? { format, body: await renderPdf(html), name } : { format, body: html, name };
}

export type { PlanningSituation };
