import { z } from 'zod';
import { countryCodeSchema } from '../countries.js';
import { isoDate } from '../incident.schema.js';
import { countModel, upperTail } from './count-distributions.js';
import { addDays, MAX_H3_RESOLUTION, MIN_H3_RESOLUTION, weekStartOf } from './placement.js';

/**
 * Escalation: does an area's latest week stand out against the area's own recent past? Weekly counts of incidents and
 * of deaths (best estimates) are tested against a baseline of earlier weeks with an upper-tail test under a negative
 * binomial fitted to the baseline (Poisson when the baseline is not overdispersed). The method, its parameters and its
 * measured false-alarm and detection rates are in docs/monitoring-methods.md.
 */

export const ESCALATION_LEVELS = ['country', 'admin1', 'h3'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_METRICS = ['incidents', 'deaths'] as const;
export type EscalationMetric = (typeof ESCALATION_METRICS)[number];

/** The most weeks one query tests: a little over 30 years, the longest period a situation report covers. */
export const MAX_TESTED_WEEKS = 1600;

export const escalationQuerySchema = z
  .object({
    level: z.enum(ESCALATION_LEVELS).default('country'),
    /** H3 resolution for level=h3. */
    resolution: z.coerce.number().int().min(MIN_H3_RESOLUTION).max(MAX_H3_RESOLUTION).default(3),
    /** The day the test is run as of (default today): the weeks tested are the complete weeks up to it. */
    asOf: isoDate.optional(),
    /** How many of the latest complete weeks to test, each against its own baseline (1 unless `from` is given). */
    weeks: z.coerce.number().int().min(1).max(12).optional(),
    /** Instead of `weeks`: test every complete week from the first Monday on or after this day up to asOf. */
    from: isoDate.optional(),
    /** Only the most extreme alerts (lowest p-value first, then the largest excess over expected); `total` says how many there are. */
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    country: countryCodeSchema.optional(),
    exercise: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.weeks !== undefined && q.from !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'give either weeks or from, not both' });
    if (q.from !== undefined && q.asOf !== undefined && q.from > q.asOf) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after asOf' });
  });
export type EscalationQuery = z.output<typeof escalationQuerySchema>;

/** What GET /monitoring/escalation answers: the alerts, most extreme first, and how they were tested. */
export const escalationResultSchema = z.object({
  method: z.string(),
  parameters: z.object({ baselineWeeks: z.number(), guardWeeks: z.number(), alpha: z.number(), minObserved: z.object({ incidents: z.number(), deaths: z.number() }) }),
  testedWeeks: z.array(z.string()),
  alerts: z.array(
    z.object({
      key: z.string(),
      area: z.object({ level: z.enum(ESCALATION_LEVELS), code: z.string(), name: z.string().optional() }),
      weekStart: z.string(),
      metric: z.enum(ESCALATION_METRICS),
      observed: z.number(),
      expected: z.number(),
      pValue: z.number(),
      incidents: z.number().int(),
      singleEvent: z.boolean().describe('the alert rests on one incident (a deaths alert from one event with many deaths)'),
      incidentIds: z.array(z.string()),
    }),
  ),
  total: z.number().int().describe('alerts raised, listed or not (with limit, only the most extreme are listed)'),
});

export interface AreaRef {
  level: EscalationLevel;
  code: string;
  name?: string;
}

export interface WeekCounts {
  incidents: number;
  deaths: number;
}

/** An area's weekly counts, keyed by the week's Monday (YYYY-MM-DD); weeks absent had nothing. */
export interface AreaSeries {
  area: AreaRef;
  weeks: ReadonlyMap<string, WeekCounts>;
}

