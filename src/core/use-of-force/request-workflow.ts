import { DomainError } from '../errors.js';

/**
 * The path of a force request through people: the engine assesses, a human-security advisor reviews, the commander
 * decides, the mission's civilian authority approves where the mission requires it. An emergency record (force used
 * in self-defence before anyone could be asked) goes straight to review. Nobody acts on their own request, and
 * nobody approves their own decision.
 */
export const REQUEST_STATUSES = [
  'awaiting_review',
  'awaiting_decision',
  'awaiting_approval',
  'authorised',
  'approved',
  'denied',
  'rejected',
  'reviewed_after_emergency',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REVIEW_POSITIONS = ['concur', 'do_not_concur'] as const;
export const DECISIONS = ['authorise', 'deny'] as const;
export const APPROVALS = ['approve', 'reject'] as const;
export type ReviewPosition = (typeof REVIEW_POSITIONS)[number];
export type Decision = (typeof DECISIONS)[number];
export type Approval = (typeof APPROVALS)[number];

export const FINAL_STATUSES: readonly RequestStatus[] = ['authorised', 'approved', 'denied', 'rejected', 'reviewed_after_emergency'];

export interface RequestParticipants {
  requestedBy: string;
  decidedBy?: string | undefined;
}

const refuse = (message: string) => new DomainError('invalid_transition', message);

export function statusAfterReview(status: RequestStatus, emergency: boolean): RequestStatus {
  if (status !== 'awaiting_review') throw refuse(`a request that is ${status.replaceAll('_', ' ')} cannot be reviewed`);
  return emergency ? 'reviewed_after_emergency' : 'awaiting_decision';
}

export function statusAfterDecision(status: RequestStatus, decision: Decision, civilianApprovalRequired: boolean): RequestStatus {
  if (status !== 'awaiting_decision') throw refuse(`a request that is ${status.replaceAll('_', ' ')} cannot be decided`);
  if (decision === 'deny') return 'denied';
  return civilianApprovalRequired ? 'awaiting_approval' : 'authorised';
}

export function statusAfterApproval(status: RequestStatus, approval: Approval): RequestStatus {
  if (status !== 'awaiting_approval') throw refuse(`a request that is ${status.replaceAll('_', ' ')} cannot be approved or rejected`);
  return approval === 'approve' ? 'approved' : 'rejected';
}

/**
 * Separation of duties: the person acting must not be the requester, nor (for approval) the decider. A judgement is
 * part of the review of a request, so the requester may not sign one on it either.
 */
export function assertIndependent(actorId: string, participants: RequestParticipants, step: 'judgement' | 'review' | 'decision' | 'approval'): void {
  if (actorId === participants.requestedBy) {
    throw new DomainError('forbidden', step === 'judgement' ? 'nobody may enter a judgement on their own request' : `nobody may take the ${step} of their own request`);
  }
  if (step === 'approval' && actorId === participants.decidedBy) {
    throw new DomainError('forbidden', 'the civilian approval must come from someone other than the person who decided');
  }
}

export function assertOpen(status: RequestStatus, what: string): void {
  if (FINAL_STATUSES.includes(status)) throw refuse(`the request is ${status.replaceAll('_', ' ')}; ${what} is no longer possible`);
}
