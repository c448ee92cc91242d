import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePassword, revokeOtherSessions } from '../../application/account-security.service.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../application/api-token.service.js';
import type { AppContext } from '../../application/app-context.js';
import { confirmTotp, enrolTotp } from '../../application/totp.service.js';
import {
  apiTokenListSchema,
  createdApiTokenSchema,
  newApiTokenSchema,
  passwordChangeSchema,
  sessionsEndedSchema,
  totpConfirmationSchema,
  totpEnabledSchema,
  totpEnrolmentSchema,
} from '../../core/account.schema.js';
import { idParamsSchema, noContentSchema } from '../../core/api-contract.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf, SESSION_COOKIE } from '../session-auth.js';

const idParams = idParamsSchema('an API token');
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

/** Password, sessions, second factor and API tokens of the signed-in user. */
export function signInSecurityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // The session being used, if the request came with the cookie: it is the one kept when others are ended.
    const cookieSession = (request: { cookies: Record<string, string | undefined> }) => request.cookies[SESSION_COOKIE];

    app.post(
      '/auth/password',
      { schema: { tags: ['auth'], summary: 'Change my password (needs the current one); ends my other sessions', body: passwordChangeSchema, response: { 200: sessionsEndedSchema, ...errors } } },
      async (request) => changePassword(ctx, actorOf(request), cookieSession(request), request.body, { address: request.ip }),
    );
    app.post(
      '/auth/sessions/revoke-all',
      { schema: { tags: ['auth'], summary: 'End all my other sessions', response: { 200: sessionsEndedSchema, ...errors } } },
      async (request) => revokeOtherSessions(ctx, actorOf(request), cookieSession(request)),
    );
    app.post(
      '/auth/totp/enrol',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start enrolling a TOTP second factor: the secret, its otpauth URI and a QR code (shown once)',
          response: { 200: totpEnrolmentSchema, ...errors },
        },
      },
      async (request) => enrolTotp(ctx, actorOf(request)),
    );
    app.post(
      '/auth/totp/confirm',
      { schema: { tags: ['auth'], summary: 'Turn the second factor on with a first code', body: totpConfirmationSchema, response: { 200: totpEnabledSchema, ...errors } } },
      async (request) => confirmTotp(ctx, actorOf(request), request.body),
    );
    app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'My API tokens (never their secrets)', response: { 200: apiTokenListSchema, ...errors } } }, async (request) =>
      listApiTokens(ctx, actorOf(request)),
    );
    app.post(
      '/auth/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for a machine, scoped within my permissions; the secret is shown once',
          body: newApiTokenSchema,
          response: { 201: createdApiTokenSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createApiToken(ctx, actorOf(request), request.body)),
    );
    app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: idParams, response: { 204: noContentSchema, ...errors } } }, async (request, reply) => {
      await revokeApiToken(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    });
  };
}
