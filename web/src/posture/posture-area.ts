import { hasPermission, type Role } from '../../../src/core/access-control.js';
import { MILEX_MEASURE_LABELS, MILEX_MEASURES, type MilexFlag, type MilexMeasure } from '../../../src/core/spending/military-expenditure.js';
import type { MilexEntityList, MilexImportReport, MilexSeriesAnswer, MilexTotalsAnswer } from '../../../src/core/spending/spending-api.schema.js';
import { formatCount } from '../../../src/reporting/numbers.js';
import { formatYearValue, yearSeriesChart, type YearSeries, type YearValueFormat } from '../../../src/reporting/year-series-chart.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';
import { RecordPicker, type PickedRecord } from '../shared/record-picker.js';
import { svgFromMarkup } from '../monitor/svg-markup.js';
import type { ViewChange, ViewState, ViewStateStore } from '../view-state.js';
import { CapabilityRegister } from './capability-register.js';
import { PeaceOperationsPanel } from './peace-operations-panel.js';
import { periodOfPosture, POSTURE_SECTIONS, postureToParams, sectionOf, spendingPartOf, type PostureSection, type PostureView } from './posture-filter.js';
import { BudgetsAndScenarios } from './budgets-and-scenarios.js';
import './posture.css';

type Entity = MilexEntityList['items'][number];
type TotalsMeasure = 'constantUsdM' | 'currentUsdM';
type Grouping = 'world' | 'region' | 'subregion';

export interface PostureAreaOptions {
  role: Role;
  state: ViewStateStore;
}

const SIPRI_URL = 'https://www.sipri.org/databases/milex';
const SECTION_LABELS: Record<PostureSection, string> = { spending: 'Military expenditure', capabilities: 'Capability register' };
const DEFAULT_MEASURE: MilexMeasure = 'constantUsdM';

/** The key a series is asked for by: today's country by its ISO code, a former state or a body by SIPRI's name. */
const keyOf = (e: Pick<Entity, 'entity' | 'country'>): string => e.country ?? e.entity;

const FORMAT_OF: Record<MilexMeasure, YearValueFormat> = { constantUsdM: 'usd_m', currentUsdM: 'usd_m', shareOfGdp: 'share', perCapitaUsd: 'usd', shareOfGovernmentSpending: 'share' };

function valueLabelOf(measure: MilexMeasure, priceBaseYear: number | null): string {
  switch (measure) {
    case 'constantUsdM':
      return priceBaseYear === null ? 'US$ m, constant prices' : `US$ m, constant ${priceBaseYear} prices`;
    case 'currentUsdM':
      return 'US$ m, current prices';
    case 'shareOfGdp':
      return 'share of GDP';
    case 'perCapitaUsd':
      return 'US$ per person, current prices';
    case 'shareOfGovernmentSpending':
      return 'share of government spending';
  }
}

const FLAG_WORDS: Record<MilexFlag, string> = { not_independent: 'not independent', some_unavailable: 'not available', estimate: 'estimate', uncertain: 'highly uncertain' };

