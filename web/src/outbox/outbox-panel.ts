import './outbox.css';
import { h } from '../shared/dom.js';
import type { OutboxController, OutboxState } from './outbox-controller.js';
import { titleOf } from './outbox-sender.js';
import type { OutboxEntry } from './outbox-store.js';

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KB`;

/** "3 waiting to send", and how sending goes, in the header; hidden when nothing waits. Opens the panel. */
export function outboxIndicator(controller: OutboxController): HTMLElement {
  const panel = new OutboxPanel(controller);
  const button = h('button', { type: 'button', class: 'outbox-indicator', 'data-testid': 'outbox-indicator', hidden: true, onclick: () => void panel.open() });
  controller.subscribe((state) => {
    button.hidden = state.waiting === 0 && !state.sending;
    button.textContent = indicatorText(state);
    button.dataset.waiting = String(state.waiting);
  });
  return h('span', { class: 'outbox-slot' }, button, panel.element);
}

export function indicatorText(state: OutboxState): string {
  if (state.sending && state.progress) return `Sending ${Math.min(state.progress.done + 1, state.progress.total)} of ${state.progress.total}…`;
  const waiting = `${state.waiting} waiting to send`;
  if (!state.unlocked) return `${waiting} (locked)`;
  if (state.last?.kind === 'unreachable') return `${waiting} — no network, will retry`;
  if (state.last?.kind === 'signed-out') return `${waiting} — sign in again to send`;
  return waiting;
}

/**
 * What waits on this device: each incident with when it was recorded, its files with the start of the hash taken at
 * capture, its status and the server's last word. Readable only once unlocked.
 */
export class OutboxPanel {
  readonly element = h('dialog', { class: 'form-dialog outbox-panel', 'data-testid': 'outbox-panel', 'aria-labelledby': 'outbox-panel-title' });
  private readonly list = h('div', { class: 'outbox-list', 'data-testid': 'outbox-list' });
  private readonly status = h('p', { class: 'outbox-status', role: 'status', 'data-testid': 'outbox-status' });

  constructor(private readonly controller: OutboxController) {
    this.element.append(
      h(
        'header',
        { class: 'form-header' },
        h('h2', { id: 'outbox-panel-title' }, 'Waiting to send'),
        h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => this.element.close() }, '×'),
      ),
      h('div', { class: 'form-body' }, this.status, this.list),
      h(
        'footer',
        { class: 'form-footer' },
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'primary', 'data-testid': 'outbox-send-now', onclick: () => void this.controller.sendNow({ interactive: true }) }, 'Send now'),
          h('button', { type: 'button', onclick: () => this.element.close() }, 'Close'),
        ),
      ),
    );
    controller.subscribe((state) => {
      this.status.textContent = statusText(state);
      if (this.element.open && !state.sending) void this.render();
    });
  }

  async open(): Promise<void> {
    if (!this.element.open) this.element.showModal();
    if (!(await this.controller.ensureUnlocked())) {
      this.list.replaceChildren(h('p', { class: 'hint' }, 'The outbox is locked: its records cannot be shown without the offline passphrase.'));
      return;
    }
    await this.render();
  }

  private async render(): Promise<void> {
    if (!this.controller.outbox.isUnlocked) return;
    const entries = await this.controller.outbox.list();
    this.list.replaceChildren(...(entries.length ? entries.map((entry) => this.entryView(entry)) : [h('p', { class: 'hint' }, 'Nothing waits: everything recorded on this device has been sent.')]));
  }

  private entryView(entry: OutboxEntry): HTMLElement {
    const attention = entry.status === 'attention';
    return h(
      'article',
      { class: `outbox-entry${attention ? ' attention' : ''}`, 'data-testid': 'outbox-entry', 'data-id': entry.id },
      h('h3', {}, titleOf(entry)),
      h('p', { class: 'hint' }, `Recorded ${new Date(entry.recordedAt).toLocaleString('en-GB')} · ${attention ? 'needs attention' : entry.incidentSent ? 'incident sent, files waiting' : 'waiting'}`),
      entry.lastError ? h('p', { class: 'field-error', 'data-testid': 'outbox-entry-error' }, `Last answer: ${entry.lastError}`) : null,
      entry.files.length
        ? h(
            'ul',
            { class: 'outbox-files' },
            entry.files.map((file) =>
              h('li', { 'data-testid': 'outbox-file', 'data-sha256': file.sha256 }, `${file.name} (${kilobytes(file.sizeBytes)}) · SHA-256 `, h('code', {}, `${file.sha256.slice(0, 12)}…`), file.sent ? ' · sent' : ''),
            ),
          )
        : null,
      attention ? h('button', { type: 'button', 'data-testid': 'outbox-retry', onclick: () => void this.controller.retry(entry.id) }, 'Try again') : null,
    );
  }
}

function statusText(state: OutboxState): string {
  const progress = state.progress;
  if (state.sending && progress?.current) {
    const file = progress.current.file;
    return `Sending ${progress.done + 1} of ${progress.total}: ${progress.current.title}${file ? ` — ${file.name}, ${kilobytes(file.loaded)} of ${kilobytes(file.total)}` : ''}`;
  }
  const last = state.last;
  if (last?.kind === 'sent') return `Sent ${last.sent}${last.needsAttention ? `; ${last.needsAttention} need${last.needsAttention === 1 ? 's' : ''} attention` : ''}.`;
  if (last?.kind === 'unreachable') return `The server cannot be reached (${last.message}); everything is kept and will be tried again in ${Math.round(last.retryInMs / 1000)} s.`;
  if (last?.kind === 'signed-out') return 'Your session has ended: sign in again to send. Everything is kept.';
  return state.waiting ? `${state.waiting} waiting to send, encrypted on this device.` : '';
}
