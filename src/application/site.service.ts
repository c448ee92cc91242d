import { createHash } from 'node:crypto';
import { DomainError, notFound } from '../core/errors.js';
import { siteToMapFeature, type SiteMapFeature } from '../core/places/site-geojson.mapping.js';
import { siteCategoryLabel, siteContentOf, siteFilterSchema, siteIndexBox, siteInputSchema, siteUpdateSchema, type Site, type SiteContent, type SiteData } from '../core/places/site.schema.js';
import type { NearbySite } from '../core/use-of-force/situation-context.js';
import type { PlaceFileReading, PlaceRejection } from '../core/places/place-record.js';
import { siteKeyText } from '../core/places/site-identity.js';
import type { Db } from '../store/database.js';
import type { ProtectedSiteRepository } from '../store/site.repository.js';
import type { Actor, AppContext, ProtectedSiteRegister } from './app-context.js';
import { requirePermission } from './authorization.js';
import type { SiteImportReport } from '../core/places/place-import-report.schema.js';
import { changedFields, rejectionsOf, upsertByOrigin, type PlaceImportRow } from './place-upsert.js';
import { parseInput } from './validation.js';
import { unionBox } from '../core/places/geometry.js';
import { reachOfPlace, redetectAround } from './detection.service.js';

const ENTITY = 'protected_site';
/** The map layer draws at most this many sites at once; a wider view asks for a smaller box. */
export const MAX_MAP_SITES = 50_000;

function stale(what: string, id: string, version: number, expected: number): DomainError {
  return new DomainError('conflict', `${what} ${id} was changed by someone else (now version ${version}, your change is based on ${expected}); reload and try again`, [
    { path: 'version', code: 'stale_version', message: `the ${what} is now at version ${version}` },
  ]);
}

/** A clash with a stored site of the same origin, said as a field problem rather than a database error. */
async function assertOriginFree(ctx: AppContext, db: Db, site: Site): Promise<void> {
  if (site.source.externalId === undefined) return;
  const twin = (await ctx.store.sites.findByOrigin(db, site.source.dataset, [site.source.externalId])).get(site.source.externalId);
  if (twin && twin.id !== site.id) {
    throw new DomainError('conflict', `site ${twin.id} already has source ${site.source.dataset} / ${site.source.externalId}`, [
      { path: 'source.externalId', code: 'duplicate_origin', message: `already used by site ${twin.id} (${twin.name})` },
    ]);
  }
}

export async function createSite(ctx: AppContext, actor: Actor, input: unknown): Promise<Site> {
  requirePermission(actor, 'place:write');
  const content = siteContentOf(parseInput(siteInputSchema, input, 'site'));
  const at = ctx.now().toISOString();
  const site: Site = { ...content, id: ctx.newId(), version: 1, createdAt: at, updatedAt: at };
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await assertOriginFree(ctx, trx, site);
    await ctx.store.sites.insert(trx, [site], actor.id);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'protected_site.create', entityType: ENTITY, entityId: site.id, changes: { protected_site: { before: null, after: content } } });
    await redetectAround(ctx, trx, { box: reachOfPlace(siteIndexBox(site)) });
    return site;
  });
}

export async function getSite(ctx: AppContext, actor: Actor, id: string): Promise<Site> {
  requirePermission(actor, 'monitoring:read');
  const site = await ctx.store.sites.find(ctx.store.connection.db, id);
  if (!site) throw notFound('site', id);
  return site;
}

/** Replace a site's details; refused when it changed since the version the edit started from. */
export async function updateSite(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<Site> {
  requirePermission(actor, 'place:write');
  const { version, ...data } = parseInput(siteUpdateSchema, input, 'site');
  const content = siteContentOf(data);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.sites.find(trx, id);
    if (!current) throw notFound('site', id);
    if (current.version !== version) throw stale('site', id, current.version, version);
    const at = ctx.now().toISOString();
    const next: Site = { ...content, id, version: current.version + 1, createdAt: current.createdAt, updatedAt: at };
    await assertOriginFree(ctx, trx, next);
    if (!(await ctx.store.sites.update(trx, next, version, actor.id))) throw stale('site', id, current.version + 1, version);
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...before } = current;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'protected_site.update', entityType: ENTITY, entityId: id, changes: changedFields(before, content) });
    // Where it was and where it is: detections at the old place lapse, new ones appear.
    await redetectAround(ctx, trx, { box: reachOfPlace(unionBox(siteIndexBox(current), siteIndexBox(next))) });
    return next;
  });
}

