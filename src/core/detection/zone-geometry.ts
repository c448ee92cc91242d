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
