import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BasemapArchive } from '../../src/core/basemap.schema.js';
import { BasemapError, openBasemap } from '../../src/infrastructure/basemap/open-basemap.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { basemapFolder, solidPng, tileBounds, writeMbtiles } from '../support/basemap-fixtures.js';
import { DATABASES } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

const folder = basemapFolder();
let files = 0;
/** A path of its own for each archive written: the suites on each database write theirs. */
const fresh = (name: string) => join(folder.dir, `${++files}-${name}`);
afterAll(() => folder.remove());

/** The PMTiles project's own test archive: one gzipped vector tile at 0/0/0 (see test/fixtures/real/README.md). */
const PMTILES = realFixture('pmtiles/protomaps-test_fixture_1.pmtiles');
/** Where that archive keeps its one tile, as its header says (tile data offset 399, length 69). */
const PMTILES_TILE = readFileSync(PMTILES).subarray(399, 399 + 69);

const RED = solidPng([200, 30, 30], 1);
const BLUE = solidPng([30, 30, 200], 1);

/** A raster MBTiles file: 1/1/0 red and 2/2/1 blue (XYZ), other tiles absent. */
function rasterMbtiles(): string {
  const path = fresh('raster.mbtiles');
  writeMbtiles(path, { name: 'test raster', format: 'png', bounds: '0,0,90,66.5', minzoom: '1', maxzoom: '2', attribution: '© Test tiles' }, [
    { z: 1, x: 1, y: 0, data: RED },
    { z: 2, x: 2, y: 1, data: BLUE },
  ]);
  return path;
}

const VECTOR_TILE = Buffer.from('a vector tile, stored gzipped as MBTiles says');
/** A vector MBTiles file, its one tile gzipped, its layers in the `json` row; no zooms in its metadata. */
function vectorMbtiles(): string {
  const path = fresh('vector.mbtiles');
  const json = JSON.stringify({ vector_layers: [{ id: 'water', minzoom: 0, maxzoom: 5, fields: { class: 'String' } }, { id: 'roads' }] });
  writeMbtiles(path, { name: 'test vector', format: 'pbf', json }, [{ z: 3, x: 4, y: 2, data: gzipSync(VECTOR_TILE) }]);
  return path;
}

