import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';

const XLSX_FILE = new URL('../fixtures/spreadsheets/who-ssa-invented.xlsx', import.meta.url).pathname;
const CSV_FILE = new URL('../fixtures/spreadsheets/who-ssa-invented.csv', import.meta.url).pathname;
const PRESET = new URL('../../docs/examples/mappings/who-ssa.json', import.meta.url).pathname;

describe('haven import with a column mapping', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-sheets-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('previews without writing, then imports, and a re-import of the CSV version changes nothing', async () => {
    const preview = await haven(['import', XLSX_FILE, '--mapping', PRESET, '--preview', '9'], { database });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('xlsx, sheet "SSA" (sheets: SSA, About)');
    expect(preview.stdout).toContain('row 2: 2024-01-09 UKR (country)');
    expect(preview.stdout).toMatch(/row 9: .*\n\s+refused: Country \/ Territory: "Atlantis" is not a country name in English/);
    const imported = await haven(['import', XLSX_FILE, '--mapping', PRESET], { database });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('reading sheet "SSA" of xlsx');
    expect(imported.stdout).toContain('9 rows: created 6, updated 0, unchanged 0, rejected 3');
    expect(imported.stdout).toContain('row 8: Attack Date: "not known" is not a date as a spreadsheet day number (or YYYY-MM-DD)');
    const again = await haven(['import', CSV_FILE, '--mapping', PRESET], { database });
    expect(again.stdout).toContain('9 rows: created 0, updated 0, unchanged 6, rejected 3');
  });

  it('refuses an unknown sheet, naming the sheets there are', async () => {
    const result = await haven(['import', XLSX_FILE, '--mapping', PRESET, '--sheet', 'Attacks'], { database });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('there is no sheet "Attacks"; the sheets are: SSA, About');
  });
});
