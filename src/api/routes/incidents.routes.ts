import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditTrailSchema } from '../../core/audit-log-entry.js';
import type { AppContext } from '../../application/app-context.js';
import type { ClusterService } from '../../application/cluster.service.js';
import { ReadCache } from '../../application/read-cache.js';
import {
  changeVerificationStatus,
  getIncident,
  incidentAuditTrail,
  listIncidents,
  recordIncidentOnce,
  summariseIncidents,
  type IncidentPage,
  type IncidentSummary,
  updateIncident,
} from '../../application/incident.service.js';
import { clusterCollectionSchema, clusterQuerySchema, incidentFilterSchema, incidentListQuerySchema } from '../../core/incident-filter.schema.js';
import {
  incidentDetailSchema,
  incidentCreateSchema,
  incidentPageSchema,
  incidentParamsSchema,
  incidentSummarySchema,
  incidentUpdateResultSchema,
  incidentUpdateSchema,
  verificationChangeSchema,
} from '../../core/incident.schema.js';
import { conflictListSchema, conflictParamsSchema, conflictQuerySchema, conflictResolutionInputSchema } from '../../core/incident-conflict.schema.js';
import { listConflicts, resolveConflict } from '../../application/incident-merge.service.js';
import { errorBodySchema } from '../error-handler.js';
import { sendSerializedOnce } from '../serialized-answer.js';
import { actorOf } from '../session-auth.js';

const idParams = incidentParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };


export function incidentRoutes(ctx: AppContext, clusters: ClusterService): FastifyPluginAsyncZod {
  const summaries = new ReadCache<IncidentSummary>(ctx, 64);
  const pages = new ReadCache<IncidentPage>(ctx, 64);
  const sendPage = sendSerializedOnce(incidentPageSchema);
  const sendSummary = sendSerializedOnce(incidentSummarySchema);
  return async (app) => {
    app.get(
      '/incidents',
      {
        schema: {
          tags: ['incidents'],
          summary: 'List incidents, newest first, with cursor pagination',
          querystring: incidentListQuerySchema,
          response: { 200: incidentPageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { limit, cursor, ...filter } = request.query;
        return sendPage(reply, await listIncidents(ctx, actorOf(request), filter, { limit, cursor }, pages));
      },
    );

    app.get(
      '/incidents/summary',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Count the incidents a filter matches and the people killed in them (best estimate)',
          querystring: incidentFilterSchema,
          response: { 200: incidentSummarySchema, ...errors },
        },
      },
      async (request, reply) => sendSummary(reply, await summariseIncidents(ctx, actorOf(request), request.query, summaries)),
    );

    app.get(
      '/incidents/clusters',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Clusters of the filtered incidents for one map zoom and viewport (GeoJSON)',
          querystring: clusterQuerySchema,
          response: { 200: clusterCollectionSchema, ...errors },
        },
      },
      async (request) => clusters.clusters(actorOf(request), request.query, request.query),
    );

    app.post(
      '/incidents',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Record an incident; an `id` (UUID) chosen by the client makes a resend answer 200 with the incident already recorded instead of recording it twice',
          body: incidentCreateSchema,
          response: { 200: incidentDetailSchema, 201: incidentDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { incident, created } = await recordIncidentOnce(ctx, actorOf(request), request.body);
        return reply.status(created ? 201 : 200).send(incident);
      },
    );

    app.get(
      '/incidents/:id',
      { schema: { tags: ['incidents'], summary: 'One incident with its sources and verification history', params: idParams, response: { 200: incidentDetailSchema, ...errors } } },
      async (request) => getIncident(ctx, actorOf(request), request.params.id),
    );

    app.put(
      '/incidents/:id',
      {
        schema: {
          tags: ['incidents'],
          summary:
            'Replace an incident. `expectedVersion` names the version the edit is based on: an older one is merged field by field with what was saved since — fields changed on both sides are kept as held and flagged as conflicts (`merge` says which); never a silent overwrite',
          params: idParams,
          body: incidentUpdateSchema,
          response: { 200: incidentUpdateResultSchema, ...errors },
        },
      },
      async (request) => updateIncident(ctx, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/incidents/conflicts',
      {
        schema: {
          tags: ['incidents'],
          summary: 'The conflicts queue: fields changed on both sides, across the register, newest first (sensitive values withheld without clearance)',
          querystring: conflictQuerySchema,
          response: { 200: conflictListSchema, ...errors },
        },
      },
      async (request) => listConflicts(ctx, actorOf(request), request.query),
    );

    app.post(
      '/incidents/:id/conflicts/:conflictId/resolve',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Resolve a conflict: keep the held value, take the proposed one, or enter a value',
          params: conflictParamsSchema,
          body: conflictResolutionInputSchema,
          response: { 200: incidentDetailSchema, ...errors },
        },
      },
      async (request) => resolveConflict(ctx, actorOf(request), request.params.id, request.params.conflictId, request.body),
    );

    app.post(
      '/incidents/:id/verification',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Move the incident along the verification workflow, with a reason',
          params: idParams,
          body: verificationChangeSchema,
          response: { 200: incidentDetailSchema, ...errors },
        },
      },
      async (request) => changeVerificationStatus(ctx, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/incidents/:id/audit',
      { schema: { tags: ['incidents'], summary: 'Who changed what, and when', params: idParams, response: { 200: auditTrailSchema, ...errors } } },
      async (request) => incidentAuditTrail(ctx, actorOf(request), request.params.id),
    );
  };
}
