import { z } from 'zod';
import { countryCodeSchema } from '../countries.js';
import { boundingBoxSchema } from '../incident-filter.schema.js';
import { MATCH_TIERS } from './place-search.js';

/** The most places one search answers, and the most names one view of the map asks for. */
export const MAX_SEARCH_RESULTS = 50;
export const MAX_LABELS = 500;

const count = (max: number) => z.coerce.number({ error: 'must be a number' }).pipe(z.number().int().min(1).max(max));

export const placeSearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'say what to look for').max(100).describe('the start of a place name, or of a word in it (case and accents do not matter)'),
  country: countryCodeSchema.optional().describe('only places in this country (ISO 3166-1 alpha-3)'),
  limit: count(MAX_SEARCH_RESULTS).default(10).describe(`at most this many places (1–${MAX_SEARCH_RESULTS}, default 10)`),
});
export type PlaceSearchQuery = z.output<typeof placeSearchQuerySchema>;

export const gazetteerPlaceSchema = z.object({
  geonameId: z.number().int(),
  name: z.string(),
  /** ISO 3166-1 alpha-3; null where GeoNames' code is not an ISO one. */
  country: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  population: z.number().int(),
  match: z.enum(MATCH_TIERS),
});
export type GazetteerPlace = z.output<typeof gazetteerPlaceSchema>;

export const placeSearchResultSchema = z.object({ places: z.array(gazetteerPlaceSchema) });
export type PlaceSearchResult = z.output<typeof placeSearchResultSchema>;

export const placeLabelsQuerySchema = z.object({
  bbox: boundingBoxSchema.describe('west,south,east,north in degrees; west > east crosses the antimeridian'),
  zoom: z.coerce.number({ error: 'must be a number' }).pipe(z.number().min(0).max(24)).describe('the map’s zoom: the lower, the fewer names'),
  limit: count(MAX_LABELS).optional().describe(`at most this many names (default by zoom, at most ${MAX_LABELS})`),
});
export type PlaceLabelsQuery = z.output<typeof placeLabelsQuerySchema>;

export const placeLabelFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    name: z.string(),
    population: z.number().int(),
    country: z.string().nullable(),
    /** 1 for the most populous place in view, 2 for the next… */
    rank: z.number().int().min(1),
  }),
});
export const placeLabelCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(placeLabelFeatureSchema) });
export type PlaceLabelCollection = z.output<typeof placeLabelCollectionSchema>;

/** The places of the GeoNames gazetteer, as the map and the API must credit them. */
export const GAZETTEER_ATTRIBUTION = 'Place names: GeoNames (CC BY 4.0)';
