import { z } from 'zod';
import { ROLES, userSchema } from './access-control.js';

/** A second factor: none, enrolment started but not confirmed with a first code, or on. */
export const TOTP_STATES = ['none', 'enrolling', 'enabled'] as const;

/** A user as an administrator manages them: what the list shows and every management action answers. */
export const userAccountSchema = userSchema.extend({
  disabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  totp: z.enum(TOTP_STATES),
  /** Sign-in refused until then after too many failures (an administrator may unlock); null when not locked. */
  lockedUntil: z.string().nullable(),
  /** Sessions not yet expired (API tokens aside). */
  activeSessions: z.number().int().nonnegative(),
  /** The password is a one-time one an administrator set: the user must change it before doing anything else. */
  mustChangePassword: z.boolean(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const userAccountListSchema = z.array(userAccountSchema);

/** A new user; with the one-time password Haven made when none was given (answered once). */
export const createdUserSchema = userSchema.extend({ oneTimePassword: z.string().optional() });
export type CreatedUser = z.infer<typeof createdUserSchema>;

export const roleChangeSchema = z.object({ role: z.enum(ROLES) });

/** A password an administrator set (a new user without one, or a reset): shown once, to be changed at first use. */
export const oneTimePasswordSchema = z.object({ account: userAccountSchema, oneTimePassword: z.string(), sessionsEnded: z.number().int().nonnegative() });
export type OneTimePasswordIssued = z.infer<typeof oneTimePasswordSchema>;

export const accountUnlockSchema = z.object({ account: userAccountSchema, wasLocked: z.boolean() });
export type AccountUnlock = z.infer<typeof accountUnlockSchema>;
