import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { assessCapability, CAPABILITY_RULES, type CapabilityAssessment, type CapabilityFinding, type HumanSecurityVerdict } from '../src/core/capabilities/capability-assessment.js';
import { capabilitySchema, type Capability, type HumanRole, type TargetType } from '../src/core/capabilities/capability.schema.js';
import { plainIssueMessage } from '../src/core/plain-issue-messages.js';

/**
 * The capability conformance table: real, publicly documented systems as register records, each with its sources and
 * the verdict expected from the capability rules (docs/capabilities/conformance-systems.json), and the page written
 * from it and from assessCapability (docs/capabilities/conformance.md). `npm run docs:conformance` rewrites the page;
 * a test fails while it differs, and another while a verdict differs from the one expected.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFORMANCE_TABLE = join(ROOT, 'docs/capabilities/conformance-systems.json');
export const CONFORMANCE_DOC = join(ROOT, 'docs/capabilities/conformance.md');

const RULE_IDS = CAPABILITY_RULES.map((rule) => rule.ruleId);
const VERDICTS = ['cannot_be_permitted', 'needs_facts', 'may_be_permitted_within_limits'] as const satisfies readonly HumanSecurityVerdict[];
const text = (max: number) => z.string().trim().min(1).max(max);

const sourceSchema = z
  .object({
    title: text(300),
    author: text(200).optional(),
    publisher: text(200),
    /** Left out where the page read did not show it: the page prints n.d. rather than a guess. */
    year: z.number().int().min(1900).max(2100).optional(),
    /** Where the text was read (a copy is named in the publisher). */
    url: z.url().optional(),
    /** The passage relied on was read through a search of stored public pages; false: stated from general knowledge. */
    checked: z.boolean(),
    /** Which facts of the record it supports, or what it was not read for. */
    supports: text(600),
  })
  .strict()
  .refine((s) => s.checked || s.url === undefined, { path: ['url'], message: 'a source not read here carries no address' });

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
    /** Checked against capabilitySchema separately, so that its problems name the system. */
    system: z.record(z.string(), z.unknown()),
    /** Whether the status in system.legalReview comes from a public record (false: no record found, unknown recorded). */
    reviewOnPublicRecord: z.boolean(),
    notes: z.array(text(600)).max(10),
    sources: z.array(sourceSchema).min(1, 'name at least one source').max(10),
    expected: z
      .object({
        humanSecurity: z.enum(VERDICTS),
        /** Every rule whose finding is ruled_out, in any framework. */
        ruledOutBy: z.array(z.enum(RULE_IDS as [string, ...string[]])).max(RULE_IDS.length),
        why: text(400),
      })
      .strict(),
  })
  .strict();

const tableSchema = z.object({ about: text(2000), systems: z.array(z.unknown()) }).strict();

export type ConformanceSource = z.output<typeof sourceSchema>;
export interface ConformanceEntry extends Omit<z.output<typeof entrySchema>, 'system'> {
  system: Capability;
}
export interface ConformanceTable {
  about: string;
  entries: ConformanceEntry[];
}

const issueLines = (where: string, error: z.ZodError, under = ''): string[] =>
  error.issues.map((issue) => `${where}: ${[under, ...issue.path.map(String)].filter(Boolean).join('.') || 'the entry'}: ${issue.message}`);

/** The system's name as written, for messages about a record that may not be valid. */
function nameOf(raw: unknown, index: number): string {
  const system = typeof raw === 'object' && raw !== null ? (raw as { system?: unknown; id?: unknown }) : {};
  const name = typeof system.system === 'object' && system.system !== null ? (system.system as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && name.trim()) return name;
  return typeof system.id === 'string' ? system.id : `system ${index + 1}`;
}

/**
 * The table read from its JSON text: every entry validated, its system by capabilitySchema, each problem naming the
 * entry (`systems[3] "Patriot …": system.autonomy.humanRole: must be one of: …`). Entries with problems are left out.
 */
