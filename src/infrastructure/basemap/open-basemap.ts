import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { BasemapArchive } from '../../core/basemap.schema.js';
import { BasemapError } from './basemap-error.js';
import { openMbtiles } from './mbtiles-archive.js';
import { openPmtiles } from './pmtiles-archive.js';

export { BasemapError } from './basemap-error.js';

/**
 * Opens the operator's basemap (HAVEN_BASEMAP or `haven serve --basemap`) and checks it can be served: the file
 * exists and is readable, its extension is .pmtiles or .mbtiles, it is a valid archive of that kind, and its tiles are
 * PNG, JPEG, WebP or vector (MVT). Anything else is a BasemapError saying which, before the server starts.
 */
export async function openBasemap(file: string): Promise<BasemapArchive> {
  const path = resolve(file);
  const extension = extname(path).toLowerCase();
  if (extension !== '.pmtiles' && extension !== '.mbtiles') throw new BasemapError(path, `its extension is not .pmtiles or .mbtiles (${extension || 'none'})`);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new BasemapError(path, 'there is no such file');
  }
  if (!info.isFile()) throw new BasemapError(path, 'it is not a file');
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new BasemapError(path, 'it cannot be read (permissions)');
  }
  const version = `${info.size.toString(36)}.${Math.trunc(info.mtimeMs).toString(36)}`;
  return extension === '.pmtiles' ? openPmtiles(path, info.size, version) : openMbtiles(path, version);
}
