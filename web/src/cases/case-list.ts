import type { CaseSummary } from '../../../src/core/accountability/case.schema.js';
import { CASE_STATUSES } from '../../../src/core/accountability/case-workflow.js';
import type { ApiClient } from '../shared/api-client.js';
import { caseStatusBadge, CASE_STATUS_LABELS, categoryText } from './case-labels.js';
import { h } from '../shared/dom.js';
import { timestampText } from '../shared/format.js';
import { RegisterList } from '../shared/register-list.js';

/**
 * What an empty list says: with no filter, who opens cases and how, so a new team is not left at a blank page.
 * `canWrite`: the reader may open one themselves.
 */
export function emptyCasesText(filtered: boolean, canWrite: boolean): string {
  if (filtered) return 'No cases with this status.';
  return canWrite
    ? 'No cases yet. Open one with "Open a case" above: it links incidents and evidence to alleged perpetrators and follows the case to its outcome.'
    : 'No cases yet. Investigators open cases (the investigator role); an administrator gives that role under Users.';
}

/** The cases, most recently changed first, with a status filter; each row opens its case. */
export function caseList(api: ApiClient, onOpen: (id: string) => void, canWrite: boolean): RegisterList<{ items: CaseSummary[] }, CaseSummary> {
  const statusFilter = h(
    'select',
    { 'aria-label': 'Status', 'data-testid': 'case-status-filter', onchange: () => list.reload() },
    h('option', { value: '' }, 'Every status'),
    CASE_STATUSES.map((s) => h('option', { value: s }, CASE_STATUS_LABELS[s])),
  );
  const list: RegisterList<{ items: CaseSummary[] }, CaseSummary> = new RegisterList({
    attrs: { class: 'force-queue case-list', 'aria-labelledby': 'case-list-title' },
    rowsAttrs: { class: 'queue-rows', 'data-testid': 'case-list', 'aria-label': 'Cases' },
    statusAttrs: { 'data-testid': 'case-list-status' },
    above: [
      h(
        'div',
        { class: 'queue-head' },
        h('h2', { class: 'panel-title', id: 'case-list-title' }, 'Cases'),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'case-refresh', onclick: () => list.reload() }, 'Refresh'),
      ),
      h('div', { class: 'case-filter' }, statusFilter),
    ],
    fetch: (signal) => api.listCases({ status: statusFilter.value || undefined }, signal),
    items: ({ items }) => items,
    row: (item) => caseRow(item, onOpen),
    summary: (_, items) => (items.length === 0 ? emptyCasesText(statusFilter.value !== '', canWrite) : ''),
    failed: 'The cases could not be loaded',
  });
  return list;
}

function caseRow(item: CaseSummary, onOpen: (id: string) => void): HTMLElement {
  return h(
    'button',
    { type: 'button', class: 'queue-row', 'data-testid': 'case-row', 'data-id': item.id, 'data-status': item.status, onclick: () => onOpen(item.id) },
    h('span', { class: 'queue-top' }, caseStatusBadge(item.status, item.outcome), h('time', { datetime: item.updatedAt }, timestampText(item.updatedAt))),
    h('span', { class: 'queue-mission' }, item.title),
    h(
      'span',
      { class: 'queue-purpose' },
      [item.categories.map(categoryText).join(', ') || 'No qualification yet', `${item.incidentCount} incident${item.incidentCount === 1 ? '' : 's'}`, `${item.perpetratorCount} alleged perpetrator${item.perpetratorCount === 1 ? '' : 's'}`].join(' · '),
    ),
  );
}
