import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleDefinition } from '../src/core/use-of-force/assessment.js';
import { BUILT_IN_RULE_SETS } from '../src/core/use-of-force/rule-sets/catalogue.js';

/**
 * The list of rules in docs/use-of-force.md, written from the rule sets themselves — each rule's id, mark, source and
 * statement, the passage it was checked against or what was not checked — so the reference cannot drift from the
 * code. `npm run docs:rules` rewrites it; a test fails while it differs.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RULES_DOC = join(ROOT, 'docs/use-of-force.md');
export const RULES_START = '<!-- rule-table:start (written by npm run docs:rules) -->';
export const RULES_END = '<!-- rule-table:end -->';

function ruleItem(rule: RuleDefinition): string[] {
  const lines = [`- **${rule.id}** [${rule.verification}] ${rule.statement}`, `  - Source: ${rule.source}.`];
  for (const q of rule.quotes ?? []) lines.push(`  - Checked against ${q.at}: “${q.quote}” — <${q.url}>`);
  if (rule.unchecked) lines.push(`  - Not checked: ${rule.unchecked}`);
  return lines;
}

export function ruleTableMarkdown(): string {
  const all = BUILT_IN_RULE_SETS.flatMap((set) => set.rules);
  const checked = all.filter((r) => r.verification === 'V').length;
  const lines = [
    RULES_START,
    '',
    `${all.length} rules in ${BUILT_IN_RULE_SETS.length} rule sets: ${checked} marked V (the passage quoted was found in a copy of the source), ${all.length - checked} marked M (what was not checked is stated).`,
  ];
  for (const set of BUILT_IN_RULE_SETS) {
    lines.push('', `### ${set.version.title}`, '', `Rule set \`${set.version.id}\`, version ${set.version.version} (${set.version.date}).`, '');
    for (const rule of set.rules) lines.push(...ruleItem(rule));
  }
  lines.push('', RULES_END);
  return lines.join('\n');
}

/** The document with its rule list rewritten from the code. */
export function withRuleTable(text: string): string {
  const start = text.indexOf(RULES_START);
  const end = text.indexOf(RULES_END);
  if (start < 0 || end < 0) throw new Error('docs/use-of-force.md has no rule-table markers');
  return text.slice(0, start) + ruleTableMarkdown() + text.slice(end + RULES_END.length);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(RULES_DOC, withRuleTable(readFileSync(RULES_DOC, 'utf8')));
  console.log('docs/use-of-force.md: rule list rewritten');
}
