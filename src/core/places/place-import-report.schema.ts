import { z } from 'zod';
import { rejectedRowSchema, rejectionLineSchema } from '../rejected-row.schema.js';

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
