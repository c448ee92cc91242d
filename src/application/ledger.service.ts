import { ChainVerifier, GENESIS_HASH, sealEntry, type LedgerEntry, type LedgerEntryKind, type VerificationResult } from '../core/ledger/hash-chain.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { keyIdOf, ledgerCrypto } from './ledger-keys.js';

export interface LedgerActor {
  id: string;
  name: string;
  role: string;
}

/**
 * Append one entry, inside the caller's transaction: the step and its ledger entry are written together or not at
 * all. Appends are serialised, so the chain never forks.
 */
export async function appendToLedger(ctx: AppContext, db: Db, entry: { kind: LedgerEntryKind; subjectId: string; actor: LedgerActor; payload: unknown }): Promise<LedgerEntry> {
  const { ledger } = ctx.store;
  await ledger.lockForAppend(db);
  await ledger.saveKey(db, { keyId: ctx.ledgerKey.keyId, publicKeyPem: ctx.ledgerKey.publicKeyPem, createdAt: ctx.now().toISOString() });
  const last = await ledger.last(db);
  const sealed = sealEntry(
    { seq: (last?.seq ?? 0) + 1, at: ctx.now().toISOString(), kind: entry.kind, subjectId: entry.subjectId, actor: entry.actor, payload: entry.payload, prevHash: last?.hash ?? GENESIS_HASH },
    ledgerCrypto(ctx.ledgerKey, new Map()),
  );
  await ledger.append(db, sealed);
  return sealed;
}

/** Check the whole chain; report the first broken entry. */
export async function verifyLedger(ctx: AppContext, actor: Actor): Promise<VerificationResult> {
  requirePermission(actor, 'ledger:read');
  const db = ctx.store.connection.db;
  const verifier = new ChainVerifier(ledgerCrypto(undefined, await ctx.store.ledger.keys(db)), GENESIS_HASH, 1);
  for await (const entry of ctx.store.ledger.entries(db)) if (!verifier.check(entry)) break;
  return verifier.result();
}

export async function ledgerForSubject(ctx: AppContext, actor: Actor, subjectId: string): Promise<LedgerEntry[]> {
  requirePermission(actor, 'ledger:read');
  return ctx.store.ledger.forSubject(ctx.store.connection.db, subjectId);
}

export async function* ledgerEntries(ctx: AppContext, actor: Actor, fromSeq = 1, toSeq?: number): AsyncGenerator<LedgerEntry> {
  requirePermission(actor, 'ledger:read');
  yield* ctx.store.ledger.entries(ctx.store.connection.db, fromSeq, toSeq);
}

export const LEDGER_SEGMENT_FORMAT = 'haven-ledger-segment';

export interface LedgerSegmentHeader {
  format: typeof LEDGER_SEGMENT_FORMAT;
  version: 1;
  fromSeq: number;
  /** The hash the first entry must link to: the segment verifies on its own. */
  startHash: string;
  publicKeys: Record<string, string>;
}

/** A segment as JSON lines: a header with the public keys and the starting hash, then one entry per line. */
export async function* exportLedgerSegment(ctx: AppContext, actor: Actor, fromSeq = 1, toSeq?: number): AsyncGenerator<string> {
  requirePermission(actor, 'ledger:read');
  const db = ctx.store.connection.db;
  const startHash = fromSeq <= 1 ? GENESIS_HASH : ((await ctx.store.ledger.hashBefore(db, fromSeq)) ?? GENESIS_HASH);
  const header: LedgerSegmentHeader = { format: LEDGER_SEGMENT_FORMAT, version: 1, fromSeq, startHash, publicKeys: Object.fromEntries(await ctx.store.ledger.keys(db)) };
  yield `${JSON.stringify(header)}\n`;
  for await (const entry of ctx.store.ledger.entries(db, fromSeq, toSeq)) yield `${JSON.stringify(entry)}\n`;
}

/**
 * Verify an exported segment anywhere, with nothing but its lines. Pass the public key you trust (from the mission,
 * out of band): then only entries signed with it verify. Without it, the keys in the header are used, which proves
 * integrity but not who signed.
 */
export function verifyLedgerSegment(lines: Iterable<string>, trustedPublicKeyPem?: string): VerificationResult & { trustedKey: string | null } {
  const iterator = lines[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) throw new Error('the segment is empty');
  const header = JSON.parse(first.value) as LedgerSegmentHeader;
  if (header.format !== LEDGER_SEGMENT_FORMAT) throw new Error('not a Haven ledger segment');
  const keys = trustedPublicKeyPem ? new Map([[keyIdOf(trustedPublicKeyPem), trustedPublicKeyPem]]) : new Map(Object.entries(header.publicKeys));
  const verifier = new ChainVerifier(ledgerCrypto(undefined, keys), header.startHash, header.fromSeq);
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (!next.value.trim()) continue;
    if (!verifier.check(JSON.parse(next.value) as LedgerEntry)) break;
  }
  return { ...verifier.result(), trustedKey: trustedPublicKeyPem ? keyIdOf(trustedPublicKeyPem) : null };
}
