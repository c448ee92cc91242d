import type { Selectable } from 'kysely';
import type { PeaceOperationLocationYear } from '../core/posture/geo-pko.js';
import type { Db, PeaceOperationDeploymentsTable } from './database.js';

type Row = Selectable<PeaceOperationDeploymentsTable>;

const presence = (value: number | null): boolean | null => (value === null ? null : Number(value) === 1);
const bit = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);
const int = (value: number | null): number | null => (value === null ? null : Number(value));

function toLocationYear(r: Row): PeaceOperationLocationYear {
  return {
    mission: r.mission,
    year: Number(r.year),
    country: r.country,
    countryCode: r.country_code,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    infantry: int(r.infantry),
    reserve: int(r.reserve),
    averageTroops: int(r.average_troops),
    troopsOnMapsMin: int(r.troops_on_maps_min),
    troopsOnMapsMax: int(r.troops_on_maps_max),
    hqLevel: int(r.hq_level),
    police: presence(r.police),
    medical: presence(r.medical),
    aviation: int(r.aviation),
    observers: presence(r.observers),
    rows: Number(r.source_rows),
  };
}

function toRow(p: PeaceOperationLocationYear, release: string, importedAt: string): Row {
  return {
    mission: p.mission,
    year: p.year,
    country: p.country,
    location: p.location,
    country_code: p.countryCode,
    latitude: p.latitude,
    longitude: p.longitude,
    infantry: p.infantry,
    reserve: p.reserve,
    average_troops: p.averageTroops,
    troops_on_maps_min: p.troopsOnMapsMin,
    troops_on_maps_max: p.troopsOnMapsMax,
    hq_level: p.hqLevel,
    police: bit(p.police),
    medical: bit(p.medical),
    aviation: p.aviation,
    observers: bit(p.observers),
    source_rows: p.rows,
    release,
    imported_at: importedAt,
  };
}

export interface PeaceOperationQuery {
  mission?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** Geo-PKO's deployments by mission, year and place: public reference data, replaced whole by a new release. */
export class PeaceOperationRepository {
  /** Replaces everything held with a release's place-years (a new release revises earlier years too). */
  async replaceAll(db: Db, places: readonly PeaceOperationLocationYear[], release: string, importedAt: string): Promise<void> {
    await db.deleteFrom('peace_operation_deployments').execute();
    const rows = places.map((p) => toRow(p, release, importedAt));
    // 20 columns a row: 40 rows stay under SQLite's 999 bound parameters.
    for (let i = 0; i < rows.length; i += 40) await db.insertInto('peace_operation_deployments').values(rows.slice(i, i + 40)).execute();
  }

  async find(db: Db, query: PeaceOperationQuery = {}): Promise<PeaceOperationLocationYear[]> {
    let q = db.selectFrom('peace_operation_deployments').selectAll();
    if (query.mission !== undefined) q = q.where('mission', '=', query.mission);
    if (query.from !== undefined) q = q.where('year', '>=', query.from);
    if (query.to !== undefined) q = q.where('year', '<=', query.to);
    return (await q.orderBy('mission').orderBy('year').orderBy('country').orderBy('location').execute()).map(toLocationYear);
  }

  /** Every place-year's keys, for the list of missions. */
  async places(db: Db): Promise<Pick<PeaceOperationLocationYear, 'mission' | 'year' | 'country' | 'countryCode' | 'location'>[]> {
    const rows = await db.selectFrom('peace_operation_deployments').select(['mission', 'year', 'country', 'country_code', 'location']).execute();
    return rows.map((r) => ({ mission: r.mission, year: Number(r.year), country: r.country, countryCode: r.country_code, location: r.location }));
  }

  /** The release held (every row names the same one), or null when nothing is. */
  async release(db: Db): Promise<string | null> {
    const row = await db.selectFrom('peace_operation_deployments').select('release').limit(1).executeTakeFirst();
    return row?.release ?? null;
  }
}
