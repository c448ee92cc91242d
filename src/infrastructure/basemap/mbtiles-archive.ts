import Sqlite from 'better-sqlite3';
import type { BasemapArchive, BasemapDescription, BasemapTile, BasemapTileType } from '../../core/basemap.schema.js';
import { BASEMAP_MAX_ZOOM } from '../../core/basemap.schema.js';
import { BasemapError } from './basemap-error.js';
import { boundsOf, textOf, vectorLayersOf } from './metadata.js';
import { tileSizeOf } from './tile-size.js';

const FORMATS: Record<string, BasemapTileType> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp', pbf: 'mvt', mvt: 'mvt' };

const isGzip = (bytes: Uint8Array) => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

function readDescription(db: Sqlite.Database, path: string): { description: BasemapDescription; tileQuery: Sqlite.Statement<[number, number, number], { tile_data: Buffer }> } {
  const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all().map((r) => r.name));
  for (const needed of ['metadata', 'tiles']) if (!tables.has(needed)) throw new BasemapError(path, `it is not an MBTiles file: it has no ${needed} table`);
  const metadata = new Map(db.prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata').all().map((r) => [r.name, r.value]));
  const format = metadata.get('format')?.trim().toLowerCase();
  if (!format) throw new BasemapError(path, 'its metadata does not say the tiles\' format (the "format" row)');
  const tileType = FORMATS[format];
  if (!tileType) throw new BasemapError(path, `its tiles are of a format Haven does not serve (${format}); it serves png, jpg, webp and pbf`);
  const zooms = db.prepare<[], { min: number | null; max: number | null }>('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get();
  const zoomOf = (name: string, fallback: number | null | undefined) => {
    const n = Number(metadata.get(name) ?? fallback ?? Number.NaN);
    return Number.isInteger(n) && n >= 0 && n <= BASEMAP_MAX_ZOOM ? n : undefined;
  };
  const minzoom = zoomOf('minzoom', zooms?.min);
  const maxzoom = zoomOf('maxzoom', zooms?.max);
  if (minzoom === undefined || maxzoom === undefined || minzoom > maxzoom) throw new BasemapError(path, 'it holds no tiles, and its metadata says no valid minzoom and maxzoom');
  let json: unknown;
  try {
    json = metadata.has('json') ? (JSON.parse(metadata.get('json')!) as unknown) : undefined;
  } catch {
    throw new BasemapError(path, 'the "json" row of its metadata is not JSON');
  }
  const tileQuery = db.prepare<[number, number, number], { tile_data: Buffer }>('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
  const sample = tileType === 'mvt' ? undefined : db.prepare<[], { tile_data: Buffer }>('SELECT tile_data FROM tiles LIMIT 1').get()?.tile_data;
  return {
    tileQuery,
    description: {
      format: 'mbtiles',
      tileType,
      tileSize: tileType === 'mvt' ? 512 : tileSizeOf(sample),
      minzoom,
      maxzoom,
      bounds: boundsOf(metadata.get('bounds')),
      attribution: textOf(metadata.get('attribution')),
      ...(tileType === 'mvt' && { vectorLayers: vectorLayersOf(json) ?? [] }),
    },
  };
}

/**
 * An MBTiles file (SQLite), opened read-only. Its rows count from the south (TMS): row = 2^z − 1 − y. Vector tiles are
 * stored gzipped as the specification says, and served so (Content-Encoding: gzip); one stored plain is served plain.
 */
export function openMbtiles(path: string, version: string): BasemapArchive {
  let db: Sqlite.Database;
  try {
    db = new Sqlite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BasemapError(path, `it cannot be opened (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const { description, tileQuery } = readDescription(db, path);
    return {
      description,
      version,
      tile(z, x, y): Promise<BasemapTile | undefined> {
        const row = tileQuery.get(z, x, 2 ** z - 1 - y);
        if (!row) return Promise.resolve(undefined);
        const data = new Uint8Array(row.tile_data.buffer, row.tile_data.byteOffset, row.tile_data.byteLength);
        return Promise.resolve({ data, encoding: description.tileType === 'mvt' && isGzip(data) ? 'gzip' : undefined });
      },
      close() {
        db.close();
        return Promise.resolve();
      },
    };
  } catch (error) {
    db.close();
    if (error instanceof BasemapError) throw error;
    throw new BasemapError(path, `it is not a readable MBTiles file (${error instanceof Error ? error.message : String(error)})`);
  }
}
