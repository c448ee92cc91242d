import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { actorText, ledgerKindLabel } from './force-labels.js';
import type { LedgerEntry } from '../shared/force-types.js';
import { timestampText } from '../shared/format.js';

const SHORT_HASH = 12;

/**
 * A request's entries in the ledger: sequence number, kind, who, when and the start of the hash (the whole hash on
 * hover). The link downloads the run of the chain that holds them, which verifies on any machine.
 */
export function ledgerEntries(api: ApiClient, entries: readonly LedgerEntry[]): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'empty' }, 'No ledger entries.');
  const seqs = entries.map((e) => e.seq);
  const from = Math.min(...seqs);
  const to = Math.max(...seqs);
  return h(
    'div',
    { class: 'ledger-entries' },
    h(
      'table',
      { class: 'data-table', 'data-testid': 'ledger-entries' },
      h('thead', {}, h('tr', {}, ['Seq', 'Kind', 'Who', 'When', 'Hash'].map((heading) => h('th', { scope: 'col' }, heading)))),
      h(
        'tbody',
        {},
        entries.map((entry) =>
          h(
            'tr',
            { 'data-testid': 'ledger-entry', 'data-seq': entry.seq, 'data-kind': entry.kind },
            h('td', { class: 'numeric' }, String(entry.seq)),
            h('td', {}, ledgerKindLabel(entry.kind)),
            h('td', {}, actorText(entry.actor)),
            h('td', { class: 'nowrap' }, h('time', { datetime: entry.at }, timestampText(entry.at))),
            h('td', {}, h('code', { class: 'hash', title: `hash ${entry.hash}\nprevious ${entry.prevHash}\nsigned with key ${entry.keyId}` }, `${entry.hash.slice(0, SHORT_HASH)}…`)),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      h('a', { href: api.ledgerSegmentUrl(from, to), download: '', 'data-testid': 'request-ledger-download' }, `Download entries ${from}–${to}`),
      ' of the ledger (JSON lines with the public keys; entries of other requests in between are included, so the run verifies on its own).',
    ),
  );
}
