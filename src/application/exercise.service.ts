import { principalMay, type Role } from '../core/access-control.js';
import { stampConsent } from '../core/consent.js';
import { DomainError, notFound } from '../core/errors.js';
import {
  afterActionReview,
  type ExerciseRunRecord,
  type RecordedAction,
  type RecordedForceRequest,
  type RecordedOutcome,
} from '../core/exercises/after-action-review.js';
import {
  exerciseActionInputSchema,
  exerciseClockInputSchema,
  exerciseOutcomeInputSchema,
  exerciseReportQuerySchema,
  exerciseStartSchema,
  type ExerciseList,
  type ExerciseReview,
  type ExerciseScriptList,
  type ExerciseStatus,
} from '../core/exercises/exercise-api.schema.js';
import {
  applyClockCommand,
  exerciseElapsedMsAt,
  exerciseMinuteAtWall,
  exerciseTimeAt,
  injectsDue,
  jumpClockTo,
  newExerciseClock,
  type ExerciseClockState,
} from '../core/exercises/exercise-clock.js';
import { injectsInOrder, parseExerciseScript, type ExerciseRole, type ExerciseScript, type Inject } from '../core/exercises/exercise-script.schema.js';
import { SHIPPED_EXERCISE_SCRIPTS } from '../core/exercises/scripts/index.js';
import { incidentCreateSchema } from '../core/incident.schema.js';
import type { Assessment } from '../core/use-of-force/assessment.js';
import type { Approval, Decision, ReviewPosition } from '../core/use-of-force/request-workflow.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { renderExerciseReviewReport } from '../reporting/exercise-review-report.js';
import type { Db } from '../store/database.js';
import type { StoredExercise, StoredExerciseRecord, StoredRelease } from '../store/exercise.repository.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { storeForceRequest } from './force-request.service.js';
import { insertNewIncident } from './incident.service.js';
import { parseInput } from './validation.js';

/**
 * Exercises played from the shipped scripts (docs/exercises.md). The facilitator (exercise:run) starts one and drives
 * its clock; due injects are released whenever anyone reads the exercise (and on the facilitator's commands), once per
 * run: an incident inject is recorded through the incident register, a force request inject is submitted to the normal
 * force workflow, in the facilitator's name, and both are linked to the run and inject. Players act through the normal
 * routes, and record here what the workflow does not hold (an action, the outcome of a force request). The review
 * gathers the current run's records, turns wall times into exercise minutes over the clock's changes, and hands them
 * to the pure after-action review.
 */

const ENTITY = 'exercise';

let parsedScripts: ReadonlyMap<string, ExerciseScript> | undefined;
/** The shipped scripts, parsed once (each passes parseExerciseScript: a test holds them to it). */
function shippedScripts(): ReadonlyMap<string, ExerciseScript> {
  parsedScripts ??= new Map(SHIPPED_EXERCISE_SCRIPTS.map((input) => parseExerciseScript(input)).map((s) => [s.id, s]));
  return parsedScripts;
}

function scriptOf(exercise: StoredExercise): ExerciseScript {
  const script = shippedScripts().get(exercise.scriptId);
  if (!script) throw new DomainError('conflict', `exercise ${exercise.id} plays script ${exercise.scriptId}, which this version of Haven no longer ships`);
  return script;
}

/** The part each Haven role plays in an exercise; the others (viewer, auditor, administrator) watch or facilitate. */
const EXERCISE_ROLE_OF: Partial<Record<Role, ExerciseRole>> = {
  human_security_advisor: 'advisor',
  commander: 'commander',
  civilian_authority: 'civilian_authority',
  analyst: 'analyst',
  investigator: 'investigator',
};

function playerRole(actor: Actor): ExerciseRole {
  const role = EXERCISE_ROLE_OF[actor.role];
  if (!role) throw new DomainError('forbidden', `the ${actor.role} role takes no part in play: players are the advisor, commander, civilian authority, analyst and investigator`);
  return role;
}

/** The facilitator who started the exercise: released injects are recorded and submitted in their name. */
const facilitatorOf = (exercise: StoredExercise): Actor => ({ id: exercise.createdBy.id, username: exercise.createdBy.name, role: exercise.createdBy.role as Role });

async function load(ctx: AppContext, db: Db, id: string): Promise<StoredExercise> {
  const exercise = await ctx.store.exercises.find(db, id);
  if (!exercise) throw notFound('exercise', id);
  return exercise;
}

