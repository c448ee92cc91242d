import type { ExerciseScriptInput } from '../exercise-script.schema.js';
import { CORRIDOR_CEASEFIRE_EXERCISE } from './corridor-ceasefire.js';
import { LAKE_CHAD_EXERCISE } from './lake-chad.js';

/** The exercises Haven ships, as data: every one passes parseExerciseScript. */
export const SHIPPED_EXERCISE_SCRIPTS: readonly ExerciseScriptInput[] = [LAKE_CHAD_EXERCISE, CORRIDOR_CEASEFIRE_EXERCISE];
