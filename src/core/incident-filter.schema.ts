import { z } from 'zod';
import { CATEGORIES, THEMES } from './taxonomy.js';
import { VERIFICATION_STATUSES } from './verification.js';
import { isoDate } from './incident.schema.js';
import { isCountryCode } from './countries.js';

/**
 * The one filter of the register, shared by the API's query string, the CLI's flags and the web app's filter panel.
 * Lists arrive as comma-separated strings (from a query string or a flag) or as arrays.
 */
const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    z.array(item).max(100),
  );

const optionalNumber = z.coerce.number({ error: 'must be a number' });

export const boundingBoxSchema = z
  .preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((s) => Number(s.trim())) : value),
    z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)], {
      error: 'must be west,south,east,north in degrees',
    }),
  )
  .refine(([, south, , north]) => south <= north, 'south must not be above north');
export type BoundingBox = [west: number, south: number, east: number, north: number];

/** Each key is described once, here: the API's documentation and the command line's help both say it so. */
const filterShape = {
    /** Incidents whose date window overlaps [from, to]. */
    from: isoDate.optional().describe('date window overlaps from this day (YYYY-MM-DD)'),
    to: isoDate.optional().describe('date window overlaps up to this day'),
    themes: list(z.enum(THEMES)).optional().describe('comma-separated themes'),
    categories: list(z.enum(CATEGORIES)).optional().describe('comma-separated categories'),
    countries: list(
      z
        .string()
        .toUpperCase()
        .refine(isCountryCode, 'must be ISO 3166-1 alpha-3 codes'),
    )
      .optional()
      .describe('comma-separated ISO 3166-1 alpha-3 codes'),
    /** Matches any actor whose name contains this text (case-insensitive). */
    actor: z.string().trim().min(1).max(200).optional().describe('an actor whose name contains this text'),
    statuses: list(z.enum(VERIFICATION_STATUSES)).optional().describe('comma-separated verification statuses'),
    /** Minimum best estimate of people killed, all statuses together. */
    minDeaths: optionalNumber.pipe(z.number().int().min(0)).optional().describe('at least this many killed (best estimate)'),
    bbox: boundingBoxSchema.optional().describe('bounding box in degrees'),
    /** Free text in title and narrative. */
    q: z.string().trim().min(1).max(200).optional().describe('text in title or narrative'),
    exercise: z
      .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
      .optional()
      .describe('true: only exercise data; false: only real data'),
    hasConflicts: z
      .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
      .optional()
      .describe('true: only incidents with open conflicts (a field changed on both sides, awaiting a person); false: only those without'),
};

const datesInOrder = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || f.from <= f.to;
const datesInOrderIssue = { path: ['to'], message: 'must not be before from' };

export const incidentFilterSchema = z.object(filterShape).refine(datesInOrder, datesInOrderIssue);
export type IncidentFilter = z.output<typeof incidentFilterSchema>;

const pageShape = {
  limit: optionalNumber.pipe(z.number().int().min(1).max(1000)).default(50),
  cursor: z.string().max(500).optional(),
};
export const pageRequestSchema = z.object(pageShape);
export type PageRequest = z.output<typeof pageRequestSchema>;

/** The query string of a list request: the filter and the page. */
export const incidentListQuerySchema = z.object({ ...filterShape, ...pageShape }).refine(datesInOrder, datesInOrderIssue);

const clusterShape = {
  zoom: optionalNumber.pipe(z.number().int().min(0).max(20)),
  /** The viewport; the filter's own box is not applied when clustering. */
  bbox: boundingBoxSchema.default([-180, -85, 180, 85]),
};
export const clusterRequestSchema = z.object(clusterShape);

/** The query string of a cluster request: the filter, the zoom and the viewport. */
export const clusterQuerySchema = z.object({ ...filterShape, ...clusterShape }).refine(datesInOrder, datesInOrderIssue);

/** A dot on the map: a cluster of incidents (zoom to `expansionZoom` to split it) or one incident. */
export const clusterFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.union([
    z.object({ cluster: z.literal(true), clusterId: z.number(), count: z.number(), killed: z.number(), expansionZoom: z.number() }),
    z.object({ cluster: z.literal(false), id: z.string(), killed: z.number(), status: z.enum(VERIFICATION_STATUSES) }),
  ]),
});
export type ClusterFeature = z.output<typeof clusterFeatureSchema>;

/** The incidents a filter matches in a box at a zoom (GET /incidents/clusters). */
export const clusterCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  total: z.number().int(),
  /** Of the total, the incidents located only to a region or a country (or at sea): counted, not drawn. */
  notDrawn: z.number().int(),
  features: z.array(clusterFeatureSchema),
});
export type ClusterCollection = z.output<typeof clusterCollectionSchema>;
