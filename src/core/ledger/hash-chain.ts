import { z } from 'zod';
import { fileAnswerSchema } from '../api-contract.schema.js';
import { canonicalJson } from './canonical-json.js';

/**
 * A tamper-evident ledger: each entry holds the hash of the one before it and is signed with the server's key, so
 * changing, removing or reordering any entry breaks every hash after it. The hash and signature functions are passed
 * in, so this file stays pure and testable.
 *
 * Like Certificate Transparency, the chain commits to a *digest* of each entry's payload, not to the payload itself
 * (format 2): anyone who may read the ledger can check the chain, the signatures and the signed head, while the payload
 * — a case title, a witness's name, an evidence file's GPS position — is disclosed only to readers of the record it
 * belongs to. A disclosed payload is proved against the digest. The digest is salted, so a reader cannot confirm a
 * guess at a short payload ("approve") by hashing it. Entries written before format 2 (format 1) hashed the payload
 * itself: they still verify, in full where their payload is disclosed and by link and signature where it is withheld.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const LEDGER_ENTRY_KINDS = [
  'force.request',
  'force.assessment',
  'force.judgement',
  'force.review',
  'force.decision',
  'force.approval',
  'force.emergency',
  'force.outcome',
  'case.opened',
  'case.updated',
  'case.step',
  'case.perpetrator_event',
  // Chain of custody of evidence items (src/application/evidence.service.ts).
  'evidence.received',
  'evidence.accessed',
  'evidence.copied',
  'evidence.transferred',
  'evidence.verified',
  // A sync bundle imported from another instance, cross-referencing its sender's chain (src/application/sync.service.ts).
  'sync.bundle_imported',
  // A file's capture on a device, before it reached Haven (src/application/evidence.service.ts).
  'evidence.captured',
  // The commander's choice of a course of action (src/application/course-of-action.service.ts).
  'coa.choice',
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export interface LedgerActorRef {
  id: string;
  name: string;
  role: string;
}

/** A payload shown to a reader who may see it: with its salt (format 2), so it can be checked against the digest. */
export interface LedgerDisclosure {
  payload: unknown;
  salt?: string;
}

/** An entry as it is published: everything a ledger reader may see, and the payload only where it is disclosed. */
export interface LedgerEntry {
  /** 2: the chain commits to `payloadDigest`; 1: (older entries) the chain commits to the payload itself. */
  v: 1 | 2;
  seq: number;
  at: string;
  kind: LedgerEntryKind;
  subjectId: string;
  actor: LedgerActorRef;
  /** SHA-256 of the canonical JSON of `{ payload, salt }`; null for format 1. */
  payloadDigest: string | null;
  prevHash: string;
  hash: string;
  signature: string;
  keyId: string;
  disclosure?: LedgerDisclosure;
}

/** An entry as it is stored: its payload always at hand. */
export type SealedLedgerEntry = LedgerEntry & { disclosure: LedgerDisclosure };

export interface LedgerCrypto {
  sha256Hex(text: string): string;
  sign(hashHex: string): { signature: string; keyId: string };
  verify(hashHex: string, signature: string, keyId: string): boolean | 'unknown_key';
}

/** What a new entry says before it is sealed. */
export interface LedgerDraft {
  seq: number;
  at: string;
  kind: LedgerEntryKind;
  subjectId: string;
  actor: LedgerActorRef;
  payload: unknown;
  prevHash: string;
}

export const payloadDigestOf = (payload: unknown, salt: string, crypto: Pick<LedgerCrypto, 'sha256Hex'>): string => crypto.sha256Hex(canonicalJson({ payload, salt }));

/**
 * The text an entry's hash is computed over, or undefined when it cannot be known (a format-1 entry whose payload is
 * withheld from this reader).
 */
export function hashedTextOf(entry: LedgerEntry): string | undefined {
  const common = { seq: entry.seq, at: entry.at, kind: entry.kind, subjectId: entry.subjectId, actor: entry.actor, prevHash: entry.prevHash };
  if (entry.v === 2) return canonicalJson({ v: 2, ...common, payloadDigest: entry.payloadDigest });
  if (!entry.disclosure) return undefined;
  return canonicalJson({ ...common, payload: entry.disclosure.payload });
}

/** Seal a new entry (format 2): digest of the salted payload, hash of the entry, signature. */
export function sealEntry(draft: LedgerDraft, salt: string, crypto: LedgerCrypto): SealedLedgerEntry {
  const unsealed: LedgerEntry = {
    v: 2,
    seq: draft.seq,
    at: draft.at,
    kind: draft.kind,
    subjectId: draft.subjectId,
    actor: draft.actor,
    payloadDigest: payloadDigestOf(draft.payload, salt, crypto),
    prevHash: draft.prevHash,
    hash: '',
    signature: '',
    keyId: '',
  };
  const hash = crypto.sha256Hex(hashedTextOf(unsealed)!);
  return { ...unsealed, hash, ...crypto.sign(hash), disclosure: { payload: draft.payload, salt } };
}

