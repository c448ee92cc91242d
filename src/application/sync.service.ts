import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { principalMay } from '../core/access-control.js';
import { DomainError, notFound } from '../core/errors.js';
import { isAcceptedMediaType } from '../core/evidence/evidence.js';
import { dataOf } from '../core/incident-diff.js';
import { incidentInputSchema, type IncidentData } from '../core/incident.schema.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { ChainVerifier, checkHead, GENESIS_HASH, publishEntry, type LedgerEntry } from '../core/ledger/hash-chain.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  bundleChangesSchema,
  countsOf,
  instanceNameSchema,
  SYNC_OUTCOMES,
  type BundleChanges,
  type EvidenceChange,
  type ForeignLedgerEntry,
  type IncidentChange,
  type SyncOutcome,
} from '../core/sync/bundle.js';
import { alignSensitive, withoutSensitive } from '../core/sync/exchange.js';
import { formatIdentityBlock, parseIdentityBlock } from '../core/sync/identity-block.js';
import { keyIdOf, ledgerCrypto } from '../infrastructure/ledger-keys.js';
import { openBundle, readBundleHeader, sealBundle } from '../infrastructure/sync-bundle-crypto.js';
import { instanceIdOf, publicKeyFromLine, publicKeyLine } from '../infrastructure/sync-keys.js';
import type { Db } from '../store/database.js';
import type { SyncPeerRow } from '../store/sync.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { readCheckedEvidenceFile, receiveSyncedEvidence } from './evidence.service.js';
import { insertNewIncident } from './incident.service.js';
import { mergeIncidentChange } from './incident-merge.service.js';
import { appendToLedger, disclosurePolicy } from './ledger.service.js';

/**
 * Sync between Haven instances — a field office's (SQLite on a laptop) and headquarters' (PostgreSQL) — by signed and
 * encrypted bundles carried across an air gap. What travels, and what never does:
 *
 * - incidents under no restriction at all, as the exporting user reads them: with sensitive details only if that user
 *   has `incident:read_sensitive` (inside the bundle's encryption only; the receiver seals them with its own keys).
 *   A restricted incident never travels, whoever exports: the receiving side's users are not those it was granted to.
 * - evidence items under no restriction (if the user has `evidence:read`), with their original and working files,
 *   linked only to incidents that travel; each file's SHA-256 is checked on both sides.
 * - the exporter's ledger entries since those last sent to that peer (if the user has `ledger:read`), each with its
 *   payload only where the user may read it and its record is unrestricted. The receiver keeps them as the sender's
 *   own chain, verified link by link, and adds one entry to its own ledger naming the bundle and the sender's head.
 *
 * Each incident travels with its base (the data last exchanged with that peer, src/core/sync/exchange.ts) and is merged
 * with `mergeIncidentChange` under the same rules as any other change made elsewhere. Verification status, cases,
 * force requests and restrictions themselves do not travel.
 */

export interface InstanceIdentity {
  name: string;
  instanceId: string;
  signingPublicKeyPem: string;
  receivingPublicKeyPem: string;
}

export function instanceIdentity(ctx: AppContext): InstanceIdentity {
  return { name: ctx.instanceName, instanceId: instanceIdOf(ctx.ledgerKey.publicKeyPem), signingPublicKeyPem: ctx.ledgerKey.publicKeyPem, receivingPublicKeyPem: ctx.syncKey.publicKeyPem };
}

/** The identity block to hand to the operator of another instance. */
export function identityBlock(ctx: AppContext): string {
  const identity = instanceIdentity(ctx);
  return formatIdentityBlock({ name: identity.name, instanceId: identity.instanceId, signingKey: publicKeyLine(identity.signingPublicKeyPem), receivingKey: publicKeyLine(identity.receivingPublicKeyPem) });
}

export interface SyncPeer {
  name: string;
  instanceId: string;
  addedBy: string;
  addedAt: string;
}

const toPeer = (row: SyncPeerRow): SyncPeer => ({ name: row.name, instanceId: row.instance_id, addedBy: row.added_by, addedAt: row.added_at });
const invalid = (path: string, code: string, message: string) => new DomainError('validation_failed', message, [{ path, code, message }]);

