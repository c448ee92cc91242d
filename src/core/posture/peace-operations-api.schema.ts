import { z } from 'zod';
import { releaseChangeCounts } from '../spending/spending-api.schema.js';
import { PRESENCE_KINDS } from './peace-operations.js';

/** The contract of /posture/peace-operations/…: UN peace operations' deployments from Geo-PKO, and their import. */

const year = z.coerce.number().int().min(1945).max(2100);

export const peaceOperationMissionsSchema = z.object({
  /** The release held, as the importer named it; null when nothing is held. */
  release: z.string().nullable(),
  items: z.array(
    z.object({
      mission: z.string(),
      countries: z.array(z.string()),
      countryCodes: z.array(z.string()),
      firstYear: z.number().int(),
      lastYear: z.number().int(),
      years: z.number().int(),
      locations: z.number().int(),
    }),
  ),
});
export type PeaceOperationMissions = z.output<typeof peaceOperationMissionsSchema>;

export const peaceOperationSeriesParamsSchema = z.object({ mission: z.string().trim().min(1).max(200) });

export const peaceOperationSeriesQuerySchema = z
  .object({ from: year.optional(), to: year.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, { path: ['to'], message: 'is before from' });
export type PeaceOperationSeriesQuery = z.input<typeof peaceOperationSeriesQuerySchema>;

const count = z.number().int().nonnegative();

export const peaceOperationYearSchema = z.object({
  year: z.number().int(),
  locations: count,
  countries: z.array(z.string()),
  troops: z.object({ total: count, infantry: count, reserve: count, other: count, typeUnknown: count }),
  locationsWithoutTroopFigure: count,
  locationsWithTroopTypesAboveTotal: count,
  locationsWith: z.record(z.enum(PRESENCE_KINDS), count),
  protectiveLocations: count,
  protectiveShare: z.number().min(0).max(1),
  infantryShare: z.number().min(0).max(1).nullable(),
});

export const peaceOperationSeriesSchema = z.object({
  mission: z.string(),
  release: z.string().nullable(),
  years: z.array(peaceOperationYearSchema),
  /** Years between the first and the last with no deployment map in Geo-PKO: gaps, not years without peacekeepers. */
  missingYears: z.array(z.number().int()),
});
export type PeaceOperationSeries = z.output<typeof peaceOperationSeriesSchema>;

export const peaceOperationImportReportSchema = z.object({
  release: z.string(),
  /** Data rows read from the file (a place appears once per distinct map figure of its year). */
  rows: z.number().int(),
  /** Place-years the rows were brought together into: what is stored. */
  locationYears: z.number().int(),
  missions: z.number().int(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  ...releaseChangeCounts,
  /** Country names the file uses that name no single country (kept as written, without an ISO code). */
  countriesWithoutCode: z.array(z.string()),
});
export type PeaceOperationImportReport = z.output<typeof peaceOperationImportReportSchema>;

/** POST /posture/peace-operations/imports: the file is the body (CSV); the release's name and the encoding as options. */
export const peaceOperationImportOptionsSchema = z.object({
  release: z.string().trim().min(1).max(200).optional(),
  encoding: z.string().trim().min(1).max(40).optional(),
});