/** The entry as a reader sees it: the payload only when `disclose` says so. */
export function publishEntry(entry: LedgerEntry, disclose: boolean): LedgerEntry {
  const { disclosure, ...published } = entry;
  return disclose && disclosure ? { ...published, disclosure } : published;
}

/** Whether a disclosed payload is the one the entry committed to (undefined when there is nothing to check). */
export function disclosureMatches(entry: LedgerEntry, crypto: Pick<LedgerCrypto, 'sha256Hex'>): boolean | undefined {
  if (entry.v !== 2 || !entry.disclosure) return undefined;
  return entry.disclosure.salt !== undefined && payloadDigestOf(entry.disclosure.payload, entry.disclosure.salt, crypto) === entry.payloadDigest;
}

export const verificationResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), lastHash: z.string(), lastSeq: z.number().int(), payloadsChecked: z.number().int(), contentWithheld: z.number().int() }),
  z.object({ ok: z.literal(false), entries: z.number().int(), firstBroken: z.object({ seq: z.number().int(), reason: z.string() }) }),
]);
export type VerificationResult = z.output<typeof verificationResultSchema>;

/**
 * Checks a run of entries in order, one at a time (so a ledger of any length streams through): each one's hash
 * recomputed from its content, each linked to the previous hash, each signature valid, each disclosed payload equal to
 * its digest. `startHash` and `startSeq` let a segment be checked on its own.
 */
export class ChainVerifier {
  private previous: string;
  private previousSeq = 0;
  private expectedSeq: number | undefined;
  private count = 0;
  private payloadsChecked = 0;
  private contentWithheld = 0;
  private broken: { seq: number; reason: string } | undefined;

  constructor(
    private readonly crypto: LedgerCrypto,
    startHash = GENESIS_HASH,
    startSeq?: number,
  ) {
    this.previous = startHash;
    this.expectedSeq = startSeq;
    if (startSeq !== undefined) this.previousSeq = startSeq - 1;
  }

  /** False once an entry is broken; later entries are not checked (everything after a break is suspect). */
  check(entry: LedgerEntry): boolean {
    if (this.broken) return false;
    this.count++;
    const fail = (reason: string) => {
      this.broken = { seq: entry.seq, reason };
      return false;
    };
    if (this.expectedSeq !== undefined && entry.seq !== this.expectedSeq) {
      return fail(`expected entry ${this.expectedSeq} here, found ${entry.seq}: an entry is missing or out of order`);
    }
    if (entry.prevHash !== this.previous) return fail('its previous-hash link does not match the entry before it');
    if (entry.v !== 1 && entry.v !== 2) return fail(`it has an unknown format (${String(entry.v)})`);
    const text = hashedTextOf(entry);
    if (text === undefined) this.contentWithheld++;
    else if (this.crypto.sha256Hex(text) !== entry.hash) return fail('its content does not match its hash: it was altered after it was written');
    const disclosed = disclosureMatches(entry, this.crypto);
    if (disclosed === false) return fail('its payload does not match the digest the entry commits to: the payload was altered');
    if (disclosed === true || (entry.v === 1 && text !== undefined)) this.payloadsChecked++;
    const signed = this.crypto.verify(entry.hash, entry.signature, entry.keyId);
    if (signed === 'unknown_key') return fail(`it is signed with key ${entry.keyId}, which this verifier does not know`);
    if (!signed) return fail('its signature is not valid for its hash');
    this.previous = entry.hash;
    this.previousSeq = entry.seq;
    this.expectedSeq = entry.seq + 1;
    return true;
  }

  result(): VerificationResult {
    return this.broken
      ? { ok: false, entries: this.count, firstBroken: this.broken }
      : { ok: true, entries: this.count, lastHash: this.previous, lastSeq: this.previousSeq, payloadsChecked: this.payloadsChecked, contentWithheld: this.contentWithheld };
  }
}

export function verifyChain(entries: Iterable<LedgerEntry>, crypto: LedgerCrypto, startHash = GENESIS_HASH, startSeq?: number): VerificationResult {
  const verifier = new ChainVerifier(crypto, startHash, startSeq);
  for (const entry of entries) if (!verifier.check(entry)) break;
  return verifier.result();
}

/**
 * The signed head: how many entries the ledger holds and the hash of the newest, signed with the server's key at every
 * append and kept apart from the entries. Deleting the newest entries leaves a chain that verifies on its own; it
 * no longer matches its head. A head kept outside (exported, published) also catches a head rolled back with them.
 */
export interface LedgerHead {
  size: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
}

const HEAD_STATEMENT = 'haven-ledger-head';

const headDigest = (head: Pick<LedgerHead, 'size' | 'headHash' | 'at'>, crypto: Pick<LedgerCrypto, 'sha256Hex'>) =>
  crypto.sha256Hex(canonicalJson({ statement: HEAD_STATEMENT, size: head.size, headHash: head.headHash, at: head.at }));

