import { barChart } from '../../../src/reporting/bar-chart.js';
import { EVENT_TYPE_CHART_TEXT, EVENT_TYPE_NONE_LABEL, VIOLENCE_CHART_TEXT, breakdownChartInput, breakdownsFromAggregate, casualtyChartInput, figuresFromAggregates, timelineFromAggregate, violationChartInput, violationSeriesFromSummaries } from '../../../src/reporting/chart-inputs.js';
import { formatCount } from '../../../src/reporting/numbers.js';
import type { KeyFigures } from '../../../src/reporting/situation-report-data.js';
import { PERSON_STATUS_LABELS, themeLabelOf, violenceTypeLabelOf } from '../../../src/reporting/status-labels.js';
import { timeSeriesChart } from '../../../src/reporting/time-series-chart.js';
import type { ApiClient } from '../shared/api-client.js';
import { unavailableReason } from './unavailable.js';
import { h, isAbort, mount } from '../shared/dom.js';
import type { MonitorScope } from './monitor-map.js';
import { svgFromMarkup } from './svg-markup.js';


/** A block that loads on its own: `data-state` loading, ready or error, and a plain message when it cannot draw. */
function block(testId: string, title: string): { element: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'panel-body' });
  const element = h('section', { class: 'monitor-panel', 'data-testid': testId, 'data-state': 'loading', 'aria-busy': 'true' }, h('h2', { class: 'panel-title' }, title), body);
  return { element, body };
}

function settle(element: HTMLElement, state: 'ready' | 'error'): void {
  element.dataset.state = state;
  element.removeAttribute('aria-busy');
}

/**
 * The key figures and the charts: each is one aggregate request to the server (by month, by status, by theme, by
 * party; ceasefire violations as the monitor summarises them), so they cost the same with a million incidents as with
 * ten. The SVG comes from the same builders as the situation report.
 */
export class MonitorCharts {
  readonly element: HTMLElement;
  private readonly figures = block('monitor-figures', 'Key figures');
  private readonly casualties = block('chart-casualties', 'Casualties over time');
  private readonly themes = block('chart-themes', 'By theme');
  private readonly parties = block('chart-parties', 'By party');
  private readonly violence = block('chart-violence', 'By type of violence');
  private readonly eventTypes = block('chart-event-types', 'By the source’s event type');
  private readonly violations = block('chart-violations', 'Ceasefire violations');
  private request: AbortController | undefined;

  constructor(private readonly api: ApiClient) {
    this.element = h('div', { class: 'monitor-charts' }, this.figures.element, this.casualties.element, this.themes.element, this.violence.element, this.eventTypes.element, this.parties.element, this.violations.element);
  }

