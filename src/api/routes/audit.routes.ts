import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditLogPageSchema, auditQuerySchema } from '../../core/audit-log-entry.js';
import type { AppContext } from '../../application/app-context.js';
import { listAuditEntries } from '../../application/audit.service.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

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
          response: { 200: auditLogPageSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => listAuditEntries(ctx, actorOf(request), request.query),
    );
  };
}
