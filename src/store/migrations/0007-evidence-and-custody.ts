import type { Kysely, Migration } from 'kysely';

/** Evidence items (the originals themselves live in the evidence store on disk), their incidents and their custody. */
export function evidenceAndCustodyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('evidence_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('original_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('source', 'text')
        .addColumn('location', 'text')
        .addColumn('uploader_ip', 'text')
        .addColumn('capture', 'text', (c) => c.notNull())
        .addColumn('working_sha256', 'text')
        .addColumn('working_size_bytes', 'bigint')
        .addColumn('working_note', 'text', (c) => c.notNull())
        .addColumn('received_by', 'text', (c) => c.notNull())
        .addColumn('received_by_name', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('evidence_items_sha256').on('evidence_items').column('sha256').execute();

      await db.schema
        .createTable('evidence_incidents')
        .addColumn('item_id', 'text', (c) => c.notNull().references('evidence_items.id').onDelete('cascade'))
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evidence_incidents_pk', ['item_id', 'incident_id'])
        .execute();
      await db.schema.createIndex('evidence_incidents_incident').on('evidence_incidents').column('incident_id').execute();

      await db.schema
        .createTable('evidence_custody')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('evidence_items.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('ledger_seq', 'integer', (c) => c.notNull())
        .addColumn('ledger_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('evidence_custody_item').on('evidence_custody').columns(['item_id', 'ledger_seq']).execute();
    },
  };
}
