import { DomainError } from '../errors.js';

/**
 * The path of an accountability case, from a documented violation to a court's outcome. Each step is dated, sourced
 * and recorded by name; a case may be closed without action at any point before trial, with the reason.
 */
export const CASE_STATUSES = ['documented', 'referred', 'warrant', 'arrested', 'tried', 'outcome', 'closed_without_action'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  documented: 'Documented',
  referred: 'Referred',
  warrant: 'Warrant issued',
  arrested: 'Arrested',
  tried: 'Tried',
  outcome: 'Outcome',
  closed_without_action: 'Closed without action',
};

/**
 * Which status may follow which, as data. A referred case may be referred again (to another body: a national
 * prosecutor passes it to the ICC, say). A case is closed without action before trial; once tried, only the outcome
 * follows. Outcome and closure are final.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  documented: ['referred', 'closed_without_action'],
  referred: ['referred', 'warrant', 'closed_without_action'],
  warrant: ['arrested', 'closed_without_action'],
  arrested: ['tried', 'closed_without_action'],
  tried: ['outcome'],
  outcome: [],
  closed_without_action: [],
};

export const REFERRAL_BODIES = ['national_prosecutor', 'icc', 'un_commission_of_inquiry', 'hybrid_court', 'regional_court', 'other'] as const;
export type ReferralBody = (typeof REFERRAL_BODIES)[number];
export const REFERRAL_BODY_LABELS: Record<ReferralBody, string> = {
  national_prosecutor: 'National prosecutor',
  icc: 'International Criminal Court',
  un_commission_of_inquiry: 'UN commission of inquiry',
  hybrid_court: 'Hybrid court',
  regional_court: 'Regional court',
  other: 'Other',
};

export const CASE_OUTCOMES = ['convicted', 'acquitted', 'dismissed', 'other'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export function allowedNextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return CASE_TRANSITIONS[from];
}

export function isAllowedTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Refuses a step the path does not allow, naming the steps that would be allowed. */
export function assertCaseTransition(from: CaseStatus, to: CaseStatus): void {
  if (isAllowedTransition(from, to)) return;
  const next = allowedNextStatuses(from);
  const allowed = next.length === 0 ? 'it is final: no further step is allowed' : `it can next be ${next.map((s) => `'${s}'`).join(' or ')}`;
  const message = `a case that is '${from}' cannot move to '${to}': ${allowed}`;
  throw new DomainError('invalid_transition', message, [{ path: 'status', code: 'invalid_transition', message }]);
}
