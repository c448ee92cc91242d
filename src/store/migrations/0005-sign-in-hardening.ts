import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in hardening: failed sign-ins counted per username and per client address (in the database, so a restart or a
 * second server does not reset them), when each session was last used (idle timeout), API tokens for machines, and
 * the TOTP second factor.
 */
export function signInHardeningMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sign_in_throttles')
        // `username:<name>` or `address:<ip>`
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('totp_factors')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        // The time step of the last accepted code: a code is refused at or before it, so none is used twice.
        .addColumn('last_step', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
