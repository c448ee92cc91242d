import { z } from 'zod';
import { fileAnswerSchema, idParamsSchema, queryFlagSchema } from './api-contract.schema.js';
import { columnMappingSchema } from './formats/column-mapping.js';
import { DATE_ORDERS } from './formats/dates.js';
import { IMPORT_FORMATS } from './formats/format-detection.js';
import { incidentFilterSchema } from './incident-filter.schema.js';

/** The import and export contract (POST /imports, /imports/preview, GET /imports…, GET /exports/incidents). */

/** Where an import stands: running, or finished one way or the other. */
export const IMPORT_JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** An import job as the API reports it (POST /imports, GET /imports, GET /imports/:id); `bytesRead` of `bytesTotal` is its progress. */
export const importJobSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** The format given or detected; null until the file has been recognised. */
  format: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  status: z.enum(IMPORT_JOB_STATUSES),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  bytesRead: z.number(),
  /** Null when the upload did not say its length. */
  bytesTotal: z.number().nullable(),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  /** Why a failed job failed, for the client to act on: `date_order_ambiguous` asks for dateOrder=dmy|mdy and a new upload. */
  errorCode: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.output<typeof importJobSchema>;

/**
 * What the server found in an upload before importing it (POST /imports/preview). A row's record stays open: a
 * preview shows the rows that would be rejected too, each with every problem (path: the file's column).
 */
export const importPreviewSchema = z.object({
  /** The format Haven recognises from the header; null: the file needs a column mapping. */
  recognised: z.string().nullable(),
  spreadsheet: z.object({ kind: z.string(), sheet: z.string(), sheets: z.array(z.string()) }).nullable(),
  columns: z.array(z.object({ name: z.string(), samples: z.array(z.string()) })),
  rows: z.array(z.object({ rowNumber: z.number(), record: z.record(z.string(), z.unknown()), issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })) })),
});
export type ImportPreview = z.output<typeof importPreviewSchema>;

/** A column mapping travels as JSON in the query (the body is the file itself). */
const mappingParamSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}, columnMappingSchema.optional());

/** POST /imports: how to read the uploaded file. */
export const importQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(300).default('upload'),
  sheet: z.string().trim().min(1).max(100).optional(),
  mapping: mappingParamSchema,
  format: z.enum(IMPORT_FORMATS).optional(),
  encoding: z.string().trim().max(40).optional(),
  dataset: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case data set name').max(100).optional(),
  strict: queryFlagSchema.default(false),
  /** How to read numeric dates such as 06/07/2014 when the file's own dates do not decide it (the job fails with date_order_ambiguous). */
  dateOrder: z.enum(DATE_ORDERS).optional(),
});
export type ImportQuery = z.input<typeof importQuerySchema>;

/** POST /imports/preview: the sheet, the mapping to try, and how many rows to show. */
export const importPreviewQuerySchema = z.object({ sheet: z.string().trim().min(1).max(100).optional(), mapping: mappingParamSchema, rows: z.coerce.number().int().min(1).max(200).default(20) });

export const importJobListSchema = z.array(importJobSchema);
export const importJobParamsSchema = idParamsSchema('an import job');
/** GET /imports/:id/rejections: every rejected row, one line per problem. */
export const importRejectionsFileSchema = fileAnswerSchema('text/csv', 'a CSV file of the rejected rows: row, field, reason');

/** The formats incidents export to, and what each is sent as. */
export const EXPORT_FORMATS = ['csv', 'geojson', 'hxl', 'ged'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, { type: string; extension: string }> = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  geojson: { type: 'application/geo+json', extension: 'geojson' },
  hxl: { type: 'text/csv; charset=utf-8', extension: 'hxl.csv' },
  ged: { type: 'text/csv; charset=utf-8', extension: 'ged.csv' },
};

/** GET /exports/incidents, streamed as a download in the format asked for. */
export const incidentExportFileSchema = fileAnswerSchema([...new Set(Object.values(EXPORT_MEDIA_TYPES).map((m) => m.type.split(';')[0]!))], 'the incidents as Haven CSV, GED-shaped CSV, HXL (CSV) or GeoJSON');

/** GET /exports/incidents: the incident filter, the format, and whether (and for what) sensitive details go with it. */
export const exportQuerySchema = incidentFilterSchema.and(
  z.object({
    format: z.enum(EXPORT_FORMATS).default('csv'),
    /** Sensitive details only when asked for, permitted (incident:export_sensitive) and within every person's consent. */
    includeSensitive: queryFlagSchema.default(false),
    purpose: z.string().max(100).optional(),
    recipient: z.string().max(100).optional(),
  }),
);
