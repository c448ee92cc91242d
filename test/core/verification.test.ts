import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { assertTransition, canTransition, VERIFICATION_STATUSES, type VerificationStatus } from '../../src/core/verification.js';

const allowed: [VerificationStatus, VerificationStatus][] = [
  ['reported', 'under_review'],
  ['under_review', 'verified'],
  ['under_review', 'contested'],
  ['under_review', 'discounted'],
  ['verified', 'under_review'],
  ['contested', 'under_review'],
  ['discounted', 'under_review'],
];

describe('verification workflow', () => {
  it.each(VERIFICATION_STATUSES.flatMap((from) => VERIFICATION_STATUSES.map((to) => [from, to] as const)))('%s → %s is allowed only when the workflow says so', (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(DomainError);
  });

  it('cannot verify an allegation without reviewing it first, and says what is allowed', () => {
    try {
      assertTransition('reported', 'verified');
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe('invalid_transition');
      expect((error as DomainError).message).toContain('under_review');
    }
  });

  it('lets every concluded assessment be reopened', () => {
    for (const status of ['verified', 'contested', 'discounted'] as const) expect(canTransition(status, 'under_review')).toBe(true);
  });
});
