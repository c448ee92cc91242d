import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incident.schema.js';
import { haven } from '../support/cli-runner.js';
import { openTestStore, type TestStore } from '../support/databases.js';

// Each step spawns the real command (a TypeScript start-up of a few seconds on a busy machine): generous time limits.
describe('the haven command', { timeout: 120_000 }, () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('migrates a new database, then finds nothing to do', async () => {
    const first = await haven(['db', 'migrate'], { database });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Success: 0001-incident-register');
    const second = await haven(['db', 'migrate'], { database });
    expect(second.stdout).toContain('already up to date');
  });

  it('adds users with a role, refuses duplicates and unknown roles', async () => {
    const added = await haven(['user', 'add', '--username', 'amina', '--role', 'analyst', '--password-stdin'], { database, stdin: 'a long enough passphrase\n' });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('created analyst amina');
    const generated = await haven(['user', 'add', '--username', 'ben', '--role', 'viewer'], { database });
    expect(generated.stdout).toMatch(/one-time password \(shown once; to be changed at first sign-in\): \S{20,}/);
    const duplicate = await haven(['user', 'add', '--username', 'amina', '--role', 'viewer'], { database });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const badRole = await haven(['user', 'add', '--username', 'carl', '--role', 'general'], { database });
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('general');
  });

  it('lists incidents with the API’s filters, page by page or all at once', async () => {
    const loaded = await haven(['demo', 'load', '--incidents', '400'], { database });
    expect(loaded.stdout).toContain('created 400');
    expect(loaded.stdout).toMatch(/3 proposed uses of force submitted; [1-9]\d* protected sites, 4 zones and 1 agreements added/);
    const again = await haven(['demo', 'load', '--incidents', '400'], { database });
    expect(again.stdout).toContain('unchanged 400; 0 proposed uses of force submitted; 0 protected sites, 0 zones and 0 agreements added');
    const page = await haven(['incidents', 'list', '--json', '--countries', 'NGA', '--min-deaths', '5', '--limit', '7'], { database });
    expect(page.code, page.stderr).toBe(0);
    const { items, nextCursor } = JSON.parse(page.stdout) as { items: Incident[]; nextCursor: string | null };
    expect(items.length).toBe(7);
    for (const i of items) {
      expect(i.location.country).toBe('NGA');
      expect(i.killed.best).toBeGreaterThanOrEqual(5);
    }
    const next = await haven(['incidents', 'list', '--json', '--countries', 'NGA', '--min-deaths', '5', '--limit', '7', '--cursor', nextCursor!], { database });
    const second = (JSON.parse(next.stdout) as { items: Incident[] }).items;
    expect(second.map((i) => i.id)).not.toContain(items[0]!.id);
    const all = JSON.parse((await haven(['incidents', 'list', '--json', '--all', '--countries', 'NGA', '--min-deaths', '5'], { database })).stdout) as Incident[];
    expect(all.slice(0, 14).map((i) => i.id)).toEqual([...items, ...second].map((i) => i.id));
  });

  it('says which filter is wrong and why', async () => {
    const bad = await haven(['incidents', 'list', '--min-deaths', 'many', '--countries', 'XXX'], { database });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('minDeaths');
    expect(bad.stderr).toContain('countries');
  });

  describe('backup and restore', () => {
    let pg: TestStore;
    beforeAll(async () => {
      pg = await openTestStore('postgres');
    });
    afterAll(() => pg?.cleanup());

    it('moves the whole register from SQLite into PostgreSQL', async () => {
      const file = join(dir, 'register.haven.gz');
      const backup = await haven(['backup', file], { database });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain('400 incidents');
      const refused = await haven(['restore', file], { database: pg.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--yes');
      const restored = await haven(['restore', file, '--yes'], { database: pg.url });
      expect(restored.code, restored.stderr).toBe(0);
      const fromSqlite = JSON.parse((await haven(['incidents', 'list', '--json', '--all'], { database })).stdout) as Incident[];
      const fromPostgres = JSON.parse((await haven(['incidents', 'list', '--json', '--all'], { database: pg.url })).stdout) as Incident[];
      expect(fromPostgres).toEqual(fromSqlite);
    });
  });
});
