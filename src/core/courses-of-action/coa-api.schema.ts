import { z } from 'zod';
import { idParamsSchema, itemListSchema } from '../api-contract.schema.js';
import { PRINCIPLE_IDS } from '../analytics/scorecard.js';
import { SITE_CATEGORIES } from '../places/site.schema.js';
import { ZONE_KINDS } from '../places/zone.schema.js';
import { VERDICTS } from '../use-of-force/assessment.js';
import { assessmentSchema } from '../use-of-force/assessment.schema.js';
import type { CoaComparison } from './compare.js';
import { COMPARABLE_KINDS } from './escalation-estimate.js';
import { courseOfActionSchema, MAX_COURSES, PROTECTIVE_ACTION_KINDS, planningSituationSchema, type CourseOfAction } from './planning.schema.js';

/**
 * The contract of /planning-situations: a planning situation kept with its courses of action, its comparison (derived
 * each time it is read, never stored) and the commander's choice, sealed in the ledger. docs/courses-of-action.md.
 */

export const PLANNING_STATUSES = ['draft', 'compared', 'chosen', 'withdrawn'] as const;
export type PlanningStatus = (typeof PLANNING_STATUSES)[number];

/** Courses named once each in a situation, case aside: the name is how a choice names its course. */
function uniqueCourseNames(courses: readonly Pick<CourseOfAction, 'name'>[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  courses.forEach((coa, index) => {
    const key = coa.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['coursesOfAction', index, 'name'], message: `the name "${coa.name}" is already used by course of action ${first + 1}` });
    else seen.set(key, index);
  });
}

const planFields = {
  situation: planningSituationSchema,
  /** A draft may hold fewer than two courses while it is written; a comparison needs at least two. */
  coursesOfAction: z.array(courseOfActionSchema).max(MAX_COURSES, `a situation holds at most ${MAX_COURSES} courses of action`).default([]),
};

/** POST /planning-situations: a situation and its courses of action (a draft). */
export const planningDraftSchema = z
  .object(planFields)
  .strict()
  .superRefine((plan, ctx) => uniqueCourseNames(plan.coursesOfAction, ctx));
export type PlanningDraft = z.output<typeof planningDraftSchema>;
export type PlanningDraftInput = z.input<typeof planningDraftSchema>;

/** PUT /planning-situations/:id: the whole plan again, with the version it was read at (409 when stale). */
export const planningUpdateSchema = z
  .object({ version: z.number({ error: 'must be the version you edited' }).int().min(1), ...planFields })
  .strict()
  .superRefine((plan, ctx) => uniqueCourseNames(plan.coursesOfAction, ctx));

/** POST /planning-situations/:id/choice: the commander names a course and gives reasons, on the version read. */
export const planningChoiceInputSchema = z
  .object({
    courseOfAction: z.string({ error: 'name the course of action chosen' }).trim().min(1, 'name the course of action chosen').max(200),
    reasons: z.string({ error: 'give your reasons' }).trim().min(10, 'give your reasons (at least 10 characters)').max(10_000),
    version: z.number({ error: 'must be the version of the situation you compared' }).int().min(1),
  })
  .strict();

/** POST /planning-situations/:id/withdrawal: a situation no longer planned, with the reason. */
export const planningWithdrawalSchema = z.object({ reasons: z.string({ error: 'give your reasons' }).trim().min(10, 'give your reasons (at least 10 characters)').max(10_000) }).strict();

export const planningParamsSchema = idParamsSchema('a planning situation');

export const planningListQuerySchema = z.object({
  status: z.enum(PLANNING_STATUSES, { error: `must be one of ${PLANNING_STATUSES.join(', ')}` }).optional(),
  exercise: z
    .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'must be true or false' }))
    .optional()
    .describe('true: only exercise situations; false: only real ones'),
});

export const planningReportQuerySchema = z.object({ format: z.enum(['html', 'pdf'], { error: 'must be html or pdf' }).default('html') });

// ---------------------------------------------------------------------------------------------------------------
// The comparison as the API answers it (the core's CoaComparison)

