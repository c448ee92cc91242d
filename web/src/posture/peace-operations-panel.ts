import { PRESENCE_KINDS, PRESENCE_LABELS, TROOP_PART_LABELS, TROOP_PARTS } from '../../../src/core/posture/peace-operations.js';
import type { PeaceOperationMissions, PeaceOperationSeries } from '../../../src/core/posture/peace-operations-api.schema.js';
import type { ArmsCompaniesAnswer } from '../../../src/core/spending/spending-api.schema.js';
import { formatCount } from '../../../src/reporting/numbers.js';
import { stackedYearChart } from '../../../src/reporting/stacked-year-chart.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import { svgFromMarkup } from '../monitor/svg-markup.js';

type Mission = PeaceOperationMissions['items'][number];
type Country = ArmsCompaniesAnswer['countries'][number];

const GEO_PKO_URL = 'https://www.uu.se/en/department/peace-and-conflict-research/research/research-data/geo-pko-dataset';
const TOP100_URL = 'https://www.sipri.org/databases/armsindustry';
const ALL = '';
/** The first view: the country whose companies have the most arms revenue. */
const LARGEST = '*largest';

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);
const usdM = (value: number | null) => (value === null ? 'not given' : value.toLocaleString('en-GB', { maximumFractionDigits: 1 }));

function section(testId: string, title: string): { element: HTMLElement; controls: HTMLElement; status: HTMLElement; body: HTMLElement } {
  const controls = h('div', { class: 'posture-controls' });
  const status = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'posture-panel-body' });
  const element = h('section', { class: 'posture-panel', 'data-testid': testId, 'aria-label': title }, h('h2', { class: 'posture-panel-title' }, title), controls, status, body);
  return { element, controls, status, body };
}

/**
 * UN peace operations from Geo-PKO, and the arms industry from SIPRI's Top 100, in the Posture area. Pick a mission:
 * its troops by type per year as stacked bars (personnel: infantry, reserve, other, type not given) with its
 * protective share as a line (places with a medical unit, UN police or military observers over all its places), and
 * a table of every year with the places of each kind. Pick a country: its companies in the latest Top 100, with each
 * one's arms revenue, its share of the list's combined arms revenue and of the company's own revenue.
 */
export class PeaceOperationsPanel {
  readonly element: HTMLElement;
  private readonly missionSelect = h('select', { id: 'pko-mission', name: 'pko-mission', 'data-testid': 'pko-mission' });
  private readonly countrySelect = h('select', { id: 'top100-country', name: 'top100-country', 'data-testid': 'top100-country' });
  private readonly operations = section('pko-panel', 'UN peace operations: deployments by unit type (Geo-PKO)');
  private readonly companies = section('top100-panel', 'Arms-producing companies (SIPRI Top 100)');
  private readonly missionsLoad: Loadable<[]>;
  private readonly seriesLoad: Loadable<[string]>;
  private readonly companiesLoad: Loadable<[string]>;
  private missions: Mission[] = [];
  /** The country asked for last (the first view: the largest). */
  private country = LARGEST;

  constructor(private readonly api: ApiClient) {
    this.element = h('div', { class: 'posture-panels', 'data-testid': 'pko-panels' }, this.operations.element, this.companies.element);
    mount(this.operations.controls, h('div', { class: 'field' }, h('label', { for: 'pko-mission' }, 'Mission'), this.missionSelect));
    mount(this.companies.controls, h('div', { class: 'field' }, h('label', { for: 'top100-country' }, 'Country'), this.countrySelect));
    this.missionsLoad = loadable(
      this.operations.controls,
      (signal) => api.peaceOperationMissions(signal),
      (list) => this.showMissions(list),
      { stateKey: 'missions', status: this.operations.status, readyState: (list) => (list.items.length === 0 ? 'empty' : 'ready'), failed: 'The missions could not be listed' },
    );
    this.seriesLoad = loadable(
      this.operations.element,
      (signal, mission) => api.peaceOperationSeries(mission, signal),
      (answer) => this.drawSeries(answer),
      { status: this.operations.status, failed: 'The mission could not be loaded' },
    );
    this.companiesLoad = loadable(
      this.companies.element,
      (signal, country) => api.armsCompanies({ country: country === ALL || country === LARGEST ? undefined : country }, signal),
      (answer, country) => this.drawCompanies(answer, country),
      { status: this.companies.status, readyState: (answer) => (answer.year === null ? 'empty' : 'ready'), failed: 'The Top 100 could not be loaded' },
    );
    this.missionSelect.addEventListener('change', () => void this.seriesLoad.load(this.missionSelect.value));
    this.countrySelect.addEventListener('change', () => {
      this.country = this.countrySelect.value;
      void this.companiesLoad.load(this.country);
    });
    void this.missionsLoad.load();
    void this.companiesLoad.load(this.country);
  }

  /** Stops what is loading (the area is left); `reshow` loads again what was stopped before it was shown. */
  hide(): void {
    this.missionsLoad.abort();
    this.seriesLoad.abort();
    this.companiesLoad.abort();
  }

