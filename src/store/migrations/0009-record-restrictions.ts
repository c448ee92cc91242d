import type { Kysely, Migration } from 'kysely';

/**
 * Record-level restrictions: a record (an incident now; cases and evidence use the same table) can be restricted to
 * named users and groups. `incidents.restricted` lets every unrestricted row skip the lookup.
 */
export function recordRestrictionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
      await db.schema.createIndex('group_members_user').on('group_members').columns(['user_id', 'group_id']).execute();
      await db.schema
        .createTable('record_restrictions')
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('principal_kind', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_restrictions_pk', ['entity_type', 'entity_id', 'principal_kind', 'principal_id'])
        .execute();
      await db.schema.alterTable('incidents').addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
