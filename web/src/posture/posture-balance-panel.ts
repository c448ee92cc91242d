import { BALANCE_CLASSES, DEFENSIVE_SHARE_DEFINITION, type PostureBalance } from '../../../src/core/capabilities/posture-balance.js';
import { formatCount } from '../../../src/reporting/numbers.js';
import { postureBalanceCharts } from '../../../src/reporting/posture-balance-charts.js';
import { formatYearValue } from '../../../src/reporting/year-series-chart.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import { svgFromMarkup } from '../monitor/svg-markup.js';
import { PURPOSE_CLASS_LABELS } from './capability-labels.js';

/** The years asked, and the stored budget (its id) to set beside the holdings. */
type Period = { from?: number | undefined; to?: number | undefined; budget?: string | undefined };

const shareText = (value: number | null): string => (value === null ? 'nothing held' : formatYearValue(value, 'share'));
const names = (systems: readonly { name: string }[]): string => systems.map((s) => s.name).join(', ');

/**
 * The posture review, in the capability register's section: what the register holds by purpose class year by year
 * (units: the systems' quantities) as stacked bars, the defensive share as a line, and a table of the figures. Systems
 * without a quantity are named, never counted as one; systems without service years are held in every year, and
 * named. The figures are the server's (GET /posture/balance); the period is asked here, ten years up to this one
 * unless told.
 */
