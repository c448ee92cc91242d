import { z } from 'zod';
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
  detectedAt: z.string(),
  status: z.enum(DETECTION_STATUSES),
  review: detectionReviewSchema.optional(),
});
export type Detection = z.infer<typeof detectionSchema>;

/** What detection finds; the store gives it an id, a time and a status. */
export type DetectionCandidate = Omit<Detection, 'id' | 'detectedAt' | 'status' | 'review'>;

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
