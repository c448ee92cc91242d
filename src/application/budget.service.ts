import { canonicalJson } from '../core/ledger/canonical-json.js';
import { DomainError, notFound, type FieldIssue } from '../core/errors.js';
import { rejectionLinesOf } from '../core/rejected-row.schema.js';
import { budgetImportQuerySchema, budgetImportPreviewQuerySchema, budgetUpdateSchema, type BudgetImportPreview, type BudgetImportReport, type BudgetList, type BudgetRecord } from '../core/spending/budget-api.schema.js';
import { budgetImportMappingSchema, budgetOfReading, guessBudgetMapping, readBudgetRows, valuesSeen, type BudgetImportMapping } from '../core/spending/budget-import.js';
import { budgetBalances, budgetSchema, type Budget } from '../core/spending/budget.js';
import type { StoredBudget } from '../store/budget.repository.js';
import { isUniqueViolation, type Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { changedFields } from './place-upsert.js';
import { parseInput } from './validation.js';

const ENTITY = 'budget';

/** A stored budget with its balance by year, summed afresh each time it is read. */
export const budgetRecordOf = (stored: StoredBudget): BudgetRecord => ({ ...stored, balance: budgetBalances(stored.budget) });

const nameTaken = (name: string) => new DomainError('conflict', `a budget named “${name}” already exists: give this one another name, or change that one`, [{ path: 'name', code: 'name_taken', message: 'is the name of another budget' }]);

async function ensureNameFree(db: Db, ctx: AppContext, name: string, id?: string): Promise<void> {
  const other = await ctx.store.budgets.findByName(db, name);
  if (other && other.id !== id) throw nameTaken(name);
}

/** Writes in a transaction; a name taken by a writer that got there first is the same conflict as one taken before. */
async function writing<T>(ctx: AppContext, name: string, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await ctx.store.connection.db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/** A budget entered whole (audited with all its fields); its name must be free. */
export async function createBudget(ctx: AppContext, actor: Actor, input: unknown): Promise<BudgetRecord> {
  requirePermission(actor, 'posture:write');
  const budget = parseInput(budgetSchema, input, 'budget');
  const at = ctx.now().toISOString();
  const stored: StoredBudget = { id: ctx.newId(), version: 1, createdAt: at, updatedAt: at, budget };
  await writing(ctx, budget.name, async (trx) => {
    await ensureNameFree(trx, ctx, budget.name);
    await ctx.store.budgets.insert(trx, stored, actor.id);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'budget.create', entityType: ENTITY, entityId: stored.id, changes: { budget: { before: null, after: budget } } });
  });
  return budgetRecordOf(stored);
}

/** Replaces a budget, based on the version read (409 when someone changed it since); the changed fields are audited. */
export async function updateBudget(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<BudgetRecord> {
  requirePermission(actor, 'posture:write');
  const { version, budget } = parseInput(budgetUpdateSchema, input, 'budget');
  return writing(ctx, budget.name, async (trx) => {
    const current = await ctx.store.budgets.find(trx, id);
    if (!current) throw notFound('budget', id);
    const stale = () => new DomainError('conflict', `budget ${id} was changed by someone else (now version ${current.version}, your change is based on ${version}); reload and try again`, [{ path: 'version', code: 'stale_version', message: `the budget is now at version ${current.version}` }]);
    if (current.version !== version) throw stale();
    await ensureNameFree(trx, ctx, budget.name, id);
    const at = ctx.now().toISOString();
    const next: StoredBudget = { ...current, version: version + 1, updatedAt: at, budget };
    if (!(await ctx.store.budgets.update(trx, next, version, actor.id))) throw stale();
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'budget.update', entityType: ENTITY, entityId: id, changes: changedFields(current.budget, budget) });
    return budgetRecordOf(next);
  });
}

export async function getBudget(ctx: AppContext, actor: Actor, id: string): Promise<BudgetRecord> {
  requirePermission(actor, 'posture:read');
  const stored = await ctx.store.budgets.find(ctx.store.connection.db, id);
  if (!stored) throw notFound('budget', id);
  return budgetRecordOf(stored);
}