export class PostureBalancePanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'posture-panel-body' });
  private readonly status = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  private readonly from = h('input', { type: 'number', id: 'posture-balance-from', name: 'from', min: 1900, max: 2200, step: 1, inputmode: 'numeric', 'data-testid': 'posture-balance-from' });
  private readonly to = h('input', { type: 'number', id: 'posture-balance-to', name: 'to', min: 1900, max: 2200, step: 1, inputmode: 'numeric', 'data-testid': 'posture-balance-to' });
  private readonly budget = h('select', { id: 'posture-balance-budget', name: 'budget', 'data-testid': 'posture-balance-budget' }, h('option', { value: '' }, 'None'));
  private readonly loader: Loadable<[Period]>;

  constructor(private readonly api: ApiClient) {
    const form = h(
      'form',
      { class: 'posture-balance-period', 'data-testid': 'posture-balance-period' },
      h('label', { for: 'posture-balance-from' }, 'From'),
      this.from,
      h('label', { for: 'posture-balance-to' }, 'to'),
      this.to,
      h('label', { for: 'posture-balance-budget' }, 'Budget beside it'),
      this.budget,
      h('button', { type: 'submit', 'data-testid': 'posture-balance-show' }, 'Show'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const year = (input: HTMLInputElement) => (input.value.trim() === '' ? undefined : Number(input.value));
      void this.load({ from: year(this.from), to: year(this.to), budget: this.budget.value || undefined });
    });
    this.element = h(
      'section',
      { class: 'posture-panel posture-balance', 'data-testid': 'posture-balance', 'aria-label': 'Posture review' },
      h('h2', { class: 'posture-panel-title' }, 'Posture review'),
      h('p', { class: 'posture-note' }, `What the register holds by purpose class, year by year: units are the systems’ quantities. The ${DEFENSIVE_SHARE_DEFINITION}.`),
      form,
      this.status,
      this.body,
    );
    this.loader = loadable(this.element, (signal, period: Period) => this.api.postureBalance(period, signal), (review) => this.draw(review), {
      status: this.status,
      loading: 'Reading the register…',
      failed: 'The posture review could not be loaded',
    });
  }

  /** Reads the register again (after a save, or on showing the section), and the budgets that can be set beside it. */
  load(period: Period = {}): Promise<void> {
    void this.listBudgets();
    return this.loader.load(period);
  }

  private async listBudgets(): Promise<void> {
    try {
      const { items } = await this.api.listBudgets();
      const chosen = this.budget.value;
      this.budget.replaceChildren(h('option', { value: '' }, 'None'), ...items.map((b) => h('option', { value: b.id }, `${b.name} (${b.force})`)));
      this.budget.value = items.some((b) => b.id === chosen) ? chosen : '';
    } catch {
      // Without the list the review still shows the holdings; the select keeps "None".
    }
  }

  abort(): void {
    this.loader.abort();
  }

  private draw(review: PostureBalance): string {
    this.from.value = String(review.from);
    this.to.value = String(review.to);
    const span = `${review.from}–${review.to}`;
    const { holdings: stacked, share: line } = postureBalanceCharts(review, 'posture-balance');
    const table = h(
      'table',
      { class: 'posture-table', 'data-testid': 'posture-balance-table' },
      h('caption', {}, 'Units held by purpose class, and the systems not counted'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Year'),
          BALANCE_CLASSES.map((c) => h('th', { scope: 'col', class: 'num', 'data-class': c }, PURPOSE_CLASS_LABELS[c])),
          h('th', { scope: 'col', class: 'num' }, 'Units'),
          h('th', { scope: 'col', class: 'num' }, 'Defensive share'),
          review.budgets.given ? h('th', { scope: 'col', class: 'num' }, 'Defensive share of the budget') : null,
          h('th', { scope: 'col' }, 'In service without a quantity (not counted)'),
        ),
      ),
      h(
        'tbody',
        {},
        review.years.map((y) =>
          h(
            'tr',
            { 'data-year': y.year, 'data-testid': 'posture-balance-row' },
            h('th', { scope: 'row' }, String(y.year)),
            BALANCE_CLASSES.map((c) => h('td', { class: 'num', 'data-class': c }, formatCount(y.holdings.units[c]))),
            h('td', { class: 'num', 'data-testid': 'posture-balance-units' }, formatCount(y.holdings.totalUnits)),
            h('td', { class: y.holdings.defensiveShare === null ? 'num gap' : 'num', 'data-testid': 'posture-balance-share', 'data-value': y.holdings.defensiveShare ?? '' }, shareText(y.holdings.defensiveShare)),
            review.budgets.given
              ? h(
                  'td',
                  { class: y.budget?.defensiveShare == null ? 'num gap' : 'num', 'data-testid': 'posture-balance-budget-share', 'data-value': y.budget?.defensiveShare ?? '' },
                  !y.budget ? 'no budget this year' : y.budget.defensiveShare === null ? 'nothing budgeted' : formatYearValue(y.budget.defensiveShare, 'share'),
                )
              : null,
            h('td', { 'data-testid': 'posture-balance-unquantified' }, y.holdings.withoutQuantity.length === 0 ? '—' : names(y.holdings.withoutQuantity)),
          ),
        ),
      ),
    );
    const notes = [
      review.withoutServiceYears.length > 0 ? `Without service years, so held in every year shown: ${names(review.withoutServiceYears)}.` : undefined,
      review.budgets.given ? `Budget beside the holdings: ${review.budgets.note}; conversion costs are left out of its shares.` : 'Choose a stored budget to set its spending by purpose class beside the holdings.',
    ].filter((n): n is string => n !== undefined);
    const asked = new URLSearchParams({ from: String(review.from), to: String(review.to), ...(this.budget.value ? { budget: this.budget.value } : {}) });
    const report = h(
      'p',
      { class: 'posture-report-links' },
      h('a', { href: this.api.postureReportUrl(asked, 'html'), target: '_blank', rel: 'noopener', 'data-testid': 'posture-report-link' }, 'Printable posture report'),
      ' · ',
      h('a', { href: this.api.postureReportUrl(asked, 'pdf'), 'data-testid': 'posture-report-pdf' }, 'PDF'),
    );
    mount(
      this.body,
      report,
      h('figure', { class: 'posture-chart', 'data-testid': 'posture-balance-chart' }, svgFromMarkup(stacked)),
      h('figure', { class: 'posture-chart', 'data-testid': 'posture-balance-share-chart' }, svgFromMarkup(line)),
      ...notes.map((n) => h('p', { class: 'posture-note', 'data-testid': 'posture-balance-note' }, n)),
      h('div', { class: 'posture-table-scroll' }, table),
    );
    return `${review.systems} system(s) in the register, ${span}.`;
  }
}
