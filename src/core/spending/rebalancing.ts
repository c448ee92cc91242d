import { z } from 'zod';

/**
 * What a budget line pays for, judged by human-security principles (Kaldor & Rangelov's defensive deterrence; see
 * docs/posture-and-spending.md): defensive capacity and protection of people, peace operations, offence, what can
 * serve either, nuclear weapons, and the cost of converting from one to another.
 */
export const PURPOSE_CLASSES = ['defensive', 'protective', 'peace_operations', 'offensive', 'dual_use', 'nuclear', 'conversion'] as const;
export type PurposeClass = (typeof PURPOSE_CLASSES)[number];
/** The classes a force's programme is made of; conversion is a cost of moving between them, set out year by year. */
export const PROGRAMME_CLASSES = PURPOSE_CLASSES.filter((c): c is Exclude<PurposeClass, 'conversion'> => c !== 'conversion');
export type ProgrammeClass = (typeof PROGRAMME_CLASSES)[number];

/** NATO's reporting categories for defence expenditure. */
export const NATO_CATEGORIES = ['personnel', 'equipment', 'infrastructure', 'operations_maintenance'] as const;
export type NatoCategory = (typeof NATO_CATEGORIES)[number];

/** The costs of conversion the seed names: what disarming and reorienting a force costs before it saves. */
export const CONVERSION_KINDS = ['equipment_disposal', 'personnel_reintegration', 'industry_conversion', 'other'] as const;

const amount = z.number().finite().nonnegative();
const year = z.number().int().min(1900).max(2200);
const share = z.number().finite().min(0).max(1);

export const conversionCostSchema = z.object({
  kind: z.enum(CONVERSION_KINDS),
  year,
  amountM: amount,
  note: z.string().max(500).optional(),
});
export type ConversionCost = z.output<typeof conversionCostSchema>;

const SHARE_TOLERANCE = 1e-6;

/** How a programme's total moves: held, grown (or cut) by a rate, or given year by year (a year not given keeps the last). */
export const TOTAL_PATHS = [
  z.object({ kind: z.literal('constant') }),
  z.object({ kind: z.literal('growth'), percentPerYear: z.number().finite().min(-50).max(50) }),
  z.object({ kind: z.literal('by_year'), amountsM: z.record(z.string().regex(/^\d{4}$/), amount) }),
] as const;

/** The GDP path against which the share of GDP is stated: the start year's GDP and its growth. */
export const gdpPathSchema = z.object({ startGdpM: z.number().finite().positive(), growthPercentPerYear: z.number().finite().min(-50).max(50) });

/**
 * What a scenario states besides where it starts from: its name and years, the balance of classes to reach (fractions
 * summing to 1, moved to in even steps by `reachedIn`), conversion costs, and the GDP path. A scenario stored against a
 * budget (budget.ts) takes its baseline from the budget; one given whole names its baseline itself.
 */
export const scenarioPlanFields = {
  name: z.string().trim().min(1).max(200),
  startYear: year,
  endYear: year,
  targetShares: z.partialRecord(z.enum(PROGRAMME_CLASSES), share),
  reachedIn: year,
  conversionCosts: z.array(conversionCostSchema).max(500),
  gdp: gdpPathSchema.optional(),
};

interface PlanChecked {
  startYear: number;
  endYear: number;
  reachedIn: number;
  targetShares: Partial<Record<ProgrammeClass, number>>;
  conversionCosts: readonly ConversionCost[];
}

