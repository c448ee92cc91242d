import { countryName, isCountryCode } from '../../../src/core/countries.js';
import { incidentFilterSchema } from '../../../src/core/incident-filter.schema.js';
import { CATEGORIES, THEMES, themesOfCategory, type Theme } from '../../../src/core/taxonomy.js';
import { VERIFICATION_STATUSES } from '../../../src/core/verification.js';
import { h } from '../shared/dom.js';
import { issuesOf, placeIssues } from '../shared/field-errors.js';
import { checkboxGroup, choicesOf, dateInput, field, numberInput, select, textInput } from '../shared/form-controls.js';
import type { Filter } from '../shared/filter-query.js';
import { readForm } from '../shared/form-value.js';
import { STATUS_LABELS, categoryLabel, themeLabel } from '../shared/format.js';

const SCOPE = 'filter';

const EXERCISE_CHOICES = [
  { value: 'false', label: 'Real reports only' },
  { value: 'true', label: 'Exercise data only' },
];

const withTestId = <E extends HTMLElement>(element: E, testId: string): E => {
  element.dataset.testid = testId;
  return element;
};

const CONFLICT_CHOICES = [
  { value: 'true', label: 'Only with conflicts to resolve' },
  { value: 'false', label: 'Only without conflicts' },
];

/**
 * The filter panel: edits a copy of the filter and hands it over on "Apply", after the core's filter schema accepted
 * it. Categories follow the chosen themes: only categories that belong to one of them are offered.
 */
export class FilterPanel {
  readonly element: HTMLFormElement;

  constructor(
    filter: Filter,
    private readonly onApply: (filter: Filter) => void,
  ) {
    this.element = h('form', { class: 'filter-panel', 'data-testid': 'filter-panel', 'aria-label': 'Filter incidents', novalidate: true });
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.apply();
    });
    this.element.addEventListener('change', (event) => {
      if ((event.target as HTMLInputElement).name === 'themes') this.showCategoriesOfThemes();
    });
    this.element.addEventListener('input', (event) => {
      if ((event.target as HTMLInputElement).name === 'countries') this.showCountryNames();
    });
    this.show(filter);
  }

  /** Shows a filter, e.g. after the browser's back button changed the URL. */
  show(filter: Filter): void {
    const countries = textInput('optional', filter.countries?.join(', '), { placeholder: 'e.g. NGA, SDN', 'data-testid': 'filter-countries', spellcheck: 'false' });
    this.element.replaceChildren(
      h('h2', { class: 'panel-title' }, 'Filter'),
      field(SCOPE, 'q', 'Text in title or narrative', textInput('optional', filter.q, { type: 'search', 'data-testid': 'filter-q' })),
      field(SCOPE, 'from', 'From date', dateInput('optional', filter.from, { 'data-testid': 'filter-from' })),
      field(SCOPE, 'to', 'To date', dateInput('optional', filter.to, { 'data-testid': 'filter-to' })),
      field(SCOPE, 'countries', 'Countries (ISO 3166 alpha-3)', countries, { hint: h('span', { class: 'country-names' }) }),
      field(SCOPE, 'actor', 'Actor name contains', textInput('optional', filter.actor, { 'data-testid': 'filter-actor' })),
      field(SCOPE, 'minDeaths', 'Minimum killed (best estimate)', numberInput(filter.minDeaths, { min: 0, step: 1, 'data-testid': 'filter-min-deaths' })),
      checkboxGroup(SCOPE, 'statuses', 'Verification', choicesOf(VERIFICATION_STATUSES, (s) => STATUS_LABELS[s]), filter.statuses ?? [], {
        'data-testid': 'filter-statuses',
      }),
      checkboxGroup(SCOPE, 'themes', 'Themes', choicesOf(THEMES, themeLabel), filter.themes ?? [], { 'data-testid': 'filter-themes' }),
      checkboxGroup(SCOPE, 'categories', 'Categories', choicesOf(CATEGORIES, categoryLabel), filter.categories ?? [], {
        'data-testid': 'filter-categories',
        class: 'check-group scrolling',
      }),
      field(
        SCOPE,
        'exercise',
        'Exercise data',
        select('optional', EXERCISE_CHOICES, filter.exercise === undefined ? undefined : String(filter.exercise), 'Real and exercise'),
      ),
      field(
        SCOPE,
        'hasConflicts',
        'Conflicts (fields changed on both sides)',
        withTestId(select('optional', CONFLICT_CHOICES, filter.hasConflicts === undefined ? undefined : String(filter.hasConflicts), 'With or without'), 'filter-has-conflicts'),
      ),
      h('p', { class: 'field-error', 'data-error-for': '', hidden: true }),
      h(
        'div',
        { class: 'actions sticky' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'filter-apply' }, 'Apply'),
        h('button', { type: 'button', 'data-testid': 'filter-reset', onclick: () => this.reset() }, 'Reset'),
      ),
    );
    this.showCategoriesOfThemes();
    this.showCountryNames();
  }

  private apply(): void {
    const raw = readForm(this.element);
    const countries = typeof raw['countries'] === 'string' ? raw['countries'].split(/[\s,;]+/).filter(Boolean) : [];
    if (countries.length > 0) raw['countries'] = countries;
    const parsed = incidentFilterSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error).map((issue) => {
        const index = /^countries\.(\d+)$/.exec(issue.path)?.[1];
        return index === undefined ? issue : { ...issue, message: `${countries[Number(index)]} ${issue.message.replace(/^must be/, 'is not one of the')}` };
      });
      placeIssues(this.element, issues, 'client');
      return;
    }
    placeIssues(this.element, [], 'client');
    const { bbox: _notUsed, ...filter } = parsed.data;
    this.onApply(filter);
  }

  private reset(): void {
    this.show({});
    placeIssues(this.element, [], 'client');
    this.onApply({});
  }

  private showCategoriesOfThemes(): void {
    const chosen = new Set([...this.element.querySelectorAll<HTMLInputElement>('input[name="themes"]:checked')].map((i) => i.value as Theme));
    for (const option of this.element.querySelectorAll<HTMLElement>('[data-testid="filter-categories"] [data-choice]')) {
      const category = option.dataset.choice as (typeof CATEGORIES)[number];
      const fits = chosen.size === 0 || themesOfCategory(category).some((t) => chosen.has(t));
      option.hidden = !fits;
      const input = option.querySelector('input');
      if (!fits && input) input.checked = false;
    }
  }

  private showCountryNames(): void {
    const input = this.element.querySelector<HTMLInputElement>('input[name="countries"]');
    const names = this.element.querySelector('.country-names');
    if (!input || !names) return;
    const codes = input.value.toUpperCase().split(/[\s,;]+/).filter(Boolean);
    names.textContent = codes.map((code) => (isCountryCode(code) ? countryName(code) : `${code}?`)).join(', ');
  }
}
