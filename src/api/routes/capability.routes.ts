import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { createCapability, getCapability, listCapabilities, updateCapability } from '../../application/capability.service.js';
import { capabilityListSchema, capabilityParamsSchema, capabilityRecordSchema, capabilityUpdateSchema } from '../../core/capabilities/capability-api.schema.js';
import { capabilitySchema } from '../../core/capabilities/capability.schema.js';
import { postureBalanceQuerySchema, postureBalanceSchema, postureReportPageSchema, postureReportQuerySchema } from '../../core/capabilities/posture-balance.js';
import { postureBalanceFor } from '../../application/posture-balance.service.js';
import { postureReport } from '../../application/posture-report.service.js';
import { SITUATION_REPORT_CSP } from './reports.routes.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema };
const tags = ['capabilities'];
const ASSESSED = 'each answered with its assessment against the ICRC (2021), DoD Directive 3000.09, AP I Art. 36, NATO’s principles and human-security rules';

export function capabilityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/capabilities', { schema: { tags, summary: `The capability register, by name, ${ASSESSED}`, response: { 200: capabilityListSchema, ...errors } } }, async (request) => listCapabilities(ctx, actorOf(request)));
    app.post(
      '/capabilities',
      { schema: { tags, summary: `Add a system to the register: purpose, autonomy, target types, limits, legal and senior reviews; ${ASSESSED}`, body: capabilitySchema, response: { 201: capabilityRecordSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await createCapability(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/capabilities/:id',
      { schema: { tags, summary: `A system of the register, ${ASSESSED}`, params: capabilityParamsSchema, response: { 200: capabilityRecordSchema, ...errors } } },
      async (request) => getCapability(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/capabilities/:id',
      { schema: { tags, summary: 'Replace a system’s record, with the version it was read at (409 when stale); the changed fields are audited', params: capabilityParamsSchema, body: capabilityUpdateSchema, response: { 200: capabilityRecordSchema, ...errors } } },
      async (request) => updateCapability(ctx, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/posture/balance',
      {
        schema: {
          tags,
          summary:
            'The posture review: the register’s holdings (sums of quantities) by purpose class per year, with each class’s share and the defensive share ((defensive + protective + peace operations) / every class but conversion); systems without a quantity or without service years named',
          querystring: postureBalanceQuerySchema,
          response: { 200: postureBalanceSchema, ...errors },
        },
      },
      async (request) => postureBalanceFor(ctx, actorOf(request), request.query),
    );
    app.get(
      '/posture/report',
      {
        schema: {
          tags,
          summary:
            'The posture report: the capability register with each system’s standing under human security, and the posture review (holdings, and a budget when asked, by purpose class per year), as a printable, self-contained HTML page or (format=pdf) an A4 PDF printed by headless Chromium (503 when it is not installed)',
          querystring: postureReportQuerySchema,
          response: { 200: postureReportPageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const report = await postureReport(ctx, actorOf(request), request.query);
        const day = ctx.now().toISOString().slice(0, 10);
        reply.header('cache-control', 'no-store');
        if (report.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="posture-report-${day}.pdf"`).send(report.body);
        return reply.type('text/html; charset=utf-8').header('content-security-policy', SITUATION_REPORT_CSP).header('content-disposition', `inline; filename="posture-report-${day}.html"`).send(report.body);
      },
    );
  };
}
