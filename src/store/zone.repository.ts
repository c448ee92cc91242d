import type { Selectable } from 'kysely';
import { zoneIndexBox, type Zone, type ZoneFilter, type ZoneKind, type ZoneStatus } from '../core/places/zone.schema.js';
import type { Db, ZonesTable } from './database.js';
import { placeSourceColumns, placeSourceOf } from './place-source-columns.js';

type ZoneRow = Selectable<ZonesTable>;

function toZone(r: ZoneRow): Zone {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ZoneKind,
    geometry: JSON.parse(r.geometry) as Zone['geometry'],
    ...(r.width_km !== null && { widthKm: Number(r.width_km) }),
    validFrom: r.valid_from,
    ...(r.valid_to !== null && { validTo: r.valid_to }),
    ...(r.schedule !== null && { schedule: JSON.parse(r.schedule) as NonNullable<Zone['schedule']> }),
    partiesBound: JSON.parse(r.parties_bound) as string[],
    status: r.status as ZoneStatus,
    source: placeSourceOf(r),
    ...(r.notes !== null && { notes: r.notes }),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(zone: Zone, actorId: string): ZoneRow {
  const [minLon, minLat, maxLon, maxLat] = zoneIndexBox(zone);
  return {
    id: zone.id,
    name: zone.name,
    kind: zone.kind,
    geometry: JSON.stringify(zone.geometry),
    width_km: zone.widthKm ?? null,
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
    valid_from: zone.validFrom,
    valid_to: zone.validTo ?? null,
    schedule: zone.schedule ? JSON.stringify(zone.schedule) : null,
    parties_bound: JSON.stringify(zone.partiesBound),
    status: zone.status,
    ...placeSourceColumns(zone.source),
    notes: zone.notes ?? null,
    version: zone.version,
    created_at: zone.createdAt,
    created_by: actorId,
    updated_at: zone.updatedAt,
    updated_by: actorId,
  };
}

/** Zones: corridors, safe havens, demilitarised zones, ceasefire lines, areas of operations. Few enough to read whole. */
export class ZoneRepository {
  async insert(db: Db, zones: readonly Zone[], actorId: string): Promise<void> {
    for (let i = 0; i < zones.length; i += 200) await db.insertInto('zones').values(zones.slice(i, i + 200).map((z) => toRow(z, actorId))).execute();
  }

  /** False when the stored version is not `expectedVersion`. */
  async update(db: Db, zone: Zone, expectedVersion: number, actorId: string): Promise<boolean> {
    const { id: _id, created_at: _createdAt, created_by: _createdBy, ...values } = toRow(zone, actorId);
    const result = await db.updateTable('zones').set(values).where('id', '=', zone.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom('zones').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async find(db: Db, id: string): Promise<Zone | undefined> {
    const row = await db.selectFrom('zones').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toZone(row);
  }

  async findByOrigin(db: Db, dataset: string, externalIds: readonly string[]): Promise<Map<string, Zone>> {
    const found = new Map<string, Zone>();
    const unique = [...new Set(externalIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db.selectFrom('zones').selectAll().where('source_dataset', '=', dataset).where('source_external_id', 'in', unique.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.source_external_id!, toZone(row));
    }
    return found;
  }

  /** Zones of a kind, or whose validity covers a day (validTo inclusive, absent = open-ended), oldest first. */
  async list(db: Db, filter: ZoneFilter = {}): Promise<Zone[]> {
    let q = db.selectFrom('zones').selectAll().orderBy('valid_from').orderBy('id');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.activeOn) {
      const day = filter.activeOn;
      q = q.where('valid_from', '<=', day).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
    }
    return (await q.execute()).map(toZone);
  }
}
