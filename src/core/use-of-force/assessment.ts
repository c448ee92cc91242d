import type { ForceRequest, Judgement, JudgementKind } from './force-request.schema.js';
import type { SituationContext } from './situation-context.js';
import type { RegisteredSystem } from './registered-system.js';

/**
 * What the engine produces: one assessment per regime, side by side, with the trace of every rule it considered.
 * An assessment is advice. It never authorises force: a named person decides.
 */
export const REGIMES = ['ihl', 'human_security'] as const;
export type Regime = (typeof REGIMES)[number];

export const PARADIGMS = ['conduct_of_hostilities', 'law_enforcement'] as const;
export type Paradigm = (typeof PARADIGMS)[number];

/** Ordered from the most to the least restrictive: combining takes the first that any finding calls for. */
export const VERDICTS = ['prohibited', 'needs_information', 'needs_human_judgement', 'permitted_with_conditions', 'permitted'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** True when `a` allows more than `b` (it comes later in VERDICTS). */
export const isMorePermissive = (a: Verdict, b: Verdict): boolean => VERDICTS.indexOf(a) > VERDICTS.indexOf(b);

/** `engine` marks the engine's own steps in a trace (the paradigm decision, the consistency of the facts): not law. */
export const RULE_SETS = ['ihl', 'law_enforcement', 'human_security', 'treaties', 'autonomy', 'mission_roe', 'engine'] as const;
export type RuleSetId = (typeof RULE_SETS)[number];

export interface RuleSetVersion {
  id: RuleSetId;
  version: string;
  /** The date the rule set's text was fixed; an assessment names it so it can be re-explained later. */
  date: string;
  title: string;
}

/** A rule's exception, named, and whether the facts made it apply. */
export interface ExceptionNote {
  id: string;
  statement: string;
  accepted: boolean;
  reason: string;
}

export type RuleFinding =
  | { outcome: 'not_applicable'; reason: string }
  | { outcome: 'satisfied'; reason: string; facts: string[]; exception?: ExceptionNote; judgement?: Judgement }
  | { outcome: 'prohibits'; reason: string; facts: string[]; exception?: ExceptionNote; judgement?: Judgement }
  | { outcome: 'condition'; reason: string; condition: string; facts: string[]; exception?: ExceptionNote; judgement?: Judgement }
  | { outcome: 'needs_fact'; reason: string; missing: string[] }
  | { outcome: 'needs_judgement'; reason: string; judgement: JudgementKind };

/** What a rule sees: the request, the paradigm already decided for the regime, and the signed judgements. */
export interface EvaluationContext {
  regime: Regime;
  paradigm: Paradigm;
  armedConflict: boolean;
  judgement(kind: JudgementKind): Judgement | undefined;
}

/**
 * Where a rule's text was checked: the operative passage, quoted exactly as the copy of the source gives it (an
 * omission is marked …), the article or paragraph it comes from, and the address of the copy it was checked against.
 */
export interface Citation {
  quote: string;
  at: string;
  url: string;
}

export interface RuleDefinition {
  /** Stable id: `CIHL-R14`, `API-57(2)(b)`, `BPUFF-P9`, `CCM-1`, `HS-ARREST` … */
  id: string;
  ruleSet: RuleSetId;
  /** Where it comes from, precisely enough to look it up. */
  source: string;
  scope: 'international' | 'non_international' | 'armed_conflict' | 'law_enforcement' | 'all';
  /** One line, plain language. */
  statement: string;
  /** V: checked against a copy of the source; M: from memory of it, to be checked — the UI says which. */
  verification: 'V' | 'M';
  /** The passages the rule was checked against: at least one for a V rule of a built-in rule set. */
  quotes?: readonly Citation[];
  /** Precisely what was not checked: required of an M rule of a built-in rule set, and of a V rule checked in part. */
  unchecked?: string;
  /** The paradigms the rule belongs to; absent means both. */
  paradigms?: readonly Paradigm[];
  /**
   * A rule on means that binds only in the conduct of hostilities (CIHL R75 riot-control agents, R77 expanding
   * bullets): the human-security column, which always applies law enforcement, does not take it from the IHL floor.
   */
  hostilitiesOnlyMeans?: boolean;
  evaluate(request: ForceRequest, context: EvaluationContext): RuleFinding;
}

/**
 * A rule "fires" when its finding bears on the verdict: it prohibits, attaches a condition, or asks for a fact or a
 * judgement. `satisfied` and `not_applicable` findings stay in the trace but do not fire. Every decisive rule fired.
 */
export const FIRING_OUTCOMES: readonly RuleFinding['outcome'][] = ['prohibits', 'condition', 'needs_fact', 'needs_judgement'];
export const hasFired = (entry: TraceEntry): boolean => FIRING_OUTCOMES.includes(entry.finding.outcome);

export interface TraceEntry {
  ruleId: string;
  ruleSet: RuleSetId;
  source: string;
  statement: string;
  verification: 'V' | 'M';
  /** The passages the rule's citation was checked against, as the rule set gives them (absent in older traces). */
  quotes?: readonly Citation[];
  /** What of the rule's citation was not checked; the trace says so instead of a bare mark. */
  unchecked?: string;
  finding: RuleFinding;
  /** In the human-security column: carried from the IHL column, which stays the legal floor. */
  floor?: boolean;
}

export interface RegimeAssessment {
  regime: Regime;
  /**
   * The column's heading: "International humanitarian law" in an armed conflict, "International human rights law (no
   * armed conflict)" where there is none, "Human security" for the second column.
   */
  label: string;
  paradigm: Paradigm | 'undetermined';
  paradigmReason: string;
  verdict: Verdict;
  /** What must be done for the verdict to hold (warn first, medical aid, civilian approval …). */
  conditions: string[];
  /** Facts the engine needs, as paths into the request. */
  missingFacts: string[];
  /** Judgements a named person must still make. */
  requiredJudgements: JudgementKind[];
  /** The rules whose findings decided the verdict. */
  decisiveRules: string[];
  trace: TraceEntry[];
}

export interface Assessment {
  engineVersion: string;
  ruleSets: RuleSetVersion[];
  ihl: RegimeAssessment;
  humanSecurity: RegimeAssessment;
  /** Why the two verdicts differ, in plain words; empty when they agree. */
  divergence: string[];
  /** What the register knew about the place when the request was assessed; null without a location. */
  situationContext: SituationContext | null;
  /** The registered system the means facts were read from (optional: assessments stored before it was added lack it). */
  registeredSystem?: RegisteredSystem | null;
  /** Everyone's expected deaths (civilians, own force, opposing force): every life counts. */
  /**
   * Everyone's expected deaths; `toRecord` names the groups not estimated, whose deaths are to be recorded as they
   * happen (optional: assessments stored before it was added lack it).
   */
  expectedDeaths: { low: number; best: number; high: number; known: boolean; toRecord?: string[] };
  judgementsUsed: Judgement[];
  notice: string;
}

export const ADVISORY_NOTICE =
  'This assessment is advice. It does not authorise force: a named person decides, and where the mission requires it the civilian authority approves.';

/** The most restrictive verdict any finding calls for; the trace keeps every finding. */
export function combine(trace: readonly TraceEntry[]): Pick<RegimeAssessment, 'verdict' | 'conditions' | 'missingFacts' | 'requiredJudgements' | 'decisiveRules'> {
  const conditions: string[] = [];
  const missing = new Set<string>();
  const judgements = new Set<JudgementKind>();
  const byVerdict = new Map<Verdict, string[]>();
  const note = (verdict: Verdict, ruleId: string) => byVerdict.set(verdict, [...(byVerdict.get(verdict) ?? []), ruleId]);
  for (const entry of trace) {
    const f = entry.finding;
    switch (f.outcome) {
      case 'prohibits':
        note('prohibited', entry.ruleId);
        break;
      case 'needs_fact':
        f.missing.forEach((m) => missing.add(m));
        note('needs_information', entry.ruleId);
        break;
      case 'needs_judgement':
        judgements.add(f.judgement);
        note('needs_human_judgement', entry.ruleId);
        break;
      case 'condition':
        if (!conditions.includes(f.condition)) conditions.push(f.condition);
        note('permitted_with_conditions', entry.ruleId);
        break;
      case 'satisfied':
      case 'not_applicable':
        break;
    }
  }
  const verdict = VERDICTS.find((v) => byVerdict.has(v)) ?? 'permitted';
  return { verdict, conditions, missingFacts: [...missing], requiredJudgements: [...judgements], decisiveRules: byVerdict.get(verdict) ?? [] };
}
