import {
  ADDRESS_MAX_FAILURES,
  FAILURE_WINDOW_MINUTES,
  LOCKOUT_BASE_MINUTES,
  lockoutMinutes,
  USERNAME_MAX_FAILURES,
} from '../core/sign-in-policy.js';
import { DomainError } from '../core/errors.js';
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

/** The throttle that counts a username's failures (its lock-out is what an administrator unlocks). */
export const usernameSubject = (username: string): string => `username:${username.trim().toLowerCase()}`;

function subjectsOf(username: string, client: SignInClient): Subject[] {
  const subjects: Subject[] = [{ key: usernameSubject(username), max: USERNAME_MAX_FAILURES, lockFor: lockoutMinutes }];
  if (client.address) subjects.push({ key: `address:${client.address}`, max: ADDRESS_MAX_FAILURES, lockFor: () => LOCKOUT_BASE_MINUTES });
  return subjects;
}

/** One answer for every locked sign-in, known username or not: it must not tell an attacker who exists. */
const lockedOut = () => new DomainError('too_many_attempts', 'too many failed sign-ins: wait a while before trying again, or ask an administrator');

/**
 * Reserves a sign-in attempt against the username and the client's address before any password is checked: it is
 * counted as a failure from now on, and refused while either is locked or already has its limit of attempts counted
 * in the window (attempts still being checked included). Both are reserved in one transaction, each by one statement,
 * so parallel sign-ins never check more passwords than the limit. A success or an attempt that was no failure gives
 * its reservation back (`recordSignInSuccess`, `releaseSignInAttempt`); a failure keeps it (`recordSignInFailure`).
 */
export async function reserveSignInAttempt(ctx: AppContext, username: string, client: SignInClient): Promise<void> {
  const now = ctx.now();
  const at = { now: now.toISOString(), windowStart: new Date(now.getTime() - FAILURE_WINDOW_MINUTES * MINUTE).toISOString() };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    for (const subject of subjectsOf(username, client)) {
      // Refused: the transaction rolls back what this attempt reserved already.
      if (!(await ctx.store.signInThrottles.reserve(trx, subject.key, { ...at, max: subject.max }))) throw lockedOut();
    }
  });
}

/**
 * A reserved attempt failed (it is counted already): reaching the limit within the window locks the subject, and
 * every lock-out is written to the audit log (on the user when the username exists).
 */
export async function recordSignInFailure(ctx: AppContext, username: string, client: SignInClient, userId: string | undefined): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    for (const subject of subjectsOf(username, client)) {
      const throttle = await ctx.store.signInThrottles.find(trx, subject.key);
      if (!throttle || throttle.failures < subject.max || (throttle.lockedUntil && throttle.lockedUntil > at)) continue;
      const minutes = subject.lockFor(throttle.lockouts);
      const lockedUntil = new Date(now.getTime() + minutes * MINUTE).toISOString();
      if (!(await ctx.store.signInThrottles.lock(trx, subject.key, { now: at, max: subject.max, seenLockouts: throttle.lockouts, lockedUntil }))) continue;
      const onUser = subject.key.startsWith('username:') && userId;
      await ctx.store.audit.append(trx, {
        at,
        userId: null,
        action: 'session.lockout',
        entityType: onUser ? 'user' : 'sign_in',
        entityId: onUser ? userId : subject.key,
        changes: { subject: subject.key, lockedUntil: { before: null, after: lockedUntil }, minutes, lockouts: throttle.lockouts + 1 },
      });
    }
  });
}

/** A reserved attempt that was no failure (the password was right, a second factor is still to come): given back. */
export async function releaseSignInAttempt(ctx: AppContext, username: string, client: SignInClient): Promise<void> {
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    for (const subject of subjectsOf(username, client)) await ctx.store.signInThrottles.release(trx, subject.key);
  });
}

/**
 * A successful sign-in clears the username's count and lock-out history; the address only gets this attempt's
 * reservation back, keeping its count (see the policy).
 */
export async function recordSignInSuccess(ctx: AppContext, username: string, client: SignInClient): Promise<void> {
  const db = ctx.store.connection.db;
  await ctx.store.signInThrottles.delete(db, usernameSubject(username));
  for (const subject of subjectsOf(username, client).filter((s) => s.key.startsWith('address:'))) await ctx.store.signInThrottles.release(db, subject.key);
  await ctx.store.signInThrottles.deleteStale(db, new Date(ctx.now().getTime() - 24 * 60 * MINUTE).toISOString());
}
