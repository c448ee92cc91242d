import type { ActionKind, AfterActionReview, OutcomeMethod } from '../../../src/core/exercises/after-action-review.js';
import type { ExerciseRole, InjectKind } from '../../../src/core/exercises/exercise-script.schema.js';

/** What the exercise routes answer (`/api/v1/exercise-scripts`, `/api/v1/exercises…`), as the web app reads it. */

export interface ExerciseScriptSummary {
  id: string;
  title: string;
  learningObjectives: string[];
  rolesNeeded: ExerciseRole[];
  durationMinutes: number;
  injectCount: number;
}

export type ClockStatus = 'not_started' | 'running' | 'paused';

export interface ExerciseListItem {
  id: string;
  scriptId: string;
  title: string;
  run: number;
  status: ClockStatus;
  exerciseMinute: number;
}

/** A record an inject created in the normal workflow: an incident in the register, or a force request in the queue. */
export interface ExerciseRecordLink {
  entityType: 'incident' | 'force_request';
  entityId: string;
}

export interface ReleasedInject {
  injectId: string;
  atMinute: number;
  kind: InjectKind;
  title: string;
  toRole?: ExerciseRole | undefined;
  text?: string | undefined;
  /** Only the facilitator is told what an inject tests. */
  facilitatorNotes?: string | undefined;
  records: ExerciseRecordLink[];
}

export interface ExerciseStatus {
  id: string;
  scriptId: string;
  title: string;
  run: number;
  clock: { status: ClockStatus; speed: number; exerciseMinute: number; durationMinutes: number };
  released: ReleasedInject[];
  /** Only the facilitator sees what comes next. */
  nextInject?: { id: string; atMinute: number; title: string } | null | undefined;
  terrain: { zones: unknown[]; agreements: unknown[] };
}

export type ClockCommand = { action: 'start' | 'pause' | 'resume' | 'rewind' } | { action: 'speed'; speed: number };

export interface ExerciseActionInput {
  injectId?: string | undefined;
  kind: ActionKind;
  description: string;
  escalatory: boolean;
}

export interface ExerciseOutcomeInput {
  forceRequestId: string;
  method: OutcomeMethod;
  warningGiven: boolean;
  suspectsArrested: number;
  suspectsKilled: number;
  killed: { civilians: number; ownForce: number; opposingForce: number | null };
}

/** The after-action review of the current run, with the run and the script's title. */
export type ExerciseReview = AfterActionReview & { run: number; scriptTitle: string };
