import { principalMay } from '../core/access-control.js';
import { forceRequestFigures } from '../core/analytics/force-request-figures.js';
import {
  previousPeriodOf,
  principlesScorecard,
  scorecardQuerySchema,
  type PeriodBasis,
  type ArrestFigures,
  type Scorecard,
} from '../core/analytics/scorecard.js';
import { addDays } from '../core/analytics/placement.js';
import { PERSON_STATUSES, type PersonStatus } from '../core/taxonomy.js';
import type { Estimate } from '../core/incident.schema.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { arrestsVersusKillings } from './case.service.js';
import { heldSystems } from './posture-balance.service.js';
import { holdingsIn } from '../core/capabilities/posture-balance.js';
import { parseInput } from './validation.js';

export type { CeasefireAdherence } from '../core/analytics/scorecard.js';

/** The default period when none is given: 90 days, up to the latest incident (or today, if that is earlier). */
export const DEFAULT_SCORECARD_DAYS = 90;

/**
 * The principles scorecard for an area and a period. Force-request and accountability figures are read only when the
 * reader may read those records (force:read, case:read); otherwise they show as no data and say why. The defensive
 * share of holdings reads the capability register (posture:read) in the year the period ends.
 */
export async function principlesScorecardFor(ctx: AppContext, actor: Actor, queryInput: unknown): Promise<Scorecard> {
  requirePermission(actor, 'monitoring:read');
  const query = parseInput(scorecardQuerySchema, queryInput ?? {}, 'scorecard query');
  const db = ctx.store.connection.db;
  const audience = audienceOf(actor);
  const scope = { country: query.country, exercise: query.exercise };
  const today = ctx.now().toISOString().slice(0, 10);
  let periodBasis: PeriodBasis = 'query';
  let to = query.to;
  if (to === undefined) {
    const latest = query.from ? undefined : (await ctx.store.incidents.count(db, { countries: query.country ? [query.country] : undefined, exercise: query.exercise }, audience)).latest ?? undefined;
    periodBasis = latest !== undefined && latest < today ? 'latest_incident' : query.from ? 'query' : 'today';
    to = periodBasis === 'latest_incident' ? latest! : today;
  }
  const from = query.from ?? addDays(to, -(DEFAULT_SCORECARD_DAYS - 1));
  const period = { from, to };
  const previousPeriod = previousPeriodOf(period);

  const [current, previous] = [
    await ctx.store.analytics.periodFigures(db, { ...scope, ...period }, audience),
    await ctx.store.analytics.periodFigures(db, { ...scope, ...previousPeriod }, audience),
  ];
  const byStatus: Partial<Record<PersonStatus, Estimate>> = {};
  for (const status of PERSON_STATUSES) {
    const e = current.killedByStatus[status];
    if (e) byStatus[status] = e;
  }

  const ceasefire = await ctx.ceasefireAdherence.adherence({ country: query.country, ...period }, actor);
  const forceRequests = principalMay(actor, 'force:read') ? forceRequestFigures(await ctx.store.analytics.forceRequestFacts(db, { ...period, mission: query.mission })) : undefined;
  let arrests: ArrestFigures | undefined;
  let arrestsUnavailable: string | undefined;
  if (principalMay(actor, 'case:read')) {
    const counts = await arrestsVersusKillings(ctx, actor, period);
    arrests = { takenAlive: counts.arrested + counts.surrendered, killed: counts.killed };
  } else {
    arrestsUnavailable = 'reading accountability cases needs the case:read permission';
  }

  // The register's holdings in the year the period ends (posture:read: every role has it).
  const holdingsYear = Number(period.to.slice(0, 4));
  const systems = principalMay(actor, 'posture:read') ? await heldSystems(ctx, actor) : undefined;
  const holdings = systems && { year: holdingsYear, registered: systems.length, holdings: holdingsIn(systems, holdingsYear) };

  return principlesScorecard({
    period,
    periodBasis,
    previousPeriod,
    country: query.country ?? null,
    mission: query.mission ?? null,
    incidents: { current: current.inside.incidents, previous: previous.inside.incidents, straddling: current.straddling },
    deaths: { current: current.inside.killed, previous: previous.inside.killed, byStatus },
    ceasefire,
    forceRequests,
    forceRequestsUnavailable: forceRequests ? undefined : 'reading force requests needs the force:read permission',
    arrests,
    arrestsUnavailable,
    holdings,
    holdingsUnavailable: holdings ? undefined : 'reading the capability register needs the posture:read permission',
  });
}
