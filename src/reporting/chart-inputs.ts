import { PERSON_STATUSES, type PersonStatus } from '../core/taxonomy.js';
import type { BarChartInput } from './bar-chart.js';
import type { AggregateResult, ViolationSeries } from './monitoring-views.js';
import { monthKeyOf, monthsBetween } from './months.js';
import { addEstimates, ZERO_ESTIMATE, type Estimate } from './numbers.js';
import type { Breakdown, CasualtyTimeline, KeyFigures } from './situation-report-data.js';
import { isPersonStatus, PERSON_STATUS_COLORS, PERSON_STATUS_LABELS } from './status-labels.js';
import type { TimeSeriesChartInput } from './time-series-chart.js';

/**
 * From the monitoring API's aggregates to what the charts draw. Shared by the report (on the server) and the
 * dashboard (in the browser), so both say the same thing about the same numbers.
 */

/** Every month of the period, with the months that had nothing shown as zero (they did have nothing). */
export function timelineFromAggregate(byMonth: AggregateResult, from: string, to: string): CasualtyTimeline {
  const periods = monthsBetween(from, to);
  const index = new Map(periods.map((p, i) => [p, i]));
  const timeline: CasualtyTimeline = {
    periods,
    incidents: periods.map(() => 0),
    killed: periods.map(() => ({ ...ZERO_ESTIMATE })),
    injured: periods.map(() => ({ ...ZERO_ESTIMATE })),
  };
  for (const group of byMonth.groups) {
    const month = monthKeyOf(group.keys['month'] ?? '');
    const i = month === undefined ? undefined : index.get(month);
    if (i === undefined) continue;
    timeline.incidents[i]! += group.incidents;
    timeline.killed[i] = addEstimates(timeline.killed[i]!, group.killed);
    timeline.injured[i] = addEstimates(timeline.injured[i]!, group.injured);
  }
  return timeline;
}

/**
 * The key figures: totals from the monthly aggregate (every incident is in one month, or unplaced), the split by
 * status from the aggregate by casualty status. Every status is listed, zeros included.
 */
export function figuresFromAggregates(byMonth: AggregateResult, byStatus: AggregateResult): KeyFigures {
  let total = byMonth.total;
  if (!total) {
    total = { incidents: byMonth.unplaced.incidents, killed: byMonth.unplaced.killed, injured: byMonth.unplaced.injured };
    for (const group of byMonth.groups) {
      total = { incidents: total.incidents + group.incidents, killed: addEstimates(total.killed, group.killed), injured: addEstimates(total.injured, group.injured) };
    }
  }
  const perStatus = new Map<PersonStatus, { killed: Estimate; injured: Estimate }>(PERSON_STATUSES.map((s) => [s, { killed: ZERO_ESTIMATE, injured: ZERO_ESTIMATE }]));
  for (const group of byStatus.groups) {
    const status = group.keys['status'] ?? '';
    const entry = isPersonStatus(status) ? perStatus.get(status) : undefined;
    if (!entry) continue;
    entry.killed = addEstimates(entry.killed, group.killed);
    entry.injured = addEstimates(entry.injured, group.injured);
  }
  return {
    incidents: total.incidents,
    killed: total.killed,
    injured: total.injured,
    byStatus: PERSON_STATUSES.map((status) => ({ status, ...perStatus.get(status)! })),
    coarseDates: byMonth.coarseDates,
  };
}

/**
 * Bars from an aggregate grouped by `key` (theme, actor …) and by casualty status: killed per status, the largest
 * `limit` first, the rest together in one bar. Incidents without a value for `key` (no theme, no party recorded) make
 * a bar labelled `noneLabel`, or are left out without one.
 */
