import { z } from 'zod';
import { rejectedRowSchema, rejectionLineSchema } from '../rejected-row.schema.js';
import { datasetNameSchema } from './place-source.js';
import { SITE_PRESETS } from './site-presets.js';

/** One issue of a rejected row: the row as a user sees it in the file, the field or column at fault, and why. */
export const placeRejectionSchema = rejectionLineSchema;

/** What a register import did (POST /zones/imports): counts, and every rejected row with the field and the reason. */
export const placeImportReportSchema = z.object({
  format: z.string(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejectedRows: z.number().describe('rows rejected (each listed in `rejected` with one entry per issue)'),
  /** One entry per issue, so a row may appear more than once (the form older clients read). */
  rejected: z.array(placeRejectionSchema),
  /** Every rejected row with all its issues, the shape every import reports its rejections in. */
  rejections: z.array(rejectedRowSchema),
});
export type PlaceImportReport = z.output<typeof placeImportReportSchema>;

/** What a site import did (POST /sites/imports): the counts, the preset it was read with, and the names it composed. */
export const siteImportReportSchema = placeImportReportSchema.extend({
  preset: z.string().optional(),
  namesComposed: z.number().describe('unnamed sites given a name from their type and place'),
});
export type SiteImportReport = z.output<typeof siteImportReportSchema>;

// How a register file is to be read (POST /sites/imports, POST /zones/imports, haven sites|zones import).
export const SITE_IMPORT_FORMATS = ['csv', 'geojson', 'hxl'] as const;
export type SiteImportFormat = (typeof SITE_IMPORT_FORMATS)[number];
export const ZONE_IMPORT_FORMATS = ['geojson', 'corridors-csv'] as const;
export type ZoneImportFormat = (typeof ZONE_IMPORT_FORMATS)[number];
export const ZONE_PRESETS = ['ukraine-corridors-2022'] as const;

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

export const zoneImportOptionsSchema = z.object({
  format: z.enum(ZONE_IMPORT_FORMATS, { error: `must be one of ${ZONE_IMPORT_FORMATS.join(', ')}` }).optional(),
  preset: z.enum(ZONE_PRESETS, { error: `must be one of ${ZONE_PRESETS.join(', ')}` }).optional(),
  dataset: datasetNameSchema.optional(),
  encoding: z.string().trim().max(40).optional(),
});
export type ZoneImportOptions = z.output<typeof zoneImportOptionsSchema>;
