import type { Kysely, Migration } from 'kysely';

/**
 * UN peace operations' deployments (Geo-PKO): one row per mission, year, country and place, the table's rows for it
 * brought together — troops as personnel (nullable: Geo-PKO's NA is not 0), the presence of police, medical units,
 * aviation and observers as 0/1 (aviation 0–2), the highest HQ level. And the SIPRI Top 100 arms-producing companies:
 * one row per list year and company. Each row names the release it came from.
 */
export function peaceOperationsAndArmsCompaniesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('peace_operation_deployments')
        .addColumn('mission', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('country_code', 'text')
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('infantry', 'integer')
        .addColumn('reserve', 'integer')
        .addColumn('average_troops', 'integer')
        .addColumn('troops_on_maps_min', 'integer')
        .addColumn('troops_on_maps_max', 'integer')
        .addColumn('hq_level', 'integer')
        .addColumn('police', 'integer')
        .addColumn('medical', 'integer')
        .addColumn('aviation', 'integer')
        .addColumn('observers', 'integer')
        .addColumn('source_rows', 'integer', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('peace_operation_deployments_pk', ['mission', 'year', 'country', 'location'])
        .execute();
      await db.schema
        .createTable('arms_companies')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('company', 'text', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('rank_previous', 'integer')
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('country_code', 'text')
        .addColumn('arms_revenue_usd_m', 'double precision', (c) => c.notNull())
        .addColumn('arms_revenue_previous_usd_m', 'double precision')
        .addColumn('total_revenue_usd_m', 'double precision')
        .addColumn('arms_share_of_total', 'double precision')
        .addColumn('arms_revenue_previous_constant_usd_m', 'double precision')
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('arms_companies_pk', ['year', 'company'])
        .execute();
      await db.schema.createIndex('arms_companies_country').on('arms_companies').columns(['year', 'country_code']).execute();
    },
  };
}
