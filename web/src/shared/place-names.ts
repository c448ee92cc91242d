import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, LngLatBounds, Map as MapLibreMap, StyleSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { GAZETTEER_ATTRIBUTION } from '../../../src/core/gazetteer/gazetteer.schema.js';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import type { ApiClient } from './api-client.js';
import { debounce, isAbort } from './dom.js';

/** The map layer (and source) of place names: the browser tests look for names in it. */
export const PLACE_NAME_LAYER = 'place-names';
const SOURCE = 'place-names';

/** The credit the map shows for the names (GeoNames is CC BY 4.0), beside the country shapes'. */
export const MAP_ATTRIBUTION = `Country shapes: Natural Earth · ${GAZETTEER_ATTRIBUTION}`;

/** The font the app ships glyphs of (web/public/fonts/noto-sans-regular, served by Haven itself at /fonts/{fontstack}/{range}.pbf: no glyph server). */
const FONT = 'Noto Sans Regular';
const glyphsUrl = () => `${window.location.origin}/fonts/{fontstack}/{range}.pbf`;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const layer: SymbolLayerSpecification = {
  id: PLACE_NAME_LAYER,
  type: 'symbol',
  source: SOURCE,
  layout: {
    'text-field': ['get', 'name'],
    'text-font': [FONT],
    // The most populous places in view in larger type; where names would collide, the more populous is placed first.
    'text-size': ['interpolate', ['linear'], ['get', 'rank'], 1, 14, 8, 12.5, 40, 11],
    'symbol-sort-key': ['-', 0, ['get', 'population']],
    'text-max-width': 8,
    'text-padding': 6,
  },
  paint: { 'text-color': '#334155', 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.6, 'text-halo-blur': 0.4 },
};

/**
 * The base style with place names: glyphs from Haven itself, and the names' source and layer on top of the land and
 * borders. What a map adds after loading (incidents, sites, zones) comes on top of the names.
 */
export function withPlaceNames(style: StyleSpecification): StyleSpecification {
  return { ...style, glyphs: glyphsUrl(), sources: { ...style.sources, [SOURCE]: { type: 'geojson', data: EMPTY } }, layers: [...style.layers, layer] };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** The view widened to whole hundredths of a degree, so a map moved a little asks the same (cached) question. */
function viewBox(bounds: LngLatBounds): BoundingBox {
  const out = (n: number, round: (x: number) => number) => round(n * 100) / 100;
  return [clamp(out(bounds.getWest(), Math.floor), -180, 180), clamp(out(bounds.getSouth(), Math.floor), -90, 90), clamp(out(bounds.getEast(), Math.ceil), -180, 180), clamp(out(bounds.getNorth(), Math.ceil), -90, 90)];
}

/**
 * Keeps a map's place names to its view: the most populous places in it (fewer at low zoom), asked for whenever the
 * map stops moving (debounced; a newer question cancels an older one). The map's style must come from withPlaceNames.
 * The map's container gets `data-place-names`: `loading` (from the moment the map stops moving), `ready` once the
 * names of the view are drawn, or `error` (a map without names still works).
 */
export class PlaceNames {
  private inFlight: AbortController | undefined;
  private readonly loadSoon = debounce(() => void this.load(), 250);
  // The names on show are for the view before the move until the new ones arrive: say so at once, not after the pause.
  private readonly onMoveEnd = () => {
    this.map.getContainer().dataset.placeNames = 'loading';
    this.loadSoon();
  };

  constructor(
    private readonly map: MapLibreMap,
    private readonly api: ApiClient,
  ) {
    if (map.loaded()) void this.load();
    else map.on('load', () => void this.load());
    map.on('moveend', this.onMoveEnd);
  }

  destroy(): void {
    this.loadSoon.cancel();
    this.inFlight?.abort();
    this.map.off('moveend', this.onMoveEnd);
  }

  private async load(): Promise<void> {
    const source = this.map.getSource<GeoJSONSource>(SOURCE);
    if (!source) return;
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    const container = this.map.getContainer();
    container.dataset.placeNames = 'loading';
    try {
      const names = await this.api.placeLabels(viewBox(this.map.getBounds()), Math.floor(this.map.getZoom()), request.signal);
      if (request.signal.aborted) return;
      source.setData(names);
      // Ready once drawn: the map is idle when the new names (and any glyphs they need) are on the canvas.
      void this.map.once('idle', () => {
        if (this.inFlight === request) container.dataset.placeNames = 'ready';
      });
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      container.dataset.placeNames = 'error';
    }
  }
}
