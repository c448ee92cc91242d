import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/** The harm register, users, sessions and the audit log. */
export function incidentRegisterMigration(kind: DatabaseKind): Migration {
  const identity = (c: ColumnDefinitionBuilder) =>
    kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('incidents')
        .addColumn('seq', 'integer', identity)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('narrative', 'text', (c) => c.notNull())
        .addColumn('date_earliest', 'text', (c) => c.notNull())
        .addColumn('date_latest', 'text', (c) => c.notNull())
        .addColumn('date_precision', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('location_precision', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('admin1', 'text')
        .addColumn('admin2', 'text')
        .addColumn('place_name', 'text')
        .addColumn('violence_type', 'text')
        .addColumn('verification_status', 'text', (c) => c.notNull())
        .addColumn('origin_dataset', 'text', (c) => c.notNull())
        .addColumn('origin_external_id', 'text')
        .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('killed_low', 'integer', (c) => c.notNull())
        .addColumn('killed_best', 'integer', (c) => c.notNull())
        .addColumn('killed_high', 'integer', (c) => c.notNull())
        .addColumn('injured_low', 'integer', (c) => c.notNull())
        .addColumn('injured_best', 'integer', (c) => c.notNull())
        .addColumn('injured_high', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // Re-imports find their record by origin; the partial unique index lets manual records have no external id.
      await sql`create unique index incidents_origin on incidents (origin_dataset, origin_external_id) where origin_external_id is not null`.execute(db);
      await db.schema.createIndex('incidents_date').on('incidents').columns(['date_earliest', 'seq']).execute();
      await db.schema.createIndex('incidents_date_latest').on('incidents').column('date_latest').execute();
      await db.schema.createIndex('incidents_country').on('incidents').column('country').execute();
      await db.schema.createIndex('incidents_status').on('incidents').column('verification_status').execute();
      await db.schema.createIndex('incidents_killed').on('incidents').column('killed_best').execute();

      const child = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('incident_seq', 'integer', (c) => c.notNull().references('incidents.seq').onDelete('cascade'));

      await child('incident_themes').addColumn('theme', 'text', (c) => c.notNull()).addPrimaryKeyConstraint('incident_themes_pk', ['incident_seq', 'theme'] as never).execute();
      await db.schema.createIndex('incident_themes_theme').on('incident_themes').columns(['theme', 'incident_seq']).execute();
      await child('incident_categories').addColumn('category', 'text', (c) => c.notNull()).addPrimaryKeyConstraint('incident_categories_pk', ['incident_seq', 'category'] as never).execute();
      await db.schema.createIndex('incident_categories_category').on('incident_categories').columns(['category', 'incident_seq']).execute();

      await child('incident_actors')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('incident_actors_incident').on('incident_actors').column('incident_seq').execute();

      await child('incident_casualties')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('age_group', 'text', (c) => c.notNull())
        .addColumn('low', 'integer', (c) => c.notNull())
        .addColumn('best', 'integer', (c) => c.notNull())
        .addColumn('high', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_casualties_pk', ['incident_seq', 'kind', 'status', 'sex', 'age_group'] as never)
        .execute();

      await child('incident_sources')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('source_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('published_on', 'text')
        .addColumn('reliability', 'text', (c) => c.notNull())
        .addColumn('credibility', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_sources_pk', ['incident_seq', 'ref'] as never)
        .execute();

      await db.schema
        .createTable('incident_sensitive')
        .addColumn('incident_seq', 'integer', (c) => c.primaryKey().references('incidents.seq').onDelete('cascade'))
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('verification_events')
        .addColumn('id', 'integer', identity)
        .addColumn('incident_seq', 'integer', (c) => c.notNull().references('incidents.seq').onDelete('cascade'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('verification_events_incident').on('verification_events').column('incident_seq').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', identity)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();

      if (kind === 'sqlite') {
        // R*Tree over points (min = max); triggers keep it in step with the table in the same transaction.
        await sql`create virtual table incident_rtree using rtree(seq, min_lon, max_lon, min_lat, max_lat)`.execute(db);
        await sql`create trigger incidents_rtree_insert after insert on incidents begin
          insert into incident_rtree values (new.seq, new.lon, new.lon, new.lat, new.lat); end`.execute(db);
        await sql`create trigger incidents_rtree_update after update of lat, lon on incidents begin
          update incident_rtree set min_lon = new.lon, max_lon = new.lon, min_lat = new.lat, max_lat = new.lat where seq = new.seq; end`.execute(db);
        await sql`create trigger incidents_rtree_delete after delete on incidents begin
          delete from incident_rtree where seq = old.seq; end`.execute(db);
      } else {
        await sql`create extension if not exists postgis`.execute(db);
        await sql`alter table incidents add column geom geometry(Point, 4326)
          generated always as (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) stored`.execute(db);
        await sql`create index incidents_geom on incidents using gist (geom)`.execute(db);
      }
    },
  };
}