export function breakdownsFromAggregate(aggregate: AggregateResult, key: string, labelOf: (value: string) => string, options: { limit?: number; noneLabel?: string } = {}): Breakdown[] {
  const limit = options.limit ?? 10;
  const byKey = new Map<string, Breakdown>();
  for (const group of aggregate.groups) {
    const raw = group.keys[key];
    const value = raw === null || raw === undefined || raw === '' ? undefined : raw;
    if (value === undefined && options.noneLabel === undefined) continue;
    const id = value ?? '';
    let entry = byKey.get(id);
    if (!entry) {
      entry = { key: id, label: value === undefined ? options.noneLabel! : labelOf(value), incidents: 0, killed: { ...ZERO_ESTIMATE }, killedByStatus: {} };
      byKey.set(id, entry);
    }
    entry.incidents = Math.max(entry.incidents, group.incidents);
    entry.killed = addEstimates(entry.killed, group.killed);
    const status = group.keys['status'];
    if (typeof status === 'string' && isPersonStatus(status)) entry.killedByStatus[status] = (entry.killedByStatus[status] ?? 0) + group.killed.best;
  }
  const sorted = [...byKey.values()].sort((a, b) => b.killed.best - a.killed.best || b.incidents - a.incidents || a.label.localeCompare(b.label));
  if (sorted.length <= limit) return sorted;
  const shown = sorted.slice(0, limit - 1);
  const rest = sorted.slice(limit - 1);
  const others: Breakdown = { key: '', label: `${rest.length} others`, incidents: 0, killed: { ...ZERO_ESTIMATE }, killedByStatus: {} };
  for (const r of rest) {
    others.incidents += r.incidents;
    others.killed = addEstimates(others.killed, r.killed);
    for (const [status, n] of Object.entries(r.killedByStatus) as [PersonStatus, number][]) others.killedByStatus[status] = (others.killedByStatus[status] ?? 0) + n;
  }
  return [...shown, others];
}

/** `injuriesRecorded: false`: the sources never record injuries, so the injured line is left out, not drawn as zero. */
export function casualtyChartInput(timeline: CasualtyTimeline, id: string, { injuriesRecorded = true }: { injuriesRecorded?: boolean } = {}): TimeSeriesChartInput {
  const withInjured = injuriesRecorded && timeline.injured.some((e) => e.high > 0);
  return {
    id,
    title: withInjured ? 'People killed and injured per month' : 'People killed per month',
    description: `Best estimate as a line, the low–high range shaded; all statuses together (civilians, combatants, every side).`,
    periods: timeline.periods,
    series: [{ label: 'Killed', values: timeline.killed, band: true }, ...(withInjured ? [{ label: 'Injured', values: timeline.injured, band: true }] : [])],
    valueLabel: 'people',
    emptyMessage: 'No incidents in this area and period.',
  };
}

/** The chart of killed by UCDP type of violence, the same on the dashboard and in the report. */
export const VIOLENCE_CHART_TEXT = (id: string) => ({
  id,
  title: 'People killed by type of violence',
  description:
    'Killed, split by status, in state-based, non-state and one-sided violence (UCDP’s types); “other” is harm outside organised armed violence. Each incident counts under one type.',
});

/** The chart of killed by the sources' own event types (ACLED's event types, UCDP's types of violence). */
export const EVENT_TYPE_CHART_TEXT = (id: string) => ({
  id,
  title: 'People killed by the source’s event type',
  description: 'Killed, split by status, under the event type each source data set gave (ACLED’s event types, UCDP’s types of violence); records entered in Haven have none.',
});

export const EVENT_TYPE_NONE_LABEL = 'Entered in Haven (no source type)';

/** Killed per category, stacked by status; statuses nobody in the chart has are left out of the legend. */
export function breakdownChartInput(breakdowns: readonly Breakdown[], text: { id: string; title: string; description: string; emptyMessage?: string }): BarChartInput {
  const statuses = PERSON_STATUSES.filter((s) => breakdowns.some((b) => (b.killedByStatus[s] ?? 0) > 0));
  // Without a split by status (every value zero), one bar of the total.
  const series = statuses.length > 0 ? statuses.map((s) => ({ label: PERSON_STATUS_LABELS[s], color: PERSON_STATUS_COLORS[s] })) : [{ label: 'Killed' }];
  return {
    ...text,
    series,
    categories: breakdowns.map((b) => ({
      label: b.label,
      values: statuses.length > 0 ? statuses.map((s) => b.killedByStatus[s] ?? 0) : [b.killed.best],
      range: b.killed,
    })),
    valueLabel: 'people killed',
    emptyMessage: text.emptyMessage ?? 'No incidents in this area and period.',
  };
}

