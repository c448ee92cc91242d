import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { confirmedTotpOf, enrolTotp } from '../../src/application/totp.service.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';

describe('haven user reset-totp', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cli-totp-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("removes a user's second factor and records it; an unknown user is an error", async () => {
    const added = await haven(['user', 'add', '--username', 'lost-phone', '--role', 'analyst', '--password-stdin'], { database, stdin: 'a long enough passphrase\n' });
    expect(added.code, added.stderr).toBe(0);
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const user = (await store.users.findByUsername(store.connection.db, 'lost-phone'))!;
      await enrolTotp(ctx, { id: user.id, username: user.username, role: user.role });
      // Confirmed straight in the store: the code exchange itself is tested over HTTP.
      const pending = (await store.totp.find(store.connection.db, user.id))!;
      await store.totp.save(store.connection.db, { ...pending, confirmedAt: new Date().toISOString() });
      expect(await confirmedTotpOf(ctx, user.id)).toBeDefined();

      const reset = await haven(['user', 'reset-totp', '--username', 'lost-phone'], { database });
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain('removed the second factor of lost-phone');
      expect(await confirmedTotpOf(ctx, user.id)).toBeUndefined();
      expect((await store.audit.forEntity(store.connection.db, 'user', user.id)).map((e) => e.action)).toContain('user.totp_reset');

      const unknown = await haven(['user', 'reset-totp', '--username', 'nobody'], { database });
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('nobody');
    } finally {
      await store.connection.close();
    }
  });
});
