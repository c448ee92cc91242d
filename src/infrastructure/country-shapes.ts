import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import { geometryBounds } from '../reporting/geometry-bounds.js';
import { numericFromAlpha3 } from '../core/countries.js';
import { forFlatMaps } from '../core/antimeridian.js';

type CountryShapes = FeatureCollection<Geometry, { name?: string } | null>;

let shapes: CountryShapes | undefined;

/**
 * Natural Earth 1:50m country shapes from the world-atlas package (the web app's base map uses the same file), read
 * once per process. Features keep their ISO 3166-1 numeric id.
 */
export function countryShapes(): CountryShapes {
  if (!shapes) {
    const path = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
    const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{ countries: GeometryCollection<{ name?: string }> }>;
    shapes = feature(topology, topology.objects.countries);
  }
  return shapes;
}

let drawable: FeatureCollection<Geometry> | undefined;

/** The shapes as a flat map draws them: cut at the antimeridian and wound as RFC 7946 says (see cutAtAntimeridian). */
export function countryShapesForMaps(): FeatureCollection<Geometry> {
  drawable ??= forFlatMaps(countryShapes());
  return drawable;
}

/**
 * The box around a country's shape, or undefined when the shapes do not have it or it straddles the antimeridian
 * (a box then spans the world and says nothing; the caller falls back to where the incidents are).
 */
export function countryBounds(numericId: string): BoundingBox | undefined {
  const country = countryShapes().features.find((f: Feature<Geometry, unknown>) => String(f.id) === numericId);
  if (!country) return undefined;
  const box = geometryBounds(country.geometry);
  return box && box[2] - box[0] <= 180 ? box : undefined;
}

const points = new Map<string, readonly [number, number] | undefined>();

/**
 * A representative point (lat, lon) of a country: the area-weighted centroid of its largest polygon, so islands and
 * exclaves do not pull it into the sea. Records placed only by country get it with precision `country`; it stands
 * for the country, not for a place in it.
 */
export function countryPoint(alpha3: string): readonly [number, number] | undefined {
  if (points.has(alpha3)) return points.get(alpha3);
  const numeric = numericFromAlpha3(alpha3);
  const country = numeric === undefined ? undefined : countryShapes().features.find((f: Feature<Geometry, unknown>) => String(f.id) === numeric);
  const geometry = country?.geometry;
  const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
  let best: { area: number; point: [number, number] } | undefined;
  for (const [ring] of polygons) {
    if (!ring || ring.length < 4) continue;
    let twiceArea = 0;
    let x = 0;
    let y = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      twiceArea += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
    if (twiceArea === 0) continue;
    const area = Math.abs(twiceArea / 2);
    if (!best || area > best.area) best = { area, point: [y / (3 * twiceArea), x / (3 * twiceArea)] };
  }
  const point = best && ([Math.round(best.point[0] * 1e4) / 1e4, Math.round(best.point[1] * 1e4) / 1e4] as const);
  points.set(alpha3, point);
  return point;
}
