import { POSTURE_BALANCE_MAX_YEARS, postureBalance, postureBalanceQuerySchema, type HeldSystem, type PostureBalance } from '../core/capabilities/posture-balance.js';
import type { Capability } from '../core/capabilities/capability.schema.js';
import { notFound } from '../core/errors.js';
import { amountUnitText, budgetOfYear } from '../core/spending/budget.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

/** The years a review covers when none are asked: the ten up to this year. */
export const DEFAULT_REVIEW_YEARS = 10;

/** A register record as the posture review reads it: what it is for, how many, and when. */
export const heldSystemOf = ({ id, capability: c }: { id: string; capability: Capability }): HeldSystem => ({
  id,
  name: c.name,
  purpose: c.purpose,
  ...(c.quantity !== undefined && { quantity: c.quantity }),
  ...(c.inService && { inService: c.inService }),
});

/** The register's systems as the posture review reads them (as the actor may see them). */
export async function heldSystems(ctx: AppContext, actor: Actor): Promise<HeldSystem[]> {
  requirePermission(actor, 'posture:read');
  return (await ctx.store.capabilities.list(ctx.store.connection.db, audienceOf(actor))).map(heldSystemOf);
}

/**
 * The posture review over a period of years (GET /posture/balance): the register's holdings by class each year, and,
 * with `budget`, that stored budget's amounts by class in each of its years (a year it does not cover is a gap).
 * Without `to`, up to this year (or `from`, if later); without `from`, the ten years up to `to`. `held`: the register
 * as the caller already read it for this actor (the posture report), so it is not read twice.
 */
export async function postureBalanceFor(ctx: AppContext, actor: Actor, queryInput: unknown, held?: readonly HeldSystem[]): Promise<PostureBalance> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(postureBalanceQuerySchema, queryInput ?? {}, 'posture review query');
  const thisYear = ctx.now().getUTCFullYear();
  const to = query.to ?? (query.from === undefined ? thisYear : Math.max(query.from, Math.min(thisYear, query.from + POSTURE_BALANCE_MAX_YEARS - 1)));
  const from = query.from ?? to - (DEFAULT_REVIEW_YEARS - 1);
  const stored = query.budget === undefined ? undefined : await ctx.store.budgets.find(ctx.store.connection.db, query.budget);
  if (query.budget !== undefined && !stored) throw notFound('budget', query.budget);
  const budget = stored?.budget;
  return postureBalance({
    systems: held ?? (await heldSystems(ctx, actor)),
    from,
    to,
    budgets: budget?.years.map((y) => budgetOfYear(budget, y)),
    budgetNote: budget && `${budget.name} (${budget.force}), ${amountUnitText(budget.currency, budget.priceBasis)}`,
  });
}
