import type { Assessment } from '../../src/core/use-of-force/assessment.js';
import type { ForceRequest } from '../../src/core/use-of-force/force-request.schema.js';
import { h } from './dom.js';
import { EFFECT_GROUPS, ruleSetLabel } from './force-labels.js';
import { estimateText } from './format.js';
import { regimeColumn, type RegimeColumnOptions } from './regime-column.js';

export interface AssessmentViewOptions extends RegimeColumnOptions {
  /** The request assessed: its expected deaths by group. */
  request?: Pick<ForceRequest, 'expectedEffects'> | undefined;
}

function divergence(assessment: Assessment): HTMLElement {
  const same = assessment.ihl.verdict === assessment.humanSecurity.verdict;
  if (assessment.divergence.length === 0) {
    return h(
      'section',
      { class: 'divergence agree', 'data-testid': 'divergence', 'data-diverges': 'false' },
      h('h3', {}, same ? 'Both regimes reach the same verdict' : 'The verdicts differ'),
    );
  }
  return h(
    'section',
    { class: 'divergence', 'data-testid': 'divergence', 'data-diverges': 'true', 'aria-labelledby': 'divergence-title' },
    h('h3', { id: 'divergence-title' }, 'Why the two verdicts differ'),
    h('ul', {}, assessment.divergence.map((reason) => h('li', {}, reason))),
  );
}

function expectedDeaths(assessment: Assessment, request: AssessmentViewOptions['request']): HTMLElement {
  const { expectedDeaths: deaths } = assessment;
  const groups = request
    ? Object.entries(EFFECT_GROUPS).map(([key, who]) => {
        const estimate = request.expectedEffects[key as keyof typeof EFFECT_GROUPS].deaths;
        return h('li', {}, `${who}: `, h('strong', {}, estimate ? estimateText(estimate) : 'no estimate'));
      })
    : [];
  return h(
    'section',
    { class: 'expected-deaths', 'data-testid': 'expected-deaths', 'data-known': String(deaths.known) },
    h('h3', {}, 'Expected deaths, everyone counted'),
    h(
      'p',
      { class: 'deaths-total' },
      h('strong', { 'data-testid': 'expected-deaths-total' }, estimateText(deaths)),
      deaths.known ? ' (best estimate, low–high)' : ' so far — some groups have no estimate, so the number may be higher',
    ),
    groups.length ? h('ul', { class: 'deaths-groups' }, groups) : null,
  );
}

/**
 * The engine's assessment under both regimes, side by side: the advisory notice first, then why the verdicts differ
 * and how many people are expected to die, then a column per regime with its trace, and the rule sets it used.
 */
export function assessmentView(assessment: Assessment, options: AssessmentViewOptions = {}): HTMLElement {
  return h(
    'section',
    { class: 'assessment', 'data-testid': 'assessment', 'aria-label': 'Assessment under both regimes' },
    h('p', { class: 'advisory-notice', role: 'note', 'data-testid': 'advisory-notice' }, assessment.notice),
    h('div', { class: 'assessment-summary' }, divergence(assessment), expectedDeaths(assessment, options.request)),
    h('div', { class: 'regime-columns' }, regimeColumn('ihl', assessment.ihl, options), regimeColumn('humanSecurity', assessment.humanSecurity, options)),
    h(
      'footer',
      { class: 'rule-sets', 'data-testid': 'rule-sets' },
      `Engine ${assessment.engineVersion}. Rule sets: `,
      assessment.ruleSets.map((set, i) => [i > 0 ? '; ' : '', h('span', { title: set.title }, `${ruleSetLabel(set.id)} ${set.version} (${set.date})`)]),
      '.',
    ),
  );
}
