import type { Kysely, Migration } from 'kysely';

/**
 * Planning situations and the courses of action compared in them (docs/courses-of-action.md). A situation is one row,
 * its area, period and courses as JSON (checked by the core's planning schema), versioned, with its status (draft,
 * compared, chosen, withdrawn) and whether it is an exercise. The commander's choice is one row per situation, with
 * the reasons, the ledger entry that seals it and a snapshot of the comparison it was made on; the force requests the
 * chosen course's force actions became are linked to it, action by action. Derived figures are never stored otherwise.
 */
export function coursesOfActionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('planning_situations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('exercise', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('planning_situations_updated').on('planning_situations').columns(['updated_at', 'id']).execute();
      await db.schema
        .createTable('planning_choices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // One choice per situation: choosing again is refused, not overwritten.
        .addColumn('situation_id', 'text', (c) => c.notNull().unique().references('planning_situations.id'))
        .addColumn('coa_name', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('chosen_by', 'text', (c) => c.notNull())
        .addColumn('chosen_by_name', 'text', (c) => c.notNull())
        .addColumn('chosen_by_role', 'text', (c) => c.notNull())
        .addColumn('chosen_at', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('planning_choice_requests')
        .addColumn('choice_id', 'text', (c) => c.notNull().references('planning_choices.id'))
        .addColumn('action_number', 'integer', (c) => c.notNull())
        .addColumn('force_request_id', 'text', (c) => c.notNull().references('force_requests.id'))
        .addPrimaryKeyConstraint('planning_choice_requests_pk', ['choice_id', 'action_number'])
        .execute();
      await db.schema.createIndex('planning_choice_requests_request').on('planning_choice_requests').column('force_request_id').execute();
    },
  };
}
