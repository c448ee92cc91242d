import type { MilexFlag } from '../core/spending/military-expenditure.js';
import { closeChart, emptyChart, legend, linearScale, MUTED_INK, openChart, seriesColor, valueAxisLeft, type ChartText, type LegendEntry } from './chart-kit.js';
import { escapeMarkup } from './markup.js';
import { px } from './numbers.js';

/** How a measure's values read: millions of US$ (12,513.9), a share written as a percentage (5.33%), or US$ (240.2). */
export type YearValueFormat = 'usd_m' | 'share' | 'usd';

const amount = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const wholeAmount = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** A figure as a reader sees it: "12,513.9" (US$ m), "5.33%" (a share, from SIPRI's fraction 0.0533), "240.2" (US$). */
export function formatYearValue(value: number, format: YearValueFormat): string {
  if (!Number.isFinite(value)) return '–';
  if (format === 'share') return `${(value * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
  return amount.format(value);
}

/** A tick on the value axis: whole amounts with thousands separators, shares as round percentages. */
function formatTick(value: number, format: YearValueFormat): string {
  if (format === 'share') return `${Number((value * 100).toPrecision(6)).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
  return value >= 10 || value === 0 ? wholeAmount.format(value) : amount.format(value);
}

/** One year of a series: `value` null is a gap, drawn as a break in the line, never as zero. */
export interface YearPoint {
  year: number;
  value: number | null;
  flags: readonly MilexFlag[];
}

export interface YearSeries {
  label: string;
  points: readonly YearPoint[];
}

export interface YearSeriesChartInput extends ChartText {
  /** The first and last year of the x axis. */
  from: number;
  to: number;
  series: readonly YearSeries[];
  format: YearValueFormat;
  /** What the y axis gives, e.g. "US$ m, constant 2024 prices" or "share of GDP". */
  valueLabel: string;
  /** Said instead of a chart when no series has a figure. */
  emptyMessage?: string;
}

/** Flags that mark a figure as less sure than the rest: the point is drawn hollow and the year named in the description. */
const DOUBTFUL: readonly MilexFlag[] = ['estimate', 'uncertain'];
const isDoubtful = (p: YearPoint) => p.value !== null && p.flags.some((f) => DOUBTFUL.includes(f));

const WIDTH = 640;
const PLOT = { left: 64, right: WIDTH - 16, top: 48 };
const PLOT_HEIGHT = 220;
const MAX_YEAR_LABELS = 9;

/** Years in order, a run of consecutive years: "1992–1995" or "2012". */
function yearRuns(years: readonly number[]): string[] {
  const runs: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const year of [...years, Number.NaN]) {
    if (start !== undefined && year === previous! + 1) {
      previous = year;
      continue;
    }
    if (start !== undefined) runs.push(start === previous ? String(start) : `${start}–${previous}`);
    start = year;
    previous = year;
  }
  return runs;
}

/** The years labelled on the x axis: multiples of 1, 2, 5, 10, 20 or 50, no more than about nine. */
function labelledYears(from: number, to: number): number[] {
  const span = to - from;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => span / s < MAX_YEAR_LABELS) ?? 100;
  const years: number[] = [];
  for (let year = Math.ceil(from / step) * step; year <= to; year += step) years.push(year);
  return years.length > 0 ? years : [from];
}

function describeSeries(s: YearSeries, input: YearSeriesChartInput): string {
  const format = (v: number) => formatYearValue(v, input.format);
  const held = s.points.filter((p): p is YearPoint & { value: number } => p.value !== null);
  if (held.length === 0) return `${s.label}: no figures in ${input.from}–${input.to}.`;
  const first = held[0]!;
  const last = held[held.length - 1]!;
  const peak = held.reduce((best, p) => (p.value > best.value ? p : best), first);
  const parts = [`${s.label}: ${format(first.value)} in ${first.year}`];
  if (last !== first) parts.push(`${format(last.value)} in ${last.year}`);
  parts.push(`highest ${format(peak.value)} in ${peak.year}`);
  const gaps = s.points.filter((p) => p.value === null);
  const notIndependent = gaps.filter((p) => p.flags.includes('not_independent')).map((p) => p.year);
  const unavailable = gaps.filter((p) => !p.flags.includes('not_independent')).map((p) => p.year);
  if (unavailable.length > 0) parts.push(`no figure for ${yearRuns(unavailable).join(', ')}`);
  if (notIndependent.length > 0) parts.push(`not independent in ${yearRuns(notIndependent).join(', ')}`);
  const estimates = held.filter((p) => p.flags.includes('estimate')).map((p) => p.year);
  const uncertain = held.filter((p) => p.flags.includes('uncertain')).map((p) => p.year);
  if (estimates.length > 0) parts.push(`estimates for ${yearRuns(estimates).join(', ')}`);
  if (uncertain.length > 0) parts.push(`highly uncertain for ${yearRuns(uncertain).join(', ')}`);
  return `${parts.join('; ')}.`;
}

