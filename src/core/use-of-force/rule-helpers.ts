import type { EvaluationContext, ExceptionNote, RuleFinding } from './assessment.js';
import type { ForceRequest, Judgement, JudgementKind, TriState } from './force-request.schema.js';
import { FIREARMS, INHERENTLY_LETHAL, isIn, NON_LETHAL_BY_DEFAULT, POINT_MEANS } from './weapon-classes.js';

/**
 * What the rule files share: finding constructors, so every rule reports in the same shape, and readers for the facts
 * several rules depend on, so that "unknown" is read the same way everywhere — never as "no".
 */

interface Extras {
  exception?: ExceptionNote;
  judgement?: Judgement | undefined;
}

/** Drops an absent judgement, so a finding never carries `judgement: undefined` into the trace. */
const extras = ({ exception, judgement }: Extras): Extras => ({ ...(exception ? { exception } : {}), ...(judgement ? { judgement } : {}) });

/** Each constructor returns its own variant, so a narrower finding type (the ROE's) accepts it. */
type Finding<O extends RuleFinding['outcome']> = Extract<RuleFinding, { outcome: O }>;

export const notApplicable = (reason: string): Finding<'not_applicable'> => ({ outcome: 'not_applicable', reason });

export const satisfied = (reason: string, facts: string[], more: Extras = {}): Finding<'satisfied'> => ({ outcome: 'satisfied', reason, facts, ...extras(more) });

export const prohibits = (reason: string, facts: string[], more: Extras = {}): Finding<'prohibits'> => ({ outcome: 'prohibits', reason, facts, ...extras(more) });

export const conditional = (reason: string, condition: string, facts: string[], more: Extras = {}): Finding<'condition'> => ({
  outcome: 'condition',
  reason,
  condition,
  facts,
  ...extras(more),
});

export const needsFact = (reason: string, missing: readonly string[]): Finding<'needs_fact'> => ({ outcome: 'needs_fact', reason, missing: [...new Set(missing)] });

export const needsJudgement = (reason: string, judgement: JudgementKind): Finding<'needs_judgement'> => ({ outcome: 'needs_judgement', reason, judgement });

export const exception = (id: string, statement: string, accepted: boolean, reason: string): ExceptionNote => ({ id, statement, accepted, reason });

export type PersonTarget = Extract<ForceRequest['target'], { kind: 'person' }>;
export type ObjectTarget = Extract<ForceRequest['target'], { kind: 'object' }>;

export const personTarget = (r: ForceRequest): PersonTarget | undefined => (r.target.kind === 'person' ? r.target : undefined);
export const objectTarget = (r: ForceRequest): ObjectTarget | undefined => (r.target.kind === 'object' ? r.target : undefined);

/** The paths, among those given, whose tri-state is `unknown`. */
export const unknownPaths = (facts: ReadonlyArray<readonly [string, string]>): string[] =>
  facts.filter(([value]) => value === 'unknown').map(([, path]) => path);

/**
 * Whether the force may kill. Inherently lethal means are lethal whatever the request says (a contradiction the
 * consistency check reports); a firearm is lethal force unless the request says otherwise, because BPUFF P9 treats
 * firearms used against persons as such; a less-lethal weapon or an arrest team is not, unless the request says so
 * (the OHCHR guidance, 2020, judges their lethal misuse as such); for anything else an unknown stays unknown.
 */
export function lethality(r: ForceRequest): TriState {
  if (isIn(INHERENTLY_LETHAL, r.means.weapon)) return 'yes';
  if (r.means.lethal !== 'unknown') return r.means.lethal;
  if (isIn(FIREARMS, r.means.weapon)) return 'yes';
  return isIn(NON_LETHAL_BY_DEFAULT, r.means.weapon) ? 'no' : 'unknown';
}

/**
 * Whether means less extreme than firearms would suffice (BPUFF P9): the request's `lessHarmfulMeansFeasible` when
 * stated; otherwise, for firearms, none would when no less-lethal means is available and arrest is not feasible — the
 * two less extreme means P9 has in view. (For other lethal means a firearm may itself be the less extreme means.)
 */
export function lessExtremeMeansSuffice(r: ForceRequest): Reading<TriState> {
  const stated = r.alternatives.lessHarmfulMeansFeasible;
  if (stated !== 'unknown') return { value: stated, facts: ['alternatives.lessHarmfulMeansFeasible'] };
  if ((isFirearm(r) || r.means.weapon === 'arrest_team') && r.alternatives.lessLethalAvailable === 'no' && r.alternatives.arrestFeasible === 'no') {
    return { value: 'no', facts: ['alternatives.lessLethalAvailable', 'alternatives.arrestFeasible'] };
  }
  return { value: 'unknown', facts: ['alternatives.lessHarmfulMeansFeasible'] };
}

/** Whether the person targeted is a child: `status: child`, or a child stated alongside another status. */
export function isChild(r: ForceRequest): TriState {
  const person = personTarget(r);
  if (!person) return 'no';
  return person.status === 'child' ? 'yes' : person.child;
}

/** The objective is, or is at or near, a work or installation containing dangerous forces (AP I 56(1), AP II 15). */
export function atDangerousForces(r: ForceRequest): TriState {
  const object = objectTarget(r);
  if (!object) return 'no';
  return object.status === 'dangerous_forces' ? 'yes' : object.atWorksContainingDangerousForces;
}

