import { z } from 'zod';
import { validateRow, type MappedRow } from './place-record.js';
import { SITE_CATEGORIES, SITE_STATUSES, siteInputSchema, type Site, type SiteData } from './site.schema.js';
import { datasetNameSchema } from './place-source.js';
import { DEFAULT_PLACE_FIELDS, DEFAULT_TYPE_FIELDS, firstValue, NAME_TO_COMPOSE, withComposedName } from './site-identity.js';

/**
 * Sites as GeoJSON (RFC 7946). A full feature's properties are the site without its geometry, so a site exported
 * and imported again is the same site. Features from elsewhere are read with the same property names, or with a
 * property mapping (docs/formats/sites.md).
 */
export interface SiteFeature {
  type: 'Feature';
  id: string;
  geometry: Site['geometry'];
  properties: Omit<Site, 'geometry'>;
}

export function siteToFeature(site: Site): SiteFeature {
  const { geometry, ...properties } = site;
  return { type: 'Feature', id: site.id, geometry, properties };
}

/** The light form for the map: the representative point and what a popup shows. */
export const siteMapFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({ id: z.string(), name: z.string(), category: z.enum(SITE_CATEGORIES), status: z.enum(SITE_STATUSES) }),
});
export type SiteMapFeature = z.output<typeof siteMapFeatureSchema>;

/** Sites as points for the map. */
export const siteMapCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(siteMapFeatureSchema) });
export type SiteMapCollection = z.output<typeof siteMapCollectionSchema>;

export function siteToMapFeature(site: Pick<Site, 'id' | 'name' | 'category' | 'status' | 'lat' | 'lon'>): SiteMapFeature {
  return { type: 'Feature', id: site.id, geometry: { type: 'Point', coordinates: [site.lon, site.lat] }, properties: { id: site.id, name: site.name, category: site.category, status: site.status } };
}

/** Which property holds each site field, when a file does not use Haven's names. */
export const siteGeojsonMappingSchema = z.object({
  dataset: datasetNameSchema.optional(),
  properties: z
    .object({
      name: z.string().min(1).optional(),
      category: z.string().min(1).optional(),
      externalId: z.string().min(1).optional(),
      country: z.string().min(1).optional(),
      status: z.string().min(1).optional(),
      notes: z.string().min(1).optional(),
      /** Where an unnamed site is (for its composed name): a property, or properties read in turn. */
      place: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(20)]).optional(),
    })
    .default({}),
  category: z.string().optional(),
  categoryValues: z.record(z.string(), z.string()).optional(),
});
export type SiteGeojsonMapping = z.output<typeof siteGeojsonMappingSchema>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Maps a FeatureCollection's features to sites (a feature counts from 1); never throws. */
export function mapSiteFeatures(collection: unknown, mapping: SiteGeojsonMapping = { properties: {} }): MappedRow<SiteData>[] {
  if (!isObject(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return [{ row: 0, ok: false, rejections: [{ row: 0, field: 'type', message: 'expected a GeoJSON FeatureCollection with a "features" array' }] }];
  }
  return collection.features.map((feature: unknown, index) => mapSiteFeature(index + 1, feature, mapping));
}

export function mapSiteFeature(row: number, feature: unknown, mapping: SiteGeojsonMapping = { properties: {} }): MappedRow<SiteData> {
  if (!isObject(feature) || feature.type !== 'Feature') return { row, ok: false, rejections: [{ row, field: 'type', message: 'is not a GeoJSON Feature' }] };
  const props = isObject(feature.properties) ? feature.properties : {};
  const named = (field: Exclude<keyof SiteGeojsonMapping['properties'], 'place'>) => props[mapping.properties[field] ?? field];
  const source = isObject(props.source) ? props.source : {};
  const externalId = mapping.properties.externalId !== undefined ? named('externalId') : source.externalId;
  const categoryValue = named('category') ?? mapping.category;
  const category = typeof categoryValue === 'string' && mapping.categoryValues ? (mapping.categoryValues[categoryValue] ?? categoryValue) : categoryValue;
  const name = named('name');
  const unnamed = name === undefined || name === null || (typeof name === 'string' && name.trim() === '');
  const candidate: Record<string, unknown> = {
    ...props,
    name: unnamed ? NAME_TO_COMPOSE : name,
    category,
    geometry: feature.geometry,
    ...(named('country') !== undefined && { country: named('country') }),
    ...(named('status') !== undefined && { status: named('status') }),
    ...(named('notes') !== undefined && { notes: named('notes') }),
    source: {
      ...source,
      dataset: mapping.dataset ?? source.dataset ?? 'geojson',
      ...(externalId !== undefined && externalId !== null && { externalId: typeof externalId === 'number' ? String(externalId) : externalId }),
    },
  };
  const mapped = validateRow(siteInputSchema, row, candidate, [], (path) => {
    if (path.startsWith('geometry')) return 'geometry';
    const renamed = path === 'source.externalId' ? mapping.properties.externalId : Object.entries(mapping.properties).find(([field]) => field === path)?.[1];
    return `properties.${Array.isArray(renamed) ? renamed[0] : (renamed ?? path)}`;
  });
  if (!unnamed) return mapped;
  const text = (key: string) => {
    const v = props[key];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  };
  const place = mapping.properties.place;
  const type = firstValue([mapping.properties.category ?? 'category', ...DEFAULT_TYPE_FIELDS], text);
  return withComposedName(mapped, type, firstValue(place === undefined ? [...DEFAULT_PLACE_FIELDS, 'admin1'] : Array.isArray(place) ? place : [place], text));
}
