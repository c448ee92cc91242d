import { z } from 'zod';
import { DETECTION_STATUSES, detectionDecisionSchema, detectionFilterFields, type DetectionStatus } from './detection.js';

/**
 * Reviewing detections at scale: the queue grouped by site or by incident, with counts per status, and one decision
 * with one reason over many detections at once.
 */

export const DETECTION_GROUPINGS = ['site', 'incident'] as const;
export type DetectionGrouping = (typeof DETECTION_GROUPINGS)[number];

/** At most this many detections are decided in one bulk review (one transaction). */
export const BULK_REVIEW_LIMIT = 1000;

const period = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || f.from <= f.to;
const periodIssue = { path: ['to'], message: 'must not be before from' };

/** The filter of GET /detections without its page: what a group query or a bulk review by filter matches. */
const matchFields = detectionFilterFields.omit({ limit: true, offset: true });

/** GET /detections/groups: the detections the filter matches, grouped; a page of groups, the largest open count first. */
export const detectionGroupQuerySchema = matchFields
  .extend({
    by: z.enum(DETECTION_GROUPINGS).describe('site (protected-site detections, per site) or incident (per incident the reader may see)'),
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('at most this many groups (1–500)'),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('skip this many groups'),
  })
  .refine(period, periodIssue);
export type DetectionGroupQuery = z.output<typeof detectionGroupQuerySchema>;
export type DetectionGroupQueryInput = z.input<typeof detectionGroupQuerySchema>;

export const detectionStatusCountsSchema = z.object(Object.fromEntries(DETECTION_STATUSES.map((s) => [s, z.number().int()])) as Record<DetectionStatus, z.ZodNumber>);
export type DetectionStatusCounts = z.output<typeof detectionStatusCountsSchema>;

export const detectionGroupSchema = z.object({
  /** `site:<id>` or `incident:<id>`. */
  key: z.string(),
  by: z.enum(DETECTION_GROUPINGS),
  /** The site's id, or the incident's: the value of the `siteId` or `incidentId` filter that lists the group. */
  id: z.string(),
  /** The site's name, or the incident's title and date. */
  label: z.string(),
  counts: detectionStatusCountsSchema,
  total: z.number().int(),
});
export type DetectionGroup = z.output<typeof detectionGroupSchema>;

/** A page of groups, and how many groups the filter makes. */
export const detectionGroupPageSchema = z.object({ items: z.array(detectionGroupSchema), total: z.number().int() });
export type DetectionGroupPage = z.output<typeof detectionGroupPageSchema>;

/** One field in the label of an incident's group: its title, and the day it happened (or began). */
export const incidentGroupLabel = (title: string, dateEarliest: string, dateLatest: string): string =>
  `${title} (${dateEarliest === dateLatest ? dateEarliest : `${dateEarliest} to ${dateLatest}`})`;

export const groupKey = (by: DetectionGrouping, id: string): string => `${by}:${id}`;

/**
 * POST /detections/review: one decision and one reason for the detections named by id, or for those a filter matches.
 * All or nothing: an id the reader cannot see (or that does not exist) fails the whole request. Detections already
 * confirmed or dismissed are skipped, not re-decided: a bulk decision never overwrites one taken detection by detection
 * (a single review replaces a decision deliberately).
 */
export const detectionBulkReviewSchema = detectionDecisionSchema
  .extend({
    ids: z
      .array(z.uuid())
      .min(1, 'name at least one detection')
      .max(BULK_REVIEW_LIMIT, `at most ${BULK_REVIEW_LIMIT} detections at once`)
      .optional()
      .describe(`the detections to decide (at most ${BULK_REVIEW_LIMIT})`),
    filter: matchFields.refine(period, periodIssue).optional().describe(`or those this filter matches (at most ${BULK_REVIEW_LIMIT})`),
  })
  .refine((r) => (r.ids === undefined) !== (r.filter === undefined), { path: ['ids'], message: 'give either ids or a filter, not both' });
export type DetectionBulkReview = z.output<typeof detectionBulkReviewSchema>;
export type DetectionBulkReviewInput = z.input<typeof detectionBulkReviewSchema>;

export const detectionBulkReviewResultSchema = z.object({
  decision: detectionDecisionSchema.shape.decision,
  status: z.enum(['confirmed', 'dismissed']),
  /** The detections now carrying the decision. */
  reviewed: z.array(z.uuid()),
  /** Those left as they were, having been confirmed or dismissed already. */
  skipped: z.array(z.object({ id: z.uuid(), status: z.enum(['confirmed', 'dismissed']) })),
});
export type DetectionBulkReviewResult = z.output<typeof detectionBulkReviewResultSchema>;

/**
 * Which of the requested detections the decision applies to: the open ones, in the order asked (each once); those
 * already decided are skipped; ids not among those found (unknown, or hidden from the reviewer) are missing.
 */
export function planBulkReview(
  requested: readonly string[],
  found: readonly { id: string; status: DetectionStatus }[],
): { review: string[]; skipped: { id: string; status: Exclude<DetectionStatus, 'open'> }[]; missing: string[] } {
  const statusOf = new Map(found.map((d) => [d.id, d.status]));
  const plan = { review: [] as string[], skipped: [] as { id: string; status: Exclude<DetectionStatus, 'open'> }[], missing: [] as string[] };
  for (const id of new Set(requested)) {
    const status = statusOf.get(id);
    if (status === undefined) plan.missing.push(id);
    else if (status === 'open') plan.review.push(id);
    else plan.skipped.push({ id, status });
  }
  return plan;
}

/** How much of a group is selected: none, some or all of its detections (`unknown` until they are read). */
export function selectionState(ids: readonly string[] | undefined, selected: ReadonlySet<string>): 'unknown' | 'none' | 'some' | 'all' {
  if (ids === undefined) return 'unknown';
  const chosen = ids.filter((id) => selected.has(id)).length;
  return chosen === 0 ? 'none' : chosen === ids.length ? 'all' : 'some';
}

/** What one or more bulk reviews (a selection sent in parts) did, in a sentence. */
export function bulkReviewMessage(decision: 'confirm' | 'dismiss', results: readonly Pick<DetectionBulkReviewResult, 'reviewed' | 'skipped'>[]): string {
  const reviewed = results.reduce((n, r) => n + r.reviewed.length, 0);
  const skipped = results.reduce((n, r) => n + r.skipped.length, 0);
  const done = `${decision === 'confirm' ? 'Confirmed' : 'Dismissed'} ${reviewed.toLocaleString('en-GB')} detection${reviewed === 1 ? '' : 's'}.`;
  return skipped === 0 ? done : `${done} ${skipped.toLocaleString('en-GB')} already decided, left as ${skipped === 1 ? 'it was' : 'they were'}.`;
}
