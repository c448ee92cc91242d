import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { rotateMasterKeys } from '../../src/application/key-rotation.service.js';
import { FileKeyring } from '../../src/application/master-keys.js';
import { addPeer, exportBundle, identityBlock, importBundle, verifyForeignLedger } from '../../src/application/sync.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { DomainError } from '../../src/core/errors.js';
import type { IncidentDetail } from '../../src/core/incident.schema.js';
import { openBundle, readBundleHeader, sealBundle } from '../../src/infrastructure/sync-bundle-crypto.js';
import type { DatabaseKind } from '../../src/store/database.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Acknowledgements across an air gap (docs/field-use.md, "Acknowledgements and lost bundles"): a bundle lost for
 * good, with no copy kept, loses nothing — the next bundle carries again all the receiver has not acknowledged; the
 * receiver says which bundles never arrived, and finds one arriving after a later one superseded.
 */
interface Instance {
  ctx: AppContext;
  test: TestStore;
  dir: string;
  keyFile: string;
  investigator: Actor;
  admin: Actor;
}

async function openInstance(kind: DatabaseKind, name: string): Promise<Instance> {
  const dir = await mkdtemp(join(tmpdir(), `haven-ack-${name}-`));
  const keyFile = join(dir, 'master-key');
  const keyring = new FileKeyring(keyFile);
  const test = await openTestStore(kind, { masterKeys: () => keyring });
  const ctx = createAppContext(test.store, { ledgerKeyFile: join(dir, 'ledger-key.pem'), syncKeyFile: join(dir, 'sync-key.pem'), evidenceDir: join(dir, 'evidence'), instanceName: name });
  const user = async (role: Actor['role']): Promise<Actor> => {
    const created = await createUserAsOperator(ctx, { username: `${role}-${name}`, displayName: `${role} at ${name}`, role, password: 'correct horse battery staple' });
    return { id: created.id, username: created.username, role };
  };
  return { ctx, test, dir, keyFile, investigator: await user('investigator'), admin: await user('administrator') };
}

async function edit(i: Instance, id: string, change: Record<string, unknown>): Promise<IncidentDetail> {
  const held = await getIncident(i.ctx, i.investigator, id);
  const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, conflicts: _cf, ...data } = held;
  return updateIncident(i.ctx, i.investigator, id, { ...data, ...change, expectedVersion: version });
}

