import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../src/application/auth.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { USERNAME_MAX_FAILURES } from '../../src/core/sign-in-policy.js';
import type { UserAccount } from '../../src/core/user-account.schema.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';

const PASSWORD = 'a long enough passphrase';

describe('haven user: the team managed from the shell', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cli-users-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const accounts = async (): Promise<UserAccount[]> => {
    const listed = await haven(['user', 'list', '--json'], { database });
    expect(listed.code, listed.stderr).toBe(0);
    return JSON.parse(listed.stdout) as UserAccount[];
  };
  const account = async (username: string) => (await accounts()).find((a) => a.username === username)!;

  it('lists users with role, status, last sign-in, second factor and sessions, as a table and as JSON', async () => {
    for (const [username, role] of [['chief', 'administrator'], ['amina', 'analyst']]) {
      const added = await haven(['user', 'add', '--username', username!, '--role', role!, '--password-stdin'], { database, stdin: `${PASSWORD}\n` });
      expect(added.code, added.stderr).toBe(0);
    }
    const store = await openStore(database);
    try {
      await login(createAppContext(store), { username: 'amina', password: PASSWORD });
    } finally {
      await store.connection.close();
    }
    const table = await haven(['user', 'list'], { database });
    expect(table.stdout).toMatch(/^USERNAME\s+ROLE\s+STATUS\s+LAST SIGN-IN\s+TOTP\s+SESSIONS/);
    expect(table.stdout).toMatch(/amina\s+analyst\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+none\s+1/);
    expect(table.stdout).toMatch(/chief\s+administrator\s+active\s+never\s+none\s+0/);
    const amina = await account('amina');
    expect(amina).toMatchObject({ role: 'analyst', disabled: false, totp: 'none', lockedUntil: null, activeSessions: 1, mustChangePassword: false });
    expect(amina.lastSignInAt).not.toBeNull();
  });

  it('changes a role, and the last active administrator keeps theirs', async () => {
    const changed = await haven(['user', 'set-role', '--username', 'amina', '--role', 'investigator'], { database });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('amina is now investigator');
    expect((await account('amina')).role).toBe('investigator');
    const lastAdmin = await haven(['user', 'set-role', '--username', 'chief', '--role', 'viewer'], { database });
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toContain('chief is the last active administrator');
    expect((await account('chief')).role).toBe('administrator');
    const badRole = await haven(['user', 'set-role', '--username', 'amina', '--role', 'general'], { database });
    expect(badRole.code).not.toBe(0);
    const unknown = await haven(['user', 'set-role', '--username', 'nobody', '--role', 'viewer'], { database });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user nobody');
  });

  it('disables (sessions end, sign-in refused) and enables; never the last active administrator', async () => {
    const disabled = await haven(['user', 'disable', '--username', 'amina'], { database });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('amina disabled; 1 session(s) ended');
    expect(await account('amina')).toMatchObject({ disabled: true, activeSessions: 0 });
    const store = await openStore(database);
    try {
      await expect(login(createAppContext(store), { username: 'amina', password: PASSWORD })).rejects.toThrow(/wrong username or password/);
    } finally {
      await store.connection.close();
    }
    expect((await haven(['user', 'enable', '--username', 'amina'], { database })).stdout).toContain('amina enabled');
    expect((await account('amina')).disabled).toBe(false);
    const lastAdmin = await haven(['user', 'disable', '--username', 'chief'], { database });
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toContain('last active administrator');
  });

  it('unlocks a user locked out by failed sign-ins, and says when there was nothing to unlock', async () => {
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      for (let i = 0; i < USERNAME_MAX_FAILURES; i++) await login(ctx, { username: 'amina', password: 'not the passphrase' }).catch(() => undefined);
      await expect(login(ctx, { username: 'amina', password: PASSWORD })).rejects.toThrow(/too many failed sign-ins/);
      expect((await account('amina')).lockedUntil).not.toBeNull();
      const unlocked = await haven(['user', 'unlock', '--username', 'amina'], { database });
      expect(unlocked.stdout).toContain('unlocked amina');
      expect((await account('amina')).lockedUntil).toBeNull();
      await expect(login(ctx, { username: 'amina', password: PASSWORD })).resolves.toMatchObject({ user: { username: 'amina' } });
      expect((await haven(['user', 'unlock', '--username', 'amina'], { database })).stdout).toContain('amina was not locked out');
    } finally {
      await store.connection.close();
    }
  });

  it('resets a password: a one-time password printed once, sessions ended, to be changed at the next sign-in', async () => {
    const reset = await haven(['user', 'reset-password', '--username', 'amina'], { database });
    expect(reset.code, reset.stderr).toBe(0);
    const oneTime = /one-time password \(shown once; to be changed at first sign-in\): (\S{20,})/.exec(reset.stdout)?.[1];
    expect(oneTime).toBeDefined();
    expect(reset.stdout).toMatch(/reset the password of amina; 1 session\(s\) ended/);
    expect(await account('amina')).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      await expect(login(ctx, { username: 'amina', password: PASSWORD })).rejects.toThrow(/wrong username or password/);
      await expect(login(ctx, { username: 'amina', password: oneTime! })).resolves.toMatchObject({ user: { username: 'amina' } });
      const user = (await store.users.findByUsername(store.connection.db, 'amina'))!;
      const actions = (await store.audit.forEntity(store.connection.db, 'user', user.id)).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.role_change', 'user.disable', 'user.enable', 'user.unlock', 'user.password_reset', 'session.lockout']));
    } finally {
      await store.connection.close();
    }
  });
});

describe('haven demo load --team', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cli-team-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds one user per role besides the administrator, prints each password once, and leaves them alone when run again', async () => {
    const database = join(dir, 'haven.db');
    const first = await haven(['demo', 'load', '--incidents', '20', '--team'], { database });
    expect(first.code, first.stderr).toBe(0);
    const printed = [...first.stdout.matchAll(/^ {2}(demo-\S+)\s+(\S+)\s+(\S{20,})$/gm)].map(([, username, role, password]) => ({ username: username!, role: role!, password: password! }));
    expect(printed.map((m) => m.role).sort()).toEqual(['analyst', 'auditor', 'civilian_authority', 'commander', 'human_security_advisor', 'investigator', 'viewer']);
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      for (const member of printed) await expect(login(ctx, { username: member.username, password: member.password })).resolves.toMatchObject({ user: { role: member.role } });
    } finally {
      await store.connection.close();
    }
    const again = await haven(['demo', 'load', '--incidents', '20', '--team'], { database });
    expect(again.stdout.match(/already there: password unchanged/g)).toHaveLength(7);
  });
});

describe('haven at the shell', () => {
  it('prints its version', async () => {
    const { readFile } = await import('node:fs/promises');
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const printed = await haven(['--version'], { database: join(tmpdir(), 'haven-version-unused.db') });
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim()).toBe(version);
  });

  it('prints each problem once, in plain words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'haven-cli-words-'));
    try {
      const wrong = await haven(['incidents', 'list', '--from', '2023-13-01', '--statuses', 'maybe'], { database: join(dir, 'haven.db') });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trim()).toBe(
        'haven: filter is invalid: from: must be a date as YYYY-MM-DD; statuses.0: must be one of: reported, under_review, verified, contested, discounted',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
