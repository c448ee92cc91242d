import { sql, type Kysely, type Migration } from 'kysely';

const STEP_KINDS = ['judgement', 'review', 'decision', 'approval', 'outcome'] as const;

/**
 * The ledger commits to payload digests (format 2) and keeps a signed head apart from its entries; each step on a
 * force request names the ledger entry that seals it, so a step without its entry (or an entry without its step) is
 * found. Entries already written stay format 1 and still verify. The head is written unsigned here (a migration has no
 * key) and signed by the server when it starts.
 */
export function ledgerDigestsAndSignedHeadMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('ledger_entries').addColumn('format', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.alterTable('ledger_entries').addColumn('payload_digest', 'text').execute();
      await db.schema.alterTable('ledger_entries').addColumn('payload_salt', 'text').execute();

      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
      const newest = await sql<{ seq: number; hash: string }>`select seq, hash from ledger_entries order by seq desc limit 1`.execute(db);
      const last = newest.rows[0];
      if (last) {
        await sql`insert into ledger_head (id, size, head_hash, at, key_id, signature) values (1, ${Number(last.seq)}, ${last.hash}, ${new Date().toISOString()}, '', '')`.execute(db);
      }

      // Link each existing step to its entry: both were written in one transaction, in the same order, so the n-th
      // step of a kind on a request is sealed by the n-th entry of that kind about it.
      await db.schema.alterTable('force_steps').addColumn('ledger_seq', 'integer').execute();
      const steps = await sql<{ id: string; request_id: string; kind: string }>`select id, request_id, kind from force_steps order by request_id, at, id`.execute(db);
      if (steps.rows.length === 0) return;
      const entries = await sql<{ seq: number; subject_id: string; kind: string }>`
        select seq, subject_id, kind from ledger_entries
        where kind in (${sql.join(STEP_KINDS.map((k) => `force.${k}`))}) order by seq`.execute(db);
      const queues = new Map<string, number[]>();
      for (const e of entries.rows) {
        const key = `${e.subject_id}|${e.kind}`;
        queues.set(key, [...(queues.get(key) ?? []), Number(e.seq)]);
      }
      for (const step of steps.rows) {
        const seq = queues.get(`${step.request_id}|force.${step.kind}`)?.shift();
        if (seq !== undefined) await sql`update force_steps set ledger_seq = ${seq} where id = ${step.id}`.execute(db);
      }
    },
  };
}
