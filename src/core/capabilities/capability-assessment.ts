import type { Capability } from './capability.schema.js';

/**
 * A registered system judged against the texts that govern autonomy and new weapons, each finding citing its source:
 * the ICRC's recommendations (2021), US DoD Directive 3000.09 (2023), Additional Protocol I Art. 36, NATO's Principles
 * of Responsible Use (2021), and Haven's human-security rules. `V`: the quoted text was checked against a copy of the
 * source; `M`: Haven's own rule or reading, stated in docs/posture-and-spending.md.
 */

export const CAPABILITY_FRAMEWORKS = ['icrc_2021', 'dodd_3000_09', 'ap1_article_36', 'nato_pru_2021', 'uk_mod_2022', 'human_security'] as const;
export type CapabilityFramework = (typeof CAPABILITY_FRAMEWORKS)[number];

export const FRAMEWORK_LABELS: Record<CapabilityFramework, string> = {
  icrc_2021: 'ICRC position on autonomous weapon systems (2021)',
  dodd_3000_09: 'US DoD Directive 3000.09, Autonomy in Weapon Systems (2023)',
  ap1_article_36: 'Additional Protocol I (1977), Art. 36: new weapons',
  nato_pru_2021: 'NATO Principles of Responsible Use of AI (2021)',
  uk_mod_2022: 'UK MOD Ethical Principles for AI in Defence (2022), implemented by JSP 936 (2024)',
  human_security: 'Human security (Haven)',
};

/** ruled_out: the system may not be used; unmet: a requirement is not met yet; needs_fact: the register does not say. */
export type FindingOutcome = 'ruled_out' | 'unmet' | 'met' | 'needs_fact' | 'not_applicable';

export interface CapabilityFinding {
  framework: CapabilityFramework;
  ruleId: string;
  source: string;
  verification: 'V' | 'M';
  quote?: { text: string; at: string; url?: string };
  outcome: FindingOutcome;
  explanation: string;
  /** The register's fields the finding rests on. */
  facts: string[];
}

export type HumanSecurityVerdict = 'cannot_be_permitted' | 'needs_facts' | 'may_be_permitted_within_limits';

export interface CapabilityAssessment {
  findings: CapabilityFinding[];
  humanSecurity: HumanSecurityVerdict;
  /** Why, in words: the findings that decided the verdict. */
  reasons: string[];
}

type Rule = Omit<CapabilityFinding, 'outcome' | 'explanation' | 'facts'> & {
  /** Only for autonomous weapons: any other system gets `not_applicable` without asking the rule. */
  appliesTo?: 'autonomous_weapons';
  evaluate(this: void, c: Capability): Pick<CapabilityFinding, 'outcome' | 'explanation' | 'facts'>;
};

const finding = (outcome: FindingOutcome, explanation: string, facts: string[] = []) => ({ outcome, explanation, facts });

/** Selects and applies force to targets without a person: the ICRC's autonomous weapon system, DoD 3000.09's too. */
export const isAutonomousWeapon = (c: Capability): boolean => c.isWeapon && c.autonomy.autonomousFunctions.includes('select') && c.autonomy.autonomousFunctions.includes('engage');
const targetsPersons = (c: Capability): boolean => c.targetTypes === 'persons' || c.targetTypes === 'persons_and_objects';
const AUTONOMY_FACTS = ['isWeapon', 'autonomy.autonomousFunctions'];
const NOT_AUTONOMOUS = 'A person selects or engages each target: the system is not an autonomous weapon.';

const ICRC_AT = "ICRC position on autonomous weapon systems (12 May 2021, icrc.org/en/document/icrc-position-autonomous-weapon-systems), Recommendations, as reproduced from the ICRC's page";
const ICRC_URL = 'https://ai-for-less-suffering.pages.dev/sources/src_icrc_aws_position_2021/';

