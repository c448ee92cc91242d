import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createBudget, listBudgets } from '../../src/application/budget.service.js';
import { createScenario, scenarioVersions, updateScenario } from '../../src/application/rebalancing-scenario.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { restoreBackup, writeBackup } from '../../src/store/logical-backup.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const analyst: Actor = { id: 'budget-analyst', username: 'budget-analyst', role: 'analyst' };

const budget = {
  name: 'River Brigade 2027–2028',
  force: 'River Brigade',
  currency: 'NGN',
  priceBasis: { kind: 'current' },
  years: [2027, 2028],
  lines: [
    { label: 'Riverine patrols', category: 'operations_maintenance', purpose: 'protective', amountsM: { '2027': 900, '2028': 950 } },
    { label: 'Gunboats', category: 'equipment', purpose: 'offensive', amountsM: { '2027': 1200, '2028': 1100 } },
  ],
};
const plan = (budgetId: string, reachedIn: number) => ({
  name: 'Patrols first',
  budgetId,
  startYear: 2027,
  endYear: 2030,
  total: { kind: 'constant' },
  targetShares: { protective: 0.7, offensive: 0.3 },
  reachedIn,
  conversionCosts: [],
});

describe.each(DATABASES)('budgets and scenario versions in a backup from %s', (sourceKind) => {
  let dir: string;
  let source: TestStore;
  let ctx: AppContext;
  let scenarioId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-budgets-backup-'));
    source = await openTestStore(sourceKind);
    ctx = createAppContext(source.store);
    const stored = await createBudget(ctx, analyst, budget);
    const first = await createScenario(ctx, analyst, plan(stored.id, 2029));
    scenarioId = first.id;
    await updateScenario(ctx, analyst, first.id, { version: 1, scenario: plan(stored.id, 2030) });
  }, 60_000);
  afterAll(async () => {
    await source?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(DATABASES)('restores into %s with every version of every scenario', async (targetKind) => {
    const file = join(dir, `to-${targetKind}.haven-backup`);
    const header = await writeBackup(source.store.connection.db, sourceKind, file, new Date('2026-05-01T00:00:00Z'));
    expect(header.rowCounts).toMatchObject({ budgets: 1, rebalancing_scenarios: 1, rebalancing_scenario_versions: 2 });
    const target = await openTestStore(targetKind);
    try {
      await restoreBackup(target.store.connection.db, targetKind, file);
      const restored = createAppContext(target.store);
      expect(await listBudgets(restored, analyst)).toEqual(await listBudgets(ctx, analyst));
      const versions = await scenarioVersions(restored, analyst, scenarioId);
      expect(versions).toEqual(await scenarioVersions(ctx, analyst, scenarioId));
      expect(versions.items.map((v) => [v.version, v.scenario.reachedIn])).toEqual([
        [2, 2030],
        [1, 2029],
      ]);
    } finally {
      await target.cleanup();
    }
  });
});
