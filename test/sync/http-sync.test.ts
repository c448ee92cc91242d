import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { createApiToken } from '../../src/application/api-token.service.js';
import type { Actor } from '../../src/application/app-context.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { listConflicts } from '../../src/application/incident-merge.service.js';
import { restrictRecord } from '../../src/application/restriction.service.js';
import { verifyLedger } from '../../src/application/ledger.service.js';
import { addPeer, exportBundle, identityBlock, importBundle, verifyForeignLedger } from '../../src/application/sync.service.js';
import { createSyncToken, pullFromPeer, pushToPeer } from '../../src/application/sync-network.service.js';
import type { SyncTransport } from '../../src/core/sync/http.schema.js';
import { readBundleHeader } from '../../src/infrastructure/sync-bundle-crypto.js';
import { httpSyncTransport, parseSyncUrl, SyncTransportError } from '../../src/infrastructure/sync-http-client.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { openFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Sync over HTTPS between two real instances on loopback: a field office (SQLite) pulling from and pushing to
 * headquarters (SQLite, then PostgreSQL) through a proxy that refuses, cuts, loses answers, duplicates and reorders.
 * `npm test` runs a few randomised runs; `npm run test:sync` runs HAVEN_SYNC_RUNS.
 */
const RUNS = Math.max(1, Math.round(Number(process.env.HAVEN_SYNC_RUNS ?? 12) / 4));
const ATTEMPTS = 40;

const faults: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'pass' }),
  fc.constant<Fault>({ kind: 'refuse' }),
  fc.constant<Fault>({ kind: 'lose_answer' }),
  fc.constant<Fault>({ kind: 'cut_body' }),
  fc.integer({ min: 0, max: 15 }).map<Fault>((ms) => ({ kind: 'delay', ms })),
  fc.constant<Fault>({ kind: 'duplicate' }),
  fc.integer({ min: 1, max: 20 }).map<Fault>((ms) => ({ kind: 'reorder', ms })),
);

type Incident = Awaited<ReturnType<typeof getIncident>>;
const editable = (held: Incident) => {
  const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, conflicts: _cf, ...data } = held;
  return { data, version };
};

