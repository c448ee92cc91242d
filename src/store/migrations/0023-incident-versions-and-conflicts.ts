import type { Kysely, Migration } from 'kysely';

/**
 * Edits made against an older version are merged field by field, not refused and never silently applied over newer
 * work (issue 18). For that the data of each superseded version is kept (`incident_versions`): an edit based on
 * version N finds what N held. A field changed on both sides since the base is a conflict (`incident_conflicts`),
 * kept with its three values until a person resolves it.
 *
 * Sensitive details stay sealed as in `incident_sensitive` (payload + iv, tag, wrapped data key, key id; see
 * store/sensitive-envelope.ts): a version's sensitive part, and the values of a conflict on a path under `sensitive`.
 * Rows that hold nothing sensitive leave those columns null. `key_id` is indexed, so key rotation finds what is left
 * to re-wrap.
 */
export function incidentVersionsAndConflictsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incident_versions')
        .addColumn('incident_seq', 'integer', (c) => c.notNull().references('incidents.seq').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        // The public part of the version's data as JSON (everything but `sensitive`).
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('iv', 'text')
        .addColumn('tag', 'text')
        .addColumn('wrapped_key', 'text')
        .addColumn('key_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_versions_pk', ['incident_seq', 'version'] as never)
        .execute();
      await db.schema.createIndex('incident_versions_key').on('incident_versions').columns(['key_id', 'incident_seq']).execute();

      await db.schema
        .createTable('incident_conflicts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_seq', 'integer', (c) => c.notNull().references('incidents.seq').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('sensitive', 'integer', (c) => c.notNull())
        // JSON of { base, held, proposed, resolved }: in the clear, or sealed when `sensitive` (then iv … key_id are set).
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('iv', 'text')
        .addColumn('tag', 'text')
        .addColumn('wrapped_key', 'text')
        .addColumn('key_id', 'text')
        .addColumn('base_version', 'integer')
        .addColumn('held_version', 'integer', (c) => c.notNull())
        .addColumn('proposed_by', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('resolution', 'text')
        .execute();
      await db.schema.createIndex('incident_conflicts_incident').on('incident_conflicts').columns(['incident_seq', 'status']).execute();
      await db.schema.createIndex('incident_conflicts_queue').on('incident_conflicts').columns(['status', 'proposed_at']).execute();
      await db.schema.createIndex('incident_conflicts_key').on('incident_conflicts').column('key_id').execute();
    },
  };
}