describe.each(DATABASES)('the basemap over HTTP on %s', (kind) => {
  describe('without a basemap', () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await openApiHarness(kind);
    });
    afterAll(() => h?.close());

    it('says none is available, and has no tiles', async () => {
      const info = await h.call({ method: 'GET', url: '/api/v1/basemap', as: 'viewer' });
      expect(info.statusCode).toBe(200);
      expect(info.json()).toEqual({ available: false });
      const tile = await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/0/0/0', as: 'viewer' });
      expect(tile.statusCode).toBe(404);
      expect(tile.json().error.message).toMatch(/no basemap/);
    });

    it('answers only those signed in', async () => {
      expect((await h.call({ method: 'GET', url: '/api/v1/basemap' })).statusCode).toBe(401);
      expect((await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/0/0/0' })).statusCode).toBe(401);
    });
  });

  describe('with a raster MBTiles file', () => {
    let h: ApiHarness;
    let archive: BasemapArchive;
    beforeAll(async () => {
      archive = await openBasemap(rasterMbtiles());
      h = await openApiHarness(kind, { basemap: archive });
    });
    afterAll(() => h?.close());

    it('describes it from its metadata', async () => {
      const info = (await h.call({ method: 'GET', url: '/api/v1/basemap', as: 'viewer' })).json();
      expect(info).toEqual({
        available: true,
        format: 'mbtiles',
        tileType: 'png',
        tileSize: 256,
        minzoom: 1,
        maxzoom: 2,
        bounds: [0, 0, 90, 66.5],
        attribution: '© Test tiles',
        tiles: `/api/v1/basemap/tiles/{z}/{x}/{y}?v=${archive.version}`,
      });
    });

    it('serves a tile as stored, the TMS row turned to XYZ, kept long under its versioned URL', async () => {
      const url = `/api/v1/basemap/tiles/1/1/0?v=${archive.version}`;
      const red = await h.call({ method: 'GET', url, as: 'viewer' });
      expect(red.statusCode).toBe(200);
      expect(red.headers['content-type']).toBe('image/png');
      expect(red.headers['content-encoding']).toBeUndefined();
      expect(red.rawPayload.equals(RED)).toBe(true);
      expect(red.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      const blue = await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/2/2/1', as: 'viewer' });
      expect(blue.rawPayload.equals(BLUE)).toBe(true);
      expect(blue.headers['cache-control']).toBe('private, no-cache');
      const again = await h.call({ method: 'GET', url, as: 'viewer', headers: { 'if-none-match': String(red.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    });

    it('answers 204 where the extract has no tile (the TMS row of 1/1/0 read as XYZ is absent)', async () => {
      const absent = await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/1/1/1', as: 'viewer' });
      expect(absent.statusCode).toBe(204);
      expect(absent.rawPayload.length).toBe(0);
      expect((await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/9/3/3', as: 'viewer' })).statusCode).toBe(204);
    });

    it('refuses coordinates outside the tile grid', async () => {
      for (const [path, field] of [
        ['31/0/0', 'z'],
        ['1/2/0', 'x'],
        ['1/0/2', 'y'],
        ['0/0/1', 'y'],
        ['a/0/0', 'z'],
        ['1/-1/0', 'x'],
        ['1/1/0.5', 'y'],
      ] as const) {
        const response = await h.call({ method: 'GET', url: `/api/v1/basemap/tiles/${path}`, as: 'viewer' });
        expect(response.statusCode, path).toBe(400);
        expect(JSON.stringify(response.json().error.issues), path).toContain(field);
      }
    });
  });

  describe('with a vector MBTiles file', () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await openApiHarness(kind, { basemap: await openBasemap(vectorMbtiles()) });
    });
    afterAll(() => h?.close());

    it('lists its layers and takes its zooms from its tiles', async () => {
      const info = (await h.call({ method: 'GET', url: '/api/v1/basemap', as: 'viewer' })).json();
      expect(info).toMatchObject({ format: 'mbtiles', tileType: 'mvt', minzoom: 3, maxzoom: 3, bounds: [-180, -85.0511, 180, 85.0511], attribution: null });
      expect(info.vectorLayers).toEqual([{ id: 'water', minzoom: 0, maxzoom: 5, fields: { class: 'String' } }, { id: 'roads' }]);
    });

    it('serves a gzipped tile as stored, with Content-Encoding: gzip', async () => {
      const response = await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/3/4/2', as: 'viewer' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(response.rawPayload).equals(VECTOR_TILE)).toBe(true);
    });
  });

  describe('with the PMTiles project\'s test archive', () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await openApiHarness(kind, { basemap: await openBasemap(PMTILES) });
    });
    afterAll(() => h?.close());

    it('describes it from its header and metadata', async () => {
      const info = (await h.call({ method: 'GET', url: '/api/v1/basemap', as: 'viewer' })).json();
      expect(info).toMatchObject({ available: true, format: 'pmtiles', tileType: 'mvt', minzoom: 0, maxzoom: 0, attribution: null, vectorLayers: [{ id: 'test_fixture_1pmtiles', minzoom: 0, maxzoom: 0 }] });
      expect(info.bounds[0]).toBe(0);
      expect(info.bounds[3]).toBe(1);
    });

    it('serves its tile with the bytes the archive holds, gzipped as stored', async () => {
      const response = await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/0/0/0', as: 'viewer' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.rawPayload.equals(PMTILES_TILE)).toBe(true);
      expect(gunzipSync(response.rawPayload).length).toBe(49);
    });

    it('answers 204 for a tile it does not hold, 400 outside the grid', async () => {
      expect((await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/1/0/0', as: 'viewer' })).statusCode).toBe(204);
      expect((await h.call({ method: 'GET', url: '/api/v1/basemap/tiles/0/1/0', as: 'viewer' })).statusCode).toBe(400);
    });
  });
});

describe('opening a basemap', () => {
  const refused = async (file: string) => {
    const error: unknown = await openBasemap(file).then(
      async (archive) => {
        await archive.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BasemapError);
    return (error as Error).message;
  };

  it('names a missing file, an unknown extension and an unreadable one', async () => {
    expect(await refused(join(folder.dir, 'nowhere.pmtiles'))).toMatch(/nowhere\.pmtiles cannot be served: there is no such file/);
    const geojson = join(folder.dir, 'shapes.geojson');
    writeFileSync(geojson, '{}');
    expect(await refused(geojson)).toMatch(/extension is not \.pmtiles or \.mbtiles \(\.geojson\)/);
    if (process.getuid?.() !== 0) {
      const locked = join(folder.dir, 'locked.mbtiles');
      writeFileSync(locked, '');
      chmodSync(locked, 0o000);
      expect(await refused(locked)).toMatch(/cannot be read/);
    }
  });

  it('refuses a file that is not an archive of its kind', async () => {
    const fakePm = join(folder.dir, 'fake.pmtiles');
    writeFileSync(fakePm, 'not a PMTiles archive at all, but long enough to hold a header of 127 bytes '.repeat(3));
    expect(await refused(fakePm)).toMatch(/not a PMTiles version 3 archive/);
    const fakeMb = join(folder.dir, 'fake.mbtiles');
    writeFileSync(fakeMb, 'not SQLite');
    expect(await refused(fakeMb)).toMatch(/fake\.mbtiles cannot be served/);
    const noTiles = join(folder.dir, 'no-format.mbtiles');
    writeMbtiles(noTiles, { name: 'no format' }, [{ z: 0, x: 0, y: 0, data: RED }]);
    expect(await refused(noTiles)).toMatch(/does not say the tiles' format/);
  });

  it('refuses tiles of a type it does not serve', async () => {
    const tiff = join(folder.dir, 'tiff.mbtiles');
    writeMbtiles(tiff, { format: 'tiff' }, [{ z: 0, x: 0, y: 0, data: RED }]);
    expect(await refused(tiff)).toMatch(/format Haven does not serve \(tiff\)/);
    // The same archive as the PMTiles fixture, its header's tile type (byte 99) changed to AVIF (5).
    const avif = join(folder.dir, 'avif.pmtiles');
    const bytes = Buffer.from(readFileSync(PMTILES));
    bytes[99] = 5;
    writeFileSync(avif, bytes);
    expect(await refused(avif)).toMatch(/type Haven does not serve \(Avif\)/);
  });

  it('reads the size of raster tiles from the tiles themselves', async () => {
    const path = join(folder.dir, 'large.mbtiles');
    writeMbtiles(path, { format: 'png', bounds: tileBounds(0, 0, 0).join(',') }, [{ z: 0, x: 0, y: 0, data: solidPng([0, 0, 0], 512) }]);
    const archive = await openBasemap(path);
    expect(archive.description.tileSize).toBe(512);
    await archive.close();
  });
});
