import type { Judgement } from '../../../src/core/use-of-force/force-request.schema.js';
import type { ExceptionNote, TraceEntry } from '../../../src/core/use-of-force/assessment.js';
import { h, type Child } from '../shared/dom.js';
import { actorText, factLabel, FINDING_LABELS, judgementLabel, ruleSetLabel, VERIFICATION_MARKS } from './force-labels.js';
import { timestampText } from '../shared/format.js';

/**
 * The trace of one regime: every rule the engine considered, with where it comes from, whether its text was checked
 * (V, with the passage quoted) or is from memory (M, with what was not checked), what it found and why, and the signed
 * judgements it used. The rules that did not apply are folded away beneath the others.
 */

/** A V/M mark that says what it means. */
export function verificationMark(mark: 'V' | 'M'): HTMLElement {
  const { label, text } = VERIFICATION_MARKS[mark] ?? VERIFICATION_MARKS.M;
  return h('abbr', { class: `vm-mark vm-${mark}`, title: text, 'data-testid': 'vm-mark' }, label);
}

export function judgementText(judgement: Judgement): Child[] {
  return [
    h('strong', {}, `${judgementLabel(judgement.kind)} ${judgement.value === 'yes' ? 'Yes' : 'No'}`),
    ` — judged by ${actorText(judgement.by)}, ${timestampText(judgement.at)}: `,
    h('q', { class: 'judgement-reasoning' }, judgement.reasoning),
  ];
}

function exceptionText(exception: ExceptionNote): Child[] {
  return [
    h('span', { class: `exception-state ${exception.accepted ? 'accepted' : 'rejected'}` }, exception.accepted ? 'Exception applies' : 'Exception does not apply'),
    ' ',
    h('code', {}, exception.id),
    `: ${exception.statement} — ${exception.reason}`,
  ];
}

const factList = (paths: readonly string[]) =>
  h(
    'ul',
    { class: 'fact-list' },
    paths.map((path) => h('li', {}, factLabel(path), ' ', h('code', {}, path))),
  );

function detailRows(entry: TraceEntry): Child[] {
  const f = entry.finding;
  const rows: Child[] = [];
  const row = (label: string, ...value: Child[]) => rows.push(h('div', { class: 'trace-row' }, h('span', { class: 'trace-label' }, label), h('span', {}, ...value)));
  switch (f.outcome) {
    case 'condition':
      row('Condition', f.condition);
      if (f.facts.length) row('Facts used', factList(f.facts));
      break;
    case 'satisfied':
    case 'prohibits':
      if (f.facts.length) row('Facts used', factList(f.facts));
      break;
    case 'needs_fact':
      row('Missing', factList(f.missing));
      break;
    case 'needs_judgement':
      row('Judgement needed', judgementLabel(f.judgement));
      break;
    case 'not_applicable':
      break;
  }
  if ('exception' in f && f.exception) row('Exception', ...exceptionText(f.exception));
  if ('judgement' in f && f.judgement && typeof f.judgement === 'object') row('Judgement', ...judgementText(f.judgement));
  return rows;
}

/** The passages the rule was checked against, each with where it comes from; and what of it was not checked. */
function citation(entry: TraceEntry): Child[] {
  const quotes = (entry.quotes ?? []).map((q) =>
    h(
      'blockquote',
      { class: 'rule-quote', cite: q.url, 'data-testid': 'rule-quote' },
      h('p', {}, q.quote),
      h('footer', {}, h('a', { href: q.url, rel: 'noopener noreferrer', target: '_blank' }, q.at)),
    ),
  );
  const gap = entry.unchecked ? h('p', { class: 'rule-unchecked', 'data-testid': 'rule-unchecked' }, h('strong', {}, 'Not checked: '), entry.unchecked) : null;
  return [...quotes, gap];
}

function traceEntry(entry: TraceEntry, decisive: boolean): HTMLElement {
  const outcome = entry.finding.outcome;
  return h(
    'li',
    { class: `trace-entry outcome-${outcome}${decisive ? ' decisive' : ''}`, 'data-testid': 'trace-entry', 'data-rule-id': entry.ruleId, 'data-outcome': outcome },
    h(
      'div',
      { class: 'trace-head' },
      h('code', { class: 'rule-id' }, entry.ruleId),
      verificationMark(entry.verification),
      h('span', { class: `finding-badge finding-${outcome}` }, FINDING_LABELS[outcome] ?? outcome),
      decisive ? h('span', { class: 'decisive-tag' }, 'Decisive') : null,
      entry.floor ? h('span', { class: 'floor-tag', title: 'Carried from the IHL column, which stays the legal floor' }, 'IHL floor') : null,
      h('span', { class: 'rule-set' }, ruleSetLabel(entry.ruleSet)),
    ),
    h('p', { class: 'rule-statement' }, entry.statement),
    h('p', { class: 'rule-source' }, 'Source: ', h('cite', {}, entry.source)),
    citation(entry),
    h('p', { class: 'finding-reason' }, entry.finding.reason),
    detailRows(entry),
  );
}

/** The whole trace, folded: `<details>` opens it, the rules that did not apply fold again inside. */
export function ruleTrace(trace: readonly TraceEntry[], decisiveRules: readonly string[], testid: string): HTMLElement {
  const decisive = new Set(decisiveRules);
  const applied = trace.filter((e) => e.finding.outcome !== 'not_applicable');
  const notApplicable = trace.filter((e) => e.finding.outcome === 'not_applicable');
  return h(
    'details',
    { class: 'trace', 'data-testid': testid },
    h(
      'summary',
      { 'data-testid': `${testid}-toggle` },
      `Trace: ${trace.length} ${trace.length === 1 ? 'rule' : 'rules'} considered`,
      h('span', { class: 'trace-summary-note' }, ` — ${applied.length} applied, ${notApplicable.length} not applicable`),
    ),
    h(
      'p',
      { class: 'trace-legend', 'data-testid': 'trace-legend' },
      verificationMark('V'),
      ' = checked against a copy of the source, the passage quoted. ',
      verificationMark('M'),
      ' = from memory, to be checked before anyone relies on it: each such rule says what was not checked.',
    ),
    h('ol', { class: 'trace-entries' }, applied.map((entry) => traceEntry(entry, decisive.has(entry.ruleId)))),
    notApplicable.length
      ? h(
          'details',
          { class: 'trace-not-applicable' },
          h('summary', {}, `${notApplicable.length} ${notApplicable.length === 1 ? 'rule' : 'rules'} not applicable to these facts`),
          h('ol', { class: 'trace-entries' }, notApplicable.map((entry) => traceEntry(entry, false))),
        )
      : null,
  );
}
