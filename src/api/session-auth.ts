import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type AuthenticatedActor } from '../application/auth.service.js';
import type { Actor, AppContext } from '../application/app-context.js';
import { DomainError } from '../core/errors.js';
import { accessOf, roleMayCall } from './route-access.js';

export const SESSION_COOKIE = 'haven_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: AuthenticatedActor;
  }
}

/** What a user holding a one-time password may do before choosing their own: learn who they are, change it, leave. */
const BEFORE_PASSWORD_CHANGE = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  return request.cookies[SESSION_COOKIE];
}

/**
 * Resolves the session on every request, before anything else runs: an API route that is not public answers 401
 * without a valid session, whatever else is wrong with the request.
 */
export function installSessionAuth(app: FastifyInstance, ctx: AppContext, uploadTypes: readonly string[] = []): void {
  // Every API route must say who may call it; a route added without an entry stops the server at start.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    for (const method of [route.method].flat()) {
      if (!accessOf(method, route.url)) throw new Error(`${method} ${route.url} has no entry in ROUTE_ACCESS (src/api/route-access.ts)`);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) {
      const actor = await authenticate(ctx, token);
      if (actor) request.actor = actor;
    }
    const access = request.routeOptions.url ? accessOf(request.method, request.routeOptions.url) : undefined;
    if (!access) {
      // An unknown API path says nothing to a stranger: 401 first, 404 only to a user.
      if (!request.actor && request.url.startsWith('/api/v1/')) {
        return reply.status(401).send({ error: { code: 'unauthenticated', message: 'log in first', issues: [], requestId: request.id } });
      }
      return;
    }
    if (access === 'public') return;
    if (!request.actor) {
      return reply.status(401).send({ error: { code: 'unauthenticated', message: 'log in first', issues: [], requestId: request.id } });
    }
    if (request.actor.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)) {
      return reply.status(403).send({
        error: { code: 'password_change_required', message: 'your password was set by an administrator: choose your own before anything else', issues: [], requestId: request.id },
      });
    }
    // A token made for a sync peer speaks for that instance, not for a person: it serves the sync routes only.
    if (request.actor.syncPeer && !request.routeOptions.url?.startsWith('/api/v1/sync/')) {
      return reply.status(403).send({ error: { code: 'forbidden', message: `this API token was made for sync and may not call ${request.method} ${request.routeOptions.url}`, issues: [], requestId: request.id } });
    }
    if (!roleMayCall(request.actor, access)) {
      const who = request.actor.scopes ? 'this API token' : `the ${request.actor.role} role`;
      return reply.status(403).send({ error: { code: 'forbidden', message: `${who} may not call ${request.method} ${request.routeOptions.url}`, issues: [], requestId: request.id } });
    }
  });
  // Cookie sessions are SameSite=Strict; on top of that a state-changing call must be JSON (or a file upload type),
  // which a cross-site form cannot send without a CORS preflight that this server never grants.
  app.addHook('onRequest', async (request, reply: FastifyReply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || !request.url.startsWith('/api/')) return;
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !uploadTypes.includes(type)) {
      return reply.status(415).send({
        error: { code: 'unsupported_media_type', message: 'send application/json', issues: [], requestId: request.id },
      });
    }
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('unauthenticated', 'log in first');
  return request.actor;
}
