import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { assessRequest } from '../../../src/application/force-request.service.js';
import { submissionSchema } from '../../../src/core/use-of-force/force-request-view.schema.js';
import { explainAssessment } from '../../../src/core/use-of-force/explain.js';
import { RULES_DOC, withRuleTable } from '../../../tools/write-rule-table.js';

/**
 * docs/use-of-force.md is the product's reference: its rule list is the rule sets', every field of the request format
 * is documented, and the worked example is a request `haven assess` accepts, with the verdicts the document shows.
 */
const doc = readFileSync(RULES_DOC, 'utf8');
const EXAMPLE = new URL('../../../docs/examples/force-request-checkpoint.json', import.meta.url);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every field path of a schema: `request.means.weapon`, `roe.series[].rules[].text` … */
function fieldPaths(schema: z.ZodType, path = '', out = new Set<string>()): Set<string> {
  const def = defOf(schema);
  if (def.type === 'object') {
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const child = path ? `${path}.${key}` : key;
      out.add(child);
      fieldPaths(field, child, out);
    }
  } else if (def.innerType) fieldPaths(def.innerType, path, out);
  else if (def.type === 'array' && def.element) fieldPaths(def.element, `${path}[]`, out);
  else if (def.type === 'union') for (const option of def.options ?? []) fieldPaths(option, path, out);
  else if (def.type === 'pipe' && def.in) fieldPaths(def.in, path, out);
  return out;
}

describe('docs/use-of-force.md', () => {
  it('lists the rules exactly as the rule sets hold them (npm run docs:rules rewrites the list)', () => {
    expect(withRuleTable(doc) === doc, 'the rule list in docs/use-of-force.md differs from the rule sets: run npm run docs:rules').toBe(true);
  });

  it('documents every field of the request format', () => {
    const paths = [...fieldPaths(submissionSchema)]
      .filter((p) => !/\.(low|best|high)$/.test(p))
      .map((p) => p.replace(/expectedEffects\.(civilians|ownForce|opposingForce)/, 'expectedEffects.<group>'));
    const undocumented = [...new Set(paths)].filter((p) => !doc.includes(`| \`${p}\` |`));
    expect(undocumented).toEqual([]);
    expect(paths).toContain('request.means.autonomy.humanCanIntervene');
  });

  it('gives a worked example that haven assess accepts, with the verdicts the document shows', () => {
    const example: unknown = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    expect(submissionSchema.safeParse(example).success).toBe(true);
    const lines = explainAssessment(assessRequest(example)).split('\n');
    // The first column is headed by its regime: IHL, or human-rights law where there is no armed conflict.
    const shown = [/^International (humanitarian|human rights) law[^:]*: /, /^Human security: /].flatMap((title) => {
      const at = lines.findIndex((l) => title.test(l));
      expect(at, String(title)).toBeGreaterThanOrEqual(0);
      return lines.slice(at, at + 3).filter((l, i) => i < 2 || l.startsWith('  Decided by:'));
    });
    const block = /<!-- example-verdicts:start -->\n```text\n([\s\S]*?)\n```\n<!-- example-verdicts:end -->/.exec(doc)?.[1];
    expect(block, 'the example-verdicts block of docs/use-of-force.md').toBe(shown.join('\n'));
  });
});
