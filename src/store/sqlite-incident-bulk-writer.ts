import type Sqlite from 'better-sqlite3';
import type { Insertable } from 'kysely';
import type { Db, VerificationEventsTable } from './database.js';
import type { IncidentBulkWriter } from './incident-bulk-writer.js';
import type { IncidentRows } from './incident-rows.js';

type Statement = Sqlite.Statement<Record<string, unknown>[]>;

const insertSql = (table: string, columns: readonly string[]) => `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;

const MAIN_COLUMNS = [
  'id', 'title', 'narrative', 'date_earliest', 'date_latest', 'date_precision', 'lat', 'lon', 'location_precision', 'country', 'admin1', 'admin2',
  'place_name', 'violence_type', 'verification_status', 'origin_dataset', 'origin_external_id', 'origin_event_type', 'exercise', 'killed_low', 'killed_best', 'killed_high',
  'injured_low', 'injured_best', 'injured_high', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by',
] as const;

/**
 * SQLite: one connection, so the raw handle is inside whatever transaction Kysely has open on it. Statements are
 * prepared once and run row by row — far cheaper than preparing a new multi-row statement per batch.
 */
export class SqliteIncidentBulkWriter implements IncidentBulkWriter {
  private readonly statements: Record<string, Statement>;

  constructor(private readonly sqlite: Sqlite.Database) {
    const prepare = (table: string, columns: readonly string[]) => sqlite.prepare<Record<string, unknown>[]>(insertSql(table, columns));
    this.statements = {
      incidents: prepare('incidents', MAIN_COLUMNS),
      incident_themes: prepare('incident_themes', ['incident_seq', 'theme']),
      incident_categories: prepare('incident_categories', ['incident_seq', 'category']),
      incident_actors: prepare('incident_actors', ['incident_seq', 'position', 'name', 'actor_type', 'role']),
      incident_casualties: prepare('incident_casualties', ['incident_seq', 'kind', 'status', 'population_group', 'sex', 'age_group', 'low', 'best', 'high']),
      incident_sources: prepare('incident_sources', ['incident_seq', 'position', 'ref', 'source_type', 'description', 'url', 'published_on', 'reliability', 'credibility']),
      incident_sensitive: prepare('incident_sensitive', ['incident_seq', 'payload', 'iv', 'tag', 'wrapped_key', 'key_id']),
      verification_events: prepare('verification_events', ['incident_seq', 'from_status', 'to_status', 'reason', 'user_id', 'at']),
      incident_rtree: sqlite.prepare<Record<string, unknown>[]>('insert into incident_rtree values (@seq, @lon, @lon, @lat, @lat)'),
    };
  }

  /** Runs inside the caller's transaction, or in one of its own when there is none. */
  private atomically<T>(work: () => T): T {
    return this.sqlite.inTransaction ? work() : this.sqlite.transaction(work)();
  }

  async insert(_db: Db, incidents: readonly IncidentRows[]): Promise<number[]> {
    return this.atomically(() =>
      incidents.map((rows) => {
        const seq = Number(this.statements.incidents!.run(rows.main).lastInsertRowid);
        this.statements.incident_rtree!.run({ seq, lon: rows.main.lon, lat: rows.main.lat });
        this.children(seq, rows);
        return seq;
      }),
    );
  }

  async insertChildren(_db: Db, incidents: readonly (readonly [number, IncidentRows])[]): Promise<void> {
    this.atomically(() => {
      for (const [seq, rows] of incidents) this.children(seq, rows);
    });
  }

  // SQLite in WAL mode with synchronous=NORMAL already commits without waiting for the disk.
  async beginBulkTransaction(): Promise<void> {}

  async refreshStatistics(): Promise<void> {
    this.sqlite.pragma('optimize');
  }

  async insertVerificationEvents(_db: Db, events: readonly Insertable<VerificationEventsTable>[]): Promise<void> {
    this.atomically(() => {
      for (const event of events) this.statements.verification_events!.run(event);
    });
  }

  private children(seq: number, rows: IncidentRows): void {
    const s = this.statements;
    for (const r of rows.themes) s.incident_themes!.run({ incident_seq: seq, ...r });
    for (const r of rows.categories) s.incident_categories!.run({ incident_seq: seq, ...r });
    for (const r of rows.actors) s.incident_actors!.run({ incident_seq: seq, ...r });
    for (const r of rows.casualties) s.incident_casualties!.run({ incident_seq: seq, ...r });
    for (const r of rows.sources) s.incident_sources!.run({ incident_seq: seq, ...r });
    for (const r of rows.sensitive) s.incident_sensitive!.run({ incident_seq: seq, ...r });
  }
}
