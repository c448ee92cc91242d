import type { Kysely, Migration } from 'kysely';

/**
 * The protective actions log (docs/courses-of-action.md): patrols, presence at a site, corridors, safe havens,
 * evacuations, arrest operations and local agreements, planned, carried out or cancelled. One row per action, with the
 * point it is placed at (given, or its site's or zone's), the days it ran, who carried it out, its exercise flag and
 * its version; a planned action made by a commander's choice of a course of action keeps the link to that choice.
 * Carried-out actions are the register's past protective actions for the escalation estimate.
 */
export function protectiveActionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('protective_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        // The point as given (JSON: lat, lon, precision), if one was; the site and zone named, if any. Not foreign
        // keys: a site or zone may be deleted from its register, and the action, placed by its stored point, stays.
        .addColumn('location', 'text')
        .addColumn('site_id', 'text')
        .addColumn('zone_id', 'text')
        // The point the action is placed at, and where it comes from (location, site, zone, planning_area).
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('precision', 'text', (c) => c.notNull())
        .addColumn('point_from', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .addColumn('unit', 'text')
        .addColumn('result_note', 'text')
        .addColumn('exercise', 'integer', (c) => c.notNull())
        .addColumn('situation_id', 'text', (c) => c.references('planning_situations.id'))
        .addColumn('choice_id', 'text', (c) => c.references('planning_choices.id'))
        .addColumn('coa_name', 'text')
        .addColumn('action_number', 'integer')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // The estimate's read: carried-out actions of one flag, by day; the list's: newest first.
      await db.schema.createIndex('protective_actions_status_day').on('protective_actions').columns(['exercise', 'status', 'start_date']).execute();
      await db.schema.createIndex('protective_actions_updated').on('protective_actions').columns(['updated_at', 'id']).execute();
      await db.schema.createIndex('protective_actions_choice').on('protective_actions').column('choice_id').execute();
    },
  };
}