/** Register another instance from its identity block, under a name of the operator's choosing (default: its own). */
export async function addPeer(ctx: AppContext, actor: Actor, input: { name?: string | undefined; block: string }): Promise<SyncPeer> {
  requirePermission(actor, 'user:manage');
  const block = parseIdentityBlock(input.block);
  const named = instanceNameSchema.safeParse(input.name ?? block.name);
  if (!named.success) throw invalid('name', 'invalid_name', `peer name: ${named.error.issues[0]!.message}`);
  const signing = publicKeyFromLine(block.signingKey, 'ed25519');
  const receiving = publicKeyFromLine(block.receivingKey, 'x25519');
  if (!signing) throw invalid('signingKey', 'invalid_key', 'the signing key is not an Ed25519 public key');
  if (!receiving) throw invalid('receivingKey', 'invalid_key', 'the receiving key is not an X25519 public key');
  if (instanceIdOf(signing) !== block.instanceId) throw invalid('instanceId', 'id_mismatch', `the instance id ${block.instanceId} does not belong to the signing key given (it would be ${instanceIdOf(signing)}): the block was altered or mistyped`);
  if (block.instanceId === instanceIdentity(ctx).instanceId) throw invalid('instanceId', 'own_identity', 'this is the identity of this instance itself');
  const db = ctx.store.connection.db;
  return db.transaction().execute(async (trx) => {
    const byName = await ctx.store.sync.peerByName(trx, named.data);
    if (byName) throw new DomainError('conflict', `a peer named ${named.data} is already registered (instance ${byName.instance_id})`, [{ path: 'name', code: 'name_taken', message: 'already registered' }]);
    const byInstance = await ctx.store.sync.peerByInstance(trx, block.instanceId);
    if (byInstance) throw new DomainError('conflict', `instance ${block.instanceId} is already registered as ${byInstance.name}`, [{ path: 'instanceId', code: 'already_registered', message: `registered as ${byInstance.name}` }]);
    const row: SyncPeerRow = { name: named.data, instance_id: block.instanceId, signing_public_key: signing, receiving_public_key: receiving, added_by: actor.username, added_at: ctx.now().toISOString(), acknowledged_sequence: 0 };
    await ctx.store.sync.addPeer(trx, row);
    await ctx.store.audit.append(trx, { at: row.added_at, userId: actor.id, action: 'sync.peer_add', entityType: 'sync_peer', entityId: block.instanceId, changes: { name: { before: null, after: row.name } } });
    return toPeer(row);
  });
}

export async function listPeers(ctx: AppContext, actor: Actor): Promise<SyncPeer[]> {
  requirePermission(actor, 'user:manage');
  return (await ctx.store.sync.peers(ctx.store.connection.db)).map(toPeer);
}

async function peerNamed(ctx: AppContext, db: Db, name: string): Promise<SyncPeerRow> {
  const peer = await ctx.store.sync.peerByName(db, name);
  if (!peer) throw notFound('sync peer', name);
  return peer;
}

const sha256Of = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** `last`, or an ISO 8601 time. */
const sinceSchema = z.union([z.literal('last'), z.iso.datetime({ offset: true })]);

export interface ExportReport {
  bundleId: string;
  /** Its number in this instance's series of bundles for the peer. */
  sequence: number;
  /** The highest number of the peer's bundles imported here, acknowledged to it by this bundle (0: none). */
  acknowledges: number;
  /** The highest number of this instance's bundles the peer has acknowledged: `since last` continues after it. */
  acknowledgedByPeer: number;
  /** Records sent before in bundles the peer has not acknowledged, carried again in this one. */
  carriedAgain: number;
  to: { name: string; instanceId: string };
  since: string | null;
  until: string;
  sensitiveIncluded: boolean;
  incidents: number;
  evidence: number;
  ledgerEntries: number;
  /** Records left out, and why (a stored file that no longer matches its hash). */
  skipped: { type: 'evidence'; id: string; reason: string }[];
  /** Incidents changed since the last exchange that wait here: a conflict on them is open. */
  heldBack: { type: 'incident'; id: string; reason: string }[];
  sha256: string;
  bytes: number;
}

export interface SyncProgress {
  done: number;
  total: number;
}

/**
 * Everything changed since the cursor that the user may see and that may travel, as one bundle for the peer. The
 * exchange is recorded per record (the base of the next change) and the bundle with its number, in the same
 * transaction as the reads.
 *
 * `since: 'last'` continues after the last bundle the peer has **acknowledged** (not the last one made), and every
 * record sent in a bundle the peer has not acknowledged travels again, against the last data the peer is known to hold:
 * a bundle lost for good is made good by the next one (the receiver's merge takes a change it already holds as
 * unchanged). The bundle in turn acknowledges the peer's bundles imported here.
 */
