import { canonicalJson } from '../core/ledger/canonical-json.js';
import type { PlaceRejection } from '../core/places/place-record.js';
import { rejectedRowsOf, type RejectedRow } from '../core/rejected-row.schema.js';
import type { PlaceSource } from '../core/places/place-source.js';
import { SITE_KEY_DECIMALS } from '../core/places/site-identity.js';
import type { AuditEntry } from '../store/audit.repository.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';

/**
 * What an import did: rows created, updated, left as they were, how many rows were rejected, and every issue of
 * the rejected rows with its row, field and reason (a row may have several: `rejected.length` is not a row count).
 */
export interface PlaceImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejectedRows: number;
  rejected: PlaceRejection[];
}

/** A mapped row to upsert; `derivedKey` when its external id was derived from its content (no id in the file). */
export interface PlaceImportRow<C> {
  row: number;
  content: C;
  externalIdField: string;
  derivedKey?: boolean;
}

/** The rejections of an import in both forms a report gives: one line per issue in row order, and one entry per row. */
export function rejectionsOf(lines: readonly PlaceRejection[]): { rejected: PlaceRejection[]; rejections: RejectedRow[] } {
  const rejected = [...lines].sort((a, b) => a.row - b.row);
  return { rejected, rejections: rejectedRowsOf(rejected) };
}

/** Rejected rows counted as rows: the distinct row numbers among their issues. */
export const rejectedRowCount = (rejected: readonly PlaceRejection[]): number => new Set(rejected.map((r) => r.row)).size;

interface Identity {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The store side of a register that imports upsert into. */
export interface OriginRegister<T> {
  findByOrigin(db: Db, dataset: string, externalIds: readonly string[]): Promise<Map<string, T>>;
  insert(db: Db, items: readonly T[], actorId: string): Promise<void>;
  update(db: Db, item: T, expectedVersion: number, actorId: string): Promise<boolean>;
}

/** Rows per transaction: a failure rolls back its batch only, and a re-import picks up where it stopped. */
export const PLACE_IMPORT_BATCH = 1000;

const contentOf = <C extends object>(item: C & Identity): C => {
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...content } = item;
  return content as unknown as C;
};

/** The fields that differ between two states, each with its value before and after (for the audit log). */
export function changedFields(before: object, after: object): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const b = new Map(Object.entries(before));
  const a = new Map(Object.entries(after));
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    if (canonicalJson(b.get(key) ?? null) !== canonicalJson(a.get(key) ?? null)) changes[key] = { before: b.get(key) ?? null, after: a.get(key) ?? null };
  }
  return changes;
}

/**
 * Upserts mapped rows by origin (data set + external id) as they come, batch by batch, each batch in one transaction:
 * a row whose stored twin has the same content is unchanged; one that differs is updated (version + 1); a row without
 * an external id is always new. Two rows of one file with the same origin are refused, the second naming the first
 * (the only state kept across batches: one short key per row with an origin).
 */
export async function upsertByOrigin<C extends { source: PlaceSource }>(
  ctx: AppContext,
  actor: Actor,
  register: OriginRegister<C & Identity>,
  rows: Iterable<PlaceImportRow<C>> | AsyncIterable<PlaceImportRow<C>>,
  entityType: string,
  onBatch?: (rowsDone: number) => void,
): Promise<PlaceImportReport> {
  const report: PlaceImportReport = { created: 0, updated: 0, unchanged: 0, rejectedRows: 0, rejected: [] };
  const firstRowOf = new Map<string, number>();
  const what = entityType.replaceAll('_', ' ');
  let batch: PlaceImportRow<C>[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await writeBatch(ctx, actor, register, batch, entityType, report);
    done += batch.length;
    batch = [];
    onBatch?.(done);
  };
  for await (const item of rows) {
    const { row, content, externalIdField } = item;
    if (content.source.externalId !== undefined) {
      const key = `${content.source.dataset}\u0000${content.source.externalId}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        const message = item.derivedKey
          ? `the same ${what} as row ${first} (same name, category and position to ${SITE_KEY_DECIMALS} decimals, and no id to tell them apart): each ${what} once per file`
          : `"${content.source.externalId}" already appears in row ${first}: each ${what} once per file`;
        report.rejected.push({ row, field: item.derivedKey ? '(row)' : externalIdField, message });
        report.rejectedRows++;
        continue;
      }
      firstRowOf.set(key, row);
    }
    batch.push(item);
    if (batch.length >= PLACE_IMPORT_BATCH) await flush();
  }
  await flush();
  return report;
}

async function writeBatch<C extends { source: PlaceSource }>(
  ctx: AppContext,
  actor: Actor,
  register: OriginRegister<C & Identity>,
  batch: readonly PlaceImportRow<C>[],
  entityType: string,
  report: PlaceImportReport,
): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = new Map<string, C & Identity>();
    const byDataset = new Map<string, string[]>();
    for (const { content } of batch) {
      if (content.source.externalId === undefined) continue;
      const ids = byDataset.get(content.source.dataset);
      if (ids) ids.push(content.source.externalId);
      else byDataset.set(content.source.dataset, [content.source.externalId]);
    }
    for (const [dataset, ids] of byDataset) {
      for (const [externalId, item] of await register.findByOrigin(trx, dataset, ids)) stored.set(`${dataset}\u0000${externalId}`, item);
    }
    const inserts: (C & Identity)[] = [];
    const audit: AuditEntry[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const { content } of batch) {
      const twin = content.source.externalId === undefined ? undefined : stored.get(`${content.source.dataset}\u0000${content.source.externalId}`);
      if (!twin) {
        const item = { ...content, id: ctx.newId(), version: 1, createdAt: at, updatedAt: at };
        inserts.push(item);
        audit.push({ at, userId: actor.id, action: `${entityType}.import`, entityType, entityId: item.id, changes: { [entityType]: { before: null, after: content } } });
        continue;
      }
      const before = contentOf<C>(twin);
      if (canonicalJson(before) === canonicalJson(content)) {
        unchanged++;
        continue;
      }
      const next = { ...content, id: twin.id, version: twin.version + 1, createdAt: twin.createdAt, updatedAt: at };
      if (!(await register.update(trx, next, twin.version, actor.id))) throw new Error(`${entityType} ${twin.id} changed during the import; run it again`);
      audit.push({ at, userId: actor.id, action: `${entityType}.import_update`, entityType, entityId: twin.id, changes: changedFields(before, content) });
      updated++;
    }
    await register.insert(trx, inserts, actor.id);
    await ctx.store.audit.appendMany(trx, audit);
    report.created += inserts.length;
    report.updated += updated;
    report.unchanged += unchanged;
  });
}