const RULES: readonly Rule[] = [
  {
    framework: 'icrc_2021',
    ruleId: 'ICRC-2021-1',
    source: 'ICRC (2021): unpredictable autonomous weapons',
    verification: 'V',
    quote: { text: 'Unpredictable autonomous weapon systems should be expressly ruled out, notably because of their indiscriminate effects.', at: `${ICRC_AT}, first bullet`, url: ICRC_URL },
    appliesTo: 'autonomous_weapons',
    evaluate(c) {
      const facts = [...AUTONOMY_FACTS, 'autonomy.predictable'];
      if (c.autonomy.predictable === 'no') return finding('ruled_out', 'An autonomous weapon whose effects cannot be predicted.', facts);
      if (c.autonomy.predictable === 'unknown') return finding('needs_fact', 'Say whether its effects can be sufficiently understood, predicted and explained.', facts);
      return finding('met', 'Its effects are recorded as predictable.', facts);
    },
  },
  {
    framework: 'icrc_2021',
    ruleId: 'ICRC-2021-2',
    source: 'ICRC (2021): autonomous weapons against persons',
    verification: 'V',
    quote: { text: 'use of autonomous weapon systems to target human beings should be ruled out', at: `${ICRC_AT}, second bullet`, url: ICRC_URL },
    appliesTo: 'autonomous_weapons',
    evaluate(c) {
      const facts = [...AUTONOMY_FACTS, 'targetTypes'];
      return targetsPersons(c) ? finding('ruled_out', 'An autonomous weapon that applies force to persons.', facts) : finding('met', 'It targets objects only.', facts);
    },
  },
  {
    framework: 'icrc_2021',
    ruleId: 'ICRC-2021-3',
    source: 'ICRC (2021): limits on the autonomous weapons not ruled out',
    verification: 'V',
    quote: {
      text: 'limits on the types of target … limits on the duration, geographical scope and scale of use … limits on situations of use … requirements for human–machine interaction, notably to ensure effective human supervision, and timely intervention and deactivation',
      at: `${ICRC_AT}, third bullet (abridged)`,
      url: ICRC_URL,
    },
    appliesTo: 'autonomous_weapons',
    evaluate(c) {
      const missing = (['duration', 'area', 'scale', 'environment'] as const).filter((limit) => !c.limits[limit]);
      const facts = [...AUTONOMY_FACTS, 'limits', 'autonomy.humanCanDeactivateInTime'];
      if (c.autonomy.humanCanDeactivateInTime === 'no') return finding('unmet', 'No person can intervene and deactivate it in time.', facts);
      if (missing.length > 0) return finding('unmet', `Its limits are not stated: ${missing.join(', ')}.`, facts);
      if (c.autonomy.humanCanDeactivateInTime === 'unknown') return finding('needs_fact', 'Say whether a person can intervene and deactivate it in time.', facts);
      return finding('met', 'Limited in duration, area, scale and environment, and a person can deactivate it in time.', facts);
    },
  },
  {
    framework: 'dodd_3000_09',
    ruleId: 'DODD-3000.09-1.2a',
    source: 'DoD Directive 3000.09 (2023), §1.2.a: appropriate levels of human judgment',
    verification: 'V',
    quote: {
      text: 'Autonomous and semi-autonomous weapon systems will be designed to allow commanders and operators to exercise appropriate levels of human judgment over the use of force.',
      at: 'DoD Directive 3000.09, Autonomy in Weapon Systems, 25 January 2023, §1.2.a',
    },
    evaluate(c) {
      if (!c.isWeapon || c.autonomy.autonomousFunctions.length === 0) return finding('not_applicable', 'A weapon without autonomous functions, or not a weapon.', AUTONOMY_FACTS);
      const facts = ['autonomy.humanRole', 'autonomy.humanCanDeactivateInTime'];
      if (c.autonomy.humanRole === 'human_decides') return finding('met', 'A person decides each use of force.', facts);
      if (c.autonomy.humanRole === 'no_human_in_loop') return finding('unmet', 'No person is in the loop to judge the use of force once it is activated.', facts);
      if (c.autonomy.humanCanDeactivateInTime === 'yes') return finding('met', 'A person supervises and can intervene in time.', facts);
      if (c.autonomy.humanCanDeactivateInTime === 'no') return finding('unmet', 'A person supervises but cannot intervene in time.', facts);
      return finding('needs_fact', 'Say whether the supervising person can intervene in time.', facts);
    },
  },
  {
    framework: 'dodd_3000_09',
    ruleId: 'DODD-3000.09-4',
    source: 'DoD Directive 3000.09 (2023), Section 4: senior review before formal development and again before fielding',
    verification: 'V',
    quote: {
      text: 'Before a decision to enter into formal development, the USD(P), USD(AT&L), and CJCS shall ensure: …',
      at: 'DoD Directive 3000.09 (21 November 2012), Enclosure 3, para 1.a; the second review before fielding, kept by the 2023 reissue in its Section 4, as summarised by DefenseScoop (25 January 2023) and CNAS (6 February 2023)',
    },
    appliesTo: 'autonomous_weapons',
    evaluate(c) {
      const facts = ['seniorReview.beforeDevelopment', 'seniorReview.beforeFielding'];
      const { beforeDevelopment, beforeFielding } = c.seniorReview;
      if (beforeDevelopment === 'no' || beforeFielding === 'no') return finding('unmet', `No senior review ${beforeDevelopment === 'no' ? 'before development' : 'before fielding'}.`, facts);
      if (beforeDevelopment === 'unknown' || beforeFielding === 'unknown') return finding('needs_fact', 'Say whether senior reviews took place before development and before fielding.', facts);
      return finding('met', 'Reviewed by senior officials before development and before fielding.', facts);
    },
  },
  {
    framework: 'ap1_article_36',
    ruleId: 'API-36',
    source: 'Additional Protocol I (1977), Art. 36: legal review of new weapons',
    verification: 'V',
    quote: {
      text: 'In the study, development, acquisition or adoption of a new weapon, means or method of warfare, a High Contracting Party is under an obligation to determine whether its employment would, in some or all circumstances, be prohibited by this Protocol or by any other rule of international law applicable to the High Contracting Party.',
      at: 'Protocol Additional to the Geneva Conventions of 12 August 1949 (Protocol I), Art. 36, ICRC IHL databases',
      url: 'https://ihl-databases.icrc.org/applic/ihl/ihl.nsf/Article.xsp?action=openDocument&documentId=FEB84E9C01DDC926C12563CD0051DAF7',
    },
    evaluate(c) {
      if (!c.isWeapon) return finding('not_applicable', 'Not a weapon, means or method of warfare.', ['isWeapon']);
      const facts = ['legalReview.status', 'legalReview.conclusion'];
      const review = c.legalReview;
      if (review.status === 'unknown') return finding('needs_fact', 'Say where its legal review stands.', facts);
      if (review.status !== 'completed') return finding('unmet', review.status === 'in_progress' ? 'Its legal review is not finished.' : 'It has had no legal review.', facts);
      if (review.conclusion === 'unlawful') return finding('ruled_out', `Its legal review${review.reviewer ? ` (${review.reviewer}${review.date ? `, ${review.date}` : ''})` : ''} found its use prohibited.`, facts);
      return finding('met', `Reviewed${review.date ? ` on ${review.date}` : ''}${review.reviewer ? ` by ${review.reviewer}` : ''}: ${review.conclusion === 'lawful_with_restrictions' ? `lawful within restrictions${review.restrictions ? ` (${review.restrictions})` : ''}` : 'lawful'}.`, facts);
    },
  },
  {
    framework: 'nato_pru_2021',
    ruleId: 'NATO-PRU-governability',
    source: 'NATO Principles of Responsible Use (2021): governability',
    verification: 'M',
    evaluate(c) {
      if (c.autonomy.autonomousFunctions.length === 0) return finding('not_applicable', 'No function is autonomous.', ['autonomy.autonomousFunctions']);
      const facts = ['autonomy.humanCanDeactivateInTime'];
      if (c.autonomy.humanCanDeactivateInTime === 'yes') return finding('met', 'A person can disengage or deactivate it in time.', facts);
      if (c.autonomy.humanCanDeactivateInTime === 'no') return finding('unmet', 'It cannot be disengaged or deactivated in time.', facts);
      return finding('needs_fact', 'Say whether it can be disengaged or deactivated in time.', facts);
    },
  },
  {
    framework: 'nato_pru_2021',
    ruleId: 'NATO-PRU-traceability',
    source: 'NATO Principles of Responsible Use (2021): explainability and traceability',
    verification: 'M',
    evaluate(c) {
      if (c.autonomy.autonomousFunctions.length === 0) return finding('not_applicable', 'No function is autonomous.', ['autonomy.autonomousFunctions']);
      const facts = ['autonomy.parametersSetBy', 'documentationEvidenceId'];
      const missing = [...(c.autonomy.parametersSetBy ? [] : ['who sets its parameters and how']), ...(c.documentationEvidenceId ? [] : ['its documentation as an evidence file'])];
      return missing.length === 0 ? finding('met', 'Its parameters and documentation are on record.', facts) : finding('unmet', `Not on record: ${missing.join('; ')}.`, facts);
    },
  },
  {
    framework: 'uk_mod_2022',
    ruleId: 'UK-MOD-RESPONSIBILITY',
    source: "UK MOD Ethical Principles for AI in Defence (2022), second principle: Responsibility; JSP 936 Part 1 (2024) directs how they are implemented",
    verification: 'V',
    quote: {
      text: 'Human responsibility for AI enabled systems must be clearly established, ensuring accountability for their outcomes, with clearly defined means by which human control is exercised throughout their lifecycles.',
      at: "Ministry of Defence, Ambitious, safe, responsible: our approach to the delivery of AI-enabled capability in Defence (15 June 2022), Ethical Principles for AI in Defence, second principle: Responsibility, as reproduced by linking-ai-principles.org; JSP 936 Part 1 (13 November 2024) 'provides clear direction on how to implement the MOD's AI ethical principles' (gov.uk publication page)",
      url: 'https://linking-ai-principles.org/spot?principle=100&topic=accountability',
    },
    evaluate(c) {
      if (c.autonomy.autonomousFunctions.length === 0) return finding('not_applicable', 'No function is autonomous.', ['autonomy.autonomousFunctions']);
      const facts = ['dutyHolder', 'autonomy.parametersSetBy'];
      const missing = [...(c.dutyHolder ? [] : ['who is responsible and accountable for its use (the duty holder)']), ...(c.autonomy.parametersSetBy ? [] : ['the means by which human control is exercised (who sets its parameters, and how)'])];
      return missing.length === 0 ? finding('met', `Responsible: ${c.dutyHolder}; human control through ${c.autonomy.parametersSetBy}.`, facts) : finding('unmet', `Not on record: ${missing.join('; ')}.`, facts);
    },
  },
  {
    framework: 'human_security',
    ruleId: 'HS-CAP-1',
    source: 'Human security: no force against a person without a human decision',
    verification: 'M',
    evaluate(c) {
      if (!c.isWeapon || !targetsPersons(c)) return finding('not_applicable', 'It does not apply force to persons.', ['targetTypes']);
      const facts = ['targetTypes', 'autonomy.humanRole', 'autonomy.autonomousFunctions'];
      if (isAutonomousWeapon(c) || c.autonomy.humanRole !== 'human_decides') return finding('ruled_out', 'It would select and engage persons without a person deciding each use of force.', facts);
      return finding('met', 'A person decides each use of force against a person.', facts);
    },
  },
  {
    framework: 'human_security',
    ruleId: 'HS-CAP-2',
    source: 'Human security: no weapon in use without a completed legal review',
    verification: 'M',
    evaluate(c) {
      if (!c.isWeapon) return finding('not_applicable', 'Not a weapon.', ['isWeapon']);
      const facts = ['legalReview.status', 'legalReview.conclusion'];
      if (c.legalReview.status === 'unknown') return finding('needs_fact', 'Say where its legal review stands: a weapon is used only once its review is completed.', facts);
      if (c.legalReview.status !== 'completed') return finding('ruled_out', 'Its legal review is not completed.', facts);
      if (c.legalReview.conclusion === 'unlawful') return finding('ruled_out', 'Its legal review found its use prohibited.', facts);
      return finding('met', 'Its legal review is completed.', facts);
    },
  },
];

