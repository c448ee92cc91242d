import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { getEvidence, receiveEvidence, stageEvidenceFile } from '../../src/application/evidence.service.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { listConflicts, resolveConflict } from '../../src/application/incident-merge.service.js';
import { verifyLedger } from '../../src/application/ledger.service.js';
import { FileKeyring } from '../../src/application/master-keys.js';
import { restrictRecord } from '../../src/application/restriction.service.js';
import { addPeer, exportBundle, identityBlock, importBundle, instanceIdentity, verifyForeignLedger, type ImportReport } from '../../src/application/sync.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { DomainError } from '../../src/core/errors.js';
import type { BundleChanges } from '../../src/core/sync/bundle.js';
import { openBundle, readBundleHeader, sealBundle } from '../../src/infrastructure/sync-bundle-crypto.js';
import type { DatabaseKind } from '../../src/store/database.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { png } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/** One Haven instance of its own: database, master key, ledger and receiving keys, evidence directory, users. */
interface Instance {
  ctx: AppContext;
  test: TestStore;
  dir: string;
  investigator: Actor;
  analyst: Actor;
  admin: Actor;
  masterKeyId: string;
}

async function openInstance(kind: DatabaseKind, name: string): Promise<Instance> {
  const dir = await mkdtemp(join(tmpdir(), `haven-sync-${name}-`));
  const keyring = new FileKeyring(join(dir, 'master-key'));
  const test = await openTestStore(kind, { masterKeys: () => keyring });
  const ctx = createAppContext(test.store, { ledgerKeyFile: join(dir, 'ledger-key.pem'), syncKeyFile: join(dir, 'sync-key.pem'), evidenceDir: join(dir, 'evidence'), instanceName: name });
  const user = async (role: Actor['role']): Promise<Actor> => {
    const created = await createUserAsOperator(ctx, { username: `${role}-${name}`, displayName: `${role} at ${name}`, role, password: 'correct horse battery staple' });
    return { id: created.id, username: created.username, role };
  };
  return { ctx, test, dir, investigator: await user('investigator'), analyst: await user('analyst'), admin: await user('administrator'), masterKeyId: keyring.current.id };
}

const closeInstance = async (i: Instance) => {
  await i.test.cleanup();
  await rm(i.dir, { recursive: true, force: true });
};

const NAME = 'Amina Diallo-Sync';
const withVictim = () => ({
  ...validIncident(),
  sensitive: { victims: [{ name: NAME, consent: { uses: ['documentation'], recipients: ['mission_internal'] } }], witnesses: [], sourceIdentities: [] },
});

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return error.issues[0]?.code ?? error.code;
    throw error;
  }
}

async function rowCounts(i: Instance) {
  const db = i.test.store.connection.db;
  const count = async (table: 'incidents' | 'ledger_entries' | 'evidence_items' | 'sync_foreign_ledger' | 'sync_bundles') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  return { incidents: await count('incidents'), ledger: await count('ledger_entries'), evidence: await count('evidence_items'), foreign: await count('sync_foreign_ledger'), bundles: await count('sync_bundles') };
}

