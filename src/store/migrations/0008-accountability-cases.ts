import type { Kysely, Migration } from 'kysely';

/**
 * Accountability cases: their links to incidents and evidence (plain ids, so evidence can live in its own tables),
 * alleged perpetrators and what happened to them, the legal qualifications considered, and the dated status steps.
 */
export function accountabilityCasesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_by_name', 'text', (c) => c.notNull())
        .addColumn('opened_by_role', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_status').on('cases').columns(['status', 'updated_at']).execute();

      await db.schema
        .createTable('case_links')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'kind', 'target_id'])
        .execute();
      await db.schema.createIndex('case_links_target').on('case_links').columns(['kind', 'target_id']).execute();

      await db.schema
        .createTable('case_perpetrators')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('affiliation', 'text')
        .addColumn('role_or_rank', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_perpetrators_case').on('case_perpetrators').columns(['case_id', 'position']).execute();

      await db.schema
        .createTable('case_qualifications')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('case_qualifications_pk', ['case_id', 'ref'])
        .execute();
      await db.schema.createIndex('case_qualifications_category').on('case_qualifications').columns(['category', 'case_id']).execute();

      await db.schema
        .createTable('case_steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('from_status', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_by_name', 'text', (c) => c.notNull())
        .addColumn('recorded_by_role', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_steps_case').on('case_steps').columns(['case_id', 'recorded_at']).execute();

      await db.schema
        .createTable('case_perpetrator_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('case_perpetrators.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_by_name', 'text', (c) => c.notNull())
        .addColumn('recorded_by_role', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_perpetrator_events_perpetrator').on('case_perpetrator_events').columns(['perpetrator_id', 'occurred_on']).execute();
      await db.schema.createIndex('case_perpetrator_events_kind').on('case_perpetrator_events').columns(['kind', 'occurred_on']).execute();
    },
  };
}
