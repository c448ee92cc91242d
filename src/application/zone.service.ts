import type { z } from 'zod';
import { DomainError, notFound } from '../core/errors.js';
import { zoneContentOf, zoneFeatureSchema, zoneFilterSchema, zoneIndexBox, zoneInputOfFeature, zoneInputSchema, zoneToFeature, zoneUpdateSchema, type Zone, type ZoneCollection, type ZoneData, type ZoneFeature } from '../core/places/zone.schema.js';
import type { MappedRow } from '../core/places/place-record.js';
import type { Db } from '../store/database.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import type { PlaceImportReport as ZoneImportReport } from '../core/places/place-import-report.schema.js';
import { changedFields, rejectionsOf, upsertByOrigin } from './place-upsert.js';
import { parseInput } from './validation.js';
import { unionBox } from '../core/places/geometry.js';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import { reachOfPlace, redetectAround } from './detection.service.js';

const ENTITY = 'zone';


function stale(id: string, version: number, expected: number): DomainError {
  return new DomainError('conflict', `zone ${id} was changed by someone else (now version ${version}, your change is based on ${expected}); reload and try again`, [
    { path: 'properties.version', code: 'stale_version', message: `the zone is now at version ${version}` },
  ]);
}

/** A zone's fields from a Feature, checked; issues are named as paths into the Feature. */
function zoneDataOf<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const feature = parseInput(zoneFeatureSchema, input, 'zone Feature');
  const result = schema.safeParse(zoneInputOfFeature(feature));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const path = i.path.map(String);
    return { path: path[0] === 'geometry' ? path.join('.') : ['properties', ...path].join('.'), code: i.code, message: i.message };
  });
  throw new DomainError('validation_failed', `zone is invalid: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

async function assertOriginFree(ctx: AppContext, db: Db, zone: Zone): Promise<void> {
  if (zone.source.externalId === undefined) return;
  const twin = (await ctx.store.zones.findByOrigin(db, zone.source.dataset, [zone.source.externalId])).get(zone.source.externalId);
  if (twin && twin.id !== zone.id) {
    throw new DomainError('conflict', `zone ${twin.id} already has source ${zone.source.dataset} / ${zone.source.externalId}`, [
      { path: 'properties.source.externalId', code: 'duplicate_origin', message: `already used by zone ${twin.id} (${twin.name})` },
    ]);
  }
}

/** Where and when incidents could be tied to these zones (one, or a zone before and after an edit). */
function zoneReach(...zones: Zone[]): { box: BoundingBox; from: string; to: string | undefined } {
  const box = zones.map(zoneIndexBox).reduce(unionBox);
  const from = zones.map((z) => z.validFrom).sort()[0]!;
  const open = zones.some((z) => z.validTo === undefined);
  return { box: reachOfPlace(box), from, to: open ? undefined : zones.map((z) => z.validTo!).sort().at(-1) };
}

/** Create a zone from a GeoJSON Feature whose properties are the zone's fields. */
export async function createZone(ctx: AppContext, actor: Actor, input: unknown): Promise<ZoneFeature> {
  requirePermission(actor, 'place:write');
  const content = zoneContentOf(zoneDataOf(zoneInputSchema, input));
  const at = ctx.now().toISOString();
  const zone: Zone = { ...content, id: ctx.newId(), version: 1, createdAt: at, updatedAt: at };
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await assertOriginFree(ctx, trx, zone);
    await ctx.store.zones.insert(trx, [zone], actor.id);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'zone.create', entityType: ENTITY, entityId: zone.id, changes: { zone: { before: null, after: content } } });
    await redetectAround(ctx, trx, zoneReach(zone));
    return zoneToFeature(zone);
  });
}

export async function getZone(ctx: AppContext, actor: Actor, id: string): Promise<ZoneFeature> {
  requirePermission(actor, 'monitoring:read');
  const zone = await ctx.store.zones.find(ctx.store.connection.db, id);
  if (!zone) throw notFound('zone', id);
  return zoneToFeature(zone);
}

/** Replace a zone (a Feature whose properties carry the version it was read at). */
export async function updateZone(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ZoneFeature> {
  requirePermission(actor, 'place:write');
  const { version, ...data } = zoneDataOf(zoneUpdateSchema, input);
  const content = zoneContentOf(data);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.zones.find(trx, id);
    if (!current) throw notFound('zone', id);
    if (current.version !== version) throw stale(id, current.version, version);
    const at = ctx.now().toISOString();
    const next: Zone = { ...content, id, version: version + 1, createdAt: current.createdAt, updatedAt: at };
    await assertOriginFree(ctx, trx, next);
    if (!(await ctx.store.zones.update(trx, next, version, actor.id))) throw stale(id, version + 1, version);
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...before } = current;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'zone.update', entityType: ENTITY, entityId: id, changes: changedFields(before, content) });
    // Where and when it was and is: detections it no longer supports lapse, new ones appear.
    await redetectAround(ctx, trx, zoneReach(current, next));
    return zoneToFeature(next);
  });
}

export async function deleteZone(ctx: AppContext, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  requirePermission(actor, 'place:write');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const current = await ctx.store.zones.find(trx, id);
    if (!current) throw notFound('zone', id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(id, current.version, expectedVersion);
    await ctx.store.zones.delete(trx, id);
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actor.id, action: 'zone.delete', entityType: ENTITY, entityId: id, changes: { zone: { before: current, after: null } } });
    await redetectAround(ctx, trx, zoneReach(current));
  });
}

/** Zones as a GeoJSON FeatureCollection, by kind, status or the day they are valid on. */
export async function listZones(ctx: AppContext, actor: Actor, filter: unknown): Promise<ZoneCollection> {
  requirePermission(actor, 'monitoring:read');
  const zones = await ctx.store.zones.list(ctx.store.connection.db, parseInput(zoneFilterSchema, filter, 'filter'));
  return { type: 'FeatureCollection', features: zones.map(zoneToFeature) };
}

/**
 * Import zones (GeoJSON, or the Ukraine corridor compilation): idempotent by source and external id. The edge maps the
 * file (interchange/place-file.ts), once the actor may import.
 */
export async function importZones(
  ctx: AppContext,
  actor: Actor,
  mapFile: () => Promise<{ format: string; rows: MappedRow<ZoneData>[] }>,
  onProgress?: (done: number, total: number) => void,
): Promise<ZoneImportReport> {
  requirePermission(actor, 'place:write');
  const { format, rows } = await mapFile();
  const rejected = rows.flatMap((r) => (r.ok ? [] : r.rejections));
  const accepted = rows.flatMap((r) => (r.ok ? [{ row: r.row, content: zoneContentOf(r.value), externalIdField: format === 'geojson' ? 'properties.source.externalId' : 'HC_ID' }] : []));
  const report = await upsertByOrigin(ctx, actor, ctx.store.zones, accepted, ENTITY, (done) => onProgress?.(done, accepted.length));
  return { format, ...report, rejectedRows: rows.filter((r) => !r.ok).length + report.rejectedRows, ...rejectionsOf([...rejected, ...report.rejected]) };
}
