import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { loginSchema, newUserSchema, type User } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { CreatedUser } from '../core/user-account.schema.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { authenticateApiToken } from './api-token.service.js';
import { recordSignInFailure, recordSignInSuccess, releaseSignInAttempt, reserveSignInAttempt, type SignInClient } from './sign-in-throttle.js';
import { acceptTotpCode, confirmedTotpOf } from './totp.service.js';
import { SESSION_IDLE_MINUTES } from '../core/sign-in-policy.js';
import { parseInput } from './validation.js';

export const SESSION_TTL_HOURS = 12;

const publicUser = ({ id, username, displayName, role, createdAt }: User): User => ({ id, username, displayName, role, createdAt });
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
/** How a session is stored: by the SHA-256 of its token. */
export const sessionTokenHash = tokenHash;

/** Argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum recommendation). */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A password nobody chose, shown once: 24 characters of base64url (144 random bits). */
export const oneTimePassword = (): string => randomBytes(18).toString('base64url');

async function insertUser(ctx: AppContext, actorId: string | null, input: unknown): Promise<CreatedUser> {
  const data = parseInput(newUserSchema, input, 'user');
  const generated = data.password === undefined ? oneTimePassword() : undefined;
  const user = {
    id: ctx.newId(),
    username: data.username,
    displayName: data.displayName,
    role: data.role,
    createdAt: ctx.now().toISOString(),
    passwordHash: await hashPassword(data.password ?? generated!),
    disabled: false,
    mustChangePassword: generated !== undefined,
  };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    if (await ctx.store.users.findByUsername(trx, user.username)) {
      throw new DomainError('conflict', `user ${user.username} already exists`, [{ path: 'username', code: 'taken', message: 'is already taken' }]);
    }
    await ctx.store.users.insert(trx, user);
    await ctx.store.audit.append(trx, {
      at: user.createdAt,
      userId: actorId,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      changes: { username: { before: null, after: user.username }, role: { before: null, after: user.role } },
    });
  });
  return { ...publicUser(user), ...(generated !== undefined && { oneTimePassword: generated }) };
}

export async function createUser(ctx: AppContext, actor: Actor, input: unknown): Promise<CreatedUser> {
  requirePermission(actor, 'user:manage');
  return insertUser(ctx, actor.id, input);
}

/** From the shell (`haven user add`), where the operator of the machine is trusted. */
export const createUserAsOperator = (ctx: AppContext, input: unknown): Promise<CreatedUser> => insertUser(ctx, null, input);

/**
 * A Haven user acting at the shell (`--as`): the operator vouches for them, their role decides what they may do and
 * their name goes in the audit log. A disabled account acts for nobody.
 */
export async function actorAsOperatorNamed(ctx: AppContext, username: string): Promise<Actor> {
  const user = await ctx.store.users.findByUsername(ctx.store.connection.db, username);
  if (!user || user.disabled) throw new DomainError('not_found', `no active user ${username}`);
  return { id: user.id, username: user.username, role: user.role };
}

/**
 * On first start there is nobody to log in as: create an administrator with a random one-time password, which the
 * caller prints once. Returns undefined when users already exist.
 */
export async function bootstrapAdministrator(ctx: AppContext): Promise<{ username: string; password: string } | undefined> {
  if ((await ctx.store.users.count(ctx.store.connection.db)) > 0) return undefined;
  const password = oneTimePassword();
  await insertUser(ctx, null, { username: 'admin', displayName: 'Administrator', role: 'administrator', password });
  return { username: 'admin', password };
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;

/**
 * Signs in. The attempt is reserved (counted) against the username and the address before any password is checked,
 * and refused while either is locked or has its limit counted, with the same answer whether or not the username
 * exists; a failure keeps its count towards the lock-out, a success clears the username's count. A user with
 * a second factor needs a code too: without one the answer is `totp_required` (the password was right).
 */
export async function login(ctx: AppContext, input: unknown, client: SignInClient = {}): Promise<{ token: string; user: User & { mustChangePassword: boolean }; expiresAt: string }> {
  const { username, password, totp } = parseInput(loginSchema, input, 'login');
  // Counted before the password is checked, so parallel attempts cannot check more than the limit.
  await reserveSignInAttempt(ctx, username, client);
  const db = ctx.store.connection.db;
  const user = await ctx.store.users.findByUsername(db, username);
  decoyHash ??= hashPassword('decoy password never used');
  const ok = await verify(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !ok || user.disabled) {
    await recordSignInFailure(ctx, username, client, user?.id);
    throw new DomainError('unauthenticated', 'wrong username or password');
  }
  const factor = await confirmedTotpOf(ctx, user.id);
  if (factor && !totp) {
    await releaseSignInAttempt(ctx, username, client);
    throw new DomainError('totp_required', 'enter the code from your authenticator app', [{ path: 'totp', code: 'required', message: 'enter the 6-digit code' }]);
  }
  if (factor && totp && !(await acceptTotpCode(ctx, factor, totp))) {
    await recordSignInFailure(ctx, username, client, user.id);
    throw new DomainError('totp_required', 'the code is wrong or was already used: enter the current one', [{ path: 'totp', code: 'wrong_code', message: 'is wrong or was already used' }]);
  }
  await recordSignInSuccess(ctx, username, client);
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_HOURS * 3600_000).toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.sessions.deleteExpired(trx, now.toISOString());
    await ctx.store.sessions.insert(trx, { tokenHash: tokenHash(token), userId: user.id, createdAt: now.toISOString(), expiresAt });
    await ctx.store.users.recordSignIn(trx, user.id, now.toISOString());
    await ctx.store.audit.append(trx, { at: now.toISOString(), userId: user.id, action: 'session.login', entityType: 'user', entityId: user.id, changes: {} });
  });
  return { token, user: { ...publicUser(user), mustChangePassword: user.mustChangePassword }, expiresAt };
}

/** Who a request comes from; `mustChangePassword`: they may only change their password (or sign out) until they do. */
export type AuthenticatedActor = Actor & { displayName: string; mustChangePassword: boolean };

/**
 * The actor behind a session token or an API token. A session ends at its absolute expiry or after
 * SESSION_IDLE_MINUTES unused; an API token's actor carries the token's scopes.
 */
export async function authenticate(ctx: AppContext, token: string): Promise<AuthenticatedActor | undefined> {
  const db = ctx.store.connection.db;
  const apiToken = await authenticateApiToken(ctx, token);
  const userId = apiToken?.userId ?? (await liveSessionUserId(ctx, token));
  if (!userId) return undefined;
  const user = await ctx.store.users.findById(db, userId);
  if (!user || user.disabled) return undefined;
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    displayName: user.displayName,
    mustChangePassword: user.mustChangePassword,
    ...(apiToken && { scopes: apiToken.scopes }),
    ...(apiToken?.syncPeer && { syncPeer: apiToken.syncPeer }),
  };
}

async function liveSessionUserId(ctx: AppContext, token: string): Promise<string | undefined> {
  const db = ctx.store.connection.db;
  const now = ctx.now();
  const hash = tokenHash(token);
  const session = await ctx.store.sessions.findLive(db, hash, now.toISOString());
  if (!session) return undefined;
  const idle = now.getTime() - new Date(session.lastSeenAt).getTime();
  if (idle > SESSION_IDLE_MINUTES * 60_000) {
    await ctx.store.sessions.delete(db, hash);
    return undefined;
  }
  // To the minute is enough for the idle timeout, without a write on every request.
  if (idle > 60_000) await ctx.store.sessions.touch(db, hash, now.toISOString());
  return session.userId;
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.store.sessions.delete(ctx.store.connection.db, tokenHash(token));
}
