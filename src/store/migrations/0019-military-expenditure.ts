import type { Kysely, Migration } from 'kysely';

/**
 * Military expenditure by country and year (SIPRI's database): one row per entity and year, every measure nullable
 * because a gap is a gap, the reasons in `flags`. The price base year of the constant series is kept per row, as it
 * changes with each release.
 */
export function militaryExpenditureMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('milex_observations')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('region', 'text')
        .addColumn('subregion', 'text')
        .addColumn('constant_usd_m', 'double precision')
        .addColumn('current_usd_m', 'double precision')
        .addColumn('share_of_gdp', 'double precision')
        .addColumn('per_capita_usd', 'double precision')
        .addColumn('share_of_govt_spending', 'double precision')
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('price_base_year', 'integer', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('milex_observations_pk', ['entity', 'year'])
        .execute();
      await db.schema.createIndex('milex_observations_country').on('milex_observations').columns(['country', 'year']).execute();
    },
  };
}
