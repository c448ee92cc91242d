import { z } from 'zod';
import { fileAnswerSchema } from '../api-contract.schema.js';
import { budgetBalance, PROGRAMME_CLASSES, PURPOSE_CLASSES, type ForceBudget, type ProgrammeClass, type PurposeClass } from '../spending/rebalancing.js';
import type { Capability } from './capability.schema.js';

/**
 * The posture review: what a force holds (the capability register, with quantities) and what it pays for (its
 * budgets, when given) by purpose class, year by year — the balance of defensive, protective and offensive capacity.
 *
 * The **defensive share** of a year is
 *
 *     (defensive + protective + peace_operations) / (defensive + protective + peace_operations + offensive + dual_use + nuclear)
 *
 * over units held (holdings) or US$ m (budgets): every class except conversion, which is a cost of moving between the
 * others and not capacity. Dual-use counts in the denominator and not in the numerator: capacity that can serve
 * offence is not counted as defence. A year with nothing held (or no budget) has no share — null, never 0.
 *
 * Holdings count units: a system's `quantity`. A system without a quantity is not guessed as 1: it is counted apart and
 * named. A system is held in a year when the year lies within its `inService` years (both inclusive; an open end is
 * open); a system without service years is held in every year asked, and the review names those systems.
 */

/** The classes a share is given for (conversion is a cost, not capacity). */
export const BALANCE_CLASSES = PROGRAMME_CLASSES;
/** The classes the defensive share counts as defensive. */
export const DEFENSIVE_SHARE_CLASSES = ['defensive', 'protective', 'peace_operations'] as const satisfies readonly ProgrammeClass[];

export const DEFENSIVE_SHARE_DEFINITION =
  'defensive share = (defensive + protective + peace operations) / every class except conversion (defensive, protective, peace operations, offensive, dual-use, nuclear)';

/** The most years one review covers. */
export const POSTURE_BALANCE_MAX_YEARS = 100;

/** The facts of a registered system the review reads. */
export type HeldSystem = Pick<Capability, 'name' | 'purpose' | 'quantity' | 'inService'> & { id?: string };

/** Whether a system is held in a year: inside its service years (inclusive), or in every year when it has none. */
export function inServiceIn(system: Pick<HeldSystem, 'inService'>, year: number): boolean {
  const span = system.inService;
  if (!span) return true;
  return (span.from === undefined || span.from <= year) && (span.to === undefined || year <= span.to);
}

const year = z.number().int().min(1900).max(2200);
const byClassSchema = z.object(Object.fromEntries(BALANCE_CLASSES.map((c) => [c, z.number()])) as Record<ProgrammeClass, z.ZodNumber>);
const byPurposeSchema = z.object(Object.fromEntries(PURPOSE_CLASSES.map((c) => [c, z.number()])) as Record<PurposeClass, z.ZodNumber>);

export const heldSystemRefSchema = z.object({ id: z.string().optional(), name: z.string(), purpose: z.enum(BALANCE_CLASSES) });

export const holdingsYearSchema = z.object({
  /** Units held by class: the sum of the quantities of the systems in service that year that have one. */
  units: byClassSchema,
  totalUnits: z.number().int(),
  /** Systems in service that year, with a quantity and without. */
  systems: z.number().int(),
  /** Systems in service that year without a quantity: not counted in the units (never guessed as 1), named here. */
  withoutQuantity: z.array(heldSystemRefSchema),
  /** Each class's share of the units; null when no unit is held. */
  shares: byClassSchema.nullable(),
  /** See DEFENSIVE_SHARE_DEFINITION; null when no unit is held. */
  defensiveShare: z.number().nullable(),
});
export type HoldingsYear = z.output<typeof holdingsYearSchema>;

export const budgetYearSchema = z.object({
  /** The forces whose budgets for the year are summed. */
  forces: z.array(z.string()),
  /** Millions by purpose class, conversion included, in the budget's currency and prices (the review's note names them). */
  amountsM: byPurposeSchema,
  /** Everything but conversion. */
  programmeM: z.number(),
  conversionM: z.number(),
  /** Each class's share of the programme (conversion left out); null when the programme is 0. */
  shares: byClassSchema.nullable(),
  defensiveShare: z.number().nullable(),
});
export type BudgetYear = z.output<typeof budgetYearSchema>;

export const postureYearSchema = z.object({
  year,
  holdings: holdingsYearSchema,
  /**
   * The budgets' part. Absent: no budget was asked for (GET /posture/balance?budget=<id>).
   * null: budgets were given, but none for this year — a gap, not a budget of 0.
   */
  budget: budgetYearSchema.nullable().optional(),
});
export type PostureYear = z.output<typeof postureYearSchema>;

/** What GET /posture/balance answers. */
export const postureBalanceSchema = z.object({
  from: year,
  to: year,
  definition: z.string(),
  /** Systems in the register, and those of them that have no service years (held in every year asked). */
  systems: z.number().int(),
  withoutServiceYears: z.array(heldSystemRefSchema),
  /** Whether budgets were given; the note says where they come from, or why there are none. */
  budgets: z.object({ given: z.boolean(), note: z.string() }),
  years: z.array(postureYearSchema),
});
export type PostureBalance = z.output<typeof postureBalanceSchema>;

const reviewQuery = z.object({
  from: z.coerce.number({ error: 'must be a year' }).int('must be a whole year').min(1900, 'must be a year from 1900 to 2200').max(2200, 'must be a year from 1900 to 2200').optional(),
  to: z.coerce.number({ error: 'must be a year' }).int('must be a whole year').min(1900, 'must be a year from 1900 to 2200').max(2200, 'must be a year from 1900 to 2200').optional(),
  /** A stored budget (its id) to set beside the holdings. */
  budget: z.string().trim().min(1).max(100).optional(),
});

