import type maplibregl from 'maplibre-gl';
import type { BasemapInfo } from '../../../src/core/basemap.schema.js';
import type { ApiClient } from './api-client.js';
import { BASEMAP_SOURCE, basemapStyle } from './basemap-style.js';
import { MAP_COLORS } from './palette.js';

/** The offline style's last base layer: the operator's basemap goes right above it, under labels and data. */
const BELOW = 'borders';

let asked: Promise<BasemapInfo> | undefined;

/** GET /basemap, asked once per page; a failure is no basemap (the offline shapes stay) and is asked again next time. */
function basemapInfo(api: ApiClient): Promise<BasemapInfo> {
  asked ??= api.basemap().catch(() => {
    asked = undefined;
    return { available: false } as const;
  });
  return asked;
}

/**
 * The archive's attribution as plain text, made safe for MapLibre's attribution control (which writes HTML): tile makers
 * write links in it, which are kept as their words.
 */
function attributionText(html: string | null): string | undefined {
  if (!html) return undefined;
  const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function addBasemap(map: maplibregl.Map, info: Extract<BasemapInfo, { available: true }>): void {
  if (map.getSource(BASEMAP_SOURCE)) return;
  const tilesUrl = new URL(info.tiles, window.location.href).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
  const style = basemapStyle(info, tilesUrl, attributionText(info.attribution), MAP_COLORS);
  const layers = map.getStyle().layers;
  const at = layers.findIndex((l) => l.id === BELOW);
  const before = at >= 0 ? layers[at + 1]?.id : undefined;
  map.addSource(BASEMAP_SOURCE, style.source);
  for (const layer of style.layers) map.addLayer(layer, before);
  const container = map.getContainer();
  container.dataset.basemap = style.schema ? `vector-${style.schema}` : 'raster';
}

/**
 * Draws the operator's own basemap (GET /basemap) on a map built with the offline style, when the server has one:
 * above the offline land and water, which stay as the fallback outside the extract's bounds and zooms.
 */
export function withOperatorBasemap(map: maplibregl.Map, api: ApiClient): void {
  let removed = false;
  map.on('remove', () => (removed = true));
  const apply = () =>
    void basemapInfo(api).then((info) => {
      if (!removed && info.available) addBasemap(map, info);
    });
  if (map.isStyleLoaded()) apply();
  else map.on('load', apply);
}
