import fc from 'fast-check';
import {
  ARMED_CONFLICT_TYPES,
  AUTONOMY_LEVELS,
  FORCE_PURPOSES,
  JUDGEMENT_KINDS,
  OBJECT_TARGET_STATUSES,
  PERSON_TARGET_STATUSES,
  WEAPON_CLASSES,
  forceRequestSchema,
  type ForceRequestInput,
} from '../../../src/core/use-of-force/force-request.schema.js';
import { LETHAL_FORCE_GROUNDS, type MissionRoeInput } from '../../../src/core/use-of-force/mission-roe.js';
import { loadScenarios } from './scenarios.js';

/**
 * Generated force requests and ROE cards for the property tests. Wholly random requests almost always need
 * information or are prohibited — a real request has to say a great deal before anything is permitted — so most
 * generated requests are instead the conformance scenarios with a few facts changed at random: every verdict then
 * turns up, and the properties are tested where they could fail.
 */
const tri = fc.constantFrom<'yes' | 'no' | 'unknown'>('yes', 'no', 'yes', 'no', 'unknown');

const estimate = fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40)).map(([a, b, c]) => {
  const [low, best, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
  return { low, best, high };
});
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });

const target = fc.oneof(
  fc.record({ kind: fc.constant('person' as const), status: fc.constantFrom(...PERSON_TARGET_STATUSES), count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('object' as const),
    status: fc.constantFrom(...OBJECT_TARGET_STATUSES),
    usedForHarmfulActs: tri,
    warningWithTimeLimitUnheeded: tri,
    imperativeMilitaryNecessity: tri,
  }),
);

const SIGNER = { userId: 'u-prop', name: 'P. Tester', role: 'human_security_advisor' };
const judgements = fc
  .subarray([...JUDGEMENT_KINDS])
  .chain((kinds) => fc.tuple(...kinds.map((kind) => fc.constantFrom('yes', 'no').map((value) => ({ kind, value, reasoning: 'generated', by: SIGNER, at: '2026-11-20T09:30:00Z' })))));

const randomRequest: fc.Arbitrary<ForceRequestInput> = fc.record({
  mission: fc.record({ name: fc.constant('Generated mission'), civilianApprovalRequired: fc.boolean() }),
  situation: fc.record({ armedConflict: fc.constantFrom(...ARMED_CONFLICT_TYPES) }),
  purpose: fc.constantFrom(...FORCE_PURPOSES),
  target,
  threat: fc.record({
    imminence: fc.constantFrom('imminent', 'not_imminent', 'unknown'),
    toLife: tri,
    toWhom: fc.constantFrom('civilians', 'own_force', 'others', 'none', 'unknown'),
    hostileAct: tri,
    hostileIntent: tri,
  }),
  alternatives: fc.record({
    nonViolentMeansTried: tri,
    arrestFeasible: tri,
    warningFeasible: tri,
    warningGiven: tri,
    lessLethalAvailable: tri,
    evacuationPossible: tri,
    targetVerified: tri,
    lessHarmfulMeansFeasible: tri,
    similarObjectiveLessDangerous: tri,
  }),
  means: fc.record({
    weapon: fc.constantFrom(...WEAPON_CLASSES),
    lethal: tri,
    airDelivered: tri,
    meetsClusterExclusionCriteria: tri,
    directedAtSpecificObjective: tri,
    effectsCanBeLimited: tri,
    autonomy: fc.record({ level: fc.constantFrom(...AUTONOMY_LEVELS), targetsPeople: tri, predictable: tri, humanCanIntervene: tri }),
  }),
  expectedEffects: fc.record({
    civilians: fc.record({ deaths: maybe(estimate), injuries: maybe(estimate) }),
    ownForce: fc.record({ deaths: maybe(estimate) }),
    opposingForce: fc.record({ deaths: maybe(estimate) }),
    civilianObjectDamage: fc.constantFrom('none', 'minor', 'major', 'unknown'),
    childrenPresent: tri,
    populatedArea: tri,
  }),
  judgements,
});

