import type { Kysely, Migration } from 'kysely';

/**
 * Force budgets and the rebalancing scenarios kept against them. A budget is one row, its lines as JSON (checked by
 * the core's budget schema), versioned, its name unique (a re-import finds it by name). A scenario is one row holding
 * its current version, and every version it has had is kept whole beside it, so an earlier one can be read and compared.
 */
export function budgetsAndScenariosMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('budgets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('force', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('rebalancing_scenarios')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull().references('budgets.id'))
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rebalancing_scenarios_budget').on('rebalancing_scenarios').column('budget_id').execute();
      await db.schema
        .createTable('rebalancing_scenario_versions')
        .addColumn('scenario_id', 'text', (c) => c.notNull().references('rebalancing_scenarios.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('saved_by', 'text', (c) => c.notNull())
        .addColumn('saved_by_name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rebalancing_scenario_versions_pk', ['scenario_id', 'version'])
        .execute();
    },
  };
}
