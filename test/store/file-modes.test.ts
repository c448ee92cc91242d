import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { backupDatabase } from '../../src/application/backup.service.js';
import { evidenceSidecarOf } from '../../src/application/evidence-backup.js';
import { openStore } from '../../src/store/store.js';
import { multipart, PLAIN_JPEG } from '../support/evidence-files.js';

const PASSWORD = 'correct horse battery staple';
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every directory and file under `root`, with its mode. */
function modesUnder(root: string): { path: string; dir: boolean; mode: number }[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).map((d) => {
    const path = join(d.parentPath, d.name);
    return { path, dir: d.isDirectory(), mode: modeOf(path) };
  });
}

describe('files Haven creates are its own: 0600 files, 0700 directories (SQLite and the evidence store only: PostgreSQL keeps its files in its own server directory)', () => {
  let root: string | undefined;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the data directory, the SQLite database with its -wal and -shm, the evidence store, its files and a backup with no access for anyone else', async () => {
    root = await mkdtemp(join(tmpdir(), 'haven-modes-'));
    const data = join(root, 'data');
    const database = join(data, 'haven.db');
    const store = await openStore(database);
    const ctx = createAppContext(store, { evidenceDir: join(data, 'evidence'), ledgerKeyFile: join(data, 'ledger-key.pem') });
    const app = await buildServer(ctx);
    try {
      await createUserAsOperator(ctx, { username: 'investigator', displayName: 'Investigator', role: 'investigator', password: PASSWORD });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'investigator', password: PASSWORD } });
      const cookie = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
      const form = multipart([{ name: 'file', fileName: 'photo.jpg', contentType: 'image/jpeg', data: PLAIN_JPEG }]);
      const uploaded = await app.inject({ method: 'POST', url: '/api/v1/evidence', payload: form.body, headers: { cookie, 'content-type': form.contentType } });
      expect(uploaded.statusCode, uploaded.body).toBe(201);

      expect(modeOf(data).toString(8)).toBe('700');
      for (const file of [database, `${database}-wal`, `${database}-shm`]) expect(modeOf(file).toString(8), file).toBe('600');
      expect(modeOf(join(data, 'ledger-key.pem')).toString(8)).toBe('600');

      const evidence = modesUnder(join(data, 'evidence'));
      expect(evidence.filter((e) => !e.dir).length).toBeGreaterThanOrEqual(2); // the original and its working copy
      for (const entry of evidence) expect(entry.mode.toString(8), entry.path).toBe(entry.dir ? '700' : '400');
      expect(modeOf(join(data, 'evidence')).toString(8)).toBe('700');

      const backup = join(root, 'haven.backup');
      await backupDatabase(ctx, backup);
      expect(modeOf(backup).toString(8)).toBe('600');
      const sidecar = evidenceSidecarOf(backup);
      expect(modeOf(sidecar).toString(8)).toBe('700');
      const copies = modesUnder(sidecar);
      expect(copies.filter((e) => !e.dir).length).toBeGreaterThanOrEqual(2);
      for (const entry of copies) expect(entry.mode.toString(8), entry.path).toBe(entry.dir ? '700' : '600');
    } finally {
      await app.close();
      await store.connection.close();
    }
  });
});
