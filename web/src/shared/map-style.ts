import type { FeatureCollection, Geometry } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Bundled as a string and parsed once: no tile server, no network, and the type checker is spared 750 kB of literal types.
import countriesTopology from 'world-atlas/countries-50m.json?raw';
import { forFlatMaps } from '../../../src/core/antimeridian.js';
import { MAP_COLORS } from './palette.js';
import { withPlaceNames } from './place-names.js';

let shapes: FeatureCollection<Geometry> | undefined;

/** Natural Earth 1:50m country shapes, keyed by ISO 3166-1 numeric id; parsed once. */
export function countryShapes(): FeatureCollection<Geometry> {
  if (!shapes) {
    const topology = JSON.parse(countriesTopology) as Topology<{ countries: GeometryCollection }>;
    // Cut at the antimeridian for a flat map: uncut, Russia, Fiji and Antarctica draw lines across the world.
    shapes = forFlatMaps(feature(topology, topology.objects.countries));
  }
  return shapes;
}

/**
 * The base map, built in code so it works offline: water as the background, Natural Earth 1:50m country shapes on
 * top, place names above them (their glyphs are served by Haven: see place-names.ts). Counts on clusters are drawn
 * as images.
 */
/**
 * For someone who asked their system for reduced motion, labels appear at once instead of fading in and out (MapLibre
 * already makes its camera moves instant for them). It also spares a laptop without a GPU the frames of each fade.
 */
export function motionOptions(): { fadeDuration?: number } {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? { fadeDuration: 0 } : {};
}

export function offlineWorldStyle(): StyleSpecification {
  return withPlaceNames({
    version: 8,
    sources: {
      countries: { type: 'geojson', data: countryShapes(), tolerance: 0.5 },
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': MAP_COLORS.water } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': MAP_COLORS.land } },
      {
        id: 'borders',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': MAP_COLORS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.4, 6, 1.2] },
      },
    ],
  });
}
