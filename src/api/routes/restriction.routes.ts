import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  createGroup,
  listGroups,
  recordRestriction,
  restrictRecord,
  setGroupMembers,
} from '../../application/restriction.service.js';
import { groupListSchema, groupMembersSchema, groupParamsSchema, groupSchema, newGroupSchema, recordRestrictionSchema, restrictionParamsSchema, restrictionSchema } from '../../core/restriction.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const idParams = restrictionParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Record-level restrictions (an incident visible only to named users and groups) and the groups they name. */
export function restrictionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    for (const [kind, collection] of [
      ['incident', 'incidents'],
      ['case', 'cases'],
      ['evidence', 'evidence'],
      ['capability', 'capabilities'],
    ] as const) {
      app.get(
        `/${collection}/:id/restriction`,
        { schema: { tags: ['restrictions'], summary: `Who may see this ${kind} (a restricted record is missing to everyone else)`, params: idParams, response: { 200: recordRestrictionSchema, ...errors } } },
        async (request) => recordRestriction(ctx, actorOf(request), kind, request.params.id),
      );
      app.put(
        `/${collection}/:id/restriction`,
        {
          schema: {
            tags: ['restrictions'],
            summary: `Restrict this ${kind} to named users and groups (you stay on the list), or lift the restriction with empty lists`,
            params: idParams,
            body: restrictionSchema,
            response: { 200: recordRestrictionSchema, ...errors },
          },
        },
        async (request) => restrictRecord(ctx, actorOf(request), kind, request.params.id, request.body),
      );
    }
    app.get('/groups', { schema: { tags: ['users'], summary: 'Groups of users', response: { 200: groupListSchema, ...errors } } }, async (request) => listGroups(ctx, actorOf(request)));
    app.post(
      '/groups',
      { schema: { tags: ['users'], summary: 'Create a group of users', body: newGroupSchema, response: { 201: groupSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createGroup(ctx, actorOf(request), request.body)),
    );
    app.put(
      '/groups/:id/members',
      { schema: { tags: ['users'], summary: 'Replace the members of a group', params: groupParamsSchema, body: groupMembersSchema, response: { 200: groupSchema, ...errors } } },
      async (request) => setGroupMembers(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
