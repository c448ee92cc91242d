import { z } from 'zod';
import { isoDate } from '../incident.schema.js';
import { multiPolygonSchema, polygonSchema } from '../places/geometry.js';
import { forceRequestSchema } from '../use-of-force/force-request.schema.js';

/**
 * A planning situation and the courses of action (COAs) compared in it. A COA is a list of planned actions: force
 * requests in draft, which the use-of-force engine assesses under both regimes, and protective actions that are not
 * force, each with its expected effects as low/best/high. Every life counts: the effects are estimated for civilians,
 * the force's own people, its allies and its opponents alike (docs/courses-of-action.md).
 */

/** Protective actions that are not force (Kaldor & Rangelov: the military's tasks in human security). */
export const PROTECTIVE_ACTION_KINDS = ['patrol', 'presence_at_site', 'corridor', 'safe_haven', 'evacuation', 'arrest_operation', 'local_agreement'] as const;
export type ProtectiveActionKind = (typeof PROTECTIVE_ACTION_KINDS)[number];

/** The groups whose deaths and injuries are projected: all of them, opponents included. */
export const CASUALTY_GROUPS = ['civilians', 'own', 'allies', 'opponents'] as const;
export type CasualtyGroup = (typeof CASUALTY_GROUPS)[number];

export const HARM_MEASURES = ['deaths', 'injuries'] as const;
export type HarmMeasure = (typeof HARM_MEASURES)[number];

/** The largest number of people one action's estimate may name: far above any plan, low enough to catch a typo. */
export const MAX_ESTIMATE = 1_000_000;

const count = (field: string) =>
  z
    .number({ error: `${field} must be a number of people` })
    .min(0, `${field} must not be negative`)
    .max(MAX_ESTIMATE, `${field} must be at most ${MAX_ESTIMATE.toLocaleString('en')}`)
    .refine(Number.isFinite, `${field} must be a finite number`);

/**
 * An estimate of a number of people: low ≤ best ≤ high. Not necessarily whole: an expected number ("0.3 deaths") is a
 * fair best estimate for one action. Each misordered bound is named on its own field.
 */
export const lowBestHighSchema = z
  .object({ low: count('low'), best: count('best'), high: count('high') })
  .superRefine((e, ctx) => {
    if (e.best < e.low) ctx.addIssue({ code: 'custom', path: ['best'], message: `best (${e.best}) must not be below low (${e.low})` });
    if (e.high < e.best) ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${e.high}) must not be below best (${e.best})` });
    else if (e.high < e.low) ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${e.high}) must not be below low (${e.low})` });
  });
export type LowBestHigh = z.output<typeof lowBestHighSchema>;

/**
 * One group's expected harm. An estimate left out is not estimated — never zero: the projection counts nothing for it,
 * says its totals are a floor, and names what is missing (unknown is never false).
 */
const groupHarmSchema = z.object({ deaths: lowBestHighSchema.optional(), injuries: lowBestHighSchema.optional() }).strict();
export type GroupHarm = z.output<typeof groupHarmSchema>;

export const expectedEffectsSchema = z
  .object({
    civilians: groupHarmSchema.default({}),
    own: groupHarmSchema.default({}),
    allies: groupHarmSchema.default({}),
    opponents: groupHarmSchema.default({}),
  })
  .strict();
export type ExpectedEffects = z.output<typeof expectedEffectsSchema>;

const idRef = (what: string) => z.string({ error: `must be the id of a ${what}` }).trim().min(1, `must be the id of a ${what}`).max(100);
const description = z.string({ error: 'describe the action' }).trim().min(3, 'describe the action (at least 3 characters)').max(2000);

export const forceActionSchema = z
  .object({
    kind: z.literal('force'),
    /** Optional: the request's own situation and target describe it. */
    description: z.string().trim().max(2000).optional(),
    request: forceRequestSchema,
    /**
     * A force request estimates harm to civilians, own and opposing forces; allied forces are not among its groups, so
     * the planned action carries their estimate. Absent: not estimated.
     */
    allies: groupHarmSchema.optional(),
  })
  .strict();
export type ForceAction = z.output<typeof forceActionSchema>;

