import type { ForceRequestInput } from '../core/use-of-force/force-request.schema.js';

/**
 * Three proposed uses of force for the exercise scenario, in its towns and at the end of its period, so the queue,
 * both verdicts and the register's context have something to show on first start. No judgement is pre-signed: the
 * people who use the demo enter them.
 */
const mission: ForceRequestInput['mission'] = {
  name: 'EXERCISE Lake Shield',
  mandate: 'Protection of civilians under a Security Council mandate (exercise)',
  civilianApprovalRequired: true,
  // The exercise force's contributing states are party to these treaties, so the IHL column applies them too.
  treatiesBinding: ['ccw_protocol_iii', 'ccw_protocol_iv', 'cluster_munitions_convention', 'ottawa_convention'],
  // A ceiling no signed judgement overrides under human security.
  hardLimits: { maxExpectedCivilianDeaths: 5 },
};
const noHarm = { low: 0, best: 0, high: 0 };

export const EXERCISE_FORCE_REQUESTS: readonly ForceRequestInput[] = [
  {
    mission,
    situation: { armedConflict: 'non_international', description: 'EXERCISE. A fighter of the Lake Front, asleep in a compound outside Konduga, far from any fighting.' },
    purpose: 'neutralise_military_objective',
    target: { kind: 'person', status: 'fighter', count: 1, description: 'A known fighter, asleep, alone' },
    threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no', evidence: 'Observed for two days by a patrol' },
    alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', evacuationPossible: 'yes', targetVerified: 'yes' },
    means: { weapon: 'small_arms', lethal: 'yes' },
    expectedEffects: { civilians: { deaths: noHarm, injuries: noHarm }, ownForce: { deaths: noHarm }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
    location: { lat: 11.66, lon: 13.41, description: 'Compound 2 km north of Konduga' },
    at: '2025-12-20T04:00:00Z',
  },
  {
    mission,
    situation: { armedConflict: 'non_international', description: 'EXERCISE. A pick-up does not stop at the Bama road checkpoint; a passenger fires at the sentry.', plannedOperation: 'no' },
    purpose: 'self_defence',
    target: { kind: 'person', status: 'unknown', count: 2, description: 'Driver and passenger of a pick-up that did not stop' },
    threat: { imminence: 'imminent', toLife: 'yes', toWhom: 'own_force', hostileAct: 'yes', hostileIntent: 'yes', evidence: 'Shots fired from the vehicle' },
    alternatives: { nonViolentMeansTried: 'yes', arrestFeasible: 'no', warningFeasible: 'yes', warningGiven: 'yes', lessLethalAvailable: 'no', targetVerified: 'yes', lessHarmfulMeansFeasible: 'no' },
    means: { weapon: 'small_arms', lethal: 'yes' },
    expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 1 } }, ownForce: { deaths: noHarm }, opposingForce: { deaths: { low: 0, best: 1, high: 2 } }, civilianObjectDamage: 'minor', populatedArea: 'no', childrenPresent: 'unknown' },
    location: { lat: 11.53, lon: 13.67, description: 'Checkpoint on the Bama road' },
    at: '2025-12-22T17:30:00Z',
  },
  {
    mission,
    situation: { armedConflict: 'non_international', description: 'EXERCISE. A proposed drone strike on a Lake Front commander seen in the Monguno market on market day.' },
    purpose: 'neutralise_military_objective',
    target: { kind: 'person', status: 'fighter', count: 1, description: 'A commander of the Lake Front, in a crowded market' },
    threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
    alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'no', warningFeasible: 'no', warningGiven: 'no', lessLethalAvailable: 'no', evacuationPossible: 'no', targetVerified: 'yes' },
    means: { weapon: 'drone_strike', lethal: 'yes' },
    expectedEffects: {
      civilians: { deaths: { low: 3, best: 8, high: 15 }, injuries: { low: 10, best: 25, high: 50 } },
      ownForce: { deaths: noHarm },
      opposingForce: { deaths: { low: 1, best: 1, high: 3 } },
      civilianObjectDamage: 'major',
      populatedArea: 'yes',
      childrenPresent: 'yes',
    },
    location: { lat: 12.67, lon: 13.61, description: 'Monguno market' },
    at: '2025-12-27T10:00:00Z',
  },
];