export interface EscalationParameters {
  /** Weeks of baseline before the guard gap. */
  baselineWeeks: number;
  /** Weeks just before the tested one left out of its baseline, so a rise that began lately does not raise its own bar. */
  guardWeeks: number;
  /** An alert needs P(X ≥ observed) below this under the baseline's model. */
  alpha: number;
  /** And at least this many, so that tiny numbers in quiet areas do not alarm. */
  minObserved: Readonly<Record<EscalationMetric, number>>;
  /**
   * Weekly deaths are a sum of heavy-tailed tolls per incident, and half a year of baseline rarely shows how heavy
   * that tail is. Their variance is therefore taken as at least mean × (1 + k × deaths per incident in the baseline),
   * the variance of a compound Poisson sum whose tolls have that dispersion; k is this parameter.
   */
  deathsDispersionPerToll: number;
}

export const DEFAULT_ESCALATION_PARAMETERS: EscalationParameters = Object.freeze({
  baselineWeeks: 26,
  guardWeeks: 4,
  alpha: 0.001,
  minObserved: Object.freeze({ incidents: 5, deaths: 10 }),
  deathsDispersionPerToll: 3,
});

export interface EscalationAlert {
  /** Stable across runs: escalation:<level>:<area code>:<week>:<metric>. */
  key: string;
  area: AreaRef;
  weekStart: string;
  metric: EscalationMetric;
  observed: number;
  expected: number;
  pValue: number;
  /** Incidents counted in the area's week (for the deaths metric, the incidents whose deaths were summed). */
  incidents: number;
  /** The alert rests on one incident: a deaths alert from one event with many deaths, said as such. */
  singleEvent: boolean;
  incidentIds: string[];
}

export const escalationKey = (area: AreaRef, weekStart: string, metric: EscalationMetric) => `escalation:${area.level}:${area.code}:${weekStart}:${metric}`;

/** The `weeks` latest weeks (Mondays, oldest first) that are complete on `asOf`: a week ends on its Sunday. */
export function testedWeeks(asOf: string, weeks: number): string[] {
  const last = addDays(weekStartOf(addDays(asOf, 1)), -7);
  return Array.from({ length: weeks }, (_, i) => addDays(last, -7 * (weeks - 1 - i)));
}

/** The Mondays of a tested week's baseline, oldest first. */
export function baselineWeeksOf(weekStart: string, params: EscalationParameters = DEFAULT_ESCALATION_PARAMETERS): string[] {
  const first = -7 * (params.guardWeeks + params.baselineWeeks);
  return Array.from({ length: params.baselineWeeks }, (_, i) => addDays(weekStart, first + 7 * i));
}

/**
 * Every complete week (Mondays, oldest first) from the first Monday on or after `from` to the last week complete on
 * `asOf`; none when the span holds no complete week.
 */
