import { z } from 'zod';
import { countedPageSchema, idParamsSchema } from '../api-contract.schema.js';
import { COMMITMENT_CODES } from './detection-inputs.js';
import { DETECTION_GRADES } from './site-proximity.js';

/**
 * A detection: something the monitoring found in the incidents that an analyst should look at, linked to those
 * incidents and to the site, zone or agreement concerned. Its key makes detection idempotent: running it again
 * over the same incidents finds the same keys and adds nothing.
 */
export const DETECTION_KINDS = ['protected_site', 'humanitarian_space', 'ceasefire_violation', 'escalation'] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];

export const DETECTION_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type DetectionStatus = (typeof DETECTION_STATUSES)[number];

export const DETECTION_KIND_LABELS: Record<DetectionKind, string> = {
  protected_site: 'Attack on or near a protected site',
  humanitarian_space: 'Incident in a corridor or safe haven',
  ceasefire_violation: 'Ceasefire violation',
  escalation: 'Escalation',
};

const userStampSchema = z.object({ id: z.string(), username: z.string() });

export const detectionReviewSchema = z.object({ by: userStampSchema, at: z.string(), reason: z.string() });

/** Words of an incident's text that tied it to a site, with the passage around them for highlighting. */
export const textEvidenceSchema = z.object({
  field: z.enum(['title', 'narrative', 'source']),
  matched: z.string(),
  /** Up to ~160 characters of the passage around the words; `start`/`end` are offsets into it. */
  excerpt: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export type TextEvidence = z.infer<typeof textEvidenceSchema>;

/** Why an incident was tied to a protected site: what a reviewer reads before deciding. */
export const siteDetectionEvidenceSchema = z.object({
  /** The site as it was when detected. */
  site: z.object({ name: z.string(), category: z.string() }),
  basis: z.enum(['evidence', 'violence_nearby']),
  /** The incident's coding speaks of harm to this kind of site. */
  coded: z.boolean(),
  /** The incident's text names this kind of site. */
  text: z.array(textEvidenceSchema),
  /** The incident's text names this very site. */
  named: textEvidenceSchema.optional(),
  /** Violence in the vicinity of works containing dangerous forces (AP I art. 56). */
  vicinity: z.boolean(),
  distanceKm: z.number(),
  /** The site's alert distance plus its own extent. */
  reachKm: z.number(),
  /** How far from its point the incident may have happened. */
  uncertaintyKm: z.number(),
  /** The settlement whose gazetteer point the incident's point is. */
  settlement: z
    .object({
      radiusKm: z.number(),
      because: z.enum(['place_name', 'shared_point', 'data_set']),
      kind: z.enum(['city', 'town', 'village']).optional(),
      sharedBy: z.number().int().optional(),
    })
    .optional(),
  identified: z.enum(['named', 'only_one_in_reach', 'only_one_within_alert_distance']).optional(),
  /** Sites of this kind tied to the incident, and this one's rank among them (1 = most likely). */
  inReach: z.number().int(),
  rank: z.number().int(),
  /** The same in plain sentences, strongest first. */
  reasons: z.array(z.string()),
});
export type SiteDetectionEvidence = z.infer<typeof siteDetectionEvidenceSchema>;

export const detectionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(DETECTION_KINDS),
  key: z.string(),
  grade: z.enum(DETECTION_GRADES).optional(),
  incidentIds: z.array(z.uuid()),
  siteId: z.string().optional(),
  zoneId: z.string().optional(),
  agreementId: z.string().optional(),
  party: z.string().optional(),
  commitment: z.enum(COMMITMENT_CODES).optional(),
  distanceKm: z.number().optional(),
  summary: z.string(),
  /** For a protected-site detection: the evidence it rests on. */
  evidence: siteDetectionEvidenceSchema.optional(),
  detectedAt: z.string(),
  status: z.enum(DETECTION_STATUSES),
  review: detectionReviewSchema.optional(),
  /** The span of the incidents' dates. */
  dateEarliest: z.string().optional(),
  dateLatest: z.string().optional(),
  /**
   * When a later run over its incident no longer found it (the incident was edited, or the site, zone or agreement
   * changed). The detection and its review stay on record; it is listed only when asked for.
   */
  lapsedAt: z.string().optional(),
});
export type Detection = z.infer<typeof detectionSchema>;
/** GET /detections: a page of detections, and how many the filter matches. */
export const detectionPageSchema = countedPageSchema(detectionSchema);
export type DetectionPage = z.output<typeof detectionPageSchema>;
export const detectionParamsSchema = idParamsSchema('a detection');

