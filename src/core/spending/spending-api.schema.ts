import { z } from 'zod';
import { MILEX_FLAGS, MILEX_MEASURES } from './military-expenditure.js';
import { conversionCostSchema, PROGRAMME_CLASSES, rebalancingScenarioSchema } from './rebalancing.js';

/** The contract of /spending/…: military expenditure series, totals and the import of a release. */

const year = z.coerce.number().int().min(1900).max(2200);
/** A list given comma-separated (`?entities=NGA,TCD`) or repeated (`?entities=NGA&entities=TCD`). */
const listOf = (item: z.ZodString) => z.preprocess((value) => (typeof value === 'string' ? splitEntityList(value) : value), z.array(item));

/**
 * A comma-separated list of codes or names. A comma followed by a space belongs to a name (SIPRI's "Congo, DR",
 * "Yemen, North"), so only a bare comma separates: `NGA,Yemen, North,TCD` is three entities.
 */
export const splitEntityList = (text: string): string[] => text.split(/,(?!\s)/).map((part) => part.trim()).filter(Boolean);

export const milexSeriesQuerySchema = z
  .object({
    /** ISO 3166-1 alpha-3 codes or SIPRI's names (a former state such as "USSR" has no code). */
    entities: listOf(z.string().trim().min(1).max(100)).pipe(z.array(z.string()).min(1, 'name at least one country').max(40)),
    measure: z.enum(MILEX_MEASURES),
    from: year,
    to: year,
  })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'is before from' });
export type MilexSeriesQuery = z.input<typeof milexSeriesQuerySchema>;

export const milexTotalsQuerySchema = z
  .object({
    measure: z.enum(['constantUsdM', 'currentUsdM']),
    grouping: z.enum(['world', 'region', 'subregion']),
    from: year,
    to: year,
  })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'is before from' });
export type MilexTotalsQuery = z.input<typeof milexTotalsQuerySchema>;

const flags = z.array(z.enum(MILEX_FLAGS));

export const milexSeriesAnswerSchema = z.object({
  /** The year whose prices the constant series is in; null when nothing is held. */
  priceBaseYear: z.number().int().nullable(),
  series: z.array(
    z.object({
      entity: z.string(),
      country: z.string().nullable(),
      measure: z.enum(MILEX_MEASURES),
      points: z.array(z.object({ year: z.number().int(), value: z.number().nullable(), flags })),
    }),
  ),
});
export type MilexSeriesAnswer = z.output<typeof milexSeriesAnswerSchema>;

export const milexTotalsAnswerSchema = z.object({
  priceBaseYear: z.number().int().nullable(),
  totals: z.array(
    z.object({
      group: z.string(),
      year: z.number().int(),
      /** Null when no state of the group has a figure that year. */
      total: z.number().nullable(),
      counted: z.number().int(),
      missing: z.array(z.string()),
      estimated: z.number().int(),
    }),
  ),
});
export type MilexTotalsAnswer = z.output<typeof milexTotalsAnswerSchema>;

/** What a new release did to the one held: the same four counts for every release-replacing import. */
export const releaseChangeCounts = {
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
};

