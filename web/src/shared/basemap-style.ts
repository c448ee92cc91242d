import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { BasemapInfo } from '../../../src/core/basemap.schema.js';

type AvailableBasemap = Extract<BasemapInfo, { available: true }>;

/** The id of the operator's basemap source; its layers' ids start with `basemap-`. */
export const BASEMAP_SOURCE = 'operator-basemap';

/**
 * Raster tiles are drawn enlarged for this many zooms past the extract's deepest; deeper still, the offline shapes
 * show again (an image enlarged 16 times says nothing).
 */
export const RASTER_OVERZOOM = 4;

/** The vector schemas Haven has a style for, told apart by the names of the archive's layers. */
export type VectorSchema = 'openmaptiles' | 'protomaps' | 'unknown';

export function vectorSchemaOf(layerIds: readonly string[]): VectorSchema {
  const has = (...ids: string[]) => ids.every((id) => layerIds.includes(id));
  if (has('earth', 'roads') || has('earth', 'water', 'boundaries')) return 'protomaps';
  if (has('water', 'transportation') || has('water', 'landcover', 'boundary')) return 'openmaptiles';
  return 'unknown';
}

/** The offline map's land and water colours, which the vector styles draw land and water in too. */
export interface BaseColors {
  land: string;
  water: string;
}

const COLORS = {
  waterLine: '#b4c8dc',
  green: '#e4ecd9',
  landuse: '#eeebe4',
  building: '#e2ded6',
  majorRoad: '#d8c6a8',
  minorRoad: '#ffffff',
  roadCasing: '#d6d1c6',
  boundary: '#9a9284',
  neutralFill: '#e7e4dd',
  neutralLine: '#a8a29e',
} as const;

const isPolygon: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isLine: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const width = (stops: readonly (readonly [number, number])[]): ExpressionSpecification => ['interpolate', ['exponential', 1.6], ['zoom'], ...stops.flat()];

type Layer = LayerSpecification;
const fill = (id: string, sourceLayer: string, color: string, extra: Partial<{ filter: ExpressionSpecification; minzoom: number; opacity: number }> = {}): Layer => ({
  id: `basemap-${id}`,
  type: 'fill',
  source: BASEMAP_SOURCE,
  'source-layer': sourceLayer,
  ...(extra.filter && { filter: extra.filter }),
  ...(extra.minzoom !== undefined && { minzoom: extra.minzoom }),
  paint: { 'fill-color': color, ...(extra.opacity !== undefined && { 'fill-opacity': extra.opacity }) },
});
const line = (id: string, sourceLayer: string, color: string, lineWidth: number | ExpressionSpecification, extra: Partial<{ filter: ExpressionSpecification; minzoom: number; dash: number[] }> = {}): Layer => ({
  id: `basemap-${id}`,
  type: 'line',
  source: BASEMAP_SOURCE,
  'source-layer': sourceLayer,
  ...(extra.filter && { filter: extra.filter }),
  ...(extra.minzoom !== undefined && { minzoom: extra.minzoom }),
  layout: { 'line-join': 'round', 'line-cap': 'round' },
  paint: { 'line-color': color, 'line-width': lineWidth, ...(extra.dash && { 'line-dasharray': extra.dash }) },
});
const inClass = (field: string, values: string[]): ExpressionSpecification => ['match', ['get', field], values, true, false];

/** The OpenMapTiles schema (OpenMapTiles, MapTiler, tilemaker's default config): land is where water is not. */
function openMapTilesLayers(base: BaseColors): Layer[] {
  return [
    fill('landcover', 'landcover', COLORS.green, { opacity: 0.7 }),
    fill('landuse', 'landuse', COLORS.landuse, { opacity: 0.7 }),
    fill('park', 'park', COLORS.green, { opacity: 0.6 }),
    fill('water', 'water', base.water),
    line('waterway', 'waterway', COLORS.waterLine, width([[8, 0.5], [16, 3]])),
    fill('building', 'building', COLORS.building, { minzoom: 13 }),
    line('roads-minor', 'transportation', COLORS.minorRoad, width([[10, 0.5], [18, 10]]), { filter: ['all', isLine, inClass('class', ['minor', 'service', 'tertiary', 'track'])], minzoom: 10 }),
    line('roads-major', 'transportation', COLORS.majorRoad, width([[5, 0.5], [18, 14]]), { filter: ['all', isLine, inClass('class', ['motorway', 'trunk', 'primary', 'secondary'])] }),
    line('railway', 'transportation', COLORS.roadCasing, width([[10, 0.5], [18, 3]]), { filter: ['all', isLine, inClass('class', ['rail'])], minzoom: 10 }),
    line('boundary-region', 'boundary', COLORS.boundary, width([[3, 0.4], [12, 1.2]]), { filter: ['all', ['>=', ['get', 'admin_level'], 3], ['<=', ['get', 'admin_level'], 4], ['!=', ['get', 'maritime'], 1]], dash: [3, 2] }),
    line('boundary-country', 'boundary', COLORS.boundary, width([[1, 0.6], [12, 2]]), { filter: ['all', ['<=', ['get', 'admin_level'], 2], ['!=', ['get', 'maritime'], 1]] }),
  ];
}

