import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { rotateMasterKeys } from '../../src/application/key-rotation.service.js';
import { FileKeyring, readKeyFile, writeKeyFile } from '../../src/application/master-keys.js';
import { newMasterKey, staticKeyring, type MasterKey } from '../../src/store/sensitive-envelope.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { TABLES_IN_ORDER } from '../../src/store/database.js';
import { openStore } from '../../src/store/store.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const VICTIM = 'Amarachi Zephyrine Okwuosa';
const WITNESS = 'Tobiah Quillfeather';
const SOURCE = 'Radio Operator Vantrekko';
const CONTACT = '+234-555-0199-321';

const analyst: Actor = { id: 'analyst-1', username: 'analyst-1', role: 'analyst' };
const viewer: Actor = { id: 'viewer-1', username: 'viewer-1', role: 'viewer' };
const operatorActor: Actor = { id: 'cli:test', username: 'cli:test', role: 'administrator' };

function namedIncident(title = 'Attack on the displacement camp at Kumshe') {
  return {
    ...validIncident(),
    title,
    sensitive: {
      victims: [{ name: VICTIM, sex: 'female' as const, ageGroup: 'adult' as const }],
      witnesses: [{ name: WITNESS, contact: CONTACT }],
      sourceIdentities: [{ sourceRef: 'S1', identity: SOURCE }],
    },
  };
}

