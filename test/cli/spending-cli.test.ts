import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MilexSeriesAnswer } from '../../src/core/spending/spending-api.schema.js';
import { haven } from '../support/cli-runner.js';
import { realFixture } from '../support/real-fixtures.js';
import { lookAlikeWorkbook } from '../support/sipri-workbook.js';

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

  it("imports SIPRI's workbook, told from a CSV by its bytes whatever its name, reporting each sheet, and refuses a bad cell by sheet, row and column", async () => {
    // Named .csv on purpose: the first bytes, not the name, say it is a workbook.
    const workbook = join(dir, 'SIPRI-Milex-data-1949-2025.csv');
    await writeFile(workbook, lookAlikeWorkbook(records));
    const imported = await haven(['spending', 'import', workbook, '--release', 'SIPRI 2025 workbook'], { database });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('sheet "Per capita" (perCapitaUsd): header on row 7,');
    const headings = records.filter((r) => ['Central Asia', 'East Asia'].includes(r.country!)).length;
    expect(imported.stdout).toContain(`SIPRI 2025 workbook: ${records.length - headings} country-years`);
    expect(imported.stdout).toContain('added 0, changed 0');
    const bad = join(dir, 'bad.xlsx');
    await writeFile(bad, lookAlikeWorkbook(records, { cell: (measure, entity, year) => (measure === 'shareOfGdp' && entity === 'Chad' && year === 2020 ? '3 %' : undefined) }));
    const refused = await haven(['spending', 'import', bad], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.split('\n')[0]).toMatch(/^haven: 1 cell\(s\) or sheet\(s\) refused, nothing imported: sheet "Share of GDP", row \d+, column [A-Z]+ \(2020\): "3 %" is not a number$/);
  });

  it("compares the documentation's example scenarios side by side, each conversion cost in its own year", async () => {
    const examples = ['docs/examples/scenarios/towards-defence.json', 'docs/examples/scenarios/as-is.json'];
    const compared = await haven(['spending', 'scenario', ...examples, '--json'], { database });
    expect(compared.stderr).toBe('');
    const { scenarios } = JSON.parse(compared.stdout) as { scenarios: { name: string; years: { year: number; conversionM: number }[] }[] };
    const towards = JSON.parse(readFileSync(examples[0]!, 'utf8')) as { conversionCosts: { year: number; amountM: number }[] };
    for (const year of scenarios[0]!.years) expect(year.conversionM).toBe(towards.conversionCosts.filter((c) => c.year === year.year).reduce((sum, c) => sum + c.amountM, 0));
    expect(scenarios.map((s) => s.name)).toEqual(['Towards defence', 'As is']);
    const text = await haven(['spending', 'scenario', examples[0]!], { database });
    expect(text.stdout.split('\n')[0]).toBe('Towards defence: 10,080 US$ m over 10 years, of which conversion 80; at the end protective 75.0 %, offensive and nuclear 15.0 %');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"name": "Broken"');
    expect((await haven(['spending', 'scenario', broken], { database })).stderr.split('\n')[0]).toMatch(/^haven: .*broken\.json is not a JSON scenario: /);
  });

  it('refuses a file that is not the long table, once, in plain words', async () => {
    const other = join(dir, 'other.csv');
    await writeFile(other, 'country,year,spending\nChad,2020,10\n');
    const refused = await haven(['spending', 'import', other], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.split('\n')[0]).toBe("haven: this is not SIPRI's long table of military expenditure: the header lacks milex_const<YEAR>_usd_m, milex_current_usd_m, share_of_gdp, per_capita_current_usd, share_of_govt_spending");
  });
});
