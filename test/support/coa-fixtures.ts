import type { PlanningDraftInput } from '../../src/core/courses-of-action/coa-api.schema.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';

/** Courses of action in a fictional area north of Maiduguri: a box of 0.4° by 0.3°, and places inside it. */
export const AREA = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [13.0, 11.7],
      [13.4, 11.7],
      [13.4, 12.0],
      [13.0, 12.0],
      [13.0, 11.7],
    ] as [number, number][],
  ],
};
export const COMPOUND = { lat: 11.85, lon: 13.16 };

const harm = (low: number, best: number, high: number) => ({ low, best, high });

/** A fighter in a compound: hostilities (a military objective), at the compound, on a given day. */
export const strikeRequest = (at = '2025-06-10T04:00:00Z', mission = 'Lake Shield'): ForceRequestInput => ({
  mission: { name: mission, civilianApprovalRequired: false },
  situation: { armedConflict: 'non_international', description: 'A commander of the armed group in a compound' },
  purpose: 'neutralise_military_objective',
  target: { kind: 'person', status: 'fighter', description: 'A commander of the armed group' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: {
    civilians: { deaths: harm(0, 1, 2), injuries: harm(0, 1, 3) },
    ownForce: { deaths: harm(0, 0, 1), injuries: harm(0, 1, 2) },
    opposingForce: { deaths: harm(1, 2, 4), injuries: harm(0, 1, 2) },
    civilianObjectDamage: 'none',
    populatedArea: 'no',
    childrenPresent: 'no',
  },
  location: { ...COMPOUND, description: 'Compound north of the river' },
  at,
});

/** An arrest team that may have to use force: law enforcement, at the compound. */
export const arrestRequest = (): ForceRequestInput => ({
  ...strikeRequest(),
  purpose: 'arrest',
  situation: { armedConflict: 'non_international', description: 'Arrest of the commander in his compound' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: {
    civilians: { deaths: harm(0, 0, 1), injuries: harm(0, 1, 2) },
    ownForce: { deaths: harm(0, 0, 1), injuries: harm(0, 1, 3) },
    opposingForce: { deaths: harm(0, 1, 1), injuries: harm(0, 1, 2) },
    civilianObjectDamage: 'none',
    populatedArea: 'no',
    childrenPresent: 'no',
  },
});

const everyone = (deaths: [number, number, number], injuries: [number, number, number]) => {
  const g = { deaths: harm(...deaths), injuries: harm(...injuries) };
  return { civilians: g, own: g, allies: g, opponents: g };
};

/** Two courses: a patrol and an arrest, or a strike. */
export const planningDraft = (overrides: Partial<PlanningDraftInput['situation']> = {}): PlanningDraftInput => ({
  situation: { name: 'Compound north of the river', area: AREA, period: { from: '2025-06-01', to: '2025-06-30' }, mandate: 'Protection of civilians', ...overrides },
  coursesOfAction: [
    {
      name: 'Patrol and arrest',
      summary: 'Patrol the villages around the compound, then arrest the commander',
      actions: [
        { kind: 'patrol', description: 'Day and night patrols of the three villages', expected: everyone([0, 0, 0.5], [0, 0.2, 1]), probabilityOfSuccess: 0.7 },
        { kind: 'force', request: arrestRequest(), allies: { deaths: harm(0, 0, 0), injuries: harm(0, 0, 0) } },
      ],
    },
    {
      name: 'Strike',
      summary: 'Neutralise the commander in the compound',
      actions: [{ kind: 'force', request: strikeRequest(), allies: { deaths: harm(0, 0, 0), injuries: harm(0, 0, 0) } }],
    },
  ],
});
