import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { acknowledgeBundle, receivePushedBundle, serveBundleToPeer } from '../../application/sync-network.service.js';
import {
  SYNC_BUNDLE_MEDIA_TYPE,
  syncAckQuerySchema,
  syncAckSchema,
  syncBundleBodySchema,
  syncBundleFileSchema,
  syncBundleParamsSchema,
  syncImportReportSchema,
  syncPullQuerySchema,
} from '../../core/sync/http.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

/** Default largest bundle a push may carry; bundles with evidence files are the large ones. */
export const DEFAULT_MAX_SYNC_BUNDLE_BYTES = 512 * 1024 * 1024;

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 413: errorBodySchema };

/**
 * Sync with another instance over HTTPS (src/application/sync-network.service.ts): pull a bundle, acknowledge it once
 * imported, push one. The caller is normally an API token made for the peer (`haven sync peers token`).
 */
export function syncRoutes(ctx: AppContext, options: { maxBundleBytes?: number | undefined } = {}): FastifyPluginAsyncZod {
  return async (app) => {
    // A bundle is read whole: its signature covers all of it and is checked before anything is decrypted.
    app.addContentTypeParser(SYNC_BUNDLE_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.get(
      '/sync/bundles',
      {
        schema: {
          tags: ['sync'],
          summary: 'Pull: the bundle for the calling peer (changes since the last one it acknowledged); the same bundle again until it is acknowledged',
          querystring: syncPullQuerySchema,
          response: { 200: syncBundleFileSchema, ...errors },
        },
      },
      async (request, reply) => {
        const served = await serveBundleToPeer(ctx, actorOf(request), request.query);
        return reply
          .header('content-type', SYNC_BUNDLE_MEDIA_TYPE)
          .header('x-haven-bundle-id', served.bundleId)
          .header('x-haven-bundle-resent', String(served.resent))
          .send(served.bundle);
      },
    );

    app.post(
      '/sync/bundles/:id/ack',
      {
        schema: {
          tags: ['sync'],
          summary: 'Acknowledge a pulled bundle once imported: the next pull makes a new one (repeating it is harmless)',
          params: syncBundleParamsSchema,
          querystring: syncAckQuerySchema,
          response: { 200: syncAckSchema, ...errors },
        },
      },
      async (request) => acknowledgeBundle(ctx, actorOf(request), request.params.id, request.query.peer),
    );

    app.post(
      '/sync/bundles',
      {
        bodyLimit: options.maxBundleBytes ?? DEFAULT_MAX_SYNC_BUNDLE_BYTES,
        schema: {
          tags: ['sync'],
          summary: 'Push: import a bundle from the calling peer as the token’s user and answer the import report (a bundle sent again answers its report, changing nothing)',
          body: syncBundleBodySchema,
          response: { 200: syncImportReportSchema, ...errors },
        },
      },
      async (request) => receivePushedBundle(ctx, actorOf(request), Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength)),
    );
  };
}
