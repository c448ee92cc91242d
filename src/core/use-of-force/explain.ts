import type { Assessment, RegimeAssessment, TraceEntry, Verdict } from './assessment.js';
import type { Judgement } from './force-request.schema.js';

/**
 * An assessment as plain text, for the CLI and for the record: both verdicts with their paradigm, what must be done,
 * what is missing, which judgements are owed and who made the ones given, why the verdicts differ, and the trace with
 * citations and verification marks. Rules that did not apply are listed on one line each, so the trace stays whole.
 */

const VERDICT_WORDS: Record<Verdict, string> = {
  prohibited: 'PROHIBITED',
  needs_information: 'NEEDS INFORMATION',
  needs_human_judgement: 'NEEDS A HUMAN JUDGEMENT',
  permitted_with_conditions: 'PERMITTED WITH CONDITIONS',
  permitted: 'PERMITTED',
};

const PARADIGM_WORDS = { conduct_of_hostilities: 'conduct of hostilities', law_enforcement: 'law enforcement', undetermined: 'undetermined' } as const;

const MARKS = { V: '[V]', M: '[M: from memory of the source, to be checked]' } as const;

/** The mark, and for an M rule that says what was not checked, that instead of the bare "to be checked". */
const mark = (entry: TraceEntry): string => (entry.verification === 'M' && entry.unchecked ? '[M: not checked against the source, see below]' : MARKS[entry.verification]);

/** Where the citation was checked, quoted; and what of it was not. */
function citationLines(entry: TraceEntry): string[] {
  const quoted = (entry.quotes ?? []).map((q) => `      quoted from ${q.at}: "${q.quote}" (${q.url})`);
  return [...quoted, ...(entry.unchecked ? [`      not checked: ${entry.unchecked}`] : [])];
}

const list = (items: readonly string[], indent = '    '): string[] => items.map((item) => `${indent}- ${item}`);

const signed = (j: Judgement): string => `${j.kind} = ${j.value}, judged by ${j.by.name} (${j.by.role}, ${j.by.userId}) at ${j.at}: "${j.reasoning}"`;

function regimeSummary(title: string, a: RegimeAssessment): string[] {
  const lines = [`${title}: ${VERDICT_WORDS[a.verdict]}`, `  Paradigm: ${PARADIGM_WORDS[a.paradigm]}. ${a.paradigmReason}`];
  if (a.decisiveRules.length > 0) lines.push(`  Decided by: ${a.decisiveRules.join(', ')}`);
  if (a.conditions.length > 0) lines.push('  Conditions:', ...list(a.conditions));
  if (a.missingFacts.length > 0) lines.push('  Facts needed:', ...list(a.missingFacts));
  if (a.requiredJudgements.length > 0) lines.push('  Judgements a named person must make:', ...list(a.requiredJudgements));
  return lines;
}

function traceEntry(entry: TraceEntry): string[] {
  const f = entry.finding;
  const head = `  ${entry.ruleId} ${mark(entry)}${entry.floor ? ' (IHL floor)' : ''} — ${entry.source}`;
  if (f.outcome === 'not_applicable') return [`  ${entry.ruleId}${entry.floor ? ' (IHL floor)' : ''}: not applicable — ${f.reason}`];
  const lines = [head, `      ${entry.statement}`, ...citationLines(entry), `      → ${f.outcome.replace('_', ' ')}: ${f.reason}`];
  switch (f.outcome) {
    case 'needs_fact':
      lines.push(`      facts needed: ${f.missing.join(', ')}`);
      break;
    case 'needs_judgement':
      lines.push(`      judgement needed: ${f.judgement}`);
      break;
    case 'condition':
    case 'satisfied':
    case 'prohibits':
      if (f.outcome === 'condition') lines.push(`      condition: ${f.condition}`);
      if (f.facts.length > 0) lines.push(`      facts used: ${f.facts.join(', ')}`);
      if (f.exception) lines.push(`      exception ${f.exception.id} ${f.exception.accepted ? 'ACCEPTED' : 'REJECTED'}: ${f.exception.statement} — ${f.exception.reason}`);
      if (f.judgement) lines.push(`      judgement: ${signed(f.judgement)}`);
      break;
  }
  return lines;
}

export function explainAssessment(a: Assessment): string {
  const deaths = a.expectedDeaths;
  const lines = [
    `Use-of-force assessment (engine ${a.engineVersion})`,
    `Rule sets: ${a.ruleSets.map((s) => `${s.id} ${s.version} (${s.date})`).join('; ')}`,
    a.notice,
    '',
    // The engine's label says which law the first column is: IHL, or human rights law where there is no armed conflict.
    ...regimeSummary(a.ihl.label, a.ihl),
    '',
    ...regimeSummary(a.humanSecurity.label, a.humanSecurity),
    '',
    `Expected deaths, everyone counted: best ${deaths.best} (${deaths.low}–${deaths.high})${deaths.known ? '' : ' — incomplete: some estimates are missing, so this is a floor'}`,
  ];
  if (deaths.toRecord && deaths.toRecord.length > 0) lines.push(`Deaths to record as they happen (not estimated): ${deaths.toRecord.join(', ')}`);
  if (a.judgementsUsed.length > 0) lines.push('', 'Judgements made:', ...list(a.judgementsUsed.map(signed), '  '));
  if (a.divergence.length > 0) lines.push('', 'Why the verdicts differ:', ...list(a.divergence, '  '));
  for (const [title, regime] of [
    [a.ihl.label, a.ihl],
    [a.humanSecurity.label, a.humanSecurity],
  ] as const) {
    lines.push('', `Trace — ${title}:`, ...regime.trace.flatMap(traceEntry));
  }
  return lines.join('\n');
}
