import { POSTURE_BALANCE_MAX_YEARS, postureBalance, postureBalanceQuerySchema, type HeldSystem, type PostureBalance } from '../core/capabilities/posture-balance.js';
import type { ForceBudget } from '../core/spending/rebalancing.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

/** The years a review covers when none are asked: the ten up to this year. */
export const DEFAULT_REVIEW_YEARS = 10;

/** The register's systems as the posture review reads them. */
export async function heldSystems(ctx: AppContext, actor: Actor): Promise<HeldSystem[]> {
  requirePermission(actor, 'posture:read');
  return (await ctx.store.capabilities.list(ctx.store.connection.db)).map(({ id, capability: c }) => ({
    id,
    name: c.name,
    purpose: c.purpose,
    ...(c.quantity !== undefined && { quantity: c.quantity }),
    ...(c.inService && { inService: c.inService }),
  }));
}

/**
 * The posture review over a period of years (GET /posture/balance): the register's holdings by purpose class each
 * year. Without `to`, up to this year (or `from`, if later); without `from`, the ten years up to `to`. `budgets`: the
 * force budgets to set beside the holdings, once they are stored — until then the answer says none were given.
 */
export async function postureBalanceFor(ctx: AppContext, actor: Actor, queryInput: unknown, budgets?: readonly ForceBudget[]): Promise<PostureBalance> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(postureBalanceQuerySchema, queryInput ?? {}, 'posture review query');
  const thisYear = ctx.now().getUTCFullYear();
  const to = query.to ?? (query.from === undefined ? thisYear : Math.max(query.from, Math.min(thisYear, query.from + POSTURE_BALANCE_MAX_YEARS - 1)));
  const from = query.from ?? to - (DEFAULT_REVIEW_YEARS - 1);
  return postureBalance({ systems: await heldSystems(ctx, actor), from, to, budgets });
}
