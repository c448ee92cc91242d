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

  async state(db: Db, peer: string, type: SyncRecordType, ids: readonly string[]): Promise<Map<string, ExchangedState>> {
    const out = new Map<string, ExchangedState>();
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

  private toState(row: Selectable<SyncStateTable>): ExchangedState {
    const sealed = row.payload !== null && row.iv !== null && row.tag !== null && row.wrapped_key !== null && row.key_id !== null;
    return {
      direction: row.direction === 'received' ? 'received' : 'sent',
      localVersion: Number(row.local_version),
      dataHash: row.data_hash,
      bundleId: row.bundle_id,
      exchangedAt: row.exchanged_at,
      ...(sealed && {
        data: JSON.parse(this.cipher.open({ ciphertext: row.payload!, iv: row.iv!, tag: row.tag!, wrappedKey: row.wrapped_key!, keyId: row.key_id! }, stateContext(row.peer_instance_id, row.record_type, row.record_id))) as unknown,
      }),
    };
  }

  /** Record (or replace) what was exchanged about a record; `data` is sealed before it is written. */
  async saveState(db: Db, peer: string, type: SyncRecordType, id: string, state: ExchangedState): Promise<void> {
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
    };
    await db
      .insertInto('sync_state')
      .values({ peer_instance_id: peer, record_type: type, record_id: id, ...values })
      .onConflict((oc) => oc.columns(['peer_instance_id', 'record_type', 'record_id']).doUpdateSet(values))
      .execute();
  }

  /** Key rotation: every sealed base re-sealed under the new master key (they are few: one per record and peer). */
  async resealAll(db: Db, keyring: MasterKeyring, to: MasterKey): Promise<number> {
    const rows = await db.selectFrom('sync_state').selectAll().where('key_id', 'is not', null).where('key_id', '<>', to.id).execute();
    let changed = 0;
    for (const row of rows) {
      const context = stateContext(row.peer_instance_id, row.record_type, row.record_id);
      const plaintext = openRecord({ ciphertext: row.payload!, iv: row.iv!, tag: row.tag!, wrappedKey: row.wrapped_key!, keyId: row.key_id! }, context, keyring);
      const sealed = sealRecord(plaintext, context, to);
      const result = await db
        .updateTable('sync_state')
        .set({ payload: sealed.ciphertext, iv: sealed.iv, tag: sealed.tag, wrapped_key: sealed.wrappedKey, key_id: sealed.keyId })
        .where('peer_instance_id', '=', row.peer_instance_id)
        .where('record_type', '=', row.record_type)
        .where('record_id', '=', row.record_id)
        .where('key_id', '=', row.key_id)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  async findBundle(db: Db, bundleId: string, direction: 'exported' | 'imported'): Promise<SyncBundleRow | undefined> {
    return db.selectFrom('sync_bundles').selectAll().where('bundle_id', '=', bundleId).where('direction', '=', direction).executeTakeFirst();
  }

  /** The newest bundle exported to a peer: where `--since last` continues. */
  async lastExport(db: Db, peer: string): Promise<SyncBundleRow | undefined> {
    return db.selectFrom('sync_bundles').selectAll().where('peer_instance_id', '=', peer).where('direction', '=', 'exported').orderBy('recorded_at', 'desc').orderBy('until', 'desc').limit(1).executeTakeFirst();
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
