import type { Kysely, Migration } from 'kysely';

/**
 * The source's own classification of an imported event (ACLED's "Battles / Armed clash", a v6 "Battle-No change of
 * territory", GED's type of violence), so the register can be counted by the categories of the data set it came
 * from. Records entered in Haven, and those imported before, have none.
 */
export function originEventTypeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('incidents').addColumn('origin_event_type', 'text').execute();
      await db.schema.createIndex('incidents_origin_event_type').on('incidents').columns(['origin_dataset', 'origin_event_type']).execute();
    },
  };
}
