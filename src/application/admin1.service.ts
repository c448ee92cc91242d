import { admin1AsFeature, admin1QuerySchema, parseAdmin1File, type Admin1Boundary, type Admin1Collection, type Admin1ImportReport } from '../core/places/admin1.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

const ENTITY = 'admin1_boundaries';

/**
 * Imports a file of admin-1 boundaries (geoBoundaries ADM1 or Natural Earth admin-1): every feature is checked first, and
 * the whole file is one transaction in which each country it holds has its set replaced, with an audit entry per
 * country. Importing the same file again leaves the same boundaries.
 */
export async function importAdmin1(ctx: AppContext, actor: Actor, text: string): Promise<Admin1ImportReport> {
  requirePermission(actor, 'place:write');
  const { source, boundaries } = parseAdmin1File(text);
  const byCountry = new Map<string, Admin1Boundary[]>();
  for (const b of boundaries) byCountry.set(b.country, [...(byCountry.get(b.country) ?? []), b]);
  const at = ctx.now().toISOString();
  const countries = await ctx.store.connection.db.transaction().execute(async (trx) => {
    const done: Admin1ImportReport['countries'] = [];
    for (const [country, set] of [...byCountry].sort(([a], [b]) => a.localeCompare(b))) {
      const replaced = await ctx.store.admin1.replaceCountry(trx, country, set, at, actor.id);
      await ctx.store.audit.append(trx, {
        at,
        userId: actor.id,
        action: 'admin1.import',
        entityType: ENTITY,
        entityId: country,
        changes: { boundaries: { before: replaced, after: set.length }, source: { before: null, after: source } },
      });
      done.push({ country, boundaries: set.length, replaced });
    }
    return done;
  });
  return { source, countries };
}

/** The admin-1 boundaries in a box or of a country, as GeoJSON. */
export async function admin1Boundaries(ctx: AppContext, actor: Actor, query: unknown): Promise<Admin1Collection> {
  requirePermission(actor, 'monitoring:read');
  const { bbox, country } = parseInput(admin1QuerySchema, query, 'query');
  const found = await ctx.store.admin1.find(ctx.store.connection.db, { ...(bbox && { bbox }), ...(country && { country }) });
  return { type: 'FeatureCollection', features: found.map(admin1AsFeature) };
}
