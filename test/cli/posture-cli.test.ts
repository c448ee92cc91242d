import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeaceOperationSeries } from '../../src/core/posture/peace-operations-api.schema.js';
import type { ArmsCompaniesAnswer } from '../../src/core/spending/spending-api.schema.js';
import { haven } from '../support/cli-runner.js';
import { realFixture } from '../support/real-fixtures.js';

const PKO = realFixture('geopko/geopko-v2.3-six-missions.csv');
const pkoRows = parse<Record<string, string>>(readFileSync(PKO), { columns: true, bom: true });
const TOP100 = realFixture('sipri/top100-arms-companies-2024.csv');
const companyRows = parse<Record<string, string>>(readFileSync(TOP100), { columns: true, bom: true });

describe('haven posture pko and haven spending companies', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-posture-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("imports Geo-PKO's table, says what it did, and prints a mission's years with its troops once per place", async () => {
    const imported = await haven(['posture', 'pko', 'import', PKO, '--release', 'Geo-PKO 2.3'], { database });
    expect(imported.stderr).toBe('');
    const places = new Map(pkoRows.map((r) => [`${r.mission}|${r.year}|${r.country}|${r.location}`, r]));
    expect(imported.stdout.split('\n')[0]).toBe(`Geo-PKO 2.3: ${pkoRows.length.toLocaleString('en-GB')} rows, ${places.size.toLocaleString('en-GB')} place-years of ${new Set(pkoRows.map((r) => r.mission)).size} missions, ${Math.min(...pkoRows.map((r) => Number(r.year)))}–${Math.max(...pkoRows.map((r) => Number(r.year)))}`);
    const again = await haven(['posture', 'pko', 'import', PKO, '--release', 'Geo-PKO 2.3'], { database });
    expect(again.stdout.split('\n')[1]).toBe(`added 0, changed 0, unchanged ${places.size}, removed 0`);
    const json = JSON.parse((await haven(['posture', 'pko', 'series', 'UNMISS', '--from', '2020', '--to', '2020', '--json'], { database })).stdout) as PeaceOperationSeries;
    const y2020 = [...places.values()].filter((r) => r.mission === 'UNMISS' && r.year === '2020');
    expect(json.years).toHaveLength(1);
    expect(json.years[0]!.troops.total).toBe(y2020.reduce((s, r) => s + Number(r['ave.no.troops']), 0));
    const text = await haven(['posture', 'pko', 'series', 'UNMISS', '--from', '2020', '--to', '2020'], { database });
    expect(text.stdout.split('\n')[2]!.split('\t').slice(0, 3)).toEqual(['2020', String(y2020.length), json.years[0]!.troops.total.toLocaleString('en-GB')]);
    const unknown = await haven(['posture', 'pko', 'series', 'UNMIS S'], { database });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.split('\n')[0]).toBe('haven: no deployments of UNMIS S are held');
  });

  it("imports SIPRI's Top 100 and lists a country's companies by rank with their shares", async () => {
    const imported = await haven(['spending', 'companies', 'import', TOP100], { database });
    expect(imported.stderr).toBe('');
    expect(imported.stdout.split('\n')[0]).toBe(`top100-arms-companies-2024.csv: the 2024 list, ${companyRows.length} companies of ${new Set(companyRows.map((r) => r.country)).size} countries`);
    const listed = await haven(['spending', 'companies', 'list', '--country', 'SWE'], { database });
    const swedish = companyRows.filter((r) => r.country === 'Sweden');
    expect(listed.stdout.split('\n').slice(2).filter(Boolean).map((line) => line.split('\t').slice(0, 3))).toEqual(swedish.map((r) => [r.rank_2024, r.company, 'Sweden']));
    const json = JSON.parse((await haven(['spending', 'companies', 'list', '--json'], { database })).stdout) as ArmsCompaniesAnswer;
    expect(json.companies.map((c) => c.company)).toEqual(companyRows.map((r) => r.company));
  });
  it('writes the posture report as a page: the register (here the docs\' example system) and the review of the years asked', { timeout: 90_000 }, async () => {
    const example = join(process.cwd(), 'docs/examples/capabilities/close-in-weapon-system.json');
    const added = await haven(['capabilities', 'add', example], { database });
    expect(added.code, added.stderr).toBe(0);
    const target = join(dir, 'posture.html');
    const none = await haven(['posture', 'report'], { database });
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('--html <file>');
    const written = await haven(['posture', 'report', '--from', '2020', '--to', '2022', '--html', target], { database });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain(`wrote ${target}`);
    const html = readFileSync(target, 'utf8');
    expect(html).toContain('<h1>Posture report</h1>');
    expect(html).toContain('Close-in weapon system');
    for (const year of [2020, 2021, 2022]) expect(html).toContain(`<tr data-year="${year}">`);
  });
});
