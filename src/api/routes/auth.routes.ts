import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { login, logout, SESSION_TTL_HOURS } from '../../application/auth.service.js';
import type { AppContext } from '../../application/app-context.js';
import { loginSchema } from '../../core/access-control.js';
import { loginResultSchema, sessionUserSchema } from '../../core/account.schema.js';
import { noContentSchema } from '../../core/api-contract.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf, SESSION_COOKIE, sessionTokenOf } from '../session-auth.js';

export function authRoutes(ctx: AppContext, options: { secureCookies: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        schema: { tags: ['auth'], summary: 'Log in; sets an HTTP-only session cookie', body: loginSchema, response: { 200: loginResultSchema, 401: errorBodySchema, 429: errorBodySchema } },
      },
      async (request, reply) => {
        const session = await login(ctx, request.body, { address: request.ip });
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/',
          maxAge: SESSION_TTL_HOURS * 3600,
        });
        return { user: session.user, expiresAt: session.expiresAt };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 204: noContentSchema } } }, async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) await logout(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: sessionUserSchema } } }, async (request) => {
      actorOf(request);
      const { id, username, displayName, role, mustChangePassword } = request.actor!;
      return { id, username, displayName, role, mustChangePassword };
    });
  };
}
