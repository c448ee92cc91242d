import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { createUser } from '../../application/auth.service.js';
import {
  listUserAccounts,
  resetUserPassword,
  revokeUserSessions,
  setUserDisabled,
  setUserRole,
  unlockUser,
  userAccount,
} from '../../application/user-administration.service.js';
import { newUserSchema } from '../../core/access-control.js';
import { sessionsEndedSchema, userDisabledSchema } from '../../core/account.schema.js';
import { idParamsSchema } from '../../core/api-contract.schema.js';
import { accountUnlockSchema, createdUserSchema, oneTimePasswordSchema, roleChangeSchema, userAccountListSchema, userAccountSchema } from '../../core/user-account.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const idParams = idParamsSchema('a user');
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** User administration: the team, their roles, and an administrator's hold on their access. Every action is audited. */
export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      { schema: { tags: ['users'], summary: 'Users with role, status, last sign-in, second factor, lock-out and live sessions', response: { 200: userAccountListSchema, ...errors } } },
      async (request) => listUserAccounts(ctx, actorOf(request)),
    );
    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user; without a password, Haven makes a one-time one (answered once) to be changed at first sign-in',
          body: newUserSchema,
          response: { 201: createdUserSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(ctx, actorOf(request), request.body)),
    );
    app.get('/users/:id', { schema: { tags: ['users'], summary: 'One user as the list shows them', params: idParams, response: { 200: userAccountSchema, ...errors } } }, async (request) =>
      userAccount(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/users/:id/role',
      { schema: { tags: ['users'], summary: "Change a user's role (from their next request); the last active administrator keeps theirs", params: idParams, body: roleChangeSchema, response: { 200: userAccountSchema, ...errors } } },
      async (request) => setUserRole(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/users/:id/password-reset',
      {
        schema: {
          tags: ['users'],
          summary: 'Reset a password: a one-time password (answered once), sessions ended, lock-out lifted; to be changed at next sign-in',
          params: idParams,
          response: { 200: oneTimePasswordSchema, ...errors },
        },
      },
      async (request) => resetUserPassword(ctx, actorOf(request), request.params.id),
    );
    app.post('/users/:id/unlock', { schema: { tags: ['users'], summary: 'Lift a lock-out after too many failed sign-ins', params: idParams, response: { 200: accountUnlockSchema, ...errors } } }, async (request) =>
      unlockUser(ctx, actorOf(request), request.params.id),
    );
    app.post('/users/:id/disable', { schema: { tags: ['users'], summary: 'Disable a user: no sign-in, sessions ended', params: idParams, response: { 200: userDisabledSchema, ...errors } } }, async (request) =>
      setUserDisabled(ctx, actorOf(request), request.params.id, true),
    );
    app.post('/users/:id/enable', { schema: { tags: ['users'], summary: 'Enable a disabled user', params: idParams, response: { 200: userDisabledSchema, ...errors } } }, async (request) =>
      setUserDisabled(ctx, actorOf(request), request.params.id, false),
    );
    app.delete(
      '/users/:id/sessions',
      { schema: { tags: ['users'], summary: 'End every session of a user', params: idParams, response: { 200: sessionsEndedSchema, ...errors } } },
      async (request) => revokeUserSessions(ctx, actorOf(request), request.params.id),
    );
  };
}
