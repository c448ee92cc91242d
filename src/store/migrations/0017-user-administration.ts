import type { Kysely, Migration } from 'kysely';

/**
 * Users an administrator manages from the app: when each last signed in (a list shows dormant accounts), and whether
 * the password is a one-time one an administrator set, to be changed at the next sign-in before anything else.
 */
export function userAdministrationMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
      await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
