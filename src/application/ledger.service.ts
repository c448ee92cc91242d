import { randomBytes } from 'node:crypto';
import { principalMay } from '../core/access-control.js';
import { z } from 'zod';
import { DomainError, notFound } from '../core/errors.js';
import {
  ChainVerifier,
  checkEarlierHead,
  checkHead,
  GENESIS_HASH,
  publishEntry,
  sealEntry,
  signHead,
  type LedgerEntry,
  type LedgerEntryKind,
  type LedgerHead,
  type SealedLedgerEntry,
  type VerificationResult,
} from '../core/ledger/hash-chain.js';
import { RecordLinkCheck, type LedgerVerification } from '../core/ledger/record-links.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { parseInput } from './validation.js';
import { keyIdOf, ledgerCrypto, type LedgerSigningKey } from '../infrastructure/ledger-keys.js';
import { CUSTODY_LEDGER_KINDS, custodyLedgerRecords, FORCE_STEP_LEDGER_KINDS, forceStepLedgerRecords } from './ledger-records.js';

export interface LedgerActor {
  id: string;
  name: string;
  role: string;
}

const headCrypto = (key: LedgerSigningKey) => ledgerCrypto(key, new Map());

/**
 * Append one entry, inside the caller's transaction: the step and its ledger entry are written together or not at
 * all, and so is the signed head that now describes the ledger. Appends are serialised, so the chain never forks.
 */
export async function appendToLedger(ctx: AppContext, db: Db, entry: { kind: LedgerEntryKind; subjectId: string; actor: LedgerActor; payload: unknown }): Promise<SealedLedgerEntry> {
  const { ledger } = ctx.store;
  await ledger.lockForAppend(db);
  await ledger.saveKey(db, { keyId: ctx.ledgerKey.keyId, publicKeyPem: ctx.ledgerKey.publicKeyPem, createdAt: ctx.now().toISOString() });
  const last = await ledger.last(db);
  const at = ctx.now().toISOString();
  const crypto = headCrypto(ctx.ledgerKey);
  const sealed = sealEntry(
    { seq: (last?.seq ?? 0) + 1, at, kind: entry.kind, subjectId: entry.subjectId, actor: entry.actor, payload: entry.payload, prevHash: last?.hash ?? GENESIS_HASH },
    randomBytes(16).toString('hex'),
    crypto,
  );
  await ledger.append(db, sealed);
  await ledger.writeHead(db, signHead({ size: sealed.seq, headHash: sealed.hash, at }, crypto));
  return sealed;
}

/**
 * The signed head. A ledger upgraded from before signed heads has one written by the migration but not yet signed
 * (a migration holds no key): it is signed here, once, for the state the migration recorded.
 */
export async function currentHead(ctx: AppContext, actor: Actor): Promise<LedgerHead | null> {
  requirePermission(actor, 'ledger:read');
  return signedHead(ctx);
}

async function signedHead(ctx: AppContext): Promise<LedgerHead | null> {
  const db = ctx.store.connection.db;
  const head = await ctx.store.ledger.head(db);
  if (!head || head.signature !== '') return head ?? null;
  return db.transaction().execute(async (trx) => {
    await ctx.store.ledger.lockForAppend(trx);
    const again = await ctx.store.ledger.head(trx);
    if (!again || again.signature !== '') return again ?? null;
    await ctx.store.ledger.saveKey(trx, { keyId: ctx.ledgerKey.keyId, publicKeyPem: ctx.ledgerKey.publicKeyPem, createdAt: ctx.now().toISOString() });
    const signed = signHead(again, headCrypto(ctx.ledgerKey));
    await ctx.store.ledger.writeHead(trx, signed);
    return signed;
  });
}

/**
 * Check the whole ledger: every entry's hash, link, signature and payload digest; the signed head against the newest
 * entry (entries removed from the end are caught here); every step and custody record against its entry; and, when
 * given, a head kept from earlier against the entry at its size (a ledger rolled back with its head is caught there).
 */
