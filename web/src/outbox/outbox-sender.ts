import type { Outbox, OutboxEntry } from './outbox-store.js';

/** The server calls the sender needs (the web app's ApiClient has them); a failure carries the HTTP status, 0 when unreachable. */
export interface OutboxTransport {
  createIncident(input: unknown): Promise<unknown>;
  uploadEvidence(
    file: File,
    fields: { incidentIds: string[]; clientId: string; capturedSha256: string; capturedAt: string },
    onUpload: (progress: { loaded: number; total: number }) => void,
  ): Promise<unknown>;
}

export interface SendProgress {
  /** Submissions finished in this run, and how many there were to send. */
  done: number;
  total: number;
  current?: { id: string; title: string; file?: { name: string; loaded: number; total: number } };
}

export type SendResult =
  | { kind: 'idle' }
  | { kind: 'sent'; sent: number; needsAttention: number }
  /** The server could not be reached (or failed): everything kept, tried again after `retryInMs`. */
  | { kind: 'unreachable'; sent: number; retryInMs: number; message: string }
  /** The session is gone: everything kept until the user signs in again. */
  | { kind: 'signed-out'; sent: number };

const statusOf = (error: unknown): number => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 0;
};

/** The server's words, with the fields it named. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return message;
  const named = issues.map((i: { path?: unknown; message?: unknown }) => `${typeof i.path === 'string' && i.path ? `${i.path}: ` : ''}${String(i.message)}`);
  return `${message} (${named.join('; ')})`;
}

type Failure = 'transient' | 'signed-out' | 'refused';

/**
 * What a failed call means for the outbox: unreachable, a server error or "too many requests" may pass, so it is tried
 * again; a lost session waits for the user; anything else the server refused (validation, an id taken, too large)
 * needs a person to look at it — it is never dropped.
 */
export function classifyFailure(error: unknown): Failure {
  const status = statusOf(error);
  if (status === 0 || status >= 500 || status === 408 || status === 429) return 'transient';
  if (status === 401) return 'signed-out';
  if (status === 403 && (error as { code?: unknown }).code === 'password_change_required') return 'signed-out';
  return 'refused';
}

/** Waits between automatic retries: 5 s doubling to at most 5 minutes. */
export function backoffDelay(failedRuns: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failedRuns - 1), 300_000);
}

/** Ends a run with everything kept. */
class StopRun extends Error {
  constructor(
    readonly reason: 'transient' | 'signed-out',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends what waits in the outbox, oldest first: each incident (POST with its client-chosen id), then its files (POST
 * /evidence with their client ids and capture hashes, linked to the incident). A submission leaves the outbox only
 * when the server acknowledged all of it; a resend after a cut is harmless, the server recognises the ids. One
 * submission the server refuses is marked for attention and the next is sent; an unreachable server stops the run.
 */
export class OutboxSender {
  private running: Promise<SendResult> | undefined;
  private failedRuns = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly transport: OutboxTransport,
    private readonly onProgress: (progress: SendProgress) => void = () => {},
  ) {}

  /** One run; a call while a run is under way joins it. */
  send(): Promise<SendResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<SendResult> {
    if (!this.outbox.isUnlocked) return { kind: 'idle' };
    const queue = (await this.outbox.list()).filter((entry) => entry.status === 'waiting');
    if (queue.length === 0) return { kind: 'idle' };
    let sent = 0;
    let needsAttention = 0;
    for (const [index, entry] of queue.entries()) {
      this.onProgress({ done: index, total: queue.length, current: { id: entry.id, title: titleOf(entry) } });
      try {
        await this.sendOne(entry, index, queue.length);
        await this.outbox.remove(entry.id);
        sent++;
      } catch (error) {
        if (error instanceof StopRun) {
          this.onProgress({ done: index, total: queue.length });
          if (error.reason === 'signed-out') return { kind: 'signed-out', sent };
          this.failedRuns++;
          return { kind: 'unreachable', sent, retryInMs: backoffDelay(this.failedRuns), message: error.message };
        }
        await this.outbox.markAttention(entry.id, messageOf(error));
        needsAttention++;
      }
    }
    this.failedRuns = 0;
    this.onProgress({ done: queue.length, total: queue.length });
    return { kind: 'sent', sent, needsAttention };
  }

  /** Throws StopRun to end the run with everything kept; any other error is the server refusing this submission. */
  private async sendOne(entry: OutboxEntry, index: number, total: number): Promise<void> {
    const attempt = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure === 'refused') throw error;
        await this.outbox.markFailedAttempt(entry.id, messageOf(error));
        throw new StopRun(failure, messageOf(error));
      }
    };
    if (!entry.incidentSent) {
      await attempt(() => this.transport.createIncident(entry.incident));
      await this.outbox.markIncidentSent(entry.id);
    }
    for (const file of entry.files) {
      if (file.sent) continue;
      const bytes = await this.outbox.fileContent(file.id);
      const blob = new File([new Uint8Array(bytes)], file.name, { type: file.type });
      const fields = { incidentIds: [entry.id], clientId: file.id, capturedSha256: file.sha256, capturedAt: file.capturedAt };
      await attempt(() =>
        this.transport.uploadEvidence(blob, fields, ({ loaded, total: bytesTotal }) =>
          this.onProgress({ done: index, total, current: { id: entry.id, title: titleOf(entry), file: { name: file.name, loaded, total: bytesTotal } } }),
        ),
      );
      await this.outbox.markFileSent(file.id);
    }
  }
}

export const titleOf = (entry: Pick<OutboxEntry, 'incident'>): string => (typeof entry.incident.title === 'string' && entry.incident.title.trim() ? entry.incident.title : '(untitled incident)');
