import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../application/app-context.js';
import { auditQuerySchema, listAuditEntries } from '../../application/audit.service.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  changes: z.record(z.string(), z.unknown()),
});
const pageSchema = z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() });

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary:
            'The audit log, newest first (permission audit:read): filter by entityType, entityId, actor (username or id), action (or a family: `group`), from/to (a day or an ISO time); page with nextCursor. Entries of a restricted record show only to those who may see it.',
          querystring: auditQuerySchema,
          response: { 200: pageSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => listAuditEntries(ctx, actorOf(request), request.query),
    );
  };
}
