import type { Position } from 'geojson';
import { greatCircleKm } from '../great-circle.js';

export interface LonLat {
  lat: number;
  lon: number;
}

const at = (position: Position): LonLat => ({ lon: position[0] ?? Number.NaN, lat: position[1] ?? Number.NaN });
const RAD = Math.PI / 180;

/**
 * Distance from a point to a segment drawn straight in longitude and latitude, as GeoJSON defines its lines (RFC 7946
 * §3.1.1) and as polygon edges are taken here, so a corridor's line and a haven's edge are the ones on the map. The
 * nearest point of the segment is found in an equirectangular projection centred on the point (exact for such
 * segments near it), and the distance to it measured on the sphere.
 */
export function distanceToSegmentKm(p: LonLat, a: LonLat, b: LonLat): number {
  const scale = Math.cos(p.lat * RAD);
  // Longitudes unwrapped towards the point, so a segment across the antimeridian stays one segment.
  const unwrap = (lon: number) => lon + 360 * Math.round((p.lon - lon) / 360);
  const ax = (unwrap(a.lon) - p.lon) * scale;
  const ay = a.lat - p.lat;
  const bx = (unwrap(b.lon) - p.lon) * scale;
  const by = b.lat - p.lat;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
  const nearest = { lat: a.lat + t * (b.lat - a.lat), lon: unwrap(a.lon) + t * (unwrap(b.lon) - unwrap(a.lon)) };
  return greatCircleKm(p, nearest);
}

export function distanceToLineKm(p: LonLat, line: readonly Position[]): number {
  if (line.length === 0) return Number.POSITIVE_INFINITY;
  if (line.length === 1) return greatCircleKm(p, at(line[0] ?? []));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) best = Math.min(best, distanceToSegmentKm(p, at(line[i - 1] ?? []), at(line[i] ?? [])));
  return best;
}

/** Even–odd ray casting in lon/lat; edges are taken as straight in those coordinates, as GeoJSON renders them. */
export function insideRing(p: LonLat, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function insidePolygon(p: LonLat, rings: readonly (readonly Position[])[]): boolean {
  const [outer, ...holes] = rings;
  return outer !== undefined && insideRing(p, outer) && !holes.some((hole) => insideRing(p, hole));
}

export function distanceToPolygonEdgeKm(p: LonLat, rings: readonly (readonly Position[])[]): number {
  return Math.min(Number.POSITIVE_INFINITY, ...rings.map((ring) => distanceToLineKm(p, ring)));
}

const KM_PER_DEGREE = 111.195;

/** A ring's area in km², in an equirectangular projection at its mean latitude (good to a few per cent for a zone). */
function ringAreaKm2(ring: readonly Position[]): number {
  if (ring.length < 3) return 0;
  const meanLat = ring.reduce((sum, p) => sum + (p[1] ?? 0), 0) / ring.length;
  const scale = Math.cos(meanLat * RAD) * KM_PER_DEGREE;
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    twice += (a[0] ?? 0) * scale * (b[1] ?? 0) * KM_PER_DEGREE - (b[0] ?? 0) * scale * (a[1] ?? 0) * KM_PER_DEGREE;
  }
  return Math.abs(twice) / 2;
}

const lineLengthKm = (line: readonly Position[]) => line.slice(1).reduce((sum, p, i) => sum + greatCircleKm(at(line[i]!), at(p)), 0);

/**
 * The area a zone covers, in km²: a polygon's (holes taken out), or a band `widthKm` wide along a line or around a
 * point (with round ends). Detection compares it with an incident's area of uncertainty.
 */
export function zoneAreaKm2(geometry: ZoneShape, widthKm = 0): number {
  const band = (lines: readonly (readonly Position[])[]) => lines.reduce((sum, l) => sum + lineLengthKm(l) * widthKm, 0) + Math.PI * (widthKm / 2) ** 2;
  const polygons = (polygons: readonly (readonly (readonly Position[])[])[]) =>
    polygons.reduce((sum, [outer, ...holes]) => sum + (outer ? ringAreaKm2(outer) : 0) - holes.reduce((h, ring) => h + ringAreaKm2(ring), 0), 0);
  switch (geometry.type) {
    case 'Point':
      return band([]);
    case 'LineString':
      return band([geometry.coordinates]);
    case 'MultiLineString':
      return band(geometry.coordinates);
    case 'Polygon':
      return polygons([geometry.coordinates]);
    case 'MultiPolygon':
      return polygons(geometry.coordinates);
  }
}

export type ZoneShape =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };
