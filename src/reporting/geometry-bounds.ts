import type { Geometry, Position } from 'geojson';
import type { BoundingBox } from './map-projection.js';

/** Every position of a geometry, whatever its type. */
export function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    case 'GeometryCollection':
      return geometry.geometries.flatMap(positionsOf);
  }
}

/** The box around positions (west, south, east, north), or undefined for none. A loop: shapes can be very large. */
export function boundsOf(positions: Iterable<Position>): BoundingBox | undefined {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon = NaN, lat = NaN] of positions) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return w <= e && s <= n ? [w, s, e, n] : undefined;
}

export const geometryBounds = (geometry: Geometry): BoundingBox | undefined => boundsOf(positionsOf(geometry));

export const boxesOverlap = (a: BoundingBox, b: BoundingBox): boolean => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
