import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileAtomically } from '../../src/infrastructure/atomic-file.js';
import { loadOrCreateSigningKey } from '../../src/infrastructure/ledger-keys.js';
import { FileKeyring, readKeyFile } from '../../src/application/master-keys.js';

describe('key files created on first use, safe against a crash mid-creation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-key-files-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the whole file, owner-only, and leaves no temporary file behind', async () => {
    const file = join(dir, 'sub', 'key');
    expect(createFileAtomically(file, 'secret\n', 0o600)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('secret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'sub'))).toEqual(['key']);
  });

  it('never replaces a file that exists: the first creator wins', async () => {
    const file = join(dir, 'key');
    await writeFile(file, 'first\n');
    expect(createFileAtomically(file, 'second\n', 0o600)).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect(await readdir(dir)).toEqual(['key']);
  });

  it('a temporary file left by a killed process does not stand in the way', async () => {
    const file = join(dir, 'ledger-key.pem');
    await writeFile(`${file}.99999.1.tmp`, '');
    const key = loadOrCreateSigningKey(file);
    expect(loadOrCreateSigningKey(file).keyId).toBe(key.keyId);
  });

  it('the ledger key and the master key file are created whole and then reused', async () => {
    const ledgerFile = join(dir, 'ledger-key.pem');
    const created = loadOrCreateSigningKey(ledgerFile);
    expect(await readFile(ledgerFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(loadOrCreateSigningKey(ledgerFile).keyId).toBe(created.keyId);

    const masterFile = join(dir, 'master-key');
    const current = new FileKeyring(masterFile).current;
    expect(readKeyFile(masterFile).map((k) => k.id)).toEqual([current.id]);
    expect(new FileKeyring(masterFile).current.id).toBe(current.id);
  });
});
