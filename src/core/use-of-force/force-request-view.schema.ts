import { z } from 'zod';
import { ledgerEntrySchema } from '../ledger/hash-chain.js';
import { VERDICTS } from './assessment.js';
import { assessmentSchema } from './assessment.schema.js';
import { idParamsSchema, commaListSchema, queryFlagSchema } from '../api-contract.schema.js';
import { forceRequestSchema, JUDGEMENT_KINDS } from './force-request.schema.js';
import { missionRoeSchema } from './mission-roe.js';
import { APPROVALS, DECISIONS, REQUEST_STATUSES, REVIEW_POSITIONS } from './request-workflow.js';

/** A force request as the API answers it, in the register's list and in full. */

export const forceStepSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  kind: z.string(),
  value: z.string(),
  reasons: z.string(),
  payload: z.unknown().describe('the step as it was sealed in the ledger: free-form by design (each kind of step records its own fields)'),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  at: z.string(),
  /** The ledger entry that sealed the step. */
  ledgerSeq: z.number().int().nullable(),
});
export type ForceStep = z.output<typeof forceStepSchema>;

/** What a request stores: the request as submitted and the mission's rules of engagement it was assessed under. */
export const storedForcePayloadSchema = z.object({ request: forceRequestSchema, roe: missionRoeSchema.nullable() });
export type StoredForcePayload = z.output<typeof storedForcePayloadSchema>;

/**
 * Exercise force requests are marked in their mission's name (exercise scripts refuse a mission without EXERCISE;
 * demo and course-of-action exercise requests are named so too): the mark is read from the name, never from a flag
 * that could be lost.
 */
export const isExerciseMissionName = (missionName: string): boolean => /exercise/i.test(missionName);
/** The same test as a LIKE pattern on the lower-cased name, so the store lists exercise and real requests apart. */
export const EXERCISE_MISSION_LIKE = '%exercise%';

export const storedForceRequestSchema = z.object({
  id: z.string(),
  missionName: z.string(),
  /** An exercise's request (its mission says EXERCISE): never to be mixed with real ones. */
  exercise: z.boolean(),
  purpose: z.string(),
  status: z.enum(REQUEST_STATUSES),
  emergency: z.boolean(),
  request: storedForcePayloadSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  ihlVerdict: z.enum(VERDICTS),
  hsVerdict: z.enum(VERDICTS),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type StoredForceRequest = z.output<typeof storedForceRequestSchema>;

export const forceRequestViewSchema = z.object({
  id: z.string(),
  status: z.enum(REQUEST_STATUSES),
  emergency: z.boolean(),
  missionName: z.string(),
  /** An exercise's request (its mission says EXERCISE). */
  exercise: z.boolean(),
  purpose: z.string(),
  request: forceRequestSchema,
  roe: missionRoeSchema.nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  verdicts: z.object({ ihl: z.enum(VERDICTS), humanSecurity: z.enum(VERDICTS) }),
  version: z.number().int(),
  assessment: assessmentSchema,
  steps: z.array(forceStepSchema),
  ledger: z.array(ledgerEntrySchema),
});
export type ForceRequestView = z.output<typeof forceRequestViewSchema>;

// What the force routes take (POST /force/assessments, /force/requests and each step of a request).

/**
 * A request as the engine reads it, with the ROE. Its `judgements` are hypothetical here: only what stores nothing
 * (the preview, `haven assess`) reads this schema as it is.
 */
export const submissionSchema = z.object({
  request: forceRequestSchema,
  roe: missionRoeSchema.optional(),
  /** Force already used in self-defence, recorded after the fact: it goes straight to review. */
  emergency: z.boolean().default(false),
});

/** The body of POST /force/assessments and POST /force/requests, as a client sends it. */
export type ForceSubmissionInput = z.input<typeof submissionSchema>;

export const JUDGEMENTS_NOT_SUBMITTED = 'judgements are entered through POST /force/requests/{id}/judgements, signed by the signed-in user';

/**
 * A request to store: it carries no judgement. A judgement is signed with the identity of the session that enters it,
 * never with a name given in the body, so a stored submission refuses any.
 */
export const storedSubmissionSchema = submissionSchema.superRefine((submission, ctx) => {
  if (submission.request.judgements.length > 0) ctx.addIssue({ code: 'custom', path: ['request', 'judgements'], message: JUDGEMENTS_NOT_SUBMITTED });
});

const reasons = z.string().trim().min(10, 'give your reasons (at least 10 characters)').max(10_000);
export const judgementInputSchema = z.object({ kind: z.enum(JUDGEMENT_KINDS), value: z.enum(['yes', 'no']), reasoning: reasons });
export const reviewSchema = z.object({ position: z.enum(REVIEW_POSITIONS), reasons });
export const decisionSchema = z.object({ decision: z.enum(DECISIONS), reasons, expectedVersion: z.number().int().min(1) });
export const approvalSchema = z.object({ approval: z.enum(APPROVALS), reasons, expectedVersion: z.number().int().min(1) });
export const outcomeSchema = z.object({
  summary: reasons,
  deaths: z.object({ civilians: z.number().int().min(0), ownForce: z.number().int().min(0), opposingForce: z.number().int().min(0) }).optional(),
  arrests: z.number().int().min(0).default(0),
  incidentIds: z.array(z.uuid()).max(100).default([]),
});

/** GET /force/requests: `statuses` (comma-separated) gives a role its queue. */
export const forceRequestQuerySchema = z.object({
  statuses: commaListSchema(REQUEST_STATUSES).optional(),
  exercise: queryFlagSchema.optional().describe('true: only exercise requests; false: only real ones; absent: both, each marked'),
});
export const forceRequestListSchema = z.array(storedForceRequestSchema);
export const forceRequestParamsSchema = idParamsSchema('a force request');