const invalid = (path: string, message: string) => new DomainError('validation_failed', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

export function listExerciseScripts(): ExerciseScriptList {
  return {
    scripts: [...shippedScripts().values()].map((s) => ({
      id: s.id,
      title: s.title,
      learningObjectives: s.learningObjectives,
      rolesNeeded: s.rolesNeeded,
      durationMinutes: s.durationMinutes,
      injectCount: s.injects.length,
    })),
  };
}

/** The facilitator starts an exercise from a shipped script: run 1, not started, at speed 1. Audited. */
export async function startExercise(ctx: AppContext, actor: Actor, input: unknown): Promise<ExerciseStatus> {
  requirePermission(actor, 'exercise:run');
  const { scriptId } = parseInput(exerciseStartSchema, input, 'exercise');
  const script = shippedScripts().get(scriptId);
  if (!script) throw invalid('scriptId', `no shipped exercise script has the id ${scriptId}; GET /exercise-scripts lists them`);
  const id = ctx.newId();
  const now = ctx.now();
  const at = now.toISOString();
  // The creation is the run's first change, dated, so times before the start map to minute 0.
  const clock: ExerciseClockState = { ...newExerciseClock(), changedAtWallMs: now.getTime() };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.exercises.insert(trx, { id, scriptId, title: script.title, clock, version: 1, createdBy: { id: actor.id, name: actor.username, role: actor.role }, createdAt: at, updatedAt: at });
    await ctx.store.exercises.addClockChange(trx, id, { seq: 1, action: 'create', state: clock, byUser: actor.id, at });
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'exercise.start', entityType: ENTITY, entityId: id, changes: { scriptId: { before: null, after: scriptId }, title: script.title } });
  });
  return statusFor(ctx, actor, id);
}

export async function listExercises(ctx: AppContext, _actor: Actor): Promise<ExerciseList> {
  const wallMs = ctx.now().getTime();
  const exercises = await ctx.store.exercises.list(ctx.store.connection.db, 200);
  return {
    exercises: exercises.map((e) => ({ id: e.id, scriptId: e.scriptId, title: e.title, run: e.clock.run, status: e.clock.status, exerciseMinute: exerciseTimeAt(e.clock, wallMs) })),
  };
}

/** An exercise's status and feed, after releasing what is due: the facilitator's with notes and the next inject. */
export async function getExerciseStatus(ctx: AppContext, actor: Actor, id: string): Promise<ExerciseStatus> {
  await releaseDueInjects(ctx, actor, id);
  return statusFor(ctx, actor, id);
}

/** Saves a change of the clock with its row in the clock's history and an audit entry, inside the caller's transaction. */
async function saveClock(ctx: AppContext, trx: Db, actor: Actor, exercise: StoredExercise, action: string, clock: ExerciseClockState, at: string): Promise<void> {
  if (!(await ctx.store.exercises.updateClock(trx, exercise.id, exercise.version, clock, at))) {
    throw new DomainError('conflict', 'the exercise clock changed at the same moment; read the status and try again');
  }
  const seq = (await ctx.store.exercises.clockChanges(trx, exercise.id)).length + 1;
  await ctx.store.exercises.addClockChange(trx, exercise.id, { seq, action, state: clock, byUser: actor.id, at });
  await ctx.store.audit.append(trx, { at, userId: actor.id, action: `exercise.clock.${action}`, entityType: ENTITY, entityId: exercise.id, changes: { clock: { before: { ...exercise.clock }, after: { ...clock } } } });
}

/**
 * The facilitator's clock commands: start, pause, resume, speed (1 to 60) and rewind (a new run; the earlier runs'
 * records are kept but leave the feed and the review). What was due before the change is released first.
 */
export async function changeExerciseClock(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ExerciseStatus> {
  requirePermission(actor, 'exercise:run');
  const command = parseInput(exerciseClockInputSchema, input, 'clock command');
  await releaseDueInjects(ctx, actor, id);
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const exercise = await load(ctx, trx, id);
    const now = ctx.now();
    await saveClock(ctx, trx, actor, exercise, command.action, applyClockCommand(exercise.clock, command, now.getTime()), now.toISOString());
  });
  return getExerciseStatus(ctx, actor, id);
}

/**
 * The facilitator jumps the clock to the next inject of the run and releases it (and any other of that minute): to
 * play fast. A run not yet started starts; a paused clock stays paused.
 */
