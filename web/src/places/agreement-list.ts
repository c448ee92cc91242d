import type { Agreement } from '../../../src/core/places/agreement.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { RegisterList } from '../shared/register-list.js';
import { AGREEMENT_KIND_LABELS, validityText } from './place-labels.js';

/** Ceasefires and local agreements, oldest first; each row opens its agreement. */
export function agreementList(api: ApiClient, onOpen: (agreement: Agreement) => void): RegisterList<{ items: Agreement[] }, Agreement> {
  return new RegisterList({
    attrs: { class: 'place-list agreement-list-panel', 'aria-label': 'Agreements' },
    rowsAttrs: { class: 'queue-rows place-rows', 'data-testid': 'agreement-list', 'aria-label': 'Agreements' },
    fetch: (signal) => api.listAgreements(signal),
    items: ({ items }) => items,
    row: (agreement) => agreementRow(agreement, onOpen),
    summary: (_, items) => (items.length === 0 ? 'No agreements recorded.' : ''),
    failed: 'The agreements could not be loaded',
  });
}

function agreementRow(agreement: Agreement, onOpen: (agreement: Agreement) => void): HTMLElement {
  const zones = agreement.zoneIds.length === 0 ? 'everywhere the parties fight' : `${agreement.zoneIds.length} zone${agreement.zoneIds.length === 1 ? '' : 's'}`;
  return h(
    'button',
    { type: 'button', class: 'queue-row', 'data-testid': 'agreement-row', 'data-id': agreement.id, onclick: () => onOpen(agreement) },
    h('span', { class: 'queue-top' }, AGREEMENT_KIND_LABELS[agreement.kind], h('span', { class: 'place-status' }, validityText(agreement.validFrom, agreement.validTo))),
    h('span', { class: 'queue-mission' }, agreement.name),
    h('span', { class: 'queue-purpose' }, [agreement.parties.join(', '), zones, `${agreement.commitments.length} commitment${agreement.commitments.length === 1 ? '' : 's'}`].join(' · ')),
  );
}
