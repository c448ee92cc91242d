import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { createProtectiveAction, getProtectiveAction, listProtectiveActions, updateProtectiveAction } from '../../application/protective-action.service.js';
import {
  protectiveActionInputSchema,
  protectiveActionListQuerySchema,
  protectiveActionListSchema,
  protectiveActionParamsSchema,
  protectiveActionRecordSchema,
  protectiveActionUpdateSchema,
} from '../../core/courses-of-action/protective-action-log.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['protective actions'];

/** The protective actions log (docs/courses-of-action.md): what was planned, carried out or cancelled, and where. */
export function protectiveActionsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/protective-actions',
      {
        schema: {
          tags,
          summary: 'Protective actions that are not force (patrols, presence at a site, corridors, safe havens, evacuations, arrest operations, local agreements), newest first; `exercise` keeps real and exercise records apart',
          querystring: protectiveActionListQuerySchema,
          response: { 200: protectiveActionListSchema, ...errors },
        },
      },
      async (request) => listProtectiveActions(ctx, actorOf(request), request.query),
    );
    app.post(
      '/protective-actions',
      {
        schema: {
          tags,
          summary: 'Record a protective action (planned, carried out or cancelled): where (a point, a site or a zone), its days, the unit, the result; version 1, audited',
          body: protectiveActionInputSchema,
          response: { 201: protectiveActionRecordSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createProtectiveAction(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/protective-actions/:id',
      { schema: { tags, summary: 'A protective action, with the planning situation and choice it came from, if any', params: protectiveActionParamsSchema, response: { 200: protectiveActionRecordSchema, ...errors } } },
      async (request) => getProtectiveAction(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/protective-actions/:id',
      {
        schema: {
          tags,
          summary: 'The whole record again with the version it was read at (409 when stale): mark a planned action carried out with its days, or cancelled, or correct it. Carried out and cancelled stay so; an exercise record stays one.',
          params: protectiveActionParamsSchema,
          body: protectiveActionUpdateSchema,
          response: { 200: protectiveActionRecordSchema, ...errors },
        },
      },
      async (request) => updateProtectiveAction(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
