import { sql, type Insertable } from 'kysely';
import type { Db, VerificationEventsTable } from './database.js';
import type { IncidentBulkWriter } from './incident-bulk-writer.js';
import type { IncidentRows } from './incident-rows.js';

type Column = readonly [name: string, type: 'text' | 'integer' | 'double precision'];

const t = (name: string): Column => [name, 'text'];
const i = (name: string): Column => [name, 'integer'];
const f = (name: string): Column => [name, 'double precision'];

const TABLES = {
  incidents: [
    t('id'), t('title'), t('narrative'), t('date_earliest'), t('date_latest'), t('date_precision'), f('lat'), f('lon'), t('location_precision'),
    t('country'), t('admin1'), t('admin2'), t('place_name'), t('violence_type'), t('verification_status'), t('origin_dataset'),
    t('origin_external_id'), t('origin_event_type'), i('exercise'), i('killed_low'), i('killed_best'), i('killed_high'), i('injured_low'), i('injured_best'),
    i('injured_high'), i('version'), t('created_at'), t('created_by'), t('updated_at'), t('updated_by'),
  ],
  incident_themes: [i('incident_seq'), t('theme')],
  incident_categories: [i('incident_seq'), t('category')],
  incident_actors: [i('incident_seq'), i('position'), t('name'), t('actor_type'), t('role')],
  incident_casualties: [i('incident_seq'), t('kind'), t('status'), t('population_group'), t('sex'), t('age_group'), i('low'), i('best'), i('high')],
  incident_sources: [i('incident_seq'), i('position'), t('ref'), t('source_type'), t('description'), t('url'), t('published_on'), t('reliability'), i('credibility')],
  incident_sensitive: [i('incident_seq'), t('payload'), t('iv'), t('tag'), t('wrapped_key'), t('key_id')],
  verification_events: [i('incident_seq'), t('from_status'), t('to_status'), t('reason'), t('user_id'), t('at')],
} as const satisfies Record<string, readonly Column[]>;

type Table = keyof typeof TABLES;

/** `insert into t (…) select * from unnest($1::text[], $2::integer[], …)`: one statement and one round trip per table. */
function unnestInsert(table: Table, rows: readonly Record<string, unknown>[]) {
  const columns = TABLES[table];
  const arrays = columns.map(([name, type]) => sql`${sql.val(rows.map((r) => r[name] ?? null))}::${sql.raw(type)}[]`);
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))}) select * from unnest(${sql.join(arrays)})`;
}

type ChildKey = Exclude<keyof IncidentRows, 'main'>;

const CHILDREN: readonly (readonly [ChildKey, Exclude<Table, 'incidents' | 'verification_events'>])[] = [
  ['themes', 'incident_themes'],
  ['categories', 'incident_categories'],
  ['actors', 'incident_actors'],
  ['casualties', 'incident_casualties'],
  ['sources', 'incident_sources'],
  ['sensitive', 'incident_sensitive'],
];

/**
 * One child table's rows, named by their incident's id, joined to the seqs the incidents were just given:
 * `insert into t (…) select inserted.seq, u.… from unnest(…) as u(incident_id, …) join inserted on inserted.id = u.incident_id`.
 */
function childInsert(table: (typeof CHILDREN)[number][1], rows: readonly { incidentId: string; row: Record<string, unknown> }[]) {
  const columns = TABLES[table].filter(([name]) => name !== 'incident_seq');
  const arrays = [
    sql`${sql.val(rows.map((r) => r.incidentId))}::text[]`,
    ...columns.map(([name, type]) => sql`${sql.val(rows.map((r) => r.row[name] ?? null))}::${sql.raw(type)}[]`),
  ];
  const names = columns.map(([name]) => sql.ref(`u.${name}`));
  return sql`insert into ${sql.table(table)} (incident_seq, ${sql.join(columns.map(([name]) => sql.ref(name)))})
    select inserted.seq, ${sql.join(names)} from unnest(${sql.join(arrays)}) as u(incident_id, ${sql.join(columns.map(([name]) => sql.ref(name)))})
    join inserted on inserted.id = u.incident_id`;
}

export class PostgresIncidentBulkWriter implements IncidentBulkWriter {
  /**
   * The incidents and all their children in one statement, one round trip: the incidents are inserted in a
   * data-modifying `with`, and each child table joins its rows to the seqs it returns (foreign keys are checked at the
   * statement's end, when the incidents are there).
   */
  async insert(db: Db, incidents: readonly IncidentRows[]): Promise<number[]> {
    if (incidents.length === 0) return [];
    const parts = [sql`inserted as (${unnestInsert('incidents', incidents.map((r) => r.main))} returning seq, id)`];
    for (const [key, table] of CHILDREN) {
      const rows = incidents.flatMap((r) => (r[key] as Record<string, unknown>[]).map((row) => ({ incidentId: r.main.id, row })));
      if (rows.length) parts.push(sql`${sql.raw(`${table}_rows`)} as (${childInsert(table, rows)})`);
    }
    const inserted = await sql<{ seq: number; id: string }>`with ${sql.join(parts)} select seq, id from inserted`.execute(db);
    const seqById = new Map(inserted.rows.map((r) => [r.id, r.seq]));
    return incidents.map((r) => seqById.get(r.main.id)!);
  }

  async insertChildren(db: Db, incidents: readonly (readonly [number, IncidentRows])[]): Promise<void> {
    const gather = <K extends Exclude<keyof IncidentRows, 'main'>>(key: K) =>
      incidents.flatMap(([seq, rows]) => (rows[key] as Record<string, unknown>[]).map((r) => ({ incident_seq: seq, ...r })));
    const children: [Table, Record<string, unknown>[]][] = [
      ['incident_themes', gather('themes')],
      ['incident_categories', gather('categories')],
      ['incident_actors', gather('actors')],
      ['incident_casualties', gather('casualties')],
      ['incident_sources', gather('sources')],
      ['incident_sensitive', gather('sensitive')],
    ];
    for (const [table, rows] of children) if (rows.length) await unnestInsert(table, rows).execute(db);
  }

  async beginBulkTransaction(db: Db): Promise<void> {
    await sql`set local synchronous_commit = off`.execute(db);
  }

  duringBulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async refreshStatistics(db: Db): Promise<void> {
    await sql`analyze incidents, incident_themes, incident_categories, incident_actors, incident_casualties, incident_sources, verification_events, audit_log`.execute(db);
  }

  async insertVerificationEvents(db: Db, events: readonly Insertable<VerificationEventsTable>[]): Promise<void> {
    if (events.length) await unnestInsert('verification_events', events).execute(db);
  }
}
