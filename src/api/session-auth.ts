import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../application/auth.service.js';
import type { Actor, AppContext } from '../application/app-context.js';
import { DomainError } from '../core/errors.js';

export const SESSION_COOKIE = 'haven_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor & { displayName: string };
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health). */
    public?: boolean;
  }
}

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
  app.addHook('onRequest', async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) {
      const actor = await authenticate(ctx, token);
      if (actor) request.actor = actor;
    }
    if (!request.actor && request.url.startsWith('/api/v1/') && !request.routeOptions.config.public) {
      return reply.status(401).send({ error: { code: 'unauthenticated', message: 'log in first', issues: [], requestId: request.id } });
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
