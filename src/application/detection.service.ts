import { ceasefireAdherence, type CeasefireAdherenceFigures } from '../core/detection/ceasefire-adherence.js';
import { normalisePartyName, partyNames, summariseCeasefireViolations, type CeasefireViolationSummary } from '../core/detection/ceasefire.js';
import { detectForIncident, prepareDetection, type DetectionContext } from '../core/detection/detect-incidents.js';
import type { DetectionIncident } from '../core/detection/detection-inputs.js';
import {
  detectionDecisionSchema,
  detectionFilterSchema,
  detectionRunSchema,
  type DatedDetectionCandidate,
  type Detection,
  type DetectionCounts,
  type DetectionKind,
  type DetectionRunReport,
  type DetectionStatus,
} from '../core/detection/detection.js';

export type { DetectionCounts, DetectionRunReport };
import { principalMay } from '../core/access-control.js';
import { DomainError, notFound } from '../core/errors.js';
import {
  BULK_REVIEW_LIMIT,
  detectionBulkReviewSchema,
  detectionGroupQuerySchema,
  planBulkReview,
  type DetectionBulkReviewResult,
  type DetectionGroupPage,
} from '../core/detection/detection-review.js';
import type { Db } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Actor, AppContext, DetectionRegisters, DetectionRegisterSource } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { addDays } from '../core/analytics/placement.js';
import type { EscalationAlert } from '../core/analytics/escalation.js';
import { escalationWhat } from '../reporting/escalation-text.js';
import { escalationAlerts } from './analytics.service.js';
import { parseInput } from './validation.js';
import { WIDEST_PLACEABLE_UNCERTAINTY_KM } from '../core/location-uncertainty.js';
import { SITE_ALERT_DISTANCE_KM } from '../core/detection/site-proximity.js';
import { pointKey } from '../core/detection/settlement-point.js';
import { widenBox } from '../core/places/geometry.js';
import type { BoundingBox } from '../core/incident-filter.schema.js';

/** The kinds found incident by incident (escalation looks at areas over time and is found elsewhere). */
const PER_INCIDENT_KINDS: readonly DetectionKind[] = ['protected_site', 'humanitarian_space', 'ceasefire_violation'];

export type { DetectionRegisters, DetectionRegisterSource };

/** The registers as the store holds them. */
export function storeDetectionRegisters(store: Store): DetectionRegisterSource {
  return {
    fingerprint: (db) => store.detections.registerFingerprint(db),
    load: async (db) => ({ sites: await store.detections.detectionSites(db), zones: await store.zones.list(db), agreements: await store.agreements.list(db) }),
  };
}

/**
 * The prepared registers (site index included) kept per store while their fingerprint holds, so a thousand import
 * batches or a stream of single edits build the site index once, not once each.
 */
const prepared = new WeakMap<Store, { fingerprint: string; context: DetectionContext }>();

async function detectionContextFor(ctx: AppContext, db: Db, source: DetectionRegisterSource): Promise<DetectionContext> {
  const fingerprint = await source.fingerprint(db);
  const cached = prepared.get(ctx.store);
  if (cached && cached.fingerprint === fingerprint) return cached.context;
  const context = prepareDetection(await source.load(db));
  prepared.set(ctx.store, { fingerprint, context });
  return context;
}

const emptyCounts = (): DetectionCounts => ({ incidents: 0, found: 0, created: 0, updated: 0, unchanged: 0, lapsed: 0 });

function addCounts(total: DetectionCounts, part: DetectionCounts): void {
  total.incidents += part.incidents;
  total.found += part.found;
  total.created += part.created;
  total.updated += part.updated;
  total.unchanged += part.unchanged;
  total.lapsed += part.lapsed;
}

const datedFindings = (incidents: readonly DetectionIncident[], context: DetectionContext): DatedDetectionCandidate[] =>
  incidents.flatMap((incident) => detectForIncident(incident, context).map((c) => ({ ...c, dateEarliest: incident.dateEarliest, dateLatest: incident.dateLatest })));