/**
 * A line per series over years. A year without a figure breaks the line: no point is drawn there and the line
 * resumes at the next figure (a gap drawn as zero would read as disarmament). Figures marked as estimates or highly
 * uncertain are drawn as hollow points and named in the description, which also names each series' gaps and why.
 */
export function yearSeriesChart(input: YearSeriesChartInput): string {
  const { from, to } = input;
  const series = input.series.map((s) => ({ ...s, points: s.points.filter((p) => p.year >= from && p.year <= to) }));
  const description = `${input.description} ${from}–${to}, by year. ${series.map((s) => describeSeries(s, input)).join(' ')}`.trim();
  const allValues = series.flatMap((s) => s.points.flatMap((p) => (p.value === null ? [] : [p.value])));
  if (to < from || series.length === 0 || allValues.length === 0) {
    return emptyChart({ ...input, description }, input.emptyMessage ?? `No figures for ${series.length === 1 ? series[0]!.label : 'these series'} in ${from}–${to}.`);
  }

  const anyDoubtful = series.some((s) => s.points.some(isDoubtful));
  const entries: LegendEntry[] = series.map((s, i) => ({ label: s.points.some((p) => p.value !== null) ? s.label : `${s.label} (no figures)`, kind: 'line', color: seriesColor(i) }));
  if (anyDoubtful) entries.push({ label: 'estimate or highly uncertain', kind: 'hollow-point', color: MUTED_INK });
  const legendTop = PLOT.top + PLOT_HEIGHT + 40;
  const legendBox = legend(entries, PLOT.left, legendTop, PLOT.right);
  const height = legendTop + legendBox.height;
  const bottom = PLOT.top + PLOT_HEIGHT;

  const y = linearScale(Math.max(...allValues), bottom, PLOT.top + 8, { whole: input.format !== 'share' && Math.max(...allValues) >= 5 });
  const x = (year: number) => (from === to ? (PLOT.left + PLOT.right) / 2 : PLOT.left + 8 + ((year - from) * (PLOT.right - PLOT.left - 16)) / (to - from));

  const ticks: string[] = [];
  for (let year = from; year <= to; year++) ticks.push(`<line x1="${px(x(year))}" x2="${px(x(year))}" y1="${bottom}" y2="${bottom + 3}" stroke="${MUTED_INK}"/>`);
  const labels = labelledYears(from, to).map((year) => `<text x="${px(x(year))}" y="${bottom + 17}" text-anchor="middle" fill="${MUTED_INK}">${year}</text>`);

  const drawn = series.map((s, index) => {
    const color = seriesColor(index);
    // Runs of consecutive years with a figure: each is a path of its own, so a gap leaves the line broken.
    const runs: { year: number; value: number }[][] = [];
    let run: { year: number; value: number }[] = [];
    for (const p of [...s.points].sort((a, b) => a.year - b.year)) {
      if (p.value === null || (run.length > 0 && p.year !== run[run.length - 1]!.year + 1)) {
        if (run.length > 0) runs.push(run);
        run = [];
      }
      if (p.value !== null) run.push({ year: p.year, value: p.value });
    }
    if (run.length > 0) runs.push(run);
    const paths = runs
      .filter((r) => r.length > 1)
      .map((r) => `<path class="line" d="${r.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x(p.year))},${px(y(p.value))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.25" stroke-linejoin="round" data-from="${r[0]!.year}" data-to="${r[r.length - 1]!.year}"/>`);
    const points = s.points.flatMap((p) => {
      if (p.value === null) return [];
      const doubtful = isDoubtful(p);
      const notes = p.flags.filter((f) => DOUBTFUL.includes(f)).map((f) => (f === 'estimate' ? 'SIPRI estimate' : 'highly uncertain'));
      const tip = `<title>${escapeMarkup(`${s.label}, ${p.year}: ${formatYearValue(p.value, input.format)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`)}</title>`;
      return [
        `<circle class="point${doubtful ? ' flagged' : ''}" cx="${px(x(p.year))}" cy="${px(y(p.value))}" r="${doubtful ? 3.5 : 2.75}" fill="${doubtful ? '#ffffff' : color}" stroke="${color}" stroke-width="${doubtful ? 1.75 : 0}" data-year="${p.year}" data-value="${p.value}"${doubtful ? ` data-flags="${escapeMarkup(p.flags.join(' '))}"` : ''}>${tip}</circle>`,
      ];
    });
    return `<g class="series" data-series="${escapeMarkup(s.label)}">${paths.join('')}${points.join('')}</g>`;
  });

  return [
    openChart({ ...input, description }, { width: WIDTH, height }),
    valueAxisLeft(y, PLOT.left, PLOT.right, input.valueLabel, (v) => formatTick(v, input.format)),
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${bottom}" y2="${bottom}" stroke="${MUTED_INK}"/>`,
    `<g class="axis axis-time" aria-hidden="true">${ticks.join('')}${labels.join('')}</g>`,
    ...drawn,
    legendBox.markup,
    closeChart(),
  ].join('');
}
