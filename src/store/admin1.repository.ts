import type { MultiPolygon, Polygon } from 'geojson';
import type { Admin1Boundary, Admin1Source } from '../core/places/admin1.js';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import type { Db } from './database.js';

export type StoredAdmin1 = Omit<Admin1Boundary, 'bbox'> & { id: string };

const MAX_RESULTS = 5000;

/** Admin-1 boundaries, replaced a country at a time. */
export class Admin1Repository {
  /** Replaces the country's boundaries with these (in the caller's transaction); returns how many there were before. */
  async replaceCountry(db: Db, country: string, boundaries: readonly Admin1Boundary[], at: string, actorId: string): Promise<number> {
    const removed = await db.deleteFrom('admin1_boundaries').where('country', '=', country).executeTakeFirst();
    const rows = boundaries.map((b, i) => ({
      // Stable across re-imports of the same file: the country, then the ISO code, or the feature's place in the file.
      id: `${country}:${b.iso ?? `#${i}`}:${i}`,
      country,
      name: b.name,
      iso_code: b.iso,
      source: b.source,
      geometry: JSON.stringify(b.geometry),
      min_lon: b.bbox[0],
      min_lat: b.bbox[1],
      max_lon: b.bbox[2],
      max_lat: b.bbox[3],
      imported_at: at,
      imported_by: actorId,
    }));
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('admin1_boundaries').values(rows.slice(i, i + 100)).execute();
    return Number(removed.numDeletedRows);
  }

  /** Those whose box meets `bbox` and/or of one country, by country and name. */
  async find(db: Db, query: { bbox?: BoundingBox; country?: string }): Promise<StoredAdmin1[]> {
    let q = db.selectFrom('admin1_boundaries').select(['id', 'country', 'name', 'iso_code', 'source', 'geometry']);
    if (query.country) q = q.where('country', '=', query.country);
    if (query.bbox) {
      const [west, south, east, north] = query.bbox;
      q = q.where('max_lon', '>=', west).where('min_lon', '<=', east).where('max_lat', '>=', south).where('min_lat', '<=', north);
    }
    const rows = await q.orderBy('country').orderBy('name').orderBy('id').limit(MAX_RESULTS).execute();
    return rows.map((r) => ({ id: r.id, country: r.country, name: r.name, iso: r.iso_code, source: r.source as Admin1Source, geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon }));
  }
}