export const isFirearm = (r: ForceRequest): boolean => isIn(FIREARMS, r.means.weapon);

/** A fact as the rules read it, with the signed judgement that settled it, if any, and the paths it came from. */
export interface Reading<T> {
  value: T;
  judgement?: Judgement;
  facts: string[];
}

/** A signed judgement on the same matter prevails over the request's fact; a disagreement is reported as a contradiction. */
export function threatImminence(r: ForceRequest, context: EvaluationContext): Reading<ForceRequest['threat']['imminence']> {
  const judged = context.judgement('threat_imminent');
  if (judged) return { value: judged.value === 'yes' ? 'imminent' : 'not_imminent', judgement: judged, facts: ['judgements.threat_imminent'] };
  return { value: r.threat.imminence, facts: ['threat.imminence'] };
}

export function arrestFeasibility(r: ForceRequest, context: EvaluationContext): Reading<TriState> {
  const judged = context.judgement('arrest_feasible');
  if (judged) return { value: judged.value, judgement: judged, facts: ['judgements.arrest_feasible'] };
  return { value: r.alternatives.arrestFeasible, facts: ['alternatives.arrestFeasible'] };
}

/** The expected incidental harm to civilians: which estimates are missing, and whether any harm is possible. */
export function civilianHarm(r: ForceRequest): { missing: string[]; possible: boolean; none: boolean; summary: string } {
  const { deaths, injuries } = r.expectedEffects.civilians;
  const damage = r.expectedEffects.civilianObjectDamage;
  const missing = [
    ...(deaths ? [] : ['expectedEffects.civilians.deaths']),
    ...(injuries ? [] : ['expectedEffects.civilians.injuries']),
    ...(damage === 'unknown' ? ['expectedEffects.civilianObjectDamage'] : []),
  ];
  const possible = (deaths?.high ?? 0) > 0 || (injuries?.high ?? 0) > 0 || damage === 'minor' || damage === 'major';
  const range = (e: { low: number; best: number; high: number } | undefined) => (e ? `${e.best} (${e.low}–${e.high})` : 'unknown');
  const summary = `civilian deaths ${range(deaths)}, injuries ${range(injuries)}, damage to civilian objects ${damage}`;
  return { missing, possible, none: missing.length === 0 && !possible, summary };
}

/**
 * Whether civilians may be affected by the force: yes on any sign of it; no only when the area is known not to be
 * populated, no children are known to be present and the expected civilian harm is known to be nil; otherwise
 * unknown, with the facts that would settle it.
 */
export function civiliansMayBeAffected(r: ForceRequest): { value: TriState; missing: string[] } {
  const harm = civilianHarm(r);
  const { populatedArea, childrenPresent } = r.expectedEffects;
  if (populatedArea === 'yes' || childrenPresent === 'yes' || harm.possible) return { value: 'yes', missing: [] };
  if (harm.none && populatedArea === 'no' && childrenPresent === 'no') return { value: 'no', missing: [] };
  return {
    value: 'unknown',
    missing: [...harm.missing, ...unknownPaths([[populatedArea, 'expectedEffects.populatedArea'], [childrenPresent, 'expectedEffects.childrenPresent']])],
  };
}

/**
 * CIHL R12's limbs on the facts: which are met, and which facts are missing. A means a person aims at the described
 * target, with effects that stay there, is directed and limited by its nature; any other means must be described.
 */
export function indiscriminateLimbs(r: ForceRequest): { met: string[]; missing: string[] } {
  // An interceptor is aimed at one munition by design; its predictability, supervised or not, is CIHL R71's question.
  const mustBeDescribed = !isIn(POINT_MEANS, r.means.weapon) || (isAutonomous(r) && !isInterception(r));
  const { directedAtSpecificObjective: directed, effectsCanBeLimited: limited } = r.means;
  const met = [
    ...(directed === 'no' ? ['(a)/(b) not directed, or not capable of being directed, at a specific military objective'] : []),
    ...(limited === 'no' ? ['(c) its effects cannot be limited as IHL requires'] : []),
  ];
  const missing = mustBeDescribed ? unknownPaths([[directed, 'means.directedAtSpecificObjective'], [limited, 'means.effectsCanBeLimited']]) : [];
  return { met, missing };
}

/** A system that selects or engages targets itself, supervised or not. */
export const isAutonomous = (r: ForceRequest): boolean => r.means.autonomy.level !== 'human_operated';

/** A system aimed at a person targets people, whatever its configuration says. */
export const systemTargetsPeople = (r: ForceRequest): TriState => (r.target.kind === 'person' ? 'yes' : r.means.autonomy.targetsPeople);

/** How a signed judgement reads in a reason. */
export const judgedBy = (j: Judgement): string => `judged "${j.value}" by ${j.by.name} (${j.by.role}) at ${j.at}`;

/** A defensive interceptor against a munition or aircraft in flight: force that is not against a person. */
export const isInterception = (r: ForceRequest): boolean => r.means.weapon === 'interceptor' && r.target.kind === 'object' && r.target.status === 'munition_in_flight';
