import { Readable, pipeline, type Duplex } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import Pick from 'stream-json/filters/Pick.js';
import Parser from 'stream-json/Parser.js';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { z } from 'zod';
import { DomainError } from '../core/errors.js';
import type { MappedRow, PlaceFileReading, RecordReader } from '../core/places/place-record.js';
import { siteCsvMappingSchema, siteCsvReader } from '../core/places/site-csv.mapping.js';
import { mapSiteFeature, siteGeojsonMappingSchema, type SiteGeojsonMapping } from '../core/places/site-geojson.mapping.js';
import { siteHxlReader } from '../core/places/site-hxl.mapping.js';
import { presetExternalIdColumn, SITE_PRESETS, sitePresetReader, type SitePreset } from '../core/places/site-presets.js';
import { SITE_CATEGORIES, SITE_STATUSES, type SiteData } from '../core/places/site.schema.js';
import {
  SITE_IMPORT_FORMATS,
  siteImportOptionsSchema,
  ZONE_IMPORT_FORMATS,
  zoneImportOptionsSchema,
  ZONE_PRESETS,
  type SiteImportFormat,
  type SiteImportOptions,
  type ZoneImportFormat,
  type ZoneImportOptions,
} from '../core/places/place-import-report.schema.js';
import { datasetNameSchema } from '../core/places/place-source.js';
import { mapUkraineCorridors, mapZoneFeatures } from '../core/places/zone-import.mapping.js';
import type { ZoneData } from '../core/places/zone.schema.js';
import { delimiterOf } from './record-source.js';
import { openTextInput, type TextInput } from './text-input.js';

// The import options are the places contract's (core/places/place-import-report.schema.ts); the command line names them from here.
export { SITE_IMPORT_FORMATS, siteImportOptionsSchema, ZONE_IMPORT_FORMATS, zoneImportOptionsSchema, ZONE_PRESETS };
export type { SiteImportFormat, SiteImportOptions, ZoneImportFormat, ZoneImportOptions };

/** The largest register file read at once (the UNESCO list is 2 MB). */
export const MAX_PLACE_FILE_BYTES = 50 * 1024 * 1024;

const fileError = (message: string, path = 'file') => new DomainError('validation_failed', message, [{ path, code: 'unreadable_file', message }]);

/**
 * A register file's text, decoded as incident imports decode theirs: gunzipped when gzip, UTF-8 with or without a
 * BOM, Windows-1252 when it is not UTF-8, or the encoding asked for.
 */
export async function readPlaceText(input: { path: string } | { bytes: Buffer }, encoding?: string): Promise<string> {
  let text = '';
  try {
    const source = 'path' in input ? await openTextInput(input.path, encoding ? { encoding } : {}) : await openTextInput('-', { stdin: Readable.from([input.bytes]), ...(encoding && { encoding }) });
    let size = 0;
    for await (const chunk of source.text) {
      size += chunk.length;
      if (size > MAX_PLACE_FILE_BYTES) throw fileError(`the file is larger than ${MAX_PLACE_FILE_BYTES / 1024 / 1024} MB; split it`);
      text += chunk;
    }
  } catch (error) {
    // A gzip stream cut short or corrupt fails inside zlib (Z_BUF_ERROR, Z_DATA_ERROR): that is the file's fault.
    if (isZlibError(error)) throw fileError(`the file looks gzipped but cannot be decompressed: ${error.message}`);
    throw error;
  }
  if (text.trim() === '') throw fileError('the file is empty');
  return text;
}

const isZlibError = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');

