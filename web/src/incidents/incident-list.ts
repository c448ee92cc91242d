import type { ListedIncident } from '../../../src/core/incident.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import type { Page } from '../../../src/core/api-contract.schema.js';
import { h } from '../shared/dom.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';
import type { Filter } from '../shared/filter-query.js';
import { countryLabel, dateWindowText, estimateText } from '../shared/format.js';
import '../shared/register-list.css';
import { conflictMarker, exerciseMarker, statusBadge } from './badges.js';

const PAGE_SIZE = 50;

/**
 * The filtered incidents, newest first, a page at a time ("Load more" follows the server's cursor). Each row opens the
 * incident's detail. The element's `data-state` is `loading` or `ready`.
 */
export class IncidentList {
  readonly element: HTMLElement;
  private readonly rows = h('ol', { class: 'incident-rows', 'data-testid': 'incident-list', 'aria-label': 'Incidents' });
  private readonly more = h('button', { type: 'button', class: 'load-more', 'data-testid': 'load-more', hidden: true }, 'Load more');
  private readonly status = h('p', { class: 'list-status', role: 'status' });
  private filter: Filter;
  private cursor: string | null = null;
  private readonly loader: Loadable<[fromStart: boolean]>;
  private selectedId: string | undefined;

  constructor(
    private readonly api: ApiClient,
    filter: Filter,
    private readonly onOpen: (id: string) => void,
  ) {
    this.filter = filter;
    this.element = h('section', { class: 'incident-list', 'aria-label': 'Incident list', 'data-state': 'loading' }, this.rows, this.status, this.more);
    this.loader = loadable(
      this.element,
      (signal, fromStart: boolean) => this.api.listIncidents(this.filter, { limit: PAGE_SIZE, cursor: fromStart ? undefined : (this.cursor ?? undefined) }, signal),
      (page, fromStart) => this.showPage(page, fromStart),
      {
        status: this.status,
        failed: (error) => {
          this.more.disabled = false;
          this.status.textContent = `The list could not be loaded: ${errorMessage(error)}`;
        },
      },
    );
    this.more.addEventListener('click', () => void this.loadPage(false));
    void this.loadPage(true);
  }

  setFilter(filter: Filter): void {
    this.filter = filter;
    void this.loadPage(true);
  }

  reload(): void {
    void this.loadPage(true);
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const row of this.rows.querySelectorAll<HTMLElement>('[data-id]')) {
      if (row.dataset.id === id) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  /** Back to the row after its detail closes, for keyboard users. */
  focusRow(id: string): void {
    this.rows.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`)?.focus();
  }

  private loadPage(fromStart: boolean): Promise<void> {
    this.more.disabled = true;
    return this.loader.load(fromStart);
  }

  private showPage(page: Page<ListedIncident>, fromStart: boolean): string {
    this.more.disabled = false;
    if (fromStart) this.rows.replaceChildren();
    this.rows.append(...page.items.map((incident) => this.row(incident)));
    this.cursor = page.nextCursor;
    this.more.hidden = page.nextCursor === null;
    return this.rows.childElementCount === 0 ? 'No incidents match the filter.' : '';
  }

  private row(incident: ListedIncident): HTMLElement {
    const button = h(
      'button',
      {
        type: 'button',
        // A row of a register list, styled as the other registers' rows are (shared/register-list.css).
        class: 'incident-row queue-row',
        'data-testid': 'incident-row',
        'data-id': incident.id,
        'data-country': incident.location.country,
        'data-killed-best': incident.killed.best,
        'data-status': incident.verificationStatus,
        'data-date-earliest': incident.dateEarliest,
        'data-date-latest': incident.dateLatest,
        'aria-current': incident.id === this.selectedId ? 'true' : undefined,
        onclick: () => this.onOpen(incident.id),
      },
      h(
        'span',
        { class: 'row-top' },
        h('time', { datetime: incident.dateEarliest }, dateWindowText(incident.dateEarliest, incident.dateLatest)),
        statusBadge(incident.verificationStatus),
      ),
      h('span', { class: 'row-title' }, incident.title),
      h(
        'span',
        { class: 'row-meta' },
        h('span', { class: 'row-country' }, countryLabel(incident.location.country)),
        h('span', { class: 'row-killed', title: 'People killed: best estimate (low–high)' }, `${estimateText(incident.killed)} killed`),
        incident.exercise ? exerciseMarker() : null,
        incident.openConflicts > 0 ? conflictMarker(incident.openConflicts) : null,
      ),
    );
    return h('li', {}, button);
  }
}
