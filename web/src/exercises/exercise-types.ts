import type { z } from 'zod';
import type {
  exerciseActionInputSchema,
  ExerciseClockInput,
  ExerciseList,
  exerciseOutcomeInputSchema,
  ExerciseReview,
  ExerciseScriptList,
  ExerciseStatus,
} from '../../../src/core/exercises/exercise-api.schema.js';

/** What the exercise routes answer and take (`/api/v1/exercise-scripts`, `/api/v1/exercises…`), as their schemas in the core define them. */
export type { ExerciseReview, ExerciseStatus };
export type ExerciseScriptSummary = ExerciseScriptList['scripts'][number];
export type ExerciseListItem = ExerciseList['exercises'][number];
export type ClockStatus = ExerciseStatus['clock']['status'];
export type ReleasedInject = ExerciseStatus['released'][number];
/** A record an inject created in the normal workflow: an incident in the register, or a force request in the queue. */
export type ExerciseRecordLink = ReleasedInject['records'][number];
export type ClockCommand = ExerciseClockInput;
export type ExerciseActionInput = z.input<typeof exerciseActionInputSchema>;
export type ExerciseOutcomeInput = z.input<typeof exerciseOutcomeInputSchema>;
