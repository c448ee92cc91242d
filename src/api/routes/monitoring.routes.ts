import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { aggregateHarm, escalationAlerts, hotspots } from '../../application/analytics.service.js';
import type { AppContext } from '../../application/app-context.js';
import { ReadCache } from '../../application/read-cache.js';
import { principlesScorecardFor } from '../../application/scorecard.service.js';
import { aggregateQuerySchema, aggregateResultSchema, GROUP_DIMENSIONS, type AggregateResult } from '../../core/analytics/aggregation.js';
import { escalationQuerySchema, escalationResultSchema } from '../../core/analytics/escalation.js';
import { hotspotCollectionSchema, hotspotQuerySchema } from '../../core/analytics/hotspots.js';
import { scorecardQuerySchema, scorecardResultSchema } from '../../core/analytics/scorecard.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';
import { sendSerializedOnce } from '../serialized-answer.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const tags = ['monitoring'];

export function monitoringRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const aggregates = new ReadCache<AggregateResult>(ctx, 64);
  const sendAggregate = sendSerializedOnce(aggregateResultSchema);
  return async (app) => {
    app.get(
      '/monitoring/aggregate',
      {
        schema: {
          tags,
          summary:
            `Incidents and casualties (low/best/high) grouped by one or two of ${GROUP_DIMENSIONS.join(', ')} (violence: UCDP's type of violence); incidents too imprecise for the units are counted in unplaced, never misplaced`,
          querystring: aggregateQuerySchema,
          response: { 200: aggregateResultSchema, ...errors },
        },
      },
      async (request, reply) => sendAggregate(reply, await aggregateHarm(ctx, actorOf(request), request.query, aggregates)),
    );
    app.get(
      '/monitoring/escalation',
      {
        schema: {
          tags,
          summary:
            'Escalation alerts: each area’s latest complete week(s), or every complete week from a day, of incidents and deaths tested against the area’s own baseline (negative binomial upper tail), most extreme first; an alert resting on one incident is marked singleEvent',
          querystring: escalationQuerySchema,
          response: { 200: escalationResultSchema, ...errors },
        },
      },
      async (request) => escalationAlerts(ctx, actorOf(request), request.query),
    );
    app.get(
      '/monitoring/hotspots',
      {
        schema: {
          tags,
          summary:
            'Hotspots: H3 hexagons with their incident count, metric value, Getis–Ord Gi* z-score, p-value and class (hot99 … cold99), as a GeoJSON FeatureCollection of polygons; a cell without incidents is context (context: true, class none), listed after the cells with incidents',
          querystring: hotspotQuerySchema,
          response: { 200: hotspotCollectionSchema, ...errors },
        },
      },
      async (request) => hotspots(ctx, actorOf(request), request.query),
    );
    app.get(
      '/monitoring/scorecard',
      {
        schema: {
          tags,
          summary: 'The principles scorecard for an area and period: loss of life, stability, defensive posture, civilian control and law-based security; missing inputs are null (no data)',
          querystring: scorecardQuerySchema,
          response: { 200: scorecardResultSchema, ...errors },
        },
      },
      async (request) => principlesScorecardFor(ctx, actorOf(request), request.query),
    );
  };
}
