import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { FileKeyring } from '../../src/application/master-keys.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';

describe('haven sync: identity, peers, export and import across an air gap', () => {
  let dir: string;
  let incidentId: string;
  const instance = (name: string) => ({
    database: join(dir, `${name}.db`),
    args: ['--ledger-key', join(dir, name, 'ledger-key.pem'), '--master-key', join(dir, name, 'master-key'), '--evidence-dir', join(dir, name, 'evidence')],
  });
  const run = (name: string, args: string[], stdin?: string) => haven([...instance(name).args, 'sync', ...args], { database: instance(name).database, ...(stdin !== undefined && { stdin }) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-sync-cli-'));
    for (const name of ['field', 'hq']) {
      const keyring = new FileKeyring(join(dir, name, 'master-key'));
      const store = await openStore(instance(name).database, { masterKeys: () => keyring });
      try {
        const ctx = createAppContext(store, { ledgerKeyFile: join(dir, name, 'ledger-key.pem') });
        const user = await createUserAsOperator(ctx, { username: `analyst-${name}`, displayName: 'An analyst', role: 'analyst', password: 'correct horse battery staple' });
        if (name === 'field') incidentId = (await recordIncident(ctx, { id: user.id, username: user.username, role: 'analyst' }, validIncident())).id;
      } finally {
        await store.connection.close();
      }
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exchanges identities, carries an incident from the field office to headquarters once, and refuses its own bundle and a cursor it cannot read', { timeout: 120_000 }, async () => {
    const fieldIdentity = await run('field', ['identity']);
    expect(fieldIdentity.code, fieldIdentity.stderr).toBe(0);
    expect(fieldIdentity.stdout).toMatch(/^-----BEGIN HAVEN INSTANCE IDENTITY-----\nname: .+\ninstance: haven-[0-9a-f]{32}\nsigning-key-ed25519: .+\nreceiving-key-x25519: .+\n-----END HAVEN INSTANCE IDENTITY-----\n$/);
    const hqIdentity = await run('hq', ['identity']);
    await writeFile(join(dir, 'hq.identity'), hqIdentity.stdout);

    expect((await run('field', ['peers', 'add', 'hq', join(dir, 'hq.identity')])).code).toBe(0);
    const added = await run('hq', ['peers', 'add', 'field', '-'], fieldIdentity.stdout);
    expect(added.code, added.stderr).toBe(0);
    const fieldId = /instance: (haven-[0-9a-f]{32})/.exec(fieldIdentity.stdout)![1]!;
    expect(added.stdout).toContain(`registered field: instance ${fieldId}`);
    expect((await run('hq', ['peers', 'list'])).stdout).toContain(`field                    ${fieldId}`);

    // A block with one character of its key changed no longer matches its instance id.
    const altered = fieldIdentity.stdout.replace(/(signing-key-ed25519: .{20})(.)/, (_, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`);
    const refused = await run('hq', ['peers', 'add', 'other', '-'], altered);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not an Ed25519 public key|does not belong to the signing key/);

    const bundle = join(dir, 'to-hq.bundle');
    const exported = await run('field', ['export', '--to', 'hq', '--as', 'analyst-field', '-o', bundle]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/for hq: bundle 1, 1 incidents, 0 evidence items, \d+ ledger entries/);
    expect(exported.stdout).toContain('hq has acknowledged no bundle yet');
    expect((await readFile(bundle)).toString('latin1')).not.toContain(validIncident().title);

    const imported = await run('hq', ['import', bundle, '--as', 'analyst-hq']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('created 1, merged 0, unchanged 0, conflicts 0, refused 0');
    expect(imported.stdout).toContain(`created   incident ${incidentId}`);
    expect((await run('hq', ['peers', 'verify-ledger', 'field'])).stdout).toMatch(/field's chain verified/);

    const again = await run('hq', ['import', bundle, '--as', 'analyst-hq']);
    expect(again.stdout).toContain('was imported before: nothing changed');

    // Until hq acknowledges it, the next bundle carries the incident again (in case the first was lost).
    const unacknowledged = await run('field', ['export', '--to', 'hq', '--as', 'analyst-field', '--since', 'last', '-o', join(dir, 'second.bundle'), '--json']);
    expect(JSON.parse(unacknowledged.stdout)).toMatchObject({ sequence: 2, acknowledgedByPeer: 0, incidents: 1, carriedAgain: 1 });
    // hq's bundle back acknowledges the first; then nothing new is left for hq.
    const back = join(dir, 'to-field.bundle');
    const exportedBack = await run('hq', ['export', '--to', 'field', '--as', 'analyst-hq', '-o', back]);
    expect(exportedBack.stdout).toContain("this bundle acknowledges field's bundles up to 1");
    expect((await run('field', ['import', back, '--as', 'analyst-field'])).code).toBe(0);
    const nothing = await run('field', ['export', '--to', 'hq', '--as', 'analyst-field', '--since', 'last', '-o', join(dir, 'third.bundle'), '--json']);
    expect(JSON.parse(nothing.stdout)).toMatchObject({ sequence: 3, acknowledgedByPeer: 1, incidents: 0, carriedAgain: 0 });

    // The field office cannot import its own bundle; a bundle for hq is not for the field office either way.
    const own = await run('field', ['import', bundle]);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('it was made by this instance');

    const badSince = await run('field', ['export', '--to', 'hq', '--as', 'analyst-field', '--since', 'yesterday', '-o', join(dir, 'fourth.bundle')]);
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toContain("--since must be 'last' or an ISO 8601 time");
  });
});
