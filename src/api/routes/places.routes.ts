import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { createAgreement, getAgreement, listAgreements, updateAgreement } from '../../application/agreement.service.js';
import { createSite, deleteSite, getSite, importSites, listSites, siteMapFeatures, updateSite } from '../../application/site.service.js';
import { createZone, deleteZone, getZone, importZones, listZones, updateZone } from '../../application/zone.service.js';
import { noContentSchema } from '../../core/api-contract.schema.js';
import { DomainError } from '../../core/errors.js';
import { deleteVersionQuerySchema } from '../../core/places/place-source.js';
import { agreementFilterSchema, agreementInputSchema, agreementListSchema, agreementParamsSchema, agreementSchema, agreementUpdateSchema } from '../../core/places/agreement.schema.js';
import { placeImportReportSchema, siteImportOptionsSchema, siteImportReportSchema, zoneImportOptionsSchema } from '../../core/places/place-import-report.schema.js';
import { siteMapCollectionSchema } from '../../core/places/site-geojson.mapping.js';
import { siteFilterSchema, siteInputSchema, siteListSchema, siteParamsSchema, siteSchema, siteUpdateSchema } from '../../core/places/site.schema.js';
import { zoneAsFeatureSchema, zoneCollectionSchema, zoneFeatureSchema, zoneFilterSchema, zoneParamsSchema } from '../../core/places/zone.schema.js';
import { mapZoneFile, MAX_PLACE_FILE_BYTES, readPlaceText, readSiteFile, type PlaceInput } from '../../interchange/place-file.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

/** Register files sent as the request body; JSON bodies are parsed by Fastify and read back as text. */
export const PLACE_FILE_CONTENT_TYPES = ['text/csv', 'application/geo+json', 'text/tab-separated-values', 'application/octet-stream', 'application/gzip'];

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['places'];

/** The uploaded file, whatever way it came: raw bytes, or JSON Fastify already parsed (read back as text). */
function bodyInput(request: FastifyRequest): PlaceInput {
  const body = request.body;
  if (Buffer.isBuffer(body)) return { bytes: body };
  if (body !== undefined && body !== null && typeof body === 'object') return { text: JSON.stringify(body) };
  const message = `send the file itself as the body, with content-type ${[...PLACE_FILE_CONTENT_TYPES, 'application/json'].join(', ')}`;
  throw new DomainError('validation_failed', message, [{ path: 'body', code: 'not_a_file', message }]);
}

/** The uploaded file as text (zone files are small and read whole). */
async function bodyText(request: FastifyRequest, encoding: string | undefined): Promise<string> {
  const input = bodyInput(request);
  return 'text' in input ? input.text : readPlaceText(input, encoding);
}

