import type { Kysely, Migration } from 'kysely';

/**
 * A failed import job keeps a machine-readable reason beside its message (`date_order_ambiguous`: the file's numeric
 * dates fit both orders), so a client can ask the user the question and import again.
 */
export function importJobErrorCodeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('import_jobs').addColumn('error_code', 'text').execute();
    },
  };
}