describe.each(DATABASES)('sync over HTTPS between a field office (sqlite) and headquarters (%s)', (hqKind) => {
  let field: ApiHarness;
  let hq: ApiHarness;
  let stranger: ApiHarness;
  let proxy: FaultProxy;
  let hqUrl: string;
  let secret: string;
  let fieldActor: Actor;
  let hqActor: Actor;
  let transport: SyncTransport;

  beforeAll(async () => {
    field = await openApiHarness('sqlite');
    hq = await openApiHarness(hqKind);
    stranger = await openApiHarness('sqlite');
    fieldActor = field.users.investigator;
    hqActor = hq.users.investigator;
    await addPeer(hq.ctx, hq.users.administrator, { name: 'field', block: identityBlock(field.ctx) });
    await addPeer(hq.ctx, hq.users.administrator, { name: 'stranger', block: identityBlock(stranger.ctx) });
    await addPeer(field.ctx, field.users.administrator, { name: 'hq', block: identityBlock(hq.ctx) });
    await addPeer(stranger.ctx, stranger.users.administrator, { name: 'hq', block: identityBlock(hq.ctx) });
    hqUrl = await hq.app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await openFaultProxy(hqUrl);
    secret = (await createSyncToken(hq.ctx, hq.users.administrator, { peer: 'field', username: hq.users.investigator.username })).secret;
    transport = httpSyncTransport(parseSyncUrl(proxy.url), secret, { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await proxy?.close();
    await stranger?.close();
    await field?.close();
    await hq?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  // Restricted incidents never travel: the two sides are compared on the others.
  const incidentIds = async (h: ApiHarness) => (await h.test.store.connection.db.selectFrom('incidents').select('id').where('restricted', '=', 0).orderBy('id').execute()).map((r) => r.id);
  const allIncidentIds = async (h: ApiHarness) => (await h.test.store.connection.db.selectFrom('incidents').select('id').execute()).map((r) => r.id);

  it('answers 401 without a token on every sync route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/sync/bundles'],
      ['POST', '/api/v1/sync/bundles'],
      ['POST', `/api/v1/sync/bundles/${crypto.randomUUID()}/ack`],
    ] as const) {
      const response = await hq.app.inject({ method, url, ...(method === 'POST' && { headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('x') }) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    await expect(httpSyncTransport(parseSyncUrl(hqUrl), 'haven_not-a-token').pull()).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token without sync:exchange, and a role without it', async () => {
    const { secret: narrow } = await createApiToken(hq.ctx, hq.users.investigator, { name: 'reader', scopes: ['incident:read', 'incident:write'] });
    const response = await hq.app.inject({ method: 'GET', url: '/api/v1/sync/bundles?peer=field', headers: bearer(narrow) });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
    const analyst = await hq.call({ method: 'GET', url: '/api/v1/sync/bundles?peer=field', as: 'analyst' });
    expect(analyst.statusCode).toBe(403);
    // Nothing was exported for the peer by the refused calls.
    expect(await hq.test.store.connection.db.selectFrom('sync_bundles').selectAll().execute()).toEqual([]);
  });

  it('lets a sync token call the sync routes only, and only for its own peer', async () => {
    expect((await hq.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: bearer(secret) })).statusCode).toBe(403);
    expect((await hq.app.inject({ method: 'GET', url: '/api/v1/sync/bundles?peer=stranger', headers: bearer(secret) })).statusCode).toBe(403);
    // A bundle from another registered instance, pushed with the field office's token.
    const fromStranger = await exportBundle(stranger.ctx, stranger.users.investigator, { peer: 'hq', since: 'last' });
    const pushed = await hq.app.inject({ method: 'POST', url: '/api/v1/sync/bundles', headers: { ...bearer(secret), 'content-type': 'application/octet-stream' }, payload: fromStranger.bundle });
    expect(pushed.statusCode).toBe(403);
    const garbage = await hq.app.inject({ method: 'POST', url: '/api/v1/sync/bundles', headers: { ...bearer(secret), 'content-type': 'application/octet-stream' }, payload: Buffer.from('not a bundle') });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.message).toContain('not a Haven sync bundle');
    expect(await hq.test.store.connection.db.selectFrom('sync_bundles').selectAll().execute()).toEqual([]);
  });

  it('answers 413 to a bundle larger than the server accepts, and writes nothing', async () => {
    const small = await buildServer(hq.ctx, { maxSyncBundleBytes: 64 });
    try {
      const bundle = (await exportBundle(stranger.ctx, stranger.users.investigator, { peer: 'hq', since: 'last' })).bundle;
      expect(bundle.length).toBeGreaterThan(64);
      const response = await small.inject({ method: 'POST', url: '/api/v1/sync/bundles', headers: { authorization: `Bearer ${(await createSyncToken(hq.ctx, hq.users.administrator, { peer: 'stranger', username: hq.users.investigator.username })).secret}`, 'content-type': 'application/octet-stream' }, payload: bundle });
      expect(response.statusCode).toBe(413);
    } finally {
      await small.close();
    }
    expect(await hq.test.store.connection.db.selectFrom('sync_bundles').selectAll().where('direction', '=', 'imported').execute()).toEqual([]);
  });

  it('refuses plain http except to this machine', () => {
    expect(() => parseSyncUrl('http://hq.example.org')).toThrow(SyncTransportError);
    expect(parseSyncUrl('http://127.0.0.1:8080').hostname).toBe('127.0.0.1');
    expect(parseSyncUrl('https://hq.example.org').protocol).toBe('https:');
  });

  it('loses nothing when a pull’s answer is lost: the same bundle comes again until it is acknowledged', async () => {
    const made = await recordIncident(hq.ctx, hqActor, { ...validIncident(), title: 'Reported at headquarters' });
    const direct = httpSyncTransport(parseSyncUrl(hqUrl), secret);
    const pulled = async () => {
      const { bundle, resent } = await direct.pull();
      return { bundle: Buffer.from(bundle), resent };
    };
    const lost = await pulled();
    expect(lost.resent).toBe(false);
    // The answer never reached the field office. The next pull sends the very same bundle, then the changes since.
    const again = await pulled();
    expect(again.resent).toBe(true);
    expect(again.bundle.equals(lost.bundle)).toBe(true);
    const outcome = await pullFromPeer(field.ctx, fieldActor, 'hq', direct);
    expect(outcome.imported[0]!.bundleId).toBe(readBundleHeader(lost.bundle).bundleId);
    expect(outcome.imported[0]!.records).toContainEqual(expect.objectContaining({ id: made.id, outcome: 'created' }));
    expect((await getIncident(field.ctx, fieldActor, made.id)).title).toBe('Reported at headquarters');
    // Acknowledged: the next pull is a new bundle with nothing more in it.
    const next = await pulled();
    expect(next.resent).toBe(false);
    expect(readBundleHeader(next.bundle).bundleId).not.toBe(readBundleHeader(lost.bundle).bundleId);
    expect(readBundleHeader(next.bundle).counts.incidents).toBe(0);
    await importBundle(field.ctx, fieldActor, next.bundle);
    await direct.acknowledge(readBundleHeader(next.bundle).bundleId);
    // Acknowledging again is harmless; a bundle never sent is not found.
    await direct.acknowledge(readBundleHeader(next.bundle).bundleId);
    await expect(direct.acknowledge(crypto.randomUUID())).rejects.toMatchObject({ status: 404 });
  });

  it('carries sensitive details only inside the encryption, and never a restricted incident', async () => {
    const name = `Amina Diallo ${crypto.randomUUID().slice(0, 6)}`;
    const withVictim = await recordIncident(hq.ctx, hqActor, {
      ...validIncident(),
      title: 'With a named victim',
      sensitive: { victims: [{ name, consent: { uses: ['documentation'], recipients: ['mission_internal'] } }], witnesses: [], sourceIdentities: [] },
    });
    const hidden = await recordIncident(hq.ctx, hqActor, { ...validIncident(), title: 'Restricted at headquarters' });
    await restrictRecord(hq.ctx, hqActor, 'incident', hidden.id, { users: [hqActor.username], groups: [] });
    const direct = httpSyncTransport(parseSyncUrl(hqUrl), secret);
    const served = await direct.pull();
    expect(Buffer.from(served.bundle).toString('latin1')).not.toContain(name);
    const outcome = await pullFromPeer(field.ctx, fieldActor, 'hq', direct);
    const records = outcome.imported.flatMap((r) => r.records.map((record) => record.id));
    expect(records).toContain(withVictim.id);
    expect(records).not.toContain(hidden.id);
    expect((await getIncident(field.ctx, fieldActor, withVictim.id)).sensitive?.victims.map((v) => v.name)).toEqual([name]);
    expect(await allIncidentIds(field)).not.toContain(hidden.id);
  });

  it('changes nothing when a push is replayed: the same report comes back', async () => {
    const made = await recordIncident(field.ctx, fieldActor, { ...validIncident(), title: 'Reported at the field office' });
    const { bundle } = await exportBundle(field.ctx, fieldActor, { peer: 'hq', since: 'last' });
    const direct = httpSyncTransport(parseSyncUrl(hqUrl), secret);
    const first = await direct.push(bundle);
    expect(first.alreadyImported).toBe(false);
    expect(first.records).toContainEqual(expect.objectContaining({ id: made.id, outcome: 'created' }));
    const db = hq.test.store.connection.db;
    const count = async (table: 'incidents' | 'ledger_entries' | 'sync_bundles' | 'audit_log') => (await db.selectFrom(table).selectAll().execute()).length;
    const before = [await count('incidents'), await count('ledger_entries'), await count('sync_bundles')];
    const replay = await direct.push(bundle);
    expect(replay).toEqual({ ...first, alreadyImported: true });
    expect([await count('incidents'), await count('ledger_entries'), await count('sync_bundles')]).toEqual(before);
  });

  it(`holds every change once on both sides after retries through a faulty link, conflicts flagged and ledgers intact (${RUNS} runs)`, async () => {
    const edit = async (h: ApiHarness, actor: Actor, id: string, change: Record<string, unknown>) => {
      const { data, version } = editable(await getIncident(h.ctx, actor, id));
      await updateIncident(h.ctx, actor, id, { ...data, ...change, expectedVersion: version });
    };

    const direct = httpSyncTransport(parseSyncUrl(hqUrl), secret);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.array(faults, { maxLength: 20 }),
        async (atField, atHq, bothEdit, plan) => {
          const tag = crypto.randomUUID().slice(0, 8);
          // An incident both sides hold (exchanged over a good link), for a change made to the same field on both.
          const shared = await recordIncident(hq.ctx, hqActor, { ...validIncident(), title: `Held on both sides ${tag}` });
          await pullFromPeer(field.ctx, fieldActor, 'hq', direct);
          await pushToPeer(field.ctx, fieldActor, 'hq', direct);
          const madeAtField = await Promise.all(Array.from({ length: atField }, (_, i) => recordIncident(field.ctx, fieldActor, { ...validIncident(), title: `Field ${tag} ${i}` })));
          const madeAtHq = await Promise.all(Array.from({ length: atHq }, (_, i) => recordIncident(hq.ctx, hqActor, { ...validIncident(), title: `HQ ${tag} ${i}` })));
          const conflictsBefore = (await listConflicts(field.ctx, fieldActor, { status: 'open' })).items.length;
          if (bothEdit) {
            await edit(field, fieldActor, shared.id, { title: `Field's title ${tag}` });
            await edit(hq, hqActor, shared.id, { title: `Headquarters' title ${tag}` });
          }

          proxy.plan(plan);
          const failures: string[] = [];
          let pulled = false;
          let pushed = false;
          for (let attempt = 0; attempt < ATTEMPTS && !pushed; attempt++) {
            try {
              if (!pulled) {
                await pullFromPeer(field.ctx, fieldActor, 'hq', transport);
                pulled = true;
              }
              await pushToPeer(field.ctx, fieldActor, 'hq', transport);
              pushed = true;
            } catch (error) {
              // The link failed: the exchange is simply tried again.
              if (!(error instanceof SyncTransportError) && !(error instanceof Error && /bundle refused/.test(error.message))) throw error;
              failures.push(error.message);
            }
          }
          expect(pulled && pushed, `${failures.join('\n')}\n${JSON.stringify(proxy.log)}`).toBe(true);
          // Let any duplicate still in flight land.
          await new Promise((resolve) => setTimeout(resolve, 30));

          // Every incident made on either side is now held on both, once (ids are the same on both sides).
          const fieldIds = await incidentIds(field);
          const hqIds = await incidentIds(hq);
          expect(fieldIds).toEqual(hqIds);
          for (const made of [...madeAtField, ...madeAtHq]) {
            expect((await getIncident(field.ctx, fieldActor, made.id)).title).toBe(made.title);
            expect((await getIncident(hq.ctx, hqActor, made.id)).title).toBe(made.title);
          }
          if (bothEdit) {
            // Changed on both sides: flagged where it was found (the field office pulled first), neither value lost.
            const open = (await listConflicts(field.ctx, fieldActor, { status: 'open' })).items.filter((c) => c.incidentId === shared.id && c.path === 'title');
            expect(open.some((c) => c.held === `Field's title ${tag}` && c.proposed === `Headquarters' title ${tag}`)).toBe(true);
            expect((await getIncident(field.ctx, fieldActor, shared.id)).title).toBe(`Field's title ${tag}`);
            expect((await getIncident(hq.ctx, hqActor, shared.id)).title).toBe(`Headquarters' title ${tag}`);
          } else {
            expect((await listConflicts(field.ctx, fieldActor, { status: 'open' })).items.length).toBe(conflictsBefore);
          }
          // Nothing is left in flight either way.
          expect(await field.test.store.connection.db.selectFrom('sync_unconfirmed').selectAll().execute()).toEqual([]);
          expect(await hq.test.store.connection.db.selectFrom('sync_unconfirmed').selectAll().execute()).toEqual([]);

          for (const [h, actor, peer] of [
            [field, fieldActor, 'hq'],
            [hq, hqActor, 'field'],
          ] as const) {
            expect((await verifyLedger(h.ctx, actor)).ok).toBe(true);
            expect((await verifyForeignLedger(h.ctx, actor, peer)).ok).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, RUNS * 20_000);
});
