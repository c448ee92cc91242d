import type { Kysely, Migration } from 'kysely';

/**
 * Acknowledgements between instances (docs/field-use.md, "Acknowledgements and lost bundles"): a bundle lost for good
 * (a USB stick lost, no copy kept) must not leave changes behind.
 *
 * - `sync_bundles.sequence`: each bundle exported to a peer is numbered 1, 2, 3 … for that peer; an imported bundle
 *   keeps the sender's number (so a gap, or a bundle older than one already imported, is seen on arrival).
 * - `sync_bundles.acknowledges`: the highest number of the receiver's bundles the sender had imported when it made
 *   the bundle — the receiver's acknowledgement, carried back in the next bundle the other way.
 * - `sync_peers.acknowledged_sequence`: the highest of this instance's bundles the peer is known to hold (from the
 *   acknowledgements it sent, or confirmed over HTTPS). `--since last` continues from that bundle, not the last made.
 * - `sync_state.acknowledged`, `sent_sequence`, `base_*`: a record sent in a bundle not yet acknowledged is sent again
 *   in each bundle until it is, and against the last data the peer is known to hold (`base_*`, sealed like `payload`
 *   under the same context), not the data sent in a bundle that may never arrive. Rows already there count as
 *   acknowledged: they were exchanged under the rules before this.
 */
export function syncAcknowledgementsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sync_bundles').addColumn('sequence', 'integer').execute();
      await db.schema.alterTable('sync_bundles').addColumn('acknowledges', 'integer').execute();
      // Unique: two exports racing for one peer must not both take the same number (one fails, writing nothing).
      await db.schema.createIndex('sync_bundles_sequence').unique().on('sync_bundles').columns(['peer_instance_id', 'direction', 'sequence']).execute();
      await db.schema.alterTable('sync_peers').addColumn('acknowledged_sequence', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('sync_state').addColumn('acknowledged', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.alterTable('sync_state').addColumn('sent_sequence', 'integer').execute();
      for (const column of ['base_payload', 'base_iv', 'base_tag', 'base_wrapped_key', 'base_key_id']) {
        await db.schema.alterTable('sync_state').addColumn(column, 'text').execute();
      }
    },
  };
}