/** A table cell's words: the figure with SIPRI's marks on it, or why there is none. */
function cellText(value: number | null, flags: readonly MilexFlag[], format: YearValueFormat): string {
  if (value === null) return `no figure — ${FLAG_WORDS[flags.includes('not_independent') ? 'not_independent' : 'some_unavailable']}`;
  const marks = flags.filter((f) => f === 'estimate' || f === 'uncertain').map((f) => FLAG_WORDS[f]);
  return `${formatYearValue(value, format)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
}

/** A panel of the area that loads on its own: `data-state` loading, ready or error, as the browser tests wait for. */
function panel(testId: string, title: string, ...controls: HTMLElement[]): { element: HTMLElement; body: HTMLElement; status: HTMLElement } {
  const body = h('div', { class: 'posture-panel-body' });
  const status = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  const element = h('section', { class: 'posture-panel', 'data-testid': testId, 'aria-label': title }, h('h2', { class: 'posture-panel-title' }, title), ...controls, status, body);
  return { element, body, status };
}

function select<T extends string>(id: string, testId: string, options: readonly (readonly [T, string])[], value: T): HTMLSelectElement {
  return h('select', { id, name: id, 'data-testid': testId }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/**
 * Posture, in two sections. Military expenditure as SIPRI publishes it: countries (and former states) compared over
 * years in any measure, as a chart and as a table of the figures with SIPRI's notes; world and regional totals with the
 * states each year's total lacks; and, for those who may, the import of a new release. A year without a figure is a
 * gap in the line and says why in the table — never a zero. The view lives in the link
 * (`?view=posture&entities=NGA,TCD&measure=shareOfGdp&from=1985&to=2025`). And the capability register
 * (capability-register.ts, `?view=posture&section=capabilities&capability=<id>`): what the force holds, each system
 * judged by human-security principles. The register is a section of Posture rather than an area of its own: it is
 * the content of the same posture (what a force is built for, beside what it pays for), read and written under the
 * same permissions, and the header has no room for another tab on a laptop's screen.
 */
export class PostureArea {
  readonly element: HTMLElement;
  private readonly canImport: boolean;
  private readonly content = h('div', { class: 'posture-content', 'data-testid': 'posture-content' });
  private readonly heading = h('h1', { class: 'posture-heading', 'data-testid': 'posture-heading' }, 'Military expenditure');
  private readonly entitiesLoad: Loadable<[]>;
  private entities: Entity[] = [];
  private form: HTMLFormElement | undefined;
  private picker: RecordPicker<Entity> | undefined;
  private readonly series = panel('posture-series', 'Countries compared');
  private seriesLoad: Loadable<[{ entities: string[]; measure: MilexMeasure; from: number; to: number }]>;
  private readonly grouping = select<Grouping>('posture-grouping', 'posture-grouping', [['world', 'World'], ['region', 'By region'], ['subregion', 'By subregion']], 'world');
  private readonly totalsMeasure = select<TotalsMeasure>('posture-totals-measure', 'posture-totals-measure', [['constantUsdM', MILEX_MEASURE_LABELS.constantUsdM], ['currentUsdM', MILEX_MEASURE_LABELS.currentUsdM]], 'constantUsdM');
  private readonly totals = panel(
    'posture-totals',
    'World and regions',
    h(
      'div',
      { class: 'posture-controls' },
      h('div', { class: 'field' }, h('label', { for: 'posture-grouping' }, 'Totals for'), this.grouping),
      h('div', { class: 'field' }, h('label', { for: 'posture-totals-measure' }, 'In'), this.totalsMeasure),
    ),
  );
  private totalsLoad: Loadable<[{ measure: TotalsMeasure; grouping: Grouping; from: number; to: number }]>;
  private readonly upload: HTMLElement | null;
  private readonly sectionLinks = new Map<PostureSection, HTMLAnchorElement>();
  private register: CapabilityRegister | undefined;
  /** The section shown, and whether the expenditure has been asked for yet (only once its section is first shown). */
  private shownSection: PostureSection | undefined;
  private entitiesAsked = false;
  /** The spending view last drawn, as its link: a change of the register's part of the view leaves the charts alone. */
  private drawnSpending: string | undefined;
  private readonly peaceOperations: PeaceOperationsPanel;
  /** UN peace operations and the arms companies: part of the spending section, below its charts. */
  private readonly peaceOperationsHost: HTMLElement;
  private readonly plans: BudgetsAndScenarios;

  constructor(
    private readonly api: ApiClient,
    private readonly options: PostureAreaOptions,
  ) {
    this.canImport = hasPermission(options.role, 'posture:write');
    this.upload = this.canImport ? this.buildUpload() : null;
    this.peaceOperations = new PeaceOperationsPanel(api);
    this.peaceOperationsHost = h('div', { class: 'posture-content' }, this.peaceOperations.element);
    this.plans = new BudgetsAndScenarios(api, { canWrite: this.canImport });
    this.element = h(
      'div',
      { class: 'posture-area', 'data-testid': 'posture-area' },
      h('div', { class: 'posture-top' }, h('div', { class: 'posture-title' }, this.sections(), this.heading), this.upload),
      this.content,
      this.peaceOperationsHost,
      this.plans.element,
    );
    this.entitiesLoad = loadable(
      this.content,
      (signal) => api.milexEntities(signal),
      (list) => {
        this.entities = [...list.items].sort((a, b) => a.entity.localeCompare(b.entity));
        // Drawn now if its section is still the one shown; else when it is shown again.
        if (sectionOf(options.state.current.posture) === 'spending') this.show(options.state.current.posture);
        else this.drawnSpending = undefined;
      },
      { failed: (error) => mount(this.content, h('p', { class: 'posture-message', role: 'alert' }, `The figures held could not be listed: ${errorMessage(error)}`)) },
    );
    this.seriesLoad = loadable(
      this.series.element,
      (signal, query) => api.milexSeries(query, signal),
      (answer, query) => this.drawSeries(answer, query.measure, query.from, query.to),
      { status: this.series.status, failed: 'The series could not be loaded' },
    );
    this.totalsLoad = loadable(
      this.totals.element,
      (signal, query) => api.milexTotals(query, signal),
      (answer, query) => this.drawTotals(answer, query),
      { status: this.totals.status, failed: 'The totals could not be loaded' },
    );
    this.grouping.addEventListener('change', () => this.loadTotals());
    this.totalsMeasure.addEventListener('change', () => this.loadTotals());
    this.render(options.state.current.posture, true);
  }

  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('posture')) this.render(current.posture, false);
  }

  reshow(current: ViewState): void {
    this.render(current.posture, true);
    if (sectionOf(current.posture) === 'spending') this.peaceOperations.reshow();
  }

  hide(): void {
    this.seriesLoad.abort();
    this.totalsLoad.abort();
    this.register?.hide();
    this.peaceOperations.hide();
  }

  destroy(): void {
    this.entitiesLoad.abort();
    this.seriesLoad.abort();
    this.totalsLoad.abort();
    this.picker?.destroy();
    this.register?.destroy();
    this.peaceOperations.destroy();
    this.plans.destroy();
    this.element.remove();
  }

  /** The switch between the sections: links, as the header's areas are (a plain click stays in the page). */
  private sections(): HTMLElement {
    return h(
      'nav',
      { class: 'posture-sections', 'aria-label': 'Posture sections' },
      POSTURE_SECTIONS.map((section) => {
        const link = h(
          'a',
          {
            class: 'posture-section-link',
            href: section === 'spending' ? '?view=posture' : `?view=posture&section=${section}`,
            'data-testid': `posture-section-${section}`,
            onclick: (event: MouseEvent) => {
              if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
              event.preventDefault();
              this.openSection(section);
            },
          },
          SECTION_LABELS[section],
        );
        this.sectionLinks.set(section, link);
        return link;
      }),
    );
  }

  private openSection(section: PostureSection): void {
    const { state } = this.options;
    if (sectionOf(state.current.posture) === section) return;
    // The countries and period are kept for the way back; the system open in the register is not.
    state.setPosture({ ...state.current.posture, section: section === 'spending' ? undefined : section, capability: undefined });
  }

  /** Shows the view's section; `again`: the area is shown afresh, so what it shows is asked for again. */
  private render(view: PostureView, again: boolean): void {
    const section = sectionOf(view);
    const entering = this.shownSection !== section;
    this.shownSection = section;
    this.element.dataset.section = section;
    for (const [key, link] of this.sectionLinks) {
      if (key === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (this.upload) this.upload.hidden = section !== 'spending';
    this.content.hidden = section !== 'spending';
    this.peaceOperationsHost.hidden = section !== 'spending';
    this.plans.element.hidden = section !== 'spending';
    if (this.register) this.register.element.hidden = section !== 'capabilities';
    if (section === 'capabilities') {
      this.seriesLoad.abort();
      this.totalsLoad.abort();
      this.heading.textContent = SECTION_LABELS.capabilities;
      if (!this.register) {
        this.register = new CapabilityRegister(this.api, { role: this.options.role, state: this.options.state });
        this.element.append(this.register.element);
        this.register.show(view.capability);
      } else if (again || entering) this.register.reshow(view.capability);
      else this.register.show(view.capability);
      return;
    }
    this.heading.textContent = SECTION_LABELS.spending;
    if (!this.entitiesAsked) {
      this.entitiesAsked = true;
      void this.entitiesLoad.load();
      return;
    }
    if (this.content.dataset.state === 'error') void this.entitiesLoad.load();
    else if (this.content.dataset.state === 'ready' && (again || entering || postureToParams(spendingPartOf(view)).toString() !== this.drawnSpending)) this.show(view);
  }

  /** The years held, over every entity. */
  private held(): { firstYear: number; lastYear: number } | undefined {
    if (this.entities.length === 0) return undefined;
    return { firstYear: Math.min(...this.entities.map((e) => e.firstYear)), lastYear: Math.max(...this.entities.map((e) => e.lastYear)) };
  }

  private period(view: PostureView): { from: number; to: number } {
    return periodOfPosture(view, this.held());
  }

  private show(view: PostureView): void {
    this.drawnSpending = postureToParams(spendingPartOf(view)).toString();
    if (this.entities.length === 0) {
      mount(this.content, this.emptyState());
      return;
    }
    this.picker?.destroy();
    this.form = this.buildForm(view);
    mount(this.content, h('div', { class: 'posture-panels' }, h('div', { class: 'posture-series-panel' }, this.form, this.series.element), this.totals.element), this.sourceNote());
    const { from, to } = this.period(view);
    const measure = view.measure ?? DEFAULT_MEASURE;
    const entities = [...(view.entities ?? [])];
    this.heading.textContent = `Military expenditure, ${from}–${to}`;
    if (entities.length === 0) {
      this.seriesLoad.abort();
      this.series.element.dataset.state = 'empty';
      this.series.status.textContent = '';
      mount(this.series.body, h('p', { class: 'posture-message', 'data-testid': 'posture-pick-hint' }, 'Pick one or more countries (or a former state such as the USSR), a measure and a period, then Show.'));
    } else {
      void this.seriesLoad.load({ entities, measure, from, to });
    }
    this.loadTotals();
  }

  private loadTotals(): void {
    const { from, to } = this.period(this.options.state.current.posture);
    void this.totalsLoad.load({ measure: this.totalsMeasure.value as TotalsMeasure, grouping: this.grouping.value as Grouping, from, to });
  }

  private buildForm(view: PostureView): HTMLFormElement {
    const { from, to } = this.period(view);
    const byKey = new Map(this.entities.map((e) => [keyOf(e), e]));
    const describe = (e: Entity): PickedRecord => ({
      id: keyOf(e),
      title: e.entity,
      detail: `${e.country ?? (e.kind === 'former_state' ? 'former state' : e.kind === 'organisation' ? 'organisation' : '')} · ${e.firstYear}–${e.lastYear}`,
    });
    this.picker = new RecordPicker<Entity>({
      scope: 'posture',
      path: 'entities',
      label: 'Countries',
      hint: 'Search by name or ISO code; a former state (USSR, Yugoslavia) by its name.',
      noun: 'country',
      testid: 'posture-entities',
      search: (text) => {
        const wanted = text.trim().toLowerCase();
        const code = wanted.toUpperCase();
        return Promise.resolve(
          this.entities
            .filter((e) => e.country === code || e.entity.toLowerCase().includes(wanted))
            // An exact code or name first, then names that start with the text, then the rest.
            .sort((a, b) => rank(a) - rank(b) || a.entity.localeCompare(b.entity))
            .slice(0, 12),
        );
        function rank(e: Entity): number {
          if (e.country === code || e.entity.toLowerCase() === wanted) return 0;
          return e.entity.toLowerCase().startsWith(wanted) ? 1 : 2;
        }
      },
      describe,
      picked: (view.entities ?? []).map((key) => {
        const entity = byKey.get(key) ?? this.entities.find((e) => e.entity === key);
        return entity ? describe(entity) : { id: key, title: key, detail: 'not held' };
      }),
    });
    const measure = select<MilexMeasure>(
      'posture-measure',
      'posture-measure',
      MILEX_MEASURES.map((m) => [m, MILEX_MEASURE_LABELS[m]] as const),
      view.measure ?? DEFAULT_MEASURE,
    );
    const held = this.held();
    const year = (id: string, value: number) => h('input', { id, name: id, type: 'number', min: held?.firstYear ?? 1900, max: held?.lastYear ?? 2200, step: 1, value, required: true, 'data-testid': id, class: 'posture-year' });
    const fromInput = year('posture-from', from);
    const toInput = year('posture-to', to);
    const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'posture-form-error', hidden: true });
    const form = h(
      'form',
      { class: 'posture-form', 'data-testid': 'posture-form', 'aria-label': 'Countries, measure and period', novalidate: true },
      this.picker.element,
      h(
        'div',
        { class: 'posture-controls' },
        h('div', { class: 'field' }, h('label', { for: 'posture-measure' }, 'Measure'), measure),
        h('div', { class: 'field' }, h('label', { for: 'posture-from' }, 'From'), fromInput),
        h('div', { class: 'field' }, h('label', { for: 'posture-to' }, 'To'), toInput),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'posture-show' }, 'Show'),
      ),
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const first = Number(fromInput.value);
      const last = Number(toInput.value);
      const ids = this.picker?.ids ?? [];
      const problem =
        ids.length === 0
          ? 'pick at least one country'
          : !/^\d{4}$/.test(fromInput.value) || !/^\d{4}$/.test(toInput.value)
            ? 'give both years of the period (four digits)'
            : last < first
              ? 'the period ends before it starts'
              : undefined;
      error.hidden = problem === undefined;
      error.textContent = problem ?? '';
      if (problem) return;
      this.options.state.setPosture({ entities: ids, measure: measure.value as MilexMeasure, from: first, to: last });
    });
    return form;
  }

  private drawSeries(answer: MilexSeriesAnswer, measure: MilexMeasure, from: number, to: number): string {
    const format = FORMAT_OF[measure];
    const series: YearSeries[] = answer.series.map((s) => ({ label: s.entity, points: s.points }));
    const markup = yearSeriesChart({
      id: 'posture-series-chart',
      title: `${MILEX_MEASURE_LABELS[measure]}, ${from}–${to}`,
      description: `Military expenditure (SIPRI) of ${answer.series.map((s) => s.entity).join(', ')}: ${MILEX_MEASURE_LABELS[measure].toLowerCase()}.`,
      from,
      to,
      series,
      format,
      valueLabel: valueLabelOf(measure, answer.priceBaseYear),
    });
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const table = h(
      'table',
      { class: 'posture-table', 'data-testid': 'posture-table' },
      h('caption', {}, `${MILEX_MEASURE_LABELS[measure]}: the figures and SIPRI's notes`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'), answer.series.map((s) => h('th', { scope: 'col', class: 'num', 'data-entity': s.entity }, s.entity)))),
      h(
        'tbody',
        {},
        years.map((year) =>
          h(
            'tr',
            { 'data-year': year },
            h('th', { scope: 'row' }, String(year)),
            answer.series.map((s) => {
              const p = s.points.find((point) => point.year === year) ?? { year, value: null, flags: ['some_unavailable'] as MilexFlag[] };
              return h(
                'td',
                { class: p.value === null ? 'num gap' : 'num', 'data-entity': s.entity, 'data-year': year, 'data-value': p.value === null ? '' : String(p.value), 'data-flags': p.flags.join(' ') },
                cellText(p.value, p.flags, format),
              );
            }),
          ),
        ),
      ),
    );
    mount(this.series.body, h('figure', { class: 'posture-chart', 'data-testid': 'posture-chart' }, svgFromMarkup(markup)), h('div', { class: 'posture-table-scroll' }, table));
    return '';
  }

  private drawTotals(answer: MilexTotalsAnswer, query: { measure: TotalsMeasure; grouping: Grouping; from: number; to: number }): string {
    const groups = [...new Set(answer.totals.map((t) => t.group))];
    // A year where no state of the group has a figure is a gap, not a total of 0.
    const series: YearSeries[] = groups.map((group) => ({
      label: group,
      points: Array.from({ length: query.to - query.from + 1 }, (_, i) => {
        const year = query.from + i;
        const total = answer.totals.find((t) => t.group === group && t.year === year);
        return total && total.counted > 0 ? { year, value: total.total, flags: [] } : { year, value: null, flags: ['some_unavailable'] as MilexFlag[] };
      }),
    }));
    const where = query.grouping === 'world' ? 'the world' : query.grouping === 'region' ? 'each SIPRI region' : 'each SIPRI subregion';
    const markup = yearSeriesChart({
      id: 'posture-totals-chart',
      title: `${query.grouping === 'world' ? 'World total' : query.grouping === 'region' ? 'Totals by region' : 'Totals by subregion'}, ${query.from}–${query.to}`,
      description: `The sum of the military expenditure held for ${where}, ${MILEX_MEASURE_LABELS[query.measure].toLowerCase()}; states without a figure are not counted.`,
      from: query.from,
      to: query.to,
      series,
      format: 'usd_m',
      valueLabel: valueLabelOf(query.measure, answer.priceBaseYear),
    });
    const lacking = answer.totals.filter((t) => t.missing.length > 0).sort((a, b) => b.year - a.year || a.group.localeCompare(b.group));
    const notes = lacking.map((t) =>
      h(
        'li',
        { 'data-year': t.year, 'data-group': t.group, 'data-missing': t.missing.length, 'data-testid': 'posture-totals-note' },
        h('strong', {}, `${t.year}${query.grouping === 'world' ? '' : `, ${t.group}`}: `),
        `${formatCount(t.missing.length)} state${t.missing.length === 1 ? '' : 's'} without a figure: ${[...t.missing].sort((a, b) => a.localeCompare(b)).join(', ')}.`,
        t.estimated > 0 ? ` ${formatCount(t.estimated)} counted figure${t.estimated === 1 ? ' is' : 's are'} SIPRI estimates.` : '',
      ),
    );
    const totalsTable = h(
      'table',
      { class: 'posture-table posture-totals-table', 'data-testid': 'posture-totals-table' },
      h('caption', {}, 'Totals, the states counted and those without a figure'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'), query.grouping === 'world' ? null : h('th', { scope: 'col' }, 'Group'), h('th', { scope: 'col', class: 'num' }, 'Total'), h('th', { scope: 'col', class: 'num' }, 'Counted'), h('th', { scope: 'col', class: 'num' }, 'Without a figure'))),
      h(
        'tbody',
        {},
        [...answer.totals]
          .sort((a, b) => b.year - a.year || a.group.localeCompare(b.group))
          .map((t) =>
            h(
              'tr',
              { 'data-year': t.year, 'data-group': t.group, 'data-total': t.counted > 0 ? String(t.total) : '' },
              h('th', { scope: 'row' }, String(t.year)),
              query.grouping === 'world' ? null : h('td', {}, t.group),
              h('td', { class: 'num' }, t.total !== null ? formatYearValue(t.total, 'usd_m') : 'no figure'),
              h('td', { class: 'num' }, formatCount(t.counted)),
              h('td', { class: 'num' }, formatCount(t.missing.length)),
            ),
          ),
      ),
    );
    mount(
      this.totals.body,
      h('figure', { class: 'posture-chart', 'data-testid': 'posture-totals-chart' }, svgFromMarkup(markup)),
      h('p', { class: 'posture-note' }, "Haven adds the figures held and does not estimate the missing ones, as SIPRI's published totals do: a total with states missing is lower than SIPRI's and says by whom."),
      notes.length > 0 ? h('ul', { class: 'posture-notes', 'data-testid': 'posture-totals-notes', 'aria-label': 'States without a figure, by year' }, notes) : h('p', { class: 'posture-note', 'data-testid': 'posture-totals-notes' }, 'Every state counted has a figure in every year shown.'),
      h('div', { class: 'posture-table-scroll' }, totalsTable),
    );
    return '';
  }

  private emptyState(): HTMLElement {
    return h(
      'section',
      { class: 'posture-empty', 'data-testid': 'posture-empty' },
      h('h2', {}, 'No military expenditure is held yet'),
      h(
        'p',
        {},
        "Posture compares countries' military spending from the SIPRI Military Expenditure Database. SIPRI publishes it at ",
        h('a', { href: SIPRI_URL, rel: 'noopener', target: '_blank' }, SIPRI_URL),
        " (free for non-commercial use, with attribution). Import SIPRI's workbook as it is downloaded (SIPRI-Milex-data-1949-<YEAR>.xlsx), or its long table as CSV — one row per country and year, with the columns country, year, milex_const<YEAR>_usd_m, milex_current_usd_m, share_of_gdp, per_capita_current_usd and share_of_govt_spending.",
      ),
      h(
        'p',
        {},
        this.canImport
          ? ['Import it with the Import release button above, or on the server with ', h('code', {}, 'haven spending import <file>'), '.']
          : ['Ask an analyst, a human security advisor or an administrator to import it, here or on the server with ', h('code', {}, 'haven spending import <file>'), '.'],
      ),
    );
  }

  private sourceNote(): HTMLElement {
    return h('p', { class: 'posture-source' }, 'Source: SIPRI Military Expenditure Database, ', h('a', { href: SIPRI_URL, rel: 'noopener', target: '_blank' }, SIPRI_URL), '. A year without a figure is a gap in the line and says why in the table; it is never drawn as zero.');
  }

  /** The import of a release, for those who may: the file goes up as it is, and the server's report or refusal comes back. */
  private buildUpload(): HTMLElement {
    const file = h('input', { id: 'posture-upload-file', type: 'file', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', required: true, 'data-testid': 'posture-upload-file' });
    const result = h('div', { class: 'posture-upload-result', 'data-testid': 'posture-upload-result', role: 'status', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', 'data-testid': 'posture-upload-submit' }, 'Import release');
    const form = h(
      'form',
      { class: 'posture-upload', 'data-testid': 'posture-upload', 'aria-label': "Import a release of SIPRI's military expenditure" },
      h('div', { class: 'field' }, h('label', { for: 'posture-upload-file' }, "SIPRI's workbook (.xlsx) or long table (CSV)"), file),
      submit,
      result,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) {
        result.dataset.state = 'refused';
        mount(result, h('p', { class: 'field-error' }, 'Choose the file first.'));
        return;
      }
      submit.disabled = true;
      result.dataset.state = 'loading';
      mount(result, h('p', {}, `Importing ${chosen.name}…`));
      this.api
        .importMilex(chosen, () => undefined)
        .then(
          (report) => {
            result.dataset.state = 'imported';
            mount(result, this.reportOf(report));
            void this.entitiesLoad.load();
          },
          (error: unknown) => {
            result.dataset.state = 'refused';
            mount(result, this.refusalOf(error));
          },
        )
        .finally(() => {
          submit.disabled = false;
        });
    });
    return form;
  }

  private reportOf(report: MilexImportReport): HTMLElement {
    return h(
      'div',
      { class: 'posture-report', 'data-testid': 'posture-import-report' },
      h('p', {}, h('strong', {}, `Imported “${report.release}”: `), `${formatCount(report.rows)} rows, ${formatCount(report.entities)} countries and other entities, ${report.firstYear}–${report.lastYear}, constant prices of ${report.priceBaseYear}.`),
      h('p', {}, `Added ${formatCount(report.added)}, changed ${formatCount(report.changed)}, unchanged ${formatCount(report.unchanged)}, removed ${formatCount(report.removed)}.`),
      report.skipped.length > 0 ? h('p', { class: 'hint' }, `Skipped ${report.skipped.length} heading row(s): ${report.skipped.slice(0, 5).map((s) => `${s.sheet ? `sheet “${s.sheet}”, ` : ''}row ${s.rowNumber} (${s.reason})`).join('; ')}${report.skipped.length > 5 ? ' …' : ''}`) : null,
    );
  }

  private refusalOf(error: unknown): HTMLElement {
    const issues = error instanceof ApiError ? error.issues : [];
    const rows = issues.slice(0, 50).map((issue) => {
      const row = /^rows\.(\d+)\.(.+)$/.exec(issue.path);
      // A workbook's cell (`'Share of GDP'!D12`) or sheet is named in the message itself: sheet, row and column.
      const named = /^'.*'![A-Z]+\d+$|^sheets\./.test(issue.path);
      return h('li', { 'data-testid': 'posture-import-issue', 'data-row': row?.[1] ?? '' }, row ? `Row ${row[1]}, ${row[2]}: ${issue.message}` : named ? issue.message : `${issue.path}: ${issue.message}`);
    });
    return h(
      'div',
      { class: 'posture-refusal', 'data-testid': 'posture-import-refusal', role: 'alert' },
      h('p', {}, h('strong', {}, 'Not imported: '), errorMessage(error)),
      rows.length > 0 ? h('ul', {}, rows) : null,
      issues.length > 50 ? h('p', { class: 'hint' }, `and ${issues.length - 50} more`) : null,
    );
  }
}