/** The checks every scenario passes, stored or given whole: years in order, target shares summing to 100 %, costs in its years. */
export function checkScenarioPlan(s: PlanChecked, ctx: z.RefinementCtx): void {
  if (s.endYear < s.startYear) ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'is before the start year' });
  if (s.endYear - s.startYear > 50) ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'a scenario covers at most 50 years' });
  if (s.reachedIn < s.startYear || s.reachedIn > s.endYear) ctx.addIssue({ code: 'custom', path: ['reachedIn'], message: 'must fall between the start and end years' });
  const sum = Object.values(s.targetShares).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SHARE_TOLERANCE) ctx.addIssue({ code: 'custom', path: ['targetShares'], message: `must sum to 100 % (they sum to ${(sum * 100).toFixed(2)} %)` });
  s.conversionCosts.forEach((c, i) => {
    if (c.year < s.startYear || c.year > s.endYear) ctx.addIssue({ code: 'custom', path: ['conversionCosts', i, 'year'], message: `falls outside the scenario's years (${s.startYear}–${s.endYear})` });
  });
}

export const rebalancingScenarioSchema = z
  .object({
    ...scenarioPlanFields,
    /** The programme in the start year, by class, in millions (of US$, or of the currency of the budget it comes from). */
    baseline: z.partialRecord(z.enum(PROGRAMME_CLASSES), amount),
    /** How the programme's total moves: held, grown (or cut) by a rate, or given year by year (a year not given keeps the last). */
    total: z.discriminatedUnion('kind', [...TOTAL_PATHS]),
  })
  .superRefine((s, ctx) => {
    checkScenarioPlan(s, ctx);
    if (Object.values(s.baseline).reduce((a, b) => a + b, 0) <= 0) ctx.addIssue({ code: 'custom', path: ['baseline'], message: 'must have a programme to rebalance (a total above 0)' });
  });
export type RebalancingScenario = z.output<typeof rebalancingScenarioSchema>;

export interface ProjectedYear {
  year: number;
  /** The programme by class, in the scenario's millions; its shares sum to 1. */
  byClass: Record<ProgrammeClass, number>;
  shares: Record<ProgrammeClass, number>;
  programmeM: number;
  /** Conversion costs falling in this year, and their sum. */
  conversion: ConversionCost[];
  conversionM: number;
  totalM: number;
  gdpM: number | null;
  shareOfGdp: number | null;
}

const zeroByClass = (): Record<ProgrammeClass, number> => Object.fromEntries(PROGRAMME_CLASSES.map((c) => [c, 0])) as Record<ProgrammeClass, number>;

/**
 * A scenario year by year: the programme's total follows its path, each class's share moves in even steps from the
 * baseline's to the target's (so the shares always sum to 100 %), and each conversion cost lands in its own year on
 * top of the programme.
 */
export function projectScenario(scenario: RebalancingScenario): ProjectedYear[] {
  const base = { ...zeroByClass(), ...scenario.baseline };
  const target = { ...zeroByClass(), ...scenario.targetShares };
  const baseTotal = PROGRAMME_CLASSES.reduce((sum, c) => sum + base[c], 0);
  const years: ProjectedYear[] = [];
  let lastGiven = baseTotal;
  for (let y = scenario.startYear; y <= scenario.endYear; y += 1) {
    const elapsed = y - scenario.startYear;
    let programmeM: number;
    if (scenario.total.kind === 'constant') programmeM = baseTotal;
    else if (scenario.total.kind === 'growth') programmeM = baseTotal * (1 + scenario.total.percentPerYear / 100) ** elapsed;
    else programmeM = lastGiven = scenario.total.amountsM[String(y)] ?? lastGiven;
    const step = scenario.reachedIn === scenario.startYear ? 1 : Math.min(1, elapsed / (scenario.reachedIn - scenario.startYear));
    const shares = zeroByClass();
    const byClass = zeroByClass();
    for (const c of PROGRAMME_CLASSES) {
      const from = base[c] / baseTotal;
      shares[c] = from + (target[c] - from) * step;
      byClass[c] = shares[c] * programmeM;
    }
    const conversion = scenario.conversionCosts.filter((cost) => cost.year === y);
    const conversionM = conversion.reduce((sum, cost) => sum + cost.amountM, 0);
    const totalM = programmeM + conversionM;
    const gdpM = scenario.gdp ? scenario.gdp.startGdpM * (1 + scenario.gdp.growthPercentPerYear / 100) ** elapsed : null;
    years.push({ year: y, byClass, shares, programmeM, conversion, conversionM, totalM, gdpM, shareOfGdp: gdpM ? totalM / gdpM : null });
  }
  return years;
}

