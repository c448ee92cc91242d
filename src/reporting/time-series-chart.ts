import { closeChart, emptyChart, legend, linearScale, MUTED_INK, openChart, seriesColor, valueAxisLeft, type ChartText, type LegendEntry } from './chart-kit.js';
import { escapeMarkup } from './markup.js';
import { monthLabel } from './months.js';
import { formatEstimate, px, type Estimate } from './numbers.js';

export interface TimeSeries {
  label: string;
  /** One value per period, in the order of `periods`. A series without uncertainty has low = best = high. */
  values: readonly Estimate[];
  /** Draw the low–high range as a shaded band around the line (default: when any value has a range). */
  band?: boolean;
}

export interface TimeSeriesChartInput extends ChartText {
  /** Month keys (`YYYY-MM`), in order: the x axis. */
  periods: readonly string[];
  series: readonly TimeSeries[];
  /** What the y axis counts, e.g. "people killed". */
  valueLabel: string;
  /** Said instead of a chart when there is nothing to draw. */
  emptyMessage?: string;
}

const WIDTH = 640;
const PLOT = { left: 56, right: WIDTH - 16, top: 48 };
const PLOT_HEIGHT = 200;
const MAX_X_LABELS = 8;

const hasRange = (s: TimeSeries) => s.values.some((v) => v.low !== v.best || v.high !== v.best);

/** Which periods get a label on the x axis: about eight, evenly spaced, always the first and the last. */
function labelledIndexes(count: number): Set<number> {
  if (count <= MAX_X_LABELS) return new Set(Array.from({ length: count }, (_, i) => i));
  const step = Math.ceil((count - 1) / (MAX_X_LABELS - 1));
  const chosen = new Set<number>();
  for (let i = 0; i < count; i += step) chosen.add(i);
  // The last label replaces one that would crowd it.
  if (!chosen.has(count - 1)) {
    const crowding = Math.max(...[...chosen]);
    if (count - 1 - crowding <= step / 2) chosen.delete(crowding);
    chosen.add(count - 1);
  }
  return chosen;
}

function describe(input: TimeSeriesChartInput): string {
  const first = input.periods[0]!;
  const last = input.periods[input.periods.length - 1]!;
  const span = first === last ? monthLabel(first) : `${monthLabel(first)} to ${monthLabel(last)}`;
  const summaries = input.series.map((s) => {
    const total = s.values.reduce((sum, v) => ({ low: sum.low + v.low, best: sum.best + v.best, high: sum.high + v.high }), { low: 0, best: 0, high: 0 });
    let peak = 0;
    s.values.forEach((v, i) => {
      if (v.best > s.values[peak]!.best) peak = i;
    });
    const peakValue = s.values[peak];
    return `${s.label}: ${formatEstimate(total)} in all${peakValue && peakValue.best > 0 ? `, most in ${monthLabel(input.periods[peak]!)} (${formatEstimate(peakValue)})` : ''}.`;
  });
  return `${input.description} ${span}, by month. ${summaries.join(' ')}`.trim();
}

/**
 * A line per series over months, each with its low–high range shaded around the best estimate. One month is drawn
 * as a point with a range bar; no months, or no series, as a "no data" message.
 */
export function timeSeriesChart(input: TimeSeriesChartInput): string {
  const periods = input.periods;
  const series = input.series.filter((s) => s.values.length === periods.length);
  if (periods.length === 0 || series.length === 0) return emptyChart(input, input.emptyMessage ?? 'No data for this area and period.');

  const entries: LegendEntry[] = [];
  series.forEach((s, i) => {
    entries.push({ label: s.label, kind: 'line', color: seriesColor(i) });
    if (s.band ?? hasRange(s)) entries.push({ label: `${s.label}: low–high range`, kind: 'band', color: seriesColor(i) });
  });
  const legendBox = legend(entries, PLOT.left, PLOT.top + PLOT_HEIGHT + 44, PLOT.right);
  const height = PLOT.top + PLOT_HEIGHT + 44 + legendBox.height;
  const bottom = PLOT.top + PLOT_HEIGHT;

  const maxValue = Math.max(...series.flatMap((s) => s.values.map((v) => Math.max(v.high, v.best))));
  const y = linearScale(maxValue, bottom, PLOT.top + 8);
  const stepX = periods.length === 1 ? 0 : (PLOT.right - PLOT.left - 16) / (periods.length - 1);
  const x = (i: number) => (periods.length === 1 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + 8 + i * stepX);

  const labels = labelledIndexes(periods.length);
  const xAxis = periods
    .map((p, i) => {
      const tick = `<line x1="${px(x(i))}" x2="${px(x(i))}" y1="${bottom}" y2="${bottom + 4}" stroke="${MUTED_INK}"/>`;
      // The first and last labels are anchored inwards, so they stay inside the frame.
      const anchor = periods.length === 1 ? 'middle' : i === 0 ? 'start' : i === periods.length - 1 ? 'end' : 'middle';
      const labelX = anchor === 'start' ? x(i) - 6 : anchor === 'end' ? x(i) + 6 : x(i);
      return labels.has(i) ? `${tick}<text x="${px(labelX)}" y="${bottom + 18}" text-anchor="${anchor}" fill="${MUTED_INK}">${escapeMarkup(monthLabel(p))}</text>` : tick;
    })
    .join('');

  const drawn = series.map((s, index) => {
    const color = seriesColor(index);
    const parts: string[] = [];
    if (s.band ?? hasRange(s)) {
      if (periods.length === 1) {
        const v = s.values[0]!;
        parts.push(`<rect class="band" x="${px(x(0) - 10)}" y="${px(y(v.high))}" width="20" height="${px(Math.max(1, y(v.low) - y(v.high)))}" fill="${color}" fill-opacity="0.22"/>`);
      } else {
        const upper = s.values.map((v, i) => `${px(x(i))},${px(y(v.high))}`);
        const lower = s.values.map((v, i) => `${px(x(i))},${px(y(v.low))}`).reverse();
        parts.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.22" stroke="none"/>`);
      }
    }
    if (periods.length > 1) {
      parts.push(`<polyline class="line" points="${s.values.map((v, i) => `${px(x(i))},${px(y(v.best))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.25" stroke-linejoin="round"/>`);
    }
    const dots = periods.length <= 36 || periods.length === 1;
    s.values.forEach((v, i) => {
      const tip = `<title>${escapeMarkup(`${s.label}, ${monthLabel(periods[i]!)}: ${formatEstimate(v)}`)}</title>`;
      parts.push(`<circle class="point" cx="${px(x(i))}" cy="${px(y(v.best))}" r="${dots ? 3 : 1.5}" fill="${color}" data-value="${v.best}">${tip}</circle>`);
    });
    return `<g class="series" data-series="${escapeMarkup(s.label)}">${parts.join('')}</g>`;
  });

  return [
    openChart({ ...input, description: describe({ ...input, series }) }, { width: WIDTH, height }),
    valueAxisLeft(y, PLOT.left, PLOT.right, input.valueLabel),
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${bottom}" y2="${bottom}" stroke="${MUTED_INK}"/>`,
    `<g class="axis axis-time" aria-hidden="true">${xAxis}</g>`,
    ...drawn,
    legendBox.markup,
    closeChart(),
  ].join('');
}
