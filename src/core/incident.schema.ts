import { z } from 'zod';
import { cursorPageSchema, idParamsSchema } from './api-contract.schema.js';
import { sortCasualties, sortCategories, sortThemes } from './canonical-order.js';
import { consentSchema } from './consent.js';
import { incidentConflictSchema, mergeReportSchema } from './incident-conflict.schema.js';
import { isCountryCode } from './countries.js';
import {
  ACTOR_ROLES,
  ACTOR_TYPES,
  AGE_GROUPS,
  CASUALTY_GROUPS,
  CASUALTY_KINDS,
  CATEGORIES,
  DATE_PRECISIONS,
  INFORMATION_CREDIBILITIES,
  LOCATION_PRECISIONS,
  PERSON_STATUSES,
  SEXES,
  SOURCE_RELIABILITIES,
  SOURCE_TYPES,
  THEMES,
  VIOLENCE_TYPES,
  themesOfCategory,
} from './taxonomy.js';
import { VERIFICATION_STATUSES } from './verification.js';

/**
 * The incident model. These schemas are the single source of validation for the API, the CLI, importers and the
 * web form; the OpenAPI document is generated from them.
 */

const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(10_000_000, 'is implausibly large');

export const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

/** low ≤ best ≤ high, each optional bound defaulting to best so uncertainty is never silently invented. */
const estimateShape = { low: count.optional(), best: count, high: count.optional() };

function checkEstimate(value: { low?: number | undefined; best: number; high?: number | undefined }, ctx: z.RefinementCtx): void {
  if (value.low !== undefined && value.low > value.best) {
    ctx.addIssue({ code: 'custom', path: ['low'], message: `low (${value.low}) must not exceed best (${value.best})` });
  }
  if (value.high !== undefined && value.high < value.best) {
    ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${value.high}) must not be below best (${value.best})` });
  }
}

const completeEstimate = <T extends { low?: number | undefined; best: number; high?: number | undefined }>(e: T) => ({
  ...e,
  low: e.low ?? e.best,
  high: e.high ?? e.best,
});

export const casualtyBreakdownSchema = z
  .object({ sex: z.enum(SEXES), ageGroup: z.enum(AGE_GROUPS), ...estimateShape })
  .superRefine(checkEstimate)
  .transform(completeEstimate);

export const casualtyCountSchema = z
  .object({
    kind: z.enum(CASUALTY_KINDS),
    status: z.enum(PERSON_STATUSES),
    /** Absent for the count of everyone; present, the count is the part of that count who belong to the group. */
    group: z.enum(CASUALTY_GROUPS).optional(),
    ...estimateShape,
    breakdown: z.array(casualtyBreakdownSchema).max(12).default([]),
  })
  .superRefine((value, ctx) => {
    checkEstimate(value, ctx);
    const seen = new Set<string>();
    let breakdownLow = 0;
    value.breakdown.forEach((part, index) => {
      const key = `${part.sex}/${part.ageGroup}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['breakdown', index], message: `${key} appears twice in the breakdown` });
      }
      seen.add(key);
      breakdownLow += part.low ?? part.best;
    });
    const high = value.high ?? value.best;
    if (breakdownLow > high) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakdown'],
        message: `the breakdown's low counts add up to ${breakdownLow}, more than the high total (${high})`,
      });
    }
  })
  .transform(completeEstimate);

export const actorSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(300),
  actorType: z.enum(ACTOR_TYPES),
  role: z.enum(ACTOR_ROLES),
});

export const sourceSchema = z.object({
  /** Short label unique within the incident (S1, S2 …); sensitive source identities refer to it. */
  ref: z.string().trim().min(1, 'is required').max(20),
  sourceType: z.enum(SOURCE_TYPES),
  /** What the source is, without identifying a person (e.g. "local radio report"). */
  description: z.string().trim().min(1, 'is required').max(1000),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).optional(),
  publishedOn: isoDate.optional(),
  reliability: z.enum(SOURCE_RELIABILITIES, { error: 'must be an Admiralty reliability A–F' }),
  credibility: z.literal(INFORMATION_CREDIBILITIES, { error: 'must be an Admiralty credibility 1–6' }),
});

