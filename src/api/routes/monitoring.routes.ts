import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aggregateHarm, escalationAlerts, hotspots } from '../../application/analytics.service.js';
import type { AppContext } from '../../application/app-context.js';
import { ReadCache } from '../../application/read-cache.js';
import { principlesScorecardFor } from '../../application/scorecard.service.js';
import { aggregateQuerySchema, GROUP_DIMENSIONS, type AggregateResult } from '../../core/analytics/aggregation.js';
import { ESCALATION_LEVELS, ESCALATION_METRICS, escalationQuerySchema } from '../../core/analytics/escalation.js';
import { hotspotCollectionSchema, hotspotQuerySchema } from '../../core/analytics/hotspots.js';
import { PRINCIPLE_IDS, scorecardQuerySchema } from '../../core/analytics/scorecard.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const tags = ['monitoring'];

const estimate = z.object({ low: z.number(), best: z.number(), high: z.number() });
const totals = { incidents: z.number().int(), killed: estimate, injured: estimate };
const aggregateSchema = z.object({
  groups: z.array(z.object({ keys: z.partialRecord(z.enum(GROUP_DIMENSIONS), z.string().nullable()), ...totals })),
  unplaced: z.object(totals),
  coarseDates: z.number().int(),
  total: z.object(totals),
  countsOverlap: z.boolean(),
});

const escalationSchema = z.object({
  method: z.string(),
  parameters: z.object({ baselineWeeks: z.number(), guardWeeks: z.number(), alpha: z.number(), minObserved: z.object({ incidents: z.number(), deaths: z.number() }) }),
  testedWeeks: z.array(z.string()),
  alerts: z.array(
    z.object({
      key: z.string(),
      area: z.object({ level: z.enum(ESCALATION_LEVELS), code: z.string(), name: z.string().optional() }),
      weekStart: z.string(),
      metric: z.enum(ESCALATION_METRICS),
      observed: z.number(),
      expected: z.number(),
      pValue: z.number(),
      incidents: z.number().int(),
      singleEvent: z.boolean().describe('the alert rests on one incident (a deaths alert from one event with many deaths)'),
      incidentIds: z.array(z.string()),
    }),
  ),
  total: z.number().int().describe('alerts raised, listed or not (with limit, only the most extreme are listed)'),
});

const measureSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  low: z.number().optional(),
  high: z.number().optional(),
  trend: z.enum(['rising', 'falling', 'steady']).optional(),
  previous: z.number().optional(),
  unit: z.enum(['people', 'incidents', 'per_week', 'share', 'count']),
  better: z.enum(['lower', 'higher']).optional(),
  note: z.string().optional(),
});
const period = z.object({ from: z.string(), to: z.string() });
const scorecardSchema = z.object({
  period,
  previousPeriod: period,
  country: z.string().nullable(),
  mission: z.string().nullable(),
  principles: z.array(z.object({ id: z.enum(PRINCIPLE_IDS), title: z.string(), measures: z.array(measureSchema) })),
});


export function monitoringRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const aggregates = new ReadCache<AggregateResult>(ctx, 64);
  return async (app) => {
    app.get(
      '/monitoring/aggregate',
      {
        schema: {
          tags,
          summary:
            `Incidents and casualties (low/best/high) grouped by one or two of ${GROUP_DIMENSIONS.join(', ')} (violence: UCDP's type of violence); incidents too imprecise for the units are counted in unplaced, never misplaced`,
          querystring: aggregateQuerySchema,
          response: { 200: aggregateSchema, ...errors },
        },
      },
      async (request) => aggregateHarm(ctx, actorOf(request), request.query, aggregates),
    );
    app.get(
      '/monitoring/escalation',
      {
        schema: {
          tags,
          summary:
            'Escalation alerts: each area’s latest complete week(s), or every complete week from a day, of incidents and deaths tested against the area’s own baseline (negative binomial upper tail), most extreme first; an alert resting on one incident is marked singleEvent',
          querystring: escalationQuerySchema,
          response: { 200: escalationSchema, ...errors },
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
          response: { 200: scorecardSchema, ...errors },
        },
      },
      async (request) => principlesScorecardFor(ctx, actorOf(request), request.query),
    );
  };
}