/** Remove a site from the register; with a version, refused when the site changed since. */
export async function deleteSite(ctx: AppContext, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  requirePermission(actor, 'place:write');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.sites.find(trx, id);
    if (!current) throw notFound('site', id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale('site', id, current.version, expectedVersion);
    await ctx.store.sites.delete(trx, id);
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actor.id, action: 'protected_site.delete', entityType: ENTITY, entityId: id, changes: { protected_site: { before: current, after: null } } });
    await redetectAround(ctx, trx, { box: reachOfPlace(siteIndexBox(current)) });
  });
}

export async function listSites(ctx: AppContext, actor: Actor, filter: unknown): Promise<{ items: Site[]; total: number }> {
  requirePermission(actor, 'monitoring:read');
  return ctx.store.sites.list(ctx.store.connection.db, parseInput(siteFilterSchema, filter, 'filter'));
}

/** Sites as points for the map (bbox, category). */
export async function siteMapFeatures(ctx: AppContext, actor: Actor, filter: unknown): Promise<{ type: 'FeatureCollection'; features: SiteMapFeature[] }> {
  requirePermission(actor, 'monitoring:read');
  const { limit: _limit, offset: _offset, ...where } = parseInput(siteFilterSchema, filter, 'filter');
  const total = await ctx.store.sites.count(ctx.store.connection.db, where);
  if (total > MAX_MAP_SITES) {
    throw new DomainError('validation_failed', `${total} sites match; the map draws at most ${MAX_MAP_SITES}: zoom in (a smaller bbox) or choose a category`, [
      { path: 'bbox', code: 'too_many', message: `${total} sites in this box` },
    ]);
  }
  const { items } = await ctx.store.sites.list(ctx.store.connection.db, { ...where, limit: MAX_MAP_SITES, offset: 0 });
  return { type: 'FeatureCollection', features: items.map(siteToMapFeature) };
}

/** What a site import did, with the file's format and how many unnamed sites were given a composed name. */
export type { SiteImportReport };

/**
 * The external id of a site whose file gives none: a hash of its data set and its key (category, position to
 * SITE_KEY_DECIMALS, name), so the same row imported again finds the site it made.
 */
export function derivedSiteId(content: Pick<SiteContent, 'name' | 'category' | 'lat' | 'lon' | 'source'>): string {
  return `derived:${createHash('sha256').update(`${content.source.dataset}\n${siteKeyText(content)}`).digest('base64url').slice(0, 22)}`;
}

/**
 * Import a register file (CSV with a mapping, a preset for a known list, GeoJSON or HXL), read as a stream and written
 * batch by batch (each batch one transaction): idempotent by source and external id — derived from the site's
 * content when the file has none —, every rejected row reported with its field. The edge opens the file (its formats
 * live in interchange/place-file.ts); it is opened only once the actor may import.
 */
export async function importSites(
  ctx: AppContext,
  actor: Actor,
  openFile: () => Promise<PlaceFileReading<SiteData>>,
  onProgress?: (bytesRead: number, size: number | undefined, rows: number) => void,
): Promise<SiteImportReport> {
  requirePermission(actor, 'place:write');
  const reading = await openFile();
  const rejected: PlaceRejection[] = [];
  let rejectedRows = 0;
  let namesComposed = 0;
  let rowsRead = 0;
  async function* accepted(): AsyncGenerator<PlaceImportRow<SiteContent>> {
    for await (const r of reading.rows) {
      rowsRead++;
      if (!r.ok) {
        rejected.push(...r.rejections);
        rejectedRows++;
        continue;
      }
      if (r.composedName) namesComposed++;
      const content = siteContentOf(r.value);
      if (content.source.externalId !== undefined) yield { row: r.row, content, externalIdField: reading.externalIdField };
      else yield { row: r.row, content: { ...content, source: { ...content.source, externalId: derivedSiteId(content) } }, externalIdField: reading.externalIdField, derivedKey: true };
    }
  }
  const report = await upsertByOrigin(ctx, actor, ctx.store.sites, accepted(), ENTITY, () => onProgress?.(reading.bytesRead(), reading.size, rowsRead));
  return {
    format: reading.format,
    ...(reading.preset && { preset: reading.preset }),
    ...report,
    rejectedRows: rejectedRows + report.rejectedRows,
    ...rejectionsOf([...rejected, ...report.rejected]),
    namesComposed,
  };
}

/** The register as the use-of-force engine reads it: sites near a point, labelled for people. */
export function protectedSiteRegister(sites: ProtectedSiteRepository): ProtectedSiteRegister {
  return {
    async near(db, point, radiusKm): Promise<NearbySite[]> {
      const found = await sites.near(db, point, radiusKm);
      return found.map(({ site, distanceKm }) => ({ id: site.id, name: site.name, category: siteCategoryLabel(site), distanceKm: Math.round(distanceKm * 100) / 100 }));
    },
  };
}
