import { createHash, randomBytes } from 'node:crypto';
import { hasPermission, type Permission } from '../core/access-control.js';
import { newApiTokenSchema } from '../core/account.schema.js';
import { DomainError, notFound } from '../core/errors.js';
import type { ApiToken } from '../store/sign-in.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requireSignedInPerson } from './sign-in-person.js';
import { parseInput } from './validation.js';

/** Secrets carry a prefix so a leaked one is recognisable (secret scanners) and never mistaken for a session. */
export const API_TOKEN_PREFIX = 'haven_';
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

export type PublicApiToken = Omit<ApiToken, 'userId' | 'syncPeer'>;
const publicToken = ({ id, name, scopes, createdAt, expiresAt, lastUsedAt }: ApiToken): PublicApiToken => ({ id, name, scopes, createdAt, expiresAt, lastUsedAt });

/** A token for a machine, narrowed to scopes within the user's own permissions; its secret is returned only here. */
export async function createApiToken(ctx: AppContext, actor: Actor, input: unknown): Promise<{ token: PublicApiToken; secret: string }> {
  requireSignedInPerson(actor);
  const data = parseInput(newApiTokenSchema, input, 'token');
  const now = ctx.now();
  const issues = data.scopes.flatMap((scope, i) =>
    hasPermission(actor.role, scope) ? [] : [{ path: `scopes.${i}`, code: 'not_yours', message: `the ${actor.role} role does not have ${scope}` }],
  );
  if (data.expiresAt && new Date(data.expiresAt) <= now) issues.push({ path: 'expiresAt', code: 'in_the_past', message: 'must be in the future' });
  if (issues.length) throw new DomainError('validation_failed', 'token is invalid: a token can only narrow what you may do', issues);
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const token: ApiToken = {
    id: ctx.newId(),
    userId: actor.id,
    name: data.name,
    scopes: [...new Set(data.scopes)],
    createdAt: now.toISOString(),
    expiresAt: data.expiresAt ? new Date(data.expiresAt).toISOString() : null,
    lastUsedAt: null,
    syncPeer: null,
  };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.apiTokens.insert(trx, { ...token, tokenHash: sha256(secret) });
    await ctx.store.audit.append(trx, { at: token.createdAt, userId: actor.id, action: 'api_token.create', entityType: 'user', entityId: actor.id, changes: { token: { before: null, after: { id: token.id, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt } } } });
  });
  return { token: publicToken(token), secret };
}

export async function listApiTokens(ctx: AppContext, actor: Actor): Promise<PublicApiToken[]> {
  requireSignedInPerson(actor);
  return (await ctx.store.apiTokens.listForUser(ctx.store.connection.db, actor.id)).map(publicToken);
}

/** Revokes one of the actor's own tokens; someone else's is as missing as one that never was. */
export async function revokeApiToken(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  requireSignedInPerson(actor);
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    if (!(await ctx.store.apiTokens.delete(trx, actor.id, id))) throw notFound('token', id);
    await ctx.store.audit.append(trx, { at: ctx.now().toISOString(), userId: actor.id, action: 'api_token.revoke', entityType: 'user', entityId: actor.id, changes: { token: { before: id, after: null } } });
  });
}

/** The user behind a live token, the scopes it narrows them to and the sync peer it was made for; undefined for anything else. */
export async function authenticateApiToken(ctx: AppContext, secret: string): Promise<{ userId: string; scopes: Permission[]; syncPeer: string | null } | undefined> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return undefined;
  const db = ctx.store.connection.db;
  const now = ctx.now();
  const token = await ctx.store.apiTokens.findLiveByHash(db, sha256(secret), now.toISOString());
  if (!token) return undefined;
  // Last use to the minute is enough to spot a stale token, without a write on every call.
  if (!token.lastUsedAt || now.getTime() - new Date(token.lastUsedAt).getTime() > 60_000) await ctx.store.apiTokens.touch(db, token.id, now.toISOString());
  return { userId: token.userId, scopes: token.scopes, syncPeer: token.syncPeer };
}
