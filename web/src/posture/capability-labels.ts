import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import type { FindingOutcome, HumanSecurityVerdict } from '../../../src/core/capabilities/capability-assessment.js';
import type { AutonomousFunction, HumanRole, TargetType } from '../../../src/core/capabilities/capability.schema.js';
import { LEGAL_REVIEW_CONCLUSIONS, LEGAL_REVIEW_STATUSES } from '../../../src/core/capabilities/capability.schema.js';
import type { ProgrammeClass } from '../../../src/core/spending/rebalancing.js';
import { PURPOSE_CLASS_LABELS as PURPOSE_LABELS_EVERYWHERE } from '../../../src/reporting/spending-labels.js';

/** The capability register's words: every value of the record and of its assessment as people read it. */

type Capability = CapabilityRecord['capability'];
type LegalReviewStatus = (typeof LEGAL_REVIEW_STATUSES)[number];
type LegalReviewConclusion = (typeof LEGAL_REVIEW_CONCLUSIONS)[number];
export type TriState = Capability['autonomy']['predictable'];

/** A system's purpose class reads as a budget line's does (conversion is a cost, never a system). */
export const PURPOSE_CLASS_LABELS: Record<ProgrammeClass, string> = PURPOSE_LABELS_EVERYWHERE;

/** The short words of a list's row and a select; the form explains each at length (HUMAN_ROLE_HELP). */
export const HUMAN_ROLE_LABELS: Record<HumanRole, string> = {
  human_decides: 'A person decides each use',
  human_supervises: 'A person supervises and can intervene',
  no_human_in_loop: 'No person in the loop',
};

export const HUMAN_ROLE_HELP =
  'A person decides: a person selects and engages each target (the system may search, identify or track). A person supervises: the system selects and engages by itself while a person watches it and can intervene and stop it. No person in the loop: once activated, no one can intervene.';

export const AUTONOMOUS_FUNCTION_LABELS: Record<AutonomousFunction, string> = {
  search: 'Search',
  identify: 'Identify',
  track: 'Track',
  select: 'Select targets',
  engage: 'Engage (apply force)',
};

export const TARGET_TYPE_LABELS: Record<TargetType, string> = {
  none: 'Nothing (not a weapon)',
  objects_only: 'Objects only',
  persons: 'Persons',
  persons_and_objects: 'Persons and objects',
};

export const LEGAL_REVIEW_STATUS_LABELS: Record<LegalReviewStatus, string> = {
  completed: 'Completed',
  in_progress: 'In progress',
  not_started: 'Not started',
  unknown: 'Unknown (no record of it)',
};

export const LEGAL_REVIEW_CONCLUSION_LABELS: Record<LegalReviewConclusion, string> = {
  lawful: 'Lawful',
  lawful_with_restrictions: 'Lawful within restrictions',
  unlawful: 'Prohibited (unlawful)',
};

export const TRI_LABELS: Record<TriState, string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };

export const VERDICT_LABELS: Record<HumanSecurityVerdict, string> = {
  cannot_be_permitted: 'Cannot be permitted',
  needs_facts: 'Needs facts',
  may_be_permitted_within_limits: 'May be permitted within limits',
};

export const VERDICT_HINTS: Record<HumanSecurityVerdict, string> = {
  cannot_be_permitted: 'A human-security rule or an ICRC prohibition rules it out: it may not be used, whatever its limits.',
  needs_facts: 'The register does not yet say enough to decide: give the facts below.',
  may_be_permitted_within_limits: 'Nothing rules it out; it may be used only within its stated limits and once every open requirement below is met.',
};

export const OUTCOME_LABELS: Record<FindingOutcome, string> = {
  ruled_out: 'Ruled out',
  unmet: 'Not met',
  met: 'Met',
  needs_fact: 'Needs a fact',
  not_applicable: 'Not applicable',
};

/** The register's fields as a finding names them (`facts`), in the form's words. */
export const FIELD_LABELS: Record<string, string> = {
  isWeapon: 'Is a weapon',
  targetTypes: 'Applies force to',
  'autonomy.humanRole': 'Who decides',
  'autonomy.autonomousFunctions': 'Autonomous functions',
  'autonomy.predictable': 'Predictable',
  'autonomy.humanCanDeactivateInTime': 'Can be deactivated in time',
  'autonomy.parametersSetBy': 'Who sets its parameters',
  dutyHolder: 'Responsible for its use (duty holder)',
  limits: 'Limits on its use',
  'legalReview.status': 'Legal review',
  'legalReview.conclusion': 'Legal review’s conclusion',
  'seniorReview.beforeDevelopment': 'Senior review before development',
  'seniorReview.beforeFielding': 'Senior review before fielding',
  documentationEvidenceId: 'Documentation',
};

export const fieldLabel = (path: string): string => FIELD_LABELS[path] ?? path;

/** "Completed: lawful", "In progress", "Not started": a legal review in a few words. */
export function legalReviewText(review: Capability['legalReview']): string {
  const status = LEGAL_REVIEW_STATUS_LABELS[review.status];
  return review.status === 'completed' && review.conclusion ? `${status}: ${LEGAL_REVIEW_CONCLUSION_LABELS[review.conclusion].toLowerCase()}` : status;
}