/**
 * Sensitive personal data, kept apart from the rest of the incident so it can be encrypted at rest and redacted for
 * roles without clearance without touching anything else.
 */
export const sensitiveDetailsSchema = z.object({
  victims: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(300),
        sex: z.enum(SEXES).optional(),
        ageGroup: z.enum(AGE_GROUPS).optional(),
        notes: z.string().max(2000).optional(),
        consent: consentSchema,
      }),
    )
    .max(1000)
    .default([]),
  witnesses: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(300),
        contact: z.string().max(500).optional(),
        notes: z.string().max(2000).optional(),
        consent: consentSchema,
      }),
    )
    .max(1000)
    .default([]),
  sourceIdentities: z
    .array(
      z.object({
        sourceRef: z.string().trim().min(1).max(20),
        identity: z.string().trim().min(1).max(500),
        contact: z.string().max(500).optional(),
        consent: consentSchema,
      }),
    )
    .max(200)
    .default([]),
});

export const locationSchema = z.object({
  lat: z.number().min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90'),
  lon: z.number().min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180'),
  precision: z.enum(LOCATION_PRECISIONS),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-3 country code (e.g. NGA)'),
  admin1: z.string().trim().max(200).optional(),
  admin2: z.string().trim().max(200).optional(),
  placeName: z.string().trim().max(300).optional(),
});

export const originSchema = z
  .object({
    /** `manual` for records entered in Haven, otherwise the external data set (e.g. `ucdp-ged`, `acled`). */
    dataset: z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case data set name'),
    externalId: z.string().trim().min(1).max(200).optional(),
    /** The source's own classification of the event, as it names it (ACLED "Battles / Armed clash"). */
    eventType: z.string().trim().min(1).max(120).optional(),
  })
  .refine((o) => o.dataset === 'manual' || o.externalId !== undefined, {
    path: ['externalId'],
    message: 'is required for records from an external data set, so re-imports update instead of duplicating',
  });

const incidentFields = {
  title: z.string().trim().min(3, 'must be at least 3 characters').max(300, 'must be at most 300 characters'),
  narrative: z.string().max(20_000).default(''),
  dateEarliest: isoDate,
  dateLatest: isoDate,
  datePrecision: z.enum(DATE_PRECISIONS),
  location: locationSchema,
  // Bounded by the taxonomy: without a bound, 150,000 copies of one category were accepted and stored.
  themes: z.array(z.enum(THEMES)).max(THEMES.length).default([]),
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).default([]),
  violenceType: z.enum(VIOLENCE_TYPES).optional(),
  actors: z.array(actorSchema).max(100).default([]),
  casualties: z.array(casualtyCountSchema).max(40).default([]),
  sources: z.array(sourceSchema).max(200).default([]),
  sensitive: sensitiveDetailsSchema.default({ victims: [], witnesses: [], sourceIdentities: [] }),
  origin: originSchema.default({ dataset: 'manual' }),
  /** Exercise data is marked so it can never be mistaken for a real report. */
  exercise: z.boolean().default(false),
};

type IncidentDraft = z.infer<z.ZodObject<typeof incidentFields>>;

/** Kind, status and group identify a casualty count within an incident. */
export const casualtyKey = (c: { kind: string; status: string; group?: string | undefined }): string => `${c.kind}/${c.status}/${c.group ?? ''}`;
const casualtyLabel = (c: { kind: string; status: string; group?: string | undefined }): string =>
  c.group === undefined ? `${c.kind} ${c.status}` : `${c.kind} ${c.status} (${c.group.replace('_', ' ')}s)`;

