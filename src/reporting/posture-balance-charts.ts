import { BALANCE_CLASSES, DEFENSIVE_SHARE_DEFINITION, type PostureBalance } from '../core/capabilities/posture-balance.js';
import { barChart } from './bar-chart.js';
import { PROGRAMME_CLASS_COLORS, PURPOSE_CLASS_LABELS } from './spending-labels.js';
import { yearSeriesChart } from './year-series-chart.js';

/**
 * The posture review's two charts, as SVG markup, the same in the web app and in the printable report: holdings by
 * purpose class per year (stacked bars), and the defensive share of the holdings — and of the budget, when one is set
 * beside them — as lines broken where a year has no share.
 */
export function postureBalanceCharts(review: PostureBalance, idPrefix: string): { holdings: string; share: string } {
  const span = `${review.from}–${review.to}`;
  const holdings = barChart({
    id: `${idPrefix}-holdings`,
    title: `Holdings by purpose class, ${span}`,
    description: 'Units held in each year, from the capability register, stacked by purpose class.',
    series: BALANCE_CLASSES.map((c) => ({ label: PURPOSE_CLASS_LABELS[c], color: PROGRAMME_CLASS_COLORS[c] })),
    categories: review.years.map((y) => ({ label: String(y.year), values: BALANCE_CLASSES.map((c) => y.holdings.units[c]) })),
    valueLabel: 'units held',
    emptyMessage: 'The register holds no systems.',
  });
  const share = yearSeriesChart({
    id: `${idPrefix}-share`,
    title: review.budgets.given ? `Defensive share of holdings and of the budget, ${span}` : `Defensive share of holdings, ${span}`,
    description: `The ${DEFENSIVE_SHARE_DEFINITION}; a year in which nothing with a quantity is held has no share.`,
    from: review.from,
    to: review.to,
    series: [
      { label: 'Holdings', points: review.years.map((y) => ({ year: y.year, value: y.holdings.defensiveShare, flags: [] })) },
      ...(review.budgets.given ? [{ label: 'Budget', points: review.years.map((y) => ({ year: y.year, value: y.budget?.defensiveShare ?? null, flags: [] })) }] : []),
    ],
    format: 'share',
    valueLabel: 'share of units held',
    emptyMessage: 'No system with a quantity is held in these years: no share to draw.',
  });
  return { holdings, share };
}
