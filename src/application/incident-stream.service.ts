import { incidentFilterSchema } from '../core/incident-filter.schema.js';
import type { Incident } from '../core/incident.schema.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

/**
 * Every incident a filter matches, page by page over the keyset cursor: memory stays flat for any number of rows.
 * Exports are minimised: sensitive details are part of them only when asked for (see sensitive-export.service.ts).
 */
export async function* streamIncidents(
  ctx: AppContext,
  actor: Actor,
  filterInput: unknown,
  pageSize = 1000,
  options: { includeSensitive?: boolean } = {},
): AsyncGenerator<Incident> {
  requirePermission(actor, 'incident:read');
  const includeSensitive = options.includeSensitive ?? false;
  // Only a sensitive export asks for them, after its own permission and consent checks.
  if (includeSensitive) requirePermission(actor, 'incident:read_sensitive');
  const filter = parseInput(incidentFilterSchema, filterInput, 'filter');
  let cursor: string | undefined;
  do {
    const page = await ctx.store.incidents.list(ctx.store.connection.db, filter, { limit: pageSize, cursor }, includeSensitive, audienceOf(actor));
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
