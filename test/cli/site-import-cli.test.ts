/**
 * `haven sites import` on files shaped like real ones that failed (test/fixtures/sites), on both databases: an
 * id-less WHO-shaped list imported twice, and a list whose rejected rows have two issues each.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';
import { createDatabase, DATABASES } from '../support/databases.js';

const path = (name: string) => fileURLToPath(new URL(`../fixtures/sites/${name}`, import.meta.url));
const records = (name: string): Record<string, string>[] => parse(readFileSync(path(name)), { columns: true, skip_empty_lines: true });
// Each run starts a process; the machine may be busy.
const SLOW = 180_000;

describe.each(DATABASES)('haven sites import on %s', (kind) => {
  let dir: string;
  let database: { url: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-site-import-cli-'));
    database = kind === 'sqlite' ? { url: join(dir, 'haven.db'), remove: async () => undefined } : await createDatabase(kind);
  });
  afterAll(async () => {
    await database?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'imports an id-less list twice: the second run creates nothing and finds every site unchanged',
    async () => {
      const rows = records('who-facilities.csv');
      const args = ['sites', 'import', path('who-facilities.csv'), '--mapping', path('who-facilities.mapping.json')];
      const first = await haven([...args, '--json'], { database: database.url });
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ format: 'csv', created: rows.length, updated: 0, unchanged: 0, rejectedRows: 0 });
      const again = await haven(args, { database: database.url });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`created 0, updated 0, unchanged ${rows.length}, rejected 0 rows`);
      const listed = await haven(['sites', 'list', '--dataset', 'who-ssd-facilities', '--limit', '1', '--json'], { database: database.url });
      expect(JSON.parse(listed.stdout).total).toBe(rows.length);
    },
    SLOW,
  );

  it(
    'says how many rows were rejected, and how many issues they had',
    async () => {
      const rows = records('unplaced-schools.csv');
      const unplaced = rows.filter((r) => !Number.isFinite(Number.parseFloat(r.Lat!)) || !Number.isFinite(Number.parseFloat(r.Lon!)));
      const out = await haven(['sites', 'import', path('unplaced-schools.csv'), '--mapping', path('unplaced-schools.mapping.json')], { database: database.url });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(`created ${rows.length - unplaced.length}, updated 0, unchanged 0, rejected ${unplaced.length} rows (${unplaced.length * 2} issues)`);
    },
    SLOW,
  );

  it(
    'names unnamed OpenStreetMap facilities and says how many',
    async () => {
      const rows = records('osm-health.csv');
      const out = await haven(['sites', 'import', path('osm-health.csv'), '--mapping', path('osm-health.mapping.json')], { database: database.url });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(`created ${rows.length}, updated 0, unchanged 0, rejected 0 rows`);
      expect(out.stdout).toContain(`${rows.filter((r) => r.name === '').length} unnamed sites named from their type and place`);
    },
    SLOW,
  );
});