export function signHead(head: Pick<LedgerHead, 'size' | 'headHash' | 'at'>, crypto: LedgerCrypto): LedgerHead {
  return { size: head.size, headHash: head.headHash, at: head.at, ...crypto.sign(headDigest(head, crypto)) };
}

export function headSignatureValid(head: LedgerHead, crypto: LedgerCrypto): boolean | 'unknown_key' {
  return crypto.verify(headDigest(head, crypto), head.signature, head.keyId);
}

/**
 * Whether a whole, verified chain is the one its signed head describes. `newest` is the last entry's seq and hash
 * (undefined for an empty ledger).
 */
export function checkHead(head: LedgerHead | undefined, newest: { seq: number; hash: string } | undefined, crypto: LedgerCrypto): { ok: true } | { ok: false; reason: string } {
  if (!head) return newest ? { ok: false, reason: `the ledger holds ${newest.seq} entries but has no signed head: the head was removed` } : { ok: true };
  const signed = headSignatureValid(head, crypto);
  if (signed === 'unknown_key') return { ok: false, reason: `the signed head is signed with key ${head.keyId}, which this verifier does not know` };
  if (!signed) return { ok: false, reason: 'the signed head’s signature is not valid: the head was altered' };
  const size = newest?.seq ?? 0;
  const range = (from: number, to: number) => (from === to ? `entry ${from} was` : `entries ${from}–${to} were`);
  if (head.size > size) return { ok: false, reason: `the signed head records ${head.size} entries but the ledger holds ${size}: ${range(size + 1, head.size)} removed` };
  if (head.size < size) return { ok: false, reason: `the ledger holds ${size} entries but the signed head records ${head.size}: ${range(head.size + 1, size)} added without the server's key` };
  if (newest && newest.hash !== head.headHash) return { ok: false, reason: `entry ${size} is not the one the signed head records: the newest entries were replaced` };
  return { ok: true };
}

/**
 * Whether a head seen earlier (exported, published, kept by an auditor) is still part of this ledger: the entry at its
 * size must carry its hash. A ledger rolled back to before it, or rewritten since, fails.
 */
export function checkEarlierHead(earlier: LedgerHead, entryAtSize: { seq: number; hash: string } | undefined, crypto: LedgerCrypto): { ok: true } | { ok: false; reason: string } {
  const signed = headSignatureValid(earlier, crypto);
  if (signed !== true) return { ok: false, reason: signed === 'unknown_key' ? `the earlier head is signed with key ${earlier.keyId}, which this verifier does not know` : 'the earlier head’s signature is not valid' };
  if (earlier.size === 0) return { ok: true };
  if (!entryAtSize) return { ok: false, reason: `the earlier head (${earlier.at}) records ${earlier.size} entries; the ledger no longer holds entry ${earlier.size}: it was truncated or rolled back` };
  if (entryAtSize.hash !== earlier.headHash) return { ok: false, reason: `entry ${earlier.size} differs from the one the earlier head (${earlier.at}) records: the ledger was rewritten` };
  return { ok: true };
}

// What the API answers about the ledger.
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const signedHeadSchema = z.object({ size: z.number().int(), headHash: hex64, at: z.string(), keyId: z.string(), signature: z.string() }).describe('The signed head: entry count, newest hash, time, Ed25519 signature');
export const ledgerEntrySchema = z
  .object({
    v: z.union([z.literal(1), z.literal(2)]),
    seq: z.number().int(),
    at: z.string(),
    kind: z.enum(LEDGER_ENTRY_KINDS),
    subjectId: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    payloadDigest: hex64.nullable(),
    prevHash: hex64,
    hash: hex64,
    signature: z.string(),
    keyId: z.string(),
    disclosure: z.object({ payload: z.unknown().describe('the record as it was sealed: free-form by design (each entry kind seals its own record)'), salt: z.string().optional() }).optional().describe('Present only when the reader may read the record the entry belongs to'),
  })
  .describe('A ledger entry: the chain commits to the payload digest; the payload is disclosed only to readers of its record');

// What the ledger routes take and answer besides entries (GET /ledger/head, /ledger/entries/:seq, /ledger/segment).
/** The signed head, or null while the ledger is empty. */
export const currentHeadSchema = z.object({ head: signedHeadSchema.nullable() });
export const ledgerEntryParamsSchema = z.object({ seq: z.coerce.number().int().min(1) });
/** Entries `from`…`to` (to the newest without `to`). */
/** The segment as a download: JSON lines with the public keys, verifiable on any machine. */
export const ledgerSegmentFileSchema = fileAnswerSchema('application/x-ndjson', 'a ledger segment: one JSON entry a line, then the public keys');
export const ledgerSegmentQuerySchema = z.object({ from: z.coerce.number().int().min(1).default(1), to: z.coerce.number().int().min(1).optional() });