export const CAPABILITY_RULES: readonly Omit<Rule, 'evaluate' | 'appliesTo'>[] = RULES.map(({ evaluate: _evaluate, appliesTo: _appliesTo, ...rule }) => rule);

/** Every finding for a system, and whether human security can permit it (and within which limits). */
export function assessCapability(c: Capability): CapabilityAssessment {
  const findings = RULES.map(({ evaluate, appliesTo, ...rule }) => ({
    ...rule,
    ...(appliesTo === 'autonomous_weapons' && !isAutonomousWeapon(c) ? finding('not_applicable', NOT_AUTONOMOUS, AUTONOMY_FACTS) : evaluate(c)),
  }));
  // The ICRC's prohibitions bind under human security too: it only adds restrictions to them.
  const deciding = findings.filter((f) => f.framework === 'human_security' || f.framework === 'icrc_2021');
  const ruledOut = deciding.filter((f) => f.outcome === 'ruled_out');
  if (ruledOut.length > 0) return { findings, humanSecurity: 'cannot_be_permitted', reasons: ruledOut.map((f) => `${f.ruleId}: ${f.explanation}`) };
  const open = deciding.filter((f) => f.outcome === 'needs_fact');
  if (open.length > 0) return { findings, humanSecurity: 'needs_facts', reasons: open.map((f) => `${f.ruleId}: ${f.explanation}`) };
  const unmet = findings.filter((f) => f.outcome === 'unmet');
  return { findings, humanSecurity: 'may_be_permitted_within_limits', reasons: unmet.map((f) => `${f.ruleId}: ${f.explanation}`) };
}
