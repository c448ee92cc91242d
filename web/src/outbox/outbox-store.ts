import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import { checkPassphrase, createDataKey, openBytes, openJson, OutboxCryptoError, sealBytes, sealJson, sha256Hex, unwrapDataKey, type DataKey, type Sealed, type WrappedKey } from './outbox-crypto.js';

/**
 * The outbox: incidents (and the files attached to them) recorded without a network, kept in IndexedDB until the
 * server has acknowledged them. Everything a person wrote or captured is stored only as ciphertext (outbox-crypto.ts).
 *
 * In clear beside the ciphertext, and only this: random ids (the client-chosen UUIDs the server will use), the order
 * of recording, and the sending state (sent or not, needs attention, the server's last error, attempts). A file's
 * SHA-256 is encrypted too: a hash is a fingerprint, and anyone holding a copy of a photo could use it to prove this
 * device held that photo. Sizes, names, types and times of capture are encrypted with it.
 */

export const OUTBOX_DATABASE = 'haven-outbox';

export type SubmissionStatus = 'waiting' | 'attention';

interface KeyringRow extends WrappedKey {
  id: 'outbox';
  createdAt: string;
}

interface SubmissionRow {
  /** Dexie's auto-increment: the order of recording, which is the order of sending. */
  order?: number;
  id: string;
  status: SubmissionStatus;
  incidentSent: boolean;
  lastError: string | null;
  attempts: number;
  /** The incident as it will be sent, with when it was recorded: { recordedAt, incident }. */
  sealed: Sealed;
}

interface FileRow {
  id: string;
  submissionId: string;
  position: number;
  sent: boolean;
  /** { name, type, sizeBytes, sha256, capturedAt } */
  meta: Sealed;
  content: Sealed;
}

export class OutboxDatabase extends Dexie {
  keyring!: EntityTable<KeyringRow, 'id'>;
  submissions!: EntityTable<SubmissionRow, 'order'>;
  files!: EntityTable<FileRow, 'id'>;

  constructor(options?: DexieOptions) {
    super(OUTBOX_DATABASE, options);
    this.version(1).stores({ keyring: 'id', submissions: '++order, &id', files: 'id, submissionId' });
  }
}

/** A file as captured: its bytes and the hash taken of them before anything else touched them. */
export interface CapturedFile {
  /** The evidence item's client-chosen id (a UUID): a resend of the file is recognised by it. */
  id: string;
  name: string;
  type: string;
  sizeBytes: number;
  sha256: string;
  capturedAt: string;
  bytes: Uint8Array;
}

export type FileFacts = Omit<CapturedFile, 'bytes'>;

/** An incident carrying the id its client chose. */
export type OutboxIncident = Record<string, unknown> & { id: string; title?: unknown };

/** One submission as the panel shows it and the sender sends it, decrypted. */
export interface OutboxEntry {
  id: string;
  order: number;
  recordedAt: string;
  incident: OutboxIncident;
  status: SubmissionStatus;
  incidentSent: boolean;
  lastError: string | null;
  attempts: number;
  files: (FileFacts & { sent: boolean })[];
}

/** Hash a file at capture, before it is encrypted or sent. */
export async function captureFile(file: Blob & { name: string }, now: () => Date = () => new Date()): Promise<CapturedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { id: globalThis.crypto.randomUUID(), name: file.name, type: file.type, sizeBytes: bytes.byteLength, sha256: await sha256Hex(bytes), capturedAt: now().toISOString(), bytes };
}

export class Outbox {
  private key: DataKey | undefined;

  constructor(
    readonly db: OutboxDatabase = new OutboxDatabase(),
    private readonly iterations?: number,
  ) {}

  /** Whether an offline passphrase was ever set here (then it must be entered to unlock). */
  async isSetUp(): Promise<boolean> {
    return (await this.db.keyring.get('outbox')) !== undefined;
  }

  get isUnlocked(): boolean {
    return this.key !== undefined;
  }

  /** The first time: a new data key, stored only wrapped by the passphrase. */
  async setUp(passphrase: string): Promise<void> {
    checkPassphrase(passphrase);
    if (await this.isSetUp()) throw new OutboxCryptoError('locked', 'this outbox already has an offline passphrase: enter it to unlock');
    const { key, stored } = await createDataKey(passphrase, this.iterations);
    await this.db.keyring.add({ id: 'outbox', ...stored, createdAt: new Date().toISOString() });
    this.key = key;
  }

  async unlock(passphrase: string): Promise<void> {
    const stored = await this.db.keyring.get('outbox');
    if (!stored) throw new OutboxCryptoError('locked', 'this outbox has no offline passphrase yet: choose one');
    this.key = await unwrapDataKey(passphrase, stored);
  }

  /** Forget the key held in memory (the records stay, encrypted). */
  lock(): void {
    this.key = undefined;
  }

