import { z } from 'zod';

/**
 * A proposed use of force, as the assessment engine reads it. Every fact that can be unknown is a tri-state
 * (`yes` / `no` / `unknown`) defaulting to `unknown`: a fact not given is unknown, never false, and the engine says
 * which unknown facts it needs.
 */
export const TRI_STATES = ['yes', 'no', 'unknown'] as const;
export type TriState = (typeof TRI_STATES)[number];
const tri = z.enum(TRI_STATES).default('unknown');

export const ARMED_CONFLICT_TYPES = ['international', 'non_international', 'none', 'unknown'] as const;
export type ArmedConflictType = (typeof ARMED_CONFLICT_TYPES)[number];

export const FORCE_PURPOSES = [
  'protect_civilians_from_imminent_threat',
  'self_defence',
  'defence_of_others',
  'arrest',
  'prevent_escape',
  'protect_humanitarian_space',
  'protect_ceasefire',
  'crowd_control',
  /** BPUFF P9: to prevent the perpetration of a particularly serious crime involving grave threat to life. */
  'prevent_serious_crime',
  'seize_military_objective',
  'neutralise_military_objective',
  'other',
] as const;
export type ForcePurpose = (typeof FORCE_PURPOSES)[number];

export const PERSON_TARGET_STATUSES = [
  'civilian',
  'civilian_directly_participating',
  'fighter',
  'child',
  'hors_de_combat',
  'surrendering',
  /** Specially protected persons (CIHL R25, R31, R33): protected whatever the purpose of the force. */
  'medical_personnel',
  'relief_personnel',
  'peacekeeper',
  'unknown',
] as const;
export type PersonTargetStatus = (typeof PERSON_TARGET_STATUSES)[number];

export const OBJECT_TARGET_STATUSES = [
  'military_objective',
  'civilian_object',
  'dual_use',
  'medical',
  'humanitarian_relief',
  'peacekeeping',
  'cultural_property',
  'dangerous_forces',
  'indispensable_to_survival',
  /** A rocket, shell, missile or one-way attack drone in flight: an object, not a person (the interceptor's target). */
  'munition_in_flight',
  'unknown',
] as const;
export type ObjectTargetStatus = (typeof OBJECT_TARGET_STATUSES)[number];

export const WEAPON_CLASSES = [
  'small_arms',
  'warning_shot',
  'baton',
  'kinetic_impact_projectile',
  'electric_weapon',
  'riot_control_agent',
  'water_cannon',
  'explosive_weapon',
  'artillery',
  'air_strike',
  'drone_strike',
  'cluster_munition',
  'anti_personnel_mine',
  'incendiary',
  'blinding_laser',
  'expanding_bullets',
  'chemical_weapon',
  'biological_weapon',
  'poison',
  'autonomous_system',
  /** A defensive interceptor: counter-rocket, artillery and mortar, counter-drone, air defence — force against a munition or aircraft in flight. */
  'interceptor',
  /** An arrest team: officers who take a person into custody, with the force they may escalate to (restraint, less-lethal means, firearms under BPUFF P9). */
  'arrest_team',
  'other',
] as const;
export type WeaponClass = (typeof WEAPON_CLASSES)[number];

/** Treaties that bind some forces and not others: the IHL column applies them for the states party. */
export const BINDING_TREATIES = ['ccw_protocol_iii', 'ccw_protocol_iv', 'cluster_munitions_convention', 'ottawa_convention'] as const;
export type BindingTreaty = (typeof BINDING_TREATIES)[number];

/** BPUFF Principles 12–14: what kind of assembly force is used on, if any. */
export const ASSEMBLY_KINDS = ['none', 'lawful_peaceful', 'unlawful_non_violent', 'violent', 'unknown'] as const;
export type AssemblyKind = (typeof ASSEMBLY_KINDS)[number];

