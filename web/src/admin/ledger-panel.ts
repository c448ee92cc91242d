import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import type { LedgerVerification } from '../shared/force-types.js';
import { errorMessage, loadable } from '../shared/loadable.js';
import { formatCount } from '../shared/format.js';
import './ledger.css';

/**
 * The tamper-evident ledger, as a person checks it: "Verify ledger" asks the server to recompute every hash and check
 * every signature, and says plainly whether the chain is intact or where it first breaks. A segment can be downloaded
 * to verify elsewhere (`haven ledger verify-segment`).
 */
export class LedgerPanel {
  readonly element: HTMLElement;
  private readonly verifyButton = h('button', { type: 'button', 'data-testid': 'verify-ledger' }, 'Verify ledger');
  private readonly result = h('div', { class: 'ledger-result', 'data-testid': 'ledger-result', role: 'status', 'aria-live': 'polite', hidden: true });
  private readonly from = h('input', { type: 'number', min: 1, step: 1, value: '1', id: 'ledger-from', 'data-testid': 'ledger-from', inputmode: 'numeric' });
  private readonly to = h('input', { type: 'number', min: 1, step: 1, id: 'ledger-to', 'data-testid': 'ledger-to', inputmode: 'numeric', placeholder: 'last' });
  private readonly download = h('a', { class: 'download-link', download: '', 'data-testid': 'ledger-download' }, 'Download segment');
  private readonly verification = loadable(this.result, (signal) => this.api.verifyLedger(signal), (verdict) => this.show(verdict), {
    readyState: (verdict) => (verdict.ok ? 'intact' : 'broken'),
    failed: (error) => this.failed(error),
  });

  constructor(private readonly api: ApiClient) {
    this.verifyButton.addEventListener('click', () => this.verify());
    const updateLink = () => {
      const from = Math.max(1, Math.trunc(Number(this.from.value) || 1));
      const to = this.to.value.trim() === '' ? undefined : Math.max(from, Math.trunc(Number(this.to.value) || from));
      this.download.href = this.api.ledgerSegmentUrl(from, to);
    };
    this.from.addEventListener('input', updateLink);
    this.to.addEventListener('input', updateLink);
    updateLink();
    this.element = h(
      'section',
      { class: 'ledger-panel', 'data-testid': 'ledger-panel', 'aria-labelledby': 'ledger-panel-title' },
      h('h2', { class: 'panel-title', id: 'ledger-panel-title' }, 'Ledger'),
      h('p', { class: 'hint' }, 'Every request, assessment, judgement, decision, case step and custody event is chained by hash and signed by the server; a signed head records where the ledger ends.'),
      this.verifyButton,
      this.result,
      h(
        'div',
        { class: 'segment-range' },
        h('div', { class: 'field' }, h('label', { for: 'ledger-from' }, 'From'), this.from),
        h('div', { class: 'field' }, h('label', { for: 'ledger-to' }, 'To'), this.to),
        this.download,
      ),
    );
  }

  destroy(): void {
    this.verification.abort();
  }

  private verify(): void {
    this.verifyButton.disabled = true;
    this.result.hidden = false;
    this.result.className = 'ledger-result';
    this.result.replaceChildren('Verifying every entry…');
    void this.verification.load();
  }

  private show(verdict: LedgerVerification): void {
    this.verifyButton.disabled = false;
    if (verdict.ok) {
        this.result.classList.add('intact');
      this.result.replaceChildren(
        h('strong', {}, 'Chain intact'),
        `: ${formatCount(verdict.entries)} ${verdict.entries === 1 ? 'entry' : 'entries'}, every signature valid; the signed head matches the newest entry; ${formatCount(verdict.records.checked)} steps and custody events match the entries that sealed them.`,
        h('span', { class: 'hash-line' }, 'Last hash ', h('code', { title: verdict.lastHash ?? '' }, `${(verdict.lastHash ?? '').slice(0, 16)}…`)),
      );
    } else {
        this.result.classList.add('broken');
      const findings = [
        ...(verdict.chain.ok ? [] : [`Chain broken at entry ${verdict.chain.firstBroken.seq}: ${verdict.chain.firstBroken.reason}.`]),
        ...(verdict.chain.ok && !verdict.head.ok && verdict.head.reason ? [`Signed head: ${verdict.head.reason}.`] : []),
        ...verdict.records.problems.slice(0, 20).map((p) => `${p.table === 'force_steps' ? 'Force step' : 'Custody event'} (${p.kind}): ${p.reason}.`),
      ];
      this.result.replaceChildren(
        h('strong', {}, 'The ledger does not verify'),
        h('ul', { 'data-testid': 'ledger-findings' }, findings.map((f) => h('li', {}, f))),
        'Everything after the first break is suspect. Keep the exported segments and report this at once.',
      );
    }
    this.result.dataset.entries = String(verdict.entries);
  }

  private failed(error: unknown): void {
    this.verifyButton.disabled = false;
    this.result.classList.add('broken');
    this.result.replaceChildren(`The ledger could not be verified: ${errorMessage(error)}`);
  }
}
