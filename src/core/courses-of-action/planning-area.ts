import { EARTH_RADIUS_KM } from '../great-circle.js';
import { insidePolygon, type LonLat } from '../detection/zone-geometry.js';
import type { MultiPolygonGeometry, PolygonGeometry } from '../places/geometry.js';

/**
 * A planning situation's area as geometry: a drawn polygon as it is, a place and radius as a circle around the place
 * (64 points: within 0.1 % of the radius). Pure; the application resolves the place from the gazetteer.
 */
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export const CIRCLE_POINTS = 64;

/** The circle of `radiusKm` around a point, as a closed polygon ring (each point at that great-circle distance). */
export function circlePolygon(center: LonLat, radiusKm: number, points = CIRCLE_POINTS): PolygonGeometry {
  const toRad = Math.PI / 180;
  const lat1 = center.lat * toRad;
  const lon1 = center.lon * toRad;
  const d = radiusKm / EARTH_RADIUS_KM;
  const ring: [number, number][] = [];
  for (let i = 0; i < points; i++) {
    const bearing = (2 * Math.PI * i) / points;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
    const lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([Math.round((lon2 / toRad) * 1e6) / 1e6, Math.round((lat2 / toRad) * 1e6) / 1e6]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

export function insideArea(p: LonLat, area: AreaGeometry): boolean {
  return area.type === 'Polygon' ? insidePolygon(p, area.coordinates) : area.coordinates.some((rings) => insidePolygon(p, rings));
}

/** West, south, east, north of the area's outer rings. */
export function areaBbox(area: AreaGeometry): [number, number, number, number] {
  const outer = area.type === 'Polygon' ? [area.coordinates[0]!] : area.coordinates.map((rings) => rings[0]!);
  const points = outer.flat();
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
