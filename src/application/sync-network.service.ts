import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hasPermission, type Permission } from '../core/access-control.js';
import { DomainError, notFound } from '../core/errors.js';
import type { SyncImportReport, SyncTransport } from '../core/sync/http.schema.js';
import { readBundleHeader } from '../infrastructure/sync-bundle-crypto.js';
import type { Db } from '../store/database.js';
import type { SyncPeerRow } from '../store/sync.repository.js';
import { API_TOKEN_PREFIX } from './api-token.service.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { exportBundle, importBundle, type ExportReport, type ImportReport, type SyncProgress } from './sync.service.js';

/**
 * Sync over HTTPS: the same signed and encrypted bundles as on a USB stick (sync.service.ts), carried by
 * `GET /api/v1/sync/bundles` (pull), `POST /api/v1/sync/bundles/:id/ack` and `POST /api/v1/sync/bundles` (push).
 *
 * Why nothing is lost when an answer is: exporting marks the records sent to the peer, so a bundle that never arrives
 * would leave them behind. A bundle made for the network is therefore kept (`sync_unconfirmed`, in the export's own
 * transaction) until the peer confirms it — by acknowledging a pulled bundle, or by answering a pushed one with its
 * import report. While one is kept, no new bundle is made for that peer: the same bytes are sent again. Importing is
 * idempotent by bundle id, so a bundle that did arrive but whose confirmation was lost is imported once and confirmed
 * the second time. There is at most one bundle in flight per peer, so bundles still arrive in the order they were made.
 *
 * Calls for one peer are taken one at a time in this process (a duplicated request waits for the first to finish).
 */

/** What a sync token may do at most: exchange, and what exporting and importing need. Narrowed to the user's role. */
export const SYNC_TOKEN_SCOPES: readonly Permission[] = ['sync:exchange', 'incident:read', 'incident:read_sensitive', 'incident:write', 'evidence:read', 'evidence:write', 'ledger:read'];

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const forbidden = (message: string) => new DomainError('forbidden', message);
const invalid = (path: string, code: string, message: string) => new DomainError('validation_failed', message, [{ path, code, message }]);

