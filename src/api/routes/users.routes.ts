import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { createUser, listUsers } from '../../application/auth.service.js';
import { newUserSchema, userListSchema, userSchema } from '../../core/access-control.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/users', { schema: { tags: ['users'], summary: 'List users', response: { 200: userListSchema, 403: errorBodySchema } } }, async (request) =>
      listUsers(ctx, actorOf(request)),
    );
    app.post(
      '/users',
      { schema: { tags: ['users'], summary: 'Create a user', body: newUserSchema, response: { 201: userSchema, 400: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema } } },
      async (request, reply) => reply.status(201).send(await createUser(ctx, actorOf(request), request.body)),
    );
  };
}
