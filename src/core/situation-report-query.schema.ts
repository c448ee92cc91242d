import { z } from 'zod';
import { fileAnswerSchema } from './api-contract.schema.js';
import { countryCodeSchema } from './countries.js';
import { boundingBoxSchema } from './incident-filter.schema.js';
import { isoDate } from './incident.schema.js';

/** A report covers at most this many years: its charts are by month, and a chart of centuries helps nobody. */
export const MAX_REPORT_YEARS = 30;

/**
 * What a situation report is about: one area — a country (ISO 3166-1 alpha-3) or a box (west,south,east,north) —
 * and a period. The same for the API's query string and the CLI's options.
 */
export const situationReportQuerySchema = z
  .object({
    country: countryCodeSchema.optional(),
    bbox: boundingBoxSchema.optional(),
    from: isoDate,
    to: isoDate,
  })
  .superRefine((query, ctx) => {
    if (query.country === undefined && query.bbox === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'give the area: a country (ISO 3166-1 alpha-3) or a bbox (west,south,east,north)' });
    }
    if (query.country !== undefined && query.bbox !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'give either a country or a bbox, not both' });
    }
    if (query.to < query.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${query.from})` });
    const years = (Date.parse(query.to) - Date.parse(query.from)) / (365.25 * 86_400_000);
    if (years > MAX_REPORT_YEARS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_YEARS} years` });
  });

export type SituationReportQuery = z.output<typeof situationReportQuerySchema>;

/** GET /reports/situation and /reports/situation.pdf: the report as a printable page, or printed. */
export const situationReportPageSchema = fileAnswerSchema('text/html', 'a printable, self-contained HTML page');
export const situationReportPdfSchema = fileAnswerSchema('application/pdf', 'the report as an A4 PDF');
