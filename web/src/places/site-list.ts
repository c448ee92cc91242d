import { SITE_CATEGORIES, type Site, type SiteCategory } from '../../../src/core/places/site.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import type { SiteListQuery } from '../shared/place-api-types.js';
import { debounce, h } from '../shared/dom.js';
import { RegisterList } from '../shared/register-list.js';
import { formatCount } from '../shared/format.js';
import { oneOf } from './place-form.js';
import { SITE_CATEGORY_CHOICES, SITE_CATEGORY_LABELS, SITE_COLORS, SITE_STATUS_LABELS, colourMark } from './place-labels.js';

const PAGE = 25;

export interface SiteListOptions {
  onOpen(site: Site): void;
  /** The category filter applies to the map's dots too. */
  onCategory(category: SiteCategory | undefined): void;
}

/** The protected sites of the register, filtered by category, country and name, a page at a time. */
export class SiteList {
  readonly element: HTMLElement;
  private readonly category = h(
    'select',
    { 'aria-label': 'Category', 'data-testid': 'site-category-filter' },
    h('option', { value: '' }, 'Every category'),
    SITE_CATEGORY_CHOICES.map((c) => h('option', { value: c.value }, c.label)),
  );
  private readonly country = h('input', { type: 'text', size: 4, maxlength: 3, placeholder: 'ISO3', 'aria-label': 'Country (ISO 3166 alpha-3)', class: 'code-input', 'data-testid': 'site-country-filter' });
  private readonly search = h('input', { type: 'search', placeholder: 'Name contains…', 'aria-label': 'Name contains', 'data-testid': 'site-search' });
  private readonly previous = h('button', { type: 'button', 'data-testid': 'site-previous', onclick: () => this.turn(-1) }, '← Previous');
  private readonly next = h('button', { type: 'button', 'data-testid': 'site-next', onclick: () => this.turn(1) }, 'Next →');
  private readonly pageText = h('span', { class: 'page-text', 'data-testid': 'site-page' });
  private readonly searchSoon = debounce(() => this.first(), 300);
  private offset = 0;
  private readonly list: RegisterList<{ items: Site[]; total: number }, Site>;

  constructor(
    private readonly api: ApiClient,
    private readonly options: SiteListOptions,
  ) {
    this.category.addEventListener('change', () => {
      this.options.onCategory(oneOf(SITE_CATEGORIES, this.category.value));
      this.first();
    });
    this.country.addEventListener('input', () => {
      const code = this.country.value.trim();
      if (code.length === 0 || code.length === 3) this.searchSoon();
    });
    this.search.addEventListener('input', () => this.searchSoon());
    this.list = new RegisterList({
      attrs: { class: 'place-list site-list-panel', 'aria-label': 'Protected sites' },
      rowsAttrs: { class: 'queue-rows place-rows', 'data-testid': 'site-list', 'aria-label': 'Protected sites' },
      statusAttrs: { 'data-testid': 'site-list-status' },
      above: [h('div', { class: 'place-filters' }, h('label', {}, 'Category ', this.category), h('label', {}, 'Country ', this.country), h('label', { class: 'grow' }, this.search))],
      below: [h('div', { class: 'pager' }, this.previous, this.pageText, this.next)],
      fetch: (signal) => this.api.listSites(this.query(), signal),
      items: ({ items }) => items,
      row: (site) => this.row(site),
      summary: ({ total }) => (total === 0 ? 'No protected sites match.' : ''),
      onShown: ({ items, total }) => {
        this.pageText.textContent = total === 0 ? '' : `${formatCount(this.offset + 1)}–${formatCount(this.offset + items.length)} of ${formatCount(total)}`;
        this.previous.disabled = this.offset === 0;
        this.next.disabled = this.offset + items.length >= total;
        this.element.dataset.total = String(total);
      },
      failed: 'The sites could not be loaded',
    });
    this.element = this.list.element;
  }

  reload(): void {
    this.list.reload();
  }

  select(id: string | undefined): void {
    this.list.select(id);
  }

  destroy(): void {
    this.searchSoon.cancel();
    this.list.destroy();
  }

  private first(): void {
    this.offset = 0;
    this.reload();
  }

  private turn(step: -1 | 1): void {
    this.offset = Math.max(0, this.offset + step * PAGE);
    this.reload();
  }

  private query(): SiteListQuery {
    const country = this.country.value.trim().toUpperCase();
    return { category: oneOf(SITE_CATEGORIES, this.category.value), country: country.length === 3 ? country : undefined, q: this.search.value.trim() || undefined, limit: PAGE, offset: this.offset };
  }

  private row(site: Site): HTMLElement {
    return h(
      'button',
      { type: 'button', class: 'queue-row', 'data-testid': 'site-row', 'data-id': site.id, 'data-category': site.category, onclick: () => this.options.onOpen(site) },
      h('span', { class: 'queue-top' }, colourMark(SITE_COLORS[site.category]), SITE_CATEGORY_LABELS[site.category], h('span', { class: 'place-status' }, SITE_STATUS_LABELS[site.status])),
      h('span', { class: 'queue-mission' }, site.name),
      h('span', { class: 'queue-purpose' }, [site.country, site.admin1, site.source.dataset].filter(Boolean).join(' · ')),
    );
  }
}
