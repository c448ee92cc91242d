import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/use-of-force/assess.js';
import { explainAssessment } from '../../../src/core/use-of-force/explain.js';
import { BUILT_IN_RULE_SETS } from '../../../src/core/use-of-force/rule-sets/catalogue.js';
import { loadScenarios } from './scenarios.js';

/**
 * Every rule's citation says how far it was checked: a V rule quotes the passage found in a copy of its source, with
 * where it comes from and the address of the copy; an M rule says precisely what was not checked, and the trace shows
 * that instead of a bare mark.
 */
const rules = BUILT_IN_RULE_SETS.flatMap((set) => set.rules);

describe('rule citations', () => {
  it.each(rules.filter((r) => r.verification === 'V').map((r) => [r.id, r] as const))('%s (V) quotes its source', (_id, rule) => {
    expect(rule.quotes?.length ?? 0).toBeGreaterThan(0);
    for (const q of rule.quotes ?? []) {
      expect(q.quote.trim().length).toBeGreaterThan(10);
      expect(q.quote).toBe(q.quote.trim());
      expect(q.at.length).toBeGreaterThan(5);
      expect(q.url).toMatch(/^https?:\/\/\S+$/);
    }
  });

  it.each(rules.filter((r) => r.verification === 'M').map((r) => [r.id, r] as const))('%s (M) states what was not checked', (_id, rule) => {
    expect(rule.unchecked?.length ?? 0).toBeGreaterThan(40);
    expect(rule.unchecked).toMatch(/\bnot (checked|found)\b|\bneither\b.*\bchecked\b|nothing to check/);
  });

  it('keeps the count of unchecked rules small and known', () => {
    const unchecked = rules.filter((r) => r.verification === 'M').map((r) => r.id);
    expect(unchecked.sort()).toEqual(
      [
        'APII-4(3)(d)',
        'BPUFF-P10',
        'BPUFF-P12-14',
        'CCW-III-2',
        'HS-ACCOUNTABILITY',
        'HS-ALL-LIFE',
        'HS-ARREST',
        'HS-CIVILIAN-CONTROL',
        'HS-DEFENSIVE',
        'HS-HARD-LIMITS',
        'HS-HUMAN-DECISION',
        'HS-PROTECTIVE-PURPOSE',
        'HS-WEAPON-REVIEW',
        'ICRC-2021-DEFENSIVE',
        'OHCHR-LLW',
      ].sort(),
    );
  });

  it('carries the quotes and the gap into the trace, and the text trace says what was not checked instead of a bare [M]', () => {
    const incendiary = loadScenarios().find((s) => s.file.startsWith('57-'))!;
    const assessment = assess(incendiary.request);
    const ccw = assessment.humanSecurity.trace.find((e) => e.ruleId === 'CCW-III-2')!;
    expect(ccw.verification).toBe('M');
    expect(ccw.unchecked).toMatch(/The authentic texts of Protocol III, Art\. 2 \(English/);
    const r84 = assessment.ihl.trace.find((e) => e.ruleId === 'CIHL-R84')!;
    expect(r84.quotes?.[0]?.quote).toMatch(/^If incendiary weapons are used/);

    const text = explainAssessment(assessment);
    expect(text).toContain('CCW-III-2 [M: not checked against the source, see below]');
    expect(text).toMatch(/not checked: The authentic texts of Protocol III, Art\. 2/);
    expect(text).toMatch(/CIHL-R84 \[V\][\s\S]*quoted from ICRC Customary IHL Study, Rule 84: "If incendiary weapons are used/);
    expect(text).not.toContain('[M: from memory of the source, to be checked]');
  });
});