export async function releaseNextInject(ctx: AppContext, actor: Actor, id: string): Promise<ExerciseStatus> {
  requirePermission(actor, 'exercise:run');
  await releaseDueInjects(ctx, actor, id);
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const exercise = await load(ctx, trx, id);
    const script = scriptOf(exercise);
    const released = new Set((await ctx.store.exercises.releases(trx, id)).filter((r) => r.run === exercise.clock.run).map((r) => r.injectId));
    const next = injectsInOrder(script).find((i) => !released.has(i.id));
    if (!next) throw new DomainError('invalid_transition', `every inject of run ${exercise.clock.run} has been released; rewind for a new run`);
    const now = ctx.now();
    const wallMs = now.getTime();
    const clock = jumpClockTo(exercise.clock, Math.max(next.atMinute * 60_000, exerciseElapsedMsAt(exercise.clock, wallMs)), wallMs);
    await saveClock(ctx, trx, actor, exercise, 'jump', clock, now.toISOString());
  });
  return getExerciseStatus(ctx, actor, id);
}

/**
 * Releases the injects due now and not yet released in the run, in order, in one transaction that holds the exercise's
 * row: two readers at once release them one after the other, so the second finds nothing left to release. Idempotent;
 * the release's key (exercise, run, inject) would refuse a second release of an inject anyway.
 */
export async function releaseDueInjects(ctx: AppContext, actor: Actor, id: string): Promise<number> {
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.exercises.lock(trx, id);
    const exercise = await load(ctx, trx, id);
    const script = scriptOf(exercise);
    const wallMs = ctx.now().getTime();
    const due = injectsDue(script, exercise.clock, wallMs, await ctx.store.exercises.releases(trx, id));
    for (const { inject, run } of due) await releaseInject(ctx, trx, actor, exercise, inject, run, wallMs);
    return due.length;
  });
}

async function releaseInject(ctx: AppContext, trx: Db, actor: Actor, exercise: StoredExercise, inject: Inject, run: number, wallMs: number): Promise<void> {
  const at = new Date(wallMs).toISOString();
  const atMinute = exerciseTimeAt(exercise.clock, wallMs);
  await ctx.store.exercises.addRelease(trx, exercise.id, { run, injectId: inject.id, releasedAt: at, releasedAtWallMs: wallMs, atMinute });
  const facilitator = facilitatorOf(exercise);
  const records: StoredExerciseRecord[] = [];
  if (inject.kind === 'incident') {
    // Each run and exercise records its own copy: the origin names them, so re-importing never merges two runs.
    const origin = inject.incident.origin ?? { dataset: 'haven-exercise' };
    const input = { ...inject.incident, exercise: true, origin: { ...origin, externalId: `${origin.externalId ?? `exercise/${inject.id}`}/${exercise.id}/run-${run}` } };
    const { id: _chosen, ...parsed } = parseInput(incidentCreateSchema, input, `inject ${inject.id}`);
    const data = { ...parsed, sensitive: stampConsent(parsed.sensitive, facilitator.username, at.slice(0, 10)) };
    const incidentId = ctx.newId();
    await insertNewIncident(ctx, trx, facilitator, incidentId, data, at);
    records.push({ exerciseId: exercise.id, run, injectId: inject.id, entityType: 'incident', entityId: incidentId });
  } else if (inject.kind === 'force_request') {
    const requestId = ctx.newId();
    await storeForceRequest(ctx, trx, facilitator, requestId, { request: inject.request, emergency: inject.emergency }, { exercise: { id: exercise.id, run, injectId: inject.id } });
    records.push({ exerciseId: exercise.id, run, injectId: inject.id, entityType: 'force_request', entityId: requestId });
  }
  for (const record of records) await ctx.store.exercises.addRecord(trx, record);
  await ctx.store.audit.append(trx, {
    at,
    userId: actor.id,
    action: 'exercise.release',
    entityType: ENTITY,
    entityId: exercise.id,
    changes: { run, injectId: inject.id, atMinute, recordedAs: facilitator.username, records: records.map((r) => ({ entityType: r.entityType, entityId: r.entityId })) },
  });
}

/** A run's releases in the order they were made: by wall time, then the script's release order (one read releases several). */
function releasesOfRun(script: ExerciseScript, releases: readonly StoredRelease[], run: number): StoredRelease[] {
  const order = new Map(injectsInOrder(script).map((inject, index) => [inject.id, index]));
  return releases.filter((r) => r.run === run).sort((a, b) => a.releasedAtWallMs - b.releasedAtWallMs || (order.get(a.injectId) ?? 0) - (order.get(b.injectId) ?? 0));
}

