import { canonicalJson } from './canonical-json.js';

/**
 * A tamper-evident ledger: each entry holds the hash of the one before it and is signed with the server's key, so
 * changing, removing or reordering any entry breaks every hash after it. The hash and signature functions are passed
 * in, so this file stays pure and testable.
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
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** What is hashed: everything about the entry except its own hash and signature. */
export interface LedgerContent {
  seq: number;
  at: string;
  kind: LedgerEntryKind;
  subjectId: string;
  actor: { id: string; name: string; role: string };
  payload: unknown;
  prevHash: string;
}

export interface LedgerEntry extends LedgerContent {
  hash: string;
  signature: string;
  keyId: string;
}

export interface LedgerCrypto {
  sha256Hex(text: string): string;
  sign(hashHex: string): { signature: string; keyId: string };
  verify(hashHex: string, signature: string, keyId: string): boolean | 'unknown_key';
}

export const contentOf = (entry: LedgerContent): LedgerContent => ({
  seq: entry.seq,
  at: entry.at,
  kind: entry.kind,
  subjectId: entry.subjectId,
  actor: entry.actor,
  payload: entry.payload,
  prevHash: entry.prevHash,
});

export function sealEntry(content: LedgerContent, crypto: LedgerCrypto): LedgerEntry {
  const hash = crypto.sha256Hex(canonicalJson(contentOf(content)));
  return { ...content, hash, ...crypto.sign(hash) };
}

export type VerificationResult =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; firstBroken: { seq: number; reason: string } };

/**
 * Checks a run of entries in order, one at a time (so a ledger of any length streams through): each one's hash
 * recomputed from its content, each linked to the previous hash, each signature valid. `startHash` and `startSeq`
 * let a segment be checked on its own.
 */
export class ChainVerifier {
  private previous: string;
  private expectedSeq: number | undefined;
  private count = 0;
  private broken: { seq: number; reason: string } | undefined;

  constructor(
    private readonly crypto: LedgerCrypto,
    startHash = GENESIS_HASH,
    startSeq?: number,
  ) {
    this.previous = startHash;
    this.expectedSeq = startSeq;
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
    if (this.crypto.sha256Hex(canonicalJson(contentOf(entry))) !== entry.hash) return fail('its content does not match its hash: it was altered after it was written');
    const signed = this.crypto.verify(entry.hash, entry.signature, entry.keyId);
    if (signed === 'unknown_key') return fail(`it is signed with key ${entry.keyId}, which this verifier does not know`);
    if (!signed) return fail('its signature is not valid for its hash');
    this.previous = entry.hash;
    this.expectedSeq = entry.seq + 1;
    return true;
  }

  result(): VerificationResult {
    return this.broken ? { ok: false, entries: this.count, firstBroken: this.broken } : { ok: true, entries: this.count, lastHash: this.previous };
  }
}

export function verifyChain(entries: Iterable<LedgerEntry>, crypto: LedgerCrypto, startHash = GENESIS_HASH, startSeq?: number): VerificationResult {
  const verifier = new ChainVerifier(crypto, startHash, startSeq);
  for (const entry of entries) if (!verifier.check(entry)) break;
  return verifier.result();
}
