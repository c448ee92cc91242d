import type { CaseSummary } from '../../../src/core/accountability/case.schema.js';
import { CASE_STATUSES } from '../../../src/core/accountability/case-workflow.js';
import type { ApiClient } from '../shared/api-client.js';
import { caseStatusBadge, CASE_STATUS_LABELS, categoryText } from './case-labels.js';
import { h, isAbort } from '../shared/dom.js';
import { timestampText } from '../shared/format.js';

/** The cases, most recently changed first, with a status filter; each row opens its case. */
export class CaseList {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'queue-rows', 'data-testid': 'case-list', 'aria-label': 'Cases' });
  private readonly status = h('p', { class: 'list-status', role: 'status' });
  private readonly statusFilter = h(
    'select',
    { 'aria-label': 'Status', 'data-testid': 'case-status-filter', onchange: () => this.reload() },
    h('option', { value: '' }, 'Every status'),
    CASE_STATUSES.map((s) => h('option', { value: s }, CASE_STATUS_LABELS[s])),
  );
  private selectedId: string | undefined;
  private inFlight: AbortController | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly onOpen: (id: string) => void,
  ) {
    this.element = h(
      'section',
      { class: 'force-queue case-list', 'aria-labelledby': 'case-list-title', 'data-state': 'loading' },
      h(
        'div',
        { class: 'queue-head' },
        h('h2', { class: 'panel-title', id: 'case-list-title' }, 'Cases'),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'case-refresh', onclick: () => this.reload() }, 'Refresh'),
      ),
      h('div', { class: 'case-filter' }, this.statusFilter),
      this.list,
      this.status,
    );
    this.reload();
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const row of this.list.querySelectorAll<HTMLElement>('[data-id]')) {
      if (row.dataset.id === id) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  reload(): void {
    void this.load();
  }

  destroy(): void {
    this.inFlight?.abort();
  }

  private async load(): Promise<void> {
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    this.element.dataset.state = 'loading';
    this.status.textContent = 'Loading…';
    try {
      const { items } = await this.api.listCases({ status: this.statusFilter.value || undefined }, request.signal);
      this.list.replaceChildren(...items.map((item) => this.row(item)));
      this.status.textContent = items.length === 0 ? 'No cases.' : '';
      this.element.dataset.state = 'ready';
      this.element.dataset.count = String(items.length);
      this.select(this.selectedId);
    } catch (error) {
      if (isAbort(error)) return;
      this.status.textContent = `The cases could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      this.element.dataset.state = 'error';
    }
  }

  private row(item: CaseSummary): HTMLElement {
    return h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'queue-row', 'data-testid': 'case-row', 'data-id': item.id, 'data-status': item.status, onclick: () => this.onOpen(item.id) },
        h('span', { class: 'queue-top' }, caseStatusBadge(item.status, item.outcome), h('time', { datetime: item.updatedAt }, timestampText(item.updatedAt))),
        h('span', { class: 'queue-mission' }, item.title),
        h(
          'span',
          { class: 'queue-purpose' },
          [item.categories.map(categoryText).join(', ') || 'No qualification yet', `${item.incidentCount} incident${item.incidentCount === 1 ? '' : 's'}`, `${item.perpetratorCount} alleged perpetrator${item.perpetratorCount === 1 ? '' : 's'}`].join(' · '),
        ),
      ),
    );
  }
}
