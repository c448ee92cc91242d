import { canonicalJson } from './canonical-json.js';
import { z } from 'zod';
import { LEDGER_ENTRY_KINDS, payloadDigestOf, signedHeadSchema, verificationResultSchema, type LedgerCrypto, type LedgerEntryKind, type SealedLedgerEntry } from './hash-chain.js';

/**
 * Records kept beside the ledger for fast reading — a step on a force request, a custody event of an evidence item —
 * each name the entry that sealed them. The ledger protects itself; these checks protect the records: a record edited,
 * removed or added behind the application no longer matches its entry, or an entry is left without its record.
 */
export interface LedgerLinkedRecord {
  /** The table the record lives in, for the report. */
  table: string;
  id: string;
  /** The entry the record names; null when the link itself is missing. */
  seq: number | null;
  kind: LedgerEntryKind;
  subjectId: string;
  actorId: string;
  at: string;
  /** The entry's hash as the record keeps it, where it keeps one. */
  ledgerHash?: string;
  /** The payload the entry sealed, rebuilt from the record alone. */
  payload: unknown;
  /**
   * Whether a format-1 entry's payload had this same shape (custody events did; force steps did not, so for those
   * older entries only the kind, subject and actor are compared).
   */
  comparableInFormat1: boolean;
}

export interface RecordLinkProblem {
  table: string;
  recordId: string | null;
  seq: number | null;
  kind: LedgerEntryKind;
  subjectId: string;
  reason: string;
}

/**
 * Tracks the entries of the kinds some table mirrors, then checks that table's records against them: every record
 * matches its entry and every entry has its record.
 */
export class RecordLinkCheck {
  private readonly entries = new Map<number, SealedLedgerEntry>();
  private readonly matched = new Set<number>();
  readonly problems: RecordLinkProblem[] = [];
  checked = 0;

  constructor(
    private readonly table: string,
    private readonly kinds: ReadonlySet<LedgerEntryKind>,
    private readonly crypto: Pick<LedgerCrypto, 'sha256Hex'>,
  ) {}

  /** Offer every entry of the ledger, in order; only the kinds this table mirrors are kept. */
  observe(entry: SealedLedgerEntry): void {
    if (this.kinds.has(entry.kind)) this.entries.set(entry.seq, entry);
  }

  check(record: LedgerLinkedRecord): void {
    this.checked++;
    const problem = (reason: string) => this.problems.push({ table: record.table, recordId: record.id, seq: record.seq, kind: record.kind, subjectId: record.subjectId, reason });
    if (record.seq === null) return void problem('it is not linked to any ledger entry');
    const entry = this.entries.get(record.seq);
    if (!entry) return void problem(`ledger entry ${record.seq}, which it names, does not exist or records another kind of event`);
    if (this.matched.has(record.seq)) return void problem(`ledger entry ${record.seq} is already claimed by another record`);
    this.matched.add(record.seq);
    if (record.ledgerHash !== undefined && record.ledgerHash !== entry.hash) return void problem(`ledger entry ${record.seq} has a different hash from the one the record keeps`);
    if (entry.kind !== record.kind || entry.subjectId !== record.subjectId || entry.actor.id !== record.actorId) {
      return void problem(`ledger entry ${record.seq} records a different event (${entry.kind} by ${entry.actor.name})`);
    }
    if (entry.v === 2) {
      const salt = entry.disclosure.salt ?? '';
      if (entry.at !== record.at || payloadDigestOf(record.payload, salt, this.crypto) !== entry.payloadDigest) {
        problem(`it differs from what ledger entry ${record.seq} sealed: the record was altered after it was written`);
      }
    } else if (record.comparableInFormat1 && canonicalJson(record.payload) !== canonicalJson(entry.disclosure.payload)) {
      problem(`it differs from what ledger entry ${record.seq} sealed: the record was altered after it was written`);
    }
  }

  /** Entries nobody claimed: their record was removed. Call after every record was checked. */
  finish(): RecordLinkProblem[] {
    for (const [seq, entry] of this.entries) {
      if (this.matched.has(seq)) continue;
      this.problems.push({ table: this.table, recordId: null, seq, kind: entry.kind, subjectId: entry.subjectId, reason: `ledger entry ${seq} has no ${this.table} record: the record was removed` });
    }
    return this.problems;
  }
}

export const recordLinkProblemSchema = z.object({
  table: z.string(),
  recordId: z.string().nullable(),
  seq: z.number().int().nullable(),
  kind: z.enum(LEDGER_ENTRY_KINDS),
  subjectId: z.string(),
  reason: z.string(),
});

/** The whole check of a stored ledger: chain, signed head, and the records beside it. */
export const ledgerVerificationSchema = z.object({
  /** True only when the chain, the signed head and every record beside the ledger check out. */
  ok: z.boolean(),
  entries: z.number().int(),
  lastHash: z.string().nullable(),
  chain: verificationResultSchema,
  head: z.object({ ok: z.boolean(), reason: z.string().nullable(), signed: signedHeadSchema.nullable() }),
  /** A head kept from earlier (exported or published), when one was given: is it still part of this ledger? */
  earlierHead: z.object({ ok: z.boolean(), reason: z.string().nullable() }).optional(),
  /** Force-request steps and evidence custody events checked against the entries that sealed them. */
  records: z.object({ checked: z.number().int(), problems: z.array(recordLinkProblemSchema) }),
});
export type LedgerVerification = z.output<typeof ledgerVerificationSchema>;
