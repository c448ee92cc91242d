import { DomainError, notFound } from '../core/errors.js';
import { type Role } from '../core/access-control.js';
import type { SessionsEnded, UserDisabled } from '../core/account.schema.js';
import { roleChangeSchema, type AccountUnlock, type OneTimePasswordIssued, type UserAccount } from '../core/user-account.schema.js';
import type { Db } from '../store/database.js';
import type { StoredUser } from '../store/user.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { hashPassword, oneTimePassword } from './auth.service.js';
import { requirePermission } from './authorization.js';
import { usernameSubject } from './sign-in-throttle.js';
import { parseInput } from './validation.js';

/**
 * Who manages users: a signed-in administrator, or the operator of the machine at the shell (`haven user …`), who
 * is trusted as `haven user add` is and is written in the audit log as nobody (null).
 */
export type UserManager = Actor | 'operator';

function managerId(by: UserManager): string | null {
  if (by === 'operator') return null;
  requirePermission(by, 'user:manage');
  return by.id;
}

async function accountOf(ctx: AppContext, db: Db, userId: string): Promise<UserAccount> {
  const [account] = await ctx.store.users.listAccounts(db, ctx.now().toISOString(), userId);
  if (!account) throw notFound('user', userId);
  return account;
}

async function storedUser(ctx: AppContext, db: Db, userId: string): Promise<StoredUser> {
  const user = await ctx.store.users.findById(db, userId);
  if (!user) throw notFound('user', userId);
  return user;
}

/** Someone must be left to manage users: the last enabled administrator keeps the role and stays enabled. */
async function keepAnAdministrator(ctx: AppContext, db: Db, user: StoredUser, what: string): Promise<void> {
  if (user.role !== 'administrator' || user.disabled) return;
  if ((await ctx.store.users.countOtherActiveAdministrators(db, user.id)) === 0) {
    throw new DomainError('conflict', `${user.username} is the last active administrator: ${what} would leave nobody to manage users; make another administrator first`);
  }
}

/** Every user with role, status, last sign-in, second factor, lock-out and live sessions. */
export async function listUserAccounts(ctx: AppContext, by: UserManager): Promise<UserAccount[]> {
  managerId(by);
  return ctx.store.users.listAccounts(ctx.store.connection.db, ctx.now().toISOString());
}

export async function userAccount(ctx: AppContext, by: UserManager, userId: string): Promise<UserAccount> {
  managerId(by);
  return accountOf(ctx, ctx.store.connection.db, userId);
}

/** The id behind a login name, for the shell's `--username`. */
export async function userIdNamed(ctx: AppContext, username: string): Promise<string> {
  const user = await ctx.store.users.findByUsername(ctx.store.connection.db, username.trim().toLowerCase());
  if (!user) throw new DomainError('not_found', `no user ${username}`);
  return user.id;
}

/** A new role takes effect on the user's next request (the role is read on every request, not kept in the session). */
export async function setUserRole(ctx: AppContext, by: UserManager, userId: string, input: unknown): Promise<UserAccount> {
  const actorId = managerId(by);
  const { role } = parseInput(roleChangeSchema, input, 'role change');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const user = await storedUser(ctx, trx, userId);
    if (user.role !== role) {
      if (role !== 'administrator') await keepAnAdministrator(ctx, trx, user, 'a new role');
      await ctx.store.users.setRole(trx, userId, role);
      await ctx.store.audit.append(trx, {
        at: ctx.now().toISOString(),
        userId: actorId,
        action: 'user.role_change',
        entityType: 'user',
        entityId: userId,
        changes: { role: { before: user.role, after: role satisfies Role } },
      });
    }
    return accountOf(ctx, trx, userId);
  });
}

/**
 * A forgotten password: a new one-time password (shown once) replaces it, every session of the user ends, a sign-in
 * lock-out on the username is lifted, and the user must choose their own password at the next sign-in before doing
 * anything else. Administrators change their own password themselves (it needs the current one).
 */
export async function resetUserPassword(ctx: AppContext, by: UserManager, userId: string): Promise<OneTimePasswordIssued> {
  const actorId = managerId(by);
  if (userId === actorId) throw new DomainError('conflict', 'change your own password under Security (it asks for the current one)');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const user = await storedUser(ctx, trx, userId);
    await ctx.store.users.setPassword(trx, userId, passwordHash, true);
    const sessionsEnded = await ctx.store.sessions.deleteForUser(trx, userId);
    await ctx.store.signInThrottles.delete(trx, usernameSubject(user.username));
    await ctx.store.audit.append(trx, {
      at: ctx.now().toISOString(),
      userId: actorId,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      changes: { mustChangePassword: { before: user.mustChangePassword, after: true }, sessionsEnded },
    });
    return { account: await accountOf(ctx, trx, userId), oneTimePassword: password, sessionsEnded };
  });
}

/**
 * Lifts a lock-out on the user's name (too many failed sign-ins) and forgets its failures. A lock-out on a client
 * address is left: it protects every account from that address, not this one.
 */
export async function unlockUser(ctx: AppContext, by: UserManager, userId: string): Promise<AccountUnlock> {
  const actorId = managerId(by);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const before = await accountOf(ctx, trx, userId);
    await ctx.store.signInThrottles.delete(trx, usernameSubject(before.username));
    if (before.lockedUntil) {
      await ctx.store.audit.append(trx, {
        at: ctx.now().toISOString(),
        userId: actorId,
        action: 'user.unlock',
        entityType: 'user',
        entityId: userId,
        changes: { lockedUntil: { before: before.lockedUntil, after: null } },
      });
    }
    return { account: await accountOf(ctx, trx, userId), wasLocked: before.lockedUntil !== null };
  });
}

/** Ends every session of a user (API tokens are left to their owner, or to disabling the user). */
export async function revokeUserSessions(ctx: AppContext, by: UserManager, userId: string): Promise<SessionsEnded> {
  const actorId = managerId(by);
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await storedUser(ctx, trx, userId);
    const sessionsEnded = await ctx.store.sessions.deleteForUser(trx, userId);
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actorId, action: 'session.revoke_all', entityType: 'user', entityId: userId, changes: { sessionsEnded } });
    return { sessionsEnded };
  });
}

/**
 * Disables or enables a user. A disabled user cannot sign in, their sessions end at once, and their API tokens stop
 * working while they stay disabled. Nobody disables themselves, nor the last active administrator.
 */
export async function setUserDisabled(ctx: AppContext, by: UserManager, userId: string, disabled: boolean): Promise<UserDisabled> {
  const actorId = managerId(by);
  if (userId === actorId && disabled) throw new DomainError('conflict', 'you cannot disable yourself');
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const user = await storedUser(ctx, trx, userId);
    if (disabled) await keepAnAdministrator(ctx, trx, user, 'disabling them');
    await ctx.store.users.setDisabled(trx, userId, disabled);
    const sessionsEnded = disabled ? await ctx.store.sessions.deleteForUser(trx, userId) : 0;
    await ctx.store.audit.append(trx, {
      at: ctx.now().toISOString(),
      userId: actorId,
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: userId,
      changes: { disabled: { before: user.disabled, after: disabled }, sessionsEnded },
    });
    return { disabled, sessionsEnded };
  });
}