export async function verifyLedger(ctx: AppContext, actor: Actor, options: { earlierHead?: LedgerHead } = {}): Promise<LedgerVerification> {
  requirePermission(actor, 'ledger:read');
  const head = await signedHead(ctx);
  return fullCheck(ctx, head, options.earlierHead);
}

/** The same check without a permission (evidence verification runs it as part of its own). */
export async function fullCheck(ctx: AppContext, head: LedgerHead | null, earlierHead?: LedgerHead): Promise<LedgerVerification> {
  const db = ctx.store.connection.db;
  const crypto = ledgerCrypto(undefined, await ctx.store.ledger.keys(db));
  const verifier = new ChainVerifier(crypto, GENESIS_HASH, 1);
  const steps = new RecordLinkCheck('force_steps', FORCE_STEP_LEDGER_KINDS, crypto);
  const custody = new RecordLinkCheck('evidence_custody', CUSTODY_LEDGER_KINDS, crypto);
  let earlierEntry: { seq: number; hash: string } | undefined;
  for await (const entry of ctx.store.ledger.entries(db)) {
    if (!verifier.check(entry)) break;
    steps.observe(entry);
    custody.observe(entry);
    if (earlierHead && entry.seq === earlierHead.size) earlierEntry = { seq: entry.seq, hash: entry.hash };
  }
  const chain = verifier.result();
  const newest = chain.ok && chain.entries > 0 ? { seq: chain.lastSeq, hash: chain.lastHash } : undefined;
  const headCheck = chain.ok ? checkHead(head ?? undefined, newest, crypto) : { ok: false as const, reason: 'not checked: the chain is broken' };
  for await (const record of forceStepLedgerRecords(ctx, db)) steps.check(record);
  for await (const record of custodyLedgerRecords(ctx, db)) custody.check(record);
  const problems = chain.ok ? [...steps.finish(), ...custody.finish()] : [...steps.problems, ...custody.problems];
  const earlier = earlierHead && (chain.ok ? checkEarlierHead(earlierHead, earlierEntry, crypto) : { ok: false as const, reason: 'not checked: the chain is broken' });
  return {
    ok: chain.ok && headCheck.ok && problems.length === 0 && (earlier?.ok ?? true),
    entries: chain.entries,
    lastHash: chain.ok && chain.entries > 0 ? chain.lastHash : null,
    chain,
    head: { ok: headCheck.ok, reason: headCheck.ok ? null : headCheck.reason, signed: head },
    ...(earlier && { earlierHead: { ok: earlier.ok, reason: earlier.ok ? null : earlier.reason } }),
    records: { checked: steps.checked + custody.checked, problems },
  };
}

/**
 * Who may read an entry's payload: whoever may read the record it belongs to, with that record's restrictions. A
 * ledger reader without that sees the entry's digest, never its content.
 */
export function disclosurePolicy(ctx: AppContext, actor: Actor, db: Db = ctx.store.connection.db): (entry: LedgerEntry) => Promise<boolean> {
  const decided = new Map<string, Promise<boolean>>();
  const readable = async (entry: LedgerEntry): Promise<boolean> => {
    const [area] = entry.kind.split('.') as [string];
    const audience = audienceOf(actor);
    if (area === 'force') return principalMay(actor, 'force:read');
    // A choice of a course of action is read where force requests are (planning situations are not restricted).
    if (area === 'coa') return principalMay(actor, 'force:read');
    if (area === 'case') return principalMay(actor, 'case:read') && (await ctx.store.cases.find(db, entry.subjectId, audience)) !== undefined;
    if (area === 'evidence') return principalMay(actor, 'evidence:read') && (await ctx.store.evidence.find(db, entry.subjectId, audience)) !== undefined;
    // A bundle's cross-reference names instances, hashes and counts, never a record's content.
    if (area === 'sync') return true;
    return false;
  };
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  return async (entry) => {
    const key = `${entry.kind.split('.')[0]}|${entry.subjectId}`;
    if (!decided.has(key)) decided.set(key, readable(entry));
    if (!(await decided.get(key)!)) return false;
    // A payload that names a restricted record hidden from this reader (an evidence item received for a restricted
    // incident) is withheld whole: it cannot be trimmed without breaking its proof against the digest.
    const named = [...new Set(JSON.stringify(entry.disclosure?.payload ?? null).match(UUID) ?? [])].filter((id) => id !== entry.subjectId);
    return named.length === 0 || (await ctx.store.restrictions.hiddenAmong(db, named, audienceOf(actor))).size === 0;
  };
}