type ZoneState = ExerciseStatus['terrain']['zones'][number];
type AgreementState = ExerciseStatus['terrain']['agreements'][number];

/** The terrain as the run's releases left it: corridors opened or closed, agreements in force, ended or breached. */
function terrainOf(script: ExerciseScript, releases: readonly StoredRelease[]): ExerciseStatus['terrain'] {
  const zones = new Map<string, ZoneState>(script.terrain.zones.map((z) => [z.ref, { ref: z.ref, name: z.name, state: 'as_at_start', changedAtMinute: null }]));
  const agreements = new Map<string, AgreementState>(
    script.terrain.agreements.map((a) => [a.ref, { ref: a.ref, name: a.name, inForce: a.inForceAtStart, breachedAtMinute: null, changedAtMinute: null }]),
  );
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  for (const release of releases) {
    const inject = injects.get(release.injectId);
    const minute = release.atMinute;
    if (inject?.kind === 'corridor_opening' || inject?.kind === 'corridor_closing') {
      const zone = zones.get(inject.zone);
      if (zone) zones.set(zone.ref, { ...zone, state: inject.kind === 'corridor_opening' ? 'open' : 'closed', changedAtMinute: minute });
    } else if (inject?.kind === 'agreement') {
      const agreement = agreements.get(inject.agreement);
      if (agreement) agreements.set(agreement.ref, { ...agreement, inForce: inject.effect === 'in_force', changedAtMinute: minute });
    } else if (inject?.kind === 'ceasefire_breakdown') {
      const agreement = agreements.get(inject.agreement);
      if (agreement) agreements.set(agreement.ref, { ...agreement, breachedAtMinute: minute });
    }
  }
  return { zones: [...zones.values()], agreements: [...agreements.values()] };
}

/** What a player reads of an inject: its title and text, and who it is addressed to. */
function feedText(inject: Inject): { toRole?: ExerciseRole; text?: string } {
  switch (inject.kind) {
    case 'incident':
      return { text: inject.incident.narrative };
    case 'force_request':
      return { text: inject.request.situation.description };
    case 'report':
    case 'message':
      return { toRole: inject.toRole, text: inject.text };
    case 'ceasefire_breakdown':
    case 'corridor_opening':
    case 'corridor_closing':
    case 'agreement':
      return { text: inject.text };
  }
}

async function statusFor(ctx: AppContext, actor: Actor, id: string): Promise<ExerciseStatus> {
  const db = ctx.store.connection.db;
  const exercise = await load(ctx, db, id);
  const script = scriptOf(exercise);
  const run = exercise.clock.run;
  const facilitator = principalMay(actor, 'exercise:run');
  const releases = releasesOfRun(script, await ctx.store.exercises.releases(db, id), run);
  const records = await ctx.store.exercises.records(db, id, run);
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  // A report or message addressed to one role reaches that role only: the facilitator reads them all.
  const ownRole = EXERCISE_ROLE_OF[actor.role];
  const released = releases.flatMap((r) => {
    const inject = injects.get(r.injectId);
    if (!inject) return [];
    const addressedTo = feedText(inject).toRole;
    if (!facilitator && addressedTo !== undefined && addressedTo !== ownRole) return [];
    return [
      {
        injectId: inject.id,
        atMinute: r.atMinute,
        kind: inject.kind,
        title: inject.title,
        ...feedText(inject),
        ...(facilitator && { facilitatorNotes: inject.facilitatorNotes }),
        records: records.filter((x) => x.injectId === inject.id).map((x) => ({ entityType: x.entityType, entityId: x.entityId })),
      },
    ];
  });
  const releasedIds = new Set(releases.map((r) => r.injectId));
  const next = injectsInOrder(script).find((i) => !releasedIds.has(i.id));
  return {
    id: exercise.id,
    scriptId: exercise.scriptId,
    title: exercise.title,
    run,
    clock: { status: exercise.clock.status, speed: exercise.clock.speed, exerciseMinute: exerciseTimeAt(exercise.clock, ctx.now().getTime()), durationMinutes: script.durationMinutes },
    released,
    ...(facilitator && { nextInject: next ? { id: next.id, atMinute: next.atMinute, title: next.title } : null }),
    terrain: terrainOf(script, releases),
  };
}

