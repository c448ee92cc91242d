import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { DomainError } from '../core/errors.js';
import type { MappedRow } from '../core/places/place-record.js';
import { mapSiteCsv, siteCsvMappingSchema } from '../core/places/site-csv.mapping.js';
import { mapSiteFeatures, siteGeojsonMappingSchema } from '../core/places/site-geojson.mapping.js';
import { mapSiteHxl } from '../core/places/site-hxl.mapping.js';
import { mapSitePreset, presetExternalIdColumn, SITE_PRESETS, type SitePreset } from '../core/places/site-presets.js';
import { SITE_CATEGORIES, SITE_STATUSES, type SiteData } from '../core/places/site.schema.js';
import { datasetNameSchema } from '../core/places/place-source.js';
import { mapUkraineCorridors, mapZoneFeatures } from '../core/places/zone-import.mapping.js';
import type { ZoneData } from '../core/places/zone.schema.js';
import { delimiterOf } from './record-source.js';
import { openTextInput } from './text-input.js';

export const SITE_IMPORT_FORMATS = ['csv', 'geojson', 'hxl'] as const;
export type SiteImportFormat = (typeof SITE_IMPORT_FORMATS)[number];
export const ZONE_IMPORT_FORMATS = ['geojson', 'corridors-csv'] as const;
export type ZoneImportFormat = (typeof ZONE_IMPORT_FORMATS)[number];
export const ZONE_PRESETS = ['ukraine-corridors-2022'] as const;

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

/** How a site file is to be read: a preset for a known list, or a format with an optional mapping. */
export const siteImportOptionsSchema = z
  .object({
    format: z.enum(SITE_IMPORT_FORMATS, { error: `must be one of ${SITE_IMPORT_FORMATS.join(', ')}` }).optional(),
    preset: z.enum(SITE_PRESETS, { error: `must be one of ${SITE_PRESETS.join(', ')}` }).optional(),
    /** JSON text: a column mapping for CSV (required), property or value mapping for GeoJSON and HXL (optional). */
    mapping: z.string().max(100_000).optional(),
    /** The data set of a GeoJSON or HXL file's sites (a CSV mapping names its own). */
    dataset: datasetNameSchema.optional(),
    encoding: z.string().trim().max(40).optional(),
  })
  .refine((o) => !(o.preset && o.format && o.format !== 'csv'), { message: 'a preset reads CSV; leave format out or say csv', path: ['format'] });
export type SiteImportOptions = z.output<typeof siteImportOptionsSchema>;

const hxlOptionsSchema = z.object({
  dataset: datasetNameSchema.optional(),
  category: z.enum(SITE_CATEGORIES).optional(),
  categoryValues: z.record(z.string(), z.enum(SITE_CATEGORIES)).optional(),
  statusValues: z.record(z.string(), z.enum(SITE_STATUSES)).optional(),
});

/** The format a file is in, from the options or its first character. */
function siteFormatOf(text: string, options: SiteImportOptions): SiteImportFormat {
  if (options.preset) return 'csv';
  if (options.format) return options.format;
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '{') return 'geojson';
  const rows = csvRowsOf(text.slice(0, 64 * 1024));
  if (rows.slice(0, 25).some((r) => r.filter((c) => /^#[a-z]/i.test(c.trim())).length >= Math.max(2, r.filter((c) => c.trim() !== '').length / 2))) return 'hxl';
  return 'csv';
}

/**
 * Reads a site file into mapped rows, with the field a duplicate external id is reported against; a file that cannot
 * be read at all is refused as a whole.
 */
export function mapSiteFile(text: string, options: SiteImportOptions): { format: SiteImportFormat; preset?: SitePreset; externalIdField: string; rows: MappedRow<SiteData>[] } {
  const format = siteFormatOf(text, options);
  if (options.preset) return { format, preset: options.preset, externalIdField: presetExternalIdColumn(options.preset), rows: mapSitePreset(options.preset, csvRowsOf(text)) };
  switch (format) {
    case 'csv': {
      if (!options.mapping) {
        throw new DomainError('validation_failed', `a CSV file of sites needs a column mapping (which column is the name, lat, lon, category …) or a preset (${SITE_PRESETS.join(', ')}); see docs/formats/sites.md`, [
          { path: 'mapping', code: 'required', message: 'give a column mapping or a preset' },
        ]);
      }
      const mapping = parseMappingJson(siteCsvMappingSchema, options.mapping, 'column mapping');
      return { format, externalIdField: mapping.columns.externalId ?? 'source.externalId', rows: mapSiteCsv(csvRowsOf(text), mapping) };
    }
    case 'geojson': {
      const mapping = options.mapping ? parseMappingJson(siteGeojsonMappingSchema, options.mapping, 'property mapping') : { properties: {} };
      const externalIdField = `properties.${mapping.properties.externalId ?? 'source.externalId'}`;
      return { format, externalIdField, rows: mapSiteFeatures(jsonOf(text), { ...mapping, ...(options.dataset && { dataset: options.dataset }) }) };
    }
    case 'hxl': {
      const mapping = options.mapping ? parseMappingJson(hxlOptionsSchema, options.mapping, 'HXL mapping') : {};
      return { format, externalIdField: '#loc+code', rows: mapSiteHxl(csvRowsOf(text), { ...mapping, dataset: options.dataset ?? mapping.dataset ?? 'hxl' }) };
    }
  }
}

export const zoneImportOptionsSchema = z.object({
  format: z.enum(ZONE_IMPORT_FORMATS, { error: `must be one of ${ZONE_IMPORT_FORMATS.join(', ')}` }).optional(),
  preset: z.enum(ZONE_PRESETS, { error: `must be one of ${ZONE_PRESETS.join(', ')}` }).optional(),
  dataset: datasetNameSchema.optional(),
  encoding: z.string().trim().max(40).optional(),
});
export type ZoneImportOptions = z.output<typeof zoneImportOptionsSchema>;

export function mapZoneFile(text: string, options: ZoneImportOptions): { format: ZoneImportFormat; rows: MappedRow<ZoneData>[] } {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  const format: ZoneImportFormat = options.preset ? 'corridors-csv' : (options.format ?? (first === '{' ? 'geojson' : 'corridors-csv'));
  if (format === 'geojson') return { format, rows: mapZoneFeatures(jsonOf(text), options.dataset) };
  return { format, rows: mapUkraineCorridors(csvRowsOf(text)) };
}