const interval = z.object({ low: z.number(), high: z.number() });
const projectedTotalSchema = z.object({
  mean: z.number(),
  median: z.number(),
  interval,
  bounds: interval,
  sumOfBests: z.number(),
  complete: z.boolean(),
  notEstimated: z.array(z.string()),
});
const measures = z.object({ deaths: projectedTotalSchema, injuries: projectedTotalSchema });
const casualtyProjectionSchema = z.object({
  method: z.object({ distribution: z.literal('triangular'), draws: z.number(), seed: z.number(), interval: z.object({ lower: z.number(), upper: z.number() }), description: z.string() }),
  byGroup: z.object({ civilians: measures, own: measures, allies: measures, opponents: measures }),
  all: measures,
});
const changeSummarySchema = z.object({
  meanBefore: z.number(),
  meanAfter: z.number(),
  meanChange: z.number(),
  medianChange: z.number(),
  interval,
  signTest: z.object({ rises: z.number(), falls: z.number(), ties: z.number(), pValue: z.number() }),
});
const comparableKind = z.enum(COMPARABLE_KINDS);
const perWeek = z.object({ incidents: z.number(), deaths: z.number() });
export const escalationEstimateSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('estimated'),
    kind: comparableKind,
    weeks: z.number(),
    sample: z.object({ actions: z.number(), areas: z.number(), excludedOutsideCoverage: z.number(), straddlingIncidents: z.number() }),
    incidentsPerWeek: changeSummarySchema,
    deathsPerWeek: changeSummarySchema,
    actions: z.array(z.object({ kind: comparableKind, date: z.string(), cell: z.string(), ref: z.string().optional(), before: perWeek, after: perWeek })),
    method: z.string(),
  }),
  z.object({
    status: z.literal('not_enough_data'),
    kind: comparableKind,
    weeks: z.number(),
    needed: z.number(),
    have: z.number(),
    excludedOutsideCoverage: z.number(),
    reason: z.string(),
    method: z.string(),
  }),
]);
const verdictOf = z.object({ label: z.string(), verdict: z.enum(VERDICTS) });
const touchBy = z.object({ action: z.number(), how: z.enum(['named', 'within_alert_distance', 'inside']), distanceKm: z.number().optional() });
const principleSchema = z.object({ id: z.enum(PRINCIPLE_IDS), title: z.string(), score: z.number().nullable(), reasons: z.array(z.string()) });
export const courseResultSchema = z.object({
  name: z.string(),
  summary: z.string(),
  forceActions: z.array(
    z.object({ action: z.number(), description: z.string(), comparableKind, ihl: verdictOf, humanSecurity: verdictOf, divergence: z.array(z.string()), assessment: assessmentSchema }),
  ),
  protectiveActions: z.array(z.object({ action: z.number(), kind: z.enum(PROTECTIVE_ACTION_KINDS), description: z.string(), probabilityOfSuccess: z.number().nullable() })),
  casualties: casualtyProjectionSchema,
  protectedPlaces: z.object({
    sites: z.array(z.object({ id: z.string(), name: z.string(), category: z.enum(SITE_CATEGORIES), by: z.array(touchBy) })),
    zones: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(ZONE_KINDS), by: z.array(touchBy) })),
    unknownReferences: z.array(z.object({ action: z.number(), siteId: z.string().optional(), zoneId: z.string().optional() })),
    forceActionsWithoutLocation: z.array(z.number()),
  }),
  escalation: z.array(z.object({ kind: comparableKind, actions: z.array(z.number()), estimate: escalationEstimateSchema })),
  principles: z.array(principleSchema),
  overall: z.object({ score: z.number().nullable(), reasons: z.array(z.string()) }),
});
export const coaComparisonSchema = z.object({ situation: planningSituationSchema, courses: z.array(courseResultSchema), notice: z.string() });

// Fails to compile when the core's type and the schema part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: Same<CoaComparison['courses'][number]['casualties'], z.output<typeof casualtyProjectionSchema>> = true;
void inStep;

// ---------------------------------------------------------------------------------------------------------------
// What the comparison was made from, and the choice

const polygonOut = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) });
const multiPolygonOut = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) });

/** The people at risk: the gazetteer's places (1,000 people or more) inside the area. */
export const peopleAtRiskSchema = z.object({
  places: z.number().int(),
  population: z.number(),
  /** The most populous, at most 20. */
  largest: z.array(z.object({ geonameId: z.number(), name: z.string(), population: z.number(), lat: z.number(), lon: z.number() })),
  note: z.string(),
});

