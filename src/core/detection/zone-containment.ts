import type { Position } from 'geojson';
import type { DetectionIncident, DetectionZone, DetectionZoneStatus } from './detection-inputs.js';
import { isPlaceable, locationUncertaintyKm } from '../location-uncertainty.js';
import type { DetectionGrade } from './site-proximity.js';
import { distanceToLineKm, distanceToPolygonEdgeKm, insidePolygon, zoneAreaKm2, type LonLat } from './zone-geometry.js';

export interface ZonePlacement {
  grade: DetectionGrade;
  /** 0 when the recorded point is inside the zone, otherwise how far outside its edge. */
  distanceKm: number;
}

/** How far inside (positive) or outside (negative) the zone's edge a point lies, in km. */
function depthInsideKm(p: LonLat, zone: DetectionZone): number {
  const { geometry } = zone;
  const halfWidth = (zone.widthKm ?? 0) / 2;
  const lines = (lines: readonly (readonly Position[])[]) => halfWidth - Math.min(Number.POSITIVE_INFINITY, ...lines.map((l) => distanceToLineKm(p, l)));
  const polygons = (polygons: readonly (readonly (readonly Position[])[])[]) => {
    let depth = Number.NEGATIVE_INFINITY;
    for (const rings of polygons) {
      const edge = distanceToPolygonEdgeKm(p, rings);
      depth = Math.max(depth, insidePolygon(p, rings) ? edge : -edge);
    }
    return depth;
  };
  switch (geometry.type) {
    case 'Point':
      return lines([[geometry.coordinates]]);
    case 'LineString':
      return lines([geometry.coordinates]);
    case 'MultiLineString':
      return lines(geometry.coordinates);
    case 'Polygon':
      return polygons([geometry.coordinates]);
    case 'MultiPolygon':
      return polygons(geometry.coordinates);
  }
}

/**
 * The smallest share of an incident's area of uncertainty a zone must be able to cover for the incident to be
 * possibly in it: below it (an 8 km safe haven against a province-wide record, 0.03 %) the link would be noise.
 */
export const MIN_POSSIBLE_ZONE_SHARE = 0.01;

const areas = new WeakMap<DetectionZone['geometry'], number>();
/** A zone's area, computed once per geometry: the same zone meets many incidents. */
function areaOf(zone: DetectionZone): number {
  let area = areas.get(zone.geometry);
  if (area === undefined) areas.set(zone.geometry, (area = zoneAreaKm2(zone.geometry, zone.widthKm)));
  return area;
}

/**
 * Whether an incident happened inside a zone, by place alone.
 * - probable: the incident is exactly located inside, or its whole uncertainty disc lies inside;
 * - possible: its uncertainty disc overlaps the zone, and the zone is large enough to hold at least
 *   {@link MIN_POSSIBLE_ZONE_SHARE} of the disc (its whole area against the disc's: an upper bound of the chance);
 * - otherwise nothing; a record placed only to a region or country is never placed in a zone.
 * A line or point zone's inside is everything within widthKm/2 of it.
 */
export function gradeZonePlacement(incident: DetectionIncident, zone: DetectionZone): ZonePlacement | undefined {
  const { precision } = incident.location;
  if (!isPlaceable(precision)) return undefined;
  const depth = depthInsideKm(incident.location, zone);
  const uncertaintyKm = locationUncertaintyKm(precision);
  const distanceKm = Math.max(0, -depth);
  if (depth >= 0 && (precision === 'exact' || depth >= uncertaintyKm)) return { grade: 'probable', distanceKm };
  if (depth + uncertaintyKm < 0) return undefined;
  if (areaOf(zone) < MIN_POSSIBLE_ZONE_SHARE * Math.PI * uncertaintyKm ** 2) return undefined;
  return { grade: 'possible', distanceKm };
}

/**
 * A zone only proposed, or one that failed (never opened, or collapsed before anyone could rely on it), protected
 * no one and binds no one. Every other status is in force over its validity: a suspended, ended or disputed zone
 * was in force on the dates it covers, and incidents in it then are what monitors look for.
 */
const NOT_IN_FORCE: ReadonlySet<DetectionZoneStatus> = new Set(['proposed', 'failed']);

export type TimeCover = 'whole' | 'partial' | 'none';

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/**
 * How much of the incident's date range [earliest, latest] falls on days the zone was in force: within its
 * validity (validTo inclusive, absent = open-ended) and, if it has an opening schedule, on a day one of its windows
 * touches (incidents are dated to the day, not the hour, so a window open for any part of a day covers that day).
 */
export function zoneTimeCover(zone: DetectionZone, earliest: string, latest: string): TimeCover {
  if (NOT_IN_FORCE.has(zone.status)) return 'none';
  const validFrom = dayNumber(zone.validFrom);
  const validTo = zone.validTo ? dayNumber(zone.validTo) : Number.POSITIVE_INFINITY;
  const windows =
    zone.schedule && zone.schedule.length > 0
      ? zone.schedule.map((w) => [Math.max(validFrom, dayNumber(w.start)), Math.min(validTo, dayNumber(w.end))] as const)
      : [[validFrom, validTo] as const];
  return timeCover(
    windows.filter(([from, to]) => from <= to),
    dayNumber(earliest),
    dayNumber(latest),
  );
}

/** Cover of the day range [from, to] by a set of inclusive day ranges. */
export function timeCover(ranges: readonly (readonly [number, number])[], from: number, to: number): TimeCover {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let next = from;
  let overlaps = false;
  for (const [start, end] of sorted) {
    if (end < from || start > to) continue;
    overlaps = true;
    const lo = Math.max(start, next);
    const hi = Math.min(end, to);
    if (hi >= lo) {
      covered += hi - lo + 1;
      next = hi + 1;
    }
  }
  if (!overlaps) return 'none';
  return covered >= to - from + 1 ? 'whole' : 'partial';
}

/**
 * Place and time together: a zone in force on only some of the days the incident may have happened on makes the
 * incident at most a possible one in it.
 */
export function gradeZoneIncident(incident: DetectionIncident, zone: DetectionZone): ZonePlacement | undefined {
  const cover = zoneTimeCover(zone, incident.dateEarliest, incident.dateLatest);
  if (cover === 'none') return undefined;
  const placement = gradeZonePlacement(incident, zone);
  if (!placement) return undefined;
  return cover === 'whole' ? placement : { ...placement, grade: 'possible' };
}
