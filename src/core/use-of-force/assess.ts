import {
  ADVISORY_NOTICE,
  combine,
  type Assessment,
  type EvaluationContext,
  type Paradigm,
  type Regime,
  type RegimeAssessment,
  type RuleDefinition,
  type TraceEntry,
} from './assessment.js';
import { explainDivergence } from './divergence.js';
import { expectedDeaths } from './expected-deaths.js';
import { factConsistencyEntry } from './fact-consistency.js';
import type { BindingTreaty, ForceRequest, Judgement } from './force-request.schema.js';
import { compileRoe, type MissionRoe } from './mission-roe.js';
import { registeredSystemEntry, withRegisteredSystem, type RegisteredSystem } from './registered-system.js';
import { situationContextEntry, type SituationContext } from './situation-context.js';
import { notApplicable, needsFact } from './rule-helpers.js';
import { decideHumanSecurityParadigm, decideIhlParadigm, paradigmEntry, type ParadigmDecision } from './paradigm.js';
import { AUTONOMY, BUILT_IN_RULE_SETS, HUMAN_SECURITY, IHL, LAW_ENFORCEMENT, TREATIES } from './rule-sets/catalogue.js';

/**
 * The use-of-force assessment engine: one request in, two verdicts out — under IHL and under human security — with the
 * trace of every rule considered. Pure and deterministic: no clock, no I/O, no randomness; the same request and ROE
 * give the same assessment, byte for byte, so a decision can be re-explained years later exactly as it was made.
 */
export const ENGINE_VERSION = '2026.12.1';

export interface AssessOptions {
  /** The mission's ROE card: restrictions added to the human-security column. */
  roe?: MissionRoe;
  /** What the register knows about the place (gathered by the application from the store). */
  context?: SituationContext;
  /** The system the request names, as the capability register holds it (read by the application). */
  system?: RegisteredSystem;
}

interface Column {
  paradigm: Paradigm | 'undetermined';
  context: EvaluationContext;
}

const FLOOR_EXCLUDED =
  'Not taken into the human-security column: this rule on means binds only in the conduct of hostilities, and human security applies law enforcement, where the law-enforcement rules and the treaties judge this means.';

/** Why a rule does not apply in a column, or undefined if it does: the paradigm, then its scope, then its paradigms. */
function whyNotApplicable(rule: RuleDefinition, r: ForceRequest, column: Column): string | undefined {
  if (column.paradigm === 'undetermined') return 'The paradigm is undetermined until it is known whether there is an armed conflict.';
  const conflict = r.situation.armedConflict;
  switch (rule.scope) {
    case 'armed_conflict':
      if (conflict === 'none') return 'There is no armed conflict, and this rule applies only in one.';
      break;
    case 'international':
      if (conflict === 'none' || conflict === 'non_international') return 'This rule applies in international armed conflicts only.';
      break;
    case 'non_international':
      if (conflict === 'none' || conflict === 'international') return 'This rule applies in non-international armed conflicts only.';
      break;
    case 'law_enforcement':
    case 'all':
      break;
  }
  if (rule.paradigms && !rule.paradigms.includes(column.paradigm)) {
    return column.paradigm === 'law_enforcement'
      ? 'This rule governs the conduct of hostilities, and the act is assessed under law enforcement.'
      : 'This rule governs law enforcement, and the act is assessed as conduct of hostilities.';
  }
  return undefined;
}

function run(rule: RuleDefinition, r: ForceRequest, column: Column): TraceEntry {
  const skip = whyNotApplicable(rule, r, column);
  return {
    ruleId: rule.id,
    ruleSet: rule.ruleSet,
    source: rule.source,
    statement: rule.statement,
    verification: rule.verification,
    ...(rule.quotes ? { quotes: rule.quotes } : {}),
    ...(rule.unchecked ? { unchecked: rule.unchecked } : {}),
    finding: skip ? { outcome: 'not_applicable', reason: skip } : rule.evaluate(r, column.context),
  };
}

/** An IHL entry as the human-security column carries it: the legal floor, except the hostilities-only means rules. */
function asFloor(entry: TraceEntry, rule: RuleDefinition | undefined): TraceEntry {
  if (rule?.hostilitiesOnlyMeans && entry.finding.outcome !== 'not_applicable') return { ...entry, floor: true, finding: { outcome: 'not_applicable', reason: FLOOR_EXCLUDED } };
  return { ...entry, floor: true };
}

/** The treaty rules that bind only the states party: the IHL column applies each for a force the treaty binds. */
const TREATY_OF_RULE: Readonly<Record<string, BindingTreaty>> = {
  'OTTAWA-1': 'ottawa_convention',
  'CCM-1': 'cluster_munitions_convention',
  'CCW-III-2': 'ccw_protocol_iii',
  'CCW-IV-1': 'ccw_protocol_iv',
};

const TREATY_NAMES: Readonly<Record<BindingTreaty, string>> = {
  ottawa_convention: 'the Ottawa Convention',
  cluster_munitions_convention: 'the Convention on Cluster Munitions',
  ccw_protocol_iii: 'CCW Protocol III',
  ccw_protocol_iv: 'CCW Protocol IV',
};

/** A treaty rule as the IHL column runs it: for the states party, as the mission says which treaties bind the force. */
function asBindingTreaty(rule: RuleDefinition, treaty: BindingTreaty): RuleDefinition {
  return {
    ...rule,
    evaluate(r, context) {
      const finding = rule.evaluate(r, context);
      if (finding.outcome === 'not_applicable') return finding;
      const binding = r.mission.treatiesBinding;
      if (binding === undefined) {
        // Whether the treaty binds matters only where it would refuse or ask: what it allows, it allows either way.
        if (finding.outcome !== 'prohibits' && finding.outcome !== 'needs_fact') return finding;
        const more = finding.outcome === 'needs_fact' ? finding.missing : [];
        return needsFact(`${TREATY_NAMES[treaty]} governs this means and binds the states party to it: say which treaties bind this force.`, ['mission.treatiesBinding', ...more]);
      }
      if (!binding.includes(treaty)) return notApplicable(`${TREATY_NAMES[treaty]} does not bind this force (the mission says so); human security applies it regardless.`);
      return finding;
    },
  };
}

