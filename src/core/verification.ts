import { DomainError } from './errors.js';

/**
 * Allegation and assessment are separate: every incident enters as `reported`, is taken under review, and is
 * concluded as verified, contested or discounted. A concluded assessment can be reopened (back under review).
 */
export const VERIFICATION_STATUSES = ['reported', 'under_review', 'verified', 'contested', 'discounted'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const VERIFICATION_TRANSITIONS: Readonly<Record<VerificationStatus, readonly VerificationStatus[]>> = {
  reported: ['under_review'],
  under_review: ['verified', 'contested', 'discounted'],
  verified: ['under_review'],
  contested: ['under_review'],
  discounted: ['under_review'],
};

export function canTransition(from: VerificationStatus, to: VerificationStatus): boolean {
  return VERIFICATION_TRANSITIONS[from].includes(to);
}

/** Throws `invalid_transition` naming the allowed next states, so the caller can tell the user what to do. */
export function assertTransition(from: VerificationStatus, to: VerificationStatus): void {
  if (!canTransition(from, to)) {
    const allowed = VERIFICATION_TRANSITIONS[from].join(', ');
    throw new DomainError('invalid_transition', `cannot move verification from ${from} to ${to}; allowed: ${allowed}`, [
      { path: 'status', code: 'invalid_transition', message: `from ${from} only ${allowed} is allowed` },
    ]);
  }
}