export const protectiveActionSchema = z
  .object({
    kind: z.enum(PROTECTIVE_ACTION_KINDS),
    description,
    siteId: idRef('protected site').optional(),
    zoneId: idRef('zone').optional(),
    expected: expectedEffectsSchema,
    /** The planners' chance that the action achieves its aim: shown beside the projection, not folded into it. */
    probabilityOfSuccess: z.number({ error: 'must be a probability between 0 and 1' }).min(0, 'must be a probability between 0 and 1').max(1, 'must be a probability between 0 and 1').optional(),
  })
  .strict();
export type ProtectiveAction = z.output<typeof protectiveActionSchema>;

const ACTION_KINDS = ['force', ...PROTECTIVE_ACTION_KINDS] as const;

/**
 * A planned action: force, or a protective action. Dispatched on `kind` by hand so that a wrong kind is named with the
 * kinds there are, and a right kind's problems are reported against its own fields.
 */
export const plannedActionSchema = z.discriminatedUnion('kind', [forceActionSchema, protectiveActionSchema], {
  error: `kind must be one of: ${ACTION_KINDS.join(', ')}`,
});
export type PlannedAction = z.output<typeof plannedActionSchema>;
export type PlannedActionInput = z.input<typeof plannedActionSchema>;

export const MAX_ACTIONS_PER_COURSE = 100;
export const MAX_COURSES = 10;

export const courseOfActionSchema = z
  .object({
    name: z.string({ error: 'a course of action needs a name' }).trim().min(1, 'a course of action needs a name').max(200),
    summary: z.string().trim().max(5000).default(''),
    actions: z
      .array(plannedActionSchema)
      .min(1, 'a course of action needs at least one planned action')
      .max(MAX_ACTIONS_PER_COURSE, `a course of action has at most ${MAX_ACTIONS_PER_COURSE} planned actions`),
  })
  .strict();
export type CourseOfAction = z.output<typeof courseOfActionSchema>;
export type CourseOfActionInput = z.input<typeof courseOfActionSchema>;

/** A place chosen from the gazetteer instead of a drawn area: the application resolves it to a point and a radius. */
export const placeReferenceSchema = z
  .object({
    type: z.literal('Place'),
    geonameId: z.number({ error: 'must be a GeoNames id' }).int('must be a GeoNames id').positive('must be a GeoNames id'),
    name: z.string().trim().min(1, 'name the place').max(200),
    /** How far around the place the situation reaches. */
    radiusKm: z.number({ error: 'must be a distance in km' }).positive('must be more than 0 km').max(1000, 'must be at most 1000 km'),
  })
  .strict();

export const planningAreaSchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema, placeReferenceSchema], {
  error: 'must be a GeoJSON Polygon or MultiPolygon, or a place reference { type: "Place", geonameId, name, radiusKm }',
});
export type PlanningArea = z.output<typeof planningAreaSchema>;

export const planningSituationSchema = z
  .object({
    name: z.string({ error: 'a planning situation needs a name' }).trim().min(1, 'a planning situation needs a name').max(200),
    area: planningAreaSchema,
    period: z
      .object({ from: isoDate, to: isoDate })
      .strict()
      .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' }),
    mandate: z.string().trim().max(5000).default(''),
    /** An exercise situation, kept apart from real planning as exercise records are everywhere in Haven. */
    exercise: z.boolean().default(false),
  })
  .strict();
export type PlanningSituation = z.output<typeof planningSituationSchema>;
export type PlanningSituationInput = z.input<typeof planningSituationSchema>;

/** What a comparison is asked for: a situation and two or more courses of action, each named once. */
export const coaComparisonInputSchema = z
  .object({
    situation: planningSituationSchema,
    coursesOfAction: z
      .array(courseOfActionSchema)
      .min(2, 'compare at least two courses of action')
      .max(MAX_COURSES, `compare at most ${MAX_COURSES} courses of action at once`),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Map<string, number>();
    input.coursesOfAction.forEach((coa, index) => {
      const key = coa.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['coursesOfAction', index, 'name'], message: `the name "${coa.name}" is already used by course of action ${first + 1}` });
      else seen.set(key, index);
    });
  });
export type CoaComparisonInput = z.input<typeof coaComparisonInputSchema>;
export type CoaComparisonRequest = z.output<typeof coaComparisonInputSchema>;