/**
 * Detect for incidents that existed before and store what was found, in the caller's transaction: found keys are
 * added or refreshed, and their earlier detections not found again are marked lapsed (kept, with their review).
 */
async function detectAndStore(ctx: AppContext, db: Db, context: DetectionContext, incidents: readonly DetectionIncident[], at: string): Promise<DetectionCounts> {
  const found = datedFindings(incidents, context);
  const stored = await ctx.store.detections.upsert(db, found, at, () => ctx.newId());
  const lapsed = await ctx.store.detections.markLapsed(
    db,
    incidents.map((i) => i.id),
    PER_INCIDENT_KINDS,
    new Set(found.map((c) => c.key)),
    at,
  );
  return { incidents: incidents.length, found: found.length, ...stored, lapsed };
}

const isEmpty = (context: DetectionContext) => context.sites.size === 0 && context.zones.length === 0 && context.agreements.length === 0;

/**
 * Incremental detection, for the use cases that write incidents (record, edit, import), given the incidents as
 * written: runs inside their transaction, so an incident and what it set off land together. A new incident's findings
 * are simply added (nothing can exist under its keys); an edited one's are reconciled with what was found before.
 * Does nothing until a register source is connected.
 */
export async function detectForWrittenIncidents(
  ctx: AppContext,
  db: Db,
  written: { created: readonly DetectionIncident[]; updated: readonly DetectionIncident[] },
): Promise<DetectionCounts> {
  const source = ctx.detectionRegisters;
  if (written.created.length + written.updated.length === 0) return emptyCounts();
  const context = await detectionContextFor(ctx, db, source);
  const at = ctx.now().toISOString();
  const counts = emptyCounts();
  if (context.sites.size > 0) written = await withPointShares(ctx, db, written);
  if (written.updated.length > 0) {
    // With empty registers nothing can be found, but edited incidents' earlier detections still lapse.
    addCounts(counts, await detectAndStore(ctx, db, context, written.updated, at));
  }
  if (written.created.length > 0 && !isEmpty(context)) {
    const found = datedFindings(written.created, context);
    await ctx.store.detections.insertNew(db, found, at, () => ctx.newId());
    addCounts(counts, { incidents: written.created.length, found: found.length, created: found.length, updated: 0, unchanged: 0, lapsed: 0 });
  }
  return counts;
}

/** The incidents with how many stored incidents share each one's point (theirs included, as written in this transaction). */
async function withPointShares(
  ctx: AppContext,
  db: Db,
  written: { created: readonly DetectionIncident[]; updated: readonly DetectionIncident[] },
): Promise<{ created: DetectionIncident[]; updated: DetectionIncident[] }> {
  const exact = [...written.created, ...written.updated].filter((i) => i.location.precision === 'exact').map((i) => i.location);
  const shares = exact.length > 0 ? await ctx.store.detections.pointShares(db, exact) : new Map<string, number>();
  const share = (incident: DetectionIncident) => ({ ...incident, pointShare: shares.get(pointKey(incident.location)) ?? 1 });
  return { created: written.created.map(share), updated: written.updated.map(share) };
}

export interface DetectionRunProgress {
  done: number;
  total: number;
}

const RUN_BATCH = 2000;

/**
 * Detection over history, on demand: every incident (or those whose dates overlap [from, to]) streamed in seq
 * order, a batch per transaction, against the registers as they stand when the run starts. Idempotent: a second
 * run finds the same keys and adds nothing; reviews are kept; detections no longer found are marked lapsed.
 */