/** The current run, started: what players record belongs to it. */
async function runInPlay(ctx: AppContext, actor: Actor, id: string): Promise<{ exercise: StoredExercise; script: ExerciseScript }> {
  await releaseDueInjects(ctx, actor, id);
  const exercise = await load(ctx, ctx.store.connection.db, id);
  if (exercise.clock.status === 'not_started') throw new DomainError('invalid_transition', `run ${exercise.clock.run} has not started; the facilitator starts the clock`);
  return { exercise, script: scriptOf(exercise) };
}

/** A player records something they did that the workflow does not hold (a verification, a movement, a reply). */
export async function recordExerciseAction(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<{ id: string; exerciseId: string; run: number; atMinute: number }> {
  const role = playerRole(actor);
  const action = parseInput(exerciseActionInputSchema, input, 'exercise action');
  const { exercise, script } = await runInPlay(ctx, actor, id);
  const injectId = action.injectId ?? null;
  if (injectId !== null) {
    if (!script.injects.some((i) => i.id === injectId)) throw invalid('injectId', `the exercise has no inject ${injectId}`);
    const released = (await ctx.store.exercises.releases(ctx.store.connection.db, id)).some((r) => r.run === exercise.clock.run && r.injectId === injectId);
    if (!released) throw invalid('injectId', `inject ${injectId} has not been released in run ${exercise.clock.run}`);
  }
  const now = ctx.now();
  const entry = {
    id: ctx.newId(),
    exerciseId: id,
    run: exercise.clock.run,
    type: 'action' as const,
    injectId,
    forceRequestId: null,
    role,
    by: { id: actor.id, name: actor.username },
    at: now.toISOString(),
    atMinute: exerciseTimeAt(exercise.clock, now.getTime()),
    content: { kind: action.kind, description: action.description, escalatory: action.escalatory },
  };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.exercises.addEntry(trx, entry);
    await ctx.store.audit.append(trx, { at: entry.at, userId: actor.id, action: 'exercise.action', entityType: ENTITY, entityId: id, changes: { run: entry.run, role, injectId, ...entry.content } });
  });
  return { id: entry.id, exerciseId: id, run: entry.run, atMinute: entry.atMinute };
}

/** What came of a force request of the run (as the force workflow's outcome is recorded: force:request). */
export async function recordExerciseOutcome(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<{ id: string; exerciseId: string; run: number; atMinute: number }> {
  requirePermission(actor, 'force:request');
  const role = playerRole(actor);
  const outcome = parseInput(exerciseOutcomeInputSchema, input, 'exercise outcome');
  const { exercise } = await runInPlay(ctx, actor, id);
  const record = await ctx.store.exercises.recordOf(ctx.store.connection.db, 'force_request', outcome.forceRequestId);
  if (!record || record.exerciseId !== id || record.run !== exercise.clock.run) {
    throw invalid('forceRequestId', `force request ${outcome.forceRequestId} is not one of run ${exercise.clock.run} of this exercise`);
  }
  const now = ctx.now();
  const { forceRequestId, ...content } = outcome;
  const entry = {
    id: ctx.newId(),
    exerciseId: id,
    run: exercise.clock.run,
    type: 'outcome' as const,
    injectId: record.injectId,
    forceRequestId,
    role,
    by: { id: actor.id, name: actor.username },
    at: now.toISOString(),
    atMinute: exerciseTimeAt(exercise.clock, now.getTime()),
    content,
  };
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    await ctx.store.exercises.addEntry(trx, entry);
    await ctx.store.audit.append(trx, { at: entry.at, userId: actor.id, action: 'exercise.outcome', entityType: ENTITY, entityId: id, changes: { run: entry.run, forceRequestId, ...content } });
  });
  return { id: entry.id, exerciseId: id, run: entry.run, atMinute: entry.atMinute };
}

/**
 * The current run's records, as the after-action review reads them: releases with their minute; each force request of
 * the run with its advice, decision and approval (the workflow's steps, their wall times turned into exercise minutes
 * over the clock's changes), the engine's latest verdicts and the outcome recorded last; and the players' actions.
 */
