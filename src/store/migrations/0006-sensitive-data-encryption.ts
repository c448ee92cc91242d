import type { Kysely, Migration } from 'kysely';

/**
 * Sensitive details are sealed with envelope encryption: the payload becomes ciphertext, beside its nonce, tag, the
 * wrapped data key and the id of the master key that wraps it (indexed, so a rotation finds what is left to re-wrap).
 * Existing plaintext rows keep key_id null until `haven keys rotate` seals them; a migration has no key to do it.
 */
export function sensitiveDataEncryptionMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['iv', 'tag', 'wrapped_key', 'key_id']) {
        await db.schema.alterTable('incident_sensitive').addColumn(column, 'text').execute();
      }
      await db.schema.createIndex('incident_sensitive_key').on('incident_sensitive').columns(['key_id', 'incident_seq']).execute();
    },
  };
}
