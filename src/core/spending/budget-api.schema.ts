import { z } from 'zod';
import { fileAnswerSchema, idParamsSchema, itemListSchema } from '../api-contract.schema.js';
import { rejectionLineSchema } from '../rejected-row.schema.js';
import { budgetImportMappingSchema } from './budget-import.js';
import { budgetItemSchema, budgetSchema, priceBasisSchema, storedScenarioSchema } from './budget.js';
import { NATO_CATEGORIES, PROGRAMME_CLASSES, PURPOSE_CLASSES } from './rebalancing.js';
import { scenarioComparisonSchema } from './spending-api.schema.js';

/** The contract of /spending/budgets and /spending/scenarios: budgets kept and imported, scenarios kept with their versions. */

const year = z.number().int();

/** A budget year summed: by class, by NATO category, the programme (conversion left out) and its shares. */
export const budgetYearBalanceSchema = z.object({
  year,
  totalM: z.number(),
  programmeM: z.number(),
  byClass: z.record(z.enum(PURPOSE_CLASSES), z.number()),
  byCategory: z.record(z.enum(NATO_CATEGORIES), z.number()),
  programmeShares: z.record(z.enum(PROGRAMME_CLASSES), z.number()),
});

export const budgetRecordSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  budget: budgetSchema,
  balance: z.array(budgetYearBalanceSchema),
});
export type BudgetRecord = z.output<typeof budgetRecordSchema>;

/** A budget in a list: what it is and its total per year, without its lines. */
export const budgetSummarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  name: z.string(),
  force: z.string(),
  currency: z.string(),
  priceBasis: priceBasisSchema,
  years: z.array(year),
  lineCount: z.number().int(),
  totals: z.array(z.object({ year, totalM: z.number(), programmeM: z.number() })),
});
export type BudgetSummary = z.output<typeof budgetSummarySchema>;
export const budgetListSchema = itemListSchema(budgetSummarySchema);
export type BudgetList = z.output<typeof budgetListSchema>;

export const budgetParamsSchema = idParamsSchema('a budget');

/** PUT /spending/budgets/:id: the whole budget again, and the version it was read at (409 when stale). */
export const budgetUpdateSchema = z.object({ version: z.number({ error: 'must be the version you edited' }).int().min(1), budget: budgetSchema });

const yearParam = z.coerce.number().int().min(1900).max(2200);

/**
 * POST /spending/budgets/imports (and …/preview): the CSV is the body; the budget's details and the column mapping (as
 * JSON text) are query parameters.
 */
export const budgetImportQuerySchema = z
  .object({
    name: z.string().trim().min(1, 'give the budget a name').max(200),
    force: z.string().trim().min(1, 'name the force').max(200),
    currency: z.string().trim().min(1).max(3),
    priceBasis: z.enum(['current', 'constant']),
    /** With priceBasis=constant: the year whose prices the amounts are in. */
    priceBaseYear: yearParam.optional(),
    note: z.string().trim().max(2000).optional(),
    /** The column mapping as JSON (budgetImportMappingSchema). */
    mapping: z.string().min(2).max(100_000),
    encoding: z.string().trim().min(1).max(40).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.priceBasis === 'constant' && q.priceBaseYear === undefined) ctx.addIssue({ code: 'custom', path: ['priceBaseYear'], message: 'constant prices are the prices of a year: give it' });
    if (q.priceBasis === 'current' && q.priceBaseYear !== undefined) ctx.addIssue({ code: 'custom', path: ['priceBaseYear'], message: 'current prices have no base year' });
  });
export type BudgetImportQuery = z.output<typeof budgetImportQuerySchema>;

/** The preview needs no details of the budget, and guesses a mapping from the header when none is given. */
export const budgetImportPreviewQuerySchema = z.object({ mapping: z.string().min(2).max(100_000).optional(), encoding: z.string().trim().min(1).max(40).optional() });

export const budgetImportReportSchema = z.object({
  /** created: a new budget; updated: the budget of that name, changed (a new version); unchanged: the same file again. */
  outcome: z.enum(['created', 'updated', 'unchanged']),
  record: budgetRecordSchema,
  rows: z.number().int(),
  blankRows: z.number().int(),
});
export type BudgetImportReport = z.output<typeof budgetImportReportSchema>;