/** What detection finds; the store gives it an id, a time and a status. */
export type DetectionCandidate = Omit<Detection, 'id' | 'detectedAt' | 'status' | 'review' | 'dateEarliest' | 'dateLatest' | 'lapsedAt'>;

/** A finding with the dates of its incidents, as the store keeps it. */
export type DatedDetectionCandidate = DetectionCandidate & { dateEarliest: string; dateLatest: string };

const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .or(z.boolean());

/** The fields of GET /detections' filter, for the queries that take the same filter (groups, bulk review). */
export const detectionFilterFields = z.object({
  kind: z.enum(DETECTION_KINDS).optional().describe('protected_site, humanitarian_space, ceasefire_violation or escalation'),
  status: z.enum(DETECTION_STATUSES).optional().describe('open, confirmed or dismissed'),
  grade: z.enum(DETECTION_GRADES).optional().describe('probable or possible'),
  /** Detections whose incidents' dates overlap [from, to]. */
  from: isoDate.optional().describe("incidents' dates overlap from this day (YYYY-MM-DD)"),
  to: isoDate.optional().describe('up to this day'),
  siteId: z.string().max(100).optional(),
  zoneId: z.string().max(100).optional(),
  agreementId: z.string().max(100).optional(),
  incidentId: z.uuid().optional(),
  /** Detections with at least one incident in this country (ISO 3166-1 alpha-3). */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 country code (e.g. MMR)')
    .optional()
    .describe('with an incident in this country'),
  includeLapsed: flag.default(false).describe('also those a later run no longer found'),
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('at most this many (1–1000)'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('skip this many'),
});

export const detectionFilterSchema = detectionFilterFields.refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type DetectionFilter = z.output<typeof detectionFilterSchema>;
/** GET /detections' query as a client sends it (defaults left to the server). */
export type DetectionFilterInput = z.input<typeof detectionFilterSchema>;

export const detectionRunSchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'must not be before from' });
export type DetectionRunRequest = z.output<typeof detectionRunSchema>;

/** What a detection run found and did (POST /detections/runs, haven detect run); the period it covered, if it was given one. */
export const detectionRunReportSchema = z.object({
  incidents: z.number(),
  found: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  lapsed: z.number(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type DetectionRunReport = z.output<typeof detectionRunReportSchema>;
export type DetectionCounts = Omit<DetectionRunReport, 'from' | 'to'>;

export const detectionDecisionSchema = z.object({
  decision: z.enum(['confirm', 'dismiss']),
  reason: z.string().trim().min(3, 'say why, in at least 3 characters').max(5000, 'must be at most 5000 characters'),
});
export type DetectionDecision = z.infer<typeof detectionDecisionSchema>;

export const detectionKeys = {
  protectedSite: (incidentId: string, siteId: string) => `protected_site:${incidentId}:${siteId}`,
  humanitarianSpace: (incidentId: string, zoneId: string) => `humanitarian_space:${incidentId}:${zoneId}`,
  ceasefireViolation: (incidentId: string, agreementId: string, normalisedParty: string, commitment: string) =>
    `ceasefire_violation:${incidentId}:${agreementId}:${normalisedParty}:${commitment}`,
};
