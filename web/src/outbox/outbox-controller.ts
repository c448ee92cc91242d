import { askPassphrase } from './passphrase-dialog.js';
import { OutboxSender, type OutboxTransport, type SendProgress, type SendResult } from './outbox-sender.js';
import { Outbox, type CapturedFile, type OutboxIncident } from './outbox-store.js';

export interface OutboxState {
  waiting: number;
  unlocked: boolean;
  sending: boolean;
  progress: SendProgress | undefined;
  last: SendResult | undefined;
}

/**
 * The page's one outbox: what is kept, when it is sent (the `online` event, app start, "Send now", a retry after
 * backoff), and who is told (the indicator, the panel). The data key lives here, in memory, once unlocked; a reload
 * forgets it and the passphrase is asked again.
 */
export class OutboxController {
  readonly outbox = new Outbox();
  private readonly sender: OutboxSender;
  private readonly listeners = new Set<(state: OutboxState) => void>();
  private state: OutboxState = { waiting: 0, unlocked: false, sending: false, progress: undefined, last: undefined };
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(transport: OutboxTransport) {
    this.sender = new OutboxSender(this.outbox, transport, (progress) => this.set({ progress }));
    window.addEventListener('online', () => void this.sendNow());
    void this.refresh();
  }

  subscribe(listener: (state: OutboxState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  get current(): OutboxState {
    return this.state;
  }

  private set(change: Partial<OutboxState>): void {
    this.state = { ...this.state, ...change, unlocked: this.outbox.isUnlocked };
    for (const listener of this.listeners) listener(this.state);
  }

  async refresh(): Promise<void> {
    this.set({ waiting: await this.outbox.waiting() });
  }

  /** Unlocked, asking for the passphrase (or to choose one, the first time) if need be; false when the user declines. */
  async ensureUnlocked(): Promise<boolean> {
    if (this.outbox.isUnlocked) return true;
    const firstTime = !(await this.outbox.isSetUp());
    const done = await askPassphrase(firstTime ? 'choose' : 'enter', (passphrase) => (firstTime ? this.outbox.setUp(passphrase) : this.outbox.unlock(passphrase)));
    this.set({});
    return done;
  }

  /** Keep a submission (asking to unlock first); then, if there is a network, try to send at once. */
  async keep(incident: OutboxIncident, files: readonly CapturedFile[]): Promise<boolean> {
    if (!(await this.ensureUnlocked())) return false;
    await this.outbox.add(incident, files);
    await this.refresh();
    if (navigator.onLine) void this.sendNow();
    return true;
  }

  /** Send what waits: asks to unlock only when asked by the user (`interactive`), never on its own. */
  async sendNow(options: { interactive?: boolean } = {}): Promise<void> {
    clearTimeout(this.retryTimer);
    await this.refresh();
    if (this.state.waiting === 0) return;
    if (!this.outbox.isUnlocked && !(options.interactive && (await this.ensureUnlocked()))) return;
    this.set({ sending: true, progress: undefined });
    let result: SendResult;
    try {
      result = await this.sender.send();
    } finally {
      this.set({ sending: false });
    }
    await this.refresh();
    this.set({ last: result });
    if (result.kind === 'unreachable') this.retryTimer = setTimeout(() => void this.sendNow(), result.retryInMs);
  }

  async retry(id: string): Promise<void> {
    await this.outbox.retry(id);
    await this.sendNow({ interactive: true });
  }
}

let controller: OutboxController | undefined;

/** The page's outbox, made the first time it is needed. */
export function outboxController(transport: OutboxTransport): OutboxController {
  controller ??= new OutboxController(transport);
  return controller;
}
