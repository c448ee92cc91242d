import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import type { PlanningComparison, PlanningSituationRecord } from '../../src/core/courses-of-action/coa-api.schema.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { planningDraft } from '../support/coa-fixtures.js';

describe('haven coa', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-coa-cli-'));
    database = join(dir, 'haven.db');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store, { ledgerKeyFile: join(dir, 'unused-key.pem') });
      await createUserAsOperator(ctx, { username: 'planner', displayName: 'Planner', role: 'analyst', password: 'a long passphrase here' });
      await createUserAsOperator(ctx, { username: 'cdr', displayName: 'Commander', role: 'commander', password: 'a long passphrase here' });
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a situation as a named planner, compares it, writes the report, and records the commander’s choice', { timeout: 120_000 }, async () => {
    const file = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify(planningDraft()));
    const created = await haven(['coa', 'create', file, '--as', 'planner', '--json'], { database });
    expect(created.code, created.stderr).toBe(0);
    const record = JSON.parse(created.stdout) as PlanningSituationRecord;
    expect(record).toMatchObject({ status: 'draft', version: 1 });

    const listed = await haven(['coa', 'list'], { database });
    expect(listed.stdout.trim().split('\t').slice(0, 3)).toEqual([record.id, 'draft', 'Compound north of the river']);

    const text = await haven(['coa', 'compare', record.id, '--as', 'cdr'], { database });
    expect(text.code, text.stderr).toBe(0);
    const json = JSON.parse((await haven(['coa', 'compare', record.id, '--as', 'cdr', '--json'], { database })).stdout) as PlanningComparison;
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Compound north of the river (version 1, compared)');
    // One row per course, its deaths as the median and the 5th–95th percentile the JSON gives.
    const strike = json.comparison.courses[1]!.casualties.all.deaths;
    const fixed = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
    expect(lines[3]!.split('\t').slice(0, 3)).toEqual(['Strike', `1: ${json.comparison.courses[1]!.forceActions[0]!.ihl.verdict} / ${json.comparison.courses[1]!.forceActions[0]!.humanSecurity.verdict}`, `${fixed(strike.median)} (${fixed(strike.interval.low)}–${fixed(strike.interval.high)})`]);

    const page = join(dir, 'coa.html');
    const report = await haven(['coa', 'report', record.id, '--html', '-o', page], { database });
    expect(report.code, report.stderr).toBe(0);
    expect(await readFile(page, 'utf8')).toContain('data-chart="coa-deaths"');

    // The planner may not choose; a reason is needed; the commander chooses by name.
    const byPlanner = await haven(['coa', 'choose', record.id, '--coa', 'Strike', '--reason', 'The planner tries to choose', '--as', 'planner'], { database });
    expect(byPlanner.code).not.toBe(0);
    expect(byPlanner.stderr).toMatch(/force decide/);
    const chosen = await haven(['coa', 'choose', record.id, '--coa', 'Patrol and arrest', '--reason', 'Arrest protects the villages', '--as', 'cdr', '--json'], { database });
    expect(chosen.code, chosen.stderr).toBe(0);
    const after = JSON.parse(chosen.stdout) as PlanningSituationRecord;
    expect(after.choice).toMatchObject({ courseOfAction: 'Patrol and arrest', chosenBy: { name: 'cdr' }, forceRequests: [{ action: 2 }] });
    const verified = await haven(['ledger', 'verify'], { database });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});