/** What a file would give with a mapping, stored nowhere: its first rows as read, the mapping used, the lines or the problems. */
export const budgetImportPreviewSchema = z.object({
  header: z.array(z.string()),
  /** The first rows after the header, as the server read them (its separator, its quotes). */
  sample: z.array(z.array(z.string())),
  /** The mapping given, or the one guessed from the header (null when no guess could be made). */
  mapping: budgetImportMappingSchema.nullable(),
  years: z.array(year),
  lines: z.array(budgetItemSchema),
  rows: z.number().int(),
  /** The distinct words of the category and purpose columns, and what each is read as (null: nothing maps it yet). */
  values: z.object({
    category: z.array(z.object({ value: z.string(), mapped: z.enum(NATO_CATEGORIES).nullable() })),
    purpose: z.array(z.object({ value: z.string(), mapped: z.enum(PURPOSE_CLASSES).nullable() })),
  }),
  /** Every problem, by row (null: the file as a whole) and the file's column. */
  problems: z.array(rejectionLineSchema.extend({ row: z.number().nullable() })),
});
export type BudgetImportPreview = z.output<typeof budgetImportPreviewSchema>;

/** The budget a scenario starts from, as a scenario names it. */
export const scenarioBudgetRefSchema = z.object({ id: z.string(), name: z.string(), force: z.string(), version: z.number().int(), currency: z.string(), priceBasis: priceBasisSchema, years: z.array(year) });

export const scenarioRecordSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  scenario: storedScenarioSchema,
  budget: scenarioBudgetRefSchema,
});
export type ScenarioRecord = z.output<typeof scenarioRecordSchema>;
export const scenarioListSchema = itemListSchema(scenarioRecordSchema);
export type ScenarioList = z.output<typeof scenarioListSchema>;
export const scenarioParamsSchema = idParamsSchema('a scenario');

/** PUT /spending/scenarios/:id: the whole scenario again, and the version it was read at (409 when stale); saved as a new version. */
export const scenarioUpdateSchema = z.object({ version: z.number({ error: 'must be the version you edited' }).int().min(1), scenario: storedScenarioSchema });

export const scenarioVersionSchema = z.object({
  version: z.number().int(),
  savedAt: z.string(),
  /** Who saved it, by username (the command line's operator as cli:<login>). */
  savedBy: z.string(),
  scenario: storedScenarioSchema,
});
export const scenarioVersionListSchema = itemListSchema(scenarioVersionSchema);
export type ScenarioVersionList = z.output<typeof scenarioVersionListSchema>;

/** `id` (the version held) or `id@3` (an earlier version), comma-separated, two to six of them in the web app. */
export const SCENARIO_REF = /^([0-9a-f-]{36})(?:@([1-9]\d{0,8}))?$/i;
export const scenarioRefsSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(z.string().regex(SCENARIO_REF, 'must be a scenario id, or id@version for an earlier version'))
    .min(1, 'name at least one scenario')
    .max(6, 'compare at most six scenarios at once'),
);

export const storedComparisonQuerySchema = z.object({ ids: scenarioRefsSchema });
export const scenarioReportQuerySchema = z.object({ ids: scenarioRefsSchema, format: z.enum(['html', 'pdf']).default('html') });
export type ScenarioReportQuery = z.output<typeof scenarioReportQuerySchema>;

const comparedSchema = scenarioComparisonSchema.shape.scenarios.element;

/** Stored scenarios compared: each projection with the scenario and budget it was made from; one currency and price basis. */
export const storedComparisonSchema = z.object({
  currency: z.string(),
  priceBasis: priceBasisSchema,
  scenarios: z.array(
    comparedSchema.extend({
      id: z.string(),
      version: z.number().int(),
      /** False when an earlier version was asked for. */
      latest: z.boolean(),
      budget: scenarioBudgetRefSchema,
    }),
  ),
});
export type StoredComparison = z.output<typeof storedComparisonSchema>;

export const scenarioReportPageSchema = fileAnswerSchema(['text/html', 'application/pdf'], 'the comparison as a printable, self-contained HTML page (format=html) or an A4 PDF (format=pdf)');