describe.each([
  ['sqlite', 'sqlite'],
  ['sqlite', 'postgres'],
] as const)('sync bundles from a field office (%s) to headquarters (%s)', (fieldKind, hqKind) => {
  let field: Instance;
  let hq: Instance;
  let stranger: Instance;
  let shared: string;
  let hidden: string;
  let evidenceSha: string;
  let evidenceId: string;
  let first: Buffer;
  let firstReport: ImportReport;

  beforeAll(async () => {
    field = await openInstance(fieldKind, 'field-office');
    hq = await openInstance(hqKind, 'hq');
    stranger = await openInstance('sqlite', 'stranger');
    await addPeer(field.ctx, field.admin, { name: 'hq', block: identityBlock(hq.ctx) });
    await addPeer(hq.ctx, hq.admin, { name: 'field', block: identityBlock(field.ctx) });
    await addPeer(stranger.ctx, stranger.admin, { name: 'field', block: identityBlock(field.ctx) });

    shared = (await recordIncident(field.ctx, field.investigator, withVictim())).id;
    hidden = (await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'A restricted incident' })).id;
    await restrictRecord(field.ctx, field.investigator, 'incident', hidden, { users: [field.investigator.username], groups: [] });
    const staged = await stageEvidenceFile(field.ctx, field.investigator, Readable.from([png({ metadata: true })]));
    const item = await receiveEvidence(field.ctx, field.investigator, staged, { incidentIds: [shared, hidden] }, { declaredName: 'scene.png', ip: null });
    evidenceSha = item.sha256;
    evidenceId = item.id;
    first = (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' })).bundle;
  });
  afterAll(async () => {
    await Promise.all([field, hq, stranger].filter(Boolean).map(closeInstance));
  });

  it('refuses a bundle with any byte changed, and writes nothing', async () => {
    const before = await rowCounts(hq);
    for (const at of [20, Math.floor(first.length / 2), first.length - 3]) {
      const tampered = Buffer.from(first);
      tampered[at]! ^= 0x04;
      expect(await refusal(importBundle(hq.ctx, hq.investigator, tampered)), `byte ${at}`).not.toBe('accepted');
    }
    expect(await rowCounts(hq)).toEqual(before);
  });

  it('refuses a bundle addressed to another instance, and one from an unregistered sender', async () => {
    expect(await refusal(importBundle(stranger.ctx, stranger.investigator, first))).toBe('not_addressed_here');
    await addPeer(stranger.ctx, stranger.admin, { name: 'hq', block: identityBlock(hq.ctx) });
    const fromStranger = await exportBundle(stranger.ctx, stranger.investigator, { peer: 'hq', since: 'last' });
    expect(await refusal(importBundle(hq.ctx, hq.investigator, fromStranger.bundle))).toBe('unknown_sender');
  });

  it('brings the incidents under the same ids with their sensitive details sealed by the receiver’s own key, and leaves restricted ones behind', async () => {
    firstReport = await importBundle(hq.ctx, hq.investigator, first);
    expect(firstReport.alreadyImported).toBe(false);
    expect(firstReport.records).toEqual([
      { type: 'incident', id: shared, outcome: 'created' },
      { type: 'evidence', id: evidenceId, outcome: 'created' },
    ]);
    const received = await getIncident(hq.ctx, hq.investigator, shared);
    expect(received.sensitive?.victims.map((v) => v.name)).toEqual([NAME]);
    expect(received.title).toBe(validIncident().title);
    expect(await hq.ctx.store.incidents.findKeyById(hq.test.store.connection.db, hidden, 'system')).toBeUndefined();

    // Raw rows at headquarters: ciphertext under its own master key, never the name.
    const db = hq.test.store.connection.db;
    const sensitiveRows = await db.selectFrom('incident_sensitive').selectAll().execute();
    const stateRows = await db.selectFrom('sync_state').selectAll().where('record_type', '=', 'incident').execute();
    expect(sensitiveRows.length).toBe(1);
    expect(stateRows.length).toBe(1);
    for (const row of [...sensitiveRows, ...stateRows]) {
      expect(JSON.stringify(row)).not.toContain(NAME);
      expect(row.key_id).toBe(hq.masterKeyId);
    }
    expect(hq.masterKeyId).not.toBe(field.masterKeyId);
  });

  it('receives the evidence file under its hash, linked only to incidents that travelled, with its receipt in custody', async () => {
    expect(await hq.ctx.evidence.exists('originals', evidenceSha)).toBe(true);
    const item = await getEvidence(hq.ctx, hq.investigator, evidenceId);
    expect(item.sha256).toBe(evidenceSha);
    expect(item.incidentIds).toEqual([shared]);
    const received = item.custody.find((e) => e.kind === 'received')!;
    expect(received.details.receivedFrom).toMatchObject({ how: 'received from field by bundle', peer: 'field', bundleSha256: firstReport.sha256 });
  });

  it('keeps the sender’s ledger as its own verified chain, and cross-references the bundle in its own ledger', async () => {
    const fieldLedger = await verifyLedger(field.ctx, field.admin);
    const foreign = await verifyForeignLedger(hq.ctx, hq.admin, 'field');
    expect(foreign).toMatchObject({ ok: true, entries: fieldLedger.entries, lastHash: fieldLedger.lastHash });
    const own = await verifyLedger(hq.ctx, hq.admin);
    expect(own.ok).toBe(true);
    const entries = await hq.ctx.store.ledger.forSubject(hq.test.store.connection.db, firstReport.bundleId);
    expect(entries.map((e) => e.kind)).toEqual(['sync.bundle_imported']);
    expect(entries[0]!.disclosure.payload).toMatchObject({ fromInstance: instanceIdentity(field.ctx).instanceId, bundleSha256: firstReport.sha256, senderChainHead: { seq: fieldLedger.entries, hash: fieldLedger.lastHash } });
    expect(firstReport.crossReference?.seq).toBe(entries[0]!.seq);
  });

  it('changes nothing when the same bundle is imported again, and says so', async () => {
    const before = await rowCounts(hq);
    const again = await importBundle(hq.ctx, hq.investigator, first);
    expect(again.alreadyImported).toBe(true);
    expect(again.bundleId).toBe(firstReport.bundleId);
    expect(await rowCounts(hq)).toEqual(before);
  });

  it('sends back an edit made at headquarters, which the field office merges; and nothing echoes back', async () => {
    const held = await getIncident(hq.ctx, hq.investigator, shared);
    const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, ...data } = held;
    await updateIncident(hq.ctx, hq.investigator, shared, { ...data, title: 'Shelling of the central market (confirmed by HQ)', expectedVersion: version });
    const back = await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' });
    // The evidence came from the field office: it is not sent back to it.
    expect(back.report).toMatchObject({ incidents: 1, evidence: 0 });
    const merged = await importBundle(field.ctx, field.investigator, back.bundle);
    expect(merged.records).toEqual([{ type: 'incident', id: shared, outcome: 'merged', fields: ['title'] }]);
    const atField = await getIncident(field.ctx, field.investigator, shared);
    expect(atField.title).toBe('Shelling of the central market (confirmed by HQ)');
    expect(atField.sensitive?.victims.map((v) => v.name)).toEqual([NAME]);
    // The field office now holds what headquarters sent: nothing to send back.
    const echo = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(echo.report.incidents).toBe(0);
    expect((await importBundle(hq.ctx, hq.investigator, echo.bundle)).counts).toMatchObject({ created: 0, merged: 0, conflict: 0 });
    expect((await verifyForeignLedger(field.ctx, field.admin, 'hq')).ok).toBe(true);
  });

  it('reports a change made on both sides as a conflict for that record alone, and applies the rest', async () => {
    const edit = async (i: Instance, title: string) => {
      const held = await getIncident(i.ctx, i.investigator, shared);
      const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, ...data } = held;
      await updateIncident(i.ctx, i.investigator, shared, { ...data, title, expectedVersion: version });
    };
    await edit(field, 'Title as the field office has it');
    await edit(hq, 'Title as headquarters has it');
    const another = (await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'A second incident' })).id;
    const report = await importBundle(hq.ctx, hq.investigator, (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' })).bundle);
    expect(report.records.find((r) => r.id === shared)).toMatchObject({ outcome: 'conflict', fields: ['title'] });
    expect(report.records.find((r) => r.id === another)).toMatchObject({ outcome: 'created' });
    expect((await getIncident(hq.ctx, hq.investigator, shared)).title).toBe('Title as headquarters has it');
    expect((await getIncident(hq.ctx, hq.investigator, another)).title).toBe('A second incident');
  });

  it('brings both sides to the same incident when each changed a different field: each side’s change travels back', async () => {
    const pair = (await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'Checkpoint incident' })).id;
    await importBundle(hq.ctx, hq.investigator, (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' })).bundle);
    const change = async (i: Instance, edit: Record<string, unknown>) => {
      const held = await getIncident(i.ctx, i.investigator, pair);
      const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, conflicts: _cf, ...data } = held;
      await updateIncident(i.ctx, i.investigator, pair, { ...data, ...edit, expectedVersion: version });
    };
    await change(field, { title: 'Checkpoint incident (field office)' });
    await change(hq, { dateLatest: '2024-03-05' });

    const toHq = await importBundle(hq.ctx, hq.investigator, (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' })).bundle);
    expect(toHq.records.find((r) => r.id === pair)).toMatchObject({ outcome: 'merged', fields: ['title'] });
    const back = await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' });
    const toField = await importBundle(field.ctx, field.investigator, back.bundle);
    expect(toField.records.find((r) => r.id === pair)).toMatchObject({ outcome: 'merged', fields: ['dateLatest'] });

    const atField = await getIncident(field.ctx, field.investigator, pair);
    const atHq = await getIncident(hq.ctx, hq.investigator, pair);
    expect(atField).toMatchObject({ title: 'Checkpoint incident (field office)', dateLatest: '2024-03-05' });
    expect(atHq).toMatchObject({ title: atField.title, dateLatest: atField.dateLatest });
    // Both hold the same now: nothing more travels either way, once the field office's next bundle has carried back
    // its acknowledgement of headquarters' (until then headquarters sends the incident again, in case it was lost).
    const fromField = await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: 'last' });
    expect(fromField.report.incidents).toBe(0);
    expect((await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' })).report).toMatchObject({ incidents: 1, carriedAgain: 1 });
    expect(await importBundle(hq.ctx, hq.investigator, fromField.bundle)).toMatchObject({ superseded: false, missing: null });
    expect((await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' })).report).toMatchObject({ incidents: 0, carriedAgain: 0 });
  });

  it('keeps an incident with an open conflict at the side that found it until a person resolves it, then sends the resolution', async () => {
    const open = (await listConflicts(hq.ctx, hq.investigator, { status: 'open' })).items.find((c) => c.incidentId === shared && c.path === 'title');
    expect(open).toMatchObject({ held: 'Title as headquarters has it', proposed: 'Title as the field office has it' });
    // Headquarters changes another field meanwhile: the incident waits, flagged, rather than overwrite the field office's title.
    const held = await getIncident(hq.ctx, hq.investigator, shared);
    const { id: _id, verificationStatus: _v, killed: _k, injured: _i, version, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, verificationHistory: _h, conflicts: _cf, ...data } = held;
    await updateIncident(hq.ctx, hq.investigator, shared, { ...data, dateLatest: '2024-03-04', expectedVersion: version });
    const waiting = await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' });
    expect(waiting.report.heldBack).toEqual([{ type: 'incident', id: shared, reason: expect.stringContaining('to be resolved here') }]);
    expect(waiting.report.incidents).toBe(0);

    // Kept as held: no new version is written, yet the resolution (and the change that waited) must reach the field office.
    await resolveConflict(hq.ctx, hq.investigator, shared, open!.id, { keep: 'held' });
    const resolved = await exportBundle(hq.ctx, hq.investigator, { peer: 'field', since: 'last' });
    expect(resolved.report.heldBack).toEqual([]);
    const report = await importBundle(field.ctx, field.investigator, resolved.bundle);
    expect(report.records.find((r) => r.id === shared)).toMatchObject({ outcome: 'merged', fields: expect.arrayContaining(['title', 'dateLatest']) });
    expect(await getIncident(field.ctx, field.investigator, shared)).toMatchObject({ title: 'Title as headquarters has it', dateLatest: '2024-03-04' });
  });

  it('carries no sensitive details when the exporting user may not read them, and the receiver keeps its own', async () => {
    const viewer = (await createUserAsOperator(field.ctx, { username: 'viewer-field', displayName: 'A viewer', role: 'viewer', password: 'correct horse battery staple' })).id;
    const incident = (await recordIncident(field.ctx, field.investigator, { ...withVictim(), title: 'Third incident with a victim' })).id;
    const { bundle, report } = await exportBundle(field.ctx, { id: viewer, username: 'viewer-field', role: 'viewer' }, { peer: 'hq', since: 'last' });
    expect(report.sensitiveIncluded).toBe(false);
    const opened = openBundle(bundle, { senderSigningPublicKeyPem: field.ctx.ledgerKey.publicKeyPem, recipientPrivateKey: hq.ctx.syncKey.privateKey });
    expect(JSON.stringify(opened.changes)).not.toContain(NAME);
    const imported = await importBundle(hq.ctx, hq.investigator, bundle);
    expect(imported.records.find((r) => r.id === incident)).toMatchObject({ outcome: 'created' });
    expect((await getIncident(hq.ctx, hq.investigator, incident)).sensitive?.victims).toEqual([]);
  });

  it('refuses a bundle whose sender’s ledger chain is broken, even when signed by the sender, and writes nothing', async () => {
    await recordIncident(field.ctx, field.investigator, { ...validIncident(), title: 'A fourth incident' });
    const good = (await exportBundle(field.ctx, field.investigator, { peer: 'hq', since: '2000-01-01T00:00:00Z' })).bundle;
    const opened = openBundle(good, { senderSigningPublicKeyPem: field.ctx.ledgerKey.publicKeyPem, recipientPrivateKey: hq.ctx.syncKey.privateKey });
    const changes = opened.changes as BundleChanges;
    expect(changes.ledger.entries.length).toBeGreaterThan(1);
    changes.ledger.entries[1]!.at = '1999-01-01T00:00:00.000Z';
    const { encryption: _e, ...header } = readBundleHeader(good);
    const forged = sealBundle(header, { changes, files: opened.files }, { signingKey: field.ctx.ledgerKey.privateKey, recipientPublicKeyPem: hq.ctx.syncKey.publicKeyPem });
    const before = await rowCounts(hq);
    expect(await refusal(importBundle(hq.ctx, hq.investigator, forged))).toBe('ledger_broken');
    expect(await rowCounts(hq)).toEqual(before);
    // The genuine bundle, which repeats entries already held, is accepted.
    expect((await importBundle(hq.ctx, hq.investigator, good)).alreadyImported).toBe(false);
    expect((await verifyForeignLedger(hq.ctx, hq.admin, 'field')).ok).toBe(true);
  });
});
