import type { EvaluationContext, TraceEntry } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';
import { isAutonomous, isFirearm, personTarget } from './rule-helpers.js';
import { INHERENTLY_LETHAL, isIn, WEAPON_NAMES } from './weapon-classes.js';

/**
 * Facts that contradict each other. The engine never picks one side: it names the facts and asks which is true, so an
 * assessment built on a contradiction can never be more than `needs_information`. (The rules meanwhile read the
 * contradicted facts protectively, so the trace still shows what each reading would mean.)
 */
export interface Contradiction {
  /** Request paths to correct: one of them is wrong. */
  paths: string[];
  message: string;
}

export function contradictionsIn(r: ForceRequest, judgement: EvaluationContext['judgement']): Contradiction[] {
  const found: Contradiction[] = [];
  const add = (paths: string[], message: string) => found.push({ paths, message });
  const person = personTarget(r);

  if (r.means.lethal === 'no' && isIn(INHERENTLY_LETHAL, r.means.weapon)) {
    add(['means.lethal', 'means.weapon'], `The force is called non-lethal, but ${WEAPON_NAMES[r.means.weapon]} kill by design.`);
  }
  if (r.alternatives.warningGiven === 'yes' && r.alternatives.warningFeasible === 'no') {
    add(['alternatives.warningGiven', 'alternatives.warningFeasible'], 'A warning is said to have been given, and also not to be feasible.');
  }
  if (r.threat.toWhom === 'none' && (r.threat.imminence === 'imminent' || r.threat.toLife === 'yes')) {
    add(['threat.toWhom', 'threat.imminence', 'threat.toLife'], 'The threat is said to be imminent or to life, yet to threaten no one.');
  }
  if (person && (person.status === 'surrendering' || person.status === 'hors_de_combat') && r.threat.hostileAct === 'yes') {
    add(['target.status', 'threat.hostileAct'], 'The person is said to be surrendering or hors de combat, and to be committing a hostile act: one excludes the other.');
  }
  if (person?.status === 'child' && person.child === 'no') {
    add(['target.status', 'target.child'], 'The status is child, yet the person is said not to be a child.');
  }
  if ((person?.status === 'child' || person?.child === 'yes') && r.expectedEffects.childrenPresent === 'no') {
    add(['target.status', 'expectedEffects.childrenPresent'], 'The target is a child, yet no children are said to be present.');
  }
  const { lessHarmfulMeansFeasible, lessLethalAvailable, arrestFeasible } = r.alternatives;
  if (person && (isFirearm(r) || r.means.weapon === 'arrest_team') && lessHarmfulMeansFeasible === 'yes' && lessLethalAvailable === 'no' && arrestFeasible === 'no') {
    add(
      ['alternatives.lessHarmfulMeansFeasible', 'alternatives.lessLethalAvailable', 'alternatives.arrestFeasible'],
      'Means less extreme than firearms are said to suffice, yet no less-lethal means is available and arrest is not feasible.',
    );
  }
  if (r.means.weapon === 'autonomous_system' && !isAutonomous(r)) {
    add(['means.weapon', 'means.autonomy.level'], 'The weapon is an autonomous system, yet said to be operated by a person.');
  }
  if (isAutonomous(r) && person && r.means.autonomy.targetsPeople === 'no') {
    add(['means.autonomy.targetsPeople', 'target.kind'], 'The system is said not to target people, yet its target is a person.');
  }
  const imminent = judgement('threat_imminent');
  if (imminent && r.threat.imminence !== 'unknown' && (imminent.value === 'yes') !== (r.threat.imminence === 'imminent')) {
    add(['threat.imminence'], `The request says the threat is ${r.threat.imminence.replace('_', ' ')}; ${imminent.by.name} judged "${imminent.value}" on whether it is imminent.`);
  }
  const arrest = judgement('arrest_feasible');
  if (arrest && r.alternatives.arrestFeasible !== 'unknown' && arrest.value !== r.alternatives.arrestFeasible) {
    add(['alternatives.arrestFeasible'], `The request says arrest is ${r.alternatives.arrestFeasible === 'yes' ? '' : 'not '}feasible; ${arrest.by.name} judged "${arrest.value}".`);
  }
  return found;
}

/** The consistency check as the first entry of each trace. */
export function factConsistencyEntry(r: ForceRequest, judgement: EvaluationContext['judgement']): TraceEntry {
  const contradictions = contradictionsIn(r, judgement);
  return {
    ruleId: 'ENGINE-FACTS',
    ruleSet: 'engine',
    source: 'Haven engine; docs/use-of-force.md, design rule 4 (unknown is never false)',
    statement: 'Facts that contradict each other are not settled by guessing: the engine names them and asks which is true.',
    verification: 'V',
    finding:
      contradictions.length > 0
        ? { outcome: 'needs_fact', reason: `The facts contradict each other: ${contradictions.map((c) => c.message).join(' ')}`, missing: [...new Set(contradictions.flatMap((c) => c.paths))] }
        : { outcome: 'satisfied', reason: 'No contradiction among the facts the engine checks.', facts: [] },
  };
}
