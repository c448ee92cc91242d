import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import { CAPABILITY_FRAMEWORKS, FRAMEWORK_LABELS, type CapabilityFramework } from '../../../src/core/capabilities/capability-assessment.js';
import { h, type Child } from '../shared/dom.js';
import { capabilityVerdictBadge } from './capability-list.js';
import { fieldLabel, OUTCOME_LABELS, VERDICT_HINTS } from './capability-labels.js';
// The findings take the look of the use-of-force trace (rule ids, V/M marks, outcome badges, cited sources, quotes).
import '../force/force.css';

type Assessment = CapabilityRecord['assessment'];
type Finding = Assessment['findings'][number];

export interface CapabilityAssessmentOptions {
  /** The version of the record the assessment is of. */
  version: number;
  /** A field a finding rests on was clicked: show it in the form. Without it (read-only), fields are plain text. */
  onFact?: ((path: string) => void) | undefined;
}

/** What V and M mean here: the capability rules' own reading of the marks (capability-assessment.ts), not the force trace's. */
const MARKS = {
  V: 'V = the quoted text was checked against a copy of the source',
  M: 'M = Haven’s own rule or reading of the source, stated in docs/posture-and-spending.md',
} as const;

function mark(verification: Finding['verification']): HTMLElement {
  return h('abbr', { class: `vm-mark vm-${verification}`, title: MARKS[verification], 'data-testid': 'vm-mark' }, verification);
}

const isWebAddress = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

function quote(q: NonNullable<Finding['quote']>): HTMLElement {
  return h(
    'blockquote',
    { class: 'rule-quote', cite: isWebAddress(q.url) ? q.url : undefined, 'data-testid': 'capability-quote' },
    h('p', {}, q.text),
    h('footer', {}, isWebAddress(q.url) ? h('a', { href: q.url, rel: 'noopener noreferrer', target: '_blank' }, q.at) : q.at),
  );
}

function restsOn(facts: readonly string[], onFact: CapabilityAssessmentOptions['onFact']): HTMLElement | null {
  if (facts.length === 0) return null;
  return h(
    'p',
    { class: 'capability-facts-used' },
    'Rests on: ',
    facts.map((path, i) => [
      i > 0 ? ', ' : '',
      onFact
        ? h('button', { type: 'button', class: 'fact-link', 'data-testid': 'capability-fact', 'data-path': path, onclick: () => onFact(path) }, fieldLabel(path))
        : h('span', { 'data-testid': 'capability-fact', 'data-path': path }, fieldLabel(path)),
    ]),
  );
}

function findingItem(finding: Finding, onFact: CapabilityAssessmentOptions['onFact']): HTMLElement {
  return h(
    'li',
    { class: `trace-entry capability-finding outcome-${finding.outcome}`, 'data-testid': 'capability-finding', 'data-rule-id': finding.ruleId, 'data-outcome': finding.outcome, 'data-framework': finding.framework },
    h(
      'div',
      { class: 'trace-head' },
      h('code', { class: 'rule-id' }, finding.ruleId),
      mark(finding.verification),
      h('span', { class: `finding-badge capability-outcome finding-${finding.outcome}`, 'data-testid': 'capability-outcome' }, OUTCOME_LABELS[finding.outcome]),
    ),
    h('p', { class: 'capability-explanation' }, finding.explanation),
    h('p', { class: 'rule-source' }, 'Source: ', h('cite', {}, finding.source)),
    finding.quote ? quote(finding.quote) : null,
    restsOn(finding.facts, onFact),
  );
}

function frameworkGroup(framework: CapabilityFramework, findings: readonly Finding[], onFact: CapabilityAssessmentOptions['onFact']): HTMLElement {
  const applied = findings.filter((f) => f.outcome !== 'not_applicable');
  const notApplicable = findings.filter((f) => f.outcome === 'not_applicable');
  const titleId = `capability-framework-${framework}`;
  return h(
    'section',
    { class: 'capability-framework', 'data-testid': 'capability-framework', 'data-framework': framework, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, FRAMEWORK_LABELS[framework]),
    applied.length > 0 ? h('ol', { class: 'trace-entries' }, applied.map((f) => findingItem(f, onFact))) : null,
    notApplicable.length > 0
      ? h(
          'details',
          { class: 'trace-not-applicable' },
          h('summary', {}, applied.length === 0 ? `Not applicable to this system (${notApplicable.length} ${notApplicable.length === 1 ? 'rule' : 'rules'})` : `${notApplicable.length} more not applicable`),
          h('ol', { class: 'trace-entries' }, notApplicable.map((f) => findingItem(f, onFact))),
        )
      : null,
  );
}

