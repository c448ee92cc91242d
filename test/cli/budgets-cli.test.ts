import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetImportReport, BudgetList, ScenarioRecord, StoredComparison } from '../../src/core/spending/budget-api.schema.js';
import { haven } from '../support/cli-runner.js';

const FIXTURES = 'test/fixtures/budgets';
const LONG = `${FIXTURES}/northern-defence-force-2026-2030-long.csv`;
const WIDE_FR = `${FIXTURES}/northern-defence-force-2026-2030-wide-fr.csv`;
const importArgs = (file: string, mapping: string) => ['spending', 'budget', 'import', file, '--name', 'NDF 2026–2030', '--force', 'Northern Defence Force', '--currency', 'EUR', '--price-basis', 'constant', '--price-base-year', '2025', '-m', mapping];

/** The documentation's example: a scenario to save against a budget (its budget named on the command line). */
const EXAMPLE = 'docs/examples/budgets/towards-defence-plan.json';
const plan = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & { conversionCosts: { year: number; amountM: number }[] };

describe('haven spending budget and haven spending scenario save|list|compare', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-budgets-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('imports a budget with a mapping, says what it did, and the same budget from the other file changes nothing', async () => {
    const imported = await haven([...importArgs(LONG, `${FIXTURES}/mapping-long.json`), '--json'], { database });
    expect(imported.stderr).toBe('');
    const report = JSON.parse(imported.stdout) as BudgetImportReport;
    expect(report).toMatchObject({ outcome: 'created', record: { version: 1 } });
    const again = await haven(importArgs(WIDE_FR, `${FIXTURES}/mapping-wide-fr.json`), { database });
    expect(again.stdout.split('\n')[0]).toBe('NDF 2026–2030: unchanged — 13 lines over 2026–2030, EUR m, constant 2025 prices, from 13 rows');
    const listed = JSON.parse((await haven(['spending', 'budget', 'list', '--json'], { database })).stdout) as BudgetList;
    expect(listed.items.map((b) => [b.name, b.version, b.lineCount])).toEqual([['NDF 2026–2030', 1, 13]]);
    expect((await haven(['spending', 'budget', 'list'], { database })).stdout).toContain(`${report.record.id}\tNDF 2026–2030\tNorthern Defence Force\t2026–2030\t13 lines\tEUR m, constant 2025 prices\tv1\t2026: `);
  });

  it('refuses a file with a bad row, naming the row and the column, and imports nothing', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, (await readFile(LONG, 'utf8')).replace('Mine clearance,2027,23.5', 'Mine clearance,2027,lots'));
    const refused = await haven([...importArgs(bad, `${FIXTURES}/mapping-long.json`).slice(0, 5), 'Another', ...importArgs(bad, `${FIXTURES}/mapping-long.json`).slice(6)], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.split('\n')[0]).toMatch(/^haven: 1 row\(s\) refused, nothing imported: row \d+, amount_eur_m: "lots" is not a number written as 1234\.5/);
    expect((JSON.parse((await haven(['spending', 'budget', 'list', '--json'], { database })).stdout) as BudgetList).items).toHaveLength(1);
  });

  it('saves a scenario against the budget by name, a new version with --id and --based-on, and compares versions; the old command still compares files', async () => {
    const file = join(dir, 'towards.json');
    const saved = JSON.parse((await haven(['spending', 'scenario', 'save', EXAMPLE, '--budget', 'NDF 2026–2030', '--json'], { database })).stdout) as ScenarioRecord;
    expect(saved).toMatchObject({ version: 1, budget: { name: 'NDF 2026–2030' } });
    await writeFile(file, JSON.stringify({ ...plan, reachedIn: 2028 }));
    const second = await haven(['spending', 'scenario', 'save', file, '--budget', 'NDF 2026–2030', '--id', saved.id, '--based-on', '1'], { database });
    expect(second.stdout.split('\n')[0]).toBe('Towards defence: version 2, against budget NDF 2026–2030 (v1)');
    const stale = await haven(['spending', 'scenario', 'save', file, '--budget', 'NDF 2026–2030', '--id', saved.id, '--based-on', '1'], { database });
    expect(stale.stderr.split('\n')[0]).toBe(`haven: scenario ${saved.id} was saved by someone else (now version 2, your change is based on 1); reload and try again`);
    expect((await haven(['spending', 'scenario', 'list'], { database })).stdout).toBe(`${saved.id}\tTowards defence\tv2\t2026–2032\tbudget NDF 2026–2030\n`);

    const report = join(dir, 'report.html');
    const compared = await haven(['spending', 'scenario', 'compare', saved.id, `${saved.id}@1`, '--json', '--html', report], { database });
    expect(compared.stderr).toBe('');
    const comparison = JSON.parse(compared.stdout) as StoredComparison;
    expect(comparison.scenarios.map((s) => [s.version, s.latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    // The plan's own conversion costs in their years (2028 also carries the budget's conversion line, 15).
    for (const s of comparison.scenarios) {
      expect(s.years.find((y) => y.year === 2031)!.conversionM).toBe(20);
      expect(s.years.find((y) => y.year === 2028)!.conversionM).toBe(40 + 15);
    }
    expect(comparison.scenarios[0]!.years.find((y) => y.year === 2028)!.shares.offensive).toBeCloseTo(0.1, 9);
    expect(comparison.scenarios[1]!.years.find((y) => y.year === 2028)!.shares.offensive).toBeGreaterThan(0.1);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('<h1>Rebalancing scenarios compared</h1>');
    expect(html).toContain('Towards defence (v2)');
    expect(html).toContain('Towards defence (v1)');

    const files = await haven(['spending', 'scenario', 'docs/examples/scenarios/towards-defence.json'], { database });
    expect(files.stdout.split('\n')[0]).toBe('Towards defence: 10,080 US$ m over 10 years, of which conversion 80; at the end protective 75.0 %, offensive and nuclear 15.0 %');
  });
});
