import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.js';
import { incidentInputSchema } from '../incident.schema.js';
import { forceRequestSchema } from '../use-of-force/force-request.schema.js';

/**
 * An exercise script: a timeline of injects a facilitator releases on the demo terrain while players in their roles act
 * through the normal workflow. Everything in a script is exercise material — its incidents are marked `exercise`, its
 * missions, titles and places carry "EXERCISE" — so nothing it produces can be mistaken for a real report.
 */

/** The roles players take; the facilitator runs the clock and is not a player. */
export const EXERCISE_ROLES = ['advisor', 'commander', 'civilian_authority', 'analyst', 'investigator'] as const;
export type ExerciseRole = (typeof EXERCISE_ROLES)[number];

export const INJECT_KINDS = [
  'incident',
  'report',
  'force_request',
  'ceasefire_breakdown',
  'corridor_opening',
  'corridor_closing',
  'agreement',
  'message',
] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];

/**
 * What a good answer to a force request looks like, as the after-action review checks it against what was done:
 * `arrest` — take the person alive; `warning` — warn before any force; `less_lethal_first` — no lethal means while
 * less-lethal means can work; `deny` — the request should be refused; `civilian_approval` — the civilian authority
 * approves before force is used.
 */
export const EXPECTED_PRACTICES = ['arrest', 'warning', 'less_lethal_first', 'deny', 'civilian_approval'] as const;
export type ExpectedPractice = (typeof EXPECTED_PRACTICES)[number];

/** Exercise material names itself so: a title, mission or party without the word would read as real. */
const EXERCISE_WORD = /EXERCISE/;
const marked = (what: string) => z.string().trim().min(3).max(500).regex(EXERCISE_WORD, `${what} must say EXERCISE, so it is never mistaken for a real one`);

const slug = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (e.g. checkpoint-shooting)');

const text = (what: string) => z.string().trim().min(3, `give the ${what}`).max(5000);

const injectBase = {
  id: slug,
  /** Minutes of exercise time after the start. */
  atMinute: z.number().int('must be a whole number of minutes').min(0, 'cannot be before the start'),
  title: marked('an inject title'),
  /** For the facilitator only: what the inject tests and what to watch for. */
  facilitatorNotes: z.string().trim().max(5000).default(''),
};

const incidentPayload = incidentInputSchema.refine((incident) => incident.exercise === true, {
  path: ['exercise'],
  message: 'an exercise incident must be marked exercise: true',
});

const forceRequestPayload = forceRequestSchema.refine((r) => EXERCISE_WORD.test(r.mission.name), {
  path: ['mission', 'name'],
  message: 'the mission of an exercise force request must say EXERCISE',
});

export const injectSchema = z.discriminatedUnion('kind', [
  z.object({ ...injectBase, kind: z.literal('incident'), incident: incidentPayload }),
  z.object({
    ...injectBase,
    kind: z.literal('report'),
    /** Who reports (a patrol, a humanitarian partner, local radio), without identifying a person. */
    source: text('source'),
    text: text('report'),
    toRole: z.enum(EXERCISE_ROLES),
  }),
  z.object({
    ...injectBase,
    kind: z.literal('force_request'),
    request: forceRequestPayload,
    /** Force already used in self-defence before anyone could be asked: it goes straight to review. */
    emergency: z.boolean().default(false),
    expectedPractice: z
      .array(z.enum(EXPECTED_PRACTICES))
      .min(1, 'say what good practice looks like for this request')
      .max(EXPECTED_PRACTICES.length)
      .refine((practices) => new Set(practices).size === practices.length, 'names a practice twice'),
    /** Why that is good practice, for the review and the debrief. */
    expectedPracticeReason: text('reason for the expected practice'),
  }),
  z.object({ ...injectBase, kind: z.literal('ceasefire_breakdown'), agreement: slug, text: text('account of the breakdown'), violatingParty: marked('the violating party') }),
  z.object({ ...injectBase, kind: z.literal('corridor_opening'), zone: slug, text: text('account of the opening') }),
  z.object({ ...injectBase, kind: z.literal('corridor_closing'), zone: slug, text: text('account of the closing') }),
  z.object({
    ...injectBase,
    kind: z.literal('agreement'),
    agreement: slug,
    /** The agreement comes into force (signed, renewed) or ends (expired, repudiated). */
    effect: z.enum(['in_force', 'ended']),
    text: text('account of the agreement'),
  }),
  z.object({ ...injectBase, kind: z.literal('message'), from: text('sender'), toRole: z.enum(EXERCISE_ROLES), text: text('message') }),
]);
export type InjectInput = z.input<typeof injectSchema>;
export type Inject = z.output<typeof injectSchema>;
export type ForceRequestInject = Extract<Inject, { kind: 'force_request' }>;

const terrainRef = z.object({ ref: slug, name: marked('a zone or agreement name') });

