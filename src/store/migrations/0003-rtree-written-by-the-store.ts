import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseKind } from '../database.js';

/**
 * SQLite: the R*Tree row for a new incident is written by the store's bulk writer, not by a trigger — a trigger
 * made each insert 2.5 times slower. Updates and deletes keep their triggers (they are rare and single).
 */
export function rtreeWrittenByTheStoreMigration(kind: DatabaseKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind === 'sqlite') await sql`drop trigger if exists incidents_rtree_insert`.execute(db);
    },
  };
}
