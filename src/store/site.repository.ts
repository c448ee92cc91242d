import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import { boxAround, greatCircleKm } from '../core/great-circle.js';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import { siteIndexBox, type CulturalProtection, type ProtectionBasis, type Site, type SiteCategory, type SiteFilter, type SiteStatus } from '../core/places/site.schema.js';
import type { DatabaseKind, Db, ProtectedSitesTable } from './database.js';
import { placeSourceColumns, placeSourceOf } from './place-source-columns.js';

/** A site near a point: its distance is to the edge of its circle (0 when the point is inside it). */
export interface NearSite {
  site: Site;
  distanceKm: number;
}

type SiteRow = Selectable<ProtectedSitesTable>;

const COLUMNS = [
  'seq',
  'id',
  'name',
  'category',
  'cultural_protection',
  'geometry',
  'lat',
  'lon',
  'radius_km',
  'country',
  'admin1',
  'protection_basis',
  'status',
  'source_dataset',
  'source_external_id',
  'source_description',
  'source_url',
  'notes',
  'version',
  'created_at',
  'updated_at',
] as const;

function toSite(r: Pick<SiteRow, (typeof COLUMNS)[number]>): Site {
  return {
    id: r.id,
    name: r.name,
    category: r.category as SiteCategory,
    ...(r.cultural_protection !== null && { culturalProtection: r.cultural_protection as CulturalProtection }),
    geometry: JSON.parse(r.geometry) as Site['geometry'],
    lat: Number(r.lat),
    lon: Number(r.lon),
    radiusKm: Number(r.radius_km),
    ...(r.country !== null && { country: r.country }),
    ...(r.admin1 !== null && { admin1: r.admin1 }),
    protectionBasis: JSON.parse(r.protection_basis) as ProtectionBasis[],
    status: r.status as SiteStatus,
    source: placeSourceOf(r),
    ...(r.notes !== null && { notes: r.notes }),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(site: Site, by: { createdBy: string; updatedBy: string }): Omit<SiteRow, 'seq'> {
  const [minLon, minLat, maxLon, maxLat] = siteIndexBox(site);
  return {
    id: site.id,
    name: site.name,
    category: site.category,
    cultural_protection: site.culturalProtection ?? null,
    geometry: JSON.stringify(site.geometry),
    lat: site.lat,
    lon: site.lon,
    radius_km: site.radiusKm,
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
    country: site.country ?? null,
    admin1: site.admin1 ?? null,
    protection_basis: JSON.stringify(site.protectionBasis),
    status: site.status,
    ...placeSourceColumns(site.source),
    notes: site.notes ?? null,
    version: site.version,
    created_at: site.createdAt,
    created_by: by.createdBy,
    updated_at: site.updatedAt,
    updated_by: by.updatedBy,
  };
}

const CHUNK = 200;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The register of protected sites. Every method runs in the caller's transaction or handle; the SQLite R*Tree row of a
 * site is written in the same statement batch as the site, so the index never disagrees with the table.
 */
export class ProtectedSiteRepository {
  constructor(private readonly kind: DatabaseKind) {}

  /** Sites whose indexed box meets the box (split at the antimeridian when west > east). */
  private boxCondition([west, south, east, north]: BoundingBox): Expression<SqlBool> {
    const boxes: BoundingBox[] = west <= east ? [[west, south, east, north]] : [[west, south, 180, north], [-180, south, east, north]];
    const parts = boxes.map(([w, s, e, n]) =>
      this.kind === 'sqlite'
        ? sql<SqlBool>`protected_sites.seq in (select seq from site_rtree where max_lon >= ${w} and min_lon <= ${e} and max_lat >= ${s} and min_lat <= ${n})`
        : sql<SqlBool>`protected_sites.extent && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`,
    );
    return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
  }

  async insert(db: Db, sites: readonly Site[], actorId: string): Promise<void> {
    for (let i = 0; i < sites.length; i += CHUNK) {
      const rows = sites.slice(i, i + CHUNK).map((s) => toRow(s, { createdBy: actorId, updatedBy: actorId }));
      const inserted = await db.insertInto('protected_sites').values(rows).returning(['seq', 'min_lon', 'max_lon', 'min_lat', 'max_lat']).execute();
      if (this.kind === 'sqlite') {
        await sql`insert into site_rtree (seq, min_lon, max_lon, min_lat, max_lat) values ${sql.join(inserted.map((r) => sql`(${r.seq}, ${r.min_lon}, ${r.max_lon}, ${r.min_lat}, ${r.max_lat})`))}`.execute(db);
      }
    }
  }

  /** Writes a new state of a site whose stored version is `expectedVersion`; false when it is not (someone else changed it). */
  async update(db: Db, site: Site, expectedVersion: number, actorId: string): Promise<boolean> {
    const { created_at: _createdAt, created_by: _createdBy, id: _id, ...values } = toRow(site, { createdBy: actorId, updatedBy: actorId });
    const updated = await db.updateTable('protected_sites').set(values).where('id', '=', site.id).where('version', '=', expectedVersion).returning('seq').executeTakeFirst();
    if (!updated) return false;
    if (this.kind === 'sqlite') {
      await sql`update site_rtree set min_lon = ${values.min_lon}, max_lon = ${values.max_lon}, min_lat = ${values.min_lat}, max_lat = ${values.max_lat} where seq = ${updated.seq}`.execute(db);
    }
    return true;
  }

  async delete(db: Db, id: string): Promise<boolean> {
    const deleted = await db.deleteFrom('protected_sites').where('id', '=', id).returning('seq').executeTakeFirst();
    if (deleted && this.kind === 'sqlite') await sql`delete from site_rtree where seq = ${deleted.seq}`.execute(db);
    return deleted !== undefined;
  }

  async find(db: Db, id: string): Promise<Site | undefined> {
    const row = await db.selectFrom('protected_sites').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toSite(row);
  }

  /** The stored sites of a data set with these external ids, keyed by external id. */
  async findByOrigin(db: Db, dataset: string, externalIds: readonly string[]): Promise<Map<string, Site>> {
    const found = new Map<string, Site>();
    const unique = [...new Set(externalIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db.selectFrom('protected_sites').select(COLUMNS).where('source_dataset', '=', dataset).where('source_external_id', 'in', unique.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.source_external_id!, toSite(row));
    }
    return found;
  }

  private filtered(db: Db, filter: Omit<SiteFilter, 'limit' | 'offset'>) {
    let q = db.selectFrom('protected_sites');
    if (filter.bbox) q = q.where(this.boxCondition(filter.bbox));
    if (filter.category) q = q.where('category', '=', filter.category);
    if (filter.country) q = q.where('country', '=', filter.country);
    if (filter.dataset) q = q.where('source_dataset', '=', filter.dataset);
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q.toLowerCase())}%`;
      q = q.where(sql<SqlBool>`lower(name) like ${pattern} escape '\\'`);
    }
    return q;
  }

  async list(db: Db, filter: SiteFilter): Promise<{ items: Site[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.filtered(db, filter).select(COLUMNS).orderBy('seq').limit(filter.limit).offset(filter.offset).execute(),
      this.count(db, filter),
    ]);
    return { items: rows.map(toSite), total };
  }

  async count(db: Db, filter: Omit<SiteFilter, 'limit' | 'offset'> = {}): Promise<number> {
    const row = await this.filtered(db, filter)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every site whose indexed box meets the box, streamed in register order: the detection engine's read. */
  async *withinBox(db: Db, bbox: BoundingBox, options: { category?: SiteCategory } = {}): AsyncGenerator<Site> {
    const filter = { bbox, ...(options.category && { category: options.category }) };
    // The matching seqs first (one index query), then the rows page by page: no statement stays open between pages
    // (SQLite cannot write while a statement streams on its only connection), and no page repeats the index search.
    const seqs = (await this.filtered(db, filter).select('protected_sites.seq').orderBy('protected_sites.seq').execute()).map((r) => r.seq);
    for (let i = 0; i < seqs.length; i += 1000) {
      const rows = await db.selectFrom('protected_sites').select(COLUMNS).where('seq', 'in', seqs.slice(i, i + 1000)).orderBy('seq').execute();
      for (const row of rows) yield toSite(row);
    }
  }

  /**
   * Sites within `radiusKm` of a point, nearest first: candidates from the spatial index, then the exact great-circle
   * distance to the edge of each site's circle (its representative point and radius), so an area counts as near when
   * any part of it may be.
   */
  async near(db: Db, point: { lat: number; lon: number }, radiusKm: number): Promise<NearSite[]> {
    const [w, s, e, n] = boxAround(point, radiusKm);
    const found: NearSite[] = [];
    // The box around the point cannot cross the antimeridian (boxAround clamps), but a site's box may.
    for await (const site of this.withinBox(db, [w, s, e, n])) {
      const distanceKm = Math.max(0, greatCircleKm(point, site) - site.radiusKm);
      if (distanceKm <= radiusKm) found.push({ site, distanceKm });
    }
    return found.sort((a, b) => a.distanceKm - b.distanceKm || a.site.id.localeCompare(b.site.id));
  }
}
