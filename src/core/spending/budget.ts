import { z } from 'zod';
import type { FieldIssue } from '../errors.js';
import {
  budgetBalance,
  checkScenarioPlan,
  currencySchema,
  NATO_CATEGORIES,
  PROGRAMME_CLASSES,
  PURPOSE_CLASSES,
  rebalancingScenarioSchema,
  scenarioPlanFields,
  TOTAL_PATHS,
  type BudgetBalance,
  type ConversionCost,
  type ForceBudget,
  type RebalancingScenario,
} from './rebalancing.js';

/**
 * A force's budget over several years, as it is kept: each line in a NATO reporting category, classed by purpose, with
 * an amount for every year the budget covers (in millions of its currency, on its price basis). A scenario stored
 * against it (below) takes the budget's programme in its start year as the baseline to rebalance.
 */

const year = z.number().int().min(1900).max(2200);
const amount = z.number().finite().nonnegative();
const yearKey = z.string().regex(/^\d{4}$/, 'must be a year (four digits)');

/** Whether the amounts are in the prices of each year (current) or of one base year (constant). */
export const priceBasisSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('current') }), z.object({ kind: z.literal('constant'), baseYear: year })]);
export type PriceBasis = z.output<typeof priceBasisSchema>;

export const priceBasisText = (basis: PriceBasis): string => (basis.kind === 'current' ? 'current prices' : `constant ${basis.baseYear} prices`);

/** "NGN m, constant 2024 prices": what a budget's (or a scenario's) amounts are in. */
export const amountUnitText = (currency: string, basis: PriceBasis): string => `${currency} m, ${priceBasisText(basis)}`;

export const budgetItemSchema = z.object({
  label: z.string().trim().min(1).max(200),
  category: z.enum(NATO_CATEGORIES),
  purpose: z.enum(PURPOSE_CLASSES),
  /** Millions of the budget's currency, by year ("2026"); every year of the budget has one (0 where nothing is budgeted). */
  amountsM: z.record(yearKey, amount),
});
export type BudgetItem = z.output<typeof budgetItemSchema>;

/** Two lines are the same line when their category, class and label (ignoring case and spacing) agree. */
export const lineKeyOf = (line: Pick<BudgetItem, 'category' | 'purpose' | 'label'>): string => `${line.category}\u0000${line.purpose}\u0000${line.label.trim().replace(/\s+/g, ' ').toLowerCase()}`;

export const MAX_BUDGET_YEARS = 51;
export const MAX_BUDGET_LINES = 2000;

export const budgetSchema = z
  .object({
    /** What the budget is called; unique, and how a re-import finds the budget it updates. */
    name: z.string().trim().min(1, 'give the budget a name').max(200),
    force: z.string().trim().min(1, 'name the force').max(200),
    currency: currencySchema,
    priceBasis: priceBasisSchema,
    /** The years the budget covers, in order. */
    years: z.array(year).min(1, 'a budget covers at least one year').max(MAX_BUDGET_YEARS),
    lines: z.array(budgetItemSchema).min(1, 'a budget has at least one line').max(MAX_BUDGET_LINES),
    /** Where the figures come from, or what they are (a plan, an estimate). */
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((b, ctx) => {
    b.years.forEach((y, i) => {
      if (i > 0 && y <= b.years[i - 1]!) ctx.addIssue({ code: 'custom', path: ['years', i], message: `${y} is out of order or repeated: give the years once each, in order` });
    });
    const years = new Set(b.years.map(String));
    const first = new Map<string, number>();
    b.lines.forEach((line, i) => {
      for (const y of b.years) {
        if (line.amountsM[String(y)] === undefined) ctx.addIssue({ code: 'custom', path: ['lines', i, 'amountsM', String(y)], message: `no amount for ${y}: give 0 where nothing is budgeted` });
      }
      for (const key of Object.keys(line.amountsM)) {
        if (!years.has(key)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'amountsM', key], message: `${key} is not one of the budget's years (${yearsText(b.years)})` });
      }
      const seen = first.get(lineKeyOf(line));
      if (seen !== undefined) ctx.addIssue({ code: 'custom', path: ['lines', i, 'label'], message: `is the same line as line ${seen + 1} (same category, class and label): merge them or tell them apart` });
      else first.set(lineKeyOf(line), i);
    });
  });
export type Budget = z.output<typeof budgetSchema>;
export type BudgetInput = z.input<typeof budgetSchema>;

