import type { Selectable } from 'kysely';
import type { Db, SyncBundlesTable, SyncForeignLedgerTable, SyncPeersTable, SyncStateTable, SyncUnconfirmedTable } from './database.js';
import { evidenceVisibleTo } from './record-visibility.js';
import { openRecord, sealRecord, type MasterKey, type MasterKeyring, type SensitiveCipher } from './sensitive-envelope.js';

export type SyncPeerRow = Selectable<SyncPeersTable>;
export type SyncBundleRow = Selectable<SyncBundlesTable>;
export type SyncUnconfirmedRow = Selectable<SyncUnconfirmedTable>;
export type SyncRecordType = 'incident' | 'evidence';

/** What was last exchanged with a peer about one record. `data` is the exchanged data itself (incidents only). */
export interface ExchangedState {
  direction: 'sent' | 'received';
  localVersion: number;
  dataHash: string;
  bundleId: string;
  exchangedAt: string;
  data?: unknown;
}

/** As read back: whether the peer is known to hold it, and if not, the last data it is known to hold. */
export interface StoredExchangedState extends ExchangedState {
  /** Received from the peer, or sent in a bundle the peer acknowledged. */
  acknowledged: boolean;
  /** The data the peer is known to hold (incidents): `data` when acknowledged, else the data before; absent: none. */
  acknowledgedData?: unknown;
}

type Sealed = { ciphertext: string; iv: string; tag: string; wrappedKey: string; keyId: string };

/** The base data is sealed under a context naming the peer and the record: moved to another row, it fails to open. */
const stateContext = (peer: string, type: string, id: string) => `sync-base/${peer}/${type}/${id}`;

/**
 * Peers, what was exchanged with them, the bundles, and their ledger chains. The data last exchanged holds sensitive
 * details, so it is sealed with the store's master keys like the incident's own sensitive row.
 */
export class SyncRepository {
  constructor(private readonly cipher: SensitiveCipher) {}

  async addPeer(db: Db, peer: SyncPeerRow): Promise<void> {
    await db.insertInto('sync_peers').values(peer).execute();
  }

  async peers(db: Db): Promise<SyncPeerRow[]> {
    return db.selectFrom('sync_peers').selectAll().orderBy('name').execute();
  }