/** Each fact a mutation may change, with the values it may take. */
const MUTATIONS: ReadonlyArray<readonly [string, fc.Arbitrary<unknown>]> = [
  ['situation.armedConflict', fc.constantFrom(...ARMED_CONFLICT_TYPES)],
  ['purpose', fc.constantFrom(...FORCE_PURPOSES)],
  ['target.status', fc.constantFrom(...PERSON_TARGET_STATUSES, ...OBJECT_TARGET_STATUSES)],
  ['target.usedForHarmfulActs', tri],
  ['target.warningWithTimeLimitUnheeded', tri],
  ['target.imperativeMilitaryNecessity', tri],
  ['threat.imminence', fc.constantFrom('imminent', 'not_imminent', 'unknown')],
  ['threat.toLife', tri],
  ['threat.toWhom', fc.constantFrom('civilians', 'own_force', 'others', 'none', 'unknown')],
  ['threat.hostileAct', tri],
  ['threat.hostileIntent', tri],
  ['alternatives.nonViolentMeansTried', tri],
  ['alternatives.arrestFeasible', tri],
  ['alternatives.warningFeasible', tri],
  ['alternatives.warningGiven', tri],
  ['alternatives.lessLethalAvailable', tri],
  ['alternatives.evacuationPossible', tri],
  ['alternatives.targetVerified', tri],
  ['alternatives.lessHarmfulMeansFeasible', tri],
  ['alternatives.similarObjectiveLessDangerous', tri],
  ['means.weapon', fc.constantFrom(...WEAPON_CLASSES)],
  ['means.lethal', tri],
  ['means.airDelivered', tri],
  ['means.meetsClusterExclusionCriteria', tri],
  ['means.directedAtSpecificObjective', tri],
  ['means.effectsCanBeLimited', tri],
  ['means.autonomy.level', fc.constantFrom(...AUTONOMY_LEVELS)],
  ['means.autonomy.targetsPeople', tri],
  ['means.autonomy.predictable', tri],
  ['means.autonomy.humanCanIntervene', tri],
  ['expectedEffects.civilians.deaths', maybe(estimate)],
  ['expectedEffects.civilians.injuries', maybe(estimate)],
  ['expectedEffects.ownForce.deaths', maybe(estimate)],
  ['expectedEffects.opposingForce.deaths', maybe(estimate)],
  ['expectedEffects.civilianObjectDamage', fc.constantFrom('none', 'minor', 'major', 'unknown')],
  ['expectedEffects.childrenPresent', tri],
  ['expectedEffects.populatedArea', tri],
  ['mission.civilianApprovalRequired', fc.boolean()],
  ['judgements', judgements],
];

function setAt(input: ForceRequestInput, path: string, value: unknown): ForceRequestInput {
  const copy = structuredClone(input) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = copy;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as unknown as ForceRequestInput;
}

const mutation = fc.integer({ min: 0, max: MUTATIONS.length - 1 }).chain((i) => MUTATIONS[i]![1].map((value) => [MUTATIONS[i]![0], value] as const));

/** A conformance scenario with up to four facts changed; changes the schema refuses (an object status on a person) are dropped. */
function mutatedScenarios(seeds: readonly ForceRequestInput[]): fc.Arbitrary<ForceRequestInput> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 4 })).map(([seed, changes]) =>
    changes.reduce((input, [path, value]) => {
      const next = setAt(input, path, value);
      return forceRequestSchema.safeParse(next).success ? next : input;
    }, seed),
  );
}

export const forceRequestInput: fc.Arbitrary<ForceRequestInput> = fc.oneof(
  { arbitrary: randomRequest, weight: 1 },
  { arbitrary: mutatedScenarios(loadScenarios().map((s) => s.request as ForceRequestInput)), weight: 4 },
);

const weaponList = fc.uniqueArray(fc.constantFrom(...WEAPON_CLASSES), { minLength: 1, maxLength: 4 });