/** Rules that span fields: every rejection names its field and says why. */
function checkIncident(value: IncidentDraft, ctx: z.RefinementCtx): void {
  if (value.dateLatest < value.dateEarliest) {
    ctx.addIssue({
      code: 'custom',
      path: ['dateLatest'],
      message: `latest possible date (${value.dateLatest}) is before the earliest (${value.dateEarliest})`,
    });
  }
  // Lethal armed violence among combatants may touch no human-security theme, but it still counts: it needs a type.
  if (value.themes.length === 0 && value.violenceType === undefined) {
    ctx.addIssue({ code: 'custom', path: ['themes'], message: 'choose at least one theme (or give the type of violence)' });
  }
  const themes = new Set(value.themes);
  if (themes.size !== value.themes.length) ctx.addIssue({ code: 'custom', path: ['themes'], message: 'a theme appears twice' });
  value.categories.forEach((category, index) => {
    const owners = themesOfCategory(category);
    if (!owners.some((t) => themes.has(t))) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories', index],
        message: `category ${category} belongs to ${owners.join(' or ')}, which is not among the incident's themes`,
      });
    }
  });
  const casualtyKeys = new Set<string>();
  value.casualties.forEach((c, index) => {
    const key = casualtyKey(c);
    if (casualtyKeys.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['casualties', index], message: `${casualtyLabel(c)} is counted twice` });
    }
    casualtyKeys.add(key);
  });
  // A group count is "of whom": it needs the count of everyone of its kind and status, and cannot exceed it.
  value.casualties.forEach((c, index) => {
    if (c.group === undefined) return;
    const whole = value.casualties.find((w) => w.group === undefined && w.kind === c.kind && w.status === c.status);
    if (!whole) {
      ctx.addIssue({
        code: 'custom',
        path: ['casualties', index, 'group'],
        message: `${casualtyLabel(c)} is a part of the ${c.kind} ${c.status} count, which is missing: record the ${c.kind} ${c.status} total too (at least ${c.best})`,
      });
      return;
    }
    for (const bound of ['low', 'best', 'high'] as const) {
      const part = c[bound] ?? c.best;
      const all = whole[bound] ?? whole.best;
      if (part > all) {
        ctx.addIssue({
          code: 'custom',
          path: ['casualties', index, bound],
          message: `${casualtyLabel(c)}: ${bound} (${part}) exceeds the ${bound} of all ${c.kind} ${c.status} (${all}); a group count is a part of that total, not an addition`,
        });
      }
    }
  });
  const refs = new Set<string>();
  value.sources.forEach((s, index) => {
    if (refs.has(s.ref)) ctx.addIssue({ code: 'custom', path: ['sources', index, 'ref'], message: `source ref ${s.ref} is used twice` });
    refs.add(s.ref);
  });
  value.sensitive.sourceIdentities.forEach((identity, index) => {
    if (!refs.has(identity.sourceRef)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sensitive', 'sourceIdentities', index, 'sourceRef'],
        message: `refers to source ${identity.sourceRef}, which the incident does not list`,
      });
    }
  });
}

function canonical<T extends IncidentDraft>(value: T): T {
  return { ...value, themes: sortThemes(value.themes), categories: sortCategories(value.categories), casualties: sortCasualties(value.casualties) };
}

/** What a user or an importer submits to record an incident. */
export const incidentInputSchema = z.object(incidentFields).superRefine(checkIncident).transform(canonical);
export type IncidentInput = z.input<typeof incidentInputSchema>;
export type IncidentData = z.output<typeof incidentInputSchema>;

/**
 * A new incident from a client that may send it twice (an outbox resending after a cut connection): the client names
 * the id, so the second arrival is recognised and does not record the incident again.
 */
export const incidentCreateSchema = z
  .object({ ...incidentFields, id: z.uuid('a client-chosen id must be a UUID').optional() })
  .superRefine(checkIncident)
  .transform(canonical);

