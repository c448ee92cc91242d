import { hasPermission, type Role } from '../../../src/core/access-control.js';
import { countryName, isCountryCode } from '../../../src/core/countries.js';
import type { ApiClient } from '../shared/api-client.js';
import { DetectionPanel } from './detection-panel.js';
import { h } from '../shared/dom.js';
import { MonitorCharts } from './monitor-charts.js';
import { periodOf, type MonitorFilter } from './monitor-filter.js';
import { MonitorMap, type MonitorScope } from './monitor-map.js';
import { foldablePanels } from './panel-sections.js';
import { ScorecardPanel } from './scorecard-panel.js';
import type { ViewChange, ViewState, ViewStateStore } from '../view-state.js';
import './monitor.css';

export interface MonitorAreaOptions {
  role: Role;
  state: ViewStateStore;
  /** The latest day of the incidents the reader may see: the default period ends there when that is before today. */
  dataEnd?: string | undefined;
}

/**
 * Protection monitoring: a country (or everywhere) over a period, on a map with its layers, in figures and charts,
 * against the principles, with the alerts and detections to review; and the situation report of the same view, as a
 * printable page or a PDF. The country and period live in the link (`?view=monitor&country=MMR&from=…&to=…`).
 */
export class MonitorArea {
  readonly element: HTMLElement;
  /** The report links, for the header. */
  readonly headerActions: HTMLElement;
  private form: HTMLFormElement;
  private readonly map: MonitorMap;
  private readonly charts: MonitorCharts;
  private readonly scorecard: ScorecardPanel;
  private readonly lists: DetectionPanel;
  private readonly reportLink: HTMLAnchorElement;
  private readonly pdfLink: HTMLAnchorElement;
  private readonly heading = h('h1', { class: 'monitor-heading', 'data-testid': 'monitor-heading' });
  private scope: MonitorScope;
  /** Said after the period in the heading when Haven chose it from the data. */
  private periodNote = '';

  constructor(
    private readonly api: ApiClient,
    private readonly options: MonitorAreaOptions,
  ) {
    this.scope = this.scopeOf(options.state.current.monitor);
    this.form = this.buildForm(options.state.current.monitor);
    this.map = new MonitorMap(api, this.scope, { onOpenIncident: (id) => this.openIncident(id) });
    this.charts = new MonitorCharts(api);
    this.scorecard = new ScorecardPanel(api);
    this.lists = new DetectionPanel(api, hasPermission(options.role, 'detection:review'));
    // Links, not scripts: the page opens in a tab of its own, the PDF downloads; both are made on the server.
    this.reportLink = h('a', { class: 'button-link', target: '_blank', rel: 'noopener', 'data-testid': 'situation-report', onclick: () => this.updateLinks() }, 'Situation report');
    this.pdfLink = h('a', { class: 'button-link', download: '', 'data-testid': 'situation-report-pdf', onclick: () => this.updateLinks() }, 'PDF');
    this.headerActions = h('div', { class: 'area-actions' }, this.reportLink, this.pdfLink);
    const side = h('div', { class: 'monitor-side', 'aria-label': 'Figures, charts, scorecard, alerts and detections', role: 'region' }, this.charts.element, this.lists.element, this.scorecard.element);
    side.prepend(foldablePanels(side).element);
    this.element = h(
      'div',
      { class: 'monitor-area', 'data-testid': 'monitor-area' },
      h('div', { class: 'monitor-top' }, this.heading, this.form),
      h(
        'div',
        { class: 'monitor-body' },
        h('main', { class: 'monitor-map-column', 'aria-label': 'Map' }, this.map.element),
        side,
      ),
    );
    this.load();
  }

  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('monitor')) this.reshow(current);
  }

  /** Shown again, or its country and period changed: everything is read again. */
  reshow(current: ViewState): void {
    const next = this.scopeOf(current.monitor);
    this.scope = next;
    const form = this.buildForm(current.monitor);
    this.form.replaceWith(form);
    this.form = form;
    this.map.setScope(next);
    this.load();
  }

  destroy(): void {
    this.map.destroy();
    this.charts.destroy();
    this.scorecard.destroy();
    this.lists.destroy();
    this.element.remove();
  }

  private scopeOf(filter: MonitorFilter): MonitorScope {
    const { from, to, basis } = periodOf(filter, this.options.dataEnd);
    this.periodNote = basis === 'latest_data' ? ' (the latest 12 months of data)' : '';
    return { country: filter.country, from, to };
  }

  private load(): void {
    const { country, from, to } = this.scope;
    this.heading.textContent = `${country ? countryName(country) : 'All countries'}, ${from} to ${to}${this.periodNote}`;
    this.updateLinks();
    void this.charts.load(this.scope);
    void this.scorecard.load(this.scope);
    void this.lists.load(this.scope);
  }

  /** The report of what is shown: the country, or without one the box the map shows. */
  private updateLinks(): void {
    const area = this.scope.country ? { country: this.scope.country } : { bbox: this.map.viewBox() };
    const scope = { ...area, from: this.scope.from, to: this.scope.to };
    this.reportLink.href = this.api.situationReportUrl(scope, 'html');
    this.pdfLink.href = this.api.situationReportUrl(scope, 'pdf');
  }

  private openIncident(id: string): void {
    this.options.state.setArea('incidents');
    this.options.state.setIncident(id);
  }

  private buildForm(filter: MonitorFilter): HTMLFormElement {
    const { from, to } = periodOf(filter, this.options.dataEnd);
    const country = h('input', { id: 'monitor-country', name: 'country', type: 'text', value: filter.country ?? '', placeholder: 'All countries', maxlength: 3, spellcheck: 'false', autocomplete: 'off', 'data-testid': 'monitor-country', 'aria-describedby': 'monitor-country-error' });
    const fromInput = h('input', { id: 'monitor-from', name: 'from', type: 'date', value: from, required: true, 'data-testid': 'monitor-from' });
    const toInput = h('input', { id: 'monitor-to', name: 'to', type: 'date', value: to, required: true, 'data-testid': 'monitor-to' });
    const error = h('p', { id: 'monitor-country-error', class: 'field-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'monitor-filters', 'data-testid': 'monitor-filters', 'aria-label': 'Country and period', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'monitor-country' }, 'Country (ISO alpha-3)'), country),
      h('div', { class: 'field' }, h('label', { for: 'monitor-from' }, 'From'), fromInput),
      h('div', { class: 'field' }, h('label', { for: 'monitor-to' }, 'To'), toInput),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'monitor-apply' }, 'Show'),
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = country.value.trim().toUpperCase();
      const problem =
        code && !isCountryCode(code)
          ? `${code} is not an ISO 3166-1 alpha-3 country code`
          : !fromInput.value || !toInput.value
            ? 'give both dates of the period'
            : toInput.value < fromInput.value
              ? 'the period ends before it starts'
              : undefined;
      error.hidden = problem === undefined;
      error.textContent = problem ?? '';
      if (problem) return;
      this.options.state.setMonitor({ ...(code && { country: code }), from: fromInput.value, to: toInput.value });
    });
    return form;
  }
}