/** The Protomaps basemap schema (Protomaps builds, `pmtiles extract`): land is drawn (earth), water on it. */
function protomapsLayers(base: BaseColors): Layer[] {
  return [
    fill('earth', 'earth', base.land),
    fill('landcover', 'landcover', COLORS.green, { opacity: 0.7 }),
    fill('landuse', 'landuse', COLORS.landuse, { opacity: 0.7 }),
    fill('water', 'water', base.water, { filter: isPolygon }),
    line('waterway', 'water', COLORS.waterLine, width([[8, 0.5], [16, 3]]), { filter: isLine }),
    fill('building', 'buildings', COLORS.building, { minzoom: 13 }),
    line('roads-minor', 'roads', COLORS.minorRoad, width([[10, 0.5], [18, 10]]), { filter: ['all', isLine, inClass('kind', ['minor_road', 'path', 'other'])], minzoom: 10 }),
    line('roads-major', 'roads', COLORS.majorRoad, width([[5, 0.5], [18, 14]]), { filter: ['all', isLine, inClass('kind', ['highway', 'major_road'])] }),
    line('railway', 'roads', COLORS.roadCasing, width([[10, 0.5], [18, 3]]), { filter: ['all', isLine, inClass('kind', ['rail'])], minzoom: 10 }),
    line('boundary-region', 'boundaries', COLORS.boundary, width([[3, 0.4], [12, 1.2]]), { filter: inClass('kind', ['region']), dash: [3, 2] }),
    line('boundary-country', 'boundaries', COLORS.boundary, width([[1, 0.6], [12, 2]]), { filter: inClass('kind', ['country']) }),
  ];
}

/** A schema Haven does not know: every layer's polygons and lines, in neutral colours. */
function plainLayers(layerIds: readonly string[]): Layer[] {
  return layerIds.flatMap((id, i) => [
    fill(`plain-fill-${i}`, id, COLORS.neutralFill, { filter: isPolygon, opacity: 0.6 }),
    line(`plain-line-${i}`, id, COLORS.neutralLine, 0.8, { filter: isLine }),
  ]);
}

/** Said in the map's attribution when a vector archive is drawn plainly (not in the console, which no one reads). */
export const UNKNOWN_SCHEMA_NOTE = 'Basemap drawn plainly: its layers follow no schema Haven has a style for';

export interface BasemapStyle {
  source: SourceSpecification;
  layers: Layer[];
  /** For a vector archive, which schema it was drawn as. */
  schema?: VectorSchema;
}

/**
 * The source and layers that draw the operator's basemap, from GET /basemap's answer. `tilesUrl` is the tiles' URL made
 * absolute (MapLibre's workers fetch vector tiles from a blob: origin); `attribution` is the text to credit, made safe;
 * `base` the offline map's colours.
 */
export function basemapStyle(info: AvailableBasemap, tilesUrl: string, attribution: string | undefined, base: BaseColors): BasemapStyle {
  const common = { tiles: [tilesUrl], minzoom: info.minzoom, maxzoom: info.maxzoom, bounds: info.bounds, ...(attribution && { attribution }) };
  if (info.tileType !== 'mvt') {
    // The map's zoom counts 512-pixel tiles: an archive's 256-pixel tiles of zoom z are drawn sharp at map zoom z − 1.
    const shift = Math.log2(512 / info.tileSize);
    return {
      source: { type: 'raster', tileSize: info.tileSize, ...common },
      layers: [{ id: 'basemap-raster', type: 'raster', source: BASEMAP_SOURCE, minzoom: Math.max(0, info.minzoom - shift), maxzoom: info.maxzoom - shift + RASTER_OVERZOOM }],
    };
  }
  const ids = (info.vectorLayers ?? []).map((l) => l.id);
  const schema = vectorSchemaOf(ids);
  const layers = schema === 'openmaptiles' ? openMapTilesLayers(base) : schema === 'protomaps' ? protomapsLayers(base) : plainLayers(ids);
  const credit = schema === 'unknown' ? [attribution, UNKNOWN_SCHEMA_NOTE].filter(Boolean).join(' · ') : attribution;
  return {
    source: { type: 'vector', ...common, ...(credit && { attribution: credit }) },
    // Layers the archive does not hold are left out: MapLibre would draw nothing for them anyway.
    layers: layers.filter((l) => 'source-layer' in l && ids.includes(l['source-layer'] ?? '')),
    schema,
  };
}
