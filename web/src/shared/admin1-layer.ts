import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import type { ApiClient } from './api-client.js';
import { debounce } from './dom.js';

const SOURCE = 'admin1';
export const ADMIN1_LAYER = 'admin1-lines';
/** Provinces mean nothing at world scale: they are asked for and drawn from this zoom. */
export const ADMIN1_MIN_ZOOM = 3;
const COLOR = '#a39d90';
/** The two files `haven boundaries import` reads: geoBoundaries asks for credit (CC BY 4.0); Natural Earth is public domain. */
const ADMIN1_CREDIT = 'Admin-1 boundaries: geoBoundaries (CC BY 4.0) or Natural Earth, as imported';

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** The first layer above the base ones (the offline shapes and the operator's basemap): Haven's data starts there. */
function firstDataLayer(map: maplibregl.Map): string | undefined {
  const layers = map.getStyle().layers;
  const borders = layers.findIndex((l) => l.id === 'borders');
  return layers.slice(borders + 1).find((l) => !l.id.startsWith('basemap-') && l.id !== ADMIN1_LAYER)?.id;
}

/**
 * First-level administrative boundaries (imported with `haven boundaries import`), as thin dashed lines above the land
 * and the basemap, below the data; asked for the view as the map stops moving, from zoom 3. Where none were imported,
 * nothing is drawn; a failed request leaves the lines as they were.
 */
export function withAdmin1Boundaries(map: maplibregl.Map, api: ApiClient): void {
  let inFlight: AbortController | undefined;
  let removed = false;
  const load = async () => {
    if (removed || map.getZoom() < ADMIN1_MIN_ZOOM) return;
    inFlight?.abort();
    const request = new AbortController();
    inFlight = request;
    const b = map.getBounds();
    const bbox: BoundingBox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
    try {
      const collection = await api.admin1(bbox, request.signal);
      if (!removed && inFlight === request) map.getSource<GeoJSONSource>(SOURCE)?.setData(collection);
    } catch {
      // Reference lines only: the map works without them.
    }
  };
  const loadSoon = debounce(() => void load(), 250);
  map.on('remove', () => {
    removed = true;
    loadSoon.cancel();
    inFlight?.abort();
  });
  const add = () => {
    // Shown while the lines are drawn (MapLibre credits only the sources of visible layers).
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, tolerance: 0.6, attribution: ADMIN1_CREDIT });
    map.addLayer(
      {
        id: ADMIN1_LAYER,
        type: 'line',
        source: SOURCE,
        minzoom: ADMIN1_MIN_ZOOM,
        paint: { 'line-color': COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.5, 10, 1.2], 'line-dasharray': [3, 2] },
      },
      firstDataLayer(map),
    );
    map.on('moveend', loadSoon);
    void load();
  };
  if (map.isStyleLoaded()) add();
  else map.on('load', add);
}
