import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fileAnswerSchema, noContentSchema } from '../../core/api-contract.schema.js';
import { BASEMAP_MEDIA_TYPES, basemapInfoSchema, basemapTileParamsSchema, basemapTileQuerySchema, type BasemapArchive, type BasemapInfo } from '../../core/basemap.schema.js';
import { DomainError } from '../../core/errors.js';
import { errorBodySchema } from '../error-handler.js';

const tags = ['map'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

/** A tile's URL names the archive's version: for that version the answer never changes, so the browser keeps it. */
const KEPT = 'private, max-age=31536000, immutable';
/** Asked for without the version (or with an old one): kept, but checked again (ETag) before each use. */
const CHECKED = 'private, no-cache';

/**
 * The operator's own basemap, served by Haven: what it is (GET /basemap) and its tiles. An absent tile is 204 No
 * Content (MapLibre draws nothing there, without an error), not 404, which is kept for a server without a basemap.
 */
export const basemapRoutes =
  (basemap: BasemapArchive | undefined, prefix: string): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/basemap',
      { schema: { tags, summary: 'The basemap extract the server was started with (HAVEN_BASEMAP), and its tiles\' URL; `available: false` when none', response: { 200: basemapInfoSchema, 401: errorBodySchema } } },
      async (): Promise<BasemapInfo> =>
        basemap
          ? { available: true, ...basemap.description, tiles: `${prefix}/basemap/tiles/{z}/{x}/{y}?v=${encodeURIComponent(basemap.version)}` }
          : { available: false },
    );

    app.get(
      '/basemap/tiles/:z/:x/:y',
      {
        schema: {
          tags,
          summary: 'One tile of the basemap (XYZ scheme), as stored: vector tiles keep their gzip (Content-Encoding); 204 where the extract has none',
          params: basemapTileParamsSchema,
          querystring: basemapTileQuerySchema,
          response: { 200: fileAnswerSchema(Object.values(BASEMAP_MEDIA_TYPES), 'a raster image or a Mapbox vector tile'), 204: noContentSchema, ...errors },
        },
      },
      async (request, reply) => {
        if (!basemap) throw new DomainError('not_found', 'no basemap is configured on this server (HAVEN_BASEMAP)');
        const { z, x, y } = request.params;
        const etag = `"${basemap.version}-${z}-${x}-${y}"`;
        const cacheable = () => reply.header('etag', etag).header('cache-control', request.query.v === basemap.version ? KEPT : CHECKED);
        if (request.headers['if-none-match'] === etag) return cacheable().code(304).send(Buffer.alloc(0));
        // Read before any caching header is set: a failed read is an error answer, which is never kept.
        const tile = await basemap.tile(z, x, y);
        cacheable();
        if (!tile) return reply.code(204).send(null);
        if (tile.encoding) reply.header('content-encoding', tile.encoding);
        return reply.type(BASEMAP_MEDIA_TYPES[basemap.description.tileType]).header('content-length', tile.data.byteLength).send(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
      },
    );
  };
