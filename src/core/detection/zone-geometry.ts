import type { Position } from 'geojson';
import { EARTH_RADIUS_KM, greatCircleKm } from '../great-circle.js';

type Vector = [number, number, number];
const RAD = Math.PI / 180;

const unit = (lon: number, lat: number): Vector => {
  const cosLat = Math.cos(lat * RAD);
  return [cosLat * Math.cos(lon * RAD), cosLat * Math.sin(lon * RAD), Math.sin(lat * RAD)];
};
const dot = (a: Vector, b: Vector) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

export interface LonLat {
  lat: number;
  lon: number;
}

const at = (position: Position): LonLat => ({ lon: position[0] ?? Number.NaN, lat: position[1] ?? Number.NaN });

/**
 * Distance from a point to the shorter great-circle arc between two points: the cross-track distance where the
 * point's foot on the arc's great circle falls between its ends, otherwise the distance to the nearer end.
 */
export function distanceToSegmentKm(p: LonLat, a: LonLat, b: LonLat): number {
  const toA = greatCircleKm(p, a);
  const toB = greatCircleKm(p, b);
  const va = unit(a.lon, a.lat);
  const vb = unit(b.lon, b.lat);
  const normal = cross(va, vb);
  const length = Math.hypot(...normal);
  if (length < 1e-12) return Math.min(toA, toB);
  const n: Vector = [normal[0] / length, normal[1] / length, normal[2] / length];
  const vp = unit(p.lon, p.lat);
  // The foot lies within the arc when it is on A's far side from the plane through n and A, and on B's near side.
  const withinArc = dot(cross(va, vp), n) >= 0 && dot(cross(vp, vb), n) >= 0;
  if (!withinArc) return Math.min(toA, toB);
  const crossTrack = Math.abs(Math.asin(Math.max(-1, Math.min(1, dot(vp, n))))) * EARTH_RADIUS_KM;
  return Math.min(crossTrack, toA, toB);
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