export const comparisonContextSchema = z.object({
  /** The area as a polygon (a place and radius drawn as a circle), and its bounding box (west, south, east, north). */
  area: z.union([polygonOut, multiPolygonOut]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  sites: z.number().int(),
  zones: z.number().int(),
  register: z.object({
    exercise: z.boolean(),
    coverage: z.object({ from: z.string(), to: z.string() }),
    incidents: z.number().int(),
    /** True when the area held more incidents than are read; the most recent were read. */
    truncated: z.boolean(),
    pastActions: z.number().int(),
    cells: z.string(),
    note: z.string(),
  }),
  peopleAtRisk: peopleAtRiskSchema,
  /** Where each course's actions are: force actions with a location, and protective actions at a site held. */
  actionPoints: z.array(z.object({ course: z.string(), action: z.number(), kind: z.string(), lon: z.number(), lat: z.number() })),
});
export type ComparisonContextSummary = z.output<typeof comparisonContextSchema>;

/** What the ledger seals of each course when one is chosen: the figures side by side, not the whole comparison. */
export const courseFiguresSchema = z.object({
  name: z.string(),
  chosen: z.boolean(),
  actions: z.number().int(),
  verdicts: z.array(z.object({ action: z.number(), ihl: z.enum(VERDICTS), humanSecurity: z.enum(VERDICTS), divergent: z.boolean() })),
  deaths: z.object({ mean: z.number(), median: z.number(), interval, bounds: interval, complete: z.boolean() }),
  injuries: z.object({ mean: z.number(), median: z.number(), interval, bounds: interval, complete: z.boolean() }),
  civilianDeaths: z.object({ mean: z.number(), interval, complete: z.boolean() }),
  protectedPlaces: z.object({ sites: z.array(z.string()), zones: z.array(z.string()), forceActionsWithoutLocation: z.array(z.number()) }),
  escalation: z.array(z.object({ kind: comparableKind, status: z.enum(['estimated', 'not_enough_data']), meanChange: z.number().nullable(), interval: interval.nullable(), actions: z.number() })),
  principles: z.array(z.object({ id: z.enum(PRINCIPLE_IDS), score: z.number().nullable() })),
  overall: z.number().nullable(),
});
export type CourseFigures = z.output<typeof courseFiguresSchema>;

export const choiceSnapshotSchema = z.object({
  situation: z.object({ id: z.string(), name: z.string(), version: z.number().int(), exercise: z.boolean(), period: z.object({ from: z.string(), to: z.string() }) }),
  courses: z.array(courseFiguresSchema),
  /** Stored and shown to every reader: computed without any restricted record. */
  audience: z.literal('everyone'),
  seed: z.number(),
  draws: z.number(),
});
export type ChoiceSnapshot = z.output<typeof choiceSnapshotSchema>;

export const planningChoiceSchema = z.object({
  id: z.string(),
  courseOfAction: z.string(),
  reasons: z.string(),
  chosenBy: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  chosenAt: z.string(),
  ledgerSeq: z.number().int(),
  /** The force requests the chosen course's force actions became, by action number. */
  forceRequests: z.array(z.object({ action: z.number().int(), id: z.string() })),
  /** The chosen course's protective actions, logged as planned in the protective actions log, by action number. */
  protectiveActions: z.array(z.object({ action: z.number().int(), id: z.string() })),
  snapshot: choiceSnapshotSchema,
});
export type PlanningChoice = z.output<typeof planningChoiceSchema>;

export const planningSituationRecordSchema = z.object({
  id: z.string(),
  status: z.enum(PLANNING_STATUSES),
  exercise: z.boolean(),
  version: z.number().int(),
  situation: planningSituationSchema,
  coursesOfAction: z.array(courseOfActionSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  choice: planningChoiceSchema.nullable(),
});
export type PlanningSituationRecord = z.output<typeof planningSituationRecordSchema>;
export const planningSituationListSchema = itemListSchema(planningSituationRecordSchema);

export const planningComparisonSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(PLANNING_STATUSES),
  exercise: z.boolean(),
  comparison: coaComparisonSchema,
  context: comparisonContextSchema,
});
export type PlanningComparison = z.output<typeof planningComparisonSchema>;
