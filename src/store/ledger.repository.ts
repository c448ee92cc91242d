import { sql, type Selectable } from 'kysely';
import type { LedgerEntryKind, LedgerHead, SealedLedgerEntry } from '../core/ledger/hash-chain.js';
import type { DatabaseKind, Db, LedgerEntriesTable, LedgerHeadTable } from './database.js';

const toEntry = (r: Selectable<LedgerEntriesTable>): SealedLedgerEntry => {
  const payload = JSON.parse(r.payload) as unknown;
  const v = Number(r.format) === 2 ? 2 : 1;
  return {
    v,
    seq: Number(r.seq),
    at: r.at,
    kind: r.kind as LedgerEntryKind,
    subjectId: r.subject_id,
    actor: JSON.parse(r.actor) as SealedLedgerEntry['actor'],
    payloadDigest: r.payload_digest,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
    keyId: r.key_id,
    disclosure: v === 2 ? { payload, salt: r.payload_salt ?? '' } : { payload },
  };
};

const toHead = (r: LedgerHeadTable): LedgerHead => ({ size: Number(r.size), headHash: r.head_hash, at: r.at, keyId: r.key_id, signature: r.signature });

/**
 * The ledger is append-only: this repository can add entries and read them, and rewrite the one signed head that
 * describes them, and nothing else.
 */
export class LedgerRepository {
  constructor(private readonly kind: DatabaseKind) {}

  /**
   * Serialises appends across every server on the database (PostgreSQL advisory lock, held to the end of the
   * transaction); SQLite has one writer at a time already.
   */
  async lockForAppend(db: Db): Promise<void> {
    if (this.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('haven.ledger'))`.execute(db);
  }

  async last(db: Db): Promise<{ seq: number; hash: string } | undefined> {
    const row = await db.selectFrom('ledger_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row && { seq: Number(row.seq), hash: row.hash };
  }

  async append(db: Db, entry: SealedLedgerEntry): Promise<void> {
    await db
      .insertInto('ledger_entries')
      .values({
        seq: entry.seq,
        at: entry.at,
        kind: entry.kind,
        subject_id: entry.subjectId,
        actor: JSON.stringify(entry.actor),
        payload: JSON.stringify(entry.disclosure.payload),
        prev_hash: entry.prevHash,
        hash: entry.hash,
        signature: entry.signature,
        key_id: entry.keyId,
        format: entry.v,
        payload_digest: entry.payloadDigest,
        payload_salt: entry.disclosure.salt ?? null,
      })
      .execute();
  }

  async *entries(db: Db, fromSeq = 1, toSeq?: number): AsyncGenerator<SealedLedgerEntry> {
    let next = fromSeq;
    for (;;) {
      let query = db.selectFrom('ledger_entries').selectAll().where('seq', '>=', next).orderBy('seq').limit(1000);
      if (toSeq !== undefined) query = query.where('seq', '<=', toSeq);
      const rows = await query.execute();
      for (const row of rows) yield toEntry(row);
      if (rows.length < 1000) return;
      next = Number(rows.at(-1)!.seq) + 1;
    }
  }

  async forSubject(db: Db, subjectId: string): Promise<SealedLedgerEntry[]> {
    return (await db.selectFrom('ledger_entries').selectAll().where('subject_id', '=', subjectId).orderBy('seq').execute()).map(toEntry);
  }

  async find(db: Db, seq: number): Promise<SealedLedgerEntry | undefined> {
    const row = await db.selectFrom('ledger_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
    return row && toEntry(row);
  }

  async hashBefore(db: Db, seq: number): Promise<string | undefined> {
    const row = await db.selectFrom('ledger_entries').select('hash').where('seq', '=', seq - 1).executeTakeFirst();
    return row?.hash;
  }

  async head(db: Db): Promise<LedgerHead | undefined> {
    const row = await db.selectFrom('ledger_head').selectAll().where('id', '=', 1).executeTakeFirst();
    return row && toHead(row);
  }

  async writeHead(db: Db, head: LedgerHead): Promise<void> {
    const values = { size: head.size, head_hash: head.headHash, at: head.at, key_id: head.keyId, signature: head.signature };
    await db
      .insertInto('ledger_head')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  async saveKey(db: Db, key: { keyId: string; publicKeyPem: string; createdAt: string }): Promise<void> {
    const known = await db.selectFrom('ledger_keys').select('key_id').where('key_id', '=', key.keyId).executeTakeFirst();
    if (!known) await db.insertInto('ledger_keys').values({ key_id: key.keyId, public_key: key.publicKeyPem, created_at: key.createdAt }).execute();
  }

  async keys(db: Db): Promise<Map<string, string>> {
    return new Map((await db.selectFrom('ledger_keys').select(['key_id', 'public_key']).execute()).map((r) => [r.key_id, r.public_key]));
  }
}
