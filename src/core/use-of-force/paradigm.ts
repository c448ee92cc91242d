import type { Paradigm, Regime, TraceEntry } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';
import { HOSTILITIES_PURPOSES, LAW_ENFORCEMENT_PURPOSES, PURPOSE_NAMES } from './purposes.js';

/**
 * Paradigm first (use-of-force.md, design rule 1): which body of rules governs the act is decided, and recorded with
 * its reason, before any weapon is judged. Riot-control agents and expanding bullets show why: prohibited as a method
 * of warfare, they can be lawful in policing.
 */
export interface ParadigmDecision {
  paradigm: Paradigm | 'undetermined';
  reason: string;
  /** The request paths the decision read. */
  facts: string[];
  /** What must be known before a paradigm can be decided. */
  missing: string[];
}

/** Targets that IHL allows to be attacked in the conduct of hostilities (persons by status or conduct, objects by R8). */
const LAWFUL_OBJECTS_OF_ATTACK: readonly string[] = ['fighter', 'civilian_directly_participating', 'military_objective', 'dual_use', 'munition_in_flight'];

const TARGET_NAMES: Record<string, string> = {
  fighter: 'a fighter',
  civilian_directly_participating: 'a civilian directly participating in hostilities',
  military_objective: 'a military objective',
  dual_use: 'a dual-use object',
  munition_in_flight: 'a munition or aircraft in flight',
};

/**
 * The paradigm for the IHL column. IHL governs only in an armed conflict; within one, policing (arrest, an escape, a
 * crowd or riot) stays law enforcement, an attack on a military objective is conduct of hostilities, and force for any
 * other purpose follows the target: against a lawful object of attack it is hostilities; against anyone or anything
 * else — including a target whose status is in doubt, presumed civilian — it can be lawful only as law enforcement.
 */
export function decideIhlParadigm(r: ForceRequest): ParadigmDecision {
  const conflict = r.situation.armedConflict;
  if (conflict === 'unknown') {
    return {
      paradigm: 'undetermined',
      reason: 'Whether there is an armed conflict is unknown. IHL governs only in an armed conflict, so no paradigm can be decided; nothing is presumed.',
      facts: ['situation.armedConflict'],
      missing: ['situation.armedConflict'],
    };
  }
  if (conflict === 'none') {
    return {
      paradigm: 'law_enforcement',
      reason: 'There is no armed conflict: IHL does not apply, and law enforcement under international human rights law is the legal floor.',
      facts: ['situation.armedConflict'],
      missing: [],
    };
  }
  const kind = conflict === 'international' ? 'an international armed conflict' : 'a non-international armed conflict';
  const purpose = PURPOSE_NAMES[r.purpose];
  if (LAW_ENFORCEMENT_PURPOSES.includes(r.purpose)) {
    return {
      paradigm: 'law_enforcement',
      reason: `There is ${kind}, but the purpose is ${purpose}: policing, which law enforcement governs even in an armed conflict (the riot, detention and escape cases of the ICRC expert meeting, 2013).`,
      facts: ['situation.armedConflict', 'purpose'],
      missing: [],
    };
  }
  if (HOSTILITIES_PURPOSES.includes(r.purpose)) {
    return {
      paradigm: 'conduct_of_hostilities',
      reason: `There is ${kind} and the purpose is ${purpose}: an attack, governed by the conduct of hostilities; the distinction rules decide whether this target may be attacked.`,
      facts: ['situation.armedConflict', 'purpose'],
      missing: [],
    };
  }
  const status = r.target.status;
  const judgedMilitaryObjective = r.target.kind === 'object' && r.judgements.some((j) => j.kind === 'object_is_military_objective' && j.value === 'yes');
  if (judgedMilitaryObjective && status !== 'unknown') {
    return {
      paradigm: 'conduct_of_hostilities',
      reason: `There is ${kind} and the object has been judged a military objective (CIHL R8): force against it is an attack, governed by the conduct of hostilities, whatever the stated purpose (${purpose}); its special protection, if any, still decides whether it may be attacked.`,
      facts: ['situation.armedConflict', 'purpose', 'target.status', 'judgements.object_is_military_objective'],
      missing: [],
    };
  }
  if (LAWFUL_OBJECTS_OF_ATTACK.includes(status)) {
    return {
      paradigm: 'conduct_of_hostilities',
      reason: `There is ${kind} and the target is ${TARGET_NAMES[status] ?? status}: IHL governs force against it as conduct of hostilities, whatever the stated purpose (${purpose}).`,
      facts: ['situation.armedConflict', 'purpose', 'target.status'],
      missing: [],
    };
  }
  const doubt =
    status === 'unknown' ? ` Its status is unknown, and in doubt it is presumed civilian (${r.target.kind === 'person' ? 'AP I 50(1)' : 'AP I 52(3)'}).` : '';
  return {
    paradigm: 'law_enforcement',
    reason: `There is ${kind}, but the target is not a lawful object of attack and the purpose (${purpose}) is not an attack.${doubt} Force against it can be lawful only as law enforcement.`,
    facts: ['situation.armedConflict', 'purpose', 'target.status'],
    missing: [],
  };
}

/** The human-security column always applies law enforcement (design rule 1), in an armed conflict or not. */
export function decideHumanSecurityParadigm(): ParadigmDecision {
  return {
    paradigm: 'law_enforcement',
    reason:
      'Human security always applies the law-enforcement paradigm: force against a person only to protect life, under the rules of policing, whatever the situation. In an armed conflict IHL stays the legal floor beneath it.',
    facts: [],
    missing: [],
  };
}

/** The decision as the trace records it: first in each column, so the paradigm is read before any rule. */
export function paradigmEntry(decision: ParadigmDecision, column: Regime): TraceEntry {
  const ihl = column === 'ihl';
  return {
    ruleId: ihl ? 'ENGINE-PARADIGM-IHL' : 'ENGINE-PARADIGM-HS',
    ruleSet: 'engine',
    source: ihl
      ? 'Haven engine; docs/use-of-force.md, design rule 1 (paradigm first); ICRC expert meeting on the interplay of the two paradigms (2013) [M details]'
      : 'Haven engine; docs/use-of-force.md, design rule 1 (the human-security regime always applies the law-enforcement paradigm)',
    statement: ihl
      ? 'Decide whether the act is conduct of hostilities or law enforcement before judging the means.'
      : 'Human security always applies the law-enforcement paradigm.',
    verification: ihl ? 'M' : 'V',
    ...(ihl ? { unchecked: 'The five hard cases of the ICRC expert meeting on the interplay of the two paradigms (2013) were not checked against its report.' } : {}),
    finding:
      decision.paradigm === 'undetermined'
        ? { outcome: 'needs_fact', reason: decision.reason, missing: decision.missing }
        : { outcome: 'satisfied', reason: decision.reason, facts: decision.facts },
  };
}
