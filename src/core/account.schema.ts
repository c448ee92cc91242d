import { z } from 'zod';
import { passwordSchema, PERMISSIONS, userSchema } from './access-control.js';
import { totpCodeSchema } from './sign-in-policy.js';

/**
 * The contract of signing in and of one's own account (/auth/…): the signed-in user, password, sessions, the second
 * factor, API tokens, and an administrator's hold on a user's sign-in (/users/:id/disable, /users/:id/sessions).
 */

/** The signed-in user (GET /auth/me). */
export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  /** The password is a one-time one an administrator set: nothing but changing it (or signing out) is allowed. */
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.output<typeof sessionUserSchema>;

/** A successful login: the user, and when the session ends unless renewed (the session itself is an HTTP-only cookie). */
export const loginResultSchema = z.object({
  /** `mustChangePassword`: as on GET /auth/me, so a client knows at once that only a password change is allowed. */
  user: userSchema.extend({ mustChangePassword: z.boolean() }),
  expiresAt: z.string(),
});
export type LoginResult = z.output<typeof loginResultSchema>;

export const passwordChangeSchema = z.object({ currentPassword: z.string().min(1, 'enter your current password').max(256), newPassword: passwordSchema });
export type PasswordChange = z.input<typeof passwordChangeSchema>;

/** How many sessions an action ended (a password change, signing out elsewhere, an administrator's revocation). */
export const sessionsEndedSchema = z.object({ sessionsEnded: z.number().int() });
export type SessionsEnded = z.output<typeof sessionsEndedSchema>;

/** A user disabled or enabled, and the sessions that ended with it. */
export const userDisabledSchema = z.object({ disabled: z.boolean(), sessionsEnded: z.number().int() });
export type UserDisabled = z.output<typeof userDisabledSchema>;

/** A second factor being enrolled: shown once. */
export const totpEnrolmentSchema = z.object({
  /** The secret, base32, for typing into an app by hand: shown now and never again. */
  secret: z.string(),
  /** The otpauth:// URI an authenticator app reads. */
  uri: z.string(),
  /** The URI as a QR code, a PNG data URL. */
  qrCode: z.string(),
});
export type TotpEnrolment = z.output<typeof totpEnrolmentSchema>;

export const totpConfirmationSchema = z.object({ code: totpCodeSchema });
export const totpEnabledSchema = z.object({ enabled: z.literal(true) });
export type TotpEnabled = z.output<typeof totpEnabledSchema>;

/** An API token as its owner sees it: never its secret. */
export const apiTokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.output<typeof apiTokenInfoSchema>;
export const apiTokenListSchema = z.array(apiTokenInfoSchema);

export const newApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'name the token after the machine or job that uses it').max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, 'choose at least one permission').max(PERMISSIONS.length),
  /** When the token stops working; none means until revoked. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type NewApiToken = z.input<typeof newApiTokenSchema>;

/** A token just made: its secret is shown this once. */
export const createdApiTokenSchema = z.object({ token: apiTokenInfoSchema, secret: z.string() });
export type CreatedApiToken = z.output<typeof createdApiTokenSchema>;
