import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure, OutboxSender, type OutboxTransport, type SendProgress } from '../../web/src/outbox/outbox-sender.js';
import { captureFile, Outbox, OutboxDatabase, type OutboxIncident } from '../../web/src/outbox/outbox-store.js';

/** A failure as the web app's ApiClient raises it: the HTTP status (0 when unreachable), code, message and issues. */
class FakeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'error',
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

type Call = { kind: 'incident'; id: string } | { kind: 'evidence'; clientId: string; incidentIds: string[]; capturedSha256: string; capturedAt: string; bytes: string };

/** A server that records what reached it; `answer` decides each call's fate (undefined: acknowledged). */
function fakeServer(answer: (call: Call, index: number) => Error | undefined = () => undefined) {
  const calls: Call[] = [];
  const transport: OutboxTransport = {
    async createIncident(input) {
      const call: Call = { kind: 'incident', id: (input as { id: string }).id };
      calls.push(call);
      const failure = answer(call, calls.length - 1);
      if (failure) throw failure;
      return input;
    },
    async uploadEvidence(file, fields, onUpload) {
      const bytes = Buffer.from(await file.arrayBuffer()).toString();
      const call: Call = { kind: 'evidence', ...fields, bytes };
      calls.push(call);
      onUpload({ loaded: file.size, total: file.size });
      const failure = answer(call, calls.length - 1);
      if (failure) throw failure;
      return {};
    },
  };
  return { calls, transport };
}

async function outboxWith(count: number, filesEach = 1) {
  const outbox = new Outbox(new OutboxDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }), 1000);
  await outbox.setUp('offline passphrase');
  const submissions: { incident: OutboxIncident; files: Awaited<ReturnType<typeof captureFile>>[] }[] = [];
  for (let i = 0; i < count; i++) {
    const incident: OutboxIncident = { id: crypto.randomUUID(), title: `Incident ${i + 1}`, narrative: `what happened, ${i + 1}` };
    const files = [];
    for (let f = 0; f < filesEach; f++) files.push(await captureFile(new File([`photo ${i + 1}.${f + 1}`], `photo-${i + 1}-${f + 1}.jpg`, { type: 'image/jpeg' })));
    await outbox.add(incident, files);
    submissions.push({ incident, files });
  }
  return { outbox, submissions };
}

describe('sending the outbox', () => {
  it('sends each incident then its files, in the order recorded, with their ids and capture hashes; then empties the outbox', async () => {
    const { outbox, submissions } = await outboxWith(2, 2);
    const server = fakeServer();
    const progress: SendProgress[] = [];
    const result = await new OutboxSender(outbox, server.transport, (p) => progress.push(p)).send();

    expect(result).toEqual({ kind: 'sent', sent: 2, needsAttention: 0 });
    expect(server.calls).toEqual(
      submissions.flatMap(({ incident, files }) => [
        { kind: 'incident', id: incident.id },
        ...files.map((f) => ({ kind: 'evidence', clientId: f.id, incidentIds: [incident.id], capturedSha256: f.sha256, capturedAt: f.capturedAt, bytes: Buffer.from(f.bytes).toString() })),
      ]),
    );
    expect(await outbox.waiting()).toBe(0);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    expect(progress.some((p) => p.current?.file?.name === 'photo-2-1.jpg' && p.done === 1 && p.total === 2)).toBe(true);
  });

  it('keeps everything when the network fails, and on the next run resends only what was not acknowledged', async () => {
    const { outbox, submissions } = await outboxWith(1, 1);
    const [{ incident, files }] = submissions as [(typeof submissions)[number]];
    // The incident is acknowledged; the connection drops during the file.
    const cut = fakeServer((call) => (call.kind === 'evidence' ? new FakeApiError(0, 'the server cannot be reached') : undefined));
    const first = await new OutboxSender(outbox, cut.transport).send();
    expect(first).toMatchObject({ kind: 'unreachable', sent: 0, retryInMs: 5_000 });
    const [kept] = await outbox.list();
    expect(kept).toMatchObject({ status: 'waiting', incidentSent: true, lastError: 'the server cannot be reached', attempts: 1 });
    expect(kept!.files[0]!.sent).toBe(false);

    const back = fakeServer();
    expect(await new OutboxSender(outbox, back.transport).send()).toEqual({ kind: 'sent', sent: 1, needsAttention: 0 });
    expect(back.calls).toEqual([expect.objectContaining({ kind: 'evidence', clientId: files[0]!.id, incidentIds: [incident.id] })]);
    expect(await outbox.waiting()).toBe(0);
  });

  it('marks a submission the server refuses as needing attention with its words, keeps it, and sends the next', async () => {
    const { outbox, submissions } = await outboxWith(2, 0);
    const refusing = fakeServer((call, i) => (i === 0 ? new FakeApiError(400, 'the incident is invalid', 'validation_failed', [{ path: 'date.start', message: 'must not be in the future' }]) : undefined));
    const result = await new OutboxSender(outbox, refusing.transport).send();
    expect(result).toEqual({ kind: 'sent', sent: 1, needsAttention: 1 });
    const [kept] = await outbox.list();
    expect(kept).toMatchObject({ id: submissions[0]!.incident.id, status: 'attention', lastError: 'the incident is invalid (date.start: must not be in the future)' });

    // Not retried on its own; sent again once someone puts it back in the queue.
    const again = fakeServer();
    expect(await new OutboxSender(outbox, again.transport).send()).toEqual({ kind: 'idle' });
    await outbox.retry(kept!.id);
    expect(await new OutboxSender(outbox, again.transport).send()).toEqual({ kind: 'sent', sent: 1, needsAttention: 0 });
    expect(again.calls).toEqual([{ kind: 'incident', id: kept!.id }]);
  });

  it('stops and keeps everything when the session is gone (401)', async () => {
    const { outbox } = await outboxWith(2, 1);
    const signedOut = fakeServer(() => new FakeApiError(401, 'sign in'));
    expect(await new OutboxSender(outbox, signedOut.transport).send()).toEqual({ kind: 'signed-out', sent: 0 });
    expect(signedOut.calls).toHaveLength(1);
    expect((await outbox.list()).map((e) => e.status)).toEqual(['waiting', 'waiting']);
  });

  it('does nothing while the outbox is locked', async () => {
    const { outbox } = await outboxWith(1, 0);
    outbox.lock();
    const server = fakeServer();
    expect(await new OutboxSender(outbox, server.transport).send()).toEqual({ kind: 'idle' });
    expect(server.calls).toEqual([]);
  });

  it('waits longer after each failed run, never more than five minutes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (runs) => {
        expect(backoffDelay(runs)).toBeGreaterThanOrEqual(5_000);
        expect(backoffDelay(runs)).toBeLessThanOrEqual(300_000);
        expect(backoffDelay(runs + 1)).toBeGreaterThanOrEqual(backoffDelay(runs));
      }),
    );
    expect([1, 2, 3, 4].map(backoffDelay)).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it('retries only what may pass: unreachable, server errors, 408 and 429; waits on 401; flags every other refusal (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 599 }), (status) => {
        const failure = classifyFailure(new FakeApiError(status, 'x'));
        if (status === 0 || status >= 500 || status === 408 || status === 429) expect(failure).toBe('transient');
        else if (status === 401) expect(failure).toBe('signed-out');
        else expect(failure).toBe('refused');
      }),
    );
    expect(classifyFailure(new FakeApiError(403, 'change it', 'password_change_required'))).toBe('signed-out');
    expect(classifyFailure(new TypeError('Failed to fetch'))).toBe('transient');
  });
});
