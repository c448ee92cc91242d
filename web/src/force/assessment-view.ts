import type { Assessment } from '../../../src/core/use-of-force/assessment.js';
import type { ForceRequest } from '../../../src/core/use-of-force/force-request.schema.js';
import { h } from '../shared/dom.js';
import { EFFECT_GROUPS, ruleSetLabel } from './force-labels.js';
import { estimateText } from '../shared/format.js';
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

/** What the register knew about the place: recent harm nearby (each incident a link) and protected sites. */
function place(assessment: Assessment): HTMLElement | null {
  const c = assessment.situationContext;
  if (!c) return null;
  const r = c.recentIncidents;
  const sites = c.protectedSites;
  return h(
    'section',
    { class: 'place-context', 'data-testid': 'place-context', 'aria-labelledby': 'place-context-title' },
    h('h3', { id: 'place-context-title' }, `The place: within ${c.radiusKm} km, ${c.sinceDays} days before ${c.asOf}`),
    h(
      'p',
      {},
      r.count === 0
        ? 'No incident in the register.'
        : [h('strong', { 'data-testid': 'place-incident-count' }, `${r.count} incident${r.count === 1 ? '' : 's'}`), `: ${estimateText(r.killed)} killed, ${estimateText(r.civilianKilled)} of them civilians`, r.childrenKilledOrInjured > 0 ? `; ${r.childrenKilledOrInjured} children killed or injured` : '', '.'],
    ),
    r.nearest.length
      ? h(
          'ul',
          { class: 'place-incidents' },
          r.nearest.map((i) => h('li', {}, h('a', { href: `?incident=${encodeURIComponent(i.id)}` }, i.title), ` — ${i.date}, ${i.distanceKm} km, ${i.killedBest} killed`)),
        )
      : null,
    h(
      'p',
      { class: 'place-sites' },
      !sites.available
        ? 'No register of protected sites is connected: check for hospitals, schools and shelters by other means.'
        : sites.sites.length === 0
          ? 'No protected site in the register within this distance.'
          : `Protected sites: ${sites.sites.map((s) => `${s.name} (${s.category.replaceAll('_', ' ')}, ${s.distanceKm} km)`).join('; ')}.`,
    ),
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
    place(assessment),
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