  reshow(): void {
    const settled = (state: string | undefined) => state === 'ready' || state === 'empty';
    if (!settled(this.operations.controls.dataset.missions)) void this.missionsLoad.load();
    else if (!settled(this.operations.element.dataset.state) && this.missionSelect.value) void this.seriesLoad.load(this.missionSelect.value);
    if (!settled(this.companies.element.dataset.state)) void this.companiesLoad.load(this.country);
  }

  destroy(): void {
    this.hide();
    this.element.remove();
  }

  private showMissions(list: PeaceOperationMissions): string {
    this.missions = list.items;
    if (list.items.length === 0) {
      this.operations.element.dataset.state = 'empty';
      this.missionSelect.disabled = true;
      mount(
        this.operations.body,
        h(
          'p',
          { class: 'posture-message', 'data-testid': 'pko-empty' },
          "No peace operations are held. Import Geo-PKO's mission–year–location table (",
          h('a', { href: GEO_PKO_URL, rel: 'noopener', target: '_blank' }, 'Geo-PKO, Uppsala University'),
          ') on the server with ',
          h('code', {}, 'haven posture pko import <file>'),
          '.',
        ),
      );
      return '';
    }
    // The most recent missions first: those still deployed are what a reader asks about.
    const ordered = [...list.items].sort((a, b) => b.lastYear - a.lastYear || a.mission.localeCompare(b.mission));
    this.missionSelect.disabled = false;
    mount(
      this.missionSelect,
      ordered.map((m) => h('option', { value: m.mission }, `${m.mission} — ${m.countries.join(', ')}, ${m.firstYear === m.lastYear ? m.firstYear : `${m.firstYear}–${m.lastYear}`}`)),
    );
    void this.seriesLoad.load(ordered[0]!.mission);
    return '';
  }