function checkPeriod(q: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (q.from === undefined || q.to === undefined) return;
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (q.to - q.from + 1 > POSTURE_BALANCE_MAX_YEARS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a review covers at most ${POSTURE_BALANCE_MAX_YEARS} years` });
}

export const postureBalanceQuerySchema = reviewQuery.superRefine(checkPeriod);
export type PostureBalanceQuery = z.output<typeof postureBalanceQuerySchema>;

/** GET /posture/report: the review's period and budget, and the page or a PDF. */
export const postureReportQuerySchema = reviewQuery.extend({ format: z.enum(['html', 'pdf']).default('html') }).superRefine(checkPeriod);
export const postureReportPageSchema = fileAnswerSchema(['text/html', 'application/pdf'], 'the posture report as a printable, self-contained HTML page (format=html) or an A4 PDF (format=pdf)');

const zero = <C extends string>(classes: readonly C[]): Record<C, number> => Object.fromEntries(classes.map((c) => [c, 0])) as Record<C, number>;
const refOf = (s: HeldSystem) => ({ ...(s.id !== undefined && { id: s.id }), name: s.name, purpose: s.purpose });

/** The defensive share of amounts by class (see DEFENSIVE_SHARE_DEFINITION); null when they sum to 0. */
export function defensiveShareOf(byClass: Record<ProgrammeClass, number>): number | null {
  const total = BALANCE_CLASSES.reduce((sum, c) => sum + byClass[c], 0);
  return total > 0 ? DEFENSIVE_SHARE_CLASSES.reduce((sum, c) => sum + byClass[c], 0) / total : null;
}

function sharesOf(byClass: Record<ProgrammeClass, number>): Record<ProgrammeClass, number> | null {
  const total = BALANCE_CLASSES.reduce((sum, c) => sum + byClass[c], 0);
  return total > 0 ? (Object.fromEntries(BALANCE_CLASSES.map((c) => [c, byClass[c] / total])) as Record<ProgrammeClass, number>) : null;
}

/** What the register holds in one year, by class. */
export function holdingsIn(systems: readonly HeldSystem[], y: number): HoldingsYear {
  const units = zero(BALANCE_CLASSES);
  const held = systems.filter((s) => inServiceIn(s, y));
  const withoutQuantity = held.filter((s) => s.quantity === undefined);
  for (const s of held) if (s.quantity !== undefined) units[s.purpose] += s.quantity;
  return {
    units,
    totalUnits: BALANCE_CLASSES.reduce((sum, c) => sum + units[c], 0),
    systems: held.length,
    withoutQuantity: withoutQuantity.map(refOf),
    shares: sharesOf(units),
    defensiveShare: defensiveShareOf(units),
  };
}

/** The budgets of one year summed by class (several forces' budgets add up); null when none is for the year. */
export function budgetIn(budgets: readonly ForceBudget[], y: number): BudgetYear | null {
  const ofYear = budgets.filter((b) => b.year === y);
  if (ofYear.length === 0) return null;
  const amountsM = zero(PURPOSE_CLASSES);
  for (const b of ofYear) {
    const balance = budgetBalance(b);
    for (const c of PURPOSE_CLASSES) amountsM[c] += balance.byClass[c];
  }
  const programme = Object.fromEntries(BALANCE_CLASSES.map((c) => [c, amountsM[c]])) as Record<ProgrammeClass, number>;
  return {
    forces: [...new Set(ofYear.map((b) => b.force))],
    amountsM,
    programmeM: BALANCE_CLASSES.reduce((sum, c) => sum + programme[c], 0),
    conversionM: amountsM.conversion,
    shares: sharesOf(programme),
    defensiveShare: defensiveShareOf(programme),
  };
}

/**
 * The posture review over the years `from`–`to` (inclusive): the register's holdings by class each year and, when
 * budgets are given (plain core budgets, whatever stores them), the budgets' amounts by class each year.
 */
export function postureBalance(input: {
  systems: readonly HeldSystem[];
  from: number;
  to: number;
  budgets?: readonly ForceBudget[] | undefined;
  /** What the budgets are and what their amounts are in ("NDF 2026–2030 (Northern Defence Force), EUR m, constant 2025 prices"). */
  budgetNote?: string | undefined;
}): PostureBalance {
  const { systems, from, to, budgets } = input;
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from || to - from + 1 > POSTURE_BALANCE_MAX_YEARS) {
    throw new RangeError(`a posture review covers whole years, from before to, at most ${POSTURE_BALANCE_MAX_YEARS} (asked ${from}–${to})`);
  }
  const years: PostureYear[] = [];
  for (let y = from; y <= to; y++) years.push({ year: y, holdings: holdingsIn(systems, y), ...(budgets && { budget: budgetIn(budgets, y) }) });
  return {
    from,
    to,
    definition: DEFENSIVE_SHARE_DEFINITION,
    systems: systems.length,
    withoutServiceYears: systems.filter((s) => !s.inService || (s.inService.from === undefined && s.inService.to === undefined)).map(refOf),
    budgets: budgets
      ? { given: true, note: input.budgetNote ?? `${budgets.length} budget year(s) of ${[...new Set(budgets.map((b) => b.force))].join(', ') || 'no force'}` }
      : { given: false, note: 'no budgets given: the review shows the register’s holdings only' },
    years,
  };
}
