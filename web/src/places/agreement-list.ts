import type { Agreement } from '../../../src/core/places/agreement.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, isAbort } from '../shared/dom.js';
import { AGREEMENT_KIND_LABELS, validityText } from './place-labels.js';

/** Ceasefires and local agreements, oldest first; each row opens its agreement. */
export class AgreementList {
  readonly element: HTMLElement;
  private readonly rows = h('ol', { class: 'queue-rows place-rows', 'data-testid': 'agreement-list', 'aria-label': 'Agreements' });
  private readonly status = h('p', { class: 'list-status', role: 'status' });
  private selectedId: string | undefined;
  private inFlight: AbortController | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly onOpen: (agreement: Agreement) => void,
  ) {
    this.element = h('section', { class: 'place-list agreement-list-panel', 'aria-label': 'Agreements', 'data-state': 'loading' }, this.rows, this.status);
    this.reload();
  }

  reload(): void {
    void this.load();
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const row of this.rows.querySelectorAll<HTMLElement>('[data-id]')) {
      if (row.dataset.id === id) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
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
      const { items } = await this.api.listAgreements(request.signal);
      this.rows.replaceChildren(...items.map((agreement) => this.row(agreement)));
      this.status.textContent = items.length === 0 ? 'No agreements recorded.' : '';
      this.element.dataset.state = 'ready';
      this.element.dataset.count = String(items.length);
      this.select(this.selectedId);
    } catch (error) {
      if (isAbort(error)) return;
      this.status.textContent = `The agreements could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      this.element.dataset.state = 'error';
    }
  }

  private row(agreement: Agreement): HTMLElement {
    const zones = agreement.zoneIds.length === 0 ? 'everywhere the parties fight' : `${agreement.zoneIds.length} zone${agreement.zoneIds.length === 1 ? '' : 's'}`;
    return h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'queue-row', 'data-testid': 'agreement-row', 'data-id': agreement.id, onclick: () => this.onOpen(agreement) },
        h('span', { class: 'queue-top' }, AGREEMENT_KIND_LABELS[agreement.kind], h('span', { class: 'place-status' }, validityText(agreement.validFrom, agreement.validTo))),
        h('span', { class: 'queue-mission' }, agreement.name),
        h('span', { class: 'queue-purpose' }, [agreement.parties.join(', '), zones, `${agreement.commitments.length} commitment${agreement.commitments.length === 1 ? '' : 's'}`].join(' · ')),
      ),
    );
  }
}
