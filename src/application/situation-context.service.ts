import { totalOf } from '../core/casualty-totals.js';
import { boxAround, greatCircleKm } from '../core/great-circle.js';
import type { Assessment } from '../core/use-of-force/assessment.js';
import type { ForceRequest } from '../core/use-of-force/force-request.schema.js';
import type { SituationContext } from '../core/use-of-force/situation-context.js';
import type { Db } from '../store/database.js';
import type { Audience } from '../store/record-visibility.js';
import type { AppContext } from './app-context.js';

/** How far and how far back the engine looks around a proposed use of force. */
export const CONTEXT_RADIUS_KM = 10;
export const CONTEXT_DAYS = 90;
/** Enough incidents to read the place; a busier place is summarised from its most recent ones. */
const MAX_INCIDENTS = 1000;
/** Incidents placed only to a province or a country say nothing about this place. */
const PRECISE_ENOUGH = new Set(['exact', 'within_25km', 'admin2']);


const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The audience of a context that is stored and signed into a request's assessment, then shown to every reader of the
 * request: no restricted record, whoever the requester is. A preview, shown only to the one asking, is theirs.
 */
export const STORED_CONTEXT_AUDIENCE: Audience = 'everyone';

/** What a reader not named on a system restricted since the assessment reads in place of the register's facts. */
export const WITHHELD_SYSTEM_REASON = 'The system named was read from the capability register when this was assessed; it has been restricted since, and its record is withheld from readers not named on it (the verdicts stay as they were signed).';

/**
 * A stored assessment as a reader sees it: an incident restricted since it was assessed is taken out of the nearest
 * incidents shown to readers not named on it (the counts stay as they were signed), and so is a system of the
 * capability register restricted since: its snapshot and the trace entry that describes it are withheld.
 */
export async function assessmentShownTo(ctx: AppContext, db: Db, assessment: Assessment, audience: Audience): Promise<Assessment> {
  const withSystem = await systemShownTo(ctx, db, assessment, audience);
  const context = withSystem.situationContext;
  if (!context || context.recentIncidents.nearest.length === 0) return withSystem;
  const nearest = context.recentIncidents.nearest;
  const visible = await ctx.store.incidents.visibleIds(db, nearest.map((n) => n.id), audience);
  if (nearest.every((n) => visible.has(n.id))) return withSystem;
  return { ...withSystem, situationContext: { ...context, recentIncidents: { ...context.recentIncidents, nearest: nearest.filter((n) => visible.has(n.id)) } } };
}

async function systemShownTo(ctx: AppContext, db: Db, assessment: Assessment, audience: Audience): Promise<Assessment> {
  const system = assessment.registeredSystem;
  if (!system || (await ctx.store.restrictions.hiddenAmong(db, [system.capabilityId], audience)).size === 0) return assessment;
  const withheld = (regime: Assessment['ihl']): Assessment['ihl'] => ({
    ...regime,
    trace: regime.trace.map((entry) => (entry.ruleId === 'ENGINE-REGISTER' ? { ...entry, finding: { ...entry.finding, reason: WITHHELD_SYSTEM_REASON } } : entry)),
  });
  return { ...assessment, registeredSystem: null, ihl: withheld(assessment.ihl), humanSecurity: withheld(assessment.humanSecurity) };
}

/** What the register knows about the request's place, as the audience may see it, or undefined when the request gives no location. */
export async function gatherSituationContext(ctx: AppContext, db: Db, request: ForceRequest, audience: Audience): Promise<SituationContext | undefined> {
  const where = request.location;
  if (!where) return undefined;
  const asOf = request.at ? new Date(request.at) : ctx.now();
  const since = new Date(asOf.getTime() - CONTEXT_DAYS * 86_400_000);
  const page = await ctx.store.incidents.list(
    db,
    { from: isoDay(since), to: isoDay(asOf), bbox: boxAround(where, CONTEXT_RADIUS_KM) },
    { limit: MAX_INCIDENTS },
    false,
    audience,
  );
  const nearby = page.items
    .filter((i) => PRECISE_ENOUGH.has(i.location.precision))
    .map((incident) => ({ incident, distanceKm: greatCircleKm(where, incident.location) }))
    .filter((n) => n.distanceKm <= CONTEXT_RADIUS_KM)
    .sort((a, b) => a.distanceKm - b.distanceKm);
  const casualties = nearby.flatMap((n) => n.incident.casualties);
  const children = casualties
    .filter((c) => c.group === undefined && (c.kind === 'killed' || c.kind === 'injured'))
    .flatMap((c) => c.breakdown)
    .filter((b) => b.ageGroup === 'child')
    .reduce((sum, b) => sum + b.best, 0);
  const sites = await ctx.protectedSites.near(db, where, CONTEXT_RADIUS_KM);
  return {
    asOf: isoDay(asOf),
    radiusKm: CONTEXT_RADIUS_KM,
    sinceDays: CONTEXT_DAYS,
    recentIncidents: {
      count: nearby.length,
      killed: totalOf(casualties, 'killed'),
      civilianKilled: totalOf(casualties, 'killed', ['civilian']),
      childrenKilledOrInjured: children,
      nearest: nearby.slice(0, 5).map(({ incident, distanceKm }) => ({
        id: incident.id,
        title: incident.title,
        date: incident.dateEarliest,
        distanceKm: Math.round(distanceKm * 100) / 100,
        killedBest: totalOf(incident.casualties, 'killed').best,
      })),
    },
    protectedSites: { available: true, sites: [...sites].sort((a, b) => a.distanceKm - b.distanceKm) },
  };
}
