import { DomainError, notFound } from '../core/errors.js';
import { SCENARIO_REF, scenarioReportQuerySchema, scenarioUpdateSchema, storedComparisonQuerySchema, type ScenarioRecord, type ScenarioVersionList, type StoredComparison } from '../core/spending/budget-api.schema.js';
import { priceBasisText, scenarioFromBudget, storedScenarioSchema, type Budget, type StoredScenario } from '../core/spending/budget.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { compareScenarios, type RebalancingScenario } from '../core/spending/rebalancing.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { renderScenarioReport } from '../reporting/scenario-report.js';
import type { StoredBudget, StoredScenarioRecord } from '../store/budget.repository.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

const ENTITY = 'rebalancing_scenario';

const budgetRefOf = (stored: StoredBudget): ScenarioRecord['budget'] => ({
  id: stored.id,
  name: stored.budget.name,
  force: stored.budget.force,
  version: stored.version,
  currency: stored.budget.currency,
  priceBasis: stored.budget.priceBasis,
  years: stored.budget.years,
});

async function budgetOf(db: Db, ctx: AppContext, scenario: StoredScenario, path = 'budgetId'): Promise<StoredBudget> {
  const budget = await ctx.store.budgets.find(db, scenario.budgetId);
  if (!budget) throw new DomainError('validation_failed', `scenario “${scenario.name}” starts from budget ${scenario.budgetId}, which does not exist`, [{ path, code: 'unknown_budget', message: 'is not a budget held' }]);
  return budget;
}

