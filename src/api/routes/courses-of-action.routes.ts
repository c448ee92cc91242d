import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  chooseCourseOfAction,
  comparePlanningSituation,
  createPlanningSituation,
  getPlanningSituation,
  listPlanningSituations,
  planningReport,
  updatePlanningSituation,
  withdrawPlanningSituation,
} from '../../application/course-of-action.service.js';
import { fileAnswerSchema } from '../../core/api-contract.schema.js';
import {
  planningChoiceInputSchema,
  planningComparisonSchema,
  planningDraftSchema,
  planningListQuerySchema,
  planningParamsSchema,
  planningReportQuerySchema,
  planningSituationListSchema,
  planningSituationRecordSchema,
  planningUpdateSchema,
  planningWithdrawalSchema,
} from '../../core/courses-of-action/coa-api.schema.js';
import { COA_REPORT_CSS } from '../../reporting/coa-report.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['courses of action'];

/** The report page allows nothing but its own stylesheet, by its hash (as the situation report). */
export const COA_REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(COA_REPORT_CSS).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const reportPageSchema = fileAnswerSchema(['text/html', 'application/pdf'], 'the comparison as a printable, self-contained HTML page (format=html) or an A4 PDF (format=pdf)');

export function coursesOfActionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/planning-situations',
      { schema: { tags, summary: 'Planning situations, newest first, each with its courses of action and the choice once made; `exercise` keeps real and exercise planning apart', querystring: planningListQuerySchema, response: { 200: planningSituationListSchema, ...errors } } },
      async (request) => listPlanningSituations(ctx, actorOf(request), request.query),
    );
    app.post(
      '/planning-situations',
      { schema: { tags, summary: 'Save a planning situation (area, period, mandate, exercise flag) with its courses of action: a draft, version 1, audited', body: planningDraftSchema, response: { 201: planningSituationRecordSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createPlanningSituation(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/planning-situations/:id',
      { schema: { tags, summary: 'A planning situation as held, with its courses of action and the choice once made', params: planningParamsSchema, response: { 200: planningSituationRecordSchema, ...errors } } },
      async (request) => getPlanningSituation(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/planning-situations/:id',
      { schema: { tags, summary: 'Save the whole plan again, with the version it was read at (409 when stale); refused once a course is chosen or the situation withdrawn', params: planningParamsSchema, body: planningUpdateSchema, response: { 200: planningSituationRecordSchema, ...errors } } },
      async (request) => updatePlanningSituation(ctx, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/planning-situations/:id/comparison',
      {
        schema: {
          tags,
          summary:
            'The courses of action compared (never stored): verdicts under both regimes with divergence, casualties of every group with intervals, protected places touched, the escalation estimate or not enough data, the principles projected — from the register as the reader may see it',
          params: planningParamsSchema,
          response: { 200: planningComparisonSchema, ...errors },
        },
      },
      async (request) => comparePlanningSituation(ctx, actorOf(request), request.params.id),
    );
    app.post(
      '/planning-situations/:id/choice',
      {
        schema: {
          tags,
          summary:
            "The commander's choice of a course of action, with reasons, on the version compared: sealed in the ledger ('coa.choice') with every course's figures; the chosen course's force actions become force requests awaiting review. One transaction.",
          params: planningParamsSchema,
          body: planningChoiceInputSchema,
          response: { 200: planningSituationRecordSchema, ...errors },
        },
      },
      async (request) => chooseCourseOfAction(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/planning-situations/:id/withdrawal',
      { schema: { tags, summary: 'Withdraw a planning situation that is no longer planned, with the reason (audited)', params: planningParamsSchema, body: planningWithdrawalSchema, response: { 200: planningSituationRecordSchema, ...errors } } },
      async (request) => withdrawPlanningSituation(ctx, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/planning-situations/:id/comparison/report',
      {
        schema: {
          tags,
          summary: 'The comparison as a printable report: a self-contained HTML page with its charts and map as inline SVG, or (format=pdf) an A4 PDF printed by headless Chromium (503 when it is not installed). Marked EXERCISE when it is one.',
          params: planningParamsSchema,
          querystring: planningReportQuerySchema,
          response: { 200: reportPageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const report = await planningReport(ctx, actorOf(request), request.params.id, request.query);
        reply.header('cache-control', 'no-store');
        if (report.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${report.name}.pdf"`).send(report.body);
        return reply.type('text/html; charset=utf-8').header('content-security-policy', COA_REPORT_CSP).header('content-disposition', `inline; filename="${report.name}.html"`).send(report.body);
      },
    );
  };
}