export function violationChartInput(series: ViolationSeries, id: string): TimeSeriesChartInput {
  return {
    id,
    title: 'Ceasefire violations per party and month',
    description: 'Incidents attributed to a party bound by a ceasefire, inside its zone and during its validity.',
    periods: series.periods,
    series: series.parties.map((p) => ({ label: p.party, values: p.counts.map((n) => ({ low: n, best: n, high: n })), band: false })),
    valueLabel: 'violations',
    emptyMessage: 'No ceasefire violations detected in this area and period.',
  };
}

/** What the ceasefire chart reads of a detection. */
export interface ViolationDetection {
  party?: string;
  incidentIds: readonly string[];
  dateEarliest?: string;
  grade?: string;
  status: string;
}

/**
 * Ceasefire violations per party and month (of the incidents' earliest date), each incident counted once per party,
 * dismissed detections left out; and who broke the ceasefire first, preferring probable violations to possible ones.
 */
export function violationSeriesFromDetections(detections: readonly ViolationDetection[], from: string, to: string): ViolationSeries {
  const periods = monthsBetween(from, to);
  const index = new Map(periods.map((p, i) => [p, i]));
  const counted = new Map<string, Set<string>[]>();
  const kept = detections.filter((d) => d.status !== 'dismissed' && d.party && d.dateEarliest);
  for (const d of kept) {
    const month = monthKeyOf(d.dateEarliest!.slice(0, 10));
    const i = month === undefined ? undefined : index.get(month);
    if (i === undefined) continue;
    let months = counted.get(d.party!);
    if (!months) counted.set(d.party!, (months = periods.map(() => new Set<string>())));
    for (const id of d.incidentIds) months[i]!.add(id);
  }
  const parties = [...counted]
    .map(([party, months]) => ({ party, counts: months.map((m) => m.size) }))
    .sort((a, b) => b.counts.reduce((x, y) => x + y, 0) - a.counts.reduce((x, y) => x + y, 0) || a.party.localeCompare(b.party));
  const probable = kept.filter((d) => d.grade === 'probable');
  const pool = (probable.length > 0 ? probable : kept).filter((d) => d.dateEarliest!.slice(0, 10) >= from && d.dateEarliest!.slice(0, 10) <= to);
  const date = pool.reduce<string | undefined>((min, d) => (min === undefined || d.dateEarliest!.slice(0, 10) < min ? d.dateEarliest!.slice(0, 10) : min), undefined);
  const first = date === undefined ? undefined : { date, parties: [...new Set(pool.filter((d) => d.dateEarliest!.slice(0, 10) === date).map((d) => d.party!))].sort(), grade: probable.length > 0 ? 'probable' : 'possible' };
  return { periods, parties, ...(first && { first }) };
}

/** GET /detections/ceasefire-violations, as much as the chart reads of it. */
export interface CeasefireSummaryView {
  parties: { party: string; commitments: { months: { month: string; count: number }[] }[]; first?: { date: string } }[];
  first?: { date: string; parties: string[]; grade?: string };
}

/** The same series from the per-agreement summaries (summed over agreements and commitments), for the dashboard. */
export function violationSeriesFromSummaries(summaries: readonly CeasefireSummaryView[], from: string, to: string): ViolationSeries {
  const periods = monthsBetween(from, to);
  const index = new Map(periods.map((p, i) => [p, i]));
  const byParty = new Map<string, number[]>();
  for (const summary of summaries) {
    for (const party of summary.parties) {
      let counts = byParty.get(party.party);
      if (!counts) byParty.set(party.party, (counts = periods.map(() => 0)));
      for (const commitment of party.commitments) {
        for (const m of commitment.months) {
          const i = index.get(monthKeyOf(m.month) ?? '');
          if (i !== undefined) counts[i]! += m.count;
        }
      }
    }
  }
  const parties = [...byParty].map(([party, counts]) => ({ party, counts })).filter((p) => p.counts.some((n) => n > 0));
  const firsts = summaries.flatMap((s) => (s.first && s.first.date >= from && s.first.date <= to ? [s.first] : [])).sort((a, b) => a.date.localeCompare(b.date));
  const first = firsts[0];
  return { periods, parties, ...(first && { first: { date: first.date, parties: first.parties, ...(first.grade !== undefined && { grade: first.grade }) } }) };
}
