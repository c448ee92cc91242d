import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';
import { CLI_BUNDLE } from '../support/cli-bundle.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** About as many events as the whole Myanmar GED file five times over: an import that takes long enough to be killed. */
const EVENTS = 36_000;

/** A large GED file made of the Myanmar subset's events repeated under new ids. */
async function writeLargeGed(file: string): Promise<number> {
  const rows: Record<string, string>[] = [];
  for await (const row of createReadStream(realFixture('ucdp/ged241-myanmar-every50th.csv')).pipe(parse({ columns: true, bom: true }))) rows.push(row as Record<string, string>);
  const copies = Math.ceil(EVENTS / rows.length);
  const out = stringify({ header: true, columns: Object.keys(rows[0]!) });
  const done = new Promise<void>((resolve) => out.pipe(createWriteStream(file)).on('close', () => resolve()));
  for (let copy = 0; copy < copies; copy++) for (const row of rows) out.write({ ...row, id: `${copy}-${row.id}` });
  out.end();
  await done;
  return rows.length * copies;
}

function havenImport(file: string, database: string): ChildProcess {
  // One node process running the bundled command, so the signal kills the importer itself, not a wrapper around it.
  return spawn(process.execPath, [CLI_BUNDLE, '--database', database, 'import', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

const finished = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

describe.each(DATABASES)('an import killed with SIGKILL on %s', (kind) => {
  let dir: string;
  let t: TestStore;
  let file: string;
  let total: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-crash-'));
    file = join(dir, 'large-ged.csv');
    total = await writeLargeGed(file);
    t = await openTestStore(kind);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from incidents`.execute(t.store.connection.db)).rows[0]!.n);

  it('leaves whole batches only, and a rerun completes the import without duplicates', async () => {
    const child = havenImport(file, t.url);
    const exited = finished(child);
    // Kill it once some batches have landed, well before the end.
    let seen = 0;
    for (let i = 0; i < 600 && seen < 3000; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await count();
    }
    child.kill('SIGKILL');
    await exited;
    const afterCrash = await count();
    expect(afterCrash).toBeGreaterThan(0);
    expect(afterCrash).toBeLessThan(total);
    // Batches are atomic: only whole batches of 1000 were committed.
    expect(afterCrash % 1000).toBe(0);
    const db = t.store.connection.db;
    const orphans = await sql<{ n: number }>`
      select count(*) as n from incidents i
      where not exists (select 1 from verification_events v where v.incident_seq = i.seq)
         or not exists (select 1 from incident_sources s where s.incident_seq = i.seq)`.execute(db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);
    const audits = await sql<{ n: number }>`select count(*) as n from audit_log where action = 'incident.import.create'`.execute(db);
    expect(Number(audits.rows[0]!.n)).toBe(afterCrash);

    const rerun = havenImport(file, t.url);
    let output = '';
    rerun.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    expect(await finished(rerun)).toBe(0);
    expect(output).toContain(`${total} rows: created ${total - afterCrash}, updated 0, unchanged ${afterCrash}, rejected 0`);
    expect(await count()).toBe(total);
  }, 180_000);
});
