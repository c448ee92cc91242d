import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { ceasefireViolationSummaries, detectionGroups, getDetection, listDetections, reviewDetection, reviewDetections, runDetections } from '../../application/detection.service.js';
import { detectionBulkReviewResultSchema, detectionBulkReviewSchema, detectionGroupPageSchema, detectionGroupQuerySchema } from '../../core/detection/detection-review.js';
import { ceasefireViolationListSchema, ceasefireViolationsQuerySchema } from '../../core/detection/ceasefire.js';
import { detectionDecisionSchema, detectionFilterSchema, detectionPageSchema, detectionParamsSchema, detectionRunReportSchema, detectionRunSchema, detectionSchema } from '../../core/detection/detection.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const idParams = detectionParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['monitoring'];

export function detectionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/detections',
      {
        schema: {
          tags,
          summary: 'Detections (attacks near protected sites, incidents in corridors and safe havens, ceasefire violations, escalations), latest incidents first',
          querystring: detectionFilterSchema,
          response: { 200: detectionPageSchema, ...errors },
        },
      },
      async (request) => listDetections(ctx, actorOf(request), request.query),
    );
    app.get(
      '/detections/groups',
      {
        schema: {
          tags,
          summary: 'The detections the filter matches grouped by site or by incident, with counts per status; the largest open count first',
          querystring: detectionGroupQuerySchema,
          response: { 200: detectionGroupPageSchema, ...errors },
        },
      },
      async (request) => detectionGroups(ctx, actorOf(request), request.query),
    );
    app.post(
      '/detections/review',
      {
        schema: {
          tags,
          summary: 'Confirm or dismiss many detections (by id, or those a filter matches; at most 1,000) with one reason, all or nothing; those already decided are skipped',
          body: detectionBulkReviewSchema,
          response: { 200: detectionBulkReviewResultSchema, ...errors },
        },
      },
      async (request) => reviewDetections(ctx, actorOf(request), request.body),
    );
    app.get(
      '/detections/ceasefire-violations',
      {
        schema: {
          tags,
          summary: 'Ceasefire violations per agreement, party, commitment and month, and who broke each agreement first (dismissed and lapsed detections left out)',
          querystring: ceasefireViolationsQuerySchema,
          response: { 200: ceasefireViolationListSchema, ...errors },
        },
      },
      async (request) => ({ items: await ceasefireViolationSummaries(ctx, actorOf(request), request.query) }),
    );
    app.post(
      '/detections/runs',
      {
        schema: {
          tags,
          summary: 'Run detection over the incidents whose dates overlap [from, to] (all of them without a period); idempotent, keeps reviews, returns the counts',
          body: detectionRunSchema.optional(),
          response: { 200: detectionRunReportSchema, ...errors },
        },
      },
      async (request) => runDetections(ctx, actorOf(request), request.body ?? {}),
    );
    app.get(
      '/detections/:id',
      { schema: { tags, summary: 'One detection with its incidents (those the reader may see)', params: idParams, response: { 200: detectionSchema, ...errors } } },
      async (request) => getDetection(ctx, actorOf(request), request.params.id),
    );
    app.post(
      '/detections/:id/review',
      {
        schema: {
          tags,
          summary: 'Confirm or dismiss a detection, saying why; a later run keeps the decision',
          params: idParams,
          body: detectionDecisionSchema,
          response: { 200: detectionSchema, ...errors },
        },
      },
      async (request) => reviewDetection(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
