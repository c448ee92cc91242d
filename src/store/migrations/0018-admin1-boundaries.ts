import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/**
 * First-level administrative boundaries (geoBoundaries ADM1, Natural Earth admin-1), a country's set replaced whole by
 * each import. Geometries are GeoJSON text with the box a map's search needs; on PostgreSQL, as for protected sites, a
 * PostGIS envelope indexed with GiST and the geometry itself for PostGIS users.
 */
export function admin1BoundariesMigration(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('admin1_boundaries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('iso_code', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('min_lon', 'double precision', (c) => c.notNull())
        .addColumn('min_lat', 'double precision', (c) => c.notNull())
        .addColumn('max_lon', 'double precision', (c) => c.notNull())
        .addColumn('max_lat', 'double precision', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('admin1_boundaries_country').on('admin1_boundaries').columns(['country', 'name']).execute();
      if (kind === 'sqlite') {
        await db.schema.createIndex('admin1_boundaries_box').on('admin1_boundaries').columns(['min_lon', 'max_lon', 'min_lat', 'max_lat']).execute();
      } else {
        await sql`create extension if not exists postgis`.execute(db);
        await sql`alter table admin1_boundaries add column extent geometry(Polygon, 4326)
          generated always as (ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326)) stored`.execute(db);
        await sql`create index admin1_boundaries_extent on admin1_boundaries using gist (extent)`.execute(db);
        await sql`alter table admin1_boundaries add column geom geometry(Geometry, 4326)
          generated always as (ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)) stored`.execute(db);
      }
    },
  };
}
