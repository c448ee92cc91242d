import { CASE_STATUS_LABELS, REFERRAL_BODY_LABELS, type CaseOutcome, type CaseStatus, type ReferralBody } from '../../../src/core/accountability/case-workflow.js';
import type { PerpetratorEventKind, PerpetratorStatus } from '../../../src/core/accountability/case.schema.js';
import { QUALIFICATION_CATEGORY_LABELS, type QualificationCategory } from '../../../src/core/accountability/legal-qualifications.js';
import { h } from '../shared/dom.js';

export { CASE_STATUS_LABELS, QUALIFICATION_CATEGORY_LABELS, REFERRAL_BODY_LABELS };

export const OUTCOME_LABELS: Record<CaseOutcome, string> = { convicted: 'Convicted', acquitted: 'Acquitted', dismissed: 'Dismissed', other: 'Other outcome' };

export const PERPETRATOR_STATUS_LABELS: Record<PerpetratorStatus, string> = {
  unknown: 'Whereabouts unknown',
  at_large: 'At large',
  in_custody: 'In custody',
  released: 'Released',
  deceased: 'Deceased',
};

export const EVENT_LABELS: Record<PerpetratorEventKind, string> = {
  arrested: 'Arrested',
  killed: 'Killed',
  surrendered: 'Surrendered',
  escaped: 'Escaped',
  released: 'Released',
};

export function caseStatusBadge(status: CaseStatus, outcome?: CaseOutcome | null): HTMLElement {
  const label = status === 'outcome' && outcome ? OUTCOME_LABELS[outcome] : CASE_STATUS_LABELS[status];
  return h('span', { class: `badge case-status case-${status}`, 'data-testid': 'case-status', 'data-status': status }, label);
}

export const categoryText = (category: QualificationCategory): string => QUALIFICATION_CATEGORY_LABELS[category];
export const referralText = (body: ReferralBody): string => REFERRAL_BODY_LABELS[body];
