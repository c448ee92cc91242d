import { z } from 'zod';
import { idParamsSchema, itemListSchema } from '../api-contract.schema.js';
import { boundingBoxSchema } from '../incident-filter.schema.js';
import { isoDate } from '../incident.schema.js';
import { LOCATION_UNCERTAINTY_KM } from '../location-uncertainty.js';
import { radiusKmOf, representativePointOf, type PlaceGeometry } from '../places/geometry.js';
import { LOCATION_PRECISIONS, type LocationPrecision } from '../taxonomy.js';
import { PROTECTIVE_ACTION_KINDS } from './planning.schema.js';

/**
 * The log of protective actions that are not force — patrols, presence at a site, corridors, safe havens,
 * evacuations, arrest operations, local agreements — planned, carried out or cancelled. Carried-out actions are the
 * register's past protective actions: the escalation estimate compares a planned patrol with the patrols carried out
 * before it (docs/courses-of-action.md, "The protective actions log").
 */

export const PROTECTIVE_ACTION_STATUSES = ['planned', 'carried_out', 'cancelled'] as const;
export type ProtectiveActionStatus = (typeof PROTECTIVE_ACTION_STATUSES)[number];

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;

/** A point given for the action itself, with how precisely it is known (the register's location precision scale). */
export const actionPointSchema = z
  .object({
    lat: z.number({ error: 'must be a latitude in degrees' }).min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90'),
    lon: z.number({ error: 'must be a longitude in degrees' }).min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180'),
    precision: z.enum(LOCATION_PRECISIONS, { error: oneOf(LOCATION_PRECISIONS) }),
  })
  .strict();
export type ActionPoint = z.output<typeof actionPointSchema>;

const placeId = (what: string) => z.uuid({ error: `must be the id of a ${what} (UUID)` });

const actionFields = {
  kind: z.enum(PROTECTIVE_ACTION_KINDS, { error: oneOf(PROTECTIVE_ACTION_KINDS) }),
  description: z.string({ error: 'describe the action' }).trim().min(3, 'describe the action (at least 3 characters)').max(2000, 'must be at most 2000 characters'),
  /** Where: a point, and/or the protected site or zone it concerns (which gives its point when no point is given). */
  location: actionPointSchema.optional(),
  siteId: placeId('protected site').optional(),
  zoneId: placeId('zone').optional(),
  /** The days it ran (inclusive); planned dates while it is planned. */
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  /** The unit or organisation that carries it out. */
  unit: z.string().trim().min(1, 'must not be empty when given').max(300, 'must be at most 300 characters').optional(),
  status: z.enum(PROTECTIVE_ACTION_STATUSES, { error: oneOf(PROTECTIVE_ACTION_STATUSES) }),
  resultNote: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
  /** Exercise records are kept apart from real ones, as incidents are, and never counted with them. */
  exercise: z.boolean({ error: 'must be true or false' }).default(false),
};

type ActionFields = z.output<z.ZodObject<typeof actionFields>>;

/**
 * The rules across fields, each named on its field: somewhere to place it; an end not before its start; and an action
 * carried out says when it started and who carried it out (the estimate reads its start day; an action nobody
 * carried out did not happen).
 */