  async load(scope: MonitorScope): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const { signal } = request;
    for (const b of [this.figures, this.casualties, this.themes, this.violence, this.eventTypes, this.parties, this.violations]) {
      b.element.dataset.state = 'loading';
      b.element.setAttribute('aria-busy', 'true');
    }
    const area = { country: scope.country, from: scope.from, to: scope.to };
    const byMonth = this.api.aggregate(area, 'month', signal);
    const byStatus = this.api.aggregate(area, 'status', signal);
    await Promise.all([
      Promise.all([byMonth, byStatus]).then(
        ([month, status]) => {
          this.showFigures(figuresFromAggregates(month, status));
          this.draw(this.casualties, () => timeSeriesChart(casualtyChartInput(timelineFromAggregate(month, scope.from, scope.to), 'dashboard-casualties')));
        },
        (error: unknown) => {
          this.fail(this.figures, error);
          this.fail(this.casualties, error);
        },
      ),
      this.api.aggregate(area, 'theme,status', signal).then(
        (result) =>
          this.draw(this.themes, () =>
            barChart(breakdownChartInput(breakdownsFromAggregate(result, 'theme', themeLabelOf, { noneLabel: 'No theme (armed violence only)' }), { id: 'dashboard-themes', title: 'People killed by theme', description: 'Killed, split by status, in incidents of each theme; an incident with several themes counts under each.' })),
          ),
        (error: unknown) => this.fail(this.themes, error),
      ),
      this.api.aggregate(area, 'violence,status', signal).then(
        (result) => this.draw(this.violence, () => barChart(breakdownChartInput(breakdownsFromAggregate(result, 'violence', violenceTypeLabelOf, { noneLabel: 'Type not given' }), VIOLENCE_CHART_TEXT('dashboard-violence')))),
        (error: unknown) => this.fail(this.violence, error),
      ),
      this.api.aggregate(area, 'eventType,status', signal).then(
        (result) => this.draw(this.eventTypes, () => barChart(breakdownChartInput(breakdownsFromAggregate(result, 'eventType', (type) => type, { noneLabel: EVENT_TYPE_NONE_LABEL }), EVENT_TYPE_CHART_TEXT('dashboard-event-types')))),
        (error: unknown) => this.fail(this.eventTypes, error),
      ),
      this.api.aggregate(area, 'actor,status', signal).then(
        (result) =>
          this.draw(this.parties, () =>
            barChart(breakdownChartInput(breakdownsFromAggregate(result, 'actor', (name) => name, { noneLabel: 'No party recorded' }), { id: 'dashboard-parties', title: 'People killed by party', description: 'Killed, split by status, in incidents each party took part in; an incident with two parties counts under both.' })),
          ),
        (error: unknown) => this.fail(this.parties, error),
      ),
      this.api.ceasefireViolations(signal).then(
        (result) => {
          this.draw(this.violations, () => timeSeriesChart(violationChartInput(violationSeriesFromSummaries(result.items, scope.from, scope.to), 'dashboard-violations')));
          // The monitor summarises by agreement, not by place; the situation report counts the area's own.
          if (scope.country) this.violations.body.append(h('p', { class: 'panel-note' }, 'Every agreement the monitor follows, wherever it applies; the situation report counts only this country’s.'));
        },
        (error: unknown) => this.fail(this.violations, error),
      ),
    ]);
  }

  destroy(): void {
    this.request?.abort();
  }

  private draw(target: { element: HTMLElement; body: HTMLElement }, markup: () => string): void {
    try {
      target.body.replaceChildren(h('figure', { class: 'chart-figure' }, svgFromMarkup(markup())));
      settle(target.element, 'ready');
    } catch (error) {
      this.fail(target, error);
    }
  }

  private fail(target: { element: HTMLElement; body: HTMLElement }, error: unknown): void {
    if (isAbort(error)) return;
    target.body.replaceChildren(h('p', { class: 'panel-message' }, `Not available: ${unavailableReason(error)}`));
    settle(target.element, 'error');
  }

  private showFigures(figures: KeyFigures): void {
    const card = (id: string, label: string, value: number, range?: { low: number; high: number }) =>
      h(
        'div',
        { class: 'figure-card', 'data-testid': `figure-${id}`, 'data-value': String(value) },
        h('span', { class: 'figure-label' }, label),
        h('strong', { class: 'figure-value' }, formatCount(value)),
        range ? h('span', { class: 'figure-range' }, range.low === range.high ? 'no range recorded' : `${formatCount(range.low)} to ${formatCount(range.high)}`) : null,
      );
    const rows = figures.byStatus
      .filter((s) => s.killed.high > 0 || s.injured.high > 0)
      .map((s) =>
        h(
          'tr',
          { 'data-status': s.status },
          h('th', { scope: 'row' }, PERSON_STATUS_LABELS[s.status]),
          h('td', { class: 'num' }, formatCount(s.killed.best)),
          h('td', { class: 'num' }, `${formatCount(s.killed.low)}–${formatCount(s.killed.high)}`),
          h('td', { class: 'num' }, formatCount(s.injured.best)),
        ),
      );
    mount(
      this.figures.body,
      h('div', { class: 'figure-cards' }, card('incidents', 'Incidents', figures.incidents), card('killed', 'Killed (best)', figures.killed.best, figures.killed), card('injured', 'Injured (best)', figures.injured.best, figures.injured)),
      rows.length > 0
        ? h(
            'table',
            { class: 'figure-table' },
            h('caption', {}, 'Killed and injured by status: every side counts'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, 'Killed'), h('th', { scope: 'col', class: 'num' }, 'Low–high'), h('th', { scope: 'col', class: 'num' }, 'Injured'))),
            h('tbody', {}, rows),
          )
        : null,
      figures.coarseDates > 0
        ? h('p', { class: 'panel-note' }, `${formatCount(figures.coarseDates)} incident${figures.coarseDates === 1 ? '' : 's'} cannot be put in one month (dated more roughly, or over two months): in the totals, not in the monthly chart.`)
        : null,
    );
    settle(this.figures.element, 'ready');
  }
}
