import { hasPermission, type Permission, type Role } from '../../../src/core/access-control.js';
import type { ExerciseRole } from '../../../src/core/exercises/exercise-script.schema.js';

/** Who may open the exercises area: every signed-in user reads an exercise's feed (as GET /exercises/:id lets them). */
export const EXERCISE_PERMISSION: Permission | undefined = undefined;

/** The facilitator (exercise:run) starts exercises, runs the clock and releases injects; everyone else plays. */
export const canFacilitate = (role: Role): boolean => hasPermission(role, 'exercise:run');

/** The exercise role a user of this role plays, if any. */
export const PLAYER_ROLE: Partial<Record<Role, ExerciseRole>> = {
  human_security_advisor: 'advisor',
  commander: 'commander',
  civilian_authority: 'civilian_authority',
  analyst: 'analyst',
  investigator: 'investigator',
};

export const EXERCISE_ROLE_LABELS: Record<ExerciseRole, string> = {
  advisor: 'Human-security advisor',
  commander: 'Commander',
  civilian_authority: 'Civilian authority',
  analyst: 'Analyst',
  investigator: 'Investigator',
};