export async function runDetections(
  ctx: AppContext,
  actor: Actor,
  input: unknown,
  onProgress?: (progress: DetectionRunProgress) => void | Promise<void>,
): Promise<DetectionRunReport> {
  // Those who keep the registers re-run after changing them; those who review re-run to see what is new.
  if (!principalMay(actor, 'detection:review')) requirePermission(actor, 'place:write');
  const period = parseInput(detectionRunSchema, input ?? {}, 'detection run');
  const source = ctx.detectionRegisters;
  const { db } = ctx.store.connection;
  const started = ctx.now().toISOString();
  const context = prepareDetection(await source.load(db));
  const total = await ctx.store.detections.countIncidents(db, period);
  const counts = emptyCounts();
  await onProgress?.({ done: 0, total });
  let afterSeq = 0;
  for (;;) {
    const batch = await ctx.store.detections.incidentsAfter(db, afterSeq, RUN_BATCH, period);
    if (batch.length === 0) break;
    afterSeq = batch[batch.length - 1]!.seq;
    const part = await db.transaction().execute((trx) =>
      detectAndStore(
        ctx,
        trx,
        context,
        batch.map((r) => r.incident),
        ctx.now().toISOString(),
      ),
    );
    addCounts(counts, part);
    await onProgress?.({ done: Math.min(total, counts.incidents), total });
  }
  addCounts(counts, await recordEscalation(ctx, actor, period.to ?? (await ctx.store.detections.latestIncidentDay(db))));
  const report: DetectionRunReport = { ...counts, ...(period.from && { from: period.from }), ...(period.to && { to: period.to }) };
  await ctx.store.audit.append(db, {
    at: started,
    userId: actor.id,
    action: 'detection.run',
    entityType: 'detection_run',
    entityId: started,
    changes: { report: { before: null, after: report } },
  });
  return report;
}

/** The largest alert distance around a site (dams and nuclear stations). */
const WIDEST_ALERT_KM = Math.max(...Object.values(SITE_ALERT_DISTANCE_KM));

/** The box around a place's own box within which an incident could be tied to it, whatever its location precision. */
export const reachOfPlace = (box: BoundingBox): BoundingBox => widenBox(box, WIDEST_PLACEABLE_UNCERTAINTY_KM + WIDEST_ALERT_KM);

/**
 * After a site or zone is added, changed or removed, the incidents that could be tied to it (in `box`, dated within
 * the period) are detected again against the registers as they now stand, in the register write's transaction: its
 * detections appear, or lapse, at once. An agreement binds parties anywhere, so changing one needs a run over history.
 */
export async function redetectAround(ctx: AppContext, db: Db, around: { box: BoundingBox; from?: string | undefined; to?: string | undefined }): Promise<DetectionCounts> {
  const source = ctx.detectionRegisters;
  const context = await detectionContextFor(ctx, db, source);
  const at = ctx.now().toISOString();
  const counts = emptyCounts();
  let afterSeq = 0;
  for (;;) {
    const batch = await ctx.store.detections.incidentsAfter(db, afterSeq, RUN_BATCH, { from: around.from, to: around.to }, { kind: ctx.store.connection.kind, box: around.box });
    if (batch.length === 0) break;
    afterSeq = batch[batch.length - 1]!.seq;
    addCounts(
      counts,
      await detectAndStore(
        ctx,
        db,
        context,
        batch.map((r) => r.incident),
        at,
      ),
    );
  }
  return counts;
}

/** Escalation is tested over the latest weeks of a run, per country and per province: as many as the test allows. */
const ESCALATION_WEEKS = 12;
const ESCALATION_LEVELS = ['country', 'admin1'] as const;

export function escalationSummary(alert: EscalationAlert): string {
  const area = alert.area.name ? `${alert.area.name} (${alert.area.code})` : alert.area.code;
  return `Escalation in ${area}: ${escalationWhat(alert)} in the week of ${alert.weekStart} against about ${Math.round(alert.expected * 10) / 10} expected from the area's own recent weeks (p = ${alert.pValue.toPrecision(2)}).`;
}

/**
 * Escalation alerts of the weeks up to `asOf`, stored as reviewable detections (their key names area, week and
 * metric, so a later run refreshes them and keeps their review). Read as the actor running the detection.
 */