export const AUTONOMY_LEVELS = ['human_operated', 'human_supervised', 'autonomous_target_selection'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

/**
 * Where the means stands in the legal review new weapons need (AP I Art. 36): reviewed and found lawful (perhaps with
 * restrictions), found unlawful, not (yet) completed, or not needed because it is not a weapon.
 */
export const LEGAL_REVIEW_STANDINGS = ['lawful', 'unlawful', 'not_completed', 'not_required', 'unknown'] as const;
export type LegalReviewStanding = (typeof LEGAL_REVIEW_STANDINGS)[number];

/** The judgements the law leaves to a person: the engine asks for them and never computes them. */
export const JUDGEMENT_KINDS = [
  'incidental_harm_excessive',
  'precautions_feasible_taken',
  'threat_imminent',
  'lethal_force_strictly_unavoidable',
  'arrest_feasible',
  'military_advantage_concrete_and_direct',
  /** CIHL R8: whether this object, by nature, location, purpose or use, is a military objective in the circumstances. */
  'object_is_military_objective',
] as const;
export type JudgementKind = (typeof JUDGEMENT_KINDS)[number];

const estimate = z
  .object({ low: z.number().int().min(0), best: z.number().int().min(0), high: z.number().int().min(0) })
  .refine((e) => e.low <= e.best && e.best <= e.high, 'low ≤ best ≤ high');

const expectedHarm = z.object({ deaths: estimate.optional(), injuries: estimate.optional() });

export const judgementSchema = z.object({
  kind: z.enum(JUDGEMENT_KINDS),
  value: z.enum(['yes', 'no']),
  reasoning: z.string().trim().min(3, 'give the reasoning').max(5000),
  /** Who judged, and when: a judgement is signed, never anonymous. */
  by: z.object({ userId: z.string().min(1), name: z.string().min(1), role: z.string().min(1) }),
  at: z.iso.datetime(),
});
export type Judgement = z.infer<typeof judgementSchema>;

export const forceRequestSchema = z
  .object({
    mission: z.object({
      name: z.string().trim().min(1).max(200),
      mandate: z.string().trim().max(5000).default(''),
      /** The mission's civilian authority must approve before force is used (human-security principle: civilian control). */
      civilianApprovalRequired: z.boolean().default(true),
      /**
       * The treaties that bind this force (its troop-contributing states are party): the IHL column applies them too.
       * Absent: not stated — the IHL column asks when a means they govern is proposed.
       */
      treatiesBinding: z.array(z.enum(BINDING_TREATIES)).max(BINDING_TREATIES.length).optional(),
      /** Human-security hard limits the mission sets, which no signed judgement overrides. */
      hardLimits: z.object({ maxExpectedCivilianDeaths: z.number().int().min(0).optional() }).default({}),
    }),
    situation: z.object({
      armedConflict: z.enum(ARMED_CONFLICT_TYPES).default('unknown'),
      description: z.string().max(5000).default(''),
      /**
       * A planned operation (McCann: its planning and control are judged) rather than a spontaneous response, such as
       * returning fire when attacked. Unknown: the planning duties apply.
       */
      plannedOperation: tri,
      /** The assembly the force is used on, if any (BPUFF P12–P14). */
      assembly: z.enum(ASSEMBLY_KINDS).default('unknown'),
    }),
    purpose: z.enum(FORCE_PURPOSES),
    target: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('person'),
        status: z.enum(PERSON_TARGET_STATUSES).default('unknown'),
        count: z.number().int().min(1).default(1),
        description: z.string().max(2000).default(''),
        /**
         * A child, whatever else the status says: status is a set, and a child may directly participate in hostilities
         * (AP II Art. 4(3)(d); the Paris Principles, 2007). `status: child` implies it.
         */
        child: tri,
      }),
      z.object({
        kind: z.literal('object'),
        status: z.enum(OBJECT_TARGET_STATUSES).default('unknown'),
        description: z.string().max(2000).default(''),
        /** Protected objects lose protection only on conditions: used for harmful acts, warned with a time limit. */
        usedForHarmfulActs: tri,
        warningWithTimeLimitUnheeded: tri,
        /** Cultural property: imperative military necessity (Hague 1954 Art. 4(2)). */
        imperativeMilitaryNecessity: tri,
        /** The objective is a work or installation containing dangerous forces, or at or near one (AP I 56(1), AP II 15). */
        atWorksContainingDangerousForces: tri,
        /** The attack may cause the release of dangerous forces and consequent severe losses among the civilian population. */
        releaseOfDangerousForces: tri,
        /** The special protection has ceased on the conditions of AP I 56(2): for the user to show, never presumed. */
        specialProtectionCeased: tri,
      }),
    ]),
    threat: z.object({
      imminence: z.enum(['imminent', 'not_imminent', 'unknown']).default('unknown'),
      toLife: tri,
      toWhom: z.enum(['civilians', 'own_force', 'others', 'none', 'unknown']).default('unknown'),
      hostileAct: tri,
      hostileIntent: tri,
      evidence: z.string().max(5000).default(''),
    }),
    alternatives: z.object({
      nonViolentMeansTried: tri,
      arrestFeasible: tri,
      warningFeasible: tri,
      warningGiven: tri,
      lessLethalAvailable: tri,
      evacuationPossible: tri,
      targetVerified: tri,
      /** Another feasible means or method would achieve the same aim with less harm (CIHL R17, R85; BPUFF P9). */
      lessHarmfulMeansFeasible: tri,
      /** Another military objective offers a similar advantage with less danger to civilians (CIHL R21). */
      similarObjectiveLessDangerous: tri,
    }),
    means: z.object({
      weapon: z.enum(WEAPON_CLASSES),
      /**
       * The system in the force's capability register: its autonomy, target types and legal review are read from the
       * register, not from the entries below (which stay, and the assessment shows where they differ).
       */
      capabilityId: z.string().trim().min(1).max(100).optional(),
      legalReview: z.enum(LEGAL_REVIEW_STANDINGS).default('unknown'),
      lethal: tri,
      airDelivered: tri,
      /** For cluster munitions: meets all five exclusion criteria of CCM Art. 2(2)(c). */
      meetsClusterExclusionCriteria: tri,
      /** The attack is directed at a specific objective, by a means that can be so directed (CIHL R12 (a), (b)). */
      directedAtSpecificObjective: tri,
      /** The means' effects can be limited as IHL requires (CIHL R12 (c)). */
      effectsCanBeLimited: tri,
      autonomy: z
        .object({
          level: z.enum(AUTONOMY_LEVELS).default('human_operated'),
          targetsPeople: tri,
          predictable: tri,
          humanCanIntervene: tri,
        })
        .default({ level: 'human_operated', targetsPeople: 'unknown', predictable: 'unknown', humanCanIntervene: 'unknown' }),
    }),
    expectedEffects: z.object({
      civilians: expectedHarm.default({}),
      ownForce: expectedHarm.default({}),
      opposingForce: expectedHarm.default({}),
      civilianObjectDamage: z.enum(['none', 'minor', 'major', 'unknown']).default('unknown'),
      childrenPresent: tri,
      populatedArea: tri,
    }),
    location: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), description: z.string().max(500).default('') })
      .optional(),
    at: z.iso.datetime().optional(),
    judgements: z.array(judgementSchema).max(50).default([]),
  })
  .superRefine((request, ctx) => {
    const kinds = new Set<string>();
    request.judgements.forEach((j, index) => {
      if (kinds.has(j.kind)) ctx.addIssue({ code: 'custom', path: ['judgements', index, 'kind'], message: `${j.kind} is judged twice; keep the latest` });
      kinds.add(j.kind);
    });
  });

export type ForceRequestInput = z.input<typeof forceRequestSchema>;
export type ForceRequest = z.output<typeof forceRequestSchema>;
