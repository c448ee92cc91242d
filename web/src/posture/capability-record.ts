import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import type { HumanSecurityVerdict } from '../../../src/core/capabilities/capability-assessment.js';
import type { FieldIssue } from '../../../src/core/errors.js';
import type { ProgrammeClass } from '../../../src/core/spending/rebalancing.js';
import { formatCount } from '../shared/format.js';
import { HUMAN_ROLE_LABELS, legalReviewText, PURPOSE_CLASS_LABELS, TARGET_TYPE_LABELS } from './capability-labels.js';

/** What the register's web parts read from a record, without the page: the list's filter and rows, a refusal's fields. */

/** What the list shows: every system, or those of one purpose class, of one verdict, or both. */
export interface CapabilityFilter {
  purpose?: ProgrammeClass | undefined;
  verdict?: HumanSecurityVerdict | undefined;
}

export function matchesFilter(record: CapabilityRecord, filter: CapabilityFilter): boolean {
  return (filter.purpose === undefined || record.capability.purpose === filter.purpose) && (filter.verdict === undefined || record.assessment.humanSecurity === filter.verdict);
}

/** What a row says beneath the name: purpose, who decides, against what, the legal review, how many. */
export function rowFacts(record: CapabilityRecord): string {
  const c = record.capability;
  return [
    PURPOSE_CLASS_LABELS[c.purpose],
    HUMAN_ROLE_LABELS[c.autonomy.humanRole],
    c.isWeapon ? `against ${TARGET_TYPE_LABELS[c.targetTypes].toLowerCase()}` : 'not a weapon',
    c.isWeapon ? `legal review ${legalReviewText(c.legalReview).toLowerCase()}` : null,
    c.quantity === undefined ? null : `${formatCount(c.quantity)} held`,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

/**
 * A refused PUT names the fields under `capability.` (its body is `{ version, capability }`); the form's fields are
 * named by the record's own paths, so the issues are moved back to them (the version's stays where it is).
 */
export function issuesUnderCapability(issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => (issue.path.startsWith('capability.') ? { ...issue, path: issue.path.slice('capability.'.length) } : issue.path === 'capability' ? { ...issue, path: '' } : issue));
}