/** A reason as the assessment gives it ("ICRC-2021-2: …"), its rule id set as one where it names a finding. */
function reasonItem(reason: string, findings: readonly Finding[]): HTMLElement {
  const finding = findings.find((f) => reason === `${f.ruleId}: ${f.explanation}`);
  const body: Child = finding ? [h('code', { class: 'rule-id' }, finding.ruleId), ' ', finding.explanation] : reason;
  return h('li', { 'data-rule-id': finding?.ruleId }, body);
}

/**
 * A system's assessment under human security: the verdict and its reasons first, then every finding grouped by the
 * framework it comes from (the ICRC, DoD Directive 3000.09, AP I Art. 36, NATO's principles, human security), each
 * with its outcome, why, its source, whether its text was checked (V/M) and the passage quoted.
 */
export function capabilityAssessmentView(record: CapabilityRecord, options: CapabilityAssessmentOptions): HTMLElement {
  const { assessment } = record;
  const verdict = assessment.humanSecurity;
  const reasonsTitle = verdict === 'cannot_be_permitted' ? 'Why not' : verdict === 'needs_facts' ? 'Facts needed' : 'Still to meet';
  // What the verdict's reasons leave out but is not settled either (a fact a framework other than the deciding ones
  // still needs): said too, so "permitted within limits" never reads as "nothing left to do".
  const open = assessment.findings.filter((f) => (f.outcome === 'unmet' || f.outcome === 'needs_fact') && !assessment.reasons.includes(`${f.ruleId}: ${f.explanation}`));
  return h(
    'section',
    { class: `capability-assessment verdict-${verdict}`, 'data-testid': 'capability-assessment', 'data-verdict': verdict, 'data-version': options.version, 'aria-labelledby': 'capability-assessment-title' },
    h(
      'header',
      { class: 'capability-assessment-head' },
      h('h2', { id: 'capability-assessment-title' }, 'Under human security'),
      h('p', { class: 'hint' }, `The assessment of version ${options.version}, as saved; it is made again each time the record is saved.`),
      capabilityVerdictBadge(verdict, { large: true, testid: 'capability-verdict' }),
      h('p', { class: 'verdict-hint' }, VERDICT_HINTS[verdict]),
    ),
    assessment.reasons.length > 0
      ? h('section', { class: 'capability-reasons', 'aria-labelledby': 'capability-reasons-title' }, h('h3', { id: 'capability-reasons-title' }, reasonsTitle), h('ul', { 'data-testid': 'capability-reasons' }, assessment.reasons.map((r) => reasonItem(r, assessment.findings))))
      : null,
    open.length > 0
      ? h(
          'section',
          { class: 'capability-reasons', 'aria-labelledby': 'capability-open-title' },
          h('h3', { id: 'capability-open-title' }, assessment.reasons.length > 0 ? 'Also open' : 'Still open'),
          h('ul', { 'data-testid': 'capability-open' }, open.map((f) => reasonItem(`${f.ruleId}: ${f.explanation}`, assessment.findings))),
        )
      : null,
    assessment.reasons.length === 0 && open.length === 0 ? h('p', { class: 'capability-reasons', 'data-testid': 'capability-all-met' }, 'Every requirement that applies is met.') : null,
    h('p', { class: 'trace-legend' }, mark('V'), ' the quoted text was checked against a copy of the source. ', mark('M'), ' Haven’s own rule or reading, stated in its methods (docs/posture-and-spending.md).'),
    CAPABILITY_FRAMEWORKS.map((framework) => frameworkGroup(framework, assessment.findings.filter((f) => f.framework === framework), options.onFact)),
  );
}
