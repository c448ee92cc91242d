import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  changeExerciseClock,
  exerciseReview,
  exerciseReviewReport,
  getExerciseStatus,
  listExercises,
  listExerciseScripts,
  recordExerciseAction,
  recordExerciseOutcome,
  releaseNextInject,
  startExercise,
} from '../../application/exercise.service.js';
import { fileAnswerSchema } from '../../core/api-contract.schema.js';
import {
  exerciseActionInputSchema,
  exerciseClockInputSchema,
  exerciseEntryAnswerSchema,
  exerciseListSchema,
  exerciseOutcomeInputSchema,
  exerciseParamsSchema,
  exerciseReviewSchema,
  exerciseScriptListSchema,
  exerciseStartSchema,
  exerciseStatusSchema,
} from '../../core/exercises/exercise-api.schema.js';
import { EXERCISE_REPORT_CSS } from '../../reporting/exercise-review-report.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['exercises'];

/** The review page allows nothing but its own stylesheet, by its hash (as the comparison report). */
export const EXERCISE_REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(EXERCISE_REPORT_CSS).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const reviewPageSchema = fileAnswerSchema('text/html', 'the after-action review of the current run as a printable, self-contained HTML page, marked EXERCISE');
const reviewPdfSchema = fileAnswerSchema('application/pdf', 'the after-action review of the current run as an A4 PDF, marked EXERCISE on every page');

export function exerciseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/exercise-scripts',
      { schema: { tags, summary: 'The exercise scripts Haven ships: title, learning objectives, roles needed, duration and number of injects', response: { 200: exerciseScriptListSchema, ...errors } } },
      async () => listExerciseScripts(),
    );
    app.post(
      '/exercises',
      { schema: { tags, summary: 'Start an exercise from a shipped script (the facilitator): run 1, clock not started, speed 1; audited', body: exerciseStartSchema, response: { 201: exerciseStatusSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await startExercise(ctx, actorOf(request), request.body)),
    );
    app.get(
      '/exercises',
      { schema: { tags, summary: 'Exercises, newest first, with their run, clock status and exercise minute', response: { 200: exerciseListSchema, ...errors } } },
      async (request) => listExercises(ctx, actorOf(request)),
    );
    app.get(
      '/exercises/:id',
      {
        schema: {
          tags,
          summary:
            'An exercise’s status and the current run’s feed of released injects, after releasing the injects now due (once per run). The facilitator’s answer also holds the facilitator’s notes and the next inject; a player’s does not.',
          params: exerciseParamsSchema,
          response: { 200: exerciseStatusSchema, ...errors },
        },
      },
      async (request) => getExerciseStatus(ctx, actorOf(request), request.params.id),
    );
    app.post(
      '/exercises/:id/clock',
      {
        schema: {
          tags,
          summary: 'The facilitator’s clock: start, pause, resume, speed (1 to 60, from now on) or rewind (a new run: earlier runs’ records are kept, out of the feed and the review); audited',
          params: exerciseParamsSchema,
          body: exerciseClockInputSchema,
          response: { 200: exerciseStatusSchema, ...errors },
        },
      },
      async (request) => changeExerciseClock(ctx, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/exercises/:id/release-next',
      { schema: { tags, summary: 'The facilitator jumps the clock to the next inject of the run and releases it (a run not started starts); audited', params: exerciseParamsSchema, response: { 200: exerciseStatusSchema, ...errors } } },
      async (request) => releaseNextInject(ctx, actorOf(request), request.params.id),
    );
    app.post(
      '/exercises/:id/actions',
      {
        schema: {
          tags,
          summary: 'A player records an action the workflow does not hold (verification, investigation, report, reply, movement), in their role, at the current exercise minute; audited',
          params: exerciseParamsSchema,
          body: exerciseActionInputSchema,
          response: { 201: exerciseEntryAnswerSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await recordExerciseAction(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/exercises/:id/outcomes',
      {
        schema: {
          tags,
          summary: 'What came of a force request of the current run: the method, whether a warning was given, arrests, and everyone killed (opponents null when not counted); audited',
          params: exerciseParamsSchema,
          body: exerciseOutcomeInputSchema,
          response: { 201: exerciseEntryAnswerSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await recordExerciseOutcome(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/exercises/:id/review',
      {
        schema: {
          tags,
          summary: 'The after-action review of the current run: timeline, decisions with advice and the engine’s verdicts, response times, the scorecard over the run, and the departures from the human-security principles',
          params: exerciseParamsSchema,
          response: { 200: exerciseReviewSchema, ...errors },
        },
      },
      async (request) => exerciseReview(ctx, actorOf(request), request.params.id),
    );
    app.get(
      '/exercises/:id/review.html',
      { schema: { tags, summary: 'The after-action review as a printable page marked EXERCISE (the export is audited)', params: exerciseParamsSchema, response: { 200: reviewPageSchema, ...errors } } },
      async (request, reply) => {
        const report = await exerciseReviewReport(ctx, actorOf(request), request.params.id, { format: 'html' });
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', EXERCISE_REPORT_CSP).header('content-disposition', `inline; filename="${report.name}.html"`).send(report.body);
      },
    );
    app.get(
      '/exercises/:id/review.pdf',
      { schema: { tags, summary: 'The after-action review as an A4 PDF printed by headless Chromium (503 when it is not installed; the export is audited)', params: exerciseParamsSchema, response: { 200: reviewPdfSchema, ...errors } } },
      async (request, reply) => {
        const report = await exerciseReviewReport(ctx, actorOf(request), request.params.id, { format: 'pdf' });
        return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${report.name}.pdf"`).send(report.body);
      },
    );
  };
}
