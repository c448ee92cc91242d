import type { Kysely, Migration } from 'kysely';

/**
 * Sync over HTTPS (docs/field-use.md, "Over HTTPS"):
 *
 * - `api_tokens.sync_peer`: the peer (its instance id) a token was made for. Such a token serves only the sync routes,
 *   and the instance it speaks for is taken from it, not from the request.
 * - `sync_unconfirmed`: the one bundle per peer made for the network and not yet confirmed received by that peer (a
 *   pulled bundle until the peer acknowledges it, a pushed one until the peer answers with its import report). While
 *   it is there the same bytes are sent again instead of a new bundle, so a lost answer loses nothing: its records
 *   already count as sent. Kept as base64 text, the same on SQLite and PostgreSQL.
 */
export function syncOverHttpsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_tokens').addColumn('sync_peer', 'text').execute();
      await db.schema
        .createTable('sync_unconfirmed')
        .addColumn('peer_instance_id', 'text', (c) => c.primaryKey())
        .addColumn('bundle_id', 'text', (c) => c.notNull().unique())
        .addColumn('bundle', 'text', (c) => c.notNull())
        .addColumn('made_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
