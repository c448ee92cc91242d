import { amountUnitText, yearsText } from '../core/spending/budget.js';
import type { StoredComparison } from '../core/spending/budget-api.schema.js';
import { PROGRAMME_CLASSES, type ProgrammeClass } from '../core/spending/rebalancing.js';
import { formatMoment } from './dates.js';
import { escapeMarkup as e } from './markup.js';
import { formatShare } from './numbers.js';
import { scenarioBalanceCharts, scenarioGdpShareChart, scenarioLabels, scenarioTotalsChart } from './scenario-charts.js';
import { SITUATION_REPORT_CSS } from './situation-report-style.js';
import { PURPOSE_CLASS_LABELS } from './spending-labels.js';
import { formatYearValue } from './year-series-chart.js';

export interface ScenarioReportContext {
  generatedAt: Date;
  /** Who asked for it, by username. */
  generatedBy: string;
}

const money = (value: number) => formatYearValue(value, 'usd_m');
const percent = (share: number | null) => (share === null ? '–' : formatYearValue(share, 'share'));

const CONVERSION_KIND_LABELS: Record<string, string> = {
  equipment_disposal: 'destroying and recycling equipment',
  personnel_reintegration: 'reintegrating personnel',
  industry_conversion: 'converting industry',
  other: 'other',
};

function summaryTable(comparison: StoredComparison, labels: readonly string[]): string {
  const rows = comparison.scenarios.map((s, i) => {
    const years = s.years.map((y) => y.year);
    return [
      `<tr data-scenario="${e(s.id)}" data-version="${s.version}">`,
      `<th scope="row">${e(labels[i])}${s.latest ? '' : ` <span class="note">(version ${s.version}, not the latest)</span>`}</th>`,
      `<td>${e(s.budget.name)}</td>`,
      `<td>${e(yearsText(years))}</td>`,
      `<td class="num" data-cumulative="${s.cumulativeM}">${e(money(s.cumulativeM))}</td>`,
      `<td class="num">${e(money(s.cumulativeConversionM))}</td>`,
      `<td class="num">${e(percent(s.finalProtectiveShare))}</td>`,
      `<td class="num">${e(percent(s.finalOffensiveShare))}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    `<table class="scenario-summary"><caption class="note">Sums over each scenario's years, in ${e(amountUnitText(comparison.currency, comparison.priceBasis))}; the balance is the programme's in the last year (protective: defensive, protective and peace operations).</caption>`,
    '<thead><tr><th scope="col">Scenario</th><th scope="col">Budget</th><th scope="col">Years</th><th scope="col" class="num">Total</th><th scope="col" class="num">Conversion</th><th scope="col">Protective at the end</th><th scope="col">Offensive and nuclear at the end</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

/** Short headings, so a year's row fits the page. */
const CLASS_HEADINGS: Record<ProgrammeClass, string> = { defensive: 'Defensive', protective: 'Protective', peace_operations: 'Peace ops', offensive: 'Offensive', dual_use: 'Dual-use', nuclear: 'Nuclear' };

function yearTable(s: StoredComparison['scenarios'][number], label: string): string {
  // Only the classes the scenario has in some year: a column of zeros says nothing.
  const classes = PROGRAMME_CLASSES.filter((c) => s.years.some((y) => y.shares[c] > 0));
  const head = `<tr><th scope="col">Year</th><th scope="col" class="num">Total</th><th scope="col" class="num">Conversion</th><th scope="col" class="num">Of GDP</th>${classes.map((c) => `<th scope="col" class="num" title="${e(PURPOSE_CLASS_LABELS[c])}">${e(CLASS_HEADINGS[c])}</th>`).join('')}</tr>`;
  const rows = s.years.map(
    (y) =>
      `<tr data-year="${y.year}"><th scope="row">${y.year}</th><td class="num" data-total="${y.totalM}">${e(money(y.totalM))}</td><td class="num">${y.conversionM > 0 ? e(money(y.conversionM)) : '–'}</td><td class="num">${e(percent(y.shareOfGdp))}</td>${classes.map((c) => `<td class="num">${e(formatShare(y.shares[c]))}</td>`).join('')}</tr>`,
  );
  const costs = s.years.flatMap((y) => y.conversion.map((c) => `<li>${y.year}: ${e(money(c.amountM))} — ${e(CONVERSION_KIND_LABELS[c.kind] ?? c.kind)}${c.note ? `, ${e(c.note)}` : ''}</li>`));
  return [
    `<h3>${e(label)}</h3>`,
    `<table class="scenario-years" data-scenario="${e(s.id)}"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`,
    costs.length > 0 ? `<p class="note">Conversion costs, each in its year:</p><ul class="note">${costs.join('')}</ul>` : '<p class="note">No conversion costs.</p>',
  ].join('');
}

/**
 * Stored scenarios compared, as a printable, self-contained page (the situation report's stylesheet, charts as inline
 * SVG, nothing fetched): the summary, the totals and the share of GDP per year, each scenario's class balance, and the
 * figures year by year with the conversion costs.
 */
export function renderScenarioReport(comparison: StoredComparison, context: ScenarioReportContext): string {
  const labels = scenarioLabels(comparison.scenarios);
  const budgets = [...new Map(comparison.scenarios.map((s) => [s.budget.id, s.budget])).values()];
  const title = `Rebalancing scenarios compared: ${labels.join(', ')}`;
  const figure = (markup: string, caption: string) => `<figure>${markup}<figcaption>${e(caption)}</figcaption></figure>`;
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${SITUATION_REPORT_CSS}</style></head><body>`,
    '<header class="report-header">',
    '<p class="kicker">Haven · posture and spending</p>',
    '<h1>Rebalancing scenarios compared</h1>',
    `<p class="period">${e(labels.join(' · '))}</p>`,
    '<dl class="meta">',
    `<dt>Budget${budgets.length > 1 ? 's' : ''}</dt><dd>${budgets.map((b) => `${e(b.name)} (${e(b.force)}, version ${b.version}, ${e(yearsText(b.years))})`).join('; ')}</dd>`,
    `<dt>Amounts</dt><dd>${e(amountUnitText(comparison.currency, comparison.priceBasis))}</dd>`,
    `<dt>Made</dt><dd>${e(formatMoment(context.generatedAt.toISOString()))} by ${e(context.generatedBy)}</dd>`,
    '</dl>',
    '</header>',
    '<h2>Summary</h2>',
    summaryTable(comparison, labels),
    '<h2>Totals and the share of GDP</h2>',
    figure(scenarioTotalsChart(comparison, 'report'), 'The programme follows each scenario’s path; each conversion cost is added in the year it falls.'),
    figure(scenarioGdpShareChart(comparison, 'report'), 'Against the GDP path each scenario states (its start-year GDP and growth): a stated path, not a forecast.'),
    '<h2>Class balance per year</h2>',
    ...scenarioBalanceCharts(comparison, 'report').map((c) => figure(c.markup, `The shares move in even steps from the budget’s balance to the target; every year sums to 100 %.`)),
    '<h2>Year by year</h2>',
    ...comparison.scenarios.map((s, i) => yearTable(s, labels[i]!)),
    '<footer>',
    '<p>Purpose classes and method: docs/posture-and-spending.md. The baseline is each budget’s programme (its lines without conversion) in the scenario’s start year, as the budget is held now; the budget’s own conversion lines count as conversion costs of their years.</p>',
    '</footer>',
    '</body></html>',
  ].join('\n');
}
