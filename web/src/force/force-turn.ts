import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { Verdict } from '../../../src/core/use-of-force/assessment.js';
import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';

/** The steps a person can take on a request. */
export type ForceAction = 'judgement' | 'review' | 'decision' | 'approval' | 'outcome';

export interface Turn {
  actions: ForceAction[];
  /** Said before the forms when the server will refuse this person (separation of duties). */
  caution: string | undefined;
}

const USED: readonly RequestStatus[] = ['authorised', 'approved', 'reviewed_after_emergency'];

/** What human security accepts: anything else, authorised, goes against its assessment. */
export const acceptableToHumanSecurity = (verdict: Verdict): boolean => verdict === 'permitted' || verdict === 'permitted_with_conditions';

/**
 * Whose turn it is: the advisor reviews (and may judge) while the request awaits review; a commander decides (and may
 * judge) while it awaits a decision; the civilian authority approves while it awaits approval; the requester's side
 * records the outcome of force that was used. The requester is offered no judgement form. The server enforces the same
 * and more (nobody acts on their own request), so the forms are a convenience, never the guard.
 */
export function turnOf(view: { status: RequestStatus; requestedBy: string; decidedBy: string | null }, user: { id: string; role: Role }): Turn {
  const may = (permission: Parameters<typeof hasPermission>[1]) => hasPermission(user.role, permission);
  const own = view.requestedBy === user.id;
  switch (view.status) {
    case 'awaiting_review':
      return may('force:review')
        ? own
          ? { actions: ['review'], caution: 'You made this request: the server will refuse your judgements and your review. Another human-security advisor must judge and review it.' }
          : { actions: ['judgement', 'review'], caution: undefined }
        : { actions: [], caution: undefined };
    case 'awaiting_decision':
      return may('force:decide')
        ? own
          ? { actions: ['decision'], caution: 'You made this request: nobody may take the decision of their own request, nor enter a judgement on it. Another commander must judge and decide.' }
          : { actions: ['judgement', 'decision'], caution: undefined }
        : { actions: [], caution: undefined };
    case 'awaiting_approval':
      return may('force:approve')
        ? {
            actions: ['approval'],
            caution: own || view.decidedBy === user.id ? 'You took part in this request: the civilian approval must come from someone else.' : undefined,
          }
        : { actions: [], caution: undefined };
    case 'authorised':
    case 'approved':
    case 'reviewed_after_emergency':
      return { actions: USED.includes(view.status) && may('force:request') ? ['outcome'] : [], caution: undefined };
    case 'denied':
    case 'rejected':
      return { actions: [], caution: undefined };
  }
}

/** Who the request waits on, for everyone else. */
export const WAITING_ON: Record<RequestStatus, string | undefined> = {
  awaiting_review: 'It waits on a human-security advisor’s review.',
  awaiting_decision: 'It waits on a commander’s decision (not the requester’s).',
  awaiting_approval: 'It waits on the mission’s civilian authority.',
  authorised: undefined,
  approved: undefined,
  denied: undefined,
  rejected: undefined,
  reviewed_after_emergency: undefined,
};
