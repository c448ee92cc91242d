import { closeChart, emptyChart, legend, linearScale, MUTED_INK, openChart, seriesColor, valueAxisLeft, type ChartText, type LegendEntry } from './chart-kit.js';
import { escapeMarkup } from './markup.js';
import { formatCount, px } from './numbers.js';

export interface StackedYear {
  year: number;
  /** One value per part, in the order of the chart's `parts`, stacked bottom to top. */
  values: readonly number[];
}

export interface StackedYearChartInput extends ChartText {
  from: number;
  to: number;
  parts: readonly { key: string; label: string; color?: string }[];
  /** The years with figures. A year in the period but not here has no bar: a gap, not a zero. */
  years: readonly StackedYear[];
  /** What the bars count, e.g. "troops (personnel)". */
  valueLabel: string;
  /** A share per year (0 to 1), drawn as a line against a 0–100 % axis on the right; null or absent is a gap. */
  share?: { label: string; points: readonly { year: number; value: number | null }[] };
  emptyMessage?: string;
}

const WIDTH = 640;
const PLOT = { left: 64, right: WIDTH - 52, top: 48 };
const PLOT_HEIGHT = 220;
const SHARE_COLOR = '#000000';
const MAX_YEAR_LABELS = 9;

const sum = (values: readonly number[]) => values.reduce((s, v) => s + Math.max(0, v), 0);
const percent = (share: number) => `${Math.round(share * 100)}%`;

function labelledYears(from: number, to: number): number[] {
  const step = [1, 2, 5, 10, 20, 50].find((s) => (to - from) / s < MAX_YEAR_LABELS) ?? 50;
  const years: number[] = [];
  for (let year = Math.ceil(from / step) * step; year <= to; year += step) years.push(year);
  return years.length > 0 ? years : [from];
}

function describe(input: StackedYearChartInput, years: readonly StackedYear[]): string {
  const parts = (y: StackedYear) => input.parts.map((p, i) => `${p.label} ${formatCount(y.values[i] ?? 0)}`).join(', ');
  const first = years[0]!;
  const last = years[years.length - 1]!;
  const peak = years.reduce((best, y) => (sum(y.values) > sum(best.values) ? y : best), first);
  const sentences = [`${first.year}: ${formatCount(sum(first.values))} ${input.valueLabel} (${parts(first)}).`];
  if (last !== first) sentences.push(`${last.year}: ${formatCount(sum(last.values))} (${parts(last)}).`);
  sentences.push(`Highest in ${peak.year}: ${formatCount(sum(peak.values))}.`);
  const held = new Set(years.map((y) => y.year));
  const gaps: number[] = [];
  for (let year = first.year; year <= last.year; year++) if (!held.has(year)) gaps.push(year);
  if (gaps.length > 0) sentences.push(`No figures for ${gaps.join(', ')}.`);
  if (input.share) {
    const shares = input.share.points.filter((p): p is { year: number; value: number } => p.value !== null).sort((a, b) => a.year - b.year);
    if (shares.length > 0) sentences.push(`${input.share.label}: ${percent(shares[0]!.value)} in ${shares[0]!.year}${shares.length > 1 ? `, ${percent(shares[shares.length - 1]!.value)} in ${shares[shares.length - 1]!.year}` : ''}.`);
  }
  return sentences.join(' ');
}

/**
 * A bar per year, its parts stacked (troops by type, say), with an optional share drawn as a line against a 0–100 %
 * axis at the right. A year without figures has no bar and breaks the line: a gap is never drawn as zero. Each part
 * carries its year and value as data attributes and a tooltip; the description names the first, last and highest
 * years, the gaps, and the share's first and last value.
 */