/** Every byte of the SQLite database: the main file and its write-ahead log. */
function sqliteBytes(url: string): string {
  return [url, `${url}-wal`]
    .filter((file) => {
      try {
        return statSync(file).size > 0;
      } catch {
        return false;
      }
    })
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

/** Every row of every table, as PostgreSQL prints it. */
async function postgresText(t: TestStore): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES_IN_ORDER) {
    const result = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(t.store.connection.db);
    parts.push(...result.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe.each(DATABASES)('sensitive details at rest on %s', (kind) => {
  let dir: string;
  let keyFile: string;
  let t: TestStore;
  let ctx: AppContext;
  let keyring: FileKeyring;
  // The keyring looks at its file at most once a second; the test moves its clock instead of waiting.
  let clock = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-keys-'));
    keyFile = join(dir, 'master-key');
    keyring = new FileKeyring(keyFile, () => clock);
    t = await openTestStore(kind, { masterKeys: () => keyring });
    ctx = createAppContext(t.store);
  });
  afterAll(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the key file on first use with owner-only permissions, and stores no plaintext name anywhere', async () => {
    const created = await recordIncident(ctx, analyst, namedIncident());
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readKeyFile(keyFile)).toHaveLength(1);

    const raw = kind === 'sqlite' ? sqliteBytes(t.url) : await postgresText(t);
    // The read is real: the incident's ordinary text is there in the clear.
    expect(raw.includes('Attack on the displacement camp at Kumshe')).toBe(true);
    for (const secret of [VICTIM, WITNESS, SOURCE, CONTACT]) expect(raw.includes(secret), `${secret} found in the raw database`).toBe(false);

    const row = await t.store.connection.db.selectFrom('incident_sensitive').selectAll().executeTakeFirstOrThrow();
    expect(row.key_id).toBe(readKeyFile(keyFile)[0]!.id);
    expect(row.iv).not.toBeNull();
    expect(row.tag).not.toBeNull();
    expect(row.wrapped_key).not.toBeNull();
    expect(created.sensitive?.victims[0]?.name).toBe(VICTIM);
  });

  it('decrypts for a cleared reader and leaves the block out for one without clearance', async () => {
    const { id } = await recordIncident(ctx, analyst, namedIncident('Second named incident'));
    const asAnalyst = await getIncident(ctx, analyst, id);
    expect(asAnalyst.sensitive?.victims[0]?.name).toBe(VICTIM);
    expect(asAnalyst.sensitive?.witnesses[0]?.contact).toBe(CONTACT);
    expect(asAnalyst.sensitive?.sourceIdentities[0]?.identity).toBe(SOURCE);
    // Consent defaults to the most restrictive, stamped with who recorded it and when.
    expect(asAnalyst.sensitive?.victims[0]?.consent).toMatchObject({ uses: ['documentation'], recipients: ['mission_internal'], recordedBy: analyst.username });
    const asViewer = await getIncident(ctx, viewer, id);
    expect(asViewer.sensitive).toBeUndefined();
    expect(JSON.stringify(asViewer)).not.toContain(VICTIM);
  });

  it('writes nothing to the sensitive table for imported records that name nobody', async () => {
    const before = await t.store.sensitiveKeys.countByKey(t.store.connection.db);
    const data = incidentInputSchema.parse(validIncident());
    const at = new Date().toISOString();
    const writes = ['a', 'b', 'c'].map((suffix) => ({
      id: ctx.newId(),
      data: { ...data, title: `Bulk record ${suffix}` },
      verificationStatus: 'reported' as const,
      version: 1,
      createdAt: at,
      createdBy: analyst.id,
      updatedAt: at,
      updatedBy: analyst.id,
    }));
    await t.store.connection.db.transaction().execute((trx) => t.store.incidents.insertMany(trx, writes));
    const after = await t.store.sensitiveKeys.countByKey(t.store.connection.db);
    expect([...after.values()].reduce((a, b) => a + b, 0)).toBe([...before.values()].reduce((a, b) => a + b, 0));
  });

  it('rotation re-wraps every data key (and seals rows from before encryption); afterwards the old key is not needed', async () => {
    const { db } = t.store.connection;
    // A row as it was before this migration: plaintext, no key.
    const legacy = await recordIncident(ctx, analyst, namedIncident('Recorded before encryption'));
    const legacySeq = (await t.store.incidents.findKeyById(db, legacy.id, 'system'))!.seq;
    const plaintext = JSON.stringify({ victims: [{ name: 'Legacy Plainname' }], witnesses: [], sourceIdentities: [] });
    await db.updateTable('incident_sensitive').set({ payload: plaintext, iv: null, tag: null, wrapped_key: null, key_id: null }).where('incident_seq', '=', legacySeq).execute();
    expect((await getIncident(ctx, analyst, legacy.id)).sensitive?.victims[0]?.name).toBe('Legacy Plainname');

    // Two second factors: one sealed with the old key, one stored in the clear before secrets were encrypted.
    const totpSecrets = { sealed: 'JBSWY3DPEHPK3PXPSEALED', legacy: 'JBSWY3DPEHPK3PXPLEGACY' };
    for (const name of ['sealed', 'legacy'] as const) {
      await t.store.users.insert(db, { id: `totp-${name}`, username: `totp-${name}`, displayName: name, role: 'analyst', passwordHash: 'x', createdAt: '2026-01-01T00:00:00Z', disabled: false });
      await t.store.totp.save(db, { userId: `totp-${name}`, secret: totpSecrets[name], createdAt: '2026-01-01T00:00:00Z', confirmedAt: '2026-01-01T00:00:00Z', lastStep: 0 });
    }
    await db.updateTable('totp_factors').set({ secret: totpSecrets.legacy }).where('user_id', '=', 'totp-legacy').execute();
    const storedSealed = await db.selectFrom('totp_factors').select('secret').where('user_id', '=', 'totp-sealed').executeTakeFirstOrThrow();
    expect(storedSealed.secret).not.toContain(totpSecrets.sealed);
    expect((await t.store.totp.find(db, 'totp-legacy'))?.secret).toBe(totpSecrets.legacy);

    const [oldKey] = readKeyFile(keyFile) as [MasterKey];
    const ciphertextsBefore = (await db.selectFrom('incident_sensitive').select(['incident_seq', 'payload']).where('key_id', 'is not', null).execute()).map((r) => r.payload);

    // Interrupted after its first batch: the file holds the new key first and the old one after it.
    await expect(
      rotateMasterKeys(ctx, operatorActor, { kind: 'file', file: keyFile }, {
        graceMs: 0,
        batchSize: 1,
        onProgress: (p) => {
          if (p.done > 0) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const during = readKeyFile(keyFile);
    expect(during.map((k) => k.id)).toEqual([during[0]!.id, oldKey.id]);
    const newKey = during[0]!;
    expect(newKey.id).not.toBe(oldKey.id);
    // Meanwhile the running store reads both keys.
    expect((await getIncident(ctx, analyst, legacy.id)).sensitive).toBeDefined();

    clock += 1000;
    // What the running server writes now is wrapped with the new key.
    const during2 = await recordIncident(ctx, analyst, namedIncident('Written during the rotation'));
    const duringRow = await db.selectFrom('incident_sensitive').select('key_id').where('incident_seq', '=', (await t.store.incidents.findKeyById(db, during2.id, 'system'))!.seq).executeTakeFirstOrThrow();
    expect(duringRow.key_id).toBe(newKey.id);

    const report = await rotateMasterKeys(ctx, operatorActor, { kind: 'file', file: keyFile }, { graceMs: 0, batchSize: 2 });
    expect(report.resumed).toBe(true);
    expect(report.keyId).toBe(newKey.id);
    expect(report.retiredKeyIds).toEqual([oldKey.id]);
    expect(readKeyFile(keyFile).map((k) => k.id)).toEqual([newKey.id]);

    const byKey = await t.store.sensitiveKeys.countByKey(db);
    expect([...byKey.keys()]).toEqual([newKey.id]);
    // Re-wrapped, not re-encrypted: the records' ciphertexts are untouched.
    const ciphertextsAfter = (await db.selectFrom('incident_sensitive').select('payload').execute()).map((r) => r.payload);
    for (const c of ciphertextsBefore) expect(ciphertextsAfter).toContain(c);
    const rawAfter = kind === 'sqlite' ? sqliteBytes(t.url) : await postgresText(t);
    expect(rawAfter.includes('Legacy Plainname'), 'the sealed legacy name is still readable in the raw database').toBe(false);

    // A store with the new key alone reads everything; one with the old key alone reads nothing.
    const withNew = await openStore(t.url, { migrate: false, masterKeys: () => staticKeyring([newKey]) });
    const withOld = await openStore(t.url, { migrate: false, masterKeys: () => staticKeyring([oldKey]) });
    try {
      const seqs = (await withNew.connection.db.selectFrom('incident_sensitive').select('incident_seq').execute()).map((r) => r.incident_seq);
      const loaded = await withNew.incidents.load(withNew.connection.db, seqs, true);
      const names = loaded.flatMap((i) => i.sensitive?.victims.map((v) => v.name) ?? []);
      expect(names).toContain(VICTIM);
      expect(names).toContain('Legacy Plainname');
      await expect(withOld.incidents.load(withOld.connection.db, seqs, true)).rejects.toThrow(/not in the keyring/);
      // Second factors too: both secrets now sealed with the new key, none readable with the old one alone.
      for (const name of ['sealed', 'legacy'] as const) {
        expect((await withNew.totp.find(withNew.connection.db, `totp-${name}`))?.secret).toBe(totpSecrets[name]);
        await expect(withOld.totp.find(withOld.connection.db, `totp-${name}`)).rejects.toThrow(/not in the keyring/);
      }
      expect(rawAfter.includes(totpSecrets.legacy), 'the legacy TOTP secret is still in the clear').toBe(false);
    } finally {
      await withNew.connection.close();
      await withOld.connection.close();
    }

    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'keys.rotate').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(newKey.id);
  });

  it('a running server picks up a key file rewritten by a rotation elsewhere', async () => {
    const outside = newMasterKey();
    const current = readKeyFile(keyFile);
    writeKeyFile(keyFile, [outside, ...current]);
    clock += 1000;
    const { id } = await recordIncident(ctx, analyst, namedIncident('Written after the key file changed'));
    const seq = (await t.store.incidents.findKeyById(t.store.connection.db, id, 'system'))!.seq;
    const row = await t.store.connection.db.selectFrom('incident_sensitive').select('key_id').where('incident_seq', '=', seq).executeTakeFirstOrThrow();
    expect(row.key_id).toBe(outside.id);
    expect((await getIncident(ctx, analyst, id)).sensitive?.victims[0]?.name).toBe(VICTIM);
    expect(await readdir(dir)).toEqual(['master-key']);
  });

  it('keeps superseded versions and conflicts in the sensitive details sealed, and rotation re-wraps their data keys too', async () => {
    const { db } = t.store.connection;
    const { id } = await recordIncident(ctx, analyst, namedIncident('Edited from two places'));
    const held = { ...namedIncident('Edited from two places'), sensitive: { victims: [{ name: 'Held Victim Oyelaran' }] } };
    await updateIncident(ctx, analyst, id, { ...held, expectedVersion: 1 });
    const late = await updateIncident(ctx, analyst, id, { ...namedIncident('Edited from two places'), sensitive: { victims: [{ name: 'Late Victim Danjuma' }] }, expectedVersion: 1 });
    expect(late.merge?.conflicts.map((c) => c.path)).toEqual(['sensitive.victims']);

    const raw = kind === 'sqlite' ? sqliteBytes(t.url) : await postgresText(t);
    for (const secret of [VICTIM, 'Held Victim Oyelaran', 'Late Victim Danjuma']) expect(raw.includes(secret), `${secret} found in the raw database`).toBe(false);
    const sealedRows = async () => [
      ...(await db.selectFrom('incident_versions').select(['payload', 'key_id']).where('key_id', 'is not', null).execute()),
      ...(await db.selectFrom('incident_conflicts').select(['payload', 'key_id']).where('key_id', 'is not', null).execute()),
    ];
    const before = await sealedRows();
    expect(before.length).toBeGreaterThanOrEqual(2);

    const oldKeys = readKeyFile(keyFile);
    const fresh = newMasterKey();
    const report = await rotateMasterKeys(ctx, operatorActor, { kind: 'environment', keys: [fresh, ...oldKeys] }, { graceMs: 0, batchSize: 1 });
    expect(report.keyId).toBe(fresh.id);
    const after = await sealedRows();
    expect(new Set(after.map((r) => r.key_id))).toEqual(new Set([fresh.id]));
    expect(after.map((r) => r.payload).sort()).toEqual(before.map((r) => r.payload).sort());
    expect([...(await t.store.sensitiveKeys.countByKey(db)).keys()]).toEqual([fresh.id]);

    const withNew = await openStore(t.url, { migrate: false, masterKeys: () => staticKeyring([fresh]) });
    const withOld = await openStore(t.url, { migrate: false, masterKeys: () => staticKeyring(oldKeys) });
    try {
      const seq = (await withNew.incidents.findKeyById(withNew.connection.db, id, 'system'))!.seq;
      const version1 = await withNew.incidentHistory.dataOfVersion(withNew.connection.db, seq, id, 1);
      expect(version1?.sensitive.victims[0]?.name).toBe(VICTIM);
      const [conflict] = await withNew.incidentHistory.conflictsOf(withNew.connection.db, seq, 'open', true);
      expect(JSON.stringify([conflict?.held, conflict?.proposed])).toContain('Late Victim Danjuma');
      await expect(withOld.incidentHistory.dataOfVersion(withOld.connection.db, seq, id, 1)).rejects.toThrow(/not in the keyring/);
      await expect(withOld.incidentHistory.conflictsOf(withOld.connection.db, seq, 'open', true)).rejects.toThrow(/not in the keyring/);
    } finally {
      await withNew.connection.close();
      await withOld.connection.close();
    }
  });
});
