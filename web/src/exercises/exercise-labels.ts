import type { ActionKind, DepartureRuleId, OutcomeMethod, TimelineEntryKind } from '../../../src/core/exercises/after-action-review.js';
import type { ExpectedPractice, InjectKind } from '../../../src/core/exercises/exercise-script.schema.js';
import type { ClockStatus } from './exercise-types.js';

export const INJECT_KIND_LABELS: Record<InjectKind, string> = {
  incident: 'Incident',
  report: 'Report',
  force_request: 'Request for force',
  ceasefire_breakdown: 'Ceasefire breakdown',
  corridor_opening: 'Corridor opens',
  corridor_closing: 'Corridor closes',
  agreement: 'Agreement',
  message: 'Message',
};

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  verification: 'Verification',
  investigation: 'Investigation',
  report: 'Report',
  reply: 'Reply',
  movement: 'Movement',
  other: 'Other',
};

export const OUTCOME_METHOD_LABELS: Record<OutcomeMethod, string> = {
  arrest: 'Arrest',
  less_lethal: 'Less-lethal force',
  lethal_force: 'Lethal force',
  no_force: 'No force',
};

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  not_started: 'Not started',
  running: 'Running',
  paused: 'Paused',
};

export const TIMELINE_KIND_LABELS: Record<TimelineEntryKind, string> = {
  inject: 'Inject',
  request: 'Request',
  advice: 'Advice',
  decision: 'Decision',
  approval: 'Approval',
  outcome: 'Outcome',
  action: 'Action',
};

export const PRACTICE_LABELS: Record<ExpectedPractice, string> = {
  arrest: 'arrest',
  warning: 'a warning',
  less_lethal_first: 'less-lethal means first',
  deny: 'refusal',
  civilian_approval: 'civilian approval',
};

export const DEPARTURE_RULE_LABELS: Record<DepartureRuleId, string> = {
  lethal_force_where_arrest_feasible: 'Lethal force where arrest was feasible',
  authorised_where_prohibited: 'Force where human security prohibits it',
  force_without_civilian_approval: 'Force without civilian approval',
  decided_against_advice_without_reasons: 'Against the advice without reasons',
  decided_without_advice: 'Decided without advice',
  opponents_deaths_not_counted: 'Opponents’ deaths not counted',
  escalation_during_ceasefire: 'Escalation during a ceasefire',
  expected_practice_not_followed: 'Expected practice not followed',
};

/** Exercise time as the clock on the wall of an operations room shows it: T+h:mm. */
export function minuteText(minute: number): string {
  const whole = Math.max(0, Math.floor(minute));
  return `T+${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
