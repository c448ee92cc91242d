import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { canonicalJson } from '../src/core/ledger/canonical-json.js';
import type { RuleSetId } from '../src/core/use-of-force/assessment.js';
import { BUILT_IN_RULE_SETS, type RuleSet } from '../src/core/use-of-force/rule-sets/catalogue.js';

/**
 * The fingerprint of each built-in rule set: a SHA-256 over the canonical JSON of its rules' data (id, source, scope,
 * statement, mark, quotes, what was not checked, paradigms …) and over the code that decides their findings — the
 * rule set's module and every module it imports for its values, transitively, printed without comments or layout so
 * only a change of behaviour or data counts. A rule set whose fingerprint changes must get a new version; the expected
 * fingerprints live in a golden file, which `npm run rules:golden` rewrites (run it after bumping the version, and after
 * merging branches that both changed rule sets).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RULE_SET_DIR = join(ROOT, 'src/core/use-of-force/rule-sets');
export const GOLDEN_FILE = join(ROOT, 'test/fixtures/use-of-force-rule-sets.json');

/** The module each built-in rule set is defined in. */
const MODULES: Partial<Record<RuleSetId, string>> = {
  ihl: 'ihl.rules.ts',
  law_enforcement: 'law-enforcement.rules.ts',
  human_security: 'human-security.rules.ts',
  treaties: 'treaty.rules.ts',
  autonomy: 'autonomy.rules.ts',
};

export interface Fingerprint {
  version: string;
  date: string;
  sha256: string;
  /** The modules whose code went into the fingerprint, relative to the repository. */
  code: string[];
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** The relative modules a file imports for their values (type-only imports do not change behaviour). */
function valueImports(file: string, source: ts.SourceFile): string[] {
  const found: string[] = [];
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement);
    const isExport = ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined;
    if (!isImport && !isExport) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    if (isImport) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      if (clause && !clause.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)) continue;
    } else if (statement.isTypeOnly) continue;
    found.push(resolve(dirname(file), specifier.text.replace(/\.js$/, '.ts')));
  }
  return found;
}

/** The printed code of a module and of everything it imports for values, each file once, in a stable order. */
function codeOf(entry: string): Map<string, string> {
  const code = new Map<string, string>();
  const visit = (file: string) => {
    if (code.has(file)) return;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    code.set(file, printer.printFile(source));
    for (const next of valueImports(file, source)) visit(next);
  };
  visit(entry);
  return code;
}

export function fingerprintOf(set: RuleSet): Fingerprint {
  const module = MODULES[set.version.id];
  if (!module) throw new Error(`rule set ${set.version.id} has no module listed in tools/rule-set-fingerprints.ts`);
  const code = codeOf(join(RULE_SET_DIR, module));
  const files = [...code.keys()].map((file) => relative(ROOT, file)).sort();
  // The rules' data without their evaluate function, whose behaviour the code above carries.
  const data = set.rules.map((rule) => Object.fromEntries(Object.entries(rule).filter(([key]) => key !== 'evaluate')));
  const text = canonicalJson({ data, code: files.map((file) => [file, code.get(join(ROOT, file))]) });
  return { version: set.version.version, date: set.version.date, sha256: createHash('sha256').update(text).digest('hex'), code: files };
}

export const fingerprints = (): Record<string, Fingerprint> => Object.fromEntries(BUILT_IN_RULE_SETS.map((set) => [set.version.id, fingerprintOf(set)]));

export const readGolden = (): Record<string, Fingerprint> => JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, Fingerprint>;

/** `npm run rules:golden`: records the current fingerprints as the expected ones. */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const current = fingerprints();
  writeFileSync(GOLDEN_FILE, `${JSON.stringify(current, null, 2)}\n`);
  for (const [id, f] of Object.entries(current)) console.log(`${id} ${f.version} (${f.date}) ${f.sha256}`);
  console.log(`${relative(ROOT, GOLDEN_FILE)} rewritten`);
}
