import { getHexagonEdgeLengthAvg } from 'h3-js';
import { LOCATION_UNCERTAINTY_KM } from '../location-uncertainty.js';
import type { DatePrecision, LocationPrecision } from '../taxonomy.js';

/**
 * Which incidents may be counted in which unit. An incident is placed in an area or a time bucket only when its
 * precision guarantees it belongs there; otherwise it is counted as unplaced (or as a coarse date), never guessed.
 */

export const AREA_LEVELS = ['country', 'admin1', 'admin2'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const TIME_BUCKETS = ['week', 'month', 'year'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/**
 * The location precisions each named area level can take. An event geocoded to a province centroid names its
 * province but not its district; a point in international waters or airspace is attributed to a country's conflict
 * but lies in no country's territory.
 */
export const AREA_PRECISIONS: Readonly<Record<AreaLevel, readonly LocationPrecision[]>> = {
  country: ['exact', 'within_25km', 'admin2', 'admin1', 'region', 'country'],
  admin1: ['exact', 'within_25km', 'admin2', 'admin1'],
  admin2: ['exact', 'within_25km', 'admin2'],
};

export const MIN_H3_RESOLUTION = 0;
export const MAX_H3_RESOLUTION = 9;

/**
 * The precisions an H3 cell of the resolution can take: those whose uncertainty radius is smaller than the cell's
 * average edge (a hexagon's edge equals its circumradius), so the point's whole circle of doubt is cell-sized or less.
 */
export function h3Precisions(resolution: number): LocationPrecision[] {
  const edgeKm = getHexagonEdgeLengthAvg(resolution, 'km');
  return (Object.keys(LOCATION_UNCERTAINTY_KM) as LocationPrecision[]).filter((p) => LOCATION_UNCERTAINTY_KM[p] < edgeKm);
}

export function placeableInArea(level: AreaLevel, precision: LocationPrecision, name: string | null | undefined): boolean {
  if (!AREA_PRECISIONS[level].includes(precision)) return false;
  return level === 'country' || (name !== undefined && name !== null && name !== '');
}

/** The date precisions each time bucket can take: a month-precise event has no week; a year-precise one no month. */
export const BUCKET_PRECISIONS: Readonly<Record<TimeBucket, readonly DatePrecision[]>> = {
  week: ['day', 'days', 'week'],
  month: ['day', 'days', 'week', 'month'],
  year: ['day', 'days', 'week', 'month', 'year'],
};

/** Monday of the ISO week of a YYYY-MM-DD date. */
export function weekStartOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The bucket's key for a date: the week's Monday, YYYY-MM or YYYY. */
export function bucketOf(date: string, bucket: TimeBucket): string {
  switch (bucket) {
    case 'week':
      return weekStartOf(date);
    case 'month':
      return date.slice(0, 7);
    case 'year':
      return date.slice(0, 4);
  }
}

/**
 * The bucket an incident belongs to, or undefined when its date is too coarse for it: its precision must be fine
 * enough and its whole window (earliest to latest possible date) must lie in one bucket.
 */
export function placeInTime(
  incident: { dateEarliest: string; dateLatest: string; datePrecision: DatePrecision },
  bucket: TimeBucket,
): string | undefined {
  if (!BUCKET_PRECISIONS[bucket].includes(incident.datePrecision)) return undefined;
  const key = bucketOf(incident.dateEarliest, bucket);
  return key === bucketOf(incident.dateLatest, bucket) ? key : undefined;
}
