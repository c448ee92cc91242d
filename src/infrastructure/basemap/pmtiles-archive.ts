import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { Compression, PMTiles, SharedPromiseCache, TileType, type Header, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapArchive, BasemapDescription, BasemapTile, BasemapTileType } from '../../core/basemap.schema.js';
import { BasemapError } from './basemap-error.js';
import { boundsOf, textOf, vectorLayersOf } from './metadata.js';
import { tileSizeOf } from './tile-size.js';

const gunzipAsync = promisify(gunzip);
const brotliAsync = promisify(brotliDecompress);

/**
 * The pmtiles package's Source over a local file: each read is a positional read of the bytes asked for (the header,
 * a directory, one tile), never the whole file.
 */
export class NodeFileSource implements Source {
  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    private readonly size: number,
  ) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const buffer = new Uint8Array(wanted);
    let read = 0;
    while (read < wanted) {
      const { bytesRead } = await this.handle.read(buffer, read, wanted - read, offset + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { data: buffer.buffer.slice(0, read) };
  }
}

/** Directories and metadata are decompressed here, with Node's zlib. */
async function decompress(buffer: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return buffer;
  const bytes = new Uint8Array(buffer);
  let out: Buffer;
  if (compression === Compression.Gzip) out = await gunzipAsync(bytes);
  else if (compression === Compression.Brotli) out = await brotliAsync(bytes);
  else throw new Error(`the archive's compression (${Compression[compression]}) is not supported`);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/** Tiles are served as stored: the browser undoes their compression (Content-Encoding). */
const asStored = (buffer: ArrayBuffer): Promise<ArrayBuffer> => Promise.resolve(buffer);

const TILE_TYPES: Partial<Record<TileType, BasemapTileType>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

function encodingOf(compression: Compression): BasemapTile['encoding'] {
  if (compression === Compression.Gzip) return 'gzip';
  if (compression === Compression.Brotli) return 'br';
  return undefined;
}

/** The tile (x, y) at zoom z holding a point. */
function tileAt(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const rad = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  const y = Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)));
  return [x, y];
}

/** A PMTiles v3 archive, read with the pmtiles package. */
export async function openPmtiles(path: string, size: number, version: string): Promise<BasemapArchive> {
  const handle = await open(path, 'r');
  try {
    const source = new NodeFileSource(handle, path, size);
    const archive = new PMTiles(source, new SharedPromiseCache(200, undefined, decompress), asStored);
    let header: Header;
    try {
      header = await archive.getHeader();
    } catch (error) {
      throw new BasemapError(path, `it is not a PMTiles version 3 archive (${error instanceof Error ? error.message : String(error)})`);
    }
    const tileType = TILE_TYPES[header.tileType];
    if (!tileType) throw new BasemapError(path, `its tiles are of a type Haven does not serve (${TileType[header.tileType] ?? header.tileType}); it serves png, jpg, webp and mvt`);
    if (header.tileCompression === Compression.Zstd) throw new BasemapError(path, 'its tiles are compressed with zstd, which browsers cannot be relied on to read; rebuild it with gzip');
    let metadata: unknown = {};
    if (header.jsonMetadataLength > 0) {
      try {
        const raw = await source.getBytes(header.jsonMetadataOffset, header.jsonMetadataLength);
        metadata = JSON.parse(new TextDecoder().decode(await decompress(raw.data, header.internalCompression))) as unknown;
      } catch (error) {
        throw new BasemapError(path, `its metadata cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    const encoding = encodingOf(header.tileCompression);
    const tile = async (z: number, x: number, y: number): Promise<BasemapTile | undefined> => {
      const found = await archive.getZxy(z, x, y);
      return found ? { data: new Uint8Array(found.data), encoding } : undefined;
    };
    let sample: Uint8Array | undefined;
    if (tileType !== 'mvt') {
      try {
        sample = (await tile(header.minZoom, ...tileAt(header.minZoom, header.centerLon, header.centerLat)))?.data;
      } catch (error) {
        throw new BasemapError(path, `its directory cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    const meta = metadata as Record<string, unknown> | null;
    const description: BasemapDescription = {
      format: 'pmtiles',
      tileType,
      tileSize: tileType === 'mvt' ? 512 : tileSizeOf(sample),
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: boundsOf([header.minLon, header.minLat, header.maxLon, header.maxLat]),
      attribution: textOf(meta?.['attribution']),
      ...(tileType === 'mvt' && { vectorLayers: vectorLayersOf(metadata) ?? [] }),
    };
    return { description, version, tile, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
