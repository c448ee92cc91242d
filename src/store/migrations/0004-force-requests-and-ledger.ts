import type { Kysely, Migration } from 'kysely';

/** Force requests, their assessments and the people's steps on them, and the hash-chained ledger. */
export function forceRequestsAndLedgerMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('force_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mission_name', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('ihl_verdict', 'text', (c) => c.notNull())
        .addColumn('hs_verdict', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('force_requests_status').on('force_requests').columns(['status', 'requested_at']).execute();

      await db.schema
        .createTable('force_assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('force_requests.id').onDelete('cascade'))
        .addColumn('assessed_at', 'text', (c) => c.notNull())
        .addColumn('assessment', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('force_assessments_request').on('force_assessments').columns(['request_id', 'assessed_at']).execute();

      await db.schema
        .createTable('force_steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('force_requests.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('force_steps_request').on('force_steps').columns(['request_id', 'at']).execute();

      await db.schema
        .createTable('ledger_entries')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_entries_subject').on('ledger_entries').columns(['subject_id', 'seq']).execute();

      await db.schema
        .createTable('ledger_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