  private keyOrThrow(): DataKey {
    if (!this.key) throw new OutboxCryptoError('locked', 'the outbox is locked: enter the offline passphrase');
    return this.key;
  }

  /** How many submissions wait: readable without the passphrase (it counts rows, it reads none). */
  async waiting(): Promise<number> {
    return this.db.submissions.count();
  }

  /** Keep an incident and its files, encrypted, in one transaction: all of it is kept or none. */
  async add(incident: OutboxIncident, files: readonly CapturedFile[], recordedAt = new Date().toISOString()): Promise<void> {
    const key = this.keyOrThrow();
    const sealed = await sealJson(key, { recordedAt, incident }, incident.id);
    const fileRows: FileRow[] = [];
    for (const [position, { bytes, ...facts }] of files.entries()) {
      fileRows.push({ id: facts.id, submissionId: incident.id, position, sent: false, meta: await sealJson(key, facts, facts.id), content: await sealBytes(key, bytes, facts.id) });
    }
    await this.db.transaction('rw', this.db.submissions, this.db.files, async () => {
      await this.db.submissions.add({ id: incident.id, status: 'waiting', incidentSent: false, lastError: null, attempts: 0, sealed });
      if (fileRows.length) await this.db.files.bulkAdd(fileRows);
    });
  }

  /** Every submission, decrypted, in the order recorded. */
  async list(): Promise<OutboxEntry[]> {
    const key = this.keyOrThrow();
    const rows = await this.db.submissions.orderBy('order').toArray();
    const entries: OutboxEntry[] = [];
    for (const row of rows) {
      const { recordedAt, incident } = await openJson<{ recordedAt: string; incident: OutboxIncident }>(key, row.sealed, row.id);
      const fileRows = (await this.db.files.where('submissionId').equals(row.id).toArray()).sort((a, b) => a.position - b.position);
      const files = [];
      for (const file of fileRows) files.push({ ...(await openJson<FileFacts>(key, file.meta, file.id)), sent: file.sent });
      entries.push({ id: row.id, order: row.order ?? 0, recordedAt, incident, status: row.status, incidentSent: row.incidentSent, lastError: row.lastError, attempts: row.attempts, files });
    }
    return entries;
  }

  /** A file's bytes, decrypted (and checked against the hash taken at capture). */
  async fileContent(fileId: string): Promise<Uint8Array> {
    const key = this.keyOrThrow();
    const row = await this.db.files.get(fileId);
    if (!row) throw new Error(`no file ${fileId} in the outbox`);
    const facts = await openJson<FileFacts>(key, row.meta, row.id);
    const bytes = await openBytes(key, row.content, row.id);
    if ((await sha256Hex(bytes)) !== facts.sha256) throw new OutboxCryptoError('tampered', `file ${facts.name} no longer has the hash taken at capture`);
    return bytes;
  }

  private async updateSubmission(id: string, change: Partial<Omit<SubmissionRow, 'id' | 'order' | 'sealed'>>): Promise<void> {
    await this.db.submissions.where('id').equals(id).modify(change);
  }

  markIncidentSent(id: string): Promise<void> {
    return this.updateSubmission(id, { incidentSent: true, lastError: null });
  }

  async markFileSent(fileId: string): Promise<void> {
    await this.db.files.update(fileId, { sent: true });
  }

  /** The server refused it: kept, never dropped, with the server's words, until someone acts on it. */
  async markAttention(id: string, message: string): Promise<void> {
    await this.db.transaction('rw', this.db.submissions, async () => {
      const row = await this.db.submissions.where('id').equals(id).first();
      if (row) await this.updateSubmission(id, { status: 'attention', lastError: message, attempts: row.attempts + 1 });
    });
  }

  /** It could not be sent (no network, a server error): kept as waiting, to be tried again. */
  async markFailedAttempt(id: string, message: string): Promise<void> {
    await this.db.transaction('rw', this.db.submissions, async () => {
      const row = await this.db.submissions.where('id').equals(id).first();
      if (row) await this.updateSubmission(id, { lastError: message, attempts: row.attempts + 1 });
    });
  }

  /** Back in the queue after someone looked at it. */
  retry(id: string): Promise<void> {
    return this.updateSubmission(id, { status: 'waiting' });
  }

  /** Leaves the outbox: only once the server acknowledged the incident and every file. */
  async remove(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.submissions, this.db.files, async () => {
      const row = await this.db.submissions.where('id').equals(id).first();
      if (!row) return;
      const unsent = await this.db.files.where('submissionId').equals(id).filter((f) => !f.sent).count();
      if (!row.incidentSent || unsent > 0) throw new Error(`submission ${id} is not acknowledged yet: it stays in the outbox`);
      await this.db.files.where('submissionId').equals(id).delete();
      await this.db.submissions.where('id').equals(id).delete();
    });
  }
}