export async function exportBundle(
  ctx: AppContext,
  actor: Actor,
  input: { peer: string; since: string; /** Sent over the network: kept until the peer confirms it (sync-network.service.ts). */ holdUntilConfirmed?: boolean },
  onProgress?: (p: SyncProgress) => void,
): Promise<{ bundle: Buffer; report: ExportReport }> {
  requirePermission(actor, 'incident:read');
  const sinceInput = sinceSchema.safeParse(input.since);
  if (!sinceInput.success) throw invalid('since', 'invalid_since', "--since must be 'last' or an ISO 8601 time (2025-03-01T00:00:00Z)");
  const includeSensitive = principalMay(actor, 'incident:read_sensitive');
  const self = instanceIdentity(ctx);
  const bundleId = randomUUID();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const { sync, incidents, evidence, ledger } = ctx.store;
    const peer = await peerNamed(ctx, trx, input.peer);
    const acknowledgedByPeer = Number(peer.acknowledged_sequence);
    const acknowledgedBundle = acknowledgedByPeer > 0 ? await sync.exportedBySequence(trx, peer.instance_id, acknowledgedByPeer) : undefined;
    const sequence = (await sync.lastSequence(trx, peer.instance_id, 'exported')) + 1;
    const acknowledges = await sync.lastSequence(trx, peer.instance_id, 'imported');
    const until = ctx.now().toISOString();
    const since = sinceInput.data === 'last' ? (acknowledgedBundle?.until ?? null) : new Date(sinceInput.data).toISOString();

    // Changed since the cursor, and whatever went in bundles the peer has not acknowledged (changed before it or not).
    const unacknowledgedIncidents = await sync.unacknowledged(trx, peer.instance_id, 'incident');
    const changedIncidents = unionById(await sync.unrestrictedIncidentsChanged(trx, since, until), await sync.unrestrictedIncidentsAmong(trx, unacknowledgedIncidents));
    const evidenceIds = principalMay(actor, 'evidence:read')
      ? [...new Set([...(await sync.unrestrictedEvidenceReceived(trx, since, until)), ...(await sync.unrestrictedEvidenceAmong(trx, await sync.unacknowledged(trx, peer.instance_id, 'evidence')))])]
      : [];
    const total = changedIncidents.length + evidenceIds.length;
    let done = 0;
    let carriedAgain = 0;
    onProgress?.({ done, total });

    const heldBack: ExportReport['heldBack'] = [];
    const changes: BundleChanges = { sensitiveIncluded: includeSensitive, incidents: [], evidence: [], files: [], ledger: { publicKeys: {}, entries: [], head: null } };
    for (let i = 0; i < changedIncidents.length; i += 200) {
      const batch = changedIncidents.slice(i, i + 200);
      const states = await sync.state(trx, peer.instance_id, 'incident', batch.map((b) => b.id));
      const openConflicts = await ctx.store.incidentHistory.openConflictCounts(trx, batch.map((b) => b.id));
      for (const incident of await incidents.load(trx, batch.map((b) => b.seq), true)) {
        const full = dataOf(incident);
        const hash = sha256Of(full);
        const state = states.get(incident.id);
        // The peer holds it as it is now: nothing to send. Sent but not acknowledged: sent again, whatever it holds.
        if (state?.acknowledged && state.dataHash === hash) continue;
        // A field changed on both sides waits for the person resolving it here: sent now, the held value would overwrite
        // the other side's without a flag there. It travels once resolved (its next export).
        const open = openConflicts.get(incident.id) ?? 0;
        if (open > 0) {
          heldBack.push({ type: 'incident', id: incident.id, reason: `${open} field${open === 1 ? '' : 's'} changed on both sides wait${open === 1 ? 's' : ''} to be resolved here` });
          continue;
        }
        const base = (state?.acknowledgedData as IncidentData | undefined) ?? null;
        if (state && !state.acknowledged) carriedAgain++;
        changes.incidents.push({
          id: incident.id,
          version: incident.version,
          base: base && (includeSensitive ? base : withoutSensitive(base)),
          proposed: includeSensitive ? full : withoutSensitive(full),
        });
        await sync.saveSent(trx, peer.instance_id, 'incident', incident.id, { direction: 'sent', localVersion: incident.version, dataHash: hash, bundleId, exchangedAt: until, data: full }, sequence);
      }
      done += batch.length;
      onProgress?.({ done, total });
    }

    const files = new Map<string, Buffer>();
    const skipped: ExportReport['skipped'] = [];
    const evidenceStates = await sync.state(trx, peer.instance_id, 'evidence', evidenceIds);
    const links = await evidence.incidentsOf(trx, evidenceIds, 'everyone');
    for (const id of evidenceIds) {
      done++;
      const row = await evidence.find(trx, id, audienceOf(actor));
      const state = evidenceStates.get(id);
      if (!row || state?.acknowledged) continue;
      if (state) carriedAgain++;
      const original = await readCheckedEvidenceFile(ctx, 'originals', row.sha256);
      const working = row.working_sha256 ? await readCheckedEvidenceFile(ctx, 'working', row.working_sha256) : undefined;
      if (!original || (row.working_sha256 && !working)) {
        skipped.push({ type: 'evidence', id, reason: 'a stored file is missing or no longer matches its hash: run haven evidence verify' });
        continue;
      }
      files.set(row.sha256, original);
      if (working && row.working_sha256) files.set(row.working_sha256, working);
      changes.evidence.push({
        id,
        sha256: row.sha256,
        sizeBytes: Number(row.size_bytes),
        mediaType: row.media_type,
        originalName: row.original_name,
        description: row.description,
        source: row.source,
        location: row.location,
        capture: JSON.parse(row.capture) as Record<string, unknown>,
        working: row.working_sha256 && working ? { sha256: row.working_sha256, sizeBytes: working.length } : null,
        workingNote: row.working_note,
        receivedAt: row.received_at,
        receivedBy: row.received_by_name,
        // Unrestricted incidents only; the receiver links those it holds.
        incidentIds: links.get(id) ?? [],
      });
      await sync.saveSent(trx, peer.instance_id, 'evidence', id, { direction: 'sent', localVersion: 1, dataHash: row.sha256, bundleId, exchangedAt: until }, sequence);
      onProgress?.({ done, total });
    }
    changes.files = [...files].map(([sha256, bytes]) => ({ sha256, sizeBytes: bytes.length }));

    // The ledger from the entry after the last one the peer acknowledged (or earlier, when asked for an earlier time):
    // the receiver accepts entries it holds again, so a lost bundle leaves no gap in the chain.
    let ledgerToSeq = acknowledgedBundle?.ledger_to_seq ?? 0;
    if (principalMay(actor, 'ledger:read')) {
      const head = await ledger.head(trx);
      let fromSeq = ledgerToSeq + 1;
      if (sinceInput.data !== 'last') fromSeq = Math.min(fromSeq, await firstLedgerSeqAfter(trx, since));
      const disclose = disclosurePolicy(ctx, actor, trx);
      const restrictedHere = async (entry: LedgerEntry) => {
        const named = [...new Set([entry.subjectId, ...(JSON.stringify(entry.disclosure?.payload ?? null).match(UUID) ?? [])])];
        return (await ctx.store.restrictions.hiddenAmong(trx, named, 'everyone')).size > 0;
      };
      for await (const entry of ledger.entries(trx, fromSeq, head?.size ?? 0)) {
        const shown = (await disclose(entry)) && !(await restrictedHere(entry));
        changes.ledger.entries.push(publishEntry(entry, shown));
        ledgerToSeq = entry.seq;
      }
      changes.ledger.publicKeys = Object.fromEntries(await ledger.keys(trx));
      changes.ledger.head = head ?? null;
    }

    const bundle = sealBundle(
      { format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, bundleId, from: { instanceId: self.instanceId, name: self.name }, to: { instanceId: peer.instance_id }, createdAt: until, since, until, sequence, acknowledges, counts: countsOf(changes) },
      { changes, files: [...files.values()] },
      { signingKey: ctx.ledgerKey.privateKey, recipientPublicKeyPem: peer.receiving_public_key },
    );
    const sha256 = createHash('sha256').update(bundle).digest('hex');
    const report: ExportReport = {
      bundleId,
      sequence,
      acknowledges,
      acknowledgedByPeer,
      carriedAgain,
      to: { name: peer.name, instanceId: peer.instance_id },
      since,
      until,
      sensitiveIncluded: includeSensitive,
      incidents: changes.incidents.length,
      evidence: changes.evidence.length,
      ledgerEntries: changes.ledger.entries.length,
      skipped,
      heldBack,
      sha256,
      bytes: bundle.length,
    };
    // In the same transaction as the records marked sent: if another bundle for this peer is still in flight, this
    // fails and nothing of this export remains.
    if (input.holdUntilConfirmed) await sync.holdUnconfirmed(trx, { peer_instance_id: peer.instance_id, bundle_id: bundleId, bundle: bundle.toString('base64'), made_at: until });
    await sync.recordBundle(trx, { bundle_id: bundleId, direction: 'exported', peer_instance_id: peer.instance_id, sha256, created_at: until, since, until, ledger_to_seq: ledgerToSeq, sequence, acknowledges, recorded_at: until, recorded_by: actor.username, report: JSON.stringify(report) });
    await ctx.store.audit.append(trx, {
      at: until,
      userId: actor.id,
      action: 'sync.export',
      entityType: 'sync_bundle',
      entityId: bundleId,
      changes: { to: { before: null, after: peer.name }, counts: { before: null, after: countsOf(changes) }, sensitiveIncluded: { before: null, after: includeSensitive }, sha256: { before: null, after: sha256 } },
    });
    return { bundle, report };
  });
}

