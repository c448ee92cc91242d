import { z } from 'zod';
import { idParamsSchema } from '../api-contract.schema.js';
import { measureSchema, PRINCIPLE_IDS } from '../analytics/scorecard.js';
import { VERDICTS } from '../use-of-force/assessment.js';
import { APPROVALS, DECISIONS, REQUEST_STATUSES, REVIEW_POSITIONS } from '../use-of-force/request-workflow.js';
import { ACTION_KINDS, DEPARTURE_RULES, OUTCOME_METHODS } from './after-action-review.js';
import { MAX_SPEED, MIN_SPEED } from './exercise-clock.js';
import { EXERCISE_ROLES, EXPECTED_PRACTICES, INJECT_KINDS } from './exercise-script.schema.js';

/**
 * The HTTP contract of exercises (docs/exercises.md): the shipped scripts, an exercise's status and feed, the
 * facilitator's clock, what players record besides the workflow, and the after-action review.
 */

export const exerciseParamsSchema = idParamsSchema('an exercise');

const slug = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens');

export const exerciseScriptListSchema = z.object({
  scripts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      learningObjectives: z.array(z.string()),
      rolesNeeded: z.array(z.enum(EXERCISE_ROLES)),
      durationMinutes: z.number().int(),
      injectCount: z.number().int(),
    }),
  ),
});
export type ExerciseScriptList = z.output<typeof exerciseScriptListSchema>;

export const exerciseStartSchema = z.strictObject({ scriptId: slug.describe('a shipped script, as GET /exercise-scripts lists them') });

export const CLOCK_ACTIONS = ['start', 'pause', 'resume', 'rewind', 'speed'] as const;
export const exerciseClockInputSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('start') }),
    z.strictObject({ action: z.literal('pause') }),
    z.strictObject({ action: z.literal('resume') }),
    z.strictObject({ action: z.literal('rewind') }),
    z.strictObject({
      action: z.literal('speed'),
      speed: z
        .number({ error: 'give the speed, a whole number' })
        .int('must be a whole number')
        .min(MIN_SPEED, `must be at least ${MIN_SPEED}`)
        .max(MAX_SPEED, `must be at most ${MAX_SPEED}`),
    }),
  ],
  { error: `action must be one of ${CLOCK_ACTIONS.join(', ')}` },
);
export type ExerciseClockInput = z.output<typeof exerciseClockInputSchema>;

export const exerciseActionInputSchema = z.strictObject({
  injectId: slug.nullish().describe('the inject the action answers, if any'),
  kind: z.enum(ACTION_KINDS),
  description: z.string().trim().min(3, 'say what was done').max(2000),
  escalatory: z.boolean({ error: 'say whether the action raises the level of violence or threat (true or false)' }),
});

const headcount = (what: string) => z.number({ error: `give the number of ${what}` }).int('must be a whole number').min(0, 'cannot be negative');

export const exerciseOutcomeInputSchema = z.strictObject({
  forceRequestId: z.uuid({ error: 'must be a force request id (UUID)' }),
  method: z.enum(OUTCOME_METHODS),
  warningGiven: z.boolean(),
  suspectsArrested: headcount('suspects arrested'),
  suspectsKilled: headcount('suspects killed'),
  killed: z.strictObject({
    civilians: headcount('civilians killed'),
    ownForce: headcount('own force killed'),
    opposingForce: headcount('opponents killed').nullable().describe('null: the opponents’ deaths were not counted'),
  }),
});

export const exerciseEntryAnswerSchema = z.object({ id: z.string(), exerciseId: z.string(), run: z.number().int(), atMinute: z.number() });

const clockSchema = z.object({
  status: z.enum(['not_started', 'running', 'paused']),
  speed: z.number().int(),
  exerciseMinute: z.number(),
  durationMinutes: z.number().int(),
});

export const releasedInjectSchema = z.object({
  injectId: z.string(),
  /** The exercise minute the inject was released at in this run. */
  atMinute: z.number(),
  kind: z.enum(INJECT_KINDS),
  title: z.string(),
  toRole: z.enum(EXERCISE_ROLES).optional(),
  text: z.string().optional(),
  /** The facilitator's notes: in the facilitator's status only. */
  facilitatorNotes: z.string().optional(),
  records: z.array(z.object({ entityType: z.enum(['incident', 'force_request']), entityId: z.string() })),
});

