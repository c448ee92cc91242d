import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { copyFile, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import {
  DEFAULT_MAX_EVIDENCE_BYTES,
  EVIDENCE_MEDIA_TYPES,
  evidenceUploadFieldsSchema,
  isAcceptedMediaType,
  sanitiseFileName,
  transferSchema,
  type CaptureMetadata,
  type CustodyEvent,
  type CustodyEventKind,
  type EvidenceCopy,
  type EvidenceItem,
  type EvidenceMediaType,
  type EvidenceVerification,
  type FileProblem,
} from '../core/evidence/evidence.js';
import { MalformedImageError, stripMetadata } from '../core/evidence/metadata-stripper.js';
import { DomainError, notFound } from '../core/errors.js';
import { isUniqueViolation, type Db, type EvidenceCustodyTable } from '../store/database.js';
import type { EvidenceArea } from '../infrastructure/evidence-store.js';
import type { EvidenceItemRow, EvidenceListFilter } from '../store/evidence.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { RecordLinkCheck } from '../core/ledger/record-links.js';
import { CUSTODY_LEDGER_KINDS, custodyLedgerPayload, custodyLedgerRecord } from './ledger-records.js';
import { ledgerCrypto } from '../infrastructure/ledger-keys.js';
import { appendToLedger, fullCheck } from './ledger.service.js';
import { parseInput } from './validation.js';

export type { CustodyEvent, EvidenceCopy, EvidenceItem, EvidenceVerification, FileProblem } from '../core/evidence/evidence.js';

/** Images larger than this keep their original as evidence but get no stripped working copy (stripping reads it whole). */
const MAX_STRIPPED_IMAGE_BYTES = 64 * 1024 ** 2;

export const maxEvidenceBytesOf = (ctx: AppContext): number => ctx.maxEvidenceBytes ?? DEFAULT_MAX_EVIDENCE_BYTES;



const toItem = (row: EvidenceItemRow, incidentIds: string[]): EvidenceItem => ({
  id: row.id,
  sha256: row.sha256,
  sizeBytes: row.size_bytes,
  mediaType: row.media_type,
  kind: row.kind,
  originalName: row.original_name,
  description: row.description,
  source: row.source,
  location: row.location,
  uploaderIp: row.uploader_ip,
  capture: JSON.parse(row.capture) as CaptureMetadata,
  workingCopy: row.working_sha256 ? { sha256: row.working_sha256, sizeBytes: row.working_size_bytes ?? 0 } : null,
  workingNote: row.working_note,
  receivedBy: { id: row.received_by, name: row.received_by_name },
  receivedAt: row.received_at,
  incidentIds,
});

const toEvent = (row: EvidenceCustodyTable): CustodyEvent => ({
  id: row.id,
  kind: row.kind as CustodyEventKind,
  at: row.at,
  actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
  details: JSON.parse(row.details) as Record<string, unknown>,
  ledger: { seq: row.ledger_seq, hash: row.ledger_hash },
});

/** A file received into the store's scratch space, hashed as it streamed in. */
export interface StagedFile {
  dir: string;
  path: string;
  sha256: string;
  sizeBytes: number;
}

const tooLarge = (message: string) => new DomainError('too_large', message, [{ path: 'file', code: 'too_large', message }]);

/** Streams an upload to the evidence store's scratch space, hashing it on the way: never held whole in memory. */
export async function stageEvidenceFile(ctx: AppContext, actor: Actor, body: Readable): Promise<StagedFile> {
  requirePermission(actor, 'evidence:write');
  const max = maxEvidenceBytesOf(ctx);
  const dir = await ctx.evidence.scratchDir();
  const path = join(dir, 'upload');
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > max) return callback(tooLarge(`the file is larger than the limit of ${max} bytes`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, tap, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, path, sha256: hash.digest('hex'), sizeBytes: size };
}

/** The type of a file from its content; plain text (which has no magic number) when it is valid UTF-8 without control bytes. */
async function sniffMediaType(path: string): Promise<{ mime: string; ext: string } | undefined> {
  const sniffed = await fileTypeFromFile(path);
  if (sniffed) return sniffed;
  const handle = await open(path, 'r');
  try {
    const sample = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    if (bytesRead === 0) return undefined;
    // A sample may end inside a multi-byte character: drop up to three trailing bytes before decoding strictly.
    const text = sample.subarray(0, bytesRead);
    for (let cut = 0; cut <= Math.min(3, bytesRead - 1); cut++) {
      try {
        const decoded = new TextDecoder('utf-8', { fatal: true }).decode(text.subarray(0, bytesRead - cut));
        // eslint-disable-next-line no-control-regex
        return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(decoded) ? undefined : { mime: 'text/plain', ext: 'txt' };
      } catch {
        continue;
      }
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * EXIF times carry no zone: exifr reads them as local time, so they are written back from the local fields, without a
 * zone, as the device's clock showed them.
 */
const deviceClock = (d: Date): string => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

function plainValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string') return value.slice(0, 500);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return deviceClock(value);
  return undefined;
}

/** Device, time and place of capture from EXIF/XMP, when the file has them. */
async function readCaptureMetadata(path: string, mediaType: string): Promise<CaptureMetadata> {
  if (!mediaType.startsWith('image/')) return {};
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = (await exifr.parse(path, { tiff: true, exif: true, gps: true, xmp: true, iptc: true, icc: false, mergeOutput: true })) as Record<string, unknown> | undefined;
  } catch {
    return {};
  }
  if (!parsed) return {};
  const tags: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(parsed).slice(0, 200)) {
    const plain = plainValue(value);
    if (plain !== undefined) tags[key] = plain;
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);
  const captured = parsed.DateTimeOriginal ?? parsed.CreateDate;
  const lat = parsed.latitude;
  const lon = parsed.longitude;
  const altitude = parsed.GPSAltitude;
  return {
    ...(text(parsed.Make) && { make: text(parsed.Make) }),
    ...(text(parsed.Model) && { model: text(parsed.Model) }),
    ...(text(parsed.Software) && { software: text(parsed.Software) }),
    ...(captured instanceof Date && !Number.isNaN(captured.getTime()) && { capturedAt: deviceClock(captured) }),
    ...(typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && { gps: { lat, lon, ...(typeof altitude === 'number' && { altitude }) } }),
    tags,
  };
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function sha256OfStream(stream: ReadStream): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(stream, hash);
  return hash.digest('hex');
}

/** The working copy kept apart from the original: metadata stripped where Haven knows how, else a byte copy. */
async function makeWorkingCopy(staged: StagedFile, mediaType: string): Promise<{ path: string; note: string } | { path: null; note: string }> {
  const path = join(staged.dir, 'working');
  if (mediaType === 'image/jpeg' || mediaType === 'image/png') {
    if (staged.sizeBytes > MAX_STRIPPED_IMAGE_BYTES) return { path: null, note: `no working copy: images over ${MAX_STRIPPED_IMAGE_BYTES} bytes are not stripped` };
    try {
      await writeFile(path, stripMetadata(mediaType, await readFile(staged.path))!);
      return { path, note: 'EXIF, GPS, XMP, IPTC and comments removed; image data unchanged (not re-encoded)' };
    } catch (error) {
      if (error instanceof MalformedImageError) return { path: null, note: `no working copy: the image could not be parsed to strip its metadata (${error.message})` };
      throw error;
    }
  }
  await copyFile(staged.path, path);
  return { path, note: `a byte-for-byte copy: Haven does not strip metadata from ${mediaType} files` };
}

const ledgerActorOf = (actor: Actor) => ({ id: actor.id, name: actor.username, role: actor.role });

/** One custody event: in the ledger (tamper-evident) and in the custody table (fast listing), in the caller's transaction. */
async function recordCustody(ctx: AppContext, db: Db, item: { id: string; sha256: string }, actor: Actor, kind: CustodyEventKind, details: Record<string, unknown>): Promise<CustodyEvent> {
  const entry = await appendToLedger(ctx, db, { kind: `evidence.${kind}`, subjectId: item.id, actor: ledgerActorOf(actor), payload: custodyLedgerPayload(item.id, item.sha256, details) });
  const row: EvidenceCustodyTable = {
    id: ctx.newId(),
    item_id: item.id,
    kind,
    at: entry.at,
    actor_id: actor.id,
    actor_name: actor.username,
    actor_role: actor.role,
    details: JSON.stringify(details),
    ledger_seq: entry.seq,
    ledger_hash: entry.hash,
  };
  await ctx.store.evidence.addCustodyEvent(db, row);
  return toEvent(row);
}

export interface ReceiptContext {
  declaredName: string | undefined;
  ip: string | null;
}

/**
 * Receive a staged upload as an evidence item: the type sniffed from the content and checked against the allow-list,
 * capture metadata read, the original preserved read-only under its hash, a working copy made apart from it, and
 * both steps recorded as custody events. The staged files are removed whatever happens.
 */
export async function receiveEvidence(ctx: AppContext, actor: Actor, staged: StagedFile, fields: unknown, context: ReceiptContext): Promise<EvidenceItem> {
  return (await receiveEvidenceOnce(ctx, actor, staged, fields, context)).item;
}

const clientIdTaken = (clientId: string, why: string) =>
  new DomainError('conflict', `the id ${clientId} ${why}; choose a new id`, [{ path: 'clientId', code: 'id_taken', message: why }]);

/**
 * The item already received under a client-chosen id, when this is its uploader sending the same file again (an
 * outbox that never saw the answer): undefined when the id is free. The id used by someone else, or for another
 * file, is refused.
 */
async function resentItem(ctx: AppContext, db: Db, actor: Actor, clientId: string, sha256: string): Promise<EvidenceItem | undefined> {
  const held = await ctx.store.evidence.find(db, clientId, 'system');
  if (!held) return undefined;
  const theirsAndVisible = held.received_by === actor.id && (await ctx.store.evidence.find(db, clientId, audienceOf(actor)));
  if (!theirsAndVisible) throw clientIdTaken(clientId, 'is already used by another evidence item');
  if (held.sha256 !== sha256) throw clientIdTaken(clientId, 'already names another file (a different SHA-256)');
  const links = await ctx.store.evidence.incidentsOf(db, [clientId], audienceOf(actor));
  return toItem(held, links.get(clientId) ?? []);
}

/**
 * As receiveEvidence, for a file that may arrive twice: with a `clientId`, the second arrival from its uploader answers
 * the item already received (`created: false`) — no second file, no second custody event. With a `capturedSha256`,
 * the file must still have the hash the device took at capture, and the custody chain starts with that capture.
 */
export async function receiveEvidenceOnce(ctx: AppContext, actor: Actor, staged: StagedFile, fields: unknown, context: ReceiptContext): Promise<{ item: EvidenceItem; created: boolean }> {
  try {
    requirePermission(actor, 'evidence:write');
    const input = parseInput(evidenceUploadFieldsSchema, fields, 'the evidence');
    if (staged.sizeBytes === 0) throw new DomainError('validation_failed', 'the file is empty', [{ path: 'file', code: 'empty', message: 'the file is empty' }]);
    if (input.capturedSha256 && input.capturedSha256 !== staged.sha256) {
      const message = `the file changed between capture and arrival: it was ${input.capturedSha256} when captured and is ${staged.sha256} now`;
      throw new DomainError('validation_failed', message, [{ path: 'capturedSha256', code: 'hash_mismatch', message: 'the file changed between capture and arrival' }]);
    }
    if (input.clientId) {
      const resent = await resentItem(ctx, ctx.store.connection.db, actor, input.clientId, staged.sha256);
      if (resent) return { item: resent, created: false };
    }
    const sniffed = await sniffMediaType(staged.path);
    if (!sniffed || !isAcceptedMediaType(sniffed.mime)) {
      const what = sniffed ? `${sniffed.mime} (.${sniffed.ext})` : 'of a type that cannot be recognised';
      const message = `the file's content is ${what}, which is not accepted as evidence (whatever its name says); accepted: photos, video, audio, PDF, office documents and plain text`;
      throw new DomainError('validation_failed', message, [{ path: 'file', code: 'type_not_accepted', message }]);
    }
    const mediaType: EvidenceMediaType = sniffed.mime;
    // An incident hidden from the uploader is refused exactly as one that does not exist.
    const incidents = await ctx.store.incidents.visibleIds(ctx.store.connection.db, input.incidentIds, audienceOf(actor));
    const unknown = input.incidentIds.map((id, i) => ({ id, i })).filter(({ id }) => !incidents.has(id));
    if (unknown.length) {
      throw new DomainError(
        'validation_failed',
        `no incident ${unknown[0]!.id}`,
        unknown.map(({ id, i }) => ({ path: `incidentIds.${i}`, code: 'not_found', message: `no incident ${id}` })),
      );
    }
    const capture = await readCaptureMetadata(staged.path, mediaType);
    const working = await makeWorkingCopy(staged, mediaType);
    const store = ctx.evidence;
    let workingCopy: { sha256: string; sizeBytes: number } | null = null;
    if (working.path) {
      const sha256 = await sha256OfFile(working.path);
      const { size: sizeBytes } = await stat(working.path);
      await store.put('working', sha256, working.path);
      workingCopy = { sha256, sizeBytes };
    }
    // Stored before the row is committed: a row never points at a file that is not there (files are never deleted).
    await store.put('originals', staged.sha256, staged.path);
    const id = input.clientId ?? ctx.newId();
    const receivedAt = ctx.now().toISOString();
    const row: EvidenceItemRow = {
      id,
      sha256: staged.sha256,
      size_bytes: staged.sizeBytes,
      media_type: mediaType,
      kind: EVIDENCE_MEDIA_TYPES[mediaType],
      original_name: sanitiseFileName(context.declaredName),
      description: input.description ?? null,
      source: input.source ?? null,
      location: input.location ?? null,
      uploader_ip: context.ip,
      capture: JSON.stringify(capture),
      working_sha256: workingCopy?.sha256 ?? null,
      working_size_bytes: workingCopy?.sizeBytes ?? null,
      working_note: working.note,
      received_by: actor.id,
      received_by_name: actor.username,
      received_at: receivedAt,
    };
    const incidentIds = [...new Set(input.incidentIds)];
    try {
      await ctx.store.connection.db.transaction().execute(async (trx) => {
        await ctx.store.evidence.insert(trx, row, incidentIds);
        if (input.capturedSha256) {
          // The device's hash, checked equal to ours above; its clock is a claim, the event's own time is the ledger's.
          await recordCustody(ctx, trx, row, actor, 'captured', { where: 'on the device', capturedSha256: input.capturedSha256, capturedAt: input.capturedAt ?? null, clientId: input.clientId ?? null });
        }
        const { tags: _tags, ...captureSummary } = capture;
        await recordCustody(ctx, trx, row, actor, 'received', {
          sizeBytes: row.size_bytes,
          mediaType,
          originalName: row.original_name,
          source: row.source,
          location: row.location,
          ip: row.uploader_ip,
          incidentIds,
          capture: captureSummary,
        });
        if (workingCopy) await recordCustody(ctx, trx, row, actor, 'copied', { copy: 'working', workingSha256: workingCopy.sha256, note: working.note });
      });
    } catch (error) {
      // The same file sent twice at once: the second insert lost the race, and answers as a resend would.
      if (input.clientId && isUniqueViolation(error)) {
        const resent = await resentItem(ctx, ctx.store.connection.db, actor, input.clientId, staged.sha256);
        if (resent) return { item: resent, created: false };
      }
      throw error;
    }
    return { item: toItem(row, incidentIds), created: true };
  } finally {
    await rm(staged.dir, { recursive: true, force: true });
  }
}

/** An evidence item as another Haven instance sent it (src/application/sync.service.ts), its files already re-hashed. */
export interface SyncedEvidence {
  id: string;
  sha256: string;
  mediaType: EvidenceMediaType;
  originalName: string;
  description: string | null;
  source: string | null;
  location: string | null;
  capture: CaptureMetadata;
  working: { sha256: string; bytes: Buffer } | null;
  workingNote: string;
  /** The incidents here it is linked to (those the bundle named that exist and are visible to the importer). */
  incidentIds: string[];
  /** Where it came from, recorded with its receipt: peer, instance, bundle, and when and by whom it was first received. */
  provenance: Record<string, unknown>;
}

/**
 * Receive an item from another instance inside the caller's transaction: its files stored under their (checked)
 * hashes, the item kept under the id it has there, and its receipt recorded as custody events here, naming the peer
 * and the bundle. The sender's own custody events stay in the sender's ledger (kept here as its foreign chain).
 */
export async function receiveSyncedEvidence(ctx: AppContext, trx: Db, actor: Actor, item: SyncedEvidence, original: Buffer): Promise<void> {
  requirePermission(actor, 'evidence:write');
  const store = ctx.evidence;
  const dir = await store.scratchDir();
  try {
    // Stored before the row: a row never points at a file that is not there (files are never deleted).
    if (item.working) {
      await writeFile(join(dir, 'working'), item.working.bytes, { mode: 0o600 });
      await store.put('working', item.working.sha256, join(dir, 'working'));
    }
    await writeFile(join(dir, 'original'), original, { mode: 0o600 });
    await store.put('originals', item.sha256, join(dir, 'original'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const row: EvidenceItemRow = {
    id: item.id,
    sha256: item.sha256,
    size_bytes: original.length,
    media_type: item.mediaType,
    kind: EVIDENCE_MEDIA_TYPES[item.mediaType],
    original_name: sanitiseFileName(item.originalName),
    description: item.description,
    source: item.source,
    location: item.location,
    uploader_ip: null,
    capture: JSON.stringify(item.capture),
    working_sha256: item.working?.sha256 ?? null,
    working_size_bytes: item.working?.bytes.length ?? null,
    working_note: item.workingNote,
    received_by: actor.id,
    received_by_name: actor.username,
    received_at: ctx.now().toISOString(),
  };
  await ctx.store.evidence.insert(trx, row, item.incidentIds);
  const { tags: _tags, ...captureSummary } = item.capture;
  await recordCustody(ctx, trx, row, actor, 'received', {
    sizeBytes: row.size_bytes,
    mediaType: item.mediaType,
    originalName: row.original_name,
    source: row.source,
    location: row.location,
    ip: null,
    incidentIds: item.incidentIds,
    capture: captureSummary,
    receivedFrom: item.provenance,
  });
  if (item.working) await recordCustody(ctx, trx, row, actor, 'copied', { copy: 'working', workingSha256: item.working.sha256, note: item.workingNote, receivedFrom: item.provenance });
}

/** The bytes of a stored file, checked against its hash (for a sync export): undefined when missing or altered. */
export async function readCheckedEvidenceFile(ctx: AppContext, area: EvidenceArea, sha256: string): Promise<Buffer | undefined> {
  if (!(await ctx.evidence.exists(area, sha256))) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.evidence.open(area, sha256)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : undefined;
}

/** The item, if it exists and the actor may see it: a restricted item is missing to everyone not named on it. */
async function findItem(ctx: AppContext, id: string, actor: Actor): Promise<EvidenceItemRow> {
  const db = ctx.store.connection.db;
  const row = await ctx.store.evidence.find(db, id, audienceOf(actor));
  if (!row) throw notFound('evidence item', id);
  return row;
}

/** The items the actor may see, newest first: one incident's, or those whose text matches `q`, at most `limit`. */
export async function listEvidence(ctx: AppContext, actor: Actor, filter: EvidenceListFilter): Promise<EvidenceItem[]> {
  requirePermission(actor, 'evidence:read');
  const db = ctx.store.connection.db;
  const rows = await ctx.store.evidence.list(db, filter, audienceOf(actor));
  const links = await ctx.store.evidence.incidentsOf(db, rows.map((r) => r.id), audienceOf(actor));
  return rows.map((r) => toItem(r, links.get(r.id) ?? []));
}

export async function getEvidence(ctx: AppContext, actor: Actor, id: string): Promise<EvidenceItem & { custody: CustodyEvent[] }> {
  requirePermission(actor, 'evidence:read');
  const db = ctx.store.connection.db;
  const row = await findItem(ctx, id, actor);
  const links = await ctx.store.evidence.incidentsOf(db, [id], audienceOf(actor));
  const custody = (await ctx.store.evidence.custodyOf(db, id)).map(toEvent);
  return { ...toItem(row, links.get(id) ?? []), custody: await withVisibleIncidents(ctx, actor, custody) };
}

/** Custody events name the incidents an item was received for: only those the reader may see are shown. */
async function withVisibleIncidents(ctx: AppContext, actor: Actor, events: CustodyEvent[]): Promise<CustodyEvent[]> {
  const named = (e: CustodyEvent) => (Array.isArray(e.details.incidentIds) ? e.details.incidentIds.filter((id): id is string => typeof id === 'string') : undefined);
  const ids = [...new Set(events.flatMap((e) => named(e) ?? []))];
  if (ids.length === 0) return events;
  const visible = await ctx.store.incidents.visibleIds(ctx.store.connection.db, ids, audienceOf(actor));
  return events.map((e) => {
    const incidentIds = named(e);
    return incidentIds ? { ...e, details: { ...e.details, incidentIds: incidentIds.filter((id) => visible.has(id)) } } : e;
  });
}


/**
 * Open a stored file for download, recording the access as a custody event first. The preserved original needs
 * evidence:write (it leaves with its metadata); the working copy, evidence:read.
 */
export async function openEvidenceFile(ctx: AppContext, actor: Actor, id: string, copy: EvidenceCopy, context: { ip: string | null }) {
  requirePermission(actor, copy === 'original' ? 'evidence:write' : 'evidence:read');
  const row = await findItem(ctx, id, actor);
  const area: EvidenceArea = copy === 'original' ? 'originals' : 'working';
  const sha256 = copy === 'original' ? row.sha256 : row.working_sha256;
  if (!sha256) throw new DomainError('not_found', `evidence item ${id} has no working copy: ${row.working_note}`);
  const store = ctx.evidence;
  const stored = await store.stat(area, sha256);
  if (!stored) throw new DomainError('not_found', `the stored ${copy === 'original' ? 'original' : 'working copy'} of evidence item ${id} is missing; run \`haven evidence verify\``);
  await ctx.store.connection.db.transaction().execute((trx) => recordCustody(ctx, trx, row, actor, 'accessed', { copy, fileSha256: sha256, ip: context.ip }));
  const prefix = copy === 'working' && !row.original_name.startsWith('working-') ? 'working-' : '';
  return { stream: store.open(area, sha256), fileName: `${prefix}${row.original_name}`, mediaType: row.media_type, sizeBytes: stored.size, sha256 };
}

export async function transferEvidence(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<CustodyEvent> {
  requirePermission(actor, 'evidence:write');
  const transfer = parseInput(transferSchema, input, 'the transfer');
  const row = await findItem(ctx, id, actor);
  return ctx.store.connection.db.transaction().execute((trx) =>
    recordCustody(ctx, trx, row, actor, 'transferred', { toPerson: transfer.toPerson, toOrganisation: transfer.toOrganisation ?? null, reason: transfer.reason }),
  );
}



/**
 * Re-hash every stored original (and working copy) against the hash recorded on arrival, check every custody event
 * against a verifying ledger, and record the check on each item as a custody event.
 */
export async function verifyEvidence(ctx: AppContext, actor: Actor): Promise<EvidenceVerification> {
  requirePermission(actor, 'evidence:verify');
  const db = ctx.store.connection.db;
  const store = ctx.evidence;
  const files: FileProblem[] = [];
  const items: EvidenceItemRow[] = [];
  const hashes = new Map<string, Promise<string | undefined>>();
  const hashOf = (area: EvidenceArea, sha256: string) => {
    const key = `${area}/${sha256}`;
    if (!hashes.has(key)) hashes.set(key, (async () => ((await store.exists(area, sha256)) ? sha256OfStream(store.open(area, sha256)) : undefined))());
    return hashes.get(key)!;
  };
  let intact = 0;
  for await (const item of ctx.store.evidence.all(db)) {
    items.push(item);
    const copies: [EvidenceCopy, EvidenceArea, string | null][] = [
      ['original', 'originals', item.sha256],
      ['working', 'working', item.working_sha256],
    ];
    let itemIntact = true;
    for (const [copy, area, expected] of copies) {
      if (!expected) continue;
      const actual = await hashOf(area, expected);
      if (actual === expected) continue;
      itemIntact = false;
      files.push({ itemId: item.id, originalName: item.original_name, copy, expectedSha256: expected, problem: actual ? 'altered' : 'missing', ...(actual && { actualSha256: actual }) });
    }
    if (itemIntact) intact++;
  }

  // The custody records are checked with the rest of the ledger, in one pass (src/application/ledger.service.ts).
  const full = await fullCheck(ctx, await ctx.store.ledger.head(db) ?? null);
  const ledger = full.chain;
  const custodyProblems = full.records.problems.filter((p) => p.table === 'evidence_custody');
  const notInLedger: EvidenceVerification['custody']['notInLedger'] = custodyProblems
    .filter((p) => p.recordId !== null)
    .map((p) => ({ itemId: p.subjectId, kind: p.kind.slice('evidence.'.length), ledgerSeq: p.seq ?? 0, reason: p.reason }));
  const missingFromCustody = custodyProblems.filter((p) => p.recordId === null).map((p) => ({ itemId: p.subjectId, kind: p.kind.slice('evidence.'.length), ledgerSeq: p.seq ?? 0 }));
  const events = (await ctx.store.evidence.countCustody(db));
  const headOk = full.head.ok;

  // The verifier learns that a restricted item failed (so the failure is not hidden), never its name.
  const hidden = await ctx.store.restrictions.hiddenAmong(db, files.map((f) => f.itemId), audienceOf(actor));
  for (const file of files) if (hidden.has(file.itemId)) file.originalName = '(a restricted item)';
  const checkedAt = ctx.now().toISOString();
  const report: EvidenceVerification = {
    ok: files.length === 0 && notInLedger.length === 0 && missingFromCustody.length === 0 && ledger.ok && headOk,
    checkedAt,
    items: items.length,
    intact,
    files,
    custody: { events, notInLedger, missingFromCustody },
    ledger,
    ledgerHead: { ok: full.head.ok, reason: full.head.reason },
  };
  if (items.length) {
    await db.transaction().execute(async (trx) => {
      for (const item of items) {
        const problems = files.filter((f) => f.itemId === item.id).map((f) => `${f.copy} ${f.problem}`);
        await recordCustody(ctx, trx, item, actor, 'verified', { result: problems.length ? 'failed' : 'intact', problems, ledgerVerified: ledger.ok && headOk });
      }
    });
  }
  return report;
}

export interface CustodyReport {
  item: EvidenceItem;
  events: (CustodyEvent & { ledgerEntry: { seq: number; hash: string; prevHash: string; keyId: string; signature: string } | null; ledgerProblem?: string })[];
  generatedAt: string;
  generatedBy: string;
}

/**
 * Everything a printable custody report shows: the item, every custody event and the ledger entry that seals it. An
 * event whose record no longer matches what its entry sealed (edited behind the application) is shown as such,
 * never next to the genuine hash.
 */
export async function custodyReport(ctx: AppContext, actor: Actor, id: string): Promise<CustodyReport> {
  const item = await getEvidence(ctx, actor, id);
  const db = ctx.store.connection.db;
  const entries = new Map((await ctx.store.ledger.forSubject(db, id)).map((e) => [e.seq, e]));
  // Sealed or not is decided on the records as stored, before the reader's view drops incidents hidden from them.
  const stored = new Map((await ctx.store.evidence.custodyOf(db, id)).map((row) => [row.id, row]));
  const { custody, ...rest } = item;
  const crypto = ledgerCrypto(undefined, new Map());
  return {
    item: rest,
    events: custody.map((event) => {
      const entry = entries.get(event.ledger.seq);
      const check = new RecordLinkCheck('evidence_custody', CUSTODY_LEDGER_KINDS, crypto);
      if (entry) check.observe(entry);
      const row = stored.get(event.id);
      if (row) check.check(custodyLedgerRecord(row, item.sha256));
      const sealed = entry !== undefined && row !== undefined && check.problems.length === 0;
      return {
        ...event,
        ledgerEntry: sealed ? { seq: entry.seq, hash: entry.hash, prevHash: entry.prevHash, keyId: entry.keyId, signature: entry.signature } : null,
        ...(!sealed && { ledgerProblem: check.problems[0]?.reason ?? `ledger entry ${event.ledger.seq} is missing` }),
      };
    }),
    generatedAt: ctx.now().toISOString(),
    generatedBy: actor.username,
  };
}