/** Two lists of incidents as one, each once, in the first one's order then the second's. */
function unionById(first: { seq: number; id: string }[], second: { seq: number; id: string }[]): { seq: number; id: string }[] {
  const seen = new Set(first.map((i) => i.id));
  return [...first, ...second.filter((i) => !seen.has(i.id))];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

async function firstLedgerSeqAfter(db: Db, since: string | null): Promise<number> {
  if (!since) return 1;
  const row = await db.selectFrom('ledger_entries').select('seq').where('at', '>', since).orderBy('seq').limit(1).executeTakeFirst();
  return row ? Number(row.seq) : Number.MAX_SAFE_INTEGER;
}

export interface SyncRecordResult {
  type: 'incident' | 'evidence';
  id: string;
  outcome: SyncOutcome;
  /** Why it was refused or is in conflict. */
  reason?: string;
  /** The fields taken (merged) or in conflict. */
  fields?: string[];
}

export interface ImportReport {
  bundleId: string;
  sha256: string;
  from: { name: string; instanceId: string };
  createdAt: string;
  /** Its number in the sender's series of bundles for this instance. */
  sequence: number;
  /** True when this bundle had been imported before: nothing was written this time. */
  alreadyImported: boolean;
  /**
   * True when a later bundle from the same sender was imported before this one: it carried everything this one does
   * (a bundle carries again all the receiver has not acknowledged), so nothing was written.
   */
  superseded: boolean;
  /** The sender's bundles between the last imported here and this one that never arrived (null: none missing). */
  missing: { first: number; last: number } | null;
  counts: Record<SyncOutcome, number>;
  records: SyncRecordResult[];
  ledger: { received: number; appended: number; senderHead: { seq: number; hash: string } | null };
  /** The entry of this instance's own ledger that records the import. */
  crossReference: { seq: number; hash: string } | null;
}

const countOutcomes = (records: readonly SyncRecordResult[]) => Object.fromEntries(SYNC_OUTCOMES.map((o) => [o, records.filter((r) => r.outcome === o).length])) as Record<SyncOutcome, number>;
const refusedBundle = (code: string, message: string) => new DomainError('validation_failed', `bundle refused: ${message}`, [{ path: 'bundle', code, message }]);

/**
 * The sender's entries set against its chain as held here: they must continue it (or repeat its end exactly) and
 * verify link by link with the sender's keys. Returns the entries not yet held; throws when the chain is broken, so
 * the whole bundle is refused before anything is written.
 */
async function checkForeignChain(ctx: AppContext, db: Db, origin: string, ledger: BundleChanges['ledger']): Promise<{ fresh: ForeignLedgerEntry[]; senderHead: { seq: number; hash: string } | null }> {
  const held = await ctx.store.sync.foreignLast(db, origin);
  const entries = ledger.entries;
  const heldHead = held ?? null;
  if (entries.length === 0) return { fresh: [], senderHead: heldHead };
  const first = entries[0]!.seq;
  const heldSeq = held?.seq ?? 0;
  if (first > heldSeq + 1) {
    throw refusedBundle('ledger_gap', `the sender's ledger entries start at ${first}, but only entries up to ${heldSeq} were received before: a bundle in between is missing (import it first, or have the sender export again with an earlier --since)`);
  }
  const known = await ctx.store.sync.foreignHashes(db, origin, Math.max(first - 1, 1), heldSeq);
  const startHash = first === 1 ? GENESIS_HASH : known.get(first - 1);
  if (startHash === undefined) throw refusedBundle('ledger_gap', `entry ${first - 1} of the sender's chain is not held here`);
  const verifier = new ChainVerifier(ledgerCrypto(undefined, new Map(Object.entries(ledger.publicKeys))), startHash, first);
  for (const entry of entries) {
    if (!verifier.check(entry as unknown as LedgerEntry)) break;
    const heldHash = known.get(entry.seq);
    if (heldHash !== undefined && heldHash !== entry.hash) throw refusedBundle('ledger_rewritten', `entry ${entry.seq} of the sender's chain differs from the one received before: the sender's ledger was rewritten`);
  }
  const result = verifier.result();
  if (!result.ok) throw refusedBundle('ledger_broken', `the sender's ledger chain is broken at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}`);
  const last = entries.at(-1)!;
  if (ledger.head && ledger.head.size === last.seq) {
    const head = checkHead(ledger.head, { seq: last.seq, hash: last.hash }, ledgerCrypto(undefined, new Map(Object.entries(ledger.publicKeys))));
    if (!head.ok) throw refusedBundle('ledger_head', `the sender's signed head does not match its chain: ${head.reason}`);
  }
  return { fresh: entries.filter((e) => e.seq > heldSeq), senderHead: { seq: last.seq, hash: last.hash } };
}

/**
 * Verify, decrypt and merge a bundle from a registered peer. Nothing is written unless the signature, the addressee,
 * the decryption and the sender's ledger chain all check out. Records are then applied a batch per transaction, each
 * in a savepoint of its own, so a record refused or in conflict is reported and rolls back nothing else.
 */
export async function importBundle(ctx: AppContext, actor: Actor, bytes: Buffer, onProgress?: (p: SyncProgress) => void): Promise<ImportReport> {
  requirePermission(actor, 'incident:write');
  const db = ctx.store.connection.db;
  const claimed = readBundleHeader(bytes);
  const self = instanceIdentity(ctx);
  if (claimed.from.instanceId === self.instanceId) throw refusedBundle('own_bundle', 'it was made by this instance');
  const peer = await ctx.store.sync.peerByInstance(db, claimed.from.instanceId);
  if (!peer) {
    throw refusedBundle('unknown_sender', `it comes from instance ${claimed.from.instanceId} ("${claimed.from.name}"), which is not a registered peer: register it with haven sync peers add, from its identity block`);
  }
  if (claimed.to.instanceId !== self.instanceId) throw refusedBundle('not_addressed_here', `it is addressed to instance ${claimed.to.instanceId}, not to this one (${self.instanceId})`);
  const opened = openBundle(bytes, { senderSigningPublicKeyPem: peer.signing_public_key, recipientPrivateKey: ctx.syncKey.privateKey });
  const parsed = bundleChangesSchema.safeParse(opened.changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refusedBundle('bundle_malformed', `its contents are not valid (${issue.path.join('.')}: ${issue.message})`);
  }
  const changes = parsed.data;
  const { header } = opened;
  if (canonicalJson(countsOf(changes)) !== canonicalJson(header.counts) || opened.files.length !== changes.files.length) throw refusedBundle('bundle_malformed', 'its contents do not match the counts in its header');
  const base = { bundleId: header.bundleId, sha256: opened.sha256, from: { name: peer.name, instanceId: peer.instance_id }, createdAt: header.createdAt };

  const earlier = await ctx.store.sync.findBundle(db, header.bundleId, 'imported');
  if (earlier) {
    const report = JSON.parse(earlier.report) as ImportReport;
    return { ...report, alreadyImported: true };
  }
  const lastImported = await ctx.store.sync.lastSequence(db, peer.instance_id, 'imported');
  if (header.sequence <= lastImported) {
    // Older than one already imported, which carried all of it again: importing it now would set the sender's own
    // older values against its newer ones. Nothing to do; not an error (a lost stick found again, a pull repeated).
    return {
      ...base,
      sequence: header.sequence,
      alreadyImported: false,
      superseded: true,
      missing: null,
      counts: countOutcomes([]),
      records: [],
      ledger: { received: changes.ledger.entries.length, appended: 0, senderHead: null },
      crossReference: null,
    };
  }
  // The sender cannot acknowledge a bundle this instance never made: believing it would stop sending what it carried.
  const lastExported = await ctx.store.sync.lastSequence(db, peer.instance_id, 'exported');
  if (header.acknowledges > lastExported) throw refusedBundle('unknown_acknowledgement', `it acknowledges bundle ${header.acknowledges} from this instance, but only ${lastExported} were made for ${peer.name}`);
  const missing = header.sequence > lastImported + 1 ? { first: lastImported + 1, last: header.sequence - 1 } : null;
  // Checked before any record is written: a broken chain refuses the whole bundle.
  await checkForeignChain(ctx, db, peer.instance_id, changes.ledger);

  const files = new Map<string, Buffer>();
  changes.files.forEach((manifest, index) => {
    const file = opened.files[index]!;
    if (createHash('sha256').update(file).digest('hex') === manifest.sha256 && file.length === manifest.sizeBytes) files.set(manifest.sha256, file);
  });

  const origin = `sync:${peer.name}`;
  const records: SyncRecordResult[] = [];
  const total = changes.incidents.length + changes.evidence.length;
  // Incidents first: evidence links to the incidents it arrives with.
  const work: ((trx: Db) => Promise<SyncRecordResult>)[] = [
    ...changes.incidents.map((change) => (trx: Db) => applyIncident(ctx, trx, actor, peer, header.bundleId, change, changes.sensitiveIncluded, origin)),
    ...changes.evidence.map((item) => (trx: Db) => applyEvidence(ctx, trx, actor, peer, { bundleId: header.bundleId, sha256: opened.sha256 }, item, files)),
  ];
  onProgress?.({ done: 0, total });
  for (let i = 0; i < work.length; i += 100) {
    const trx = await db.startTransaction().execute();
    try {
      for (const [offset, step] of work.slice(i, i + 100).entries()) {
        const savepoint = `r${offset}`;
        const inner = await trx.savepoint(savepoint).execute();
        try {
          const result = await step(inner);
          // A refused record leaves nothing behind; a conflict keeps what the merge stored (the applied fields and the
          // flagged ones), which is how a person finds and resolves it.
          if (result.outcome === 'refused') await inner.rollbackToSavepoint(savepoint).execute();
          else await inner.releaseSavepoint(savepoint).execute();
          records.push(result);
        } catch (error) {
          await inner.rollbackToSavepoint(savepoint).execute();
          throw error;
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx.rollback().execute();
      throw error;
    }
    onProgress?.({ done: Math.min(i + 100, work.length), total });
  }

  return db.transaction().execute(async (trx) => {
    // Checked again where it is written: another import of the same sender may have come in between.
    const { fresh, senderHead } = await checkForeignChain(ctx, trx, peer.instance_id, changes.ledger);
    const receivedAt = ctx.now().toISOString();
    await ctx.store.sync.appendForeign(
      trx,
      fresh.map((entry) => ({ origin_instance: peer.instance_id, seq: entry.seq, hash: entry.hash, prev_hash: entry.prevHash, entry: JSON.stringify(entry), bundle_id: header.bundleId, received_at: receivedAt })),
    );
    const counts = countOutcomes(records);
    // What this instance's bundles up to the acknowledged one carried is held there: no need to send it again.
    await ctx.store.sync.acknowledge(trx, peer.instance_id, header.acknowledges);
    const crossReference = await appendToLedger(ctx, trx, {
      kind: 'sync.bundle_imported',
      subjectId: header.bundleId,
      actor: { id: actor.id, name: actor.username, role: actor.role },
      payload: { fromInstance: peer.instance_id, peer: peer.name, bundleSha256: opened.sha256, bundleCreatedAt: header.createdAt, bundleSequence: header.sequence, acknowledges: header.acknowledges, senderChainHead: senderHead, counts },
    });
    const report: ImportReport = {
      ...base,
      sequence: header.sequence,
      alreadyImported: false,
      superseded: false,
      missing,
      counts,
      records,
      ledger: { received: changes.ledger.entries.length, appended: fresh.length, senderHead },
      crossReference: { seq: crossReference.seq, hash: crossReference.hash },
    };
    await ctx.store.sync.recordBundle(trx, {
      bundle_id: header.bundleId,
      direction: 'imported',
      peer_instance_id: peer.instance_id,
      sha256: opened.sha256,
      created_at: header.createdAt,
      since: header.since,
      until: header.until,
      ledger_to_seq: senderHead?.seq ?? 0,
      sequence: header.sequence,
      acknowledges: header.acknowledges,
      recorded_at: receivedAt,
      recorded_by: actor.username,
      report: JSON.stringify(report),
    });
    await ctx.store.audit.append(trx, {
      at: receivedAt,
      userId: actor.id,
      action: 'sync.import',
      entityType: 'sync_bundle',
      entityId: header.bundleId,
      changes: { from: { before: null, after: peer.name }, counts: { before: null, after: counts }, sha256: { before: null, after: opened.sha256 } },
    });
    return report;
  });
}

function parseIncidentData(value: unknown, what: string): { data: IncidentData } | { reason: string } {
  const parsed = incidentInputSchema.safeParse(value);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { reason: `${what} is not a valid incident (${issue.path.join('.') || 'record'}: ${issue.message})` };
}

async function applyIncident(ctx: AppContext, trx: Db, actor: Actor, peer: SyncPeerRow, bundleId: string, change: IncidentChange, sensitiveIncluded: boolean, origin: string): Promise<SyncRecordResult> {
  const result = (outcome: SyncOutcome, extra: Omit<SyncRecordResult, 'type' | 'id' | 'outcome'> = {}): SyncRecordResult => ({ type: 'incident', id: change.id, outcome, ...extra });
  const proposed = parseIncidentData(change.proposed, 'the proposed data');
  if ('reason' in proposed) return result('refused', { reason: proposed.reason });
  const base = change.base === null ? null : parseIncidentData(change.base, 'the base data');
  if (base && 'reason' in base) return result('refused', { reason: base.reason });
  const { incidents, sync } = ctx.store;
  const at = ctx.now().toISOString();
  // What the peer holds now is its proposal: that is the base of the next change either way. (Not what is held here
  // after the merge: fields changed only here would then look already exchanged and never travel back.)
  const remember = async (seq: number, peerHolds: IncidentData) => {
    const [held] = await incidents.load(trx, [seq], true);
    await sync.saveReceived(trx, peer.instance_id, 'incident', change.id, { direction: 'received', localVersion: held!.version, dataHash: sha256Of(peerHolds), bundleId, exchangedAt: at, data: peerHolds });
  };
  const key = await incidents.findKeyById(trx, change.id, 'system');
  if (!key) {
    // New here: created under the same id, as the sender holds it (its base means nothing here).
    const seq = await insertNewIncident(ctx, trx, actor, change.id, proposed.data, at);
    await remember(seq, proposed.data);
    return result('created');
  }
  if (!(await incidents.findKeyById(trx, change.id, audienceOf(actor)))) return result('refused', { reason: 'the incident is restricted here and hidden from the importing user: sync does not change it' });
  const [held] = await incidents.load(trx, [key.seq], true);
  const heldData = dataOf(held!);
  // Received from this peer and not sent back since: what it sent then is what both hold in common, and at least as
  // recent as the base it names (which may be older: it is the last data it knows this instance acknowledged).
  const known = (await sync.state(trx, peer.instance_id, 'incident', [change.id])).get(change.id);
  const receivedBase = known?.direction === 'received' && known.data !== undefined ? parseIncidentData(known.data, 'the data received before') : null;
  const commonBase = receivedBase && 'data' in receivedBase ? receivedBase.data : (base?.data ?? null);
  const aligned = alignSensitive({ base: commonBase, proposed: proposed.data }, heldData, sensitiveIncluded);
  if (!aligned.base) {
    if (canonicalJson(heldData) === canonicalJson(aligned.proposed)) {
      await remember(key.seq, aligned.proposed);
      return result('unchanged');
    }
    return result('conflict', { reason: `held here and changed by ${peer.name} with no version known to both: resolve it by hand` });
  }
  try {
    const merged = await mergeIncidentChange(ctx, trx, actor, change.id, { base: aligned.base, proposed: aligned.proposed, origin });
    await remember(key.seq, aligned.proposed);
    if (merged.conflicts.length > 0) {
      return result('conflict', { reason: 'changed on both sides: the value held here is kept and both are flagged for a person to resolve here', fields: merged.conflicts.map((c) => c.path) });
    }
    return merged.applied.length > 0 ? result('merged', { fields: merged.applied }) : result('unchanged');
  } catch (error) {
    // Refused (rolled back): e.g. the record changed while being merged; the next import of a bundle brings it again.
    if (error instanceof DomainError) return result('refused', { reason: error.message });
    throw error;
  }
}

async function applyEvidence(ctx: AppContext, trx: Db, actor: Actor, peer: SyncPeerRow, bundle: { bundleId: string; sha256: string }, item: EvidenceChange, files: ReadonlyMap<string, Buffer>): Promise<SyncRecordResult> {
  const result = (outcome: SyncOutcome, reason?: string): SyncRecordResult => ({ type: 'evidence', id: item.id, outcome, ...(reason && { reason }) });
  const remember = () => ctx.store.sync.saveReceived(trx, peer.instance_id, 'evidence', item.id, { direction: 'received', localVersion: 1, dataHash: item.sha256, bundleId: bundle.bundleId, exchangedAt: ctx.now().toISOString() });
  const existing = await ctx.store.evidence.find(trx, item.id, 'system');
  if (existing) {
    if (existing.sha256 !== item.sha256) return result('refused', `an evidence item ${item.id} with another file is held here`);
    await remember();
    return result('unchanged');
  }
  if (!principalMay(actor, 'evidence:write')) return result('refused', 'the importing user may not add evidence (evidence:write)');
  if (!isAcceptedMediaType(item.mediaType)) return result('refused', `${item.mediaType} is not a type accepted as evidence`);
  const original = files.get(item.sha256);
  if (!original) return result('refused', `its file does not match its SHA-256 (${item.sha256}) or is missing from the bundle`);
  const working = item.working ? files.get(item.working.sha256) : undefined;
  if (item.working && !working) return result('refused', `its working copy does not match its SHA-256 (${item.working.sha256}) or is missing from the bundle`);
  const visible = await ctx.store.incidents.visibleIds(trx, item.incidentIds, audienceOf(actor));
  await receiveSyncedEvidence(
    ctx,
    trx,
    actor,
    {
      id: item.id,
      sha256: item.sha256,
      mediaType: item.mediaType,
      originalName: item.originalName,
      description: item.description,
      source: item.source,
      location: item.location,
      capture: item.capture,
      working: item.working && working ? { sha256: item.working.sha256, bytes: working } : null,
      workingNote: item.workingNote,
      incidentIds: item.incidentIds.filter((id) => visible.has(id)),
      provenance: { how: `received from ${peer.name} by bundle`, peer: peer.name, instanceId: peer.instance_id, bundleId: bundle.bundleId, bundleSha256: bundle.sha256, firstReceivedAt: item.receivedAt, firstReceivedBy: item.receivedBy },
    },
    original,
  );
  await remember();
  return result('created');
}

/** The sender's chain as held here, verified link by link from its first entry with the peer's registered key. */
export async function verifyForeignLedger(ctx: AppContext, actor: Actor, peerName: string) {
  requirePermission(actor, 'ledger:read');
  const db = ctx.store.connection.db;
  const peer = await peerNamed(ctx, db, peerName);
  const crypto = ledgerCrypto(undefined, new Map([[keyIdOf(peer.signing_public_key), peer.signing_public_key]]));
  const verifier = new ChainVerifier(crypto, GENESIS_HASH, 1);
  for (const entry of await ctx.store.sync.foreignEntries(db, peer.instance_id)) if (!verifier.check(entry as LedgerEntry)) break;
  return verifier.result();
}
