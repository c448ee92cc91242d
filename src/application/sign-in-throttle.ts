import {
  ADDRESS_MAX_FAILURES,
  FAILURE_WINDOW_MINUTES,
  LOCKOUT_BASE_MINUTES,
  lockoutMinutes,
  USERNAME_MAX_FAILURES,
} from '../core/sign-in-policy.js';
import { DomainError } from '../core/errors.js';
import type { SignInThrottle } from '../store/sign-in.repository.js';
import type { AppContext } from './app-context.js';

/** Where a sign-in comes from, as far as the server can tell. */
export interface SignInClient {
  address?: string | undefined;
}

const MINUTE = 60_000;

interface Subject {
  key: string;
  max: number;
  /** The length of the next lock-out, given how many came before. */
  lockFor(previousLockouts: number): number;
}

function subjectsOf(username: string, client: SignInClient): Subject[] {
  const subjects: Subject[] = [{ key: `username:${username.trim().toLowerCase()}`, max: USERNAME_MAX_FAILURES, lockFor: lockoutMinutes }];
  if (client.address) subjects.push({ key: `address:${client.address}`, max: ADDRESS_MAX_FAILURES, lockFor: () => LOCKOUT_BASE_MINUTES });
  return subjects;
}

/** One answer for every locked sign-in, known username or not: it must not tell an attacker who exists. */
const lockedOut = () => new DomainError('too_many_attempts', 'too many failed sign-ins: wait a while before trying again, or ask an administrator');

/** Refuses the attempt, before any password is checked, while the username or the client's address is locked. */
export async function assertSignInAllowed(ctx: AppContext, username: string, client: SignInClient): Promise<void> {
  const now = ctx.now().toISOString();
  for (const subject of subjectsOf(username, client)) {
    const throttle = await ctx.store.signInThrottles.find(ctx.store.connection.db, subject.key);
    if (throttle?.lockedUntil && throttle.lockedUntil > now) throw lockedOut();
  }
}

/**
 * Counts a failed sign-in against the username and the address; reaching the limit within the window locks the
 * subject, and every lock-out is written to the audit log (on the user when the username exists).
 */
export async function recordSignInFailure(ctx: AppContext, username: string, client: SignInClient, userId: string | undefined): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * MINUTE).toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    for (const subject of subjectsOf(username, client)) {
      const found = await ctx.store.signInThrottles.find(trx, subject.key);
      const fresh: SignInThrottle = { subject: subject.key, failures: 0, windowStartedAt: at, lockedUntil: null, lockouts: found?.lockouts ?? 0 };
      const throttle = found && found.windowStartedAt > windowStart ? { ...found } : fresh;
      throttle.failures += 1;
      if (throttle.failures >= subject.max) {
        const minutes = subject.lockFor(throttle.lockouts);
        throttle.lockedUntil = new Date(now.getTime() + minutes * MINUTE).toISOString();
        throttle.lockouts += 1;
        throttle.failures = 0;
        throttle.windowStartedAt = at;
        const onUser = subject.key.startsWith('username:') && userId;
        await ctx.store.audit.append(trx, {
          at,
          userId: null,
          action: 'session.lockout',
          entityType: onUser ? 'user' : 'sign_in',
          entityId: onUser ? userId : subject.key,
          changes: { subject: subject.key, lockedUntil: { before: null, after: throttle.lockedUntil }, minutes, lockouts: throttle.lockouts },
        });
      }
      await ctx.store.signInThrottles.save(trx, throttle);
    }
  });
}

/** A successful sign-in clears the username's count and lock-out history (not the address's: see the policy). */
export async function recordSignInSuccess(ctx: AppContext, username: string): Promise<void> {
  const db = ctx.store.connection.db;
  await ctx.store.signInThrottles.delete(db, `username:${username.trim().toLowerCase()}`);
  await ctx.store.signInThrottles.deleteStale(db, new Date(ctx.now().getTime() - 24 * 60 * MINUTE).toISOString());
}