/** An edit carries the version it was based on, so two analysts cannot silently overwrite each other. */
export const incidentUpdateSchema = z
  .object({ ...incidentFields, expectedVersion: z.number().int().min(1) })
  .superRefine(checkIncident)
  .transform(canonical);
export type IncidentUpdate = z.output<typeof incidentUpdateSchema>;

export const verificationChangeSchema = z.object({
  status: z.enum(VERIFICATION_STATUSES),
  reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(5000),
});
export type VerificationChange = z.input<typeof verificationChangeSchema>;

export type Estimate = { low: number; best: number; high: number };
export type CasualtyCount = z.output<typeof casualtyCountSchema>;
export type Source = z.output<typeof sourceSchema>;
export type Actor = z.output<typeof actorSchema>;
export type SensitiveDetails = z.output<typeof sensitiveDetailsSchema>;

export const estimateSchema = z.object({ low: z.number().int(), best: z.number().int(), high: z.number().int() });

const userStampSchema = z.object({ id: z.string(), username: z.string() });

export const verificationEventSchema = z.object({
  from: z.enum(VERIFICATION_STATUSES).nullable(),
  to: z.enum(VERIFICATION_STATUSES),
  reason: z.string(),
  by: userStampSchema,
  at: z.string(),
});

/** An incident as stored and returned. `sensitive` is absent where the reader lacks clearance. */
export const incidentSchema = z.object({
  id: z.uuid(),
  ...incidentFields,
  narrative: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  actors: z.array(actorSchema),
  casualties: z.array(
    z.object({
      kind: z.enum(CASUALTY_KINDS),
      status: z.enum(PERSON_STATUSES),
      group: z.enum(CASUALTY_GROUPS).optional(),
      low: z.number().int(),
      best: z.number().int(),
      high: z.number().int(),
      breakdown: z.array(
        z.object({ sex: z.enum(SEXES), ageGroup: z.enum(AGE_GROUPS), low: z.number().int(), best: z.number().int(), high: z.number().int() }),
      ),
    }),
  ),
  sources: z.array(sourceSchema),
  sensitive: sensitiveDetailsSchema.optional(),
  origin: z.object({ dataset: z.string(), externalId: z.string().optional(), eventType: z.string().optional() }),
  exercise: z.boolean(),
  verificationStatus: z.enum(VERIFICATION_STATUSES),
  killed: estimateSchema,
  injured: estimateSchema,
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: userStampSchema,
  updatedAt: z.string(),
  updatedBy: userStampSchema,
});
export type Incident = z.infer<typeof incidentSchema>;

/** One incident with its verification history and the conflicts flagged on it (open ones, oldest first). */
export const incidentDetailSchema = incidentSchema.extend({ verificationHistory: z.array(verificationEventSchema), conflicts: z.array(incidentConflictSchema) });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

/** PUT /incidents/:id: the incident as saved; `merge` when the edit was based on an older version and merged. */
export const incidentUpdateResultSchema = incidentDetailSchema.extend({ merge: mergeReportSchema.optional() });
export type IncidentUpdateResult = z.infer<typeof incidentUpdateResultSchema>;

/** An incident in a page of the register, with the number of open conflicts flagged on it. */
export const listedIncidentSchema = incidentSchema.extend({ openConflicts: z.number().int() });
export type ListedIncident = z.infer<typeof listedIncidentSchema>;

/** GET /incidents: a page of the register, newest first. */
export const incidentPageSchema = cursorPageSchema(listedIncidentSchema);
export type IncidentPage = z.output<typeof incidentPageSchema>;

/**
 * GET /incidents/summary: how many incidents a filter matches and the people killed in them (best estimates), and the
 * days they span (earliest start, latest end; null when none matches), so a view can default to where the data is.
 */
export const incidentSummarySchema = z.object({
  incidents: z.number().int(),
  killedBest: z.number().int(),
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
});
export type IncidentSummary = z.output<typeof incidentSummarySchema>;

export const incidentParamsSchema = idParamsSchema('an incident');