const tokenInputSchema = z.object({
  peer: z.string().min(1),
  username: z.string().min(1),
  name: z.string().trim().min(1).max(100).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * An API token for a peer to sync with this instance as the named user: bound to the peer (it serves the sync routes
 * only, and only for that peer) and narrowed to SYNC_TOKEN_SCOPES within the user's role. An operator's act (like
 * registering the peer); the secret is returned only here.
 */
export async function createSyncToken(ctx: AppContext, operatorActor: Actor, input: z.input<typeof tokenInputSchema>): Promise<{ id: string; peer: string; username: string; scopes: Permission[]; expiresAt: string | null; secret: string }> {
  requirePermission(operatorActor, 'user:manage');
  const parsed = tokenInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.'), 'invalid', `${issue.path.join('.')}: ${issue.message}`);
  }
  const data = parsed.data;
  const db = ctx.store.connection.db;
  const now = ctx.now();
  const peer = await ctx.store.sync.peerByName(db, data.peer);
  if (!peer) throw notFound('sync peer', data.peer);
  const user = await ctx.store.users.findByUsername(db, data.username);
  if (!user || user.disabled) throw invalid('username', 'unknown_user', `no active user ${data.username}`);
  if (!hasPermission(user.role, 'sync:exchange')) throw invalid('username', 'not_permitted', `the ${user.role} role does not have sync:exchange`);
  if (data.expiresAt && new Date(data.expiresAt) <= now) throw invalid('expiresAt', 'in_the_past', 'must be in the future');
  const scopes = SYNC_TOKEN_SCOPES.filter((scope) => hasPermission(user.role, scope));
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const token = {
    id: ctx.newId(),
    userId: user.id,
    name: data.name ?? `sync with ${peer.name}`,
    scopes,
    createdAt: now.toISOString(),
    expiresAt: data.expiresAt ? new Date(data.expiresAt).toISOString() : null,
    lastUsedAt: null,
    syncPeer: peer.instance_id,
  };
  await db.transaction().execute(async (trx) => {
    await ctx.store.apiTokens.insert(trx, { ...token, tokenHash: sha256(secret) });
    await ctx.store.audit.append(trx, {
      at: token.createdAt,
      userId: operatorActor.id,
      action: 'api_token.create',
      entityType: 'user',
      entityId: user.id,
      changes: { token: { before: null, after: { id: token.id, name: token.name, scopes, expiresAt: token.expiresAt, syncPeer: peer.name } } },
    });
  });
  return { id: token.id, peer: peer.name, username: user.username, scopes, expiresAt: token.expiresAt, secret };
}

/** One call at a time per peer, in this process: a duplicated pull must not make a second bundle beside the first. */
const queues = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

/**
 * The peer a caller speaks for: the one its token was made for. A caller without such a token (a signed-in person
 * with sync:exchange) names the peer; a token for one peer may not speak for another.
 */
async function callingPeer(ctx: AppContext, db: Db, actor: Actor, named: string | undefined): Promise<SyncPeerRow> {
  requirePermission(actor, 'sync:exchange');
  if (actor.syncPeer) {
    const peer = await ctx.store.sync.peerByInstance(db, actor.syncPeer);
    if (!peer) throw forbidden('the peer this token was made for is no longer registered');
    if (named !== undefined && named !== peer.name) throw forbidden(`this token was made for ${peer.name}, not for ${named}`);
    return peer;
  }
  if (named === undefined) throw invalid('peer', 'peer_required', 'name the peer (peer=<name>), or call with an API token made for it (haven sync peers token)');
  const peer = await ctx.store.sync.peerByName(db, named);
  if (!peer) throw notFound('sync peer', named);
  return peer;
}

export interface ServedBundle {
  bundle: Buffer;
  bundleId: string;
  /** True when this is the bundle sent before and not yet acknowledged, sent again. */
  resent: boolean;
}

/** Pull: the bundle in flight to the calling peer if there is one, else a new one of the changes since the last. */
export async function serveBundleToPeer(ctx: AppContext, actor: Actor, query: { peer?: string | undefined; since?: string | undefined }): Promise<ServedBundle> {
  const db = ctx.store.connection.db;
  const peer = await callingPeer(ctx, db, actor, query.peer);
  // The cursor is kept here, per peer: a puller cannot ask for an earlier one (it would re-send the ledger out of order).
  if (query.since !== undefined && query.since !== 'last') throw invalid('since', 'invalid_since', "over HTTPS the only cursor is 'last': the server keeps it per peer");
  return oneAtATime(peer.instance_id, async () => {
    const inFlight = await ctx.store.sync.unconfirmed(db, peer.instance_id);
    if (inFlight) return { bundle: Buffer.from(inFlight.bundle, 'base64'), bundleId: inFlight.bundle_id, resent: true };
    const { bundle, report } = await exportBundle(ctx, actor, { peer: peer.name, since: 'last', holdUntilConfirmed: true });
    return { bundle, bundleId: report.bundleId, resent: false };
  });
}

/** The peer has imported the bundle it pulled: it is forgotten here, and the next pull makes a new one. */
export async function acknowledgeBundle(ctx: AppContext, actor: Actor, bundleId: string, named?: string): Promise<{ bundleId: string; alreadyAcknowledged: boolean }> {
  const db = ctx.store.connection.db;
  const peer = await callingPeer(ctx, db, actor, named);
  return oneAtATime(peer.instance_id, async () => {
    if (await confirmReceived(ctx, peer.instance_id, bundleId)) return { bundleId, alreadyAcknowledged: false };
    // A repeated acknowledgement (its answer was lost) is answered the same; one for a bundle never sent is not.
    if (await ctx.store.sync.exportedTo(db, peer.instance_id, bundleId)) return { bundleId, alreadyAcknowledged: true };
    throw notFound('bundle sent to ' + peer.name, bundleId);
  });
}

/**
 * The peer confirmed it holds a bundle sent over the network (acknowledged a pull, or answered a push with its import
 * report): forget the kept bytes, and take it as the peer's acknowledgement of that bundle, so what it carried is not
 * sent again. False when it was not the one in flight.
 */
async function confirmReceived(ctx: AppContext, peer: string, bundleId: string): Promise<boolean> {
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const exported = await ctx.store.sync.findBundle(trx, bundleId, 'exported');
    if (exported?.peer_instance_id === peer && exported.sequence !== null) await ctx.store.sync.acknowledge(trx, peer, Number(exported.sequence));
    return ctx.store.sync.confirm(trx, peer, bundleId);
  });
}