  private drawSeries(answer: PeaceOperationSeries): string {
    const mission = this.missions.find((m) => m.mission === answer.mission);
    const from = answer.years[0]?.year ?? mission?.firstYear ?? 0;
    const to = answer.years.at(-1)?.year ?? mission?.lastYear ?? 0;
    const markup = stackedYearChart({
      id: 'pko-chart',
      title: `${answer.mission}: troops by type and the protective share`,
      description: `UN peace operation ${answer.mission} (Geo-PKO): troops by type, summed over its places (each place's yearly mean), and the share of its places with a medical unit, UN police or military observers.`,
      from,
      to,
      parts: TROOP_PARTS.map((key) => ({ key, label: TROOP_PART_LABELS[key] })),
      years: answer.years.map((y) => ({ year: y.year, values: TROOP_PARTS.map((part) => y.troops[part]) })),
      valueLabel: 'troops (personnel)',
      share: { label: 'Protective share of places', points: answer.years.map((y) => ({ year: y.year, value: y.protectiveShare })) },
    });
    const table = h(
      'table',
      { class: 'posture-table', 'data-testid': 'pko-table' },
      h('caption', {}, `${answer.mission}: troops (personnel) and places with each element, by year`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Year'),
          h('th', { scope: 'col', class: 'num' }, 'Places'),
          h('th', { scope: 'col', class: 'num' }, 'Troops'),
          TROOP_PARTS.map((part) => h('th', { scope: 'col', class: 'num' }, TROOP_PART_LABELS[part])),
          PRESENCE_KINDS.map((kind) => h('th', { scope: 'col', class: 'num' }, PRESENCE_LABELS[kind])),
          h('th', { scope: 'col', class: 'num' }, 'Protective share'),
        ),
      ),
      h(
        'tbody',
        {},
        answer.years.map((y) =>
          h(
            'tr',
            { 'data-year': y.year, 'data-total': y.troops.total, 'data-locations': y.locations, 'data-protective': y.protectiveLocations },
            h('th', { scope: 'row' }, String(y.year)),
            h('td', { class: 'num' }, formatCount(y.locations)),
            h('td', { class: 'num' }, y.locationsWithoutTroopFigure > 0 ? `${formatCount(y.troops.total)} (${formatCount(y.locationsWithoutTroopFigure)} without a figure)` : formatCount(y.troops.total)),
            TROOP_PARTS.map((part) => h('td', { class: 'num', 'data-part': part }, formatCount(y.troops[part]))),
            PRESENCE_KINDS.map((kind) => h('td', { class: 'num', 'data-kind': kind }, formatCount(y.locationsWith[kind]))),
            h('td', { class: 'num', 'data-share': y.protectiveShare }, percent(y.protectiveShare)),
          ),
        ),
      ),
    );
    const above = answer.years.filter((y) => y.locationsWithTroopTypesAboveTotal > 0);
    mount(
      this.operations.body,
      h('figure', { class: 'posture-chart', 'data-testid': 'pko-chart' }, svgFromMarkup(markup)),
      h(
        'p',
        { class: 'posture-note' },
        'Troops are personnel as Geo-PKO estimates them from the units on UN deployment maps (standard unit sizes), each place counted once a year at its yearly mean. Police, medical units, aviation, observers and headquarters are counted as places where a map shows them, not as people. The protective share is the share of places with a medical unit, UN police or military observers.',
      ),
      answer.missingYears.length > 0 ? h('p', { class: 'posture-note', 'data-testid': 'pko-missing-years' }, `No deployment map in Geo-PKO for ${answer.missingYears.join(', ')}: a gap, not a year without peacekeepers.`) : null,
      above.length > 0
        ? h('p', { class: 'posture-note' }, `In ${above.map((y) => y.year).join(', ')}, some places' infantry and reserve exceed their mean troops (Geo-PKO takes each mean over the maps that give it); their other troops count as 0, so the bar is a little taller than the total.`)
        : null,
      h('div', { class: 'posture-table-scroll' }, table),
      h('p', { class: 'posture-source' }, 'Source: Geo-PKO', answer.release ? ` (${answer.release})` : '', ', ', h('a', { href: GEO_PKO_URL, rel: 'noopener', target: '_blank' }, 'Uppsala University'), '; Cil, Fjelde, Hultman & Nilsson (2020), “Mapping blue helmets”, Journal of Peace Research 57(2).'),
    );
    return '';
  }

  private drawCompanies(answer: ArmsCompaniesAnswer, asked: string): string {
    if (answer.year === null) {
      this.countrySelect.disabled = true;
      mount(this.companies.body, h('p', { class: 'posture-message', 'data-testid': 'top100-empty' }, "No Top 100 list is held. Import SIPRI's list on the server with ", h('code', {}, 'haven spending companies import <file>'), '.'));
      return '';
    }
    this.countrySelect.disabled = false;
    const keyOf = (c: { country: string; countryCode: string | null }) => c.countryCode ?? c.country;
    const wanted = asked === LARGEST ? (answer.countries[0] ? keyOf(answer.countries[0]) : ALL) : asked;
    const option = (c: Country) => h('option', { value: keyOf(c), selected: keyOf(c) === wanted }, `${c.country} (${c.companies})`);
    mount(this.countrySelect, h('option', { value: ALL, selected: wanted === ALL }, `All countries (${answer.listed})`), answer.countries.map(option));
    const chosen = answer.countries.find((c) => keyOf(c) === wanted);
    // Asked for one country, the server sent only its companies; on the first view, the list is narrowed here.
    const shown = chosen ? answer.companies.filter((c) => keyOf(c) === wanted) : answer.companies;
    // One country's companies need no country column; the whole list does.
    const withCountry = !chosen;
    const table = h(
      'table',
      { class: 'posture-table', 'data-testid': 'top100-table' },
      h('caption', {}, `SIPRI Top 100, ${answer.year} — ${chosen ? chosen.country : 'every company'}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'num' }, 'Rank'),
          h('th', { scope: 'col' }, 'Company'),
          withCountry ? h('th', { scope: 'col' }, 'Country') : null,
          h('th', { scope: 'col', class: 'num' }, 'Arms revenue, US$ m'),
          h('th', { scope: 'col', class: 'num' }, 'Of the Top 100'),
          h('th', { scope: 'col', class: 'num' }, 'Arms share of its revenue'),
        ),
      ),
      h(
        'tbody',
        {},
        shown.map((c) =>
          h(
            'tr',
            { 'data-rank': c.rank, 'data-company': c.company },
            h('td', { class: 'num' }, String(c.rank)),
            h('td', {}, c.company),
            withCountry ? h('td', {}, c.country) : null,
            h('td', { class: 'num', 'data-col': 'armsRevenue', 'data-value': c.armsRevenueUsdM }, usdM(c.armsRevenueUsdM)),
            h('td', { class: 'num', 'data-col': 'shareOfListTotal', 'data-value': c.shareOfListTotal }, percent(c.shareOfListTotal)),
            h('td', { class: 'num', 'data-col': 'armsShareOfTotal', 'data-value': c.armsShareOfTotal ?? '' }, c.armsShareOfTotal === null ? 'not given' : percent(c.armsShareOfTotal)),
          ),
        ),
      ),
    );
    mount(
      this.companies.body,
      chosen
        ? h('p', { class: 'posture-note', 'data-testid': 'top100-country-total' }, `${chosen.country}: ${formatCount(chosen.companies)} of the ${answer.listed} companies, ${usdM(chosen.armsRevenueUsdM)} US$ m of arms revenue, ${percent(chosen.shareOfListTotal)} of the list's ${usdM(answer.listTotalUsdM)} US$ m.`)
        : h('p', { class: 'posture-note', 'data-testid': 'top100-country-total' }, `${answer.listed} companies, ${usdM(answer.listTotalUsdM)} US$ m of arms revenue together in ${answer.year}.`),
      h('div', { class: 'posture-table-scroll' }, table),
      h('p', { class: 'posture-source' }, 'Source: SIPRI Top 100 arms-producing and military services companies', answer.release ? ` (${answer.release})` : '', ', ', h('a', { href: TOP100_URL, rel: 'noopener', target: '_blank' }, 'SIPRI Arms Industry Database'), '. A figure SIPRI does not give is “not given”, never 0.'),
    );
    return '';
  }
}
