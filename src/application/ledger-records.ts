import type { LedgerEntryKind } from '../core/ledger/hash-chain.js';
import type { LedgerLinkedRecord } from '../core/ledger/record-links.js';
import type { Db, EvidenceCustodyTable } from '../store/database.js';
import type { ForceStep } from '../store/force-request.repository.js';
import type { AppContext } from './app-context.js';

/**
 * What the ledger seals for the records kept beside it, rebuilt from the record alone: the same function writes the
 * entry and checks the record later, so the two cannot drift apart.
 */
export const FORCE_STEP_LEDGER_KINDS: ReadonlySet<LedgerEntryKind> = new Set(['force.judgement', 'force.review', 'force.decision', 'force.approval', 'force.outcome']);

export const CUSTODY_LEDGER_KINDS: ReadonlySet<LedgerEntryKind> = new Set(['evidence.captured', 'evidence.received', 'evidence.accessed', 'evidence.copied', 'evidence.transferred', 'evidence.verified']);

/** A step on a force request, as its ledger entry seals it. */
export const forceStepLedgerPayload = (step: Pick<ForceStep, 'id' | 'kind' | 'value' | 'reasons' | 'payload'>) => ({
  stepId: step.id,
  kind: step.kind,
  value: step.value,
  reasons: step.reasons,
  details: step.payload,
});

/** A custody event, as its ledger entry seals it: the item, the hash of its original, and what happened. */
export const custodyLedgerPayload = (itemId: string, sha256: string, details: Record<string, unknown>) => ({ itemId, sha256, ...details });

export async function* forceStepLedgerRecords(ctx: AppContext, db: Db): AsyncGenerator<LedgerLinkedRecord> {
  for await (const step of ctx.store.forceRequests.allSteps(db)) {
    yield {
      table: 'force_steps',
      id: step.id,
      seq: step.ledgerSeq,
      kind: `force.${step.kind}` as LedgerEntryKind,
      subjectId: step.requestId,
      actorId: step.actor.id,
      at: step.at,
      payload: forceStepLedgerPayload(step),
      comparableInFormat1: false,
    };
  }
}

/** A custody row as the record its ledger entry sealed, given the SHA-256 of its item's original. */
export const custodyLedgerRecord = (row: EvidenceCustodyTable, itemSha256: string): LedgerLinkedRecord => ({
  table: 'evidence_custody',
  id: row.id,
  seq: Number(row.ledger_seq),
  kind: `evidence.${row.kind}` as LedgerEntryKind,
  subjectId: row.item_id,
  actorId: row.actor_id,
  at: row.at,
  ledgerHash: row.ledger_hash,
  payload: custodyLedgerPayload(row.item_id, itemSha256, JSON.parse(row.details) as Record<string, unknown>),
  comparableInFormat1: true,
});

export async function* custodyLedgerRecords(ctx: AppContext, db: Db): AsyncGenerator<LedgerLinkedRecord> {
  for await (const row of ctx.store.evidence.allCustody(db)) yield custodyLedgerRecord(row, row.item_sha256 ?? '');
}