export interface ScenarioSummary {
  name: string;
  years: ProjectedYear[];
  cumulativeM: number;
  cumulativeConversionM: number;
  /** The end year's balance: defensive, protective and peace operations against offensive and nuclear. */
  finalProtectiveShare: number;
  finalOffensiveShare: number;
}

/** Several scenarios over the same years, summed for a side-by-side comparison. */
export function compareScenarios(scenarios: readonly RebalancingScenario[]): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    const years = projectScenario(scenario);
    const last = years.at(-1)!;
    return {
      name: scenario.name,
      years,
      cumulativeM: years.reduce((sum, y) => sum + y.totalM, 0),
      cumulativeConversionM: years.reduce((sum, y) => sum + y.conversionM, 0),
      finalProtectiveShare: last.shares.defensive + last.shares.protective + last.shares.peace_operations,
      finalOffensiveShare: last.shares.offensive + last.shares.nuclear,
    };
  });
}

/** A currency by its ISO 4217 code: a budget is kept in the currency its force states it in. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code (USD, EUR, NGN …)');

export const budgetLineSchema = z.object({
  label: z.string().trim().min(1).max(200),
  category: z.enum(NATO_CATEGORIES),
  purpose: z.enum(PURPOSE_CLASSES),
  amountM: amount,
});
export type BudgetLine = z.output<typeof budgetLineSchema>;

/**
 * A force's budget for one year: each line in a NATO category and classed by purpose. Its programme by class is a
 * scenario's baseline; its conversion lines are costs of that year, not part of the programme to rebalance.
 */
export const forceBudgetSchema = z.object({
  force: z.string().trim().min(1).max(200),
  year,
  currency: currencySchema.default('USD'),
  lines: z.array(budgetLineSchema).min(1).max(2000),
});
export type ForceBudget = z.output<typeof forceBudgetSchema>;

export interface BudgetBalance {
  byClass: Record<PurposeClass, number>;
  byCategory: Record<NatoCategory, number>;
  totalM: number;
  /** The total without conversion lines: what a scenario rebalances. */
  programmeM: number;
  /** The programme's shares by class (conversion left out), for the scorecard's defensive share. */
  programmeShares: Record<ProgrammeClass, number>;
}

/** A budget summed by purpose class and by NATO category. */
export function budgetBalance(budget: ForceBudget): BudgetBalance {
  const byClass = Object.fromEntries(PURPOSE_CLASSES.map((c) => [c, 0])) as Record<PurposeClass, number>;
  const byCategory = Object.fromEntries(NATO_CATEGORIES.map((c) => [c, 0])) as Record<NatoCategory, number>;
  for (const line of budget.lines) {
    byClass[line.purpose] += line.amountM;
    byCategory[line.category] += line.amountM;
  }
  const totalM = budget.lines.reduce((sum, line) => sum + line.amountM, 0);
  // Summed from its own classes: the total less conversion loses precision when conversion dwarfs the rest.
  const programmeM = PROGRAMME_CLASSES.reduce((sum, c) => sum + byClass[c], 0);
  const programmeShares = Object.fromEntries(PROGRAMME_CLASSES.map((c) => [c, programmeM > 0 ? byClass[c] / programmeM : 0])) as Record<ProgrammeClass, number>;
  return { byClass, byCategory, totalM, programmeM, programmeShares };
}

/** A scenario's baseline from a budget: its programme by class (conversion lines are not rebalanced). */
export function baselineOf(budget: ForceBudget): Record<ProgrammeClass, number> {
  const { byClass } = budgetBalance(budget);
  return Object.fromEntries(PROGRAMME_CLASSES.map((c) => [c, byClass[c]])) as Record<ProgrammeClass, number>;
}