const BINDING_TREATY_RULES: readonly RuleDefinition[] = TREATIES.rules.flatMap((rule) => {
  const treaty = TREATY_OF_RULE[rule.id];
  return treaty ? [asBindingTreaty(rule, treaty)] : [];
});

/** What the first column is: IHL in an armed conflict; human rights law, the legal floor, where there is none. */
export function regimeLabel(regime: Regime, r: ForceRequest): string {
  if (regime === 'human_security') return 'Human security';
  switch (r.situation.armedConflict) {
    case 'none':
      return 'International human rights law (no armed conflict)';
    case 'unknown':
      return 'International humanitarian law (whether there is an armed conflict is unknown)';
    case 'international':
    case 'non_international':
      return 'International humanitarian law';
  }
}

function regimeAssessment(regime: Regime, r: ForceRequest, decision: ParadigmDecision, trace: TraceEntry[]): RegimeAssessment {
  return { regime, label: regimeLabel(regime, r), paradigm: decision.paradigm, paradigmReason: decision.reason, ...combine(trace), trace };
}

/** The signed judgements the findings relied on, in the order the request gives them. */
function judgementsUsed(r: ForceRequest, traces: readonly TraceEntry[][]): Judgement[] {
  const used = new Set<string>();
  for (const entry of traces.flat()) {
    const f = entry.finding;
    if ((f.outcome === 'satisfied' || f.outcome === 'prohibits' || f.outcome === 'condition') && f.judgement) used.add(f.judgement.kind);
  }
  return r.judgements.filter((j) => used.has(j.kind));
}

export function assess(submitted: ForceRequest, options: AssessOptions = {}): Assessment {
  // A named system's facts come from the register; the request's own entries are kept, and where they differ it says so.
  const system = options.system && options.system.capabilityId === submitted.means.capabilityId ? options.system : undefined;
  const { request, differences } = system ? withRegisteredSystem(submitted, system) : { request: submitted, differences: [] };
  const judgement: EvaluationContext['judgement'] = (kind) => request.judgements.find((j) => j.kind === kind);
  const armedConflict = request.situation.armedConflict === 'international' || request.situation.armedConflict === 'non_international';
  const facts = factConsistencyEntry(request, judgement);
  const registered = registeredSystemEntry(request, system, differences);
  const place = situationContextEntry(request, options.context);

  // IHL column: the law. In hostilities, the IHL rules; in law enforcement, the law-enforcement rules as the legal
  // floor, with the IHL rules that bind in every paradigm of an armed conflict.
  const ihlDecision = decideIhlParadigm(request);
  const ihlColumn: Column = {
    paradigm: ihlDecision.paradigm,
    context: { regime: 'ihl', paradigm: ihlDecision.paradigm === 'undetermined' ? 'law_enforcement' : ihlDecision.paradigm, armedConflict, judgement },
  };
  const ihlParadigm = paradigmEntry(ihlDecision, 'ihl');
  const ihlRules = IHL.rules.map((rule) => run(rule, request, ihlColumn));
  const ihlTrace = [
    facts,
    registered,
    place,
    ihlParadigm,
    ...ihlRules,
    ...LAW_ENFORCEMENT.rules.map((rule) => run(rule, request, ihlColumn)),
    // The treaties that bind the force's states, as the law of this column (human security applies them to everyone).
    ...BINDING_TREATY_RULES.map((rule) => run(rule, request, ihlColumn)),
  ];

  // Human-security column: always law enforcement, on the IHL floor, with the principles, the treaties, the autonomy
  // rules and the mission's ROE — each of which can only add restrictions.
  const hsDecision = decideHumanSecurityParadigm();
  const hsColumn: Column = { paradigm: 'law_enforcement', context: { regime: 'human_security', paradigm: 'law_enforcement', armedConflict, judgement } };
  const roe = options.roe ? compileRoe(options.roe) : undefined;
  const ihlRuleById = new Map(IHL.rules.map((rule) => [rule.id, rule]));
  const hsTrace = [
    facts,
    registered,
    place,
    paradigmEntry(hsDecision, 'human_security'),
    asFloor(ihlParadigm, undefined),
    ...ihlRules.map((entry) => asFloor(entry, ihlRuleById.get(entry.ruleId))),
    ...[LAW_ENFORCEMENT, HUMAN_SECURITY, TREATIES, AUTONOMY].flatMap((set) => set.rules.map((rule) => run(rule, request, hsColumn))),
    ...(roe?.rules ?? []).map((rule) => run(rule, request, hsColumn)),
  ];

  const ihl = regimeAssessment('ihl', request, ihlDecision, ihlTrace);
  const humanSecurity = regimeAssessment('human_security', request, hsDecision, hsTrace);
  return {
    engineVersion: ENGINE_VERSION,
    ruleSets: [...BUILT_IN_RULE_SETS.map((set) => set.version), ...(roe ? [roe.version] : [])],
    ihl,
    humanSecurity,
    divergence: explainDivergence(request, ihl, humanSecurity),
    situationContext: options.context ?? null,
    registeredSystem: system ?? null,
    expectedDeaths: expectedDeaths(request),
    judgementsUsed: judgementsUsed(request, [ihlTrace, hsTrace]),
    notice: ADVISORY_NOTICE,
  };
}