/** CSV text as rows of cells, read with the options of the incident importer (BOM, mixed line ends, ragged rows). */
export function csvRowsOf(text: string): string[][] {
  try {
    return parse(text, { delimiter: delimiterOf(text.slice(0, 64 * 1024)), record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, bom: true });
  } catch (error) {
    throw fileError(`the file is not readable CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fileError(`the file is not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A mapping given as JSON text (a query parameter, a file): parsed and checked, or refused with its fields. */
export function parseMappingJson<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DomainError('validation_failed', `the ${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`, [{ path: 'mapping', code: 'invalid_json', message: 'is not JSON' }]);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: ['mapping', ...i.path.map(String)].join('.'), code: i.code, message: i.message }));
  throw new DomainError('validation_failed', `the ${what} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}


const hxlOptionsSchema = z.object({
  dataset: datasetNameSchema.optional(),
  category: z.enum(SITE_CATEGORIES).optional(),
  categoryValues: z.record(z.string(), z.enum(SITE_CATEGORIES)).optional(),
  statusValues: z.record(z.string(), z.enum(SITE_STATUSES)).optional(),
});

/** How much of a site file is read before its format is judged. */
export const SITE_SAMPLE_CHARS = 64 * 1024;

/**
 * The complete records of a sample cut from a longer CSV file: the text up to the last line end that is outside
 * quotes. A quoted field (with "" for a quote) may hold line ends and be cut anywhere by the sample's end; the record
 * it belongs to is left out rather than read as an unclosed quote.
 */
export function completeRecordsOf(sample: string): string {
  let quoted = false;
  let end = -1;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) end = i;
  }
  return sample.slice(0, end + 1);
}

/** The format of a site file, from the options, its first character, or the hashtag row among its first records. */
export function siteFormatOf(sample: string, complete: boolean, options: SiteImportOptions): SiteImportFormat {
  if (options.preset) return 'csv';
  if (options.format) return options.format;
  const first = sample.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '{') return 'geojson';
  const rows = csvRowsOf(complete ? sample : completeRecordsOf(sample));
  if (rows.slice(0, 25).some((r) => r.filter((c) => /^#[a-z]/i.test(c.trim())).length >= Math.max(2, r.filter((c) => c.trim() !== '').length / 2))) return 'hxl';
  return 'csv';
}

/** A register file as given: a path (or - for standard input), the bytes of an upload, or text already decoded. */
export type PlaceInput = { path: string } | { bytes: Buffer } | { text: string };

/** A site file being read: what it was read as, and its mapped rows, one at a time. */
export interface SiteFileReading extends PlaceFileReading<SiteData> {
  format: SiteImportFormat;
  preset?: SitePreset;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function openPlaceInput(input: PlaceInput, encoding: string | undefined): Promise<{ text: TextInput['text']; bytesRead: TextInput['bytesRead']; size: number | undefined }> {
  if ('text' in input) return { text: once(input.text), bytesRead: () => input.text.length, size: input.text.length };
  if ('path' in input) return openTextInput(input.path, encoding ? { encoding } : {});
  const opened = await openTextInput('-', { stdin: Readable.from([input.bytes]), ...(encoding && { encoding }) });
  return { ...opened, size: input.bytes.length };
}

/** A gzip stream cut short or corrupt fails inside zlib (Z_BUF_ERROR, Z_DATA_ERROR): that is the file's fault. */
function gzipFault(error: unknown): unknown {
  return isZlibError(error) ? fileError(`the file looks gzipped but cannot be decompressed: ${error.message}`) : error;
}

/** Text chunks with the size limit and gzip failures said as the file's fault. */
async function* limited(text: AsyncIterable<string>): AsyncGenerator<string> {
  let size = 0;
  try {
    for await (const chunk of text) {
      size += chunk.length;
      if (size > MAX_PLACE_FILE_BYTES) throw fileError(`the file is larger than ${MAX_PLACE_FILE_BYTES / 1024 / 1024} MB; split it`);
      yield chunk;
    }
  } catch (error) {
    throw gzipFault(error);
  }
}

/** The first SITE_SAMPLE_CHARS of a text stream, and the whole stream again (sample first). */
async function sampled(text: AsyncIterable<string>): Promise<{ sample: string; complete: boolean; all: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  let sample = '';
  let complete = false;
  while (sample.length < SITE_SAMPLE_CHARS) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    sample += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    if (sample !== '') yield sample;
    if (complete) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { sample, complete, all: all() };
}

/** Streams joined, the first error of any of them reaching the reader of the last. */
function chain(source: Readable, ...transforms: Duplex[]): Readable {
  return pipeline(source, ...(transforms as [Duplex, ...Duplex[]]), () => undefined) as unknown as Readable;
}

async function* csvRecords(text: AsyncIterable<string>, head: string): AsyncGenerator<string[]> {
  const records = chain(Readable.from(text), parseStream({ delimiter: delimiterOf(head), record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, bom: true }));
  try {
    for await (const record of records as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const fault = gzipFault(error);
    if (fault instanceof DomainError) throw fault;
    throw fileError(`the file is not readable CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function* readerRows(records: AsyncIterable<string[]>, reader: RecordReader<SiteData>): AsyncGenerator<MappedRow<SiteData>> {
  let index = 0;
  for await (const record of records) {
    const step = reader.read(record, index++);
    if (step.mapped) yield step.mapped;
    if (step.stop) return;
  }
  const refusal = reader.end();
  if (refusal) yield refusal;
}

async function* featureRows(text: AsyncIterable<string>, mapping: SiteGeojsonMapping): AsyncGenerator<MappedRow<SiteData>> {
  const features = chain(Readable.from(text), Parser.make(), Pick.make({ filter: 'features' }), StreamArray.make()) as AsyncIterable<{ key: number; value: unknown }>;
  let seen = 0;
  try {
    for await (const { key, value } of features) {
      seen++;
      yield mapSiteFeature(key + 1, value, mapping);
    }
  } catch (error) {
    const fault = gzipFault(error);
    if (fault instanceof DomainError) throw fault;
    throw fileError(`the file is not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (seen === 0) yield { row: 0, ok: false, rejections: [{ row: 0, field: 'type', message: 'no features: expected a GeoJSON FeatureCollection with a "features" array' }] };
}

/**
 * Opens a site file and reads it as a stream of mapped rows: the format is judged on the first SITE_SAMPLE_CHARS
 * (only its complete records), then the file is read record by record, never whole. A file that cannot be read at
 * all is refused as a whole; one that breaks off later fails there, after the rows before it.
 */
export async function readSiteFile(input: PlaceInput, options: SiteImportOptions): Promise<SiteFileReading> {
  let opened: Awaited<ReturnType<typeof openPlaceInput>>;
  try {
    opened = await openPlaceInput(input, options.encoding);
  } catch (error) {
    throw gzipFault(error);
  }
  const { sample, complete, all } = await sampled(limited(opened.text));
  if (complete && sample.trim() === '') throw fileError('the file is empty');
  const format = siteFormatOf(sample, complete, options);
  const reading = { format, bytesRead: opened.bytesRead, size: opened.size };
  if (options.preset) return { ...reading, preset: options.preset, externalIdField: presetExternalIdColumn(options.preset), rows: readerRows(csvRecords(all, sample), sitePresetReader(options.preset)) };
  switch (format) {
    case 'csv': {
      if (!options.mapping) {
        throw new DomainError('validation_failed', `a CSV file of sites needs a column mapping (which column is the name, lat, lon, category …) or a preset (${SITE_PRESETS.join(', ')}); see docs/formats/sites.md`, [
          { path: 'mapping', code: 'required', message: 'give a column mapping or a preset' },
        ]);
      }
      const mapping = parseMappingJson(siteCsvMappingSchema, options.mapping, 'column mapping');
      return { ...reading, externalIdField: mapping.columns.externalId ?? 'source.externalId', rows: readerRows(csvRecords(all, sample), siteCsvReader(mapping)) };
    }
    case 'geojson': {
      const mapping = options.mapping ? parseMappingJson(siteGeojsonMappingSchema, options.mapping, 'property mapping') : { properties: {} };
      const externalIdField = `properties.${mapping.properties.externalId ?? 'source.externalId'}`;
      return { ...reading, externalIdField, rows: featureRows(all, { ...mapping, ...(options.dataset && { dataset: options.dataset }) }) };
    }
    case 'hxl': {
      const mapping = options.mapping ? parseMappingJson(hxlOptionsSchema, options.mapping, 'HXL mapping') : {};
      return { ...reading, externalIdField: '#loc+code', rows: readerRows(csvRecords(all, sample), siteHxlReader({ ...mapping, dataset: options.dataset ?? mapping.dataset ?? 'hxl' })) };
    }
  }
}

/** Every mapped row of a site file held in memory (tests, small files). */
export async function mapSiteFile(text: string, options: SiteImportOptions): Promise<{ format: SiteImportFormat; preset?: SitePreset; externalIdField: string; rows: MappedRow<SiteData>[] }> {
  const { rows, bytesRead: _b, size: _s, ...reading } = await readSiteFile({ text }, options);
  const mapped: MappedRow<SiteData>[] = [];
  for await (const row of rows) mapped.push(row);
  return { ...reading, rows: mapped };
}


export function mapZoneFile(text: string, options: ZoneImportOptions): { format: ZoneImportFormat; rows: MappedRow<ZoneData>[] } {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  const format: ZoneImportFormat = options.preset ? 'corridors-csv' : (options.format ?? (first === '{' ? 'geojson' : 'corridors-csv'));
  if (format === 'geojson') return { format, rows: mapZoneFeatures(jsonOf(text), options.dataset) };
  return { format, rows: mapUkraineCorridors(csvRowsOf(text)) };
}
