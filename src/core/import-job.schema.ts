import { z } from 'zod';

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