function checkAction(a: Partial<ActionFields>, ctx: z.RefinementCtx): void {
  if (a.location === undefined && a.siteId === undefined && a.zoneId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['location'], message: 'say where: a point (location), a protected site (siteId) or a zone (zoneId)' });
  }
  if (a.startDate !== undefined && a.endDate !== undefined && a.endDate < a.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${a.startDate})` });
  }
  if (a.endDate !== undefined && a.startDate === undefined) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'give the day it started with the day it ended' });
  if (a.status === 'carried_out') {
    if (a.startDate === undefined) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'an action carried out needs the day it started' });
    if (a.unit === undefined) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'an action carried out needs the unit or organisation that carried it out' });
  }
}

/** POST /protective-actions. */
export const protectiveActionInputSchema = z.object(actionFields).strict().superRefine(checkAction);
export type ProtectiveActionInput = z.input<typeof protectiveActionInputSchema>;
export type ProtectiveActionData = z.output<typeof protectiveActionInputSchema>;

/** PUT /protective-actions/:id: the whole record again, with the version it was read at (409 when stale). */
export const protectiveActionUpdateSchema = z
  .object({ ...actionFields, version: z.number({ error: 'must be the version you edited' }).int('must be the version you edited').min(1, 'must be the version you edited') })
  .strict()
  .superRefine(checkAction);
export type ProtectiveActionUpdateInput = z.input<typeof protectiveActionUpdateSchema>;

export const protectiveActionParamsSchema = idParamsSchema('a protective action');

const yesNo = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'must be true or false' }));

export const protectiveActionListQuerySchema = z
  .object({
    kind: z.enum(PROTECTIVE_ACTION_KINDS, { error: oneOf(PROTECTIVE_ACTION_KINDS) }).optional(),
    status: z.enum(PROTECTIVE_ACTION_STATUSES, { error: oneOf(PROTECTIVE_ACTION_STATUSES) }).optional(),
    from: isoDate.optional().describe('actions whose days overlap from this day (YYYY-MM-DD); actions without dates are left out'),
    to: isoDate.optional().describe('actions whose days overlap up to this day'),
    bbox: boundingBoxSchema.optional().describe('west,south,east,north in degrees: actions whose point lies inside'),
    exercise: yesNo.optional().describe('true: only exercise records; false: only real ones'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type ProtectiveActionListQuery = z.output<typeof protectiveActionListQuerySchema>;

/** Where the action's point comes from: given, or the site's point, or the zone's centroid, or the planning area's. */
export const POINT_SOURCES = ['location', 'site', 'zone', 'planning_area'] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

export const resolvedPointSchema = z.object({ lat: z.number(), lon: z.number(), precision: z.enum(LOCATION_PRECISIONS), from: z.enum(POINT_SOURCES) });
export type ResolvedPoint = z.output<typeof resolvedPointSchema>;

/** The planning situation and choice a planned action came from: kept when it is carried out or cancelled. */
export const fromCourseOfActionSchema = z.object({
  situationId: z.string(),
  choiceId: z.string(),
  courseOfAction: z.string(),
  /** The action's number in the chosen course (1-based, as the comparison numbers them). */
  action: z.number().int(),
});
export type FromCourseOfAction = z.output<typeof fromCourseOfActionSchema>;

export const protectiveActionRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(PROTECTIVE_ACTION_KINDS),
  description: z.string(),
  location: actionPointSchema.nullable(),
  siteId: z.string().nullable(),
  zoneId: z.string().nullable(),
  point: resolvedPointSchema,
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  unit: z.string().nullable(),
  status: z.enum(PROTECTIVE_ACTION_STATUSES),
  resultNote: z.string().nullable(),
  exercise: z.boolean(),
  fromCourseOfAction: fromCourseOfActionSchema.nullable(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type ProtectiveActionRecord = z.output<typeof protectiveActionRecordSchema>;
export const protectiveActionListSchema = itemListSchema(protectiveActionRecordSchema);

/**
 * The finest precision whose uncertainty covers a place of this radius: a site's or zone's point stands for the
 * whole place, so its precision is no better than the place is large (a 40 km corridor's centroid is "admin2").
 */
export function precisionForRadiusKm(radiusKm: number): LocationPrecision {
  return LOCATION_PRECISIONS.find((p) => LOCATION_UNCERTAINTY_KM[p] >= radiusKm) ?? 'country';
}

/**
 * Which status may follow which. A planned action is carried out or cancelled; one carried out happened, and one
 * cancelled did not: neither goes back (a correction of its details keeps its status). Returns the refusal, if any.
 */
export function statusChangeRefusal(from: ProtectiveActionStatus, to: ProtectiveActionStatus): string | undefined {
  if (from === 'planned' || from === to) return undefined;
  return from === 'carried_out' ? `an action carried out stays carried out (it happened); it cannot become ${to.replace('_', ' ')}` : `a cancelled action stays cancelled; record a new one if it is planned again`;
}

/** A site or zone as placing an action reads it: its point (or geometry) and size. */
export interface SitePlace {
  lat: number;
  lon: number;
  radiusKm: number;
}
export interface ZonePlace {
  geometry: PlaceGeometry;
  widthKm?: number | undefined;
}

/**
 * The point an action is placed at: the point given; else its site's point, as precise as the site is small; else its
 * zone's centroid, as precise as the zone is small (a corridor's half-width added to its length's reach). A point
 * given wins over a site or zone named: it says where in the site or zone the action was.
 */
export function resolveActionPoint(location: ActionPoint | undefined, site: SitePlace | undefined, zone: ZonePlace | undefined): ResolvedPoint | undefined {
  if (location) return { ...location, from: 'location' };
  if (site) return { lat: site.lat, lon: site.lon, precision: precisionForRadiusKm(site.radiusKm), from: 'site' };
  if (zone) {
    const centre = representativePointOf(zone.geometry);
    const reach = radiusKmOf(zone.geometry, centre) + (zone.widthKm ?? 0) / 2;
    return { ...centre, precision: precisionForRadiusKm(reach), from: 'zone' };
  }
  return undefined;
}
