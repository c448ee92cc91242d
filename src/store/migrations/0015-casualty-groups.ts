import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/**
 * A casualty count may be narrowed to a population group (health workers, patients): "12 civilians killed, of whom 3
 * health workers". The group joins kind and status in the key of incident_casualties; `all` is the count of everyone,
 * which every row stored before has. SQLite cannot change a primary key in place, so there the table is rebuilt.
 */
export function casualtyGroupsMigration(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind === 'postgres') {
        await db.schema.alterTable('incident_casualties').addColumn('population_group', 'text', (c) => c.notNull().defaultTo('all')).execute();
        await db.schema.alterTable('incident_casualties').dropConstraint('incident_casualties_pk').execute();
        await db.schema
          .alterTable('incident_casualties')
          .addPrimaryKeyConstraint('incident_casualties_pk', ['incident_seq', 'kind', 'status', 'population_group', 'sex', 'age_group'] as never)
          .execute();
        return;
      }
      await db.schema
        .createTable('incident_casualties_next')
        .addColumn('incident_seq', 'integer', (c) => c.notNull().references('incidents.seq').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('age_group', 'text', (c) => c.notNull())
        .addColumn('low', 'integer', (c) => c.notNull())
        .addColumn('best', 'integer', (c) => c.notNull())
        .addColumn('high', 'integer', (c) => c.notNull())
        .addColumn('population_group', 'text', (c) => c.notNull().defaultTo('all'))
        .addPrimaryKeyConstraint('incident_casualties_pk', ['incident_seq', 'kind', 'status', 'population_group', 'sex', 'age_group'] as never)
        .execute();
      await sql`insert into incident_casualties_next (incident_seq, kind, status, sex, age_group, low, best, high, population_group)
        select incident_seq, kind, status, sex, age_group, low, best, high, 'all' from incident_casualties`.execute(db);
      await db.schema.dropTable('incident_casualties').execute();
      await db.schema.alterTable('incident_casualties_next').renameTo('incident_casualties').execute();
    },
  };
}