async function recordEscalation(ctx: AppContext, actor: Actor, asOf: string | undefined): Promise<DetectionCounts> {
  if (!asOf) return emptyCounts();
  const alerts: EscalationAlert[] = [];
  for (const level of ESCALATION_LEVELS) alerts.push(...(await escalationAlerts(ctx, actor, { level, asOf, weeks: ESCALATION_WEEKS })).alerts);
  const found: DatedDetectionCandidate[] = alerts.map((alert) => ({
    kind: 'escalation',
    key: alert.key,
    incidentIds: alert.incidentIds,
    summary: escalationSummary(alert),
    dateEarliest: alert.weekStart,
    dateLatest: addDays(alert.weekStart, 6),
  }));
  const at = ctx.now().toISOString();
  const stored = await ctx.store.connection.db.transaction().execute((trx) => ctx.store.detections.upsert(trx, found, at, () => ctx.newId()));
  return { incidents: 0, found: found.length, ...stored, lapsed: 0 };
}

export async function listDetections(ctx: AppContext, actor: Actor, filterInput: unknown): Promise<{ items: Detection[]; total: number }> {
  requirePermission(actor, 'monitoring:read');
  const filter = parseInput(detectionFilterSchema, filterInput ?? {}, 'filter');
  return ctx.store.detections.list(ctx.store.connection.db, filter, audienceOf(actor));
}

export async function getDetection(ctx: AppContext, actor: Actor, id: string): Promise<Detection> {
  requirePermission(actor, 'monitoring:read');
  const detection = await ctx.store.detections.find(ctx.store.connection.db, id, audienceOf(actor));
  if (!detection) throw notFound('detection', id);
  return detection;
}

/**
 * Confirm or dismiss a detection, saying why. A later run keeps the decision (a dismissed detection stays
 * dismissed); a new decision may replace it, and the audit log keeps each one.
 */
export async function reviewDetection(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<Detection> {
  requirePermission(actor, 'detection:review');
  const decision = parseInput(detectionDecisionSchema, input, 'review');
  const at = ctx.now().toISOString();
  const audience = audienceOf(actor);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const before = await ctx.store.detections.find(trx, id, audience);
    if (!before) throw notFound('detection', id);
    const status = decision.decision === 'confirm' ? 'confirmed' : 'dismissed';
    await ctx.store.detections.review(trx, id, { status, by: actor.id, at, reason: decision.reason });
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'detection.review',
      entityType: 'detection',
      entityId: id,
      changes: { status: { before: before.status, after: status }, reason: { before: before.review?.reason ?? null, after: decision.reason } },
    });
    const after = await ctx.store.detections.find(trx, id, audience);
    if (!after) throw notFound('detection', id);
    return after;
  });
}

/** The detections a filter matches, grouped by site or by incident, with counts per status (GET /detections/groups). */
export async function detectionGroups(ctx: AppContext, actor: Actor, queryInput: unknown): Promise<DetectionGroupPage> {
  requirePermission(actor, 'monitoring:read');
  const query = parseInput(detectionGroupQuerySchema, queryInput ?? {}, 'group query');
  return ctx.store.detections.groups(ctx.store.connection.db, query, audienceOf(actor));
}

/**
 * One decision with one reason over many detections (by id, or those a filter matches), in one transaction: all or
 * nothing. An id that does not exist or that the reviewer may not see fails the whole request, naming it; a filter that
 * matches more than the bulk limit fails too. Detections already confirmed or dismissed are skipped and reported, not
 * re-decided. Each detection reviewed gets its own audit entry (the log is kept per record), as a single review writes
 * it, with the number decided together.
 */