  async peerByName(db: Db, name: string): Promise<SyncPeerRow | undefined> {
    return db.selectFrom('sync_peers').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async peerByInstance(db: Db, instanceId: string): Promise<SyncPeerRow | undefined> {
    return db.selectFrom('sync_peers').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
  }

  async state(db: Db, peer: string, type: SyncRecordType, ids: readonly string[]): Promise<Map<string, StoredExchangedState>> {
    const out = new Map<string, StoredExchangedState>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('sync_state')
        .selectAll()
        .where('peer_instance_id', '=', peer)
        .where('record_type', '=', type)
        .where('record_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) out.set(row.record_id, this.toState(row));
    }
    return out;
  }

  private toState(row: Selectable<SyncStateTable>): StoredExchangedState {
    const context = stateContext(row.peer_instance_id, row.record_type, row.record_id);
    const open = (sealed: Sealed | null) => (sealed ? (JSON.parse(this.cipher.open(sealed, context)) as unknown) : undefined);
    const data = open(sealedOf(row.payload, row.iv, row.tag, row.wrapped_key, row.key_id));
    const acknowledged = row.acknowledged === 1 || Number(row.acknowledged) === 1;
    const acknowledgedData = acknowledged ? data : open(sealedOf(row.base_payload, row.base_iv, row.base_tag, row.base_wrapped_key, row.base_key_id));
    return {
      direction: row.direction === 'received' ? 'received' : 'sent',
      localVersion: Number(row.local_version),
      dataHash: row.data_hash,
      bundleId: row.bundle_id,
      exchangedAt: row.exchanged_at,
      acknowledged,
      ...(data !== undefined && { data }),
      ...(acknowledgedData !== undefined && { acknowledgedData }),
    };
  }

  /** Record (or replace) what was received from the peer: it holds it, so it is acknowledged. `data` is sealed. */
  async saveReceived(db: Db, peer: string, type: SyncRecordType, id: string, state: ExchangedState): Promise<void> {
    await this.upsertState(db, peer, type, id, state, { acknowledged: 1, sent_sequence: null, base: null });
  }

  /**
   * Record what was sent in bundle `sequence`. Until the peer acknowledges a bundle at least that far, the record is
   * sent again in every bundle, against the last data the peer is known to hold (kept aside here), so a bundle lost
   * for good leaves nothing behind. Sent again unchanged, it keeps the number of the first bundle that carried it.
   */
  async saveSent(db: Db, peer: string, type: SyncRecordType, id: string, state: ExchangedState, sequence: number): Promise<void> {
    const row = await db.selectFrom('sync_state').selectAll().where('peer_instance_id', '=', peer).where('record_type', '=', type).where('record_id', '=', id).executeTakeFirst();
    let base: Sealed | null = null;
    let sentSequence = sequence;
    if (row && Number(row.acknowledged) === 1) base = sealedOf(row.payload, row.iv, row.tag, row.wrapped_key, row.key_id);
    else if (row) {
      base = sealedOf(row.base_payload, row.base_iv, row.base_tag, row.base_wrapped_key, row.base_key_id);
      if (row.data_hash === state.dataHash && row.sent_sequence !== null) sentSequence = Number(row.sent_sequence);
    }
    await this.upsertState(db, peer, type, id, state, { acknowledged: 0, sent_sequence: sentSequence, base });
  }

  private async upsertState(db: Db, peer: string, type: SyncRecordType, id: string, state: ExchangedState, ack: { acknowledged: number; sent_sequence: number | null; base: Sealed | null }): Promise<void> {
    const sealed = state.data === undefined ? undefined : this.cipher.seal(JSON.stringify(state.data), stateContext(peer, type, id));
    const values = {
      direction: state.direction,
      local_version: state.localVersion,
      data_hash: state.dataHash,
      bundle_id: state.bundleId,
      exchanged_at: state.exchangedAt,
      payload: sealed?.ciphertext ?? null,
      iv: sealed?.iv ?? null,
      tag: sealed?.tag ?? null,
      wrapped_key: sealed?.wrappedKey ?? null,
      key_id: sealed?.keyId ?? null,
      acknowledged: ack.acknowledged,
      sent_sequence: ack.sent_sequence,
      base_payload: ack.base?.ciphertext ?? null,
      base_iv: ack.base?.iv ?? null,
      base_tag: ack.base?.tag ?? null,
      base_wrapped_key: ack.base?.wrappedKey ?? null,
      base_key_id: ack.base?.keyId ?? null,
    };
    await db
      .insertInto('sync_state')
      .values({ peer_instance_id: peer, record_type: type, record_id: id, ...values })
      .onConflict((oc) => oc.columns(['peer_instance_id', 'record_type', 'record_id']).doUpdateSet(values))
      .execute();
  }

  /**
   * The peer holds this instance's bundles up to `sequence` (its acknowledgement): what they carried is now known to
   * be there. Never moves back (an older acknowledgement arriving late changes nothing).
   */
  async acknowledge(db: Db, peer: string, sequence: number): Promise<void> {
    await db.updateTable('sync_peers').set({ acknowledged_sequence: sequence }).where('instance_id', '=', peer).where('acknowledged_sequence', '<', sequence).execute();
    await db
      .updateTable('sync_state')
      .set({ acknowledged: 1, sent_sequence: null, base_payload: null, base_iv: null, base_tag: null, base_wrapped_key: null, base_key_id: null })
      .where('peer_instance_id', '=', peer)
      .where('acknowledged', '=', 0)
      .where('sent_sequence', '<=', sequence)
      .execute();
  }

  /** Records sent to the peer in bundles it has not acknowledged: every bundle carries them again. */
  async unacknowledged(db: Db, peer: string, type: SyncRecordType): Promise<string[]> {
    const rows = await db.selectFrom('sync_state').select('record_id').where('peer_instance_id', '=', peer).where('record_type', '=', type).where('acknowledged', '=', 0).execute();
    return rows.map((r) => r.record_id);
  }

  /** Key rotation: every sealed base re-sealed under the new master key (they are few: one or two per record and peer). */
  async resealAll(db: Db, keyring: MasterKeyring, to: MasterKey): Promise<number> {
    let changed = 0;
    for (const prefix of ['', 'base_'] as const) {
      const column = (name: 'payload' | 'iv' | 'tag' | 'wrapped_key' | 'key_id') => `${prefix}${name}` as const;
      const rows = await db.selectFrom('sync_state').selectAll().where(column('key_id'), 'is not', null).where(column('key_id'), '<>', to.id).execute();
      for (const row of rows) {
        const context = stateContext(row.peer_instance_id, row.record_type, row.record_id);
        const held = sealedOf(row[column('payload')], row[column('iv')], row[column('tag')], row[column('wrapped_key')], row[column('key_id')])!;
        const sealed = sealRecord(openRecord(held, context, keyring), context, to);
        const result = await db
          .updateTable('sync_state')
          .set({ [column('payload')]: sealed.ciphertext, [column('iv')]: sealed.iv, [column('tag')]: sealed.tag, [column('wrapped_key')]: sealed.wrappedKey, [column('key_id')]: sealed.keyId })
          .where('peer_instance_id', '=', row.peer_instance_id)
          .where('record_type', '=', row.record_type)
          .where('record_id', '=', row.record_id)
          .where(column('key_id'), '=', held.keyId)
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
    }
    return changed;
  }

  async findBundle(db: Db, bundleId: string, direction: 'exported' | 'imported'): Promise<SyncBundleRow | undefined> {
    return db.selectFrom('sync_bundles').selectAll().where('bundle_id', '=', bundleId).where('direction', '=', direction).executeTakeFirst();
  }

  /** This instance's bundle number `sequence` for a peer: where `--since last` continues once the peer acknowledged it. */
  async exportedBySequence(db: Db, peer: string, sequence: number): Promise<SyncBundleRow | undefined> {
    return db.selectFrom('sync_bundles').selectAll().where('peer_instance_id', '=', peer).where('direction', '=', 'exported').where('sequence', '=', sequence).executeTakeFirst();
  }

  /** The highest bundle number exported to the peer, or imported from it (0: none). */
  async lastSequence(db: Db, peer: string, direction: 'exported' | 'imported'): Promise<number> {
    const row = await db
      .selectFrom('sync_bundles')
      .select((eb) => eb.fn.max('sequence').as('last'))
      .where('peer_instance_id', '=', peer)
      .where('direction', '=', direction)
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  async recordBundle(db: Db, bundle: SyncBundleRow): Promise<void> {
    await db.insertInto('sync_bundles').values(bundle).execute();
  }

  /** Incidents under no restriction changed in (since, until], oldest change first. */
  async unrestrictedIncidentsChanged(db: Db, since: string | null, until: string): Promise<{ seq: number; id: string }[]> {
    // Changed in the window, or a conflict on it resolved in the window: resolving by keeping the held value writes no
    // new version, yet the incident was held back while the conflict was open and must travel now.
    const query = db
      .selectFrom('incidents')
      .select(['seq', 'id'])
      .where('restricted', '=', 0)
      .where((eb) =>
        eb.or([
          since ? eb.and([eb('updated_at', '>', since), eb('updated_at', '<=', until)]) : eb('updated_at', '<=', until),
          eb.exists(
            eb
              .selectFrom('incident_conflicts as ic')
              .select('ic.id')
              .whereRef('ic.incident_seq', '=', 'incidents.seq')
              .where('ic.resolved_at', '<=', until)
              .$if(since !== null, (q) => q.where('ic.resolved_at', '>', since!)),
          ),
        ]),
      );
    return (await query.orderBy('updated_at').orderBy('seq').execute()).map((r) => ({ seq: Number(r.seq), id: r.id }));
  }

  /** Of these incidents, those under no restriction (sent before and not acknowledged: sent again while unrestricted). */
  async unrestrictedIncidentsAmong(db: Db, ids: readonly string[]): Promise<{ seq: number; id: string }[]> {
    const out: { seq: number; id: string }[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('incidents').select(['seq', 'id']).where('restricted', '=', 0).where('id', 'in', ids.slice(i, i + 500)).execute();
      out.push(...rows.map((r) => ({ seq: Number(r.seq), id: r.id })));
    }
    return out;
  }

  /** Of these evidence items, those under no restriction. */
  async unrestrictedEvidenceAmong(db: Db, ids: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('evidence_items').select('id').where(evidenceVisibleTo('everyone')).where('id', 'in', ids.slice(i, i + 500)).execute();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  /** Evidence items under no restriction received in (since, until]. */
  async unrestrictedEvidenceReceived(db: Db, since: string | null, until: string): Promise<string[]> {
    let query = db.selectFrom('evidence_items').select('id').where(evidenceVisibleTo('everyone')).where('received_at', '<=', until);
    if (since) query = query.where('received_at', '>', since);
    return (await query.orderBy('received_at').orderBy('id').execute()).map((r) => r.id);
  }

  /** The newest entry held of a peer's chain. */
  async foreignLast(db: Db, origin: string): Promise<{ seq: number; hash: string } | undefined> {
    const row = await db.selectFrom('sync_foreign_ledger').select(['seq', 'hash']).where('origin_instance', '=', origin).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row && { seq: Number(row.seq), hash: row.hash };
  }

  /** The hashes held of a peer's entries from..to, by seq. */
  async foreignHashes(db: Db, origin: string, from: number, to: number): Promise<Map<number, string>> {
    const rows = await db.selectFrom('sync_foreign_ledger').select(['seq', 'hash']).where('origin_instance', '=', origin).where('seq', '>=', from).where('seq', '<=', to).execute();
    return new Map(rows.map((r) => [Number(r.seq), r.hash]));
  }

  async appendForeign(db: Db, rows: readonly Selectable<SyncForeignLedgerTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('sync_foreign_ledger').values(rows.slice(i, i + 200)).execute();
  }

  /** A peer's chain as held, oldest first, as the entries were received. */
  async foreignEntries(db: Db, origin: string): Promise<unknown[]> {
    const rows = await db.selectFrom('sync_foreign_ledger').select('entry').where('origin_instance', '=', origin).orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.entry) as unknown);
  }

  /** The bundle sent to a peer over the network and not yet confirmed received, if any. */
  async unconfirmed(db: Db, peer: string): Promise<SyncUnconfirmedRow | undefined> {
    return db.selectFrom('sync_unconfirmed').selectAll().where('peer_instance_id', '=', peer).executeTakeFirst();
  }

  /** Fails (primary key) when the peer already has one: there is never more than one bundle in flight per peer. */
  async holdUnconfirmed(db: Db, row: SyncUnconfirmedRow): Promise<void> {
    await db.insertInto('sync_unconfirmed').values(row).execute();
  }

  /** The peer has the bundle: forget its bytes. False when it was not the one in flight (confirmed before, or unknown). */
  async confirm(db: Db, peer: string, bundleId: string): Promise<boolean> {
    const result = await db.deleteFrom('sync_unconfirmed').where('peer_instance_id', '=', peer).where('bundle_id', '=', bundleId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Whether a bundle was exported to the peer (to tell an acknowledgement repeated from one for an unknown bundle). */
  async exportedTo(db: Db, peer: string, bundleId: string): Promise<boolean> {
    const row = await db.selectFrom('sync_bundles').select('bundle_id').where('bundle_id', '=', bundleId).where('direction', '=', 'exported').where('peer_instance_id', '=', peer).executeTakeFirst();
    return row !== undefined;
  }
}

function sealedOf(ciphertext: string | null, iv: string | null, tag: string | null, wrappedKey: string | null, keyId: string | null): Sealed | null {
  return ciphertext !== null && iv !== null && tag !== null && wrappedKey !== null && keyId !== null ? { ciphertext, iv, tag, wrappedKey, keyId } : null;
}
