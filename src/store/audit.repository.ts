import type Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { auditChangesInputSchema, type AuditChanges, type AuditChangesInput } from '../core/audit-log-entry.js';
import type { Db } from './database.js';
import { SqliteMultiRowInsert } from './sqlite-multi-row-insert.js';
import { auditEntryVisibleTo, type Audience } from './record-visibility.js';

export interface AuditEntry {
  at: string;
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: AuditChangesInput;
}

export interface StoredAuditEntry extends Omit<AuditEntry, 'changes'> {
  id: number;
  username: string | null;
  changes: AuditChanges;
}

/** The text an entry's changes are stored as, once they are known to be pairs and facts (core/audit-log-entry.ts). */
function changesText(entry: AuditEntry): string {
  const checked = auditChangesInputSchema.safeParse(entry.changes);
  if (!checked.success) throw new Error(`the audit entry for ${entry.action} records its changes wrongly: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return JSON.stringify(entry.changes);
}

/** What the audit log is searched by; every condition is a bound parameter. */
export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** A username, or a user id (the shell's operator is `cli:<login>`). */
  actor?: string | undefined;
  /** An action (`group.members`), or a family of them (`group`: every `group.…`). */
  action?: string | undefined;
  /** Entries at or after this ISO time. */
  from?: string | undefined;
  /** Entries at or before this ISO time… */
  to?: string | undefined;
  /** …or before this one, when the period ends with a whole day. */
  toExclusive?: string | undefined;
  /** Entries older than this one (the id of the last entry of the previous page). */
  beforeId?: number | undefined;
  limit: number;
}

interface AuditRow {
  id: number | string;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: string;
}

const toEntry = (r: AuditRow): StoredAuditEntry => ({
  id: Number(r.id),
  at: r.at,
  userId: r.user_id,
  username: r.username,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  // Stored as JSON text, so every value is JSON: a pair or a fact, however old the row.
  changes: JSON.parse(r.changes) as AuditChanges,
});

export class AuditRepository {
  private readonly sqliteInsert: SqliteMultiRowInsert | undefined;

  /** With SQLite's handle, bulk appends go in multi-row inserts of cached statements (an import writes one entry per record). */
  constructor(private readonly sqlite?: Sqlite.Database) {
    this.sqliteInsert = sqlite && new SqliteMultiRowInsert(sqlite, 'audit_log', ['at', 'user_id', 'action', 'entity_type', 'entity_id', 'changes']);
  }

  async append(db: Db, entry: AuditEntry): Promise<void> {
    await this.appendMany(db, [entry]);
  }

  async appendMany(db: Db, entries: readonly AuditEntry[]): Promise<void> {
    const { sqlite, sqliteInsert } = this;
    if (sqlite && sqliteInsert && entries.length > 1) {
      const values: unknown[] = [];
      for (const e of entries) values.push(e.at, e.userId, e.action, e.entityType, e.entityId, changesText(e));
      // Inside the caller's transaction when there is one (SQLite has a single connection).
      if (sqlite.inTransaction) sqliteInsert.run(values);
      else sqlite.transaction(() => sqliteInsert.run(values))();
      return;
    }
    for (let i = 0; i < entries.length; i += 500) {
      await db
        .insertInto('audit_log')
        .values(
          entries.slice(i, i + 500).map((e) => ({
            at: e.at,
            user_id: e.userId,
            action: e.action,
            entity_type: e.entityType,
            entity_id: e.entityId,
            changes: changesText(e),
          })),
        )
        .execute();
    }
  }

  async forEntity(db: Db, entityType: string, entityId: string): Promise<StoredAuditEntry[]> {
    const rows = await db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.at', 'a.user_id', 'u.username', 'a.action', 'a.entity_type', 'a.entity_id', 'a.changes'])
      .where('a.entity_type', '=', entityType)
      .where('a.entity_id', '=', entityId)
      .orderBy('a.id')
      .execute();
    return rows.map(toEntry);
  }

  /**
   * The log, newest first, as the audience may see it: entries about a restricted record exist only for those who may
   * see the record (the condition is record-visibility.ts's). One more than the limit is read, to tell whether there is
   * a next page.
   */
  async list(db: Db, filter: AuditFilter, audience: Audience): Promise<{ entries: StoredAuditEntry[]; more: boolean }> {
    let q = db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.at', 'a.user_id', 'u.username', 'a.action', 'a.entity_type', 'a.entity_id', 'a.changes'])
      .where(auditEntryVisibleTo(audience, 'a'));
    if (filter.entityType) q = q.where('a.entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('a.entity_id', '=', filter.entityId);
    const { actor, action } = filter;
    if (actor) q = q.where((eb) => eb.or([eb('a.user_id', '=', actor), eb('u.username', '=', actor)]));
    if (action) q = q.where((eb) => eb.or([eb('a.action', '=', action), eb(sql<string>`substr(a.action, 1, ${sql.lit(action.length + 1)})`, '=', `${action}.`)]));
    if (filter.from) q = q.where('a.at', '>=', filter.from);
    if (filter.to) q = q.where('a.at', '<=', filter.to);
    if (filter.toExclusive) q = q.where('a.at', '<', filter.toExclusive);
    if (filter.beforeId !== undefined) q = q.where('a.id', '<', filter.beforeId);
    const rows = await q.orderBy('a.id', 'desc').limit(filter.limit + 1).execute();
    return {
      more: rows.length > filter.limit,
      entries: rows.slice(0, filter.limit).map(toEntry),
    };
  }

  /** The newest entry id: every write leaves one, so it tells caches whether anything changed. */
  async latestId(db: Db): Promise<number> {
    const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  }
}
