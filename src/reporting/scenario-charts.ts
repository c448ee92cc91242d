import { amountUnitText } from '../core/spending/budget.js';
import type { StoredComparison } from '../core/spending/budget-api.schema.js';
import { classBalanceChart } from './class-balance-chart.js';
import { safeId } from './markup.js';
import { yearSeriesChart, type YearSeries } from './year-series-chart.js';

/**
 * The charts of a comparison of stored scenarios, the same in the web app and in the printable report: totals per
 * year, the share of GDP on each scenario's stated GDP path, and each scenario's class balance per year.
 */

type Compared = StoredComparison['scenarios'][number];

/** Each scenario's name, told apart by its version (and then its place) where two would read the same. */
export function scenarioLabels(scenarios: readonly Compared[]): string[] {
  const named = scenarios.map((s) => s.name);
  const withVersion = named.map((name, i) => (named.filter((n) => n === name).length > 1 ? `${name} (v${scenarios[i]!.version})` : name));
  return withVersion.map((label, i) => (withVersion.filter((l) => l === label).length > 1 ? `${label} #${i + 1}` : label));
}

export function comparisonYears(comparison: StoredComparison): { from: number; to: number } {
  const years = comparison.scenarios.flatMap((s) => s.years.map((y) => y.year));
  return { from: Math.min(...years), to: Math.max(...years) };
}

/** A series per scenario over the comparison's years: a year a scenario does not cover (or lacks the figure for) is a gap. */
function seriesOf(comparison: StoredComparison, value: (y: Compared['years'][number]) => number | null): YearSeries[] {
  const { from, to } = comparisonYears(comparison);
  const labels = scenarioLabels(comparison.scenarios);
  return comparison.scenarios.map((s, i) => ({
    label: labels[i]!,
    points: Array.from({ length: to - from + 1 }, (_, k) => {
      const year = s.years.find((y) => y.year === from + k);
      return { year: from + k, value: year ? value(year) : null, flags: [] };
    }),
  }));
}

export function scenarioTotalsChart(comparison: StoredComparison, idPrefix = 'scenario'): string {
  const { from, to } = comparisonYears(comparison);
  return yearSeriesChart({
    id: `${idPrefix}-totals`,
    title: 'Total per year, conversion costs included',
    description: `Each scenario's total (programme and conversion costs), in ${amountUnitText(comparison.currency, comparison.priceBasis)}.`,
    from,
    to,
    series: seriesOf(comparison, (y) => y.totalM),
    format: 'usd_m',
    valueLabel: amountUnitText(comparison.currency, comparison.priceBasis),
  });
}

export function scenarioGdpShareChart(comparison: StoredComparison, idPrefix = 'scenario'): string {
  const { from, to } = comparisonYears(comparison);
  return yearSeriesChart({
    id: `${idPrefix}-gdp-share`,
    title: 'Share of GDP on the stated GDP path',
    description: "Each scenario's total as a share of the GDP path it states; a scenario without a GDP path has no figures.",
    from,
    to,
    series: seriesOf(comparison, (y) => y.shareOfGdp),
    format: 'share',
    valueLabel: 'share of GDP',
    emptyMessage: 'No scenario states a GDP path.',
  });
}

/** One chart per scenario: its programme's balance of classes, year by year. */
export function scenarioBalanceCharts(comparison: StoredComparison, idPrefix = 'scenario'): { label: string; markup: string }[] {
  const labels = scenarioLabels(comparison.scenarios);
  return comparison.scenarios.map((s, i) => ({
    label: labels[i]!,
    markup: classBalanceChart({
      id: `${idPrefix}-balance-${i + 1}-${safeId(s.id)}`,
      title: `Class balance per year: ${labels[i]!}`,
      description: `The programme of “${labels[i]!}” by purpose class, each year 100 %.`,
      years: s.years.map((y) => ({ year: y.year, shares: y.shares })),
    }),
  }));
}
