import { z } from 'zod';
import { idParamsSchema } from '../api-contract.schema.js';
import { boundingBoxOf, widenBox, zoneGeometrySchema, type Box } from './geometry.js';
import { expectedVersionSchema, isoDay, optionalNotes, placeSourceSchema, withoutUndefined } from './place-source.js';

export const ZONE_KINDS = ['humanitarian_corridor', 'safe_haven', 'demilitarised_zone', 'ceasefire_line', 'area_of_operations'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const ZONE_STATUSES = ['proposed', 'agreed', 'in_force', 'suspended', 'ended', 'failed', 'disputed'] as const;
export type ZoneStatus = (typeof ZONE_STATUSES)[number];

const scheduleWindowSchema = z
  .object({
    start: z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601, e.g. 2022-03-05T09:00:00+02:00)' }),
    end: z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601, e.g. 2022-03-05T16:00:00+02:00)' }),
  })
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'a window must end after it starts', path: ['end'] });

const LINE_OR_POINT = new Set(['Point', 'LineString', 'MultiLineString']);

const zoneShape = z.object({
  name: z.string({ error: 'a zone needs a name' }).trim().min(1, 'a zone needs a name').max(500, 'must be at most 500 characters'),
  kind: z.enum(ZONE_KINDS, { error: `must be one of ${ZONE_KINDS.join(', ')}` }),
  geometry: zoneGeometrySchema,
  /** Full width around a line or a point: a place is inside when within widthKm/2 of it. */
  widthKm: z.number({ error: 'must be a width in km' }).positive('must be more than 0 km').max(1000, 'must be at most 1000 km').optional(),
  validFrom: isoDay,
  /** Inclusive; absent: open-ended. */
  validTo: isoDay.optional(),
  /** Opening windows; absent: in force for the whole validity. */
  schedule: z.array(scheduleWindowSchema).max(1000).optional(),
  partiesBound: z.array(z.string().trim().min(1, 'a party needs a name').max(300)).max(50).default([]),
  status: z.enum(ZONE_STATUSES, { error: `must be one of ${ZONE_STATUSES.join(', ')}` }),
  source: placeSourceSchema,
  notes: optionalNotes,
});

type ZoneShape = z.output<typeof zoneShape>;

/** Statuses that claim the zone holds: shown as lapsed once its validity is over, not yet once before it starts. */
const HOLDING: ReadonlySet<ZoneStatus> = new Set(['agreed', 'in_force']);

/**
 * What a zone's recorded status means on a day: the status as recorded, unless it claims the zone holds while the day
 * is outside its validity (a corridor agreed for March still says "in force" in June): then `lapsed` or `not_yet`.
 */
export function zoneStatusOn(zone: { status: ZoneStatus; validFrom: string; validTo?: string | undefined }, day: string): ZoneStatus | 'lapsed' | 'not_yet' {
  if (!HOLDING.has(zone.status)) return zone.status;
  if (zone.validTo !== undefined && day > zone.validTo) return 'lapsed';
  if (day < zone.validFrom) return 'not_yet';
  return zone.status;
}

function checkZone(zone: Pick<ZoneShape, 'geometry' | 'widthKm' | 'validFrom' | 'validTo'>, ctx: z.RefinementCtx): void {
  if (zone.geometry && LINE_OR_POINT.has(zone.geometry.type) && zone.widthKm === undefined) {
    ctx.addIssue({ code: 'custom', path: ['widthKm'], message: `a zone drawn as a ${zone.geometry.type} needs a width (widthKm): how far either side of it the zone reaches, times two` });
  }
  if (zone.validFrom && zone.validTo && zone.validTo < zone.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: `must not be before validFrom (${zone.validFrom})` });
  }
}

export const zoneInputSchema = zoneShape.superRefine(checkZone);
export type ZoneInput = z.input<typeof zoneInputSchema>;
export type ZoneData = z.output<typeof zoneInputSchema>;

export const zoneUpdateSchema = zoneShape.extend({ version: expectedVersionSchema }).superRefine(checkZone);

/** A zone in the register, as the API answers it. */
export const zoneSchema = zoneShape.extend({ id: z.string(), version: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type Zone = z.output<typeof zoneSchema>;
export const zoneParamsSchema = idParamsSchema('a zone');

export type ZoneContent = Omit<Zone, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export function zoneContentOf(data: ZoneData): ZoneContent {
  return withoutUndefined({
    name: data.name,
    kind: data.kind,
    geometry: data.geometry,
    widthKm: data.widthKm,
    validFrom: data.validFrom,
    validTo: data.validTo,
    schedule: data.schedule,
    partiesBound: data.partiesBound,
    status: data.status,
    source: withoutUndefined(data.source),
    notes: data.notes || undefined,
  });
}

/** The box that holds every place inside the zone: the geometry's box widened by half the width. */
export function zoneIndexBox(zone: Pick<Zone, 'geometry' | 'widthKm'>): Box {
  return widenBox(boundingBoxOf(zone.geometry), (zone.widthKm ?? 0) / 2);
}

/** Whether the zone's validity covers the day (YYYY-MM-DD); the schedule narrows it within the day and is not read here. */
export function zoneValidOn(zone: Pick<Zone, 'validFrom' | 'validTo'>, day: string): boolean {
  return zone.validFrom <= day && (zone.validTo === undefined || day <= zone.validTo);
}

/** The GeoJSON form of a zone: a Feature whose properties are the zone without its geometry. */
export const zoneAsFeatureSchema = z.object({ type: z.literal('Feature'), id: z.string(), geometry: zoneGeometrySchema, properties: zoneSchema.omit({ geometry: true }) });
export type ZoneFeature = z.output<typeof zoneAsFeatureSchema>;

/** Zones as a GeoJSON FeatureCollection. */
export const zoneCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(zoneAsFeatureSchema) });
export type ZoneCollection = z.output<typeof zoneCollectionSchema>;

export function zoneToFeature(zone: Zone): ZoneFeature {
  const { geometry, ...properties } = zone;
  return { type: 'Feature', id: zone.id, geometry, properties };
}

/** A Feature sent to create or edit a zone: the zone's fields are its properties, its geometry the zone's. */
export const zoneFeatureSchema = z.object({
  type: z.literal('Feature', { error: 'must be a GeoJSON Feature' }),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown(), { error: 'a zone Feature needs properties (the zone without its geometry)' }),
});

/** The zone input a Feature stands for: its properties with its geometry put back. */
export function zoneInputOfFeature(feature: z.output<typeof zoneFeatureSchema>): Record<string, unknown> {
  return { ...feature.properties, geometry: feature.geometry };
}

export const zoneFilterSchema = z.object({
  kind: z.enum(ZONE_KINDS, { error: `must be one of ${ZONE_KINDS.join(', ')}` }).optional(),
  /** Zones whose validity covers this day. */
  activeOn: isoDay.optional(),
  status: z.enum(ZONE_STATUSES).optional(),
});
export type ZoneFilter = z.output<typeof zoneFilterSchema>;
export type ZoneFilterInput = z.input<typeof zoneFilterSchema>;