export const exerciseScriptSchema = z
  .object({
    id: slug,
    title: marked('the exercise title'),
    exercise: z.literal(true, { error: 'a script must be marked exercise: true' }),
    terrain: z.object({
      name: z.string().trim().min(3).max(300),
      description: z.string().trim().max(5000).default(''),
      /** The terrain's zones (corridors, safe havens) that injects refer to by `ref`. */
      zones: z.array(terrainRef).max(50).default([]),
      /** The agreements (ceasefires, local truces) injects refer to; `inForceAtStart` says which hold when play begins. */
      agreements: z.array(terrainRef.extend({ inForceAtStart: z.boolean() })).max(50).default([]),
    }),
    learningObjectives: z.array(z.string().trim().min(10, 'say what the players should learn').max(1000)).min(1, 'name at least one learning objective').max(20),
    rolesNeeded: z
      .array(z.enum(EXERCISE_ROLES))
      .min(1, 'name the roles the players take')
      .refine((roles) => new Set(roles).size === roles.length, 'names a role twice'),
    /** How long the exercise runs, in minutes of exercise time; every inject falls within it. */
    durationMinutes: z.number().int().min(1).max(60 * 24 * 30),
    injects: z.array(injectSchema).min(1, 'a script needs at least one inject').max(200),
  })
  .superRefine((script, ctx) => {
    const ids = new Set<string>();
    const zones = new Set(script.terrain.zones.map((z) => z.ref));
    const agreements = new Set(script.terrain.agreements.map((a) => a.ref));
    const roles = new Set<string>(script.rolesNeeded);
    const issue = (index: number, path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['injects', index, ...path], message: `inject ${script.injects[index]?.id ?? index}: ${message}` });
    script.injects.forEach((inject, index) => {
      if (ids.has(inject.id)) issue(index, ['id'], 'the id is used by an earlier inject');
      ids.add(inject.id);
      if (inject.atMinute > script.durationMinutes) issue(index, ['atMinute'], `falls after the end of the exercise (minute ${script.durationMinutes})`);
      switch (inject.kind) {
        case 'corridor_opening':
        case 'corridor_closing':
          if (!zones.has(inject.zone)) issue(index, ['zone'], `refers to zone ${inject.zone}, which the terrain does not list`);
          break;
        case 'ceasefire_breakdown':
        case 'agreement':
          if (!agreements.has(inject.agreement)) issue(index, ['agreement'], `refers to agreement ${inject.agreement}, which the terrain does not list`);
          break;
        case 'report':
        case 'message':
          if (!roles.has(inject.toRole)) issue(index, ['toRole'], `is addressed to the ${inject.toRole}, a role the exercise does not need`);
          break;
        case 'force_request': {
          const needed: string[] = ['advisor', 'commander', ...(inject.request.mission.civilianApprovalRequired ? ['civilian_authority'] : [])];
          for (const role of needed) if (!roles.has(role)) issue(index, ['request'], `a force request needs the ${role} role, which the exercise does not list`);
          // The review holds players to these: a script must not leave them out when the facts call for them.
          const a = inject.request.alternatives;
          const expected = new Set<string>(inject.expectedPractice);
          if (a.arrestFeasible === 'yes' && !expected.has('arrest')) {
            issue(index, ['expectedPractice'], 'arrest is feasible (alternatives.arrestFeasible is yes), so arrest is the expected practice');
          }
          if (a.warningFeasible === 'yes' && a.warningGiven !== 'yes' && !expected.has('warning')) {
            issue(index, ['expectedPractice'], 'a warning is feasible and not yet given, so a warning is the expected practice');
          }
          if (inject.request.mission.civilianApprovalRequired && !inject.emergency && !expected.has('civilian_approval') && !expected.has('deny')) {
            issue(index, ['expectedPractice'], 'the mission requires civilian approval, so the expected practice includes civilian_approval (or deny)');
          }
          break;
        }
        case 'incident':
          break;
      }
    });
  });

export type ExerciseScriptInput = z.input<typeof exerciseScriptSchema>;
export type ExerciseScript = z.output<typeof exerciseScriptSchema>;

/**
 * Parses a script, or throws a validation error whose issues name the field by its path (`injects.3.request.purpose`)
 * and whose messages name the inject by its id.
 */
export function parseExerciseScript(input: unknown): ExerciseScript {
  const result = exerciseScriptSchema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
  const injects = (input as { injects?: unknown } | null)?.injects;
  const named = issues.map((i) => {
    const match = /^injects\.(\d+)(\.|$)/.exec(i.path);
    if (!match || i.message.startsWith('inject ')) return i;
    const inject = Array.isArray(injects) ? (injects[Number(match[1])] as { id?: unknown } | undefined) : undefined;
    const name = typeof inject?.id === 'string' ? inject.id : `#${match[1]}`;
    return { ...i, message: `inject ${name}: ${i.message}` };
  });
  const summary = named
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  throw new DomainError('validation_failed', `the exercise script is invalid: ${summary}${named.length > 3 ? ` (and ${named.length - 3} more)` : ''}`, named);
}

/** The injects in the order they are released: by minute, and in script order within a minute. */
export function injectsInOrder(script: Pick<ExerciseScript, 'injects'>): Inject[] {
  return script.injects.map((inject, index) => ({ inject, index })).sort((a, b) => a.inject.atMinute - b.inject.atMinute || a.index - b.index).map((x) => x.inject);
}
