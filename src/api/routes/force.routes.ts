import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  approveForceRequest,
  decideForceRequest,
  getForceRequest,
  listForceRequests,
  previewAssessment,
  recordJudgement,
  recordOutcome,
  reviewForceRequest,
  submitForceRequest,
} from '../../application/force-request.service.js';
import { currentHead, exportLedgerSegment, ledgerEntry, verifyLedger } from '../../application/ledger.service.js';
import { currentHeadSchema, ledgerEntryParamsSchema, ledgerEntrySchema, ledgerSegmentFileSchema, ledgerSegmentQuerySchema } from '../../core/ledger/hash-chain.js';
import { ledgerVerificationSchema } from '../../core/ledger/record-links.js';
import { assessmentSchema } from '../../core/use-of-force/assessment.schema.js';
import {
  approvalSchema,
  decisionSchema,
  forceRequestListSchema,
  forceRequestParamsSchema,
  forceRequestQuerySchema,
  forceRequestViewSchema,
  judgementInputSchema,
  outcomeSchema,
  reviewSchema,
  storedSubmissionSchema,
  submissionSchema,
} from '../../core/use-of-force/force-request-view.schema.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const idParams = forceRequestParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function forceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/force/assessments',
      { schema: { tags: ['use of force'], summary: 'Assess a proposed use of force under IHL and human-security rules, without storing it (its `judgements` are hypothetical: nothing is stored or signed)', body: submissionSchema, response: { 200: assessmentSchema, ...errors } } },
      async (request) => {
        return previewAssessment(ctx, actorOf(request), request.body);
      },
    );
    app.post(
      '/force/requests',
      { schema: { tags: ['use of force'], summary: 'Submit a force request (or an emergency self-defence record): assessed at once, appended to the ledger. It carries no `judgements`: they are entered through /force/requests/{id}/judgements, signed by the signed-in user', body: storedSubmissionSchema, response: { 201: forceRequestViewSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await submitForceRequest(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/force/requests',
      { schema: { tags: ['use of force'], summary: 'Force requests, newest first, each marked `exercise` when its mission says EXERCISE; `statuses` gives a role its queue, `exercise` lists exercise or real requests apart', querystring: forceRequestQuerySchema, response: { 200: forceRequestListSchema, ...errors } } },
      async (request) => listForceRequests(ctx, actorOf(request), request.query.statuses, request.query.exercise),
    );
    app.get(
      '/force/requests/:id',
      { schema: { tags: ['use of force'], summary: 'A request with its latest assessment, its steps and its ledger entries', params: idParams, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => getForceRequest(ctx, actorOf(request), request.params.id),
    );
    app.post(
      '/force/requests/:id/judgements',
      { schema: { tags: ['use of force'], summary: 'Enter a signed human judgement; the request is assessed again', params: idParams, body: judgementInputSchema, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => recordJudgement(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/force/requests/:id/review',
      { schema: { tags: ['use of force'], summary: 'Review by the human-security advisor', params: idParams, body: reviewSchema, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => reviewForceRequest(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/force/requests/:id/decision',
      { schema: { tags: ['use of force'], summary: 'Decision by the commander, by name', params: idParams, body: decisionSchema, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => decideForceRequest(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/force/requests/:id/approval',
      { schema: { tags: ['use of force'], summary: 'Approval or rejection by the mission’s civilian authority', params: idParams, body: approvalSchema, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => approveForceRequest(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/force/requests/:id/outcome',
      { schema: { tags: ['use of force'], summary: 'What happened afterwards (deaths, arrests, linked incidents)', params: idParams, body: outcomeSchema, response: { 200: forceRequestViewSchema, ...errors } } },
      async (request) => recordOutcome(ctx, actorOf(request), request.params.id, request.body),
    );
    app.get('/ledger/verification', { schema: { tags: ['ledger'], summary: 'Verify the whole ledger: chain and signatures; the first broken entry if any', response: { 200: ledgerVerificationSchema, ...errors } } }, async (request) =>
      verifyLedger(ctx, actorOf(request)),
    );
    app.get('/ledger/head', { schema: { tags: ['ledger'], summary: 'The signed head (entry count, newest hash, time, signature): keep it to check later that the ledger was not truncated or rolled back', response: { 200: currentHeadSchema, ...errors } } }, async (request) => ({
      head: await currentHead(ctx, actorOf(request)),
    }));
    app.get(
      '/ledger/entries/:seq',
      {
        schema: {
          tags: ['ledger'],
          summary: 'One ledger entry; its payload and salt (to prove it against the digest) only if you may read the record it belongs to',
          params: ledgerEntryParamsSchema,
          response: { 200: ledgerEntrySchema, ...errors },
        },
      },
      async (request) => ledgerEntry(ctx, actorOf(request), request.params.seq),
    );
    app.get(
      '/ledger/segment',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Export a ledger segment (JSON lines with public keys) that verifies on any machine',
          querystring: ledgerSegmentQuerySchema,
          response: { 200: ledgerSegmentFileSchema, ...errors },
        },
      },
      async (request, reply) => {
        const lines = exportLedgerSegment(ctx, actorOf(request), request.query.from, request.query.to);
        const { Readable } = await import('node:stream');
        return reply.header('content-type', 'application/x-ndjson').header('content-disposition', 'attachment; filename="haven-ledger-segment.jsonl"').send(Readable.from(lines));
      },
    );
  };
}
