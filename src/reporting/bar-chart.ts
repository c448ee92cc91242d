import { closeChart, emptyChart, legend, linearScale, MUTED_INK, openChart, seriesColor, valueAxisBottom, type ChartText } from './chart-kit.js';
import { escapeMarkup, truncate } from './markup.js';
import { formatCount, formatEstimate, px, type Estimate } from './numbers.js';

export interface BarCategory {
  label: string;
  /** One value per series (in the order of `series`), stacked left to right. */
  values: readonly number[];
  /** The low–high range of the stacked total, drawn as a whisker when it differs from the total. */
  range?: Estimate;
}

export interface BarChartInput extends ChartText {
  /** The parts of each bar, e.g. casualty statuses; a single series draws plain bars. */
  series: readonly { label: string; color?: string }[];
  categories: readonly BarCategory[];
  /** What the bars count, e.g. "people killed (best estimate)". */
  valueLabel: string;
  emptyMessage?: string;
}

const WIDTH = 640;
const ROW = 24;
const BAR = 15;
const LABEL_CHARS = 30;

const totalOf = (c: BarCategory) => c.values.reduce((sum, v) => sum + Math.max(0, v), 0);

function describe(input: BarChartInput): string {
  const items = input.categories.map((c) => {
    const parts = input.series.length > 1 ? ` (${input.series.map((s, i) => `${s.label} ${formatCount(c.values[i] ?? 0)}`).join(', ')})` : '';
    return `${c.label}: ${c.range ? formatEstimate(c.range) : formatCount(totalOf(c))}${parts}`;
  });
  return `${input.description} ${input.valueLabel}: ${items.join('; ')}.`.trim();
}

/**
 * Horizontal bars, one per category, stacked by series, with the total written at the end of each bar and, where
 * the total is uncertain, its low–high range as a whisker. Horizontal so long names (parties, themes) stay readable.
 */
export function barChart(input: BarChartInput): string {
  const categories = input.categories.filter((c) => c.values.length === input.series.length);
  if (categories.length === 0 || input.series.length === 0) return emptyChart(input, input.emptyMessage ?? 'No data for this area and period.');

  const labelWidth = Math.min(LABEL_CHARS, Math.max(...categories.map((c) => [...c.label].length))) * 6.6 + 14;
  const left = Math.max(90, Math.round(labelWidth));
  // Room after the longest bar for its total and range, e.g. "12,345 (10,000–15,000)".
  const right = WIDTH - 130;
  const top = 40;
  const bottom = top + categories.length * ROW + 6;
  const maxValue = Math.max(...categories.map((c) => Math.max(totalOf(c), c.range?.high ?? 0)));
  const x = linearScale(maxValue, left, right);

  const rows = categories.map((c, row) => {
    const y = top + row * ROW + (ROW - BAR) / 2;
    let start = left;
    const segments = c.values.map((value, i) => {
      const width = Math.max(0, x(value) - x(0));
      const segment = `<rect x="${px(start)}" y="${px(y)}" width="${px(width)}" height="${BAR}" fill="${input.series[i]!.color ?? seriesColor(i)}" data-value="${Math.max(0, value)}"><title>${escapeMarkup(`${c.label} — ${input.series[i]!.label}: ${formatCount(value)}`)}</title></rect>`;
      start += width;
      return segment;
    });
    const total = totalOf(c);
    const range = c.range && (c.range.low !== c.range.best || c.range.high !== c.range.best) ? c.range : undefined;
    const whisker = range
      ? `<g class="range" stroke="${MUTED_INK}" stroke-width="1.2"><line x1="${px(x(range.low))}" x2="${px(x(range.high))}" y1="${px(y + BAR / 2)}" y2="${px(y + BAR / 2)}"/><line x1="${px(x(range.low))}" x2="${px(x(range.low))}" y1="${px(y + 3)}" y2="${px(y + BAR - 3)}"/><line x1="${px(x(range.high))}" x2="${px(x(range.high))}" y1="${px(y + 3)}" y2="${px(y + BAR - 3)}"/></g>`
      : '';
    const endX = Math.max(start, range ? x(range.high) : start) + 5;
    const name = truncate(c.label, LABEL_CHARS);
    return [
      `<g class="bar" data-category="${escapeMarkup(c.label)}" data-total="${total}">`,
      `<text x="${left - 8}" y="${px(y + BAR / 2)}" dy="0.32em" text-anchor="end">${name === c.label ? '' : `<title>${escapeMarkup(c.label)}</title>`}${escapeMarkup(name)}</text>`,
      ...segments,
      whisker,
      `<text x="${px(endX)}" y="${px(y + BAR / 2)}" dy="0.32em" fill="${MUTED_INK}">${escapeMarkup(range ? formatEstimate(range) : formatCount(total))}</text>`,
      '</g>',
    ].join('');
  });

  const legendBox =
    input.series.length > 1
      ? legend(
          input.series.map((s, i) => ({ label: s.label, kind: 'box' as const, color: s.color ?? seriesColor(i) })),
          left,
          bottom + 48,
          WIDTH - 16,
        )
      : { markup: '', height: 0 };
  const height = bottom + 40 + legendBox.height + 8;
  return [
    openChart({ ...input, description: describe({ ...input, categories }) }, { width: WIDTH, height }),
    valueAxisBottom(x, top, bottom, input.valueLabel),
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="${MUTED_INK}"/>`,
    ...rows,
    legendBox.markup,
    closeChart(),
  ].join('');
}
