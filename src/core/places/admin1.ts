import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.js';
import { boundingBoxSchema, type BoundingBox } from '../incident-filter.schema.js';

/**
 * First-level administrative boundaries (provinces, oblasts, states …), drawn on the maps as thin dashed lines. Read
 * from geoBoundaries ADM1 files (properties shapeName, shapeISO, shapeGroup) or Natural Earth's admin-1 file (name,
 * iso_3166_2, adm0_a3). A country's set is replaced whole by each import of a file holding it.
 */

export const ADMIN1_SOURCES = ['geoboundaries', 'naturalearth'] as const;
export type Admin1Source = (typeof ADMIN1_SOURCES)[number];

export interface Admin1Boundary {
  /** ISO 3166-1 alpha-3 of the country. */
  country: string;
  name: string;
  /** ISO 3166-2 code (UA-65), when the file gives one. */
  iso: string | null;
  source: Admin1Source;
  geometry: Polygon | MultiPolygon;
  bbox: BoundingBox;
}

/** The property names of each kind of file: name, ISO 3166-2 code, country (alpha-3). */
const FIELDS: Record<Admin1Source, { name: string; iso: string; country: string }> = {
  geoboundaries: { name: 'shapeName', iso: 'shapeISO', country: 'shapeGroup' },
  naturalearth: { name: 'name', iso: 'iso_3166_2', country: 'adm0_a3' },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function ringProblem(ring: unknown): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4) return 'has a ring of fewer than 4 positions';
  for (const position of ring as unknown[]) {
    if (!Array.isArray(position) || position.length < 2) return 'has a position that is not [longitude, latitude]';
    const [lon, lat] = position as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      return `has position ${JSON.stringify(position)}, not a longitude and latitude in degrees`;
    }
  }
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'has a ring that does not end where it starts';
  return undefined;
}

function geometryProblem(geometry: unknown): string | undefined {
  if (!isRecord(geometry)) return 'is missing';
  const polygons = geometry['type'] === 'Polygon' ? [geometry['coordinates']] : geometry['type'] === 'MultiPolygon' ? geometry['coordinates'] : undefined;
  if (polygons === undefined) return `must be a Polygon or a MultiPolygon, not ${JSON.stringify(geometry['type'])}`;
  if (!Array.isArray(polygons) || polygons.length === 0) return 'has no coordinates';
  for (const polygon of polygons as unknown[]) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'has a polygon without rings';
    for (const ring of polygon as unknown[]) {
      const problem = ringProblem(ring);
      if (problem) return problem;
    }
  }
  return undefined;
}

function boxOf(geometry: Polygon | MultiPolygon): BoundingBox {
  const box: BoundingBox = [180, 90, -180, -90];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lon, lat] of ring) {
        box[0] = Math.min(box[0], lon!);
        box[1] = Math.min(box[1], lat!);
        box[2] = Math.max(box[2], lon!);
        box[3] = Math.max(box[3], lat!);
      }
  return box;
}

const failed = (message: string, issues: FieldIssue[] = []) => new DomainError('validation_failed', message, issues);

/**
 * Reads a GeoJSON FeatureCollection of admin-1 boundaries; the kind of file is told from the first feature's
 * properties. Every feature must be valid: the first problem found fails the whole file, naming the feature and field.
 */
export function parseAdmin1File(text: string): { source: Admin1Source; boundaries: Admin1Boundary[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw failed(`the file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(document) || document['type'] !== 'FeatureCollection' || !Array.isArray(document['features'])) throw failed('the file is not a GeoJSON FeatureCollection');
  const features = document['features'] as unknown[];
  if (features.length === 0) throw failed('the file holds no features');
  const first = isRecord(features[0]) && isRecord(features[0]['properties']) ? features[0]['properties'] : {};
  const source: Admin1Source | undefined = 'shapeName' in first ? 'geoboundaries' : 'adm0_a3' in first ? 'naturalearth' : undefined;
  if (!source) throw failed('feature 0: its properties are neither geoBoundaries\' (shapeName, shapeISO, shapeGroup) nor Natural Earth admin-1\'s (name, iso_3166_2, adm0_a3)', [{ path: 'features.0.properties', message: 'unknown kind of boundary file', code: 'invalid_value' }]);
  const fields = FIELDS[source];
  const boundaries = features.map((feature, i): Admin1Boundary => {
    const problem = (field: string, message: string): never => {
      throw failed(`feature ${i}: ${field} ${message}`, [{ path: `features.${i}.${field}`, message, code: 'invalid_value' }]);
    };
    if (!isRecord(feature) || feature['type'] !== 'Feature') return problem('type', 'must be "Feature"');
    const properties = isRecord(feature['properties']) ? feature['properties'] : {};
    const text = (key: string, required: boolean): string | null => {
      const value = properties[key];
      if (typeof value === 'string' && value.trim() !== '' && value.trim() !== '-99') return value.trim();
      if (required) problem(`properties.${key}`, value === undefined || value === null ? 'is missing' : `must be text, not ${JSON.stringify(value)}`);
      return null;
    };
    const name = text(fields.name, true)!;
    const country = text(fields.country, true)!.toUpperCase();
    if (!/^[A-Z]{3}$/.test(country)) problem(`properties.${fields.country}`, `must be an ISO 3166-1 alpha-3 code, not ${JSON.stringify(country)}`);
    const iso = text(fields.iso, false);
    const geometryIssue = geometryProblem(feature['geometry']);
    if (geometryIssue) problem('geometry', geometryIssue);
    const geometry = feature['geometry'] as Polygon | MultiPolygon;
    return { country, name, iso, source, geometry: { type: geometry.type, coordinates: geometry.coordinates } as Polygon | MultiPolygon, bbox: boxOf(geometry) };
  });
  return { source, boundaries };
}

/** GET /map/admin1: the boundaries in a box (those whose own box meets it), or a country's. */
export const admin1QuerySchema = z
  .object({
    bbox: boundingBoxSchema.optional().describe('west,south,east,north in degrees'),
    country: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'must be an ISO 3166-1 alpha-3 code')
      .transform((c) => c.toUpperCase())
      .optional()
      .describe('ISO 3166-1 alpha-3'),
  })
  .refine((q) => q.bbox !== undefined || q.country !== undefined, { message: 'give bbox or country', path: ['bbox'] });
export type Admin1Query = z.output<typeof admin1QuerySchema>;

export const admin1PropertiesSchema = z.object({ country: z.string(), name: z.string(), iso: z.string().nullable(), source: z.enum(ADMIN1_SOURCES) });

export const admin1CollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), geometry: z.custom<Geometry>((v) => isRecord(v)), properties: admin1PropertiesSchema })),
});
export type Admin1Collection = z.output<typeof admin1CollectionSchema>;

/** What an import did, country by country. */
export const admin1ImportReportSchema = z.object({
  source: z.enum(ADMIN1_SOURCES),
  countries: z.array(z.object({ country: z.string(), boundaries: z.number().int(), replaced: z.number().int() })),
});
export type Admin1ImportReport = z.output<typeof admin1ImportReportSchema>;

export const admin1AsFeature = (b: Pick<Admin1Boundary, 'country' | 'name' | 'iso' | 'source' | 'geometry'>) => ({
  type: 'Feature' as const,
  geometry: b.geometry,
  properties: { country: b.country, name: b.name, iso: b.iso, source: b.source },
});