export const milexImportReportSchema = z.object({
  release: z.string(),
  /** What was sent: SIPRI's long table (CSV) or its workbook (.xlsx), told apart by the file's first bytes. */
  format: z.enum(['csv', 'xlsx']),
  priceBaseYear: z.number().int(),
  rows: z.number().int(),
  entities: z.number().int(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  ...releaseChangeCounts,
  /** Rows without figures left out: region headings (and, in a workbook, notes under a table), by sheet in a workbook. */
  skipped: z.array(z.object({ sheet: z.string().optional(), rowNumber: z.number().int(), reason: z.string() })),
  /** A workbook's measure sheets as read: where each one's header was, how many entities and which years it has. */
  sheets: z
    .array(z.object({ sheet: z.string(), measure: z.enum(MILEX_MEASURES), headerRow: z.number().int(), entities: z.number().int(), firstYear: z.number().int(), lastYear: z.number().int() }))
    .optional(),
});
export type MilexImportReport = z.output<typeof milexImportReportSchema>;

/** POST /spending/milex/imports: the file is the body (CSV); the release's name and the file's encoding as options. */
export const milexImportOptionsSchema = z.object({
  release: z.string().trim().min(1).max(200).optional(),
  encoding: z.string().trim().min(1).max(40).optional(),
});

/** The countries, former states and bodies held, and the years each covers. */
export const milexEntityListSchema = z.object({
  items: z.array(
    z.object({
      entity: z.string(),
      country: z.string().nullable(),
      kind: z.string(),
      region: z.string().nullable(),
      subregion: z.string().nullable(),
      firstYear: z.number().int(),
      lastYear: z.number().int(),
    }),
  ),
});
export type MilexEntityList = z.output<typeof milexEntityListSchema>;

const byClass = z.record(z.enum(PROGRAMME_CLASSES), z.number());

/** POST /spending/scenarios/compare: two or more scenarios (one is allowed: a projection), projected side by side. */
export const scenarioComparisonRequestSchema = z.object({ scenarios: z.array(rebalancingScenarioSchema).min(1, 'give at least one scenario').max(6) });

export const scenarioComparisonSchema = z.object({
  scenarios: z.array(
    z.object({
      name: z.string(),
      years: z.array(
        z.object({
          year: z.number().int(),
          byClass,
          shares: byClass,
          programmeM: z.number(),
          conversion: z.array(conversionCostSchema),
          conversionM: z.number(),
          totalM: z.number(),
          gdpM: z.number().nullable(),
          shareOfGdp: z.number().nullable(),
        }),
      ),
      cumulativeM: z.number(),
      cumulativeConversionM: z.number(),
      finalProtectiveShare: z.number(),
      finalOffensiveShare: z.number(),
    }),
  ),
});
export type ScenarioComparison = z.output<typeof scenarioComparisonSchema>;

/** GET /spending/arms-companies: one year's Top 100 (the latest held when no year is asked), for one country or all. */
export const armsCompaniesQuerySchema = z.object({
  year: year.optional(),
  /** An ISO alpha-3 code or the country as SIPRI names it ("Trans-European"). */
  country: z.string().trim().min(1).max(100).optional(),
});
export type ArmsCompaniesQuery = z.input<typeof armsCompaniesQuerySchema>;

const armsCompanySchema = z.object({
  rank: z.number().int(),
  rankPrevious: z.number().int().nullable(),
  company: z.string(),
  notes: z.array(z.string()),
  country: z.string(),
  countryCode: z.string().nullable(),
  armsRevenueUsdM: z.number(),
  armsRevenuePreviousUsdM: z.number().nullable(),
  totalRevenueUsdM: z.number().nullable(),
  /** Arms revenue over the company's total revenue (a fraction); null where SIPRI gives no total. */
  armsShareOfTotal: z.number().nullable(),
  armsRevenuePreviousConstantUsdM: z.number().nullable(),
  /** The company's arms revenue over the combined arms revenue of every company listed that year. */
  shareOfListTotal: z.number(),
});

export const armsCompaniesAnswerSchema = z.object({
  /** The year answered; null when no list is held. */
  year: z.number().int().nullable(),
  /** Every year a list is held for, latest first. */
  yearsHeld: z.array(z.number().int()),
  release: z.string().nullable(),
  /** The combined arms revenue of every company listed that year (US$ m). */
  listTotalUsdM: z.number().nullable(),
  listed: z.number().int(),
  /** The countries of that year's list: how many companies each has and their combined arms revenue. */
  countries: z.array(z.object({ country: z.string(), countryCode: z.string().nullable(), companies: z.number().int(), armsRevenueUsdM: z.number(), shareOfListTotal: z.number() })),
  /** The companies asked for (the country's, or all), by rank. */
  companies: z.array(armsCompanySchema),
});
export type ArmsCompaniesAnswer = z.output<typeof armsCompaniesAnswerSchema>;

export const armsCompaniesImportReportSchema = z.object({
  release: z.string(),
  year: z.number().int(),
  companies: z.number().int(),
  countries: z.number().int(),
  ...releaseChangeCounts,
  countriesWithoutCode: z.array(z.string()),
});
export type ArmsCompaniesImportReport = z.output<typeof armsCompaniesImportReportSchema>;

/** POST /spending/arms-companies/imports: the file is the body (CSV). */
export const armsCompaniesImportOptionsSchema = milexImportOptionsSchema;
