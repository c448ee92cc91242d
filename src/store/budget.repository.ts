import type { Selectable } from 'kysely';
import type { Budget, StoredScenario } from '../core/spending/budget.js';
import type { BudgetsTable, Db, RebalancingScenariosTable, RebalancingScenarioVersionsTable } from './database.js';

export interface StoredBudget {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  budget: Budget;
}

const toBudget = (r: Selectable<BudgetsTable>): StoredBudget => ({
  id: r.id,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  budget: JSON.parse(r.content) as Budget,
});

/** Force budgets: few enough to read whole, by name. */
export class BudgetRepository {
  async insert(db: Db, stored: StoredBudget, actorId: string): Promise<void> {
    const { budget } = stored;
    await db
      .insertInto('budgets')
      .values({ id: stored.id, name: budget.name, force: budget.force, currency: budget.currency, content: JSON.stringify(budget), version: stored.version, created_at: stored.createdAt, created_by: actorId, updated_at: stored.updatedAt, updated_by: actorId })
      .execute();
  }

  /** False when the stored version is not `expectedVersion`. */
  async update(db: Db, stored: StoredBudget, expectedVersion: number, actorId: string): Promise<boolean> {
    const { budget } = stored;
    const result = await db
      .updateTable('budgets')
      .set({ name: budget.name, force: budget.force, currency: budget.currency, content: JSON.stringify(budget), version: stored.version, updated_at: stored.updatedAt, updated_by: actorId })
      .where('id', '=', stored.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(db: Db, id: string): Promise<StoredBudget | undefined> {
    const row = await db.selectFrom('budgets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBudget(row);
  }

  async findByName(db: Db, name: string): Promise<StoredBudget | undefined> {
    const row = await db.selectFrom('budgets').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toBudget(row);
  }

  async list(db: Db): Promise<StoredBudget[]> {
    return (await db.selectFrom('budgets').selectAll().orderBy('name').orderBy('id').execute()).map(toBudget);
  }
}

export interface StoredScenarioRecord {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  scenario: StoredScenario;
}

export interface StoredScenarioVersion {
  version: number;
  savedAt: string;
  savedBy: string;
  scenario: StoredScenario;
}

const toScenario = (r: Selectable<RebalancingScenariosTable>): StoredScenarioRecord => ({
  id: r.id,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  scenario: JSON.parse(r.content) as StoredScenario,
});

const toVersion = (r: Selectable<RebalancingScenarioVersionsTable>): StoredScenarioVersion => ({
  version: Number(r.version),
  savedAt: r.saved_at,
  savedBy: r.saved_by_name,
  scenario: JSON.parse(r.content) as StoredScenario,
});

export interface Saver {
  id: string;
  username: string;
}

/** Rebalancing scenarios: the version held, and every version saved (the held one too). */
export class RebalancingScenarioRepository {
  private async keepVersion(db: Db, stored: StoredScenarioRecord, by: Saver): Promise<void> {
    await db
      .insertInto('rebalancing_scenario_versions')
      .values({ scenario_id: stored.id, version: stored.version, content: JSON.stringify(stored.scenario), saved_at: stored.updatedAt, saved_by: by.id, saved_by_name: by.username })
      .execute();
  }

  async insert(db: Db, stored: StoredScenarioRecord, by: Saver): Promise<void> {
    const { scenario } = stored;
    await db
      .insertInto('rebalancing_scenarios')
      .values({ id: stored.id, name: scenario.name, budget_id: scenario.budgetId, content: JSON.stringify(scenario), version: stored.version, created_at: stored.createdAt, created_by: by.id, updated_at: stored.updatedAt, updated_by: by.id })
      .execute();
    await this.keepVersion(db, stored, by);
  }

  /** False when the stored version is not `expectedVersion`; otherwise the new version is held and kept. */
  async update(db: Db, stored: StoredScenarioRecord, expectedVersion: number, by: Saver): Promise<boolean> {
    const { scenario } = stored;
    const result = await db
      .updateTable('rebalancing_scenarios')
      .set({ name: scenario.name, budget_id: scenario.budgetId, content: JSON.stringify(scenario), version: stored.version, updated_at: stored.updatedAt, updated_by: by.id })
      .where('id', '=', stored.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.keepVersion(db, stored, by);
    return true;
  }

  async find(db: Db, id: string): Promise<StoredScenarioRecord | undefined> {
    const row = await db.selectFrom('rebalancing_scenarios').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toScenario(row);
  }

  async list(db: Db): Promise<StoredScenarioRecord[]> {
    return (await db.selectFrom('rebalancing_scenarios').selectAll().orderBy('name').orderBy('id').execute()).map(toScenario);
  }

  /** Every version, newest first. */
  async versions(db: Db, id: string): Promise<StoredScenarioVersion[]> {
    return (await db.selectFrom('rebalancing_scenario_versions').selectAll().where('scenario_id', '=', id).orderBy('version', 'desc').execute()).map(toVersion);
  }

  async findVersion(db: Db, id: string, version: number): Promise<StoredScenarioVersion | undefined> {
    const row = await db.selectFrom('rebalancing_scenario_versions').selectAll().where('scenario_id', '=', id).where('version', '=', version).executeTakeFirst();
    return row && toVersion(row);
  }
}
