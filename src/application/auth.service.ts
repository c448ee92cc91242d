import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { loginSchema, newUserSchema, type User } from '../core/access-control.js';
import { DomainError } from '../core/errors.js';
import type { StoredUser } from '../store/user.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { parseInput } from './validation.js';

export const SESSION_TTL_HOURS = 12;

const publicUser = ({ id, username, displayName, role, createdAt }: StoredUser): User => ({ id, username, displayName, role, createdAt });
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum recommendation). */
export const hashPassword = (password: string): Promise<string> => hash(password);

async function insertUser(ctx: AppContext, actorId: string | null, input: unknown): Promise<User> {
  const data = parseInput(newUserSchema, input, 'user');
  const user: StoredUser = {
    id: ctx.newId(),
    username: data.username,
    displayName: data.displayName,
    role: data.role,
    createdAt: ctx.now().toISOString(),
    passwordHash: await hashPassword(data.password),
    disabled: false,
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
  return publicUser(user);
}

export async function createUser(ctx: AppContext, actor: Actor, input: unknown): Promise<User> {
  requirePermission(actor, 'user:manage');
  return insertUser(ctx, actor.id, input);
}

/** From the shell (`haven user add`), where the operator of the machine is trusted. */
export const createUserAsOperator = (ctx: AppContext, input: unknown): Promise<User> => insertUser(ctx, null, input);

export async function listUsers(ctx: AppContext, actor: Actor): Promise<User[]> {
  requirePermission(actor, 'user:manage');
  return (await ctx.store.users.list(ctx.store.connection.db)).map(publicUser);
}

/**
 * On first start there is nobody to log in as: create an administrator with a random one-time password, which the
 * caller prints once. Returns undefined when users already exist.
 */
export async function bootstrapAdministrator(ctx: AppContext): Promise<{ username: string; password: string } | undefined> {
  if ((await ctx.store.users.count(ctx.store.connection.db)) > 0) return undefined;
  const password = randomBytes(18).toString('base64url');
  await insertUser(ctx, null, { username: 'admin', displayName: 'Administrator', role: 'administrator', password });
  return { username: 'admin', password };
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;

export async function login(ctx: AppContext, input: unknown): Promise<{ token: string; user: User; expiresAt: string }> {
  const { username, password } = parseInput(loginSchema, input, 'login');
  const db = ctx.store.connection.db;
  const user = await ctx.store.users.findByUsername(db, username);
  decoyHash ??= hashPassword('decoy password never used');
  const ok = await verify(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !ok || user.disabled) throw new DomainError('unauthenticated', 'wrong username or password');
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_HOURS * 3600_000).toISOString();
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.sessions.deleteExpired(trx, now.toISOString());
    await ctx.store.sessions.insert(trx, { tokenHash: tokenHash(token), userId: user.id, createdAt: now.toISOString(), expiresAt });
    await ctx.store.audit.append(trx, { at: now.toISOString(), userId: user.id, action: 'session.login', entityType: 'user', entityId: user.id, changes: {} });
  });
  return { token, user: publicUser(user), expiresAt };
}

export async function authenticate(ctx: AppContext, token: string): Promise<(Actor & { displayName: string }) | undefined> {
  const db = ctx.store.connection.db;
  const userId = await ctx.store.sessions.findUserId(db, tokenHash(token), ctx.now().toISOString());
  if (!userId) return undefined;
  const user = await ctx.store.users.findById(db, userId);
  if (!user || user.disabled) return undefined;
  return { id: user.id, username: user.username, role: user.role, displayName: user.displayName };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.store.sessions.delete(ctx.store.connection.db, tokenHash(token));
}