export function readConformanceTable(json: string): { table: ConformanceTable; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { table: { about: '', entries: [] }, problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const envelope = tableSchema.safeParse(raw, { error: plainIssueMessage });
  if (!envelope.success) return { table: { about: '', entries: [] }, problems: issueLines('the table', envelope.error) };
  const problems: string[] = [];
  const entries: ConformanceEntry[] = [];
  envelope.data.systems.forEach((rawEntry, index) => {
    const where = `systems[${index}] "${nameOf(rawEntry, index)}"`;
    const entry = entrySchema.safeParse(rawEntry, { error: plainIssueMessage });
    if (!entry.success) {
      problems.push(...issueLines(where, entry.error));
      return;
    }
    const system = capabilitySchema.safeParse(entry.data.system, { error: plainIssueMessage });
    if (!system.success) {
      problems.push(...issueLines(where, system.error, 'system'));
      return;
    }
    entries.push({ ...entry.data, system: system.data });
  });
  return { table: { about: envelope.data.about, entries }, problems };
}

/** The committed table, or an error listing every problem in it. */
export function loadConformanceTable(file = CONFORMANCE_TABLE): ConformanceTable {
  const { table, problems } = readConformanceTable(readFileSync(file, 'utf8'));
  if (problems.length > 0) throw new Error(`${file} has ${problems.length} problem(s):\n${problems.join('\n')}`);
  return table;
}

/** Every rule whose finding rules the system out, in the rules' order. */
export const ruledOutBy = (assessment: CapabilityAssessment): string[] => assessment.findings.filter((f) => f.outcome === 'ruled_out').map((f) => f.ruleId);

/** The findings named in the verdict's reasons: what ruled it out, what it needs, or the requirements left unmet. */
const decidingFindings = (assessment: CapabilityAssessment): CapabilityFinding[] =>
  assessment.findings.filter((f) => assessment.reasons.includes(`${f.ruleId}: ${f.explanation}`));

const VERDICT_WORDS: Record<HumanSecurityVerdict, string> = {
  cannot_be_permitted: 'cannot be permitted',
  needs_facts: 'needs facts',
  may_be_permitted_within_limits: 'may be permitted within limits',
};
const ROLE_WORDS: Record<HumanRole, string> = { human_decides: 'a person decides each use', human_supervises: 'a person supervises', no_human_in_loop: 'no person in the loop' };
const TARGET_WORDS: Record<TargetType, string> = { none: 'nothing', objects_only: 'objects only', persons: 'persons', persons_and_objects: 'persons and objects' };
const OUTCOME_WORDS: Record<CapabilityFinding['outcome'], string> = { ruled_out: 'ruled out', unmet: 'unmet', met: 'met', needs_fact: 'needs a fact', not_applicable: 'not applicable' };

const cell = (value: string): string => value.replace(/\s+/g, ' ').replaceAll('|', '\\|').trim();
const words = (value: string): string => value.replaceAll('_', ' ');

function legalReviewWords(entry: ConformanceEntry): string {
  const { system } = entry;
  const review = system.legalReview;
  if (review.status === 'completed') return `completed${review.date ? ` ${review.date}` : ''}: ${words(review.conclusion ?? 'no conclusion')}`;
  if (!system.isWeapon) return 'not a weapon';
  if (!entry.reviewOnPublicRecord) return 'none on the public record';
  return words(review.status);
}

function decidingWords(assessment: CapabilityAssessment): string {
  const ids = decidingFindings(assessment).map((f) => f.ruleId);
  if (assessment.humanSecurity === 'may_be_permitted_within_limits') return ids.length > 0 ? `none; unmet: ${ids.join(', ')}` : 'none';
  return ids.join(', ');
}

const sourceLink = (source: ConformanceSource, n: number): string => `${source.url ? `[${n}](${source.url})` : String(n)}${source.checked ? '' : ' (not read)'}`;

function sourceItem(source: ConformanceSource, n: number): string {
  const who = [source.author, `*${source.title}*`, source.publisher, source.year === undefined ? 'n.d.' : String(source.year)].filter((part) => part !== undefined).join(', ');
  const where = source.url ? ` <${source.url}>` : '';
  return `${n}. ${who}.${where} ${source.checked ? 'Read' : 'Not read here'}: ${source.supports}.`;
}

function systemSection(entry: ConformanceEntry, assessment: CapabilityAssessment): string[] {
  const { system } = entry;
  const open = assessment.findings.filter((f) => f.outcome !== 'met' && f.outcome !== 'not_applicable');
  return [
    `### <a id="${entry.id}"></a>${system.name}${system.designation && !system.name.includes(system.designation) ? ` (${system.designation})` : ''}`,
    '',
    system.description ?? '',
    '',
    `**Human security: ${VERDICT_WORDS[assessment.humanSecurity]}.** ${entry.expected.why}`,
    '',
    ...(open.length > 0 ? ['Findings other than met or not applicable:', '', ...open.map((f) => `- \`${f.ruleId}\` ${OUTCOME_WORDS[f.outcome]}: ${f.explanation}`), ''] : ['Every finding is met or not applicable.', '']),
    ...(entry.notes.length > 0 ? ['Notes:', '', ...entry.notes.map((note) => `- ${note}`), ''] : []),
    'Sources:',
    '',
    ...entry.sources.map((source, i) => sourceItem(source, i + 1)),
    '',
  ];
}

/** The page, written from the table and the rules. */
export function conformanceMarkdown(table: ConformanceTable): string {
  const assessed = table.entries.map((entry) => ({ entry, assessment: assessCapability(entry.system) }));
  const count = (verdict: HumanSecurityVerdict) => assessed.filter((a) => a.assessment.humanSecurity === verdict).length;
  const weapons = assessed.filter((a) => a.entry.system.isWeapon);
  // Undecided only for want of the review: needs facts, and the one open deciding finding is HS-CAP-2.
  const onlyByReview = weapons.filter((a) => a.assessment.humanSecurity === 'needs_facts' && a.assessment.reasons.every((reason) => reason.startsWith('HS-CAP-2:')));
  const byIcrc = assessed.filter((a) => ruledOutBy(a.assessment).some((id) => id.startsWith('ICRC-')));
  const names = (list: typeof assessed) => list.map((a) => `[${a.entry.system.name}](#${a.entry.id})`).join(', ');
  return [
    '# Capability rules on real systems: a conformance table',
    '',
    '<!-- Written by npm run docs:conformance from docs/capabilities/conformance-systems.json and src/core/capabilities/capability-assessment.ts; do not edit by hand. -->',
    '',
    '> **This is not a legal finding about any state’s weapon.** It illustrates how Haven’s capability rules read the',
    '> public facts about real systems. A record holds only what the sources below say; a fact they do not give is',
    '> recorded as unknown, and an unknown can decide a verdict. A state’s own reviews, rules of use and configurations,',
    '> most of them not public, may differ from everything here.',
    '',
    `Each system is a register record in [conformance-systems.json](conformance-systems.json), assessed by \`assessCapability\` against the rules described in [posture and spending](../posture-and-spending.md#capability-register-the-assessment-of-a-system). A test checks every record against the register's schema and every verdict, and the exact rules that rule a system out, against the verdict written down beforehand from a reading of the rules (\`test/core/capability-conformance.test.ts\`).`,
    '',
    'How to read it:',
    '',
    '- **Legal review.** Almost no state publishes the review of a particular weapon. Where no public record was found the',
    '  register says `unknown` and the table says "none on the public record". HS-CAP-2 (no weapon in use without a',
    '  completed legal review) then needs that fact: the system is undecided under human security until its review is',
    '  known, neither permitted nor ruled out for it.',
    '- **Sources.** Each source is marked read (its passage was read through a search of stored public pages, at the',
    '  address given, sometimes a copy) or not read (stated from general knowledge; no address is given).',
    '- **Deciding rules.** The rules that ruled the system out; for a system that needs facts, the rules that cannot be',
    '  decided; for one that may be permitted, the requirements still unmet.',
    '',
    `${assessed.length} systems: ${count('cannot_be_permitted')} cannot be permitted, ${count('needs_facts')} need facts, ${count('may_be_permitted_within_limits')} may be permitted within limits. Of the ${weapons.length} weapons, ${onlyByReview.length} need only their legal review, which is not on the public record, to be decided. The ICRC's prohibitions rule out ${byIcrc.length > 0 ? names(byIcrc) : 'none of them'}.`,
    '',
    '| System | Purpose | Human role | Autonomous functions | Targets | Legal review | Verdict | Deciding rules | Sources |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...assessed.map(({ entry, assessment }) => {
      const { system } = entry;
      const functions = system.autonomy.autonomousFunctions.length > 0 ? system.autonomy.autonomousFunctions.join(', ') : 'none';
      return `| ${[
        `[${system.name}](#${entry.id})`,
        words(system.purpose),
        ROLE_WORDS[system.autonomy.humanRole],
        functions,
        TARGET_WORDS[system.targetTypes],
        legalReviewWords(entry),
        VERDICT_WORDS[assessment.humanSecurity],
        decidingWords(assessment),
        entry.sources.map((source, i) => sourceLink(source, i + 1)).join(', '),
      ]
        .map(cell)
        .join(' | ')} |`;
    }),
    '',
    '## The systems',
    '',
    ...assessed.flatMap(({ entry, assessment }) => systemSection(entry, assessment)),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFORMANCE_DOC, conformanceMarkdown(loadConformanceTable()));
  console.log('docs/capabilities/conformance.md: written from the conformance table');
}
