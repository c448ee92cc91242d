import { EARTH_RADIUS_KM } from '../great-circle.js';

export type LonLatBox = [west: number, south: number, east: number, north: number];

const DEG = 180 / Math.PI;

/**
 * The lon/lat boxes that together hold every point within `radiusKm` of (lat, lon) on the sphere: the widest
 * longitude span of a spherical cap is asin(sin δ / cos φ), wider than at its centre's latitude. A cap over a pole
 * takes every longitude; one across the antimeridian is split in two boxes.
 */
export function boxesAround(lat: number, lon: number, radiusKm: number): LonLatBox[] {
  // A hair of slack so a point exactly on the circle is never lost to rounding in the box test.
  const delta = (radiusKm / EARTH_RADIUS_KM) * (1 + 1e-9) + 1e-9;
  const dLat = delta * DEG;
  const south = lat - dLat;
  const north = lat + dLat;
  if (south <= -90 || north >= 90 || delta >= Math.PI / 2) return [[-180, Math.max(-90, south), 180, Math.min(90, north)]];
  const ratio = Math.sin(delta) / Math.cos(lat / DEG);
  if (ratio >= 1) return [[-180, south, 180, north]];
  const dLon = Math.asin(ratio) * DEG;
  const west = lon - dLon;
  const east = lon + dLon;
  if (west < -180) return [[-180, south, east, north], [west + 360, south, 180, north]];
  if (east > 180) return [[west, south, 180, north], [-180, south, east - 360, north]];
  return [[west, south, east, north]];
}
