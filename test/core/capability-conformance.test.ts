import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessCapability } from '../../src/core/capabilities/capability-assessment.js';
import { CONFORMANCE_DOC, CONFORMANCE_TABLE, conformanceMarkdown, readConformanceTable, ruledOutBy } from '../../tools/write-capability-conformance.js';

/**
 * The capability rules on real, publicly documented systems (docs/capabilities/conformance-systems.json): every record
 * is a valid register entry with its sources, and assessCapability gives each the verdict, and rules it out by exactly
 * the rules, written down beforehand from a reading of the rules. The page in the docs is the one the tool writes.
 */
const json = readFileSync(CONFORMANCE_TABLE, 'utf8');
const { table, problems } = readConformanceTable(json);

interface RawTable {
  systems: { system: { name: string; autonomy: Record<string, unknown> }; sources: Record<string, unknown>[]; expected: { ruledOutBy: string[] } }[];
}
const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const broken = (change: (raw: RawTable) => void): string[] => {
  const raw = JSON.parse(json) as RawTable;
  change(raw);
  return readConformanceTable(JSON.stringify(raw)).problems;
};

describe('the capability conformance table', () => {
  it('holds at least 30 systems, every one a valid register record with its sources', () => {
    expect(problems).toEqual([]);
    expect(table.entries.length).toBe((JSON.parse(json) as RawTable).systems.length);
    expect(table.entries.length).toBeGreaterThanOrEqual(30);
    for (const entry of table.entries) expect(entry.sources.length, entry.system.name).toBeGreaterThanOrEqual(1);
  });

  it('names each system once', () => {
    const names = table.entries.map((e) => e.system.name);
    const ids = table.entries.map((e) => e.id);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('names the system and the field of every problem in a record', () => {
    const raw = JSON.parse(json) as RawTable;
    const [first, second, third] = raw.systems.map((s) => s.system.name);
    const found = broken((t) => {
      t.systems[0]!.system.autonomy.humanRole = 'a robot';
      t.systems[1]!.sources = [];
      t.systems[2]!.sources[0]!.checked = false;
      t.systems[2]!.expected.ruledOutBy = ['ICRC-2099'];
    });
    expect(found).toContain(`systems[0] "${first}": system.autonomy.humanRole: must be one of: human_decides, human_supervises, no_human_in_loop`);
    expect(found).toContain(`systems[1] "${second}": sources: name at least one source`);
    expect(found).toContain(`systems[2] "${third}": sources.0.url: a source not read here carries no address`);
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^systems\\[2\\] "${literally(third!)}": expected\\.ruledOutBy\\.0: must be one of: `)));
    expect(readConformanceTable('{"systems": [').problems[0]).toMatch(/^not JSON: /);
  });

  it('records a completed legal review only from a public record, and never a date or reviewer without one', () => {
    for (const { system, reviewOnPublicRecord, sources } of table.entries) {
      if (reviewOnPublicRecord) {
        expect(system.legalReview.status, system.name).not.toBe('unknown');
        expect(sources.some((s) => s.checked), system.name).toBe(true);
      } else {
        expect(system.legalReview, system.name).toEqual({ status: 'unknown' });
      }
    }
  });

  it.each(table.entries.map((entry) => [entry.system.name, entry] as const))('%s: the verdict and the rules ruling it out are the ones expected', (_name, entry) => {
    const assessment = assessCapability(entry.system);
    expect({ humanSecurity: assessment.humanSecurity, ruledOutBy: ruledOutBy(assessment).sort() }).toEqual({
      humanSecurity: entry.expected.humanSecurity,
      ruledOutBy: [...entry.expected.ruledOutBy].sort(),
    });
  });
});

describe('docs/capabilities/conformance.md', () => {
  it('is the page npm run docs:conformance writes from the table and the rules', () => {
    expect(readFileSync(CONFORMANCE_DOC, 'utf8') === conformanceMarkdown(table), 'docs/capabilities/conformance.md differs from the table or the rules: run npm run docs:conformance').toBe(true);
  });

  it('is linked from the posture and spending methods', () => {
    expect(readFileSync(new URL('../../docs/posture-and-spending.md', import.meta.url), 'utf8').includes('](capabilities/conformance.md)')).toBe(true);
  });
});
