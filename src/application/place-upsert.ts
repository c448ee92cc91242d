import { canonicalJson } from '../core/ledger/canonical-json.js';
import type { PlaceRejection } from '../core/places/place-record.js';
import type { PlaceSource } from '../core/places/place-source.js';
import type { AuditEntry } from '../store/audit.repository.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';

/** What an import did: rows created, updated, left as they were, and every rejected row with its field and reason. */
export interface PlaceImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: PlaceRejection[];
}

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
 * Upserts mapped rows by origin (data set + external id), batch by batch, each batch in one transaction: a row whose
 * stored twin has the same content is unchanged; one that differs is updated (version + 1); a row without an
 * external id is always new. Two rows of one file with the same origin are refused, the second naming the first.
 */
export async function upsertByOrigin<C extends { source: PlaceSource }>(
  ctx: AppContext,
  actor: Actor,
  register: OriginRegister<C & Identity>,
  rows: readonly { row: number; content: C; externalIdField: string }[],
  entityType: string,
  onProgress?: (done: number, total: number) => void,
): Promise<PlaceImportReport> {
  const report: PlaceImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const firstRowOf = new Map<string, number>();
  const accepted = rows.filter(({ row, content, externalIdField }) => {
    if (content.source.externalId === undefined) return true;
    const key = `${content.source.dataset}\u0000${content.source.externalId}`;
    const first = firstRowOf.get(key);
    if (first === undefined) {
      firstRowOf.set(key, row);
      return true;
    }
    report.rejected.push({ row, field: externalIdField, message: `"${content.source.externalId}" already appears in row ${first}: each ${entityType.replaceAll('_', ' ')} once per file` });
    return false;
  });

  for (let i = 0; i < accepted.length; i += PLACE_IMPORT_BATCH) {
    const batch = accepted.slice(i, i + PLACE_IMPORT_BATCH);
    const at = ctx.now().toISOString();
    await ctx.store.connection.db.transaction().execute(async (trx) => {
      const stored = new Map<string, C & Identity>();
      const byDataset = new Map<string, string[]>();
      for (const { content } of batch) {
        if (content.source.externalId !== undefined) byDataset.set(content.source.dataset, [...(byDataset.get(content.source.dataset) ?? []), content.source.externalId]);
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
    onProgress?.(Math.min(i + PLACE_IMPORT_BATCH, accepted.length), accepted.length);
  }
  return report;
}