export async function listBudgets(ctx: AppContext, actor: Actor): Promise<BudgetList> {
  requirePermission(actor, 'posture:read');
  const stored = await ctx.store.budgets.list(ctx.store.connection.db);
  return {
    items: stored.map(({ id, version, updatedAt, budget }) => ({
      id,
      version,
      updatedAt,
      name: budget.name,
      force: budget.force,
      currency: budget.currency,
      priceBasis: budget.priceBasis,
      years: budget.years,
      lineCount: budget.lines.length,
      totals: budgetBalances(budget).map((b) => ({ year: b.year, totalM: b.totalM, programmeM: b.programmeM })),
    })),
  };
}

/** The first rows of a file shown in a preview. */
const SAMPLE_ROWS = 8;
/** The refused rows named in an error's message (all of them are in its issues). */
const ROWS_IN_MESSAGE = 5;

const refusal = (message: string, issues: FieldIssue[]) => new DomainError('validation_failed', message, issues);

/** The column mapping sent as JSON text, checked; its problems named under `mapping.`. */
function mappingOf(text: string): BudgetImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refusal(`the column mapping is not JSON: ${error instanceof Error ? error.message : String(error)}`, [{ path: 'mapping', code: 'invalid_json', message: 'is not JSON' }]);
  }
  const result = budgetImportMappingSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: ['mapping', ...i.path.map(String)].join('.'), code: i.code, message: i.message }));
  throw refusal(`the column mapping is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function readHeader(rows: string[][]): { header: string[]; body: string[][] } {
  const [header, ...body] = rows;
  if (!header || header.every((h) => h.trim() === '')) throw refusal('the file is empty', [{ path: 'file', code: 'empty_file', message: 'has no header row' }]);
  return { header, body };
}

/**
 * Imports a budget from a CSV file with a column mapping, whole or not at all: every row is checked first, and one
 * refused row refuses the file, naming every row and column at fault. The budget is found by its name: a new name
 * creates a budget; the name of a budget held replaces its lines and details (a new version, the changed fields
 * audited) — or changes nothing when the file gives the same budget again.
 */
export async function importBudget(ctx: AppContext, actor: Actor, readRows: () => Promise<string[][]>, input: unknown): Promise<BudgetImportReport> {
  requirePermission(actor, 'posture:write');
  const query = parseInput(budgetImportQuerySchema, input, 'import options');
  const mapping = mappingOf(query.mapping);
  const { header, body } = readHeader(await readRows());
  const reading = readBudgetRows(header, body, mapping);
  if ('fileIssues' in reading) throw refusal(`the file cannot be read with this mapping, nothing imported: ${reading.fileIssues.map((i) => i.message).join('; ')}`, reading.fileIssues);
  if ('rejected' in reading) {
    const lines = rejectionLinesOf(reading.rejected);
    const shown = lines.slice(0, ROWS_IN_MESSAGE).map((line) => `row ${line.row}, ${line.field}: ${line.message}`);
    const issues: FieldIssue[] = reading.rejected.flatMap((r) => r.issues.map((issue) => ({ path: `rows.${r.rowNumber}.${issue.path}`, code: issue.code ?? 'invalid', message: issue.message })));
    throw refusal(`${reading.rejected.length} row(s) refused, nothing imported: ${shown.join('; ')}${lines.length > ROWS_IN_MESSAGE ? ` (and ${lines.length - ROWS_IN_MESSAGE} more)` : ''}`, issues);
  }
  if (reading.lines.length === 0) throw refusal('the file has no budget lines, nothing imported', [{ path: 'file', code: 'no_rows', message: 'has no rows after the header' }]);
  const priceBasis = query.priceBasis === 'constant' ? { kind: 'constant' as const, baseYear: query.priceBaseYear! } : { kind: 'current' as const };
  const made = budgetOfReading(reading, { name: query.name, force: query.force, currency: query.currency, priceBasis, note: query.note });
  if ('issues' in made) throw refusal(`the budget is invalid, nothing imported: ${made.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, made.issues);
  const budget = made.budget;
  const counts = { rows: reading.rows, blankRows: reading.blankRows };
  return writing(ctx, budget.name, async (trx) => {
    const at = ctx.now().toISOString();
    const held = await ctx.store.budgets.findByName(trx, budget.name);
    if (!held) {
      const stored: StoredBudget = { id: ctx.newId(), version: 1, createdAt: at, updatedAt: at, budget };
      await ctx.store.budgets.insert(trx, stored, actor.id);
      await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'budget.import', entityType: ENTITY, entityId: stored.id, changes: { budget: { before: null, after: budget }, rows: reading.rows } });
      return { outcome: 'created' as const, record: budgetRecordOf(stored), ...counts };
    }
    if (canonicalJson(held.budget) === canonicalJson(budget)) return { outcome: 'unchanged' as const, record: budgetRecordOf(held), ...counts };
    const next: StoredBudget = { ...held, version: held.version + 1, updatedAt: at, budget };
    if (!(await ctx.store.budgets.update(trx, next, held.version, actor.id))) throw new DomainError('conflict', `budget “${budget.name}” changed while the file was imported; import it again`);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'budget.import', entityType: ENTITY, entityId: held.id, changes: { ...changedFields(held.budget, budget), rows: reading.rows } });
    return { outcome: 'updated' as const, record: budgetRecordOf(next), ...counts };
  });
}

