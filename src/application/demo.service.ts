import { EXERCISE_FORCE_REQUESTS } from '../demo/exercise-force-requests.js';
import { EXERCISE_DATASET, generateExerciseScenario } from '../demo/exercise-scenario.js';
import type { Actor, AppContext } from './app-context.js';
import { submitForceRequest } from './force-request.service.js';
import { emptyImportReport, importIncidentBatch, mergeImportReports, type ImportReport } from './import.service.js';

/**
 * Load the exercise scenario (fictional actors on real terrain, every record marked as exercise data) through the
 * same import path as real data, so it is idempotent: loading it twice changes nothing.
 */
export async function loadExerciseScenario(
  ctx: AppContext,
  actor: Actor,
  options: { seed?: number; incidents?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const scenario = generateExerciseScenario({
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.incidents !== undefined && { incidents: options.incidents }),
  });
  let report = emptyImportReport();
  const batchSize = 500;
  for (let start = 0; start < scenario.length; start += batchSize) {
    const rows = scenario.slice(start, start + batchSize).map((input, i) => ({ rowNumber: start + i + 1, input }));
    report = mergeImportReports(report, await importIncidentBatch(ctx, actor, rows, { strict: true }));
    options.onProgress?.(Math.min(start + batchSize, scenario.length), scenario.length);
  }
  return report;
}

/**
 * The exercise's proposed uses of force, submitted once (into a database with no force request yet) so the queue and
 * the assessments have something to show; returns how many were submitted.
 */
export async function loadExerciseForceRequests(ctx: AppContext, actor: Actor): Promise<number> {
  if ((await ctx.store.forceRequests.list(ctx.store.connection.db, { limit: 1 })).length > 0) return 0;
  for (const request of EXERCISE_FORCE_REQUESTS) await submitForceRequest(ctx, actor, { request });
  return EXERCISE_FORCE_REQUESTS.length;
}

export { EXERCISE_DATASET };
