import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { armsCompanies, importArmsCompanies } from '../../application/arms-companies.service.js';
import { compareRebalancingScenarios, importMilitaryExpenditure, milexEntities, milexSeries, milexTotals } from '../../application/spending.service.js';
import { createBudget, getBudget, importBudget, listBudgets, previewBudgetImport, updateBudget } from '../../application/budget.service.js';
import { compareStoredScenarios, createScenario, getScenario, listScenarios, scenarioReport, scenarioVersions, updateScenario } from '../../application/rebalancing-scenario.service.js';
import { DomainError } from '../../core/errors.js';
import {
  budgetImportPreviewQuerySchema,
  budgetImportPreviewSchema,
  budgetImportQuerySchema,
  budgetImportReportSchema,
  budgetListSchema,
  budgetParamsSchema,
  budgetRecordSchema,
  budgetUpdateSchema,
  scenarioListSchema,
  scenarioParamsSchema,
  scenarioRecordSchema,
  scenarioReportPageSchema,
  scenarioReportQuerySchema,
  scenarioUpdateSchema,
  scenarioVersionListSchema,
  storedComparisonQuerySchema,
  storedComparisonSchema,
} from '../../core/spending/budget-api.schema.js';
import { budgetSchema, storedScenarioSchema } from '../../core/spending/budget.js';
import { armsCompaniesAnswerSchema, armsCompaniesImportOptionsSchema, armsCompaniesImportReportSchema, armsCompaniesQuerySchema, milexEntityListSchema, milexImportOptionsSchema, milexImportReportSchema, milexSeriesAnswerSchema, milexSeriesQuerySchema, milexTotalsAnswerSchema, milexTotalsQuerySchema, scenarioComparisonRequestSchema, scenarioComparisonSchema } from '../../core/spending/spending-api.schema.js';
import { readMilexFile } from '../../interchange/milex-file.js';
import { csvRowsOf, MAX_PLACE_FILE_BYTES, readPlaceText } from '../../interchange/place-file.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';
import { SITUATION_REPORT_CSP } from './reports.routes.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const recordErrors = { ...errors, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['spending'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = ['text/csv', 'application/octet-stream', 'application/gzip'];

/** The CSV sent as the body, as rows of cells, or a refusal saying how to send it. */
function csvBody(body: unknown, encoding: string | undefined): () => Promise<string[][]> {
  if (!Buffer.isBuffer(body)) throw new DomainError('validation_failed', `send the CSV file itself as the body, with content-type ${CSV_TYPES.join(', ')}`, [{ path: 'body', code: 'not_a_file', message: 'is not a file' }]);
  return async () => csvRowsOf(await readPlaceText({ bytes: body }, encoding));
}

/** `rebalancing-scenarios-2026-05-01.pdf`. */
const reportFileName = (at: Date, extension: 'html' | 'pdf') => `rebalancing-scenarios-${at.toISOString().slice(0, 10)}.${extension}`;