export function stackedYearChart(input: StackedYearChartInput): string {
  const { from, to } = input;
  const years = input.years.filter((y) => y.year >= from && y.year <= to && y.values.length === input.parts.length).sort((a, b) => a.year - b.year);
  if (to < from || years.length === 0 || input.parts.length === 0) return emptyChart(input, input.emptyMessage ?? `No figures in ${from}–${to}.`);
  const description = `${input.description} ${from}–${to}, by year. ${describe(input, years)}`.trim();

  const entries: LegendEntry[] = input.parts.map((p, i) => ({ label: p.label, kind: 'box', color: p.color ?? seriesColor(i) }));
  if (input.share) entries.push({ label: input.share.label, kind: 'line', color: SHARE_COLOR });
  const legendTop = PLOT.top + PLOT_HEIGHT + 40;
  const legendBox = legend(entries, PLOT.left, legendTop, PLOT.right);
  const height = legendTop + legendBox.height;
  const bottom = PLOT.top + PLOT_HEIGHT;
  const y = linearScale(Math.max(...years.map((v) => sum(v.values))), bottom, PLOT.top + 8);
  const shareY = (share: number) => bottom - Math.min(1, Math.max(0, share)) * (bottom - (PLOT.top + 8));
  const count = to - from + 1;
  const slot = (PLOT.right - PLOT.left) / count;
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const x = (year: number) => PLOT.left + slot * (year - from + 0.5);

  const bars = years.map((year) => {
    let top = bottom;
    const segments = year.values.map((value, i) => {
      const h = Math.max(0, y(0) - y(value));
      top -= h;
      const part = input.parts[i]!;
      return `<rect class="segment" x="${px(x(year.year) - barWidth / 2)}" y="${px(top)}" width="${px(barWidth)}" height="${px(h)}" fill="${part.color ?? seriesColor(i)}" data-year="${year.year}" data-part="${escapeMarkup(part.key)}" data-value="${Math.max(0, value)}"><title>${escapeMarkup(`${year.year} — ${part.label}: ${formatCount(value)}`)}</title></rect>`;
    });
    return `<g class="bar" data-year="${year.year}" data-total="${sum(year.values)}">${segments.join('')}</g>`;
  });

  const labels = labelledYears(from, to).map((year) => `<text x="${px(x(year))}" y="${bottom + 17}" text-anchor="middle" fill="${MUTED_INK}">${year}</text>`);

  let shareMarkup = '';
  if (input.share) {
    const byYear = new Map(input.share.points.filter((p) => p.year >= from && p.year <= to).map((p) => [p.year, p.value]));
    const runs: { year: number; value: number }[][] = [];
    let run: { year: number; value: number }[] = [];
    for (let year = from; year <= to; year++) {
      const value = byYear.get(year);
      if (value === undefined || value === null) {
        if (run.length > 0) runs.push(run);
        run = [];
      } else run.push({ year, value });
    }
    if (run.length > 0) runs.push(run);
    const axis = [0, 0.25, 0.5, 0.75, 1].map((t) => `<text x="${PLOT.right + 6}" y="${px(shareY(t))}" dy="0.32em" fill="${MUTED_INK}">${percent(t)}</text>`).join('');
    const paths = runs.filter((r) => r.length > 1).map((r) => `<path class="share-line" d="${r.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x(p.year))},${px(shareY(p.value))}`).join(' ')}" fill="none" stroke="${SHARE_COLOR}" stroke-width="2" stroke-dasharray="5 3" data-from="${r[0]!.year}" data-to="${r[r.length - 1]!.year}"/>`);
    const points = runs.flat().map((p) => `<circle class="share-point" cx="${px(x(p.year))}" cy="${px(shareY(p.value))}" r="3" fill="${SHARE_COLOR}" data-year="${p.year}" data-value="${p.value}"><title>${escapeMarkup(`${p.year} — ${input.share!.label}: ${percent(p.value)}`)}</title></circle>`);
    shareMarkup = `<g class="axis axis-share" aria-hidden="true">${axis}</g><g class="share" data-series="${escapeMarkup(input.share.label)}">${paths.join('')}${points.join('')}</g>`;
  }

  return [
    openChart({ ...input, description }, { width: WIDTH, height }),
    valueAxisLeft(y, PLOT.left, PLOT.right, input.valueLabel),
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${bottom}" y2="${bottom}" stroke="${MUTED_INK}"/>`,
    `<g class="axis axis-time" aria-hidden="true">${labels.join('')}</g>`,
    ...bars,
    shareMarkup,
    legendBox.markup,
    closeChart(),
  ].join('');
}
