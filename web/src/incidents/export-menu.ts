import type { ApiClient } from '../shared/api-client.js';
import type { ExportFormat } from '../../../src/core/import-job.schema.js';
import { h } from '../shared/dom.js';
import { filterIsEmpty, type Filter } from '../shared/filter-query.js';

const CHOICES: readonly { format: ExportFormat; label: string; description: string }[] = [
  { format: 'csv', label: 'Haven CSV', description: 'Every field, one row per incident; Haven imports it back.' },
  { format: 'geojson', label: 'GeoJSON', description: 'Points with their details, for GIS tools.' },
  { format: 'hxl', label: 'HXL', description: 'CSV with HXL hashtags, for humanitarian tools.' },
  { format: 'ged', label: 'GED-shaped CSV', description: 'UCDP GED columns, for conflict research.' },
];

let menus = 0;

/**
 * "Export": a disclosure button whose menu links to downloads of the incidents the current filter matches. The links
 * are built when the menu opens, from the filter shown at that moment; the server streams the file.
 */
export class ExportMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly popup: HTMLElement;
  private readonly scope = h('p', { class: 'menu-lede', 'data-testid': 'export-scope' });
  private readonly links: Map<ExportFormat, HTMLAnchorElement>;
  private readonly onOutside = (event: PointerEvent) => {
    if (!this.element.contains(event.target as Node)) this.close(false);
  };

  constructor(
    private readonly api: ApiClient,
    private readonly currentFilter: () => Filter,
  ) {
    const id = `export-menu-${++menus}`;
    this.links = new Map(
      CHOICES.map(({ format, label, description }) => [
        format,
        h('a', { class: 'menu-item', download: '', 'data-testid': `export-${format}`, onclick: () => this.close(true) }, h('strong', {}, label), h('span', {}, description)),
      ]),
    );
    this.button = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': id, 'data-testid': 'export-button', onclick: () => this.toggle() }, 'Export', h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
    this.popup = h(
      'div',
      { class: 'menu-popup', id, role: 'group', 'aria-label': 'Export the incidents', 'data-testid': 'export-menu', hidden: true },
      this.scope,
      h('ul', { class: 'menu-list' }, [...this.links.values()].map((link) => h('li', {}, link))),
      h('p', { class: 'menu-note', 'data-testid': 'export-note' }, 'Sensitive details (victims, witnesses and who the sources are) are never included.'),
    );
    this.element = h('div', { class: 'menu' }, this.button, this.popup);
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.popup.hidden) {
        event.stopPropagation();
        this.close(true);
      }
    });
    // Leaving the menu with Tab closes it, as a click elsewhere does.
    this.element.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !this.element.contains(next)) this.close(false);
    });
  }

  private toggle(): void {
    if (this.popup.hidden) this.open();
    else this.close(true);
  }

  private open(): void {
    const filter = this.currentFilter();
    this.scope.textContent = filterIsEmpty(filter) ? 'Download all incidents as:' : 'Download the incidents that match the current filter as:';
    for (const [format, link] of this.links) link.href = this.api.exportUrl(filter, format);
    this.popup.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', this.onOutside);
    [...this.links.values()][0]?.focus();
  }

  close(returnFocus: boolean): void {
    if (this.popup.hidden) return;
    this.popup.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.onOutside);
    if (returnFocus) this.button.focus();
  }
}
