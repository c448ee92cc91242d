import type Sqlite from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { Db, VerificationEventsTable } from './database.js';
import type { IncidentBulkWriter } from './incident-bulk-writer.js';
import type { IncidentRows } from './incident-rows.js';
import { SqliteMultiRowInsert } from './sqlite-multi-row-insert.js';

const MAIN_COLUMNS = [
  'id', 'title', 'narrative', 'date_earliest', 'date_latest', 'date_precision', 'lat', 'lon', 'location_precision', 'country', 'admin1', 'admin2',
  'place_name', 'violence_type', 'verification_status', 'origin_dataset', 'origin_external_id', 'origin_event_type', 'exercise', 'killed_low', 'killed_best', 'killed_high',
  'injured_low', 'injured_best', 'injured_high', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by',
] as const;

type ChildKey = Exclude<keyof IncidentRows, 'main'>;

const CHILDREN: readonly (readonly [ChildKey, string, readonly string[]])[] = [
  ['themes', 'incident_themes', ['theme']],
  ['categories', 'incident_categories', ['category']],
  ['actors', 'incident_actors', ['position', 'name', 'actor_type', 'role']],
  ['casualties', 'incident_casualties', ['kind', 'status', 'population_group', 'sex', 'age_group', 'low', 'best', 'high']],
  ['sources', 'incident_sources', ['position', 'ref', 'source_type', 'description', 'url', 'published_on', 'reliability', 'credibility']],
  ['sensitive', 'incident_sensitive', ['payload', 'iv', 'tag', 'wrapped_key', 'key_id']],
];

/** WAL pages between checkpoints during an import (4 KiB each). */
const BULK_LOAD_CHECKPOINT_PAGES = 100_000;

const VERIFICATION_COLUMNS = ['incident_seq', 'from_status', 'to_status', 'reason', 'user_id', 'at'] as const;

/**
 * SQLite: one connection, so the raw handle is inside whatever transaction Kysely has open on it. Each table's rows
 * of a batch go in multi-row inserts of cached prepared statements (see SqliteMultiRowInsert): about one statement per
 * hundred rows of each table rather than nine per incident.
 */
export class SqliteIncidentBulkWriter implements IncidentBulkWriter {
  private readonly incidents: SqliteMultiRowInsert;
  private readonly rtree: SqliteMultiRowInsert;
  private readonly verificationEvents: SqliteMultiRowInsert;
  private readonly children: readonly (readonly [ChildKey, SqliteMultiRowInsert, readonly string[]])[];
  /** Imports running on this connection, and its own checkpoint interval, restored when the last one ends. */
  private bulkLoads = 0;
  private checkpointEvery = 0;

  constructor(private readonly sqlite: Sqlite.Database) {
    this.incidents = new SqliteMultiRowInsert(sqlite, 'incidents', MAIN_COLUMNS, 'seq, id');
    this.rtree = new SqliteMultiRowInsert(sqlite, 'incident_rtree', ['seq', 'min_lon', 'max_lon', 'min_lat', 'max_lat']);
    this.verificationEvents = new SqliteMultiRowInsert(sqlite, 'verification_events', VERIFICATION_COLUMNS);
    this.children = CHILDREN.map(([key, table, columns]) => [key, new SqliteMultiRowInsert(sqlite, table, ['incident_seq', ...columns]), columns] as const);
  }

  /** Runs inside the caller's transaction, or in one of its own when there is none. */
  private atomically<T>(work: () => T): T {
    return this.sqlite.inTransaction ? work() : this.sqlite.transaction(work)();
  }

  async insert(_db: Db, incidents: readonly IncidentRows[]): Promise<number[]> {
    if (incidents.length === 0) return [];
    return this.atomically(() => {
      const values: unknown[] = [];
      for (const { main } of incidents) {
        const row = main as Record<string, unknown>;
        for (const column of MAIN_COLUMNS) values.push(row[column] ?? null);
      }
      // RETURNING promises no order: each seq is found again by its incident's id.
      const seqById = new Map(this.incidents.all<{ seq: number; id: string }>(values).map((r) => [r.id, r.seq]));
      const seqs = incidents.map((rows) => seqById.get(rows.main.id)!);
      const boxes: unknown[] = [];
      incidents.forEach(({ main }, index) => boxes.push(seqs[index], main.lon, main.lon, main.lat, main.lat));
      this.rtree.run(boxes);
      this.writeChildren(incidents.map((rows, index) => [seqs[index]!, rows] as const));
      return seqs;
    });
  }

  async insertChildren(_db: Db, incidents: readonly (readonly [number, IncidentRows])[]): Promise<void> {
    this.atomically(() => this.writeChildren(incidents));
  }

  // SQLite in WAL mode with synchronous=NORMAL already commits without waiting for the disk.
  async beginBulkTransaction(): Promise<void> {}

  /**
   * A checkpoint copies every page changed since the last one from the WAL into the database file (and syncs it). An
   * import changes the same index pages batch after batch: checkpointing every 100,000 pages (some 400 MB of WAL)
   * instead of every 10,000 copies each of them far fewer times (a 200,000-row import took a third less time). The
   * connection's setting is restored, and the WAL checkpointed, when the last import running on it ends.
   */
  async duringBulkLoad<T>(work: () => Promise<T>): Promise<T> {
    if (this.bulkLoads++ === 0) {
      this.checkpointEvery = this.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
      this.sqlite.pragma(`wal_autocheckpoint = ${Math.max(this.checkpointEvery, BULK_LOAD_CHECKPOINT_PAGES)}`);
    }
    try {
      return await work();
    } finally {
      if (--this.bulkLoads === 0) {
        this.sqlite.pragma(`wal_autocheckpoint = ${this.checkpointEvery}`);
        // Passive: never waits for readers; whatever they still hold is copied by a later checkpoint.
        this.sqlite.pragma('wal_checkpoint(PASSIVE)');
      }
    }
  }

  async refreshStatistics(): Promise<void> {
    this.sqlite.pragma('optimize');
  }

  async insertVerificationEvents(_db: Db, events: readonly Insertable<VerificationEventsTable>[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    for (const event of events) {
      const row = event as Record<string, unknown>;
      for (const column of VERIFICATION_COLUMNS) values.push(row[column] ?? null);
    }
    this.atomically(() => this.verificationEvents.run(values));
  }

  private writeChildren(incidents: readonly (readonly [number, IncidentRows])[]): void {
    for (const [key, insert, columns] of this.children) {
      const values: unknown[] = [];
      for (const [seq, rows] of incidents) {
        for (const child of rows[key] as readonly Record<string, unknown>[]) {
          values.push(seq);
          for (const column of columns) values.push(child[column] ?? null);
        }
      }
      if (values.length) insert.run(values);
    }
  }
}