export function placeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(PLACE_FILE_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PLACE_FILE_BYTES }, (_request, body, done) => done(null, body));

    app.get(
      '/sites',
      { schema: { tags, summary: 'Protected sites in the register, in register order; filter by box, category, country, data set or name', querystring: siteFilterSchema, response: { 200: siteListSchema, ...errors } } },
      async (request) => listSites(ctx, actorOf(request), request.query),
    );
    app.get(
      '/sites/geojson',
      { schema: { tags, summary: 'Protected sites as points for the map (FeatureCollection with id, name, category, status)', querystring: siteFilterSchema, response: { 200: siteMapCollectionSchema, ...errors } } },
      async (request, reply) => reply.header('content-type', 'application/geo+json; charset=utf-8').send(await siteMapFeatures(ctx, actorOf(request), request.query)),
    );
    app.post(
      '/sites',
      { schema: { tags, summary: 'Add a protected site (its representative point and radius are derived from its geometry)', body: siteInputSchema, response: { 201: siteSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createSite(ctx, actorOf(request), request.body)),
    );
    app.post(
      '/sites/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary: 'Import a list of protected sites sent as the body: CSV with ?mapping=<json>, a known list with ?preset=, GeoJSON or HXL',
          description:
            'Idempotent by data set and external id (derived from category, position to 4 decimals and name when the file has no id column); read as a stream, atomic per batch of 1000 rows. `rejectedRows` counts rejected rows; `rejected` lists each issue with its row, field and reason. Unnamed sites are named from their type and place (`namesComposed`). Formats and presets: docs/formats/sites.md.',
          querystring: siteImportOptionsSchema,
          response: { 200: siteImportReportSchema, ...errors },
        },
      },
      async (request) => importSites(ctx, actorOf(request), () => readSiteFile(bodyInput(request), request.query)),
    );
    app.get(
      '/sites/:id',
      { schema: { tags, summary: 'A protected site', params: siteParamsSchema, response: { 200: siteSchema, ...errors } } },
      async (request) => getSite(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/sites/:id',
      { schema: { tags, summary: 'Replace a site’s details (with the version it was read at; 409 when stale)', params: siteParamsSchema, body: siteUpdateSchema, response: { 200: siteSchema, ...errors } } },
      async (request) => updateSite(ctx, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/sites/:id',
      { schema: { tags, summary: 'Remove a site from the register (with ?version=, 409 when stale)', params: siteParamsSchema, querystring: deleteVersionQuerySchema, response: { 204: noContentSchema, ...errors } } },
      async (request, reply) => {
        await deleteSite(ctx, actorOf(request), request.params.id, request.query.version);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/zones',
      { schema: { tags, summary: 'Zones as a GeoJSON FeatureCollection (properties: the zone without its geometry); filter by kind, status, activeOn=YYYY-MM-DD', querystring: zoneFilterSchema, response: { 200: zoneCollectionSchema, ...errors } } },
      async (request, reply) => reply.header('content-type', 'application/geo+json; charset=utf-8').send(await listZones(ctx, actorOf(request), request.query)),
    );
    app.post(
      '/zones',
      { schema: { tags, summary: 'Add a zone: a GeoJSON Feature whose properties are its fields (lines and points need widthKm)', body: zoneFeatureSchema, response: { 201: zoneAsFeatureSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createZone(ctx, actorOf(request), request.body)),
    );
    app.post(
      '/zones/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary: 'Import zones sent as the body: a GeoJSON FeatureCollection, or the Ukraine 2022 corridor compilation (format=corridors-csv)',
          description: 'Idempotent by data set and external id; every rejected row listed with its row, field and reason. Formats: docs/formats/zones.md.',
          querystring: zoneImportOptionsSchema,
          response: { 200: placeImportReportSchema, ...errors },
        },
      },
      async (request) => importZones(ctx, actorOf(request), async () => mapZoneFile(await bodyText(request, request.query.encoding), request.query)),
    );
    app.get(
      '/zones/:id',
      { schema: { tags, summary: 'A zone as a GeoJSON Feature', params: zoneParamsSchema, response: { 200: zoneAsFeatureSchema, ...errors } } },
      async (request, reply) => reply.header('content-type', 'application/geo+json; charset=utf-8').send(await getZone(ctx, actorOf(request), request.params.id)),
    );
    app.put(
      '/zones/:id',
      { schema: { tags, summary: 'Replace a zone: a Feature whose properties carry the version it was read at (409 when stale)', params: zoneParamsSchema, body: zoneFeatureSchema, response: { 200: zoneAsFeatureSchema, ...errors } } },
      async (request) => updateZone(ctx, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      '/zones/:id',
      { schema: { tags, summary: 'Remove a zone (with ?version=, 409 when stale)', params: zoneParamsSchema, querystring: deleteVersionQuerySchema, response: { 204: noContentSchema, ...errors } } },
      async (request, reply) => {
        await deleteZone(ctx, actorOf(request), request.params.id, request.query.version);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/agreements',
      { schema: { tags, summary: 'Ceasefires and local peace agreements, oldest first; activeOn=YYYY-MM-DD for those in force that day', querystring: agreementFilterSchema, response: { 200: agreementListSchema, ...errors } } },
      async (request) => ({ items: await listAgreements(ctx, actorOf(request), request.query) }),
    );
    app.post(
      '/agreements',
      { schema: { tags, summary: 'Record an agreement: parties, dates, zones and commitments', body: agreementInputSchema, response: { 201: agreementSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createAgreement(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/agreements/:id',
      { schema: { tags, summary: 'An agreement', params: agreementParamsSchema, response: { 200: agreementSchema, ...errors } } },
      async (request) => getAgreement(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/agreements/:id',
      { schema: { tags, summary: 'Replace an agreement (with the version it was read at; 409 when stale)', params: agreementParamsSchema, body: agreementUpdateSchema, response: { 200: agreementSchema, ...errors } } },
      async (request) => updateAgreement(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