/** A subject's entries for a reader who passed the subject's own checks: with their payloads. */
export async function ledgerForSubject(ctx: AppContext, subjectId: string): Promise<LedgerEntry[]> {
  return ctx.store.ledger.forSubject(ctx.store.connection.db, subjectId);
}

/** One entry; its payload (and salt, to prove it against the digest) only if the reader may read its record. */
export async function ledgerEntry(ctx: AppContext, actor: Actor, seq: number): Promise<LedgerEntry> {
  requirePermission(actor, 'ledger:read');
  const entry = await ctx.store.ledger.find(ctx.store.connection.db, seq);
  if (!entry) throw notFound('ledger entry', String(seq));
  return publishEntry(entry, await disclosurePolicy(ctx, actor)(entry));
}

export const LEDGER_SEGMENT_FORMAT = 'haven-ledger-segment';

export interface LedgerSegmentHeader {
  format: typeof LEDGER_SEGMENT_FORMAT;
  /** 1: entries with their payloads (before signed heads); 2: payloads only where disclosed, and a closing head. */
  version: 1 | 2;
  fromSeq: number;
  /** The last entry the segment holds (version 2): a segment that ends before it was cut short. */
  toSeq?: number;
  /** The hash the first entry must link to: the segment verifies on its own. */
  startHash: string;
  publicKeys: Record<string, string>;
}

/**
 * A segment as JSON lines: a header with the public keys and the starting hash, one entry per line (payloads only
 * where the reader may read their record), then the signed head, so a segment exported to the end proves it is whole.
 */
export async function* exportLedgerSegment(ctx: AppContext, actor: Actor, fromSeq = 1, toSeq?: number): AsyncGenerator<string> {
  requirePermission(actor, 'ledger:read');
  const db = ctx.store.connection.db;
  const head = await signedHead(ctx);
  const startHash = fromSeq <= 1 ? GENESIS_HASH : ((await ctx.store.ledger.hashBefore(db, fromSeq)) ?? GENESIS_HASH);
  const size = head?.size ?? 0;
  const end = Math.min(toSeq ?? size, size);
  const header: LedgerSegmentHeader = { format: LEDGER_SEGMENT_FORMAT, version: 2, fromSeq, toSeq: end, startHash, publicKeys: Object.fromEntries(await ctx.store.ledger.keys(db)) };
  yield `${JSON.stringify(header)}\n`;
  const disclose = disclosurePolicy(ctx, actor);
  for await (const entry of ctx.store.ledger.entries(db, fromSeq, end)) yield `${JSON.stringify(publishEntry(entry, await disclose(entry)))}\n`;
  if (head) yield `${JSON.stringify({ head })}\n`;
}

export interface SegmentVerification {
  ok: boolean;
  entries: number;
  chain: VerificationResult;
  trustedKey: string | null;
  /** The segment's closing head: checked when the segment reaches it, reported as not covered when it ends before. */
  head: { present: boolean; ok: boolean | null; reason: string | null };
}

