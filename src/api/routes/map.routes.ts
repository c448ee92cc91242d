import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { admin1Boundaries } from '../../application/admin1.service.js';
import { admin1CollectionSchema, admin1QuerySchema } from '../../core/places/admin1.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

/** Reference shapes the maps draw under Haven's own data. */
export const mapRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/map/admin1',
      {
        schema: {
          tags: ['map'],
          summary: 'First-level administrative boundaries (imported with `haven boundaries import`) whose box meets `bbox`, or of a `country`',
          querystring: admin1QuerySchema,
          response: { 200: admin1CollectionSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => admin1Boundaries(ctx, actorOf(request), request.query),
    );
  };
