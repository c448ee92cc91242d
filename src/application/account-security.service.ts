import { verify } from '@node-rs/argon2';
import { passwordChangeSchema, type SessionsEnded } from '../core/account.schema.js';
import { DomainError, notFound } from '../core/errors.js';
import { passwordProblems } from '../core/sign-in-policy.js';
import type { Actor, AppContext } from './app-context.js';
import { hashPassword, sessionTokenHash } from './auth.service.js';
import { requireSignedInPerson } from './sign-in-person.js';
import { recordSignInFailure, releaseSignInAttempt, reserveSignInAttempt, type SignInClient } from './sign-in-throttle.js';
import { parseInput } from './validation.js';

/**
 * Changes one's own password, given the current one (a wrong one counts as a failed sign-in), and ends every other
 * session: whoever learnt the old password is logged out.
 */
export async function changePassword(ctx: AppContext, actor: Actor, currentSessionToken: string | undefined, input: unknown, client: SignInClient = {}): Promise<SessionsEnded> {
  requireSignedInPerson(actor);
  const data = parseInput(passwordChangeSchema, input, 'password change');
  const policy = passwordProblems(data.newPassword, actor.username, 'newPassword');
  if (policy.length) throw new DomainError('validation_failed', `password change is invalid: newPassword: ${policy[0]!.message}`, policy);
  await reserveSignInAttempt(ctx, actor.username, client);
  const db = ctx.store.connection.db;
  const user = await ctx.store.users.findById(db, actor.id);
  if (!user) {
    await releaseSignInAttempt(ctx, actor.username, client);
    throw notFound('user', actor.id);
  }
  if (!(await verify(user.passwordHash, data.currentPassword))) {
    await recordSignInFailure(ctx, actor.username, client, actor.id);
    throw new DomainError('validation_failed', 'password change is invalid: currentPassword: is not your current password', [{ path: 'currentPassword', code: 'wrong_password', message: 'is not your current password' }]);
  }
  await releaseSignInAttempt(ctx, actor.username, client);
  const passwordHash = await hashPassword(data.newPassword);
  return db.transaction().execute(async (trx) => {
    await ctx.store.users.setPassword(trx, actor.id, passwordHash);
    const sessionsEnded = await ctx.store.sessions.deleteForUser(trx, actor.id, currentSessionToken && sessionTokenHash(currentSessionToken));
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actor.id, action: 'user.password_change', entityType: 'user', entityId: actor.id, changes: { sessionsEnded } });
    return { sessionsEnded };
  });
}

/** Logs out everywhere else (a lost laptop, a shared computer): every session of mine but this one. */
export async function revokeOtherSessions(ctx: AppContext, actor: Actor, currentSessionToken: string | undefined): Promise<SessionsEnded> {
  requireSignedInPerson(actor);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const sessionsEnded = await ctx.store.sessions.deleteForUser(trx, actor.id, currentSessionToken && sessionTokenHash(currentSessionToken));
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actor.id, action: 'session.revoke_others', entityType: 'user', entityId: actor.id, changes: { sessionsEnded } });
    return { sessionsEnded };
  });
}
