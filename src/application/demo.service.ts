import { EXERCISE_FORCE_REQUESTS } from '../demo/exercise-force-requests.js';
import { exerciseAgreement, exerciseSites, exerciseZones } from '../demo/exercise-places.js';
import { EXERCISE_DATASET, generateExerciseScenario } from '../demo/exercise-scenario.js';
import { createAgreement } from './agreement.service.js';
import type { Actor, AppContext } from './app-context.js';
import { createUserAsOperator, oneTimePassword } from './auth.service.js';
import { ROLES, type Role } from '../core/access-control.js';
import { createSite } from './site.service.js';
import { createZone } from './zone.service.js';
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

export interface ExercisePlacesReport {
  sites: number;
  zones: number;
  agreements: number;
}

/**
 * The exercise's protected sites, corridors, safe haven, area of operations and truce, created once (a database that
 * already has them is left alone). Loaded before the incidents, so detection runs on them as they are imported.
 */
export async function loadExercisePlaces(ctx: AppContext, actor: Actor): Promise<ExercisePlacesReport> {
  const { db } = ctx.store.connection;
  const report: ExercisePlacesReport = { sites: 0, zones: 0, agreements: 0 };
  const sites = exerciseSites();
  const existingSites = await ctx.store.sites.findByOrigin(db, EXERCISE_DATASET, sites.map((s) => s.source.externalId ?? ''));
  for (const site of sites) {
    if (existingSites.has(site.source.externalId ?? '')) continue;
    await createSite(ctx, actor, site);
    report.sites++;
  }
  const zones = exerciseZones();
  const existingZones = await ctx.store.zones.findByOrigin(db, EXERCISE_DATASET, Object.values(zones).map((z) => z.source.externalId ?? ''));
  const zoneIds = new Map<string, string>();
  for (const [key, zone] of Object.entries(zones)) {
    const existing = existingZones.get(zone.source.externalId ?? '');
    if (existing) {
      zoneIds.set(key, existing.id);
      continue;
    }
    zoneIds.set(key, (await createZone(ctx, actor, { type: 'Feature', geometry: zone.geometry, properties: { ...zone, geometry: undefined } })).id);
    report.zones++;
  }
  const agreement = exerciseAgreement();
  const agreements = await ctx.store.agreements.list(db, {});
  if (!agreements.some((a) => a.source.dataset === EXERCISE_DATASET && a.source.externalId === agreement.source.externalId)) {
    await createAgreement(ctx, actor, agreement);
    report.agreements++;
  }
  return report;
}

export { EXERCISE_DATASET };

/** A demo team member, with the password printed once (absent when the user was already there). */
export interface DemoTeamMember {
  username: string;
  role: Role;
  password?: string;
}

/**
 * One user per role besides the administrator, so every workflow of the exercise can be tried (an advisor reviews, a
 * commander decides, a civilian authority approves, an investigator opens a case). Their passwords are random and
 * printed once; users already there are left alone.
 */
export async function createDemoTeam(ctx: AppContext): Promise<DemoTeamMember[]> {
  const team: DemoTeamMember[] = [];
  for (const role of ROLES.filter((r) => r !== 'administrator')) {
    const username = `demo-${role.replaceAll('_', '-')}`;
    if (await ctx.store.users.findByUsername(ctx.store.connection.db, username)) {
      team.push({ username, role });
      continue;
    }
    const password = oneTimePassword();
    const displayName = `Demo ${role.replaceAll('_', ' ')}`;
    await createUserAsOperator(ctx, { username, displayName, role, password });
    team.push({ username, role, password });
  }
  return team;
}