/**
 * What a file gives with a mapping (or with the mapping guessed from its header), storing nothing: its first rows as
 * read, the lines and years, and every problem by row and column — for the import dialog to show before the import.
 */
export async function previewBudgetImport(actor: Actor, readRows: () => Promise<string[][]>, input: unknown): Promise<BudgetImportPreview> {
  requirePermission(actor, 'posture:write');
  const query = parseInput(budgetImportPreviewQuerySchema, input, 'preview options');
  const { header, body } = readHeader(await readRows());
  const given = query.mapping === undefined ? undefined : mappingOf(query.mapping);
  const guessed = given ? undefined : guessBudgetMapping(header);
  const mapping: BudgetImportMapping | null = given ?? (guessed ? budgetImportMappingSchema.parse(guessed) : null);
  const base = { header, sample: body.slice(0, SAMPLE_ROWS), mapping, years: [] as number[], lines: [] as Budget['lines'], rows: body.length, values: mapping ? valuesSeen(header, body, mapping) : { category: [], purpose: [] } };
  if (!mapping) return { ...base, problems: [{ row: null, field: 'mapping', message: 'no column of the header reads as the category, the purpose class and the label: choose them' }] };
  const reading = readBudgetRows(header, body, mapping);
  if ('fileIssues' in reading) return { ...base, problems: reading.fileIssues.map((i) => ({ row: null, field: i.path, message: i.message })) };
  if ('rejected' in reading) return { ...base, problems: rejectionLinesOf(reading.rejected) };
  const problems = reading.lines.length === 0 ? [{ row: null, field: 'file', message: 'has no budget lines after the header' }] : [];
  return { ...base, years: reading.years, lines: reading.lines, rows: reading.rows, problems };
}

/** A budget's id from its name or its id (the command line names budgets as people do). */
export async function budgetIdOf(ctx: AppContext, actor: Actor, nameOrId: string): Promise<string> {
  requirePermission(actor, 'posture:read');
  const db = ctx.store.connection.db;
  const found = (await ctx.store.budgets.findByName(db, nameOrId)) ?? (await ctx.store.budgets.find(db, nameOrId));
  if (!found) throw new DomainError('not_found', `no budget is named “${nameOrId}” or has that id`, [{ path: 'budget', code: 'unknown_budget', message: 'is not a budget held' }]);
  return found.id;
}