export async function gatherRunRecord(ctx: AppContext, db: Db, exercise: StoredExercise, script: ExerciseScript): Promise<ExerciseRunRecord> {
  const run = exercise.clock.run;
  const changes = (await ctx.store.exercises.clockChanges(db, exercise.id)).map((c) => c.state);
  const minuteAt = (iso: string) => exerciseMinuteAtWall(changes, run, Date.parse(iso));
  const released = releasesOfRun(script, await ctx.store.exercises.releases(db, exercise.id), run).map((r) => ({ injectId: r.injectId, atMinute: r.atMinute }));
  const entries = await ctx.store.exercises.entries(db, exercise.id, run);
  const outcomes = new Map<string, RecordedOutcome>();
  for (const e of entries) if (e.type === 'outcome' && e.forceRequestId) outcomes.set(e.forceRequestId, { ...(e.content as Omit<RecordedOutcome, 'atMinute'>), atMinute: e.atMinute });
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  const forceRequests: RecordedForceRequest[] = [];
  for (const record of await ctx.store.exercises.records(db, exercise.id, run)) {
    if (record.entityType !== 'force_request') continue;
    const stored = await ctx.store.forceRequests.find(db, record.entityId);
    if (!stored) continue;
    const assessment = (await ctx.store.forceRequests.latestAssessment(db, stored.id)) as Assessment;
    const steps = await ctx.store.forceRequests.steps(db, stored.id);
    const last = (kind: string) => steps.filter((s) => s.kind === kind).at(-1);
    const review = last('review');
    const decision = last('decision');
    const approval = last('approval');
    const inject = record.injectId ? injects.get(record.injectId) : undefined;
    const outcome = outcomes.get(stored.id);
    forceRequests.push({
      requestId: stored.id,
      injectId: record.injectId,
      submittedAtMinute: minuteAt(stored.requestedAt),
      request: stored.request.request,
      emergency: inject?.kind === 'force_request' ? inject.emergency : stored.emergency,
      assessment: {
        ihl: { verdict: assessment.ihl.verdict, decisiveRules: assessment.ihl.decisiveRules },
        humanSecurity: { verdict: assessment.humanSecurity.verdict, decisiveRules: assessment.humanSecurity.decisiveRules },
      },
      ...(review && { advice: { position: review.value as ReviewPosition, text: review.reasons, by: review.actor.name, atMinute: minuteAt(review.at) } }),
      ...(decision && { decision: { decision: decision.value as Decision, reasons: decision.reasons, by: decision.actor.name, atMinute: minuteAt(decision.at) } }),
      ...(approval && { approval: { approval: approval.value as Approval, by: approval.actor.name, atMinute: minuteAt(approval.at) } }),
      ...(outcome && { outcome }),
    });
  }
  const actions: RecordedAction[] = entries
    .filter((e) => e.type === 'action')
    .map((e) => {
      const content = e.content as Pick<RecordedAction, 'kind' | 'description' | 'escalatory'>;
      return { injectId: e.injectId, atMinute: e.atMinute, role: e.role as ExerciseRole, by: e.by.name, kind: content.kind, description: content.description, escalatory: content.escalatory };
    });
  return { run, released, forceRequests, actions };
}

/** The after-action review of the current run (force:read: it shows the run's force requests and decisions). */
export async function exerciseReview(ctx: AppContext, actor: Actor, id: string): Promise<ExerciseReview> {
  requirePermission(actor, 'force:read');
  await releaseDueInjects(ctx, actor, id);
  const db = ctx.store.connection.db;
  const exercise = await load(ctx, db, id);
  const script = scriptOf(exercise);
  const review = afterActionReview(script, await gatherRunRecord(ctx, db, exercise, script));
  return { ...review, run: exercise.clock.run, scriptTitle: script.title };
}

/** The review as a printable page (or its PDF), marked EXERCISE on every page; the export is audited. */
export async function exerciseReviewReport(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<{ format: 'html'; body: string; name: string } | { format: 'pdf'; body: Buffer; name: string }> {
  const { format } = parseInput(exerciseReportQuerySchema, input ?? {}, 'report');
  const review = await exerciseReview(ctx, actor, id);
  const script = shippedScripts().get(review.scriptId)!;
  const now = ctx.now();
  const html = renderExerciseReviewReport(review, script, { generatedAt: now, generatedBy: actor.username });
  await ctx.store.audit.append(ctx.store.connection.db, { at: now.toISOString(), userId: actor.id, action: 'exercise.review_export', entityType: ENTITY, entityId: id, changes: { run: review.run, format, departures: review.departures.length } });
  const name = `exercise-review-${review.scriptId}-run-${review.run}`;
  return format === 'pdf' ? { format, body: await renderPdf(html), name } : { format, body: html, name };
}