/** "2026–2030", or "2026, 2028–2030" when the years have a gap. */
export function yearsText(years: readonly number[]): string {
  const runs: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const y of [...years, Number.NaN]) {
    if (start !== undefined && y === previous! + 1) {
      previous = y;
      continue;
    }
    if (start !== undefined) runs.push(start === previous ? String(start) : `${start}–${previous}`);
    start = y;
    previous = y;
  }
  return runs.join(', ');
}

/** One year of a budget, as the single-year budget the balance is computed on. */
export function budgetOfYear(budget: Budget, y: number): ForceBudget {
  return {
    force: budget.force,
    year: y,
    currency: budget.currency,
    lines: budget.lines.map((line) => ({ label: line.label, category: line.category, purpose: line.purpose, amountM: line.amountsM[String(y)] ?? 0 })),
  };
}

export interface YearBalance extends BudgetBalance {
  year: number;
}

/** The budget summed by class and category, year by year. */
export function budgetBalances(budget: Budget): YearBalance[] {
  return budget.years.map((y) => {
    return { year: y, ...budgetBalance(budgetOfYear(budget, y)) };
  });
}

/**
 * A scenario kept against a stored budget: the plan (years, the balance to reach and when, conversion costs, GDP path)
 * and the budget it starts from. Its programme's total may also follow the budget's own totals (`budget`) for the
 * years the budget covers, keeping the last after them.
 */
export const storedScenarioSchema = z
  .object({
    ...scenarioPlanFields,
    budgetId: z.string().trim().min(1, 'name the budget the scenario starts from').max(100),
    total: z.discriminatedUnion('kind', [...TOTAL_PATHS, z.object({ kind: z.literal('budget') })]),
  })
  .superRefine(checkScenarioPlan);
export type StoredScenario = z.output<typeof storedScenarioSchema>;
export type StoredScenarioInput = z.input<typeof storedScenarioSchema>;

const NOTE_LENGTH = 500;

/**
 * The scenario a plan makes of a budget: the budget's programme by class in the start year is the baseline; the
 * budget's conversion lines in the scenario's years are conversion costs of their years (one per year, named by
 * their labels), beside the plan's own. A start year the budget does not cover, or in which it has no programme, is
 * refused, naming the field.
 */
export function scenarioFromBudget(budget: Budget, plan: StoredScenario): { scenario: RebalancingScenario } | { issues: FieldIssue[] } {
  if (!budget.years.includes(plan.startYear)) {
    return { issues: [{ path: 'startYear', code: 'not_in_budget', message: `the budget “${budget.name}” has no figures for ${plan.startYear} (it covers ${yearsText(budget.years)})` }] };
  }
  const balances = new Map(budgetBalances(budget).map((b) => [b.year, b]));
  const start = balances.get(plan.startYear)!;
  if (start.programmeM <= 0) {
    return { issues: [{ path: 'startYear', code: 'no_programme', message: `the budget “${budget.name}” has no programme to rebalance in ${plan.startYear} (its lines sum to 0 outside conversion)` }] };
  }
  const baseline = Object.fromEntries(PROGRAMME_CLASSES.map((c) => [c, start.byClass[c]]));
  const fromBudget: ConversionCost[] = [];
  for (const y of budget.years.filter((by) => by >= plan.startYear && by <= plan.endYear)) {
    const lines = budget.lines.filter((line) => line.purpose === 'conversion' && (line.amountsM[String(y)] ?? 0) > 0);
    if (lines.length === 0) continue;
    const note = `in the budget: ${lines.map((line) => line.label).join('; ')}`;
    fromBudget.push({ kind: 'other', year: y, amountM: lines.reduce((sum, line) => sum + line.amountsM[String(y)]!, 0), note: note.length > NOTE_LENGTH ? `${note.slice(0, NOTE_LENGTH - 1)}…` : note });
  }
  const total =
    plan.total.kind === 'budget'
      ? { kind: 'by_year' as const, amountsM: Object.fromEntries(budget.years.filter((by) => by >= plan.startYear && by <= plan.endYear).map((by) => [String(by), balances.get(by)!.programmeM])) }
      : plan.total;
  const { budgetId: _budgetId, ...rest } = plan;
  const parsed = rebalancingScenarioSchema.safeParse({ ...rest, total, baseline, conversionCosts: [...plan.conversionCosts, ...fromBudget] });
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })) };
  return { scenario: parsed.data };
}
