import { escapeMarkup, safeId } from './markup.js';
import { formatCount, px } from './numbers.js';

/**
 * What every chart shares: the SVG frame with its text alternative, a value axis with round ticks, a legend, the
 * message for no data. Charts use presentation attributes only (no `style`), so they pass a CSP that forbids
 * inline styles, in the web app and in the report.
 */

export const CHART_FONT = "system-ui, 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
export const INK = '#1f2937';
export const MUTED_INK = '#4b5563';
export const GRID = '#e5e7eb';

/** Okabe–Ito: told apart by people with the common colour-vision deficiencies, and in greyscale print by order. */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;
export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length]!;

export interface ChartText {
  /** Unique in the page: the title and description are referenced by id. */
  id: string;
  title: string;
  /** A sentence or two saying what the chart shows, for screen readers and as the alternative when images are off. */
  description: string;
}

export interface Frame {
  width: number;
  height: number;
}

/** Opens the SVG: role img, labelled by its <title> and described by its <desc>, and (unless told not to) the visible title. */
export function openChart(text: ChartText, frame: Frame, options: { visibleTitle?: boolean } = {}): string {
  const id = safeId(text.id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-labelledby="${id}-title ${id}-desc" data-chart="${id}" font-family="${escapeMarkup(CHART_FONT)}" font-size="11" fill="${INK}">`,
    `<title id="${id}-title">${escapeMarkup(text.title)}</title>`,
    `<desc id="${id}-desc">${escapeMarkup(text.description)}</desc>`,
    `<rect width="${frame.width}" height="${frame.height}" fill="#ffffff"/>`,
    options.visibleTitle === false ? '' : `<text x="12" y="20" font-size="14" font-weight="700" aria-hidden="true">${escapeMarkup(text.title)}</text>`,
  ].join('');
}

export const closeChart = (): string => '</svg>';

/** The whole chart when there is nothing to draw: its title and a plain message, and the same in its description. */
export function emptyChart(text: ChartText, message: string, frame: Frame = { width: 640, height: 140 }): string {
  return [
    openChart({ ...text, description: `${text.description} ${message}`.trim() }, frame),
    `<text x="${frame.width / 2}" y="${frame.height / 2 + 10}" text-anchor="middle" font-size="13" fill="${MUTED_INK}" data-empty="true">${escapeMarkup(message)}</text>`,
    closeChart(),
  ].join('');
}

/**
 * Round tick values from 0 to at least `max`: 1, 2 or 5 times a power of ten apart. Whole numbers unless told
 * (counts of people and events); `whole: false` for fractions such as shares of GDP (0, 0.02, 0.04 …).
 */
export function niceTicks(max: number, wanted = 5, options: { whole?: boolean } = {}): number[] {
  const whole = options.whole ?? true;
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const step = whole ? Math.max(1, Math.round(nice)) : nice;
  const ticks: number[] = [];
  // Multiples of the step, rounded to the step's precision, so 3 × 0.02 is 0.06 and not 0.060000000000000005.
  for (let i = 0; ; i++) {
    const v = Number((i * step).toPrecision(12));
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}

export interface LinearScale {
  (value: number): number;
  ticks: number[];
  max: number;
}

/** Maps [0, max of the ticks] onto [from, to] (screen coordinates; `from` may be greater than `to`). */
export function linearScale(maxValue: number, from: number, to: number, options: { whole?: boolean } = {}): LinearScale {
  const ticks = niceTicks(maxValue, 5, options);
  const max = ticks[ticks.length - 1]!;
  const scale = ((value: number) => from + ((Math.max(0, value) / max) * (to - from))) as LinearScale;
  scale.ticks = ticks;
  scale.max = max;
  return scale;
}

/** Horizontal grid lines and labels of a vertical value axis. */
export function valueAxisLeft(scale: LinearScale, left: number, right: number, label: string, format: (value: number) => string = formatCount): string {
  const parts = scale.ticks.map((t) => {
    const y = px(scale(t));
    return `<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-width="1"/><text x="${left - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="${MUTED_INK}">${escapeMarkup(format(t))}</text>`;
  });
  const top = scale(scale.max);
  parts.push(`<text x="${left}" y="${px(top - 10)}" text-anchor="start" fill="${MUTED_INK}">${escapeMarkup(label)}</text>`);
  return `<g class="axis axis-value" aria-hidden="true">${parts.join('')}</g>`;
}

/** Vertical grid lines and labels of a horizontal value axis. */
export function valueAxisBottom(scale: LinearScale, top: number, bottom: number, label: string): string {
  const parts = scale.ticks.map((t) => {
    const x = px(scale(t));
    return `<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="${GRID}" stroke-width="1"/><text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="${MUTED_INK}">${escapeMarkup(formatCount(t))}</text>`;
  });
  parts.push(`<text x="${px(scale(scale.max))}" y="${bottom + 30}" text-anchor="end" fill="${MUTED_INK}">${escapeMarkup(label)}</text>`);
  return `<g class="axis axis-value" aria-hidden="true">${parts.join('')}</g>`;
}

export interface LegendEntry {
  label: string;
  /** The swatch: a filled box, a line, a translucent band, or a hollow point (a figure marked as an estimate). */
  kind: 'box' | 'line' | 'band' | 'hollow-point';
  color: string;
}

/** One row of legend entries starting at (x, y), wrapping at `maxX`; returns the markup and the height used. */
export function legend(entries: readonly LegendEntry[], x: number, y: number, maxX: number): { markup: string; height: number } {
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const entry of entries) {
    const width = 22 + Math.min(entry.label.length, 40) * 6.2 + 14;
    if (cx + width > maxX && cx > x) {
      cx = x;
      cy += 18;
    }
    const swatch =
      entry.kind === 'line'
        ? `<line x1="${px(cx)}" x2="${px(cx + 16)}" y1="${cy}" y2="${cy}" stroke="${entry.color}" stroke-width="2.5"/>`
        : entry.kind === 'band'
          ? `<rect x="${px(cx)}" y="${cy - 6}" width="16" height="12" fill="${entry.color}" fill-opacity="0.22"/>`
          : entry.kind === 'hollow-point'
            ? `<circle cx="${px(cx + 8)}" cy="${cy}" r="4" fill="#ffffff" stroke="${entry.color}" stroke-width="1.75"/>`
            : `<rect x="${px(cx)}" y="${cy - 6}" width="16" height="12" fill="${entry.color}"/>`;
    parts.push(`<g class="legend-entry">${swatch}<text x="${px(cx + 22)}" y="${cy}" dy="0.32em">${escapeMarkup(entry.label.length > 40 ? `${entry.label.slice(0, 39)}…` : entry.label)}</text></g>`);
    cx += width;
  }
  return { markup: `<g class="legend">${parts.join('')}</g>`, height: cy - y + 18 };
}
