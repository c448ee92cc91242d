import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { importPeaceOperations, peaceOperationMissions, peaceOperationSeries } from '../../application/peace-operations.service.js';
import { DomainError } from '../../core/errors.js';
import { peaceOperationImportOptionsSchema, peaceOperationImportReportSchema, peaceOperationMissionsSchema, peaceOperationSeriesParamsSchema, peaceOperationSeriesQuerySchema, peaceOperationSeriesSchema } from '../../core/posture/peace-operations-api.schema.js';
import { csvRowsOf, MAX_PLACE_FILE_BYTES, readPlaceText } from '../../interchange/place-file.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const tags = ['posture'];
const CSV_TYPES = ['text/csv', 'application/octet-stream', 'application/gzip'];

export function postureRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PLACE_FILE_BYTES }, (_request, body, done) => done(null, body));

    app.post(
      '/posture/peace-operations/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary:
            "Import a release of Geo-PKO's mission–year–location table (CSV, as the body): every row checked, the rows of each place-year brought together, one refused row refuses the file; an accepted release replaces the one held",
          querystring: peaceOperationImportOptionsSchema,
          response: { 200: peaceOperationImportReportSchema, ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('validation_failed', `send the CSV file itself as the body, with content-type ${CSV_TYPES.join(', ')}`, [{ path: 'body', code: 'not_a_file', message: 'is not a file' }]);
        return importPeaceOperations(ctx, actorOf(request), async () => csvRowsOf(await readPlaceText({ bytes: body }, request.query.encoding)), request.query.release ?? 'uploaded release');
      },
    );
    app.get(
      '/posture/peace-operations/missions',
      { schema: { tags, summary: 'The UN peace operations held (Geo-PKO), each with its countries, years and number of places', response: { 200: peaceOperationMissionsSchema, ...errors } } },
      async (request) => peaceOperationMissions(ctx, actorOf(request)),
    );
    app.get(
      '/posture/peace-operations/:mission/series',
      {
        schema: {
          tags,
          summary:
            "One mission year by year: troops (personnel) by type — infantry, reserve, other, type not given — the places with a mission, sector or lower-level HQ, UN police, a medical unit, aviation or military observers, and the protective share (places with medical, police or observers over all places). Years without a Geo-PKO map are listed as missing, never drawn as zero.",
          params: peaceOperationSeriesParamsSchema,
          querystring: peaceOperationSeriesQuerySchema,
          response: { 200: peaceOperationSeriesSchema, 404: errorBodySchema, ...errors },
        },
      },
      async (request) => peaceOperationSeries(ctx, actorOf(request), request.params, request.query),
    );
  };
}
