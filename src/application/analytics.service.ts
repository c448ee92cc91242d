import { latLngToCell } from 'h3-js';
import { aggregateQuerySchema, type AggregateResult } from '../core/analytics/aggregation.js';
import {
  DEFAULT_ESCALATION_PARAMETERS,
  describeEscalationMethod,
  detectEscalation,
  earliestWeekRead,
  escalationQuerySchema,
  MAX_TESTED_WEEKS,
  testedWeeks,
  testedWeeksFrom,
  type AreaSeries,
  type EscalationAlert,
  type EscalationParameters,
  type WeekCounts,
} from '../core/analytics/escalation.js';
import { computeHotspots, hotspotFeatures, hotspotQuerySchema, type HotspotCollection } from '../core/analytics/hotspots.js';
import { addDays, h3Precisions, placeInTime } from '../core/analytics/placement.js';
import { countryName } from '../core/countries.js';
import { DomainError } from '../core/errors.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import type { ReadCache } from './read-cache.js';
import { parseInput } from './validation.js';

/** Counts and casualty totals grouped by time bucket, area, theme, party or casualty status, with what could not be placed. */
/** With a cache, computed once per change of data (and audience). */
export async function aggregateHarm(ctx: AppContext, actor: Actor, queryInput: unknown, cache?: ReadCache<AggregateResult>): Promise<AggregateResult> {
  requirePermission(actor, 'monitoring:read');
  const query = parseInput(aggregateQuerySchema, queryInput ?? {}, 'aggregation');
  const compute = () => ctx.store.analytics.aggregate(ctx.store.connection.db, query, audienceOf(actor));
  return cache ? cache.get(actor, query, compute) : compute();
}

export interface EscalationReport {
  /** The method in plain language, with its parameters. */
  method: string;
  parameters: EscalationParameters;
  /** The Mondays of the weeks tested. */
  testedWeeks: string[];
  /** The alerts, most extreme first (at most `limit` when the query gave one). */
  alerts: EscalationAlert[];
  /** How many alerts the test raised, listed or not. */
  total: number;
}

const today = (ctx: AppContext) => ctx.now().toISOString().slice(0, 10);

