import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/**
 * The registers of protected sites, zones (corridors, safe havens, ceasefire lines …) and agreements. Geometries are
 * GeoJSON text; each row also keeps the box a spatial search needs. Sites are indexed spatially: SQLite's R*Tree
 * (written by the repository in the same transaction as the site), PostGIS GiST on a generated envelope.
 */
export function protectedPlacesMigration(kind: DatabaseKind): Migration {
  const identity = (c: ColumnDefinitionBuilder) => (kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity());

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('protected_sites')
        .addColumn('seq', 'integer', identity)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('cultural_protection', 'text')
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('radius_km', 'double precision', (c) => c.notNull())
        .addColumn('min_lon', 'double precision', (c) => c.notNull())
        .addColumn('min_lat', 'double precision', (c) => c.notNull())
        .addColumn('max_lon', 'double precision', (c) => c.notNull())
        .addColumn('max_lat', 'double precision', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('admin1', 'text')
        .addColumn('protection_basis', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source_dataset', 'text', (c) => c.notNull())
        .addColumn('source_external_id', 'text')
        .addColumn('source_description', 'text')
        .addColumn('source_url', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // Re-imports find their site by origin; sites entered by hand have no external id.
      await sql`create unique index protected_sites_origin on protected_sites (source_dataset, source_external_id) where source_external_id is not null`.execute(db);
      await db.schema.createIndex('protected_sites_category').on('protected_sites').columns(['category', 'seq']).execute();
      await db.schema.createIndex('protected_sites_country').on('protected_sites').columns(['country', 'seq']).execute();

      await db.schema
        .createTable('zones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('width_km', 'double precision')
        .addColumn('min_lon', 'double precision', (c) => c.notNull())
        .addColumn('min_lat', 'double precision', (c) => c.notNull())
        .addColumn('max_lon', 'double precision', (c) => c.notNull())
        .addColumn('max_lat', 'double precision', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('schedule', 'text')
        .addColumn('parties_bound', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source_dataset', 'text', (c) => c.notNull())
        .addColumn('source_external_id', 'text')
        .addColumn('source_description', 'text')
        .addColumn('source_url', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await sql`create unique index zones_origin on zones (source_dataset, source_external_id) where source_external_id is not null`.execute(db);
      await db.schema.createIndex('zones_kind').on('zones').columns(['kind', 'valid_from']).execute();

      await db.schema
        .createTable('agreements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('parties', 'text', (c) => c.notNull())
        .addColumn('signed_on', 'text')
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('zone_ids', 'text', (c) => c.notNull())
        .addColumn('commitments', 'text', (c) => c.notNull())
        .addColumn('source_dataset', 'text', (c) => c.notNull())
        .addColumn('source_external_id', 'text')
        .addColumn('source_description', 'text')
        .addColumn('source_url', 'text')
        .addColumn('notes', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agreements_valid').on('agreements').columns(['valid_from', 'id']).execute();

      if (kind === 'sqlite') {
        await sql`create virtual table site_rtree using rtree(seq, min_lon, max_lon, min_lat, max_lat)`.execute(db);
      } else {
        await sql`create extension if not exists postgis`.execute(db);
        // The box a search needs (the site's geometry and its circle), indexed; and the geometry itself, for PostGIS users.
        await sql`alter table protected_sites add column extent geometry(Polygon, 4326)
          generated always as (ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326)) stored`.execute(db);
        await sql`create index protected_sites_extent on protected_sites using gist (extent)`.execute(db);
        await sql`alter table protected_sites add column geom geometry(Geometry, 4326)
          generated always as (ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)) stored`.execute(db);
      }
    },
  };
}
