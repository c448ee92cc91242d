import { z } from 'zod';
import { PROGRAMME_CLASSES } from '../spending/rebalancing.js';

/**
 * A system or capability in a force's register, described by what the human-security assessment needs: what it is for,
 * how much of its work is done without a person, against what, within which limits, and whether its legal review is
 * done. A force request names a registered system instead of restating these facts.
 */

/** The functions a system may perform without a person (the ICRC's and SIPRI's critical functions: select, engage). */
export const AUTONOMOUS_FUNCTIONS = ['search', 'identify', 'track', 'select', 'engage'] as const;
export type AutonomousFunction = (typeof AUTONOMOUS_FUNCTIONS)[number];

/** Who decides: a person decides each use; a person supervises and can intervene; no person in the loop. */
export const HUMAN_ROLES = ['human_decides', 'human_supervises', 'no_human_in_loop'] as const;
export type HumanRole = (typeof HUMAN_ROLES)[number];

/** What the system applies force to; `none` for a system that applies no force (a sensor, an ambulance). */
export const TARGET_TYPES = ['none', 'objects_only', 'persons', 'persons_and_objects'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/**
 * Where the legal review of a new weapon, means or method of warfare stands (Additional Protocol I, Art. 36); `unknown`
 * when the register does not know (for another state's system, most reviews are not public).
 */
export const LEGAL_REVIEW_STATUSES = ['completed', 'in_progress', 'not_started', 'unknown'] as const;
export const LEGAL_REVIEW_CONCLUSIONS = ['lawful', 'lawful_with_restrictions', 'unlawful'] as const;

const tri = z.enum(['yes', 'no', 'unknown']);
const note = z.string().trim().max(1000);

/** The earliest and latest years a service year may name. */
export const SERVICE_YEAR_MIN = 1900;
export const SERVICE_YEAR_MAX = 2200;
const serviceYear = z
  .number({ error: 'must be a year, such as 2015' })
  .int('must be a whole year, such as 2015')
  .min(SERVICE_YEAR_MIN, `must be a year from ${SERVICE_YEAR_MIN} to ${SERVICE_YEAR_MAX}`)
  .max(SERVICE_YEAR_MAX, `must be a year from ${SERVICE_YEAR_MIN} to ${SERVICE_YEAR_MAX}`);

/**
 * The years a system is in service, both inclusive: `from` the first year it is held, `to` the last (absent: still
 * held). A record without them is held in every year a posture review asks about, and the review says so.
 */
export const inServiceSchema = z.object({ from: serviceYear.optional(), to: serviceYear.optional() });
export type InService = z.output<typeof inServiceSchema>;

export const capabilitySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The maker's or the force's designation, where there is one. */
    designation: z.string().trim().max(200).optional(),
    purpose: z.enum(PROGRAMME_CLASSES),
    description: note.optional(),
    /** Whether it is a weapon (applies force); a sensor or a vehicle is not, and needs no weapons review. */
    isWeapon: z.boolean(),
    quantity: z.number().int().nonnegative().optional(),
    /** The years it is in service (see inServiceSchema); absent: held in every year asked. */
    inService: inServiceSchema.optional(),
    autonomy: z.object({
      humanRole: z.enum(HUMAN_ROLES),
      autonomousFunctions: z.array(z.enum(AUTONOMOUS_FUNCTIONS)).max(5).default([]),
      /** Its effects can be sufficiently understood, predicted and explained. */
      predictable: tri.default('unknown'),
      /** A person can intervene and deactivate it in time. */
      humanCanDeactivateInTime: tri.default('unknown'),
      /** Who sets its parameters (target profiles, area, duration) and how. */
      parametersSetBy: note.optional(),
    }),
    targetTypes: z.enum(TARGET_TYPES),
    /** The limits on its use, in words: each one the ICRC asks for where autonomy is not ruled out. */
    limits: z
      .object({ duration: note.optional(), area: note.optional(), scale: note.optional(), environment: note.optional(), targetTypes: note.optional() })
      .default({}),
    legalReview: z.object({
      status: z.enum(LEGAL_REVIEW_STATUSES),
      date: z.iso.date().optional(),
      reviewer: z.string().trim().max(200).optional(),
      conclusion: z.enum(LEGAL_REVIEW_CONCLUSIONS).optional(),
      restrictions: note.optional(),
    }),
    /** US DoD Directive 3000.09's senior reviews, where the force applies it (or an equivalent). */
    seniorReview: z.object({ beforeDevelopment: tri.default('unknown'), beforeFielding: tri.default('unknown') }).default({ beforeDevelopment: 'unknown', beforeFielding: 'unknown' }),
    /** Treaties that constrain it, by name (e.g. "CCW Protocol II", "Ottawa Convention"). */
    treaties: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
    /**
     * The person or post responsible and accountable for its use (the UK's "duty holder"; a commander): the MOD's
     * Responsibility principle asks for one, with the means by which human control is exercised.
     */
    dutyHolder: z.string().trim().max(200).optional(),
    /** The evidence item holding its documentation. */
    documentationEvidenceId: z.uuid().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.isWeapon && c.targetTypes !== 'none') ctx.addIssue({ code: 'custom', path: ['targetTypes'], message: 'a system that is not a weapon applies force to nothing: choose none' });
    if (c.isWeapon && c.targetTypes === 'none') ctx.addIssue({ code: 'custom', path: ['targetTypes'], message: 'say what the weapon applies force to' });
    if (c.inService?.from !== undefined && c.inService.to !== undefined && c.inService.to < c.inService.from) {
      ctx.addIssue({ code: 'custom', path: ['inService', 'to'], message: `the last year in service (${c.inService.to}) is before the first (${c.inService.from})` });
    }
    if (c.legalReview.status === 'completed' && !c.legalReview.conclusion) ctx.addIssue({ code: 'custom', path: ['legalReview', 'conclusion'], message: 'a completed review has a conclusion' });
    if (c.autonomy.humanRole === 'human_decides' && c.autonomy.autonomousFunctions.includes('engage') && c.autonomy.autonomousFunctions.includes('select')) {
      ctx.addIssue({ code: 'custom', path: ['autonomy', 'humanRole'], message: 'a system that selects and engages by itself does not leave each decision to a person' });
    }
  });
export type CapabilityInput = z.input<typeof capabilitySchema>;
export type Capability = z.output<typeof capabilitySchema>;

