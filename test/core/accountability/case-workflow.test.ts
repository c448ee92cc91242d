import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertCaseTransition, CASE_STATUSES, CASE_TRANSITIONS, isAllowedTransition, type CaseStatus } from '../../../src/core/accountability/case-workflow.js';
import { caseStepInputSchema, perpetratorEventInputSchema } from '../../../src/core/accountability/case.schema.js';
import { LEGAL_QUALIFICATIONS, QUALIFICATION_CATEGORIES } from '../../../src/core/accountability/legal-qualifications.js';
import { DomainError } from '../../../src/core/errors.js';

const status = fc.constantFrom(...CASE_STATUSES);
const refusal = (from: CaseStatus, to: CaseStatus): DomainError | undefined => {
  try {
    assertCaseTransition(from, to);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

describe('the case path as data', () => {
  it('accepts every transition the table allows', () => {
    for (const [from, nexts] of Object.entries(CASE_TRANSITIONS) as [CaseStatus, readonly CaseStatus[]][]) {
      for (const to of nexts) expect(refusal(from, to), `${from} → ${to}`).toBeUndefined();
    }
  });

  it('refuses every other pair with invalid_transition, naming the allowed next steps', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const error = refusal(from, to);
        if (CASE_TRANSITIONS[from].includes(to)) return error === undefined && isAllowedTransition(from, to);
        expect(error?.code).toBe('invalid_transition');
        for (const next of CASE_TRANSITIONS[from]) expect(error?.message).toContain(`'${next}'`);
        if (CASE_TRANSITIONS[from].length === 0) expect(error?.message).toMatch(/final/);
        return !isAllowedTransition(from, to);
      }),
      { numRuns: 500 },
    );
  });

  it('walks the full path documented → referred → warrant → arrested → tried → outcome, and never returns to documented', () => {
    const path: CaseStatus[] = ['documented', 'referred', 'warrant', 'arrested', 'tried', 'outcome'];
    for (let i = 1; i < path.length; i++) expect(isAllowedTransition(path[i - 1]!, path[i]!)).toBe(true);
    for (const from of CASE_STATUSES) expect(isAllowedTransition(from, 'documented')).toBe(false);
    for (const from of ['documented', 'referred', 'warrant', 'arrested'] as const) expect(isAllowedTransition(from, 'closed_without_action')).toBe(true);
  });

  it('names only known statuses in the table', () => {
    for (const nexts of Object.values(CASE_TRANSITIONS)) for (const to of nexts) expect(CASE_STATUSES).toContain(to);
  });
});

describe('the legal-qualification catalogue', () => {
  it('has unique ids, known categories, a verification mark, and the articles the brief asks for', () => {
    expect(new Set(LEGAL_QUALIFICATIONS.map((q) => q.id)).size).toBe(LEGAL_QUALIFICATIONS.length);
    for (const q of LEGAL_QUALIFICATIONS) {
      expect(QUALIFICATION_CATEGORIES).toContain(q.category);
      expect(['V', 'M']).toContain(q.verification);
    }
    const articles = LEGAL_QUALIFICATIONS.map((q) => q.article);
    for (const a of ['Art. 6', 'Art. 7(1)(a)', 'Art. 7(1)(g)', 'Art. 8(2)(a)(i)', 'Art. 8(2)(b)(i)', 'Art. 8(2)(b)(iii)', 'Art. 8(2)(e)(iii)', 'Art. 8(2)(b)(ix)', 'Art. 8(2)(e)(iv)', 'Art. 8(2)(b)(xxii)', 'Art. 8(2)(e)(vi)', 'Art. 8(2)(b)(xxiv)', 'Art. 8(2)(b)(xxv)', 'Art. 8(2)(b)(xxvi)', 'Art. 8(2)(e)(vii)']) {
      expect(articles).toContain(a);
    }
    for (const category of QUALIFICATION_CATEGORIES) expect(LEGAL_QUALIFICATIONS.some((q) => q.category === category)).toBe(true);
  });
});

describe('steps and events carry what each needs', () => {
  const base = { date: '2026-11-20', source: { title: 'Referral letter' }, expectedVersion: 1 };
  it('requires whom a case is referred to, and the reason a case is closed', () => {
    expect(caseStepInputSchema.safeParse({ ...base, status: 'referred' }).success).toBe(false);
    expect(caseStepInputSchema.safeParse({ ...base, status: 'referred', referredTo: { body: 'icc', name: 'Office of the Prosecutor' } }).success).toBe(true);
    expect(caseStepInputSchema.safeParse({ ...base, status: 'closed_without_action' }).success).toBe(false);
    expect(caseStepInputSchema.safeParse({ ...base, status: 'outcome', outcome: 'convicted' }).success).toBe(true);
    expect(caseStepInputSchema.safeParse({ ...base, status: 'referred', referredTo: { body: 'icc', name: 'OTP' }, source: undefined }).success).toBe(false);
  });
  it('requires who arrested and where, and who killed and how', () => {
    expect(perpetratorEventInputSchema.safeParse({ kind: 'arrested', date: '2026-11-20', by: 'Police' }).success).toBe(false);
    expect(perpetratorEventInputSchema.safeParse({ kind: 'arrested', date: '2026-11-20', by: 'Police', place: 'Town' }).success).toBe(true);
    expect(perpetratorEventInputSchema.safeParse({ kind: 'killed', date: '2026-11-20', by: 'Unit' }).success).toBe(false);
    expect(perpetratorEventInputSchema.safeParse({ kind: 'killed', date: '2026-11-20', by: 'Unit', circumstances: 'In a raid' }).success).toBe(true);
  });
});