describe.each([
  ['sqlite', 'sqlite'],
  ['sqlite', 'postgres'],
] as const)('acknowledgements between a field office (%s) and headquarters (%s)', (fieldKind, hqKind) => {
  let field: Instance;
  let hq: Instance;
  let incident = '';

  beforeAll(async () => {
    field = await openInstance(fieldKind, 'field');
    hq = await openInstance(hqKind, 'hq');
    await addPeer(field.ctx, field.admin, { name: 'hq', block: identityBlock(hq.ctx) });
    await addPeer(hq.ctx, hq.admin, { name: 'field', block: identityBlock(field.ctx) });
    incident = (await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'Roadblock at the bridge' })).id;
    await importBundle(hq.ctx, hq.investigator, (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' })).bundle);
    // Headquarters' bundle back acknowledges the field office's first.
    await importBundle(field.ctx, field.investigator, (await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' })).bundle);
  });
  afterAll(async () => {
    for (const i of [field, hq].filter(Boolean)) {
      await i.test.cleanup();
      await rm(i.dir, { recursive: true, force: true });
    }
  });

  it('makes good a bundle lost for good: the next one carries its change again, and the report names the gap', async () => {
    await edit(field, incident, { title: 'Roadblock at the bridge (lost with the stick)' });
    const lost = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(lost.report).toMatchObject({ sequence: 2, acknowledges: 1, acknowledgedByPeer: 1, incidents: 1, carriedAgain: 0 });
    // The stick is lost. Meanwhile headquarters changed another field; the field office records a new incident.
    await edit(hq, incident, { dateLatest: '2024-03-05' });
    const another = (await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'Shelling near the school' })).id;

    const next = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(next.report).toMatchObject({ sequence: 3, acknowledgedByPeer: 1, incidents: 2, carriedAgain: 1 });
    const report = await importBundle(hq.ctx, hq.investigator, next.bundle);
    expect(report).toMatchObject({ sequence: 3, superseded: false, missing: { first: 2, last: 2 } });
    expect(report.records.find((r) => r.id === incident)).toMatchObject({ outcome: 'merged', fields: ['title'] });
    expect(report.records.find((r) => r.id === another)).toMatchObject({ outcome: 'created' });
    expect(await getIncident(hq.ctx, hq.investigator, incident)).toMatchObject({ title: 'Roadblock at the bridge (lost with the stick)', dateLatest: '2024-03-05' });
    expect((await verifyForeignLedger(hq.ctx, hq.admin, 'field')).ok).toBe(true);

    // The lost stick is found after all: everything on it came with bundle 3, so it changes nothing.
    const before = await hq.test.store.connection.db.selectFrom('incident_versions').select('version').execute();
    expect(await importBundle(hq.ctx, hq.investigator, lost.bundle)).toMatchObject({ superseded: true, alreadyImported: false, records: [] });
    expect(await hq.test.store.connection.db.selectFrom('incident_versions').select('version').execute()).toEqual(before);
  });

  it('keeps sending what headquarters has not acknowledged, against what it is known to hold, until it acknowledges it', async () => {
    // Headquarters' change comes back merged; its bundle acknowledges bundle 3, so nothing of it travels again.
    const back = await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' });
    expect(back.report.acknowledges).toBe(3);
    const merged = await importBundle(field.ctx, field.investigator, back.bundle);
    expect(merged.records.find((r) => r.id === incident)).toMatchObject({ outcome: 'merged', fields: ['dateLatest'] });
    const quiet = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(quiet.report).toMatchObject({ acknowledgedByPeer: 3, incidents: 0, carriedAgain: 0 });
    await importBundle(hq.ctx, hq.investigator, quiet.bundle);
    expect(await getIncident(field.ctx, field.investigator, incident)).toMatchObject({ title: 'Roadblock at the bridge (lost with the stick)', dateLatest: '2024-03-05' });
  });

  it('re-seals the kept base of an unacknowledged record when the master key is rotated', async () => {
    await edit(field, incident, { title: 'Roadblock at the bridge (sent, not yet acknowledged)' });
    await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    const db = field.test.store.connection.db;
    const pending = await db.selectFrom('sync_state').selectAll().where('record_id', '=', incident).executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ acknowledged: 0 });
    expect(pending.base_key_id).not.toBeNull();
    await rotateMasterKeys(field.ctx, field.admin, { kind: 'file', file: field.keyFile }, { graceMs: 0 });
    const rotated = await db.selectFrom('sync_state').selectAll().where('record_id', '=', incident).executeTakeFirstOrThrow();
    expect(rotated.base_key_id).not.toBe(pending.base_key_id);
    expect(rotated.base_key_id).toBe(rotated.key_id);
    // Still readable: the next bundle carries the change against the base kept, and headquarters merges it.
    const again = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(again.report.carriedAgain).toBe(1);
    const report = await importBundle(hq.ctx, hq.investigator, again.bundle);
    expect(report.records.find((r) => r.id === incident)).toMatchObject({ outcome: 'merged', fields: ['title'] });
  });

  it('refuses a bundle acknowledging one this instance never made, and writes nothing', async () => {
    const made = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    const opened = openBundle(made.bundle, { senderSigningPublicKeyPem: field.ctx.ledgerKey.publicKeyPem, recipientPrivateKey: hq.ctx.syncKey.privateKey });
    const { encryption: _e, ...header } = readBundleHeader(made.bundle);
    const forged = sealBundle({ ...header, acknowledges: 99 }, { changes: opened.changes, files: opened.files }, { signingKey: field.ctx.ledgerKey.privateKey, recipientPublicKeyPem: hq.ctx.syncKey.publicKeyPem });
    const bundlesBefore = (await hq.test.store.connection.db.selectFrom('sync_bundles').select('bundle_id').execute()).length;
    const refused = await importBundle(hq.ctx, hq.investigator, forged).then(
      () => 'accepted',
      (error: unknown) => (error instanceof DomainError ? error.issues[0]?.code : String(error)),
    );
    expect(refused).toBe('unknown_acknowledgement');
    expect((await hq.test.store.connection.db.selectFrom('sync_bundles').select('bundle_id').execute()).length).toBe(bundlesBefore);
  });
});
