import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  addCaseStep,
  arrestsVersusKillings,
  getCase,
  legalQualificationCatalogue,
  listCases,
  openCase,
  recordPerpetratorEvent,
  updateCase,
} from '../../application/case.service.js';
import {
  arrestsVersusKillingsSchema,
  caseDetailSchema,
  caseFilterSchema,
  caseInputSchema,
  caseListSchema,
  caseParamsSchema,
  caseStepInputSchema,
  caseUpdateSchema,
  legalQualificationListSchema,
  periodSchema,
  perpetratorParamsSchema,
  perpetratorEventInputSchema,
} from '../../core/accountability/case.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const idParams = caseParamsSchema;
const eventParams = perpetratorParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['accountability'];

export function caseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/legal-qualifications',
      { schema: { tags, summary: 'The legal qualifications a case may consider: Rome Statute articles and human-rights treaty provisions, each marked V (checked) or M (to be checked)', response: { 200: legalQualificationListSchema, ...errors } } },
      async () => ({ items: [...legalQualificationCatalogue()] }),
    );
    app.get(
      '/cases',
      { schema: { tags, summary: 'Accountability cases, most recently changed first; filter by status, qualification category or linked incident', querystring: caseFilterSchema, response: { 200: caseListSchema, ...errors } } },
      async (request) => ({ items: await listCases(ctx, actorOf(request), request.query) }),
    );
    app.post(
      '/cases',
      { schema: { tags, summary: 'Open a case (it starts as documented)', body: caseInputSchema, response: { 201: caseDetailSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await openCase(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/cases/:id',
      { schema: { tags, summary: 'A case with its links, perpetrators and their events, qualifications and status timeline', params: idParams, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => getCase(ctx, actorOf(request), request.params.id),
    );
    app.put(
      '/cases/:id',
      { schema: { tags, summary: 'Replace a case’s details and links (names the version it is based on; 409 when stale)', params: idParams, body: caseUpdateSchema, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => updateCase(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/steps',
      { schema: { tags, summary: 'Move a case along its path, dated and sourced; 409 invalid_transition names the allowed next steps', params: idParams, body: caseStepInputSchema, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => addCaseStep(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/perpetrators/:pid/events',
      { schema: { tags, summary: 'Record what happened to an alleged perpetrator: arrested, killed, surrendered, escaped, released', params: eventParams, body: perpetratorEventInputSchema, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => recordPerpetratorEvent(ctx, actorOf(request), request.params.id, request.params.pid, request.body),
    );
    app.get(
      '/accountability/arrests-vs-killings',
      { schema: { tags, summary: 'Suspects arrested or surrendered against suspects killed, by the date it happened', querystring: periodSchema, response: { 200: arrestsVersusKillingsSchema, ...errors } } },
      async (request) => arrestsVersusKillings(ctx, actorOf(request), request.query),
    );
  };
}
