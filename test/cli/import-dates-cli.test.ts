import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE } from '../support/cli-bundle.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DATES = join(ROOT, 'test/fixtures/dates');

function haven(database: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_BUNDLE, '--database', database, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('haven import: date orders, refusals and exit status', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cli-dates-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('asks for --date-order when the dates cannot tell, exits 3 when every row is rejected, and imports as told', { timeout: 120_000 }, async () => {
    const db = join(dir, 'ask.db');
    const file = join(DATES, 'ged-excel-us-undecided.csv');
    const asked = await haven(db, 'import', file);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('date_start');
    expect(asked.stderr).toContain('--date-order');

    const wrongFormat = await haven(db, 'import', '--format', 'acled', file);
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toContain('event_id_cnty');

    const strictDayFirst = await haven(db, 'import', '--date-order', 'mdy', '--format', 'ged', '--strict', join(DATES, 'ged-mixed-orders.csv'));
    expect(strictDayFirst.code).toBe(1);
    expect(strictDayFirst.stderr).toContain('mixes two date orders');

    const told = await haven(db, 'import', '--date-order', 'mdy', file);
    expect(told.code, told.stderr).toBe(0);
    expect(told.stdout).toContain('created 5');
    expect(told.stderr).toContain('month-first');
  });

  it('exits 3 when every row is rejected, and says so in its help', { timeout: 120_000 }, async () => {
    const db = join(dir, 'rejected.db');
    // A GED file whose date columns a spreadsheet emptied: every row is rejected, by GED's own column.
    const rows = parse<Record<string, string>>(await readFile(join(DATES, 'ged-excel-us.csv')), { columns: true });
    const file = join(dir, 'no-dates.csv');
    await writeFile(file, stringify(rows.map((r) => ({ ...r, date_start: '', date_end: '' })), { header: true }));
    const allBad = await haven(db, 'import', file);
    expect(allBad.code).toBe(3);
    expect(allBad.stdout).toContain(`rejected ${rows.length}`);
    expect(allBad.stdout).toContain('date_start: is empty');
    expect(allBad.stderr).toContain('every row was rejected');

    const good = await haven(db, 'import', join(DATES, 'ged-excel-us.csv'));
    expect(good.code, good.stderr).toBe(0);
    const help = await haven(db, 'import', '--help');
    expect(help.stdout).toContain('Exit status');
    expect(help.stdout).toContain('3 when every row was rejected');
    expect(help.stdout).toContain('--date-order');
  });
});