/** Push: a bundle from the calling peer, imported as the caller; a bundle imported before answers its report again. */
export async function receivePushedBundle(ctx: AppContext, actor: Actor, bytes: Buffer): Promise<ImportReport> {
  requirePermission(actor, 'sync:exchange');
  const db = ctx.store.connection.db;
  const header = readBundleHeader(bytes);
  if (actor.syncPeer && header.from.instanceId !== actor.syncPeer) {
    const peer = await ctx.store.sync.peerByInstance(db, actor.syncPeer);
    throw forbidden(`this token was made for ${peer?.name ?? actor.syncPeer}; the bundle comes from instance ${header.from.instanceId}`);
  }
  return oneAtATime(header.from.instanceId, () => importBundle(ctx, actor, bytes));
}

export type { SyncTransport } from '../core/sync/http.schema.js';

export interface PullOutcome {
  imported: ImportReport[];
}

/**
 * Pull from a peer: each bundle is imported here, then acknowledged (so the peer forgets it only once it is held
 * here). A bundle sent again was in flight from an earlier pull; after it, one more pull brings the changes since.
 */
export async function pullFromPeer(ctx: AppContext, actor: Actor, peerName: string, transport: SyncTransport, onProgress?: (p: SyncProgress) => void): Promise<PullOutcome> {
  const peer = await ctx.store.sync.peerByName(ctx.store.connection.db, peerName);
  if (!peer) throw notFound('sync peer', peerName);
  const imported: ImportReport[] = [];
  for (let round = 0; round < 3; round++) {
    const pulled = await transport.pull();
    const { resent } = pulled;
    const bundle = Buffer.from(pulled.bundle.buffer, pulled.bundle.byteOffset, pulled.bundle.byteLength);
    const header = readBundleHeader(bundle);
    if (header.from.instanceId !== peer.instance_id) throw invalid('bundle', 'wrong_sender', `the server at this address is instance ${header.from.instanceId} ("${header.from.name}"), not ${peer.name} (${peer.instance_id})`);
    imported.push(await importBundle(ctx, actor, bundle, onProgress));
    await transport.acknowledge(header.bundleId);
    // A bundle sent again was in flight from an earlier pull: one more brings what changed since. A new one is all.
    if (!resent) break;
  }
  return { imported };
}

/** Only a report on the very bundle sent confirms it. */
function confirmedBy(report: SyncImportReport, bundleId: string): SyncImportReport {
  if (report.bundleId !== bundleId) throw invalid('report', 'wrong_bundle', `the peer answered with a report on bundle ${report.bundleId}, not on ${bundleId}: it is kept to send again`);
  return report;
}

export interface PushOutcome {
  /** The bundle in flight from an earlier push, sent again, if there was one. */
  resent?: { bundleId: string; report: SyncImportReport };
  exported: ExportReport;
  report: SyncImportReport;
}

/**
 * Push to a peer: first the bundle still in flight from an earlier push (if its answer was lost), then a new one of
 * the changes since. Each is forgotten here only once the peer answers with its import report.
 */
export async function pushToPeer(ctx: AppContext, actor: Actor, peerName: string, transport: SyncTransport, onProgress?: (p: SyncProgress) => void): Promise<PushOutcome> {
  const db = ctx.store.connection.db;
  const peer = await ctx.store.sync.peerByName(db, peerName);
  if (!peer) throw notFound('sync peer', peerName);
  let resent: PushOutcome['resent'];
  const inFlight = await ctx.store.sync.unconfirmed(db, peer.instance_id);
  if (inFlight) {
    const report = confirmedBy(await transport.push(Buffer.from(inFlight.bundle, 'base64')), inFlight.bundle_id);
    await confirmReceived(ctx, peer.instance_id, inFlight.bundle_id);
    resent = { bundleId: inFlight.bundle_id, report };
  }
  const { bundle, report: exported } = await exportBundle(ctx, actor, { peer: peer.name, since: 'last', holdUntilConfirmed: true }, onProgress);
  const report = confirmedBy(await transport.push(bundle), exported.bundleId);
  await confirmReceived(ctx, peer.instance_id, exported.bundleId);
  return { ...(resent && { resent }), exported, report };
}