export const exerciseStatusSchema = z.object({
  id: z.string(),
  scriptId: z.string(),
  title: z.string(),
  run: z.number().int(),
  clock: clockSchema,
  released: z.array(releasedInjectSchema),
  /** The facilitator's status only: the next inject to be released in the run, null when all are. */
  nextInject: z.object({ id: z.string(), atMinute: z.number(), title: z.string() }).nullable().optional(),
  terrain: z.object({
    zones: z.array(z.object({ ref: z.string(), name: z.string(), state: z.enum(['as_at_start', 'open', 'closed']), changedAtMinute: z.number().nullable() })),
    agreements: z.array(z.object({ ref: z.string(), name: z.string(), inForce: z.boolean(), breachedAtMinute: z.number().nullable(), changedAtMinute: z.number().nullable() })),
  }),
});
export type ExerciseStatus = z.output<typeof exerciseStatusSchema>;

export const exerciseListSchema = z.object({
  exercises: z.array(
    z.object({ id: z.string(), scriptId: z.string(), title: z.string(), run: z.number().int(), status: z.enum(['not_started', 'running', 'paused']), exerciseMinute: z.number() }),
  ),
});
export type ExerciseList = z.output<typeof exerciseListSchema>;

const by = z.string();
const adviceSchema = z.object({ position: z.enum(REVIEW_POSITIONS), text: z.string(), by, atMinute: z.number() });
const decisionSchema = z.object({ decision: z.enum(DECISIONS), reasons: z.string(), by, atMinute: z.number() });
const approvalSchema = z.object({ approval: z.enum(APPROVALS), by, atMinute: z.number() });
const outcomeSchema = z.object({
  atMinute: z.number(),
  method: z.enum(OUTCOME_METHODS),
  warningGiven: z.boolean(),
  suspectsArrested: z.number().int(),
  suspectsKilled: z.number().int(),
  killed: z.object({ civilians: z.number().int(), ownForce: z.number().int(), opposingForce: z.number().int().nullable() }),
});
const roleOrFacilitator = z.enum([...EXERCISE_ROLES, 'facilitator']);

/** GET /exercises/:id/review: the after-action review of the current run (core/exercises/after-action-review.ts). */
export const exerciseReviewSchema = z.object({
  exercise: z.literal(true),
  scriptId: z.string(),
  scriptTitle: z.string(),
  title: z.string(),
  run: z.number().int(),
  timeline: z.array(
    z.object({
      atMinute: z.number(),
      kind: z.enum(['inject', 'request', 'advice', 'decision', 'approval', 'outcome', 'action']),
      injectId: z.string().nullable(),
      requestId: z.string().nullable(),
      role: roleOrFacilitator,
      by: z.string().nullable(),
      summary: z.string(),
    }),
  ),
  decisions: z.array(
    z.object({
      requestId: z.string(),
      injectId: z.string().nullable(),
      injectReleasedAtMinute: z.number().nullable(),
      submittedAtMinute: z.number(),
      advice: adviceSchema.nullable(),
      engine: z.object({ ihl: z.enum(VERDICTS), humanSecurity: z.enum(VERDICTS), decisiveRules: z.array(z.string()) }),
      decision: decisionSchema.nullable(),
      approval: approvalSchema.nullable(),
      outcome: outcomeSchema.nullable(),
      status: z.enum(REQUEST_STATUSES),
      expectedPractice: z.array(z.enum(EXPECTED_PRACTICES)),
      responseMinutes: z.number().nullable(),
    }),
  ),
  responseTimes: z.object({
    injects: z.array(z.object({ injectId: z.string(), kind: z.enum(INJECT_KINDS), releasedAtMinute: z.number(), firstResponseAtMinute: z.number().nullable(), minutes: z.number().nullable() })),
    unanswered: z.array(z.string()),
    medianMinutes: z.number().nullable(),
    longestMinutes: z.number().nullable(),
  }),
  scorecard: z.array(z.object({ id: z.enum(PRINCIPLE_IDS), title: z.string(), measures: z.array(measureSchema) })),
  departures: z.array(
    z.object({
      rule: z.enum(Object.keys(DEPARTURE_RULES) as [keyof typeof DEPARTURE_RULES, ...(keyof typeof DEPARTURE_RULES)[]]),
      principle: z.enum(PRINCIPLE_IDS),
      reason: z.string(),
      injectId: z.string().nullable(),
      requestId: z.string().nullable(),
      atMinute: z.number(),
    }),
  ),
});
export type ExerciseReview = z.output<typeof exerciseReviewSchema>;

export const exerciseReportQuerySchema = z.object({ format: z.enum(['html', 'pdf']).default('html') });
