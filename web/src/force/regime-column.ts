import type { RegimeAssessment } from '../../../src/core/use-of-force/assessment.js';
import { h, type Child } from '../shared/dom.js';
import { verdictBadge } from './force-badges.js';
import { factLabel, factPath, JUDGEMENT_QUESTIONS, judgementLabel, PARADIGM_LABELS, regimeSubtitle, regimeTitle, REGIME_TITLES, VERDICT_HINTS } from './force-labels.js';
import { ruleTrace } from './rule-trace.js';

export type RegimeKey = keyof typeof REGIME_TITLES;

export interface RegimeColumnOptions {
  /** A missing fact was clicked: show where it is given. Without it, missing facts are plain text. */
  onFact?: ((path: string) => void) | undefined;
}

const TESTIDS: Record<RegimeKey, string> = { ihl: 'ihl', humanSecurity: 'human-security' };

const block = (title: string, testid: string, ...children: Child[]) =>
  h('section', { class: 'regime-block', 'data-testid': testid }, h('h4', {}, title), ...children);

function missingFacts(paths: readonly string[], onFact: RegimeColumnOptions['onFact'], testid: string): HTMLElement {
  return block(
    'Facts needed',
    `${testid}-missing`,
    h('p', { class: 'hint' }, onFact ? 'Unknown facts the rules depend on. Click one to give it.' : 'Unknown facts the rules depend on.'),
    h(
      'ul',
      { class: 'missing-facts' },
      paths.map((path) =>
        h(
          'li',
          {},
          onFact
            ? h('button', { type: 'button', class: 'fact-link', 'data-testid': 'missing-fact', 'data-path': factPath(path), onclick: () => onFact(factPath(path)) }, factLabel(path))
            : h('span', { 'data-testid': 'missing-fact', 'data-path': factPath(path) }, factLabel(path)),
          ' ',
          h('code', {}, factPath(path)),
        ),
      ),
    ),
  );
}

/**
 * One regime's assessment as a column: its verdict, the paradigm it applied and why, then what the verdict depends on
 * (conditions, missing facts, judgements still to make, the decisive rules) and the full trace.
 */
export function regimeColumn(key: RegimeKey, regime: RegimeAssessment, options: RegimeColumnOptions = {}): HTMLElement {
  const testid = TESTIDS[key];
  const titleId = `regime-${testid}-title`;
  const statements = new Map(regime.trace.map((entry) => [entry.ruleId, entry.statement]));
  return h(
    'article',
    { class: `regime-column regime-${testid}`, 'data-testid': `regime-${testid}`, 'data-verdict': regime.verdict, 'aria-labelledby': titleId },
    h(
      'header',
      { class: 'regime-header' },
      // The heading the engine gives the column (human rights law where there is no armed conflict); an assessment
      // stored before columns carried one falls back to the regime's title.
      h('h3', { id: titleId }, regimeTitle(key, regime)),
      h('p', { class: 'regime-subtitle' }, regimeSubtitle(key, regime)),
      verdictBadge(regime.verdict, { large: true, regime: testid }),
      h('p', { class: 'verdict-hint' }, VERDICT_HINTS[regime.verdict]),
    ),
    h(
      'dl',
      { class: 'paradigm', 'data-testid': `${testid}-paradigm` },
      h('dt', {}, 'Paradigm'),
      h('dd', {}, h('strong', {}, PARADIGM_LABELS[regime.paradigm] ?? regime.paradigm), regime.paradigmReason ? ` — ${regime.paradigmReason}` : ''),
    ),
    regime.conditions.length
      ? block('Conditions', `${testid}-conditions`, h('ol', { class: 'conditions' }, regime.conditions.map((c) => h('li', {}, c))))
      : null,
    regime.missingFacts.length ? missingFacts(regime.missingFacts, options.onFact, testid) : null,
    regime.requiredJudgements.length
      ? block(
          'Human judgements required',
          `${testid}-judgements`,
          h(
            'ul',
            { class: 'required-judgements' },
            regime.requiredJudgements.map((kind) =>
              h('li', { 'data-kind': kind }, h('strong', {}, judgementLabel(kind)), ' ', h('span', { class: 'hint' }, JUDGEMENT_QUESTIONS[kind] ?? '')),
            ),
          ),
          h('p', { class: 'hint' }, 'The engine never computes these: the human-security advisor or the commander enters them, signed, after the request is submitted.'),
        )
      : null,
    regime.decisiveRules.length
      ? block(
          'Decisive rules',
          `${testid}-decisive`,
          h(
            'ul',
            { class: 'decisive-rules' },
            regime.decisiveRules.map((id) => h('li', {}, h('code', { class: 'rule-id' }, id), statements.get(id) ? ` ${statements.get(id)}` : '')),
          ),
        )
      : null,
    ruleTrace(regime.trace, regime.decisiveRules, `trace-${testid}`),
  );
}
