import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import { geometryBounds } from '../reporting/geometry-bounds.js';

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
