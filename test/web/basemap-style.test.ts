import { describe, expect, it } from 'vitest';
import type { BasemapInfo } from '../../src/core/basemap.schema.js';
import { basemapStyle, RASTER_OVERZOOM, UNKNOWN_SCHEMA_NOTE, vectorSchemaOf } from '../../web/src/shared/basemap-style.js';

type Available = Extract<BasemapInfo, { available: true }>;
const base: Available = { available: true, format: 'pmtiles', tileType: 'mvt', tileSize: 512, minzoom: 0, maxzoom: 14, bounds: [-10, -5, 10, 5], attribution: null, tiles: '/t/{z}/{x}/{y}' };
const vector = (ids: string[]): Available => ({ ...base, vectorLayers: ids.map((id) => ({ id })) });
const URL = 'http://haven.test/t/{z}/{x}/{y}';
const COLORS = { land: '#f7f6f2', water: '#dfe9f2' };

describe('the style of an operator\'s basemap', () => {
  it('tells the vector schemas apart by their layers', () => {
    expect(vectorSchemaOf(['water', 'waterway', 'landcover', 'landuse', 'transportation', 'boundary', 'place'])).toBe('openmaptiles');
    expect(vectorSchemaOf(['earth', 'water', 'landuse', 'roads', 'boundaries', 'places'])).toBe('protomaps');
    expect(vectorSchemaOf(['water'])).toBe('unknown');
    expect(vectorSchemaOf(['test_fixture_1pmtiles'])).toBe('unknown');
  });

  it('draws an OpenMapTiles archive with its own layers only', () => {
    const style = basemapStyle(vector(['water', 'transportation', 'boundary']), URL, '© OpenMapTiles © OpenStreetMap contributors', COLORS);
    expect(style.schema).toBe('openmaptiles');
    expect(style.source).toMatchObject({ type: 'vector', tiles: [URL], minzoom: 0, maxzoom: 14, bounds: [-10, -5, 10, 5], attribution: '© OpenMapTiles © OpenStreetMap contributors' });
    const sourceLayers = new Set(style.layers.map((l) => ('source-layer' in l ? l['source-layer'] : undefined)));
    expect(sourceLayers).toEqual(new Set(['water', 'transportation', 'boundary']));
  });

  it('draws a Protomaps archive with land from its earth layer', () => {
    const style = basemapStyle(vector(['earth', 'water', 'roads', 'boundaries', 'places']), URL, undefined, COLORS);
    expect(style.schema).toBe('protomaps');
    expect(style.layers.map((l) => l.id)).toContain('basemap-earth');
    expect(style.layers.some((l) => 'source-layer' in l && l['source-layer'] === 'places')).toBe(false);
  });

  it('draws an unknown schema plainly, each layer\'s polygons and lines, and says so in the attribution', () => {
    const style = basemapStyle(vector(['a', 'b']), URL, 'Someone', COLORS);
    expect(style.schema).toBe('unknown');
    expect(style.layers.map((l) => [l.type, 'source-layer' in l ? l['source-layer'] : ''])).toEqual([
      ['fill', 'a'],
      ['line', 'a'],
      ['fill', 'b'],
      ['line', 'b'],
    ]);
    expect(style.source).toMatchObject({ attribution: `Someone · ${UNKNOWN_SCHEMA_NOTE}` });
  });

  it('draws a raster archive within its zooms, 256-pixel tiles one map zoom earlier, enlarged a few zooms past its last', () => {
    const style = basemapStyle({ ...base, tileType: 'png', tileSize: 256, minzoom: 3, maxzoom: 8 }, URL, undefined, COLORS);
    expect(style.source).toMatchObject({ type: 'raster', tileSize: 256, minzoom: 3, maxzoom: 8 });
    expect(style.layers).toEqual([{ id: 'basemap-raster', type: 'raster', source: 'operator-basemap', minzoom: 2, maxzoom: 7 + RASTER_OVERZOOM }]);
    const large = basemapStyle({ ...base, tileType: 'webp', tileSize: 512, minzoom: 3, maxzoom: 8 }, URL, undefined, COLORS);
    expect(large.layers[0]).toMatchObject({ minzoom: 3, maxzoom: 8 + RASTER_OVERZOOM });
  });
});
