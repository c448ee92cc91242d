import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { armsCompanies, importArmsCompanies } from '../../application/arms-companies.service.js';
import { compareRebalancingScenarios, importMilitaryExpenditure, milexEntities, milexSeries, milexTotals } from '../../application/spending.service.js';
import { DomainError } from '../../core/errors.js';
import { armsCompaniesAnswerSchema, armsCompaniesImportOptionsSchema, armsCompaniesImportReportSchema, armsCompaniesQuerySchema, milexEntityListSchema, milexImportOptionsSchema, milexImportReportSchema, milexSeriesAnswerSchema, milexSeriesQuerySchema, milexTotalsAnswerSchema, milexTotalsQuerySchema, scenarioComparisonRequestSchema, scenarioComparisonSchema } from '../../core/spending/spending-api.schema.js';
import { csvRowsOf, MAX_PLACE_FILE_BYTES, readPlaceText } from '../../interchange/place-file.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const tags = ['spending'];
const CSV_TYPES = ['text/csv', 'application/octet-stream', 'application/gzip'];

export function spendingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PLACE_FILE_BYTES }, (_request, body, done) => done(null, body));

    app.post(
      '/spending/milex/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary: "Import a release of SIPRI's military expenditure database (its long table, CSV, as the body): checked whole, one refused row refuses the file; an accepted release replaces the one held",
          querystring: milexImportOptionsSchema,
          response: { 200: milexImportReportSchema, ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('validation_failed', `send the CSV file itself as the body, with content-type ${CSV_TYPES.join(', ')}`, [{ path: 'body', code: 'not_a_file', message: 'is not a file' }]);
        return importMilitaryExpenditure(ctx, actorOf(request), async () => csvRowsOf(await readPlaceText({ bytes: body }, request.query.encoding)), request.query.release ?? 'uploaded release');
      },
    );
    app.get(
      '/spending/milex/entities',
      { schema: { tags, summary: 'The countries, former states and bodies with military expenditure held, and the years each covers', response: { 200: milexEntityListSchema, ...errors } } },
      async (request) => milexEntities(ctx, actorOf(request)),
    );
    app.get(
      '/spending/milex/series',
      {
        schema: {
          tags,
          summary: 'One measure for some countries (ISO alpha-3) or SIPRI entities (a former state by name), a point per year; a missing figure is null with its reason in flags, never 0',
          querystring: milexSeriesQuerySchema,
          response: { 200: milexSeriesAnswerSchema, ...errors },
        },
      },
      async (request) => milexSeries(ctx, actorOf(request), request.query),
    );
    app.get(
      '/spending/milex/totals',
      {
        schema: {
          tags,
          summary: 'World, regional or subregional totals per year in US$ m: the sum over the states SIPRI counts that year, with how many were counted and which had no figure',
          querystring: milexTotalsQuerySchema,
          response: { 200: milexTotalsAnswerSchema, ...errors },
        },
      },
      async (request) => milexTotals(ctx, actorOf(request), request.query),
    );
    app.post(
      '/spending/arms-companies/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary: "Import a year's SIPRI Top 100 arms-producing and military services companies (CSV, as the body): checked whole, one refused row refuses the file; an accepted list replaces the list held for its year, other years stay",
          querystring: armsCompaniesImportOptionsSchema,
          response: { 200: armsCompaniesImportReportSchema, ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('validation_failed', `send the CSV file itself as the body, with content-type ${CSV_TYPES.join(', ')}`, [{ path: 'body', code: 'not_a_file', message: 'is not a file' }]);
        return importArmsCompanies(ctx, actorOf(request), async () => csvRowsOf(await readPlaceText({ bytes: body }, request.query.encoding)), request.query.release ?? 'uploaded release');
      },
    );
    app.get(
      '/spending/arms-companies',
      {
        schema: {
          tags,
          summary:
            "A year's SIPRI Top 100 arms-producing companies (the latest held unless a year is asked), by rank, for one country (ISO alpha-3 or SIPRI's name, e.g. Trans-European) or all: arms and total revenue in US$ m, the arms share of each company's revenue, its share of the list's combined arms revenue, and each country's companies and revenue",
          querystring: armsCompaniesQuerySchema,
          response: { 200: armsCompaniesAnswerSchema, 404: errorBodySchema, ...errors },
        },
      },
      async (request) => armsCompanies(ctx, actorOf(request), request.query),
    );
    app.post(
      '/spending/scenarios/compare',
      {
        schema: {
          tags,
          summary:
            'Rebalancing scenarios projected year by year and compared: programme by purpose class (shares always sum to 100 %), conversion costs in their year, share of GDP on the stated GDP path, cumulative totals and the final balance. Nothing is stored.',
          body: scenarioComparisonRequestSchema,
          response: { 200: scenarioComparisonSchema, ...errors },
        },
      },
      async (request) => compareRebalancingScenarios(actorOf(request), request.body),
    );
  };
}
