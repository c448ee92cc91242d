import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { gazetteerEtag, gazetteerLabels, searchGazetteer } from '../../application/gazetteer.service.js';
import { noContentSchema } from '../../core/api-contract.schema.js';
import { placeLabelCollectionSchema, placeLabelsQuerySchema, placeSearchQuerySchema, placeSearchResultSchema } from '../../core/gazetteer/gazetteer.schema.js';
import { errorBodySchema } from '../error-handler.js';

/** 304: the answer the browser holds (its If-None-Match) is still the answer. */
const errors = { 304: noContentSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const tags = ['reference'];

/**
 * The data changes only with a release of Haven, so a browser keeps an answer a day and then revalidates it by its
 * ETag. `private`: it is asked for with a session, and a shared cache has no business keeping what a session asked.
 */
function cacheable(request: FastifyRequest, reply: FastifyReply, question: unknown): boolean {
  const etag = gazetteerEtag(JSON.stringify(question));
  reply.header('cache-control', 'private, max-age=86400').header('etag', etag);
  const asked = request.headers['if-none-match'];
  return asked !== undefined && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export const gazetteerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/gazetteer/search',
    {
      schema: {
        tags,
        summary: 'Populated places (GeoNames, 1,000 people or more) by name: exact names first, then names that start with the query, then a later word; the most populous first',
        querystring: placeSearchQuerySchema,
        response: { 200: placeSearchResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (cacheable(request, reply, ['search', request.query])) return reply.code(304).serializer(() => '').send(null);
      return searchGazetteer(request.query);
    },
  );
  app.get(
    '/gazetteer/labels',
    {
      schema: {
        tags,
        summary: 'Place names for a map view: the most populous places in the box (fewer at low zoom), as GeoJSON points with name, population, country and rank',
        querystring: placeLabelsQuerySchema,
        response: { 200: placeLabelCollectionSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (cacheable(request, reply, ['labels', request.query])) return reply.code(304).serializer(() => '').send(null);
      return reply.header('content-type', 'application/geo+json; charset=utf-8').send(gazetteerLabels(request.query));
    },
  );
};
