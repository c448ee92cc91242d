/**
 * Basemap archives for the tests: a PNG of one colour (encoded here, with zlib) and MBTiles files holding such tiles,
 * written with better-sqlite3 as tilemaker or TileMill would (metadata and tiles tables, rows counted from the south).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import Sqlite from 'better-sqlite3';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of `size` × `size` pixels, all of one opaque colour (8-bit RGB). */
export function solidPng(rgb: readonly [number, number, number], size = 256): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method, no interlace
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

export interface MbtilesTile {
  z: number;
  x: number;
  /** XYZ, from the north; stored as the TMS row 2^z − 1 − y. */
  y: number;
  data: Buffer;
}

/** Writes an MBTiles file with the given metadata rows and tiles. */
export function writeMbtiles(path: string, metadata: Record<string, string>, tiles: readonly MbtilesTile[]): void {
  const db = new Sqlite(path);
  try {
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    for (const [name, value] of Object.entries(metadata)) meta.run(name, value);
    const tile = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    for (const t of tiles) tile.run(t.z, t.x, 2 ** t.z - 1 - t.y, t.data);
  } finally {
    db.close();
  }
}

/** The bounds (west, south, east, north) of the XYZ tile z/x/y. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

/** A temporary folder for archives, and how to remove it. */
export function basemapFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'haven-basemap-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
