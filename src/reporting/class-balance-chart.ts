import { PROGRAMME_CLASSES, type ProgrammeClass } from '../core/spending/rebalancing.js';
import { closeChart, emptyChart, legend, linearScale, MUTED_INK, openChart, valueAxisLeft, type ChartText } from './chart-kit.js';
import { escapeMarkup } from './markup.js';
import { px } from './numbers.js';
import { PROGRAMME_CLASS_COLORS, PURPOSE_CLASS_LABELS } from './spending-labels.js';

export interface ClassBalanceYear {
  year: number;
  /** Each class's share of the programme (fractions summing to 1). */
  shares: Readonly<Record<ProgrammeClass, number>>;
}

export interface ClassBalanceChartInput extends ChartText {
  years: readonly ClassBalanceYear[];
}

const WIDTH = 640;
const PLOT = { left: 52, right: WIDTH - 16, top: 44 };
const PLOT_HEIGHT = 200;
const MAX_YEAR_LABELS = 12;

const percent = (share: number) => `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;

function describe(input: ClassBalanceChartInput): string {
  const first = input.years[0]!;
  const last = input.years[input.years.length - 1]!;
  const balance = (y: ClassBalanceYear) =>
    PROGRAMME_CLASSES.filter((c) => y.shares[c] > 0)
      .map((c) => `${PURPOSE_CLASS_LABELS[c].toLowerCase()} ${percent(y.shares[c])}`)
      .join(', ');
  const parts = [`${first.year}: ${balance(first)}.`];
  if (last !== first) parts.push(`${last.year}: ${balance(last)}.`);
  return `${input.description} ${parts.join(' ')}`.trim();
}

/**
 * The balance of purpose classes year by year: a column per year, stacked by class from defensive at the bottom to
 * nuclear at the top, each column 100 % of the programme (conversion costs are not part of the balance).
 */
export function classBalanceChart(input: ClassBalanceChartInput): string {
  if (input.years.length === 0) return emptyChart(input, 'No years to show.');
  const bottom = PLOT.top + PLOT_HEIGHT;
  const y = linearScale(1, bottom, PLOT.top + 8, { whole: false });
  const step = (PLOT.right - PLOT.left) / input.years.length;
  const barWidth = Math.min(40, step * 0.72);
  const labelEvery = Math.ceil(input.years.length / MAX_YEAR_LABELS);
  const columns = input.years.map((yr, i) => {
    const x = PLOT.left + step * i + (step - barWidth) / 2;
    let below = 0;
    const segments = PROGRAMME_CLASSES.map((c) => {
      const share = Math.max(0, yr.shares[c]);
      const top = y(below + share);
      const height = y(below) - top;
      below += share;
      if (share <= 0) return '';
      return `<rect class="segment" x="${px(x)}" y="${px(top)}" width="${px(barWidth)}" height="${px(height)}" fill="${PROGRAMME_CLASS_COLORS[c]}" data-class="${c}" data-share="${share}"><title>${escapeMarkup(`${yr.year}, ${PURPOSE_CLASS_LABELS[c]}: ${percent(share)}`)}</title></rect>`;
    });
    const label = i % labelEvery === 0 ? `<text x="${px(x + barWidth / 2)}" y="${bottom + 15}" text-anchor="middle" fill="${MUTED_INK}" aria-hidden="true">${yr.year}</text>` : '';
    return `<g class="year" data-year="${yr.year}">${segments.join('')}${label}</g>`;
  });
  const shown = PROGRAMME_CLASSES.filter((c) => input.years.some((yr) => yr.shares[c] > 0));
  const legendBox = legend(
    shown.map((c) => ({ label: PURPOSE_CLASS_LABELS[c], kind: 'box' as const, color: PROGRAMME_CLASS_COLORS[c] })),
    PLOT.left,
    bottom + 38,
    PLOT.right,
  );
  const height = bottom + 38 + legendBox.height + 4;
  return [
    openChart({ ...input, description: describe(input) }, { width: WIDTH, height }),
    valueAxisLeft(y, PLOT.left, PLOT.right, 'share of the programme', percent),
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${bottom}" y2="${bottom}" stroke="${MUTED_INK}"/>`,
    ...columns,
    legendBox.markup,
    closeChart(),
  ].join('');
}
