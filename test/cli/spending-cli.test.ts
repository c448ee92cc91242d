import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MilexSeriesAnswer } from '../../src/core/spending/spending-api.schema.js';
import { haven } from '../support/cli-runner.js';
import { realFixture } from '../support/real-fixtures.js';

const FILE = realFixture('sipri/milex-2019-2025-and-selected-series.csv');
const records = parse<Record<string, string>>(readFileSync(FILE), { columns: true, bom: true });

describe('haven spending', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-spending-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("imports SIPRI's file, says what it did, and prints a series with its gaps explained", async () => {
    const imported = await haven(['spending', 'import', FILE, '--release', 'SIPRI 2025'], { database });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const headings = records.filter((r) => ['Central Asia', 'East Asia'].includes(r.country!)).length;
    expect(imported.stdout).toContain(`SIPRI 2025: ${records.length - headings} rows`);
    expect(imported.stdout).toContain('constant prices of 2024');
    const series = await haven(['spending', 'series', '--country', 'TCD,USSR', '--measure', 'shareOfGdp', '--from', '1990', '--to', '1992'], { database });
    const chad1990 = Number(records.find((r) => r.country === 'Chad' && r.year === '1990')!.share_of_gdp);
    expect(series.stdout).toContain(`1990\t${(chad1990 * 100).toFixed(2)} %`);
    expect(series.stdout).toMatch(/USSR — shareOfGdp\n {2}1990\t.*\n {2}1991\t.*\n {2}1992\tno figure\t\(not independent\)/);
    const json = JSON.parse((await haven(['spending', 'series', '--country', 'NGA', '--from', '2024', '--to', '2024', '--json'], { database })).stdout) as MilexSeriesAnswer;
    expect(json.series[0]!.points[0]!.value).toBe(Number(records.find((r) => r.country === 'Nigeria' && r.year === '2024')!.milex_const2024_usd_m));
  });

  it('refuses a file that is not the long table, once, in plain words', async () => {
    const other = join(dir, 'other.csv');
    await writeFile(other, 'country,year,spending\nChad,2020,10\n');
    const refused = await haven(['spending', 'import', other], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.split('\n')[0]).toBe("haven: this is not SIPRI's long table of military expenditure: the header lacks milex_const<YEAR>_usd_m, milex_current_usd_m, share_of_gdp, per_capita_current_usd, share_of_govt_spending");
  });
});