export function testedWeeksFrom(from: string, asOf: string): string[] {
  const monday = weekStartOf(from);
  const first = monday === from ? from : addDays(monday, 7);
  const last = addDays(weekStartOf(addDays(asOf, 1)), -7);
  const weeks: string[] = [];
  for (let week = first; week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** Most extreme first: the lowest p-value, then (p-values that underflow alike) the largest excess over expected. */
type Ranked = Pick<EscalationAlert, 'key' | 'observed' | 'expected' | 'pValue'>;
export function byExtremity(a: Ranked, b: Ranked): number {
  return a.pValue - b.pValue || b.observed - b.expected - (a.observed - a.expected) || a.key.localeCompare(b.key);
}

/** The first Monday any test of these weeks reads. */
export function earliestWeekRead(tested: readonly string[], params: EscalationParameters = DEFAULT_ESCALATION_PARAMETERS): string {
  return baselineWeeksOf(tested[0]!, params)[0]!;
}

export interface WeekTest {
  expected: number;
  pValue: number;
  alert: boolean;
}

/**
 * Tests one observed count against its baseline. The mean gets half an event added to the baseline's sum, so a
 * baseline of zeros has a small positive rate instead of making any count infinitely surprising; the variance is the
 * baseline's sample variance, at least the mean (then the model is Poisson) and, for deaths, at least the compound
 * floor (see deathsDispersionPerToll), which needs the baseline's incident counts.
 */
export function testWeek(
  baseline: readonly number[],
  observed: number,
  metric: EscalationMetric,
  params: EscalationParameters = DEFAULT_ESCALATION_PARAMETERS,
  baselineIncidents?: readonly number[],
): WeekTest {
  const n = baseline.length;
  const sum = baseline.reduce((s, x) => s + x, 0);
  const mean = (sum + 0.5) / n;
  const rawMean = sum / n;
  const variance = n > 1 ? baseline.reduce((s, x) => s + (x - rawMean) ** 2, 0) / (n - 1) : mean;
  let floor = mean;
  if (metric === 'deaths' && baselineIncidents) {
    const incidents = baselineIncidents.reduce((s, x) => s + x, 0) + 0.5;
    floor = mean * (1 + params.deathsDispersionPerToll * ((sum + 0.5) / incidents));
  }
  const pValue = upperTail(countModel(mean, Math.max(variance, floor)), observed);
  return { expected: rawMean, pValue, alert: observed >= params.minObserved[metric] && observed > rawMean && pValue < params.alpha };
}

/**
 * Every alert in the tested weeks, for every area and both metrics (without incident ids: the store adds them), most
 * extreme first. The incidents metric cannot rest on one incident (its minimum is above one); a deaths alert can, and
 * is then raised all the same but marked `singleEvent`, so that nobody reads one incident's toll as a trend.
 */
export function detectEscalation(
  series: readonly AreaSeries[],
  tested: readonly string[],
  params: EscalationParameters = DEFAULT_ESCALATION_PARAMETERS,
): Omit<EscalationAlert, 'incidentIds'>[] {
  const alerts: Omit<EscalationAlert, 'incidentIds'>[] = [];
  for (const { area, weeks } of series) {
    for (const week of tested) {
      const current = weeks.get(week);
      // Most area-weeks are below both minimums: skip them before building a baseline (a report tests years of weeks).
      if (!current || ESCALATION_METRICS.every((metric) => current[metric] < params.minObserved[metric])) continue;
      const baseline = baselineWeeksOf(week, params).map((w) => weeks.get(w));
      for (const metric of ESCALATION_METRICS) {
        const observed = current[metric];
        if (observed < params.minObserved[metric]) continue;
        const result = testWeek(
          baseline.map((c) => c?.[metric] ?? 0),
          observed,
          metric,
          params,
          baseline.map((c) => c?.incidents ?? 0),
        );
        if (!result.alert) continue;
        alerts.push({
          key: escalationKey(area, week, metric),
          area,
          weekStart: week,
          metric,
          observed,
          expected: round(result.expected, 3),
          pValue: result.pValue,
          incidents: current.incidents,
          singleEvent: current.incidents === 1,
        });
      }
    }
  }
  return alerts.sort(byExtremity);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function describeEscalationMethod(params: EscalationParameters = DEFAULT_ESCALATION_PARAMETERS): string {
  return (
    `Weekly counts (weeks start on Monday) of incidents and of deaths (best estimates) per area, counting only incidents ` +
    `whose date fits one week and whose location fits the area. Each tested week is compared with the area's own ` +
    `${params.baselineWeeks} weeks before a gap of ${params.guardWeeks} weeks; a negative binomial fitted to that ` +
    `baseline by its mean and variance (Poisson when the variance does not exceed the mean; for deaths, a variance of at ` +
    `least that of a compound sum of heavy-tailed tolls) gives P(X ≥ observed). ` +
    `An alert needs that p-value below ${params.alpha} and at least ${params.minObserved.incidents} incidents or ` +
    `${params.minObserved.deaths} deaths in the week; a deaths alert resting on one incident is marked as a single event. ` +
    `Alerts are ranked by p-value, then by excess over expected. See docs/monitoring-methods.md for the measured false-alarm and detection rates.`
  );
}