export async function reviewDetections(ctx: AppContext, actor: Actor, input: unknown): Promise<DetectionBulkReviewResult> {
  requirePermission(actor, 'detection:review');
  const request = parseInput(detectionBulkReviewSchema, input, 'bulk review');
  const at = ctx.now().toISOString();
  const audience = audienceOf(actor);
  const status = request.decision === 'confirm' ? 'confirmed' : 'dismissed';
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    let requested: string[];
    let found: { id: string; status: DetectionStatus }[];
    if (request.ids) {
      requested = request.ids;
      found = await ctx.store.detections.statusesOf(trx, requested, audience);
    } else {
      found = await ctx.store.detections.matching(trx, request.filter ?? {}, audience, BULK_REVIEW_LIMIT + 1);
      if (found.length > BULK_REVIEW_LIMIT) {
        throw new DomainError('validation_failed', `bulk review is invalid: filter: matches more than ${BULK_REVIEW_LIMIT} detections; narrow it`, [
          { path: 'filter', message: `matches more than ${BULK_REVIEW_LIMIT} detections; narrow it`, code: 'too_big' },
        ]);
      }
      requested = found.map((d) => d.id);
    }
    const plan = planBulkReview(requested, found);
    if (plan.missing.length > 0) {
      const shown = plan.missing.slice(0, 5).join(', ');
      throw new DomainError(
        'not_found',
        `${plan.missing.length === 1 ? 'detection' : `${plan.missing.length} detections`} ${shown}${plan.missing.length > 5 ? ' …' : ''} ${plan.missing.length === 1 ? 'does' : 'do'} not exist; nothing was reviewed`,
        plan.missing.map((id) => ({ path: `ids.${requested.indexOf(id)}`, message: `detection ${id} does not exist`, code: 'not_found' })),
      );
    }
    const changed = await ctx.store.detections.reviewOpen(trx, plan.review, { status, by: actor.id, at, reason: request.reason });
    // Decided by someone else since they were read: nothing is written, and the reviewer reads the queue again.
    if (changed !== plan.review.length) throw new DomainError('conflict', `${plan.review.length - changed} of the detections were decided meanwhile by someone else; nothing was reviewed, read the queue again`);
    await ctx.store.audit.appendMany(
      trx,
      plan.review.map((id) => ({
        at,
        userId: actor.id,
        action: 'detection.review',
        entityType: 'detection',
        entityId: id,
        changes: { status: { before: 'open', after: status }, reason: { before: null, after: request.reason }, decidedTogether: plan.review.length },
      })),
    );
    return { decision: request.decision, status, reviewed: plan.review, skipped: plan.skipped };
  });
}

/**
 * Ceasefire violations per agreement, party, commitment and month, and who broke each agreement first, from the
 * stored detections the reader may see (dismissed and lapsed ones left out).
 */
export async function ceasefireViolationSummaries(ctx: AppContext, actor: Actor, options: { agreementId?: string | undefined } = {}): Promise<CeasefireViolationSummary[]> {
  requirePermission(actor, 'monitoring:read');
  const { db } = ctx.store.connection;
  const agreements = (await ctx.detectionRegisters.load(db)).agreements;
  const chosen = options.agreementId ? agreements.filter((a) => a.id === options.agreementId) : agreements;
  if (options.agreementId && chosen.length === 0) throw notFound('agreement', options.agreementId);
  const violations = await ctx.store.detections.violations(db, options.agreementId ? { agreementId: options.agreementId } : {}, audienceOf(actor));
  return chosen.map((agreement) => summariseCeasefireViolations(agreement, violations));
}

/**
 * Ceasefire adherence for the principles scorecard, from the stored detections: over [from, to] and, with a country,
 * for the agreements whose parties fight there in the period (agreements record no country of their own; one whose
 * parties appear among the actors of that country's incidents, or whose violations happened there, applies there).
 * Dismissed and lapsed violations are left out; possible ones count.
 */
export async function ceasefireAdherenceFor(
  ctx: AppContext,
  actor: Actor,
  query: { country?: string | undefined; from: string; to: string },
): Promise<CeasefireAdherenceFigures> {
  requirePermission(actor, 'monitoring:read');
  const { db } = ctx.store.connection;
  const agreements = (await ctx.detectionRegisters.load(db)).agreements;
  const period = { from: query.from, to: query.to };
  const violations = await ctx.store.detections.violations(db, { ...period, ...(query.country && { country: query.country }) }, audienceOf(actor));
  let applying = agreements;
  if (query.country) {
    const fighting = new Set((await ctx.store.detections.actorNamesIn(db, { country: query.country, ...period })).map(normalisePartyName));
    const violated = new Set(violations.map((v) => v.agreementId));
    applying = agreements.filter((a) => violated.has(a.id) || [...partyNames(a).keys()].some((name) => fighting.has(name)));
  }
  return ceasefireAdherence(period, applying, violations);
}