/** A format-1 line (no `v`): its payload was always present. */
function entryOfLine(raw: Record<string, unknown>): LedgerEntry {
  if (raw.v === 2) return raw as unknown as LedgerEntry;
  const { payload, ...rest } = raw;
  return { ...(rest as unknown as LedgerEntry), v: 1, payloadDigest: null, ...('payload' in raw && { disclosure: { payload } }) };
}

/**
 * Verify an exported segment anywhere, with nothing but its lines. Pass the public key you trust (from the mission,
 * out of band): then only entries signed with it verify. Without it, the keys in the header are used, which proves
 * integrity but not who signed. Disclosed payloads are checked against their digests; withheld ones cannot be read
 * and need not be.
 */
export function verifyLedgerSegment(lines: Iterable<string>, trustedPublicKeyPem?: string): SegmentVerification {
  const iterator = lines[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) throw new Error('the segment is empty');
  const header = JSON.parse(first.value) as LedgerSegmentHeader;
  if (header.format !== LEDGER_SEGMENT_FORMAT) throw new Error('not a Haven ledger segment');
  const keys = trustedPublicKeyPem ? new Map([[keyIdOf(trustedPublicKeyPem), trustedPublicKeyPem]]) : new Map(Object.entries(header.publicKeys));
  const crypto = ledgerCrypto(undefined, keys);
  const verifier = new ChainVerifier(crypto, header.startHash, header.fromSeq);
  let head: LedgerHead | undefined;
  let atHead: { seq: number; hash: string } | undefined;
  let last: { seq: number; hash: string } | undefined;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (!next.value.trim()) continue;
    const raw = JSON.parse(next.value) as Record<string, unknown>;
    if ('head' in raw) {
      head = raw.head as LedgerHead;
      continue;
    }
    const entry = entryOfLine(raw);
    if (!verifier.check(entry)) break;
    last = { seq: entry.seq, hash: entry.hash };
    if (head === undefined) atHead = last;
  }
  const chain = verifier.result();
  let headResult: SegmentVerification['head'] = { present: false, ok: null, reason: null };
  const expectedEnd = header.version === 2 ? header.toSeq : undefined;
  if (chain.ok && expectedEnd !== undefined && (last?.seq ?? header.fromSeq - 1) !== expectedEnd) {
    headResult = { present: head !== undefined, ok: false, reason: `the segment should end at entry ${expectedEnd} but ends at ${last?.seq ?? 'none'}: it was cut short` };
  } else if (head && chain.ok) {
    const reaches = last !== undefined && last.seq >= head.size;
    const check = reaches ? (last!.seq === head.size ? checkHead(head, atHead, crypto) : { ok: false as const, reason: `the segment holds entries after its closing head (${head.size})` }) : undefined;
    headResult = check ? { present: true, ok: check.ok, reason: check.ok ? null : check.reason } : { present: true, ok: null, reason: `the segment ends at entry ${last?.seq ?? header.fromSeq - 1}, before the head (${head.size}): its end is not covered` };
  } else if (header.version === 2 && chain.ok) {
    headResult = { present: false, ok: false, reason: 'the segment has no closing head: it was cut short' };
  }
  return { ok: chain.ok && headResult.ok !== false, entries: chain.entries, chain, trustedKey: trustedPublicKeyPem ? keyIdOf(trustedPublicKeyPem) : null, head: headResult };
}

const ledgerHeadSchema = z.object({
  size: z.number().int().min(0),
  headHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  at: z.string().min(1),
  keyId: z.string().min(1),
  signature: z.string().min(1),
});

/** A signed head kept from earlier: `{ "head": {…} }` as `haven ledger head` writes it, or the head alone. */
export function parseHeadFile(text: string, name: string): LedgerHead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('validation_failed', `${name} is not JSON: expected a signed head as written by haven ledger head`);
  }
  const candidate = typeof json === 'object' && json !== null && 'head' in json ? (json).head : json;
  return parseInput(ledgerHeadSchema, candidate, `signed head in ${name}`);
}
