import type { ScenarioList, StoredComparison } from '../../../src/core/spending/budget-api.schema.js';
import { amountUnitText, yearsText } from '../../../src/core/spending/budget.js';
import { PROGRAMME_CLASSES, type ProgrammeClass } from '../../../src/core/spending/rebalancing.js';
import { comparisonYears, scenarioBalanceCharts, scenarioGdpShareChart, scenarioLabels, scenarioTotalsChart } from '../../../src/reporting/scenario-charts.js';
import { PURPOSE_CLASS_LABELS } from '../../../src/reporting/spending-labels.js';
import { formatYearValue } from '../../../src/reporting/year-series-chart.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import { svgFromMarkup } from '../monitor/svg-markup.js';

const money = (value: number) => formatYearValue(value, 'usd_m');
const percent = (share: number | null) => (share === null ? '–' : formatYearValue(share, 'share'));

/**
 * Rebalancing scenarios kept against budgets, compared: choose two or more, and see each one's total per year, its
 * share of GDP on the GDP path it states, its balance of purpose classes year by year, and the figures in a table,
 * with a link to the printable report of the same comparison.
 */
export class ScenariosPanel {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'plans-body', 'data-testid': 'scenarios-list' });
  private readonly status = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  private readonly compareButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'scenarios-compare', disabled: true }, 'Compare');
  private readonly hint = h('p', { class: 'hint', 'data-testid': 'scenarios-hint' }, 'Choose two or more scenarios in the same currency.');
  private readonly reportLink = h('a', { class: 'button-link', target: '_blank', rel: 'noopener', 'data-testid': 'scenarios-report', hidden: true }, 'Printable report');
  private readonly pdfLink = h('a', { class: 'button-link', download: '', 'data-testid': 'scenarios-report-pdf', hidden: true }, 'PDF');
  private readonly comparison = h('div', { class: 'plans-comparison', 'data-testid': 'scenarios-comparison' });
  private readonly comparisonStatus = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  private readonly listLoad: Loadable<[]>;
  private readonly compareLoad: Loadable<[string[]]>;

  constructor(private readonly api: ApiClient) {
    const form = h('form', { class: 'plans-choose', 'data-testid': 'scenarios-form', 'aria-label': 'Scenarios to compare' }, this.list, h('div', { class: 'posture-controls' }, this.compareButton, this.reportLink, this.pdfLink), this.hint);
    form.addEventListener('change', () => this.choiceChanged());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = this.chosen();
      if (chosen.length < 2) return;
      this.reportLink.href = api.scenarioReportUrl(chosen, 'html');
      this.pdfLink.href = api.scenarioReportUrl(chosen, 'pdf');
      void this.compareLoad.load(chosen);
    });
    this.element = h(
      'section',
      { class: 'posture-panel plans-panel', 'data-testid': 'scenarios-panel', 'aria-label': 'Rebalancing scenarios' },
      h('h2', { class: 'posture-panel-title' }, 'Rebalancing scenarios compared'),
      this.status,
      form,
      this.comparisonStatus,
      this.comparison,
    );
    this.listLoad = loadable(this.list, (signal) => api.listScenarios(signal), (list) => this.drawList(list), { status: this.status, failed: 'The scenarios could not be listed' });
    this.compareLoad = loadable(this.comparison, (signal, refs) => api.compareStoredScenarios(refs, signal), (answer) => this.drawComparison(answer), { status: this.comparisonStatus, failed: 'The scenarios could not be compared' });
  }

  load(): void {
    void this.listLoad.load();
  }

  destroy(): void {
    this.listLoad.abort();
    this.compareLoad.abort();
  }

  private chosen(): string[] {
    return [...this.list.querySelectorAll<HTMLInputElement>('input[data-testid="scenario-choice"]:checked')].map((c) => c.value);
  }

  private choiceChanged(): void {
    const n = this.chosen().length;
    this.compareButton.disabled = n < 2;
    // The links follow the comparison shown, not the boxes ticked since.
    this.hint.textContent = n < 2 ? 'Choose two or more scenarios in the same currency.' : `${n} scenarios chosen.`;
  }

  private drawList(list: ScenarioList): string {
    if (list.items.length === 0) {
      mount(this.list, h('p', { class: 'posture-message', 'data-testid': 'scenarios-empty' }, 'No scenarios saved yet. Save them against a budget with haven spending scenario save, or POST /api/v1/spending/scenarios.'));
      this.choiceChanged();
      return '';
    }
    mount(
      this.list,
      h(
        'ul',
        { class: 'plans-choices' },
        list.items.map((s, i) => {
          const id = `scenario-choice-${i}`;
          return h(
            'li',
            { class: 'check' },
            h('input', { type: 'checkbox', id, value: s.id, 'data-testid': 'scenario-choice', 'data-name': s.scenario.name }),
            h('label', { for: id }, h('strong', {}, s.scenario.name), ` — version ${s.version}, ${s.scenario.startYear}–${s.scenario.endYear}, from ${s.budget.name} (${amountUnitText(s.budget.currency, s.budget.priceBasis)})`),
          );
        }),
      ),
    );
    this.choiceChanged();
    return '';
  }

  private drawComparison(comparison: StoredComparison): string {
    const labels = scenarioLabels(comparison.scenarios);
    const figure = (testId: string, markup: string) => h('figure', { class: 'posture-chart', 'data-testid': testId }, svgFromMarkup(markup));
    const summary = h(
      'table',
      { class: 'posture-table', 'data-testid': 'scenarios-table' },
      h('caption', {}, `Sums over each scenario's years, ${amountUnitText(comparison.currency, comparison.priceBasis)}`),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Scenario'), h('th', { scope: 'col' }, 'Budget'), h('th', { scope: 'col' }, 'Years'), ['Total', 'Conversion', 'Protective at the end', 'Offensive and nuclear at the end'].map((t) => h('th', { scope: 'col', class: 'num' }, t))),
      ),
      h(
        'tbody',
        {},
        comparison.scenarios.map((s, i) =>
          h(
            'tr',
            { 'data-scenario': s.id, 'data-version': s.version },
            h('th', { scope: 'row' }, labels[i]),
            h('td', {}, `${s.budget.name} (v${s.budget.version})`),
            h('td', {}, yearsText(s.years.map((y) => y.year))),
            h('td', { class: 'num', 'data-cumulative': s.cumulativeM }, money(s.cumulativeM)),
            h('td', { class: 'num' }, money(s.cumulativeConversionM)),
            h('td', { class: 'num' }, percent(s.finalProtectiveShare)),
            h('td', { class: 'num' }, percent(s.finalOffensiveShare)),
          ),
        ),
      ),
    );
    const { from, to } = comparisonYears(comparison);
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const byYear = h(
      'table',
      { class: 'posture-table', 'data-testid': 'scenarios-years-table' },
      h('caption', {}, 'Year by year: total (conversion costs included), share of GDP, and the largest class'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'), labels.map((l) => h('th', { scope: 'col', class: 'num' }, l)))),
      h(
        'tbody',
        {},
        years.map((year) =>
          h(
            'tr',
            { 'data-year': year },
            h('th', { scope: 'row' }, String(year)),
            comparison.scenarios.map((s) => {
              const y = s.years.find((p) => p.year === year);
              if (!y) return h('td', { class: 'num gap' }, 'not covered');
              const top = PROGRAMME_CLASSES.reduce<ProgrammeClass>((best, c) => (y.shares[c] > y.shares[best] ? c : best), 'defensive');
              return h(
                'td',
                { class: 'num', 'data-scenario': s.id, 'data-total': y.totalM },
                `${money(y.totalM)}${y.conversionM > 0 ? ` (conversion ${money(y.conversionM)})` : ''}; ${percent(y.shareOfGdp)} of GDP; ${PURPOSE_CLASS_LABELS[top].toLowerCase()} ${percent(y.shares[top])}`,
              );
            }),
          ),
        ),
      ),
    );
    mount(
      this.comparison,
      h('div', { class: 'plans-charts' }, figure('scenarios-totals-chart', scenarioTotalsChart(comparison, 'web-scenario')), figure('scenarios-gdp-chart', scenarioGdpShareChart(comparison, 'web-scenario'))),
      h(
        'div',
        { class: 'plans-charts' },
        scenarioBalanceCharts(comparison, 'web-scenario').map((c) => figure('scenarios-balance-chart', c.markup)),
      ),
      h('div', { class: 'posture-table-scroll' }, summary),
      h('div', { class: 'posture-table-scroll' }, byYear),
    );
    this.reportLink.hidden = false;
    this.pdfLink.hidden = false;
    return '';
  }
}