/** Escalation alerts: each area's latest complete week(s), or every complete week from a day, against its own baseline. */
export async function escalationAlerts(ctx: AppContext, actor: Actor, queryInput: unknown): Promise<EscalationReport> {
  requirePermission(actor, 'monitoring:read');
  const query = parseInput(escalationQuerySchema, queryInput ?? {}, 'escalation query');
  const params = DEFAULT_ESCALATION_PARAMETERS;
  const asOf = query.asOf ?? today(ctx);
  const tested = query.from !== undefined ? testedWeeksFrom(query.from, asOf) : testedWeeks(asOf, query.weeks ?? 1);
  const report = (alerts: EscalationAlert[], total: number): EscalationReport => ({ method: describeEscalationMethod(params), parameters: params, testedWeeks: tested, alerts, total });
  if (tested.length === 0) return report([], 0);
  if (tested.length > MAX_TESTED_WEEKS) {
    throw new DomainError('validation_failed', `escalation query is invalid: from: at most ${MAX_TESTED_WEEKS} weeks are tested at once`, [
      { path: 'from', message: `at most ${MAX_TESTED_WEEKS} weeks are tested at once`, code: 'too_big' },
    ]);
  }
  const fromWeek = earliestWeekRead(tested, params);
  const toWeek = tested.at(-1)!;
  const db = ctx.store.connection.db;
  const audience = audienceOf(actor);
  const listed = <T>(alerts: readonly T[]) => (query.limit === undefined ? alerts : alerts.slice(0, query.limit));

  if (query.level === 'h3') {
    // Cells are binned here from points; only incidents precise enough for the resolution are counted.
    const points = await ctx.store.analytics.points(
      db,
      { country: query.country, exercise: query.exercise, from: fromWeek, to: addDays(toWeek, 6), precisions: h3Precisions(query.resolution) },
      audience,
    );
    const series = new Map<string, Map<string, WeekCounts>>();
    const ids = new Map<string, string[]>();
    const testedSet = new Set(tested);
    for (let i = 0; i < points.length; i++) {
      const week = placeInTime({ dateEarliest: points.dateEarliest[i]!, dateLatest: points.dateLatest[i]!, datePrecision: points.datePrecision[i]! }, 'week');
      if (week === undefined || week < fromWeek || week > toWeek) continue;
      const cell = latLngToCell(points.lat[i]!, points.lon[i]!, query.resolution);
      let weeks = series.get(cell);
      if (!weeks) series.set(cell, (weeks = new Map<string, WeekCounts>()));
      const counts = weeks.get(week) ?? { incidents: 0, deaths: 0 };
      weeks.set(week, { incidents: counts.incidents + 1, deaths: counts.deaths + points.killedBest[i]! });
      if (testedSet.has(week)) {
        const key = `${cell}|${week}`;
        const list = ids.get(key);
        if (list) list.push(points.ids[i]!);
        else ids.set(key, [points.ids[i]!]);
      }
    }
    const areas: AreaSeries[] = [...series].map(([cell, weeks]) => ({ area: { level: 'h3', code: cell }, weeks }));
    const alerts = detectEscalation(areas, tested, params);
    return report(
      listed(alerts).map((a) => ({ ...a, incidentIds: (ids.get(`${a.area.code}|${a.weekStart}`) ?? []).sort() })),
      alerts.length,
    );
  }

  const level = query.level;
  const counts = await ctx.store.analytics.weeklyCounts(db, { level, fromWeek, toWeek, country: query.country, exercise: query.exercise }, audience);
  const byArea = new Map<string, { country: string; admin1: string | null; weeks: Map<string, WeekCounts> }>();
  for (const c of counts) {
    const code = level === 'country' ? c.country : `${c.country}/${c.admin1 ?? ''}`;
    let area = byArea.get(code);
    if (!area) byArea.set(code, (area = { country: c.country, admin1: c.admin1, weeks: new Map<string, WeekCounts>() }));
    area.weeks.set(c.week, { incidents: c.incidents, deaths: c.deaths });
  }
  const areas: AreaSeries[] = [...byArea].map(([code, a]) => ({
    area: { level, code, name: level === 'country' ? countryName(a.country) : (a.admin1 ?? '') },
    weeks: a.weeks,
  }));
  const alerts = detectEscalation(areas, tested, params);
  const withIds: EscalationAlert[] = [];
  // One query per alert listed: a limit keeps a report over years from reading the ids of alerts it will not show.
  for (const alert of listed(alerts)) {
    const area = byArea.get(alert.area.code)!;
    const incidentIds = await ctx.store.analytics.weeklyIncidentIds(db, { level, week: alert.weekStart, country: area.country, admin1: area.admin1, exercise: query.exercise }, audience);
    withIds.push({ ...alert, incidentIds });
  }
  return report(withIds, alerts.length);
}

/** Hotspots: H3 cells with their Getis–Ord Gi* z-score and class, as GeoJSON polygons. */
export async function hotspots(ctx: AppContext, actor: Actor, queryInput: unknown): Promise<HotspotCollection> {
  requirePermission(actor, 'monitoring:read');
  const query = parseInput(hotspotQuerySchema, queryInput ?? {}, 'hotspot query');
  const db = ctx.store.connection.db;
  const audience = audienceOf(actor);
  const scope = { country: query.country, bbox: query.bbox, from: query.from, to: query.to, exercise: query.exercise };
  const [points, matched] = await Promise.all([
    ctx.store.analytics.points(db, { ...scope, precisions: h3Precisions(query.resolution) }, audience),
    ctx.store.incidents.count(
      db,
      {
        ...(scope.country && { countries: [scope.country] }),
        ...(scope.bbox && { bbox: scope.bbox }),
        ...(scope.from && { from: scope.from }),
        ...(scope.to && { to: scope.to }),
        ...(scope.exercise !== undefined && { exercise: scope.exercise }),
      },
      audience,
    ),
  ]);
  const result = computeHotspots(points, query.resolution, query.metric);
  return hotspotFeatures({ cells: result.cells, excluded: matched.incidents - points.length + result.excluded }, query.resolution, query.metric);
}