export function spendingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser([...CSV_TYPES, XLSX_TYPE], { parseAs: 'buffer', bodyLimit: MAX_PLACE_FILE_BYTES }, (_request, body, done) => done(null, body));

    app.post(
      '/spending/milex/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary:
            "Import a release of SIPRI's military expenditure database, the file as the body: its long table (CSV) or the workbook SIPRI publishes (.xlsx), told apart by the file's first bytes. Checked whole, one refused row or cell refuses the file (naming sheet, row and column); an accepted release replaces the one held",
          querystring: milexImportOptionsSchema,
          response: { 200: milexImportReportSchema, ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('validation_failed', `send the CSV or .xlsx file itself as the body, with content-type ${[...CSV_TYPES, XLSX_TYPE].join(', ')}`, [{ path: 'body', code: 'not_a_file', message: 'is not a file' }]);
        return importMilitaryExpenditure(ctx, actorOf(request), () => readMilexFile({ bytes: body }, request.query.encoding), request.query.release ?? 'uploaded release');
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

    // Budgets: entered whole, or imported from a CSV with a column mapping; versioned and audited.
    app.get('/spending/budgets', { schema: { tags, summary: 'The force budgets held, by name: each with its years and its total per year', response: { 200: budgetListSchema, ...errors } } }, async (request) => listBudgets(ctx, actorOf(request)));
    app.post(
      '/spending/budgets',
      { schema: { tags, summary: 'Enter a force budget: its lines in NATO categories, classed by purpose, an amount for every year; the name must be free (409)', body: budgetSchema, response: { 201: budgetRecordSchema, ...recordErrors } } },
      async (request, reply) => reply.status(201).send(await createBudget(ctx, actorOf(request), request.body)),
    );
    app.post(
      '/spending/budgets/imports',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary:
            'Import a force budget from a CSV (the body) with a column mapping (JSON in ?mapping): a row per line and year, or a column per year. Checked whole: one refused row refuses the file, naming the row and the column; the name of a budget held updates it in place (the same file again changes nothing)',
          querystring: budgetImportQuerySchema,
          response: { 200: budgetImportReportSchema, ...recordErrors },
        },
      },
      async (request) => importBudget(ctx, actorOf(request), csvBody(request.body, request.query.encoding), request.query),
    );
    app.post(
      '/spending/budgets/imports/preview',
      {
        bodyLimit: MAX_PLACE_FILE_BYTES,
        schema: {
          tags,
          summary: 'What a budget CSV gives with a mapping (or the mapping guessed from its header), storing nothing: its first rows as read, the lines, and every problem by row and column',
          querystring: budgetImportPreviewQuerySchema,
          response: { 200: budgetImportPreviewSchema, ...errors },
        },
      },
      async (request) => previewBudgetImport(actorOf(request), csvBody(request.body, request.query.encoding), request.query),
    );
    app.get(
      '/spending/budgets/:id',
      { schema: { tags, summary: 'A force budget with its balance per year by purpose class and NATO category', params: budgetParamsSchema, response: { 200: budgetRecordSchema, ...recordErrors } } },
      async (request) => getBudget(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/spending/budgets/:id',
      { schema: { tags, summary: 'Replace a budget, with the version it was read at (409 when stale or when the name is another budget’s); the changed fields are audited', params: budgetParamsSchema, body: budgetUpdateSchema, response: { 200: budgetRecordSchema, ...recordErrors } } },
      async (request) => updateBudget(ctx, actorOf(request), request.params.id, request.body),
    );

    // Scenarios kept against a budget: every save a new version, the old ones readable and comparable.
    app.get('/spending/scenarios', { schema: { tags, summary: 'The rebalancing scenarios held, by name, each with the budget it starts from', response: { 200: scenarioListSchema, ...errors } } }, async (request) => listScenarios(ctx, actorOf(request)));
    app.post(
      '/spending/scenarios',
      { schema: { tags, summary: 'Save a rebalancing scenario against a budget (its baseline is the budget’s programme in the start year): version 1, audited', body: storedScenarioSchema, response: { 201: scenarioRecordSchema, ...recordErrors } } },
      async (request, reply) => reply.status(201).send(await createScenario(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/spending/scenarios/compare',
      {
        schema: {
          tags,
          summary: 'Stored scenarios (ids=a,b or a@2 for an earlier version) projected from their budgets and compared: totals, share of GDP on the stated GDP path, class balance per year; one currency and price basis',
          querystring: storedComparisonQuerySchema,
          response: { 200: storedComparisonSchema, ...recordErrors },
        },
      },
      async (request) => compareStoredScenarios(ctx, actorOf(request), request.query),
    );
    app.get(
      '/spending/scenarios/report',
      {
        schema: {
          tags,
          summary: 'The comparison of stored scenarios as a printable report: a self-contained HTML page with its charts as inline SVG, or (format=pdf) an A4 PDF printed by headless Chromium (503 when it is not installed)',
          querystring: scenarioReportQuerySchema,
          response: { 200: scenarioReportPageSchema, ...recordErrors },
        },
      },
      async (request, reply) => {
        const report = await scenarioReport(ctx, actorOf(request), request.query);
        const at = ctx.now();
        reply.header('cache-control', 'no-store');
        if (report.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${reportFileName(at, 'pdf')}"`).send(report.body);
        return reply.type('text/html; charset=utf-8').header('content-security-policy', SITUATION_REPORT_CSP).header('content-disposition', `inline; filename="${reportFileName(at, 'html')}"`).send(report.body);
      },
    );
    app.get(
      '/spending/scenarios/:id',
      { schema: { tags, summary: 'A rebalancing scenario as held (its latest version), with its budget', params: scenarioParamsSchema, response: { 200: scenarioRecordSchema, ...recordErrors } } },
      async (request) => getScenario(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/spending/scenarios/:id',
      { schema: { tags, summary: 'Save a scenario again, with the version it was read at (409 when stale): a new version, the one before kept; the changed fields are audited', params: scenarioParamsSchema, body: scenarioUpdateSchema, response: { 200: scenarioRecordSchema, ...recordErrors } } },
      async (request) => updateScenario(ctx, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/spending/scenarios/:id/versions',
      { schema: { tags, summary: 'Every version of a scenario, newest first, each whole, with when and by whom it was saved', params: scenarioParamsSchema, response: { 200: scenarioVersionListSchema, ...recordErrors } } },
      async (request) => scenarioVersions(ctx, actorOf(request), request.params.id),
    );
  };
}
