import type { Kysely, Migration } from 'kysely';

/**
 * Sync between instances (a field office's Haven and headquarters', by bundle or over HTTPS):
 *
 * - `sync_peers`: the instances this one exchanges with, registered from their identity block (instance id, Ed25519
 *   key that signs their bundles and ledger, X25519 key bundles for them are encrypted to).
 * - `sync_state`: per peer and record, the data last exchanged with that peer (sent to it or received from it), so
 *   that each exported change carries its base: the version both sides last held in common. The base is sealed like
 *   incident sensitive data (it holds names of victims and witnesses): payload, iv, tag, wrapped key, key id.
 * - `sync_bundles`: every bundle exported or imported: its id, hash, cursors and report, so `--since last` knows
 *   where to continue and a bundle imported twice changes nothing the second time.
 * - `sync_foreign_ledger`: the peers' ledger entries, each instance's chain kept apart, verified link by link on
 *   arrival and never merged into this instance's own chain.
 */
export function syncBundlesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sync_peers')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull().unique())
        .addColumn('signing_public_key', 'text', (c) => c.notNull())
        .addColumn('receiving_public_key', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sync_state')
        .addColumn('peer_instance_id', 'text', (c) => c.notNull())
        .addColumn('record_type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('local_version', 'integer', (c) => c.notNull())
        .addColumn('data_hash', 'text', (c) => c.notNull())
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('exchanged_at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('iv', 'text')
        .addColumn('tag', 'text')
        .addColumn('wrapped_key', 'text')
        .addColumn('key_id', 'text')
        .addPrimaryKeyConstraint('sync_state_pk', ['peer_instance_id', 'record_type', 'record_id'])
        .execute();
      await db.schema
        .createTable('sync_bundles')
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('peer_instance_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('since', 'text')
        .addColumn('until', 'text', (c) => c.notNull())
        .addColumn('ledger_to_seq', 'integer', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_bundles_pk', ['bundle_id', 'direction'])
        .execute();
      await db.schema.createIndex('sync_bundles_peer').on('sync_bundles').columns(['peer_instance_id', 'direction', 'recorded_at']).execute();
      await db.schema
        .createTable('sync_foreign_ledger')
        .addColumn('origin_instance', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_foreign_ledger_pk', ['origin_instance', 'seq'])
        .execute();
    },
  };
}
