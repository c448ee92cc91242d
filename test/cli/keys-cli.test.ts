import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { FileKeyring, readKeyFile } from '../../src/application/master-keys.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';

const VICTIM = 'Zainab Orrinwood';

describe('haven keys rotate and sensitive export at the shell', () => {
  let dir: string;
  let database: string;
  let keyFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-keys-cli-'));
    database = join(dir, 'haven.db');
    keyFile = join(dir, 'master-key');
    const store = await openStore(database, { masterKeys: () => new FileKeyring(keyFile) });
    try {
      const ctx = createAppContext(store);
      const user = await createUserAsOperator(ctx, { username: 'ines', displayName: 'Ines', role: 'investigator', password: 'a long enough passphrase' });
      const actor = { id: user.id, username: user.username, role: user.role };
      for (let i = 0; i < 5; i++) {
        await recordIncident(ctx, actor, { ...validIncident(), title: `Named incident ${i}`, sensitive: { victims: [{ name: VICTIM }] } });
      }
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('rotates the master key: re-wraps every data key in batches, leaves the new key alone in the file, and the data reads', async () => {
    const [before] = readKeyFile(keyFile);
    const rotated = await haven(['--master-key', keyFile, 'keys', 'rotate', '--batch-size', '2'], { database });
    expect(rotated.code, rotated.stderr).toBe(0);
    const keys = readKeyFile(keyFile);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.id).not.toBe(before!.id);
    expect(rotated.stdout).toContain(`master key is now ${keys[0]!.id}: re-wrapped 5 data keys`);
    expect(rotated.stdout).toContain(`retired ${before!.id}`);
    expect(rotated.stderr).toContain('re-wrapped 5 of 5');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(database).toString('latin1').includes(VICTIM)).toBe(false);

    // Running it again is harmless: a fresh key, nothing left under the old one.
    const again = await haven(['--master-key', keyFile, 'keys', 'rotate'], { database });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('re-wrapped 5 data keys');
  });

  it('exports sensitive details only as a permitted user, within consent', async () => {
    const common = ['--master-key', keyFile, 'export', '--format', 'csv', '--include-sensitive', '--purpose', 'publication', '--recipient', 'public'];
    const asOperator = await haven(common, { database });
    expect(asOperator.code).toBe(1);
    expect(asOperator.stderr).toContain('may not incident export sensitive');
    const refused = await haven([...common, '--as', 'ines'], { database });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('export refused: 5 person records have not consented');
    expect(refused.stderr).not.toContain(VICTIM);
    const allowed = await haven(['--master-key', keyFile, 'export', '--include-sensitive', '--purpose', 'documentation', '--recipient', 'mission_internal', '--as', 'ines'], { database });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(VICTIM);
    const minimised = await haven(['--master-key', keyFile, 'export'], { database });
    expect(minimised.stdout).toContain('Named incident');
    expect(minimised.stdout).not.toContain(VICTIM);
  });
});