export const roeRestriction = fc.oneof(
  fc.record({ type: fc.constant('prohibit_means' as const), weapons: weaponList }),
  fc.record({ type: fc.constant('prohibit_lethal_force_unless' as const), grounds: fc.uniqueArray(fc.constantFrom(...LETHAL_FORCE_GROUNDS), { minLength: 1 }) }),
  fc.record({ type: fc.constant('require_warning' as const) }),
  fc.record({ type: fc.constant('require_approval' as const), level: fc.constantFrom('Force Commander', 'Head of Mission'), lethalOnly: fc.boolean() }),
  fc.record({ type: fc.constant('prohibit_in_populated_areas' as const), weapons: weaponList }),
  fc.record({
    type: fc.constant('prohibit_targets' as const),
    persons: fc.uniqueArray(fc.constantFrom(...PERSON_TARGET_STATUSES), { minLength: 1, maxLength: 3 }),
    objects: fc.uniqueArray(fc.constantFrom(...OBJECT_TARGET_STATUSES), { maxLength: 3 }),
  }),
  fc.record({ type: fc.constant('prohibit_autonomy' as const), levels: fc.uniqueArray(fc.constantFrom(...AUTONOMY_LEVELS), { minLength: 1 }) }),
);

export type RoeRestrictionInput = MissionRoeInput['series'][number]['rules'][number]['restriction'];

/** A one-series card holding the given restrictions, numbered 1.1, 1.2 … */
export const roeCard = (restrictions: readonly RoeRestrictionInput[]): MissionRoeInput => ({
  name: 'Generated ROE card',
  issuedBy: 'Generated authority',
  version: '1',
  date: '2026-11-01',
  series: [{ number: 1, title: 'Generated', rules: restrictions.map((restriction, i) => ({ number: i + 1, text: `Generated rule ${i + 1}`, restriction })) }],
});

/**
 * Paths of facts that can be unknown, and how to make each unknown on an input: tri-states and enums become
 * `unknown`, estimates are removed.
 */
export const UNKNOWABLE_PATHS = [
  'situation.armedConflict',
  'target.status',
  'target.usedForHarmfulActs',
  'target.warningWithTimeLimitUnheeded',
  'target.imperativeMilitaryNecessity',
  'threat.imminence',
  'threat.toLife',
  'threat.toWhom',
  'threat.hostileAct',
  'threat.hostileIntent',
  'alternatives.nonViolentMeansTried',
  'alternatives.arrestFeasible',
  'alternatives.warningFeasible',
  'alternatives.warningGiven',
  'alternatives.lessLethalAvailable',
  'alternatives.evacuationPossible',
  'alternatives.targetVerified',
  'alternatives.lessHarmfulMeansFeasible',
  'alternatives.similarObjectiveLessDangerous',
  'means.lethal',
  'means.airDelivered',
  'means.meetsClusterExclusionCriteria',
  'means.directedAtSpecificObjective',
  'means.effectsCanBeLimited',
  'means.autonomy.targetsPeople',
  'means.autonomy.predictable',
  'means.autonomy.humanCanIntervene',
  'expectedEffects.civilians.deaths',
  'expectedEffects.civilians.injuries',
  'expectedEffects.ownForce.deaths',
  'expectedEffects.opposingForce.deaths',
  'expectedEffects.civilianObjectDamage',
  'expectedEffects.childrenPresent',
  'expectedEffects.populatedArea',
] as const;

const ESTIMATES = new Set(['expectedEffects.civilians.deaths', 'expectedEffects.civilians.injuries', 'expectedEffects.ownForce.deaths', 'expectedEffects.opposingForce.deaths']);

/** The value at a path of a plain object, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

/** A copy of the input with the fact at `path` made unknown; undefined if it was not known to begin with. */
export function withUnknown(input: ForceRequestInput, path: string): ForceRequestInput | undefined {
  const current = valueAt(input, path);
  if (current === undefined || current === 'unknown') return undefined;
  const copy = structuredClone(input) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, copy);
  if (ESTIMATES.has(path)) delete parent[last];
  else parent[last] = 'unknown';
  return copy as unknown as ForceRequestInput;
}