/** The scenario a plan makes of its budget, or the plan refused naming the field (a start year the budget lacks). */
function projected(budget: Budget, scenario: StoredScenario, prefix = ''): RebalancingScenario {
  const made = scenarioFromBudget(budget, scenario);
  if ('issues' in made) {
    const issues = made.issues.map((i) => ({ ...i, path: `${prefix}${i.path}` }));
    throw new DomainError('validation_failed', `scenario “${scenario.name}” cannot be projected from its budget: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return made.scenario;
}

const recordOf = (stored: StoredScenarioRecord, budget: StoredBudget): ScenarioRecord => ({ ...stored, budget: budgetRefOf(budget) });
const saver = (actor: Actor) => ({ id: actor.id, username: actor.username });

/** Saves a new scenario against a budget (version 1, kept); refused when the budget cannot start it. */
export async function createScenario(ctx: AppContext, actor: Actor, input: unknown): Promise<ScenarioRecord> {
  requirePermission(actor, 'posture:write');
  const scenario = parseInput(storedScenarioSchema, input, 'scenario');
  const at = ctx.now().toISOString();
  const stored: StoredScenarioRecord = { id: ctx.newId(), version: 1, createdAt: at, updatedAt: at, scenario };
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const budget = await budgetOf(trx, ctx, scenario);
    projected(budget.budget, scenario);
    await ctx.store.scenarios.insert(trx, stored, saver(actor));
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'scenario.create', entityType: ENTITY, entityId: stored.id, changes: { scenario: { before: null, after: scenario } } });
    return recordOf(stored, budget);
  });
}

/**
 * Saves a scenario again, based on the version read (409 when someone saved it since): a new version, the one before
 * kept and readable; the changed fields are audited. Saving it unchanged makes no new version.
 */
export async function updateScenario(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ScenarioRecord> {
  requirePermission(actor, 'posture:write');
  const { version, scenario } = parseInput(scenarioUpdateSchema, input, 'scenario');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.scenarios.find(trx, id);
    if (!current) throw notFound('scenario', id);
    const stale = () => new DomainError('conflict', `scenario ${id} was saved by someone else (now version ${current.version}, your change is based on ${version}); reload and try again`, [{ path: 'version', code: 'stale_version', message: `the scenario is now at version ${current.version}` }]);
    if (current.version !== version) throw stale();
    const budget = await budgetOf(trx, ctx, scenario, 'scenario.budgetId');
    projected(budget.budget, scenario, 'scenario.');
    if (canonicalJson(current.scenario) === canonicalJson(scenario)) return recordOf(current, budget);
    const at = ctx.now().toISOString();
    const next: StoredScenarioRecord = { ...current, version: version + 1, updatedAt: at, scenario };
    if (!(await ctx.store.scenarios.update(trx, next, version, saver(actor)))) throw stale();
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'scenario.update', entityType: ENTITY, entityId: id, changes: { ...changedFields(current.scenario, scenario), version: next.version } });
    return recordOf(next, budget);
  });
}

export async function getScenario(ctx: AppContext, actor: Actor, id: string): Promise<ScenarioRecord> {
  requirePermission(actor, 'posture:read');
  const db = ctx.store.connection.db;
  const stored = await ctx.store.scenarios.find(db, id);
  if (!stored) throw notFound('scenario', id);
  return recordOf(stored, await budgetOf(db, ctx, stored.scenario));
}

export async function listScenarios(ctx: AppContext, actor: Actor): Promise<{ items: ScenarioRecord[] }> {
  requirePermission(actor, 'posture:read');
  const db = ctx.store.connection.db;
  const budgets = new Map((await ctx.store.budgets.list(db)).map((b) => [b.id, b]));
  const items = (await ctx.store.scenarios.list(db)).flatMap((s) => {
    const budget = budgets.get(s.scenario.budgetId);
    return budget ? [recordOf(s, budget)] : [];
  });
  return { items };
}

/** Every version of a scenario, newest first, each whole. */
export async function scenarioVersions(ctx: AppContext, actor: Actor, id: string): Promise<ScenarioVersionList> {
  requirePermission(actor, 'posture:read');
  const db = ctx.store.connection.db;
  if (!(await ctx.store.scenarios.find(db, id))) throw notFound('scenario', id);
  return { items: await ctx.store.scenarios.versions(db, id) };
}

/**
 * Stored scenarios (the version held, or `id@version` for an earlier one) projected from their budgets as they are
 * held now, and compared side by side. Scenarios in different currencies or on different price bases are not
 * compared: their totals would not be in the same money.
 */
export async function compareStoredScenarios(ctx: AppContext, actor: Actor, input: unknown): Promise<StoredComparison> {
  requirePermission(actor, 'posture:read');
  const { ids } = parseInput(storedComparisonQuerySchema, input, 'comparison');
  const db = ctx.store.connection.db;
  const chosen = await Promise.all(
    ids.map(async (ref, index) => {
      const [, id, asked] = SCENARIO_REF.exec(ref)!;
      const held = await ctx.store.scenarios.find(db, id!.toLowerCase());
      if (!held) throw new DomainError('not_found', `scenario ${id} does not exist`, [{ path: `ids.${index}`, code: 'unknown_scenario', message: 'is not a scenario held' }]);
      const version = asked === undefined ? held.version : Number(asked);
      const saved = version === held.version ? held.scenario : (await ctx.store.scenarios.findVersion(db, held.id, version))?.scenario;
      if (!saved) throw new DomainError('not_found', `scenario ${id} has no version ${version} (it is at version ${held.version})`, [{ path: `ids.${index}`, code: 'unknown_version', message: `has versions 1 to ${held.version}` }]);
      const budget = await budgetOf(db, ctx, saved, `ids.${index}`);
      return { id: held.id, version, latest: version === held.version, scenario: saved, budget };
    }),
  );
  const first = chosen[0]!.budget.budget;
  const unlike = chosen.filter((c) => c.budget.budget.currency !== first.currency || canonicalJson(c.budget.budget.priceBasis) !== canonicalJson(first.priceBasis));
  if (unlike.length > 0) {
    const money = (b: Budget) => `${b.currency}, ${priceBasisText(b.priceBasis)}`;
    throw new DomainError(
      'validation_failed',
      `scenarios are compared in one currency and on one price basis: “${chosen[0]!.scenario.name}” is in ${money(first)}, ${unlike.map((c) => `“${c.scenario.name}” in ${money(c.budget.budget)}`).join(', ')}`,
      unlike.map((c) => ({ path: `ids.${chosen.indexOf(c)}`, code: 'other_money', message: `is in ${money(c.budget.budget)}` })),
    );
  }
  const summaries = compareScenarios(chosen.map((c, index) => projected(c.budget.budget, c.scenario, `ids.${index}.`)));
  return {
    currency: first.currency,
    priceBasis: first.priceBasis,
    scenarios: summaries.map((summary, i) => {
      const c = chosen[i]!;
      return { ...summary, id: c.id, version: c.version, latest: c.latest, budget: budgetRefOf(c.budget) };
    }),
  };
}

/**
 * The comparison as a printable report: a self-contained HTML page (charts as inline SVG), or that page printed to an
 * A4 PDF by headless Chromium, as the situation report is.
 */
export async function scenarioReport(ctx: AppContext, actor: Actor, input: unknown): Promise<{ format: 'html'; body: string } | { format: 'pdf'; body: Buffer }> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(scenarioReportQuerySchema, input, 'report');
  const comparison = await compareStoredScenarios(ctx, actor, { ids: query.ids });
  const html = renderScenarioReport(comparison, { generatedAt: ctx.now(), generatedBy: actor.username });
  return query.format === 'pdf' ? { format: 'pdf', body: await renderPdf(html) } : { format: 'html', body: html };
}
