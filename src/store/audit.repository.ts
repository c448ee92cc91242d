import type Sqlite from 'better-sqlite3';
import type { Db } from './database.js';

export interface AuditEntry {
  at: string;
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, unknown>;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  username: string | null;
}

export class AuditRepository {
  private readonly sqliteInsert: Sqlite.Statement<unknown[]> | undefined;

  /** With SQLite's handle, bulk appends run one cached prepared statement (an import writes one entry per record). */
  constructor(private readonly sqlite?: Sqlite.Database) {
    this.sqliteInsert = sqlite?.prepare('insert into audit_log (at, user_id, action, entity_type, entity_id, changes) values (?, ?, ?, ?, ?, ?)');
  }

  async append(db: Db, entry: AuditEntry): Promise<void> {
    await this.appendMany(db, [entry]);
  }

  async appendMany(db: Db, entries: readonly AuditEntry[]): Promise<void> {
    const { sqlite, sqliteInsert } = this;
    if (sqlite && sqliteInsert && entries.length > 1) {
      const run = () => {
        for (const e of entries) sqliteInsert.run(e.at, e.userId, e.action, e.entityType, e.entityId, JSON.stringify(e.changes));
      };
      // Inside the caller's transaction when there is one (SQLite has a single connection).
      if (sqlite.inTransaction) run();
      else sqlite.transaction(run)();
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
            changes: JSON.stringify(e.changes),
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
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      userId: r.user_id,
      username: r.username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      changes: JSON.parse(r.changes) as Record<string, unknown>,
    }));
  }

  /** The newest entry id: every write leaves one, so it tells caches whether anything changed. */
  async latestId(db: Db): Promise<number> {
    const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  }
}
