import { createHash } from 'node:crypto';
import { principalMay } from '../core/access-control.js';
import { DomainError, notFound } from '../core/errors.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import type { LedgerEntryKind } from '../core/ledger/hash-chain.js';
import { assess } from '../core/use-of-force/assess.js';
import type { Assessment } from '../core/use-of-force/assessment.js';
import type { ForceRequest, Judgement } from '../core/use-of-force/force-request.schema.js';
import type { MissionRoe } from '../core/use-of-force/mission-roe.js';
import {
  assertIndependent,
  assertOpen,
  statusAfterApproval,
  statusAfterDecision,
  statusAfterReview,
} from '../core/use-of-force/request-workflow.js';
import type { Db } from '../store/database.js';
import {
  approvalSchema,
  decisionSchema,
  judgementInputSchema,
  outcomeSchema,
  reviewSchema,
  storedSubmissionSchema,
  submissionSchema,
  type ForceRequestView,
  type ForceStep,
  type StoredForcePayload,
  type StoredForceRequest,
} from '../core/use-of-force/force-request-view.schema.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { registeredSystemFor } from './capability.service.js';
import { appendToLedger, ledgerForSubject, type LedgerActor } from './ledger.service.js';
import { forceStepLedgerPayload } from './ledger-records.js';
import { assessmentShownTo, gatherSituationContext, STORED_CONTEXT_AUDIENCE } from './situation-context.service.js';
import { parseInput } from './validation.js';

export type { ForceRequestView } from '../core/use-of-force/force-request-view.schema.js';

const ledgerActor = (actor: Actor): LedgerActor => ({ id: actor.id, name: actor.username, role: actor.role });
const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

type StoredPayload = StoredForcePayload;

/** The assessment of a request on its own facts, without the register or storing anything (`haven assess` with no database). */
export function assessRequest(input: unknown): Assessment {
  const { request, roe } = parseInput(submissionSchema, input, 'force request');
  return assess(request, roe ? { roe } : {});
}

/**
 * Whether the register has anything to say about a submission (checked as the API checks it): it places the request,
 * or it names a system from the capability register.
 */
export function submissionNeedsRegister(input: unknown): boolean {
  const { request } = parseInput(submissionSchema, input, 'force request');
  return request.location !== undefined || request.means.capabilityId !== undefined;
}

/** The assessment of a request with what the register knows about its place (as the actor sees it), without storing anything. */
export async function previewAssessment(ctx: AppContext, actor: Actor, input: unknown): Promise<Assessment> {
  requirePermission(actor, 'incident:read');
  const { request, roe } = parseInput(submissionSchema, input, 'force request');
  const context = await gatherSituationContext(ctx, ctx.store.connection.db, request, audienceOf(actor));
  const system = await registeredSystemFor(ctx, ctx.store.connection.db, actor, request.means.capabilityId, 'preview');
  return assess(request, { ...(roe ? { roe } : {}), ...(context ? { context } : {}), ...(system ? { system } : {}) });
}

async function storeAssessment(ctx: AppContext, db: Db, requestId: string, actor: Actor, assessment: Assessment): Promise<void> {
  const id = ctx.newId();
  await ctx.store.forceRequests.addAssessment(db, { id, requestId, assessedAt: ctx.now().toISOString(), assessment });
  await appendToLedger(ctx, db, {
    kind: 'force.assessment',
    subjectId: requestId,
    actor: ledgerActor(actor),
    payload: {
      assessmentId: id,
      sha256: digest(assessment),
      engineVersion: assessment.engineVersion,
      ruleSets: assessment.ruleSets,
      ihl: assessment.ihl.verdict,
      humanSecurity: assessment.humanSecurity.verdict,
      decisiveRules: { ihl: assessment.ihl.decisiveRules, humanSecurity: assessment.humanSecurity.decisiveRules },
    },
  });
}

/** Propose a use of force: it is assessed at once under both regimes, and everything lands in the ledger. */
export async function submitForceRequest(ctx: AppContext, actor: Actor, input: unknown): Promise<ForceRequestView> {
  requirePermission(actor, 'force:request');
  const submission = parseInput(storedSubmissionSchema, input, 'force request');
  const id = ctx.newId();
  await ctx.store.connection.db.transaction().execute((trx) => storeForceRequest(ctx, trx, actor, id, submission));
  return getForceRequest(ctx, actor, id);
}

/**
 * Stores a request, assessed at once, with its ledger entries, inside the caller's transaction: a submission, or a
 * force action of a chosen course of action (course-of-action.service.ts), whose entry says where it came from.
 */
export async function storeForceRequest(
  ctx: AppContext,
  db: Db,
  requester: Actor,
  id: string,
  submission: { request: ForceRequest; roe?: MissionRoe | undefined; emergency: boolean },
  provenance?: Record<string, unknown>,
): Promise<void> {
  const { request, roe, emergency } = submission;
  // Stored, signed and shown to every reader of the request: no restricted record, even one the requester may see.
  const context = await gatherSituationContext(ctx, db, request, STORED_CONTEXT_AUDIENCE);
  // The same for the system it names: a restricted one is refused (capability.service.ts, registeredSystemFor).
  const system = await registeredSystemFor(ctx, db, requester, request.means.capabilityId, 'store');
  const assessment = assess(request, { ...(roe ? { roe } : {}), ...(context ? { context } : {}), ...(system ? { system } : {}) });
  const at = ctx.now().toISOString();
  await ctx.store.forceRequests.insert(db, {
    id,
    missionName: request.mission.name,
    purpose: request.purpose,
    status: 'awaiting_review',
    emergency,
    request: { request, roe: roe ?? null } satisfies StoredPayload,
    requestedBy: requester.id,
    requestedAt: at,
    decidedBy: null,
    ihlVerdict: assessment.ihl.verdict,
    hsVerdict: assessment.humanSecurity.verdict,
    updatedAt: at,
    version: 1,
  });
  await appendToLedger(ctx, db, { kind: emergency ? 'force.emergency' : 'force.request', subjectId: id, actor: ledgerActor(requester), payload: { request, roe: roe ?? null, ...provenance } });
  await storeAssessment(ctx, db, id, requester, assessment);
}

/**
 * A person's step on a request: sealed in the ledger first, then kept in the steps table with the entry's number and
 * time, so verification can rebuild what the entry sealed from the row alone (src/application/ledger-records.ts).
 */
async function recordStep(ctx: AppContext, db: Db, actor: Actor, step: { requestId: string; kind: ForceStep['kind']; value: string; reasons: string; payload: unknown }): Promise<void> {
  const id = ctx.newId();
  const entry = await appendToLedger(ctx, db, { kind: `force.${step.kind}` as LedgerEntryKind, subjectId: step.requestId, actor: ledgerActor(actor), payload: forceStepLedgerPayload({ id, ...step }) });
  await ctx.store.forceRequests.addStep(db, { id, ...step, actor: ledgerActor(actor), at: entry.at, ledgerSeq: entry.seq });
}

async function load(ctx: AppContext, db: Db, id: string): Promise<StoredForceRequest & { payload: StoredPayload }> {
  const stored = await ctx.store.forceRequests.find(db, id);
  if (!stored) throw notFound('force request', id);
  return { ...stored, payload: stored.request };
}

/**
 * Enter a human judgement the rules require ("excessive", "strictly unavoidable" …), signed with the actor's name,
 * role and time; the request is assessed again with it. The only way a judgement is stored, and never by the
 * requester.
 */
export async function recordJudgement(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ForceRequestView> {
  if (!principalMay(actor, 'force:review') && !principalMay(actor, 'force:decide')) {
    throw new DomainError('forbidden', 'only the human-security advisor or the commander may enter a judgement');
  }
  const judgement = parseInput(judgementInputSchema, input, 'judgement');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    assertIndependent(actor.id, { requestedBy: stored.requestedBy }, 'judgement');
    assertOpen(stored.status, 'a judgement');
    if (!['awaiting_review', 'awaiting_decision'].includes(stored.status)) throw new DomainError('invalid_transition', 'judgements are entered before the decision');
    const signed: Judgement = { ...judgement, by: { userId: actor.id, name: actor.username, role: actor.role }, at: ctx.now().toISOString() };
    const request: ForceRequest = { ...stored.payload.request, judgements: [...stored.payload.request.judgements.filter((j) => j.kind !== signed.kind), signed] };
    const context = await gatherSituationContext(ctx, trx, request, STORED_CONTEXT_AUDIENCE);
    const system = await registeredSystemFor(ctx, trx, actor, request.means.capabilityId, 'reassess');
    const assessment = assess(request, { ...(stored.payload.roe ? { roe: stored.payload.roe } : {}), ...(context ? { context } : {}), ...(system ? { system } : {}) });
    await ctx.store.forceRequests.update(trx, id, {
      request: { request, roe: stored.payload.roe },
      ihlVerdict: assessment.ihl.verdict,
      hsVerdict: assessment.humanSecurity.verdict,
      updatedAt: signed.at,
      version: stored.version + 1,
    });
    await recordStep(ctx, trx, actor, { requestId: id, kind: 'judgement', value: `${signed.kind}=${signed.value}`, reasons: signed.reasoning, payload: signed });
    await storeAssessment(ctx, trx, id, actor, assessment);
  });
  return getForceRequest(ctx, actor, id);
}

const acceptable = (verdict: string) => verdict === 'permitted' || verdict === 'permitted_with_conditions';

export async function reviewForceRequest(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ForceRequestView> {
  requirePermission(actor, 'force:review');
  const review = parseInput(reviewSchema, input, 'review');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    assertIndependent(actor.id, { requestedBy: stored.requestedBy }, 'review');
    const status = statusAfterReview(stored.status, stored.emergency);
    const at = ctx.now().toISOString();
    await ctx.store.forceRequests.update(trx, id, { status, updatedAt: at, version: stored.version + 1 });
    await recordStep(ctx, trx, actor, { requestId: id, kind: 'review', value: review.position, reasons: review.reasons, payload: { status } });
  });
  return getForceRequest(ctx, actor, id);
}

/**
 * The commander decides, by name. Authorising against the human-security assessment is possible — a person decides,
 * not the engine — but it is marked as such in the ledger, with the reasons.
 */
export async function decideForceRequest(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ForceRequestView> {
  requirePermission(actor, 'force:decide');
  const decision = parseInput(decisionSchema, input, 'decision');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    if (stored.version !== decision.expectedVersion) {
      throw new DomainError('conflict', `the request changed since you read it (now version ${stored.version}); read the new assessment before deciding`);
    }
    assertIndependent(actor.id, { requestedBy: stored.requestedBy }, 'decision');
    const status = statusAfterDecision(stored.status, decision.decision, stored.payload.request.mission.civilianApprovalRequired);
    const againstAdvice = decision.decision === 'authorise' && !acceptable(stored.hsVerdict);
    const at = ctx.now().toISOString();
    await ctx.store.forceRequests.update(trx, id, { status, decidedBy: actor.id, updatedAt: at, version: stored.version + 1 });
    await recordStep(ctx, trx, actor, { requestId: id, kind: 'decision', value: decision.decision, reasons: decision.reasons, payload: { status, againstAdvice, verdicts: { ihl: stored.ihlVerdict, humanSecurity: stored.hsVerdict } } });
  });
  return getForceRequest(ctx, actor, id);
}

export async function approveForceRequest(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ForceRequestView> {
  requirePermission(actor, 'force:approve');
  const approval = parseInput(approvalSchema, input, 'approval');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    if (stored.version !== approval.expectedVersion) throw new DomainError('conflict', `the request changed since you read it (now version ${stored.version})`);
    assertIndependent(actor.id, { requestedBy: stored.requestedBy, decidedBy: stored.decidedBy ?? undefined }, 'approval');
    const status = statusAfterApproval(stored.status, approval.approval);
    const at = ctx.now().toISOString();
    await ctx.store.forceRequests.update(trx, id, { status, updatedAt: at, version: stored.version + 1 });
    await recordStep(ctx, trx, actor, { requestId: id, kind: 'approval', value: approval.approval, reasons: approval.reasons, payload: { status } });
  });
  return getForceRequest(ctx, actor, id);
}

/** What happened afterwards, so intent and outcome can be compared (and arrests counted against killings). */
export async function recordOutcome(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<ForceRequestView> {
  requirePermission(actor, 'force:request');
  const outcome = parseInput(outcomeSchema, input, 'outcome');
  await ctx.store.connection.db.transaction().execute(async (trx) => {
    const stored = await load(ctx, trx, id);
    if (!['authorised', 'approved', 'reviewed_after_emergency'].includes(stored.status)) {
      throw new DomainError('invalid_transition', `an outcome is recorded only for force that was used; this request is ${stored.status.replaceAll('_', ' ')}`);
    }
    await recordStep(ctx, trx, actor, { requestId: id, kind: 'outcome', value: 'recorded', reasons: outcome.summary, payload: outcome });
  });
  return getForceRequest(ctx, actor, id);
}

export async function getForceRequest(ctx: AppContext, actor: Actor, id: string): Promise<ForceRequestView> {
  requirePermission(actor, 'force:read');
  const db = ctx.store.connection.db;
  const stored = await load(ctx, db, id);
  return {
    id: stored.id,
    status: stored.status,
    emergency: stored.emergency,
    missionName: stored.missionName,
    exercise: stored.exercise,
    purpose: stored.purpose,
    request: stored.payload.request,
    roe: stored.payload.roe,
    requestedBy: stored.requestedBy,
    requestedAt: stored.requestedAt,
    decidedBy: stored.decidedBy,
    verdicts: { ihl: stored.ihlVerdict, humanSecurity: stored.hsVerdict },
    version: stored.version,
    assessment: await assessmentShownTo(ctx, db, (await ctx.store.forceRequests.latestAssessment(db, id)) as Assessment, audienceOf(actor)),
    steps: await ctx.store.forceRequests.steps(db, id),
    ledger: await ledgerForSubject(ctx, id),
  };
}

/** The queue for a role: what waits on it; exercise requests marked, or listed apart when asked. */
export async function listForceRequests(ctx: AppContext, actor: Actor, statuses?: readonly string[], exercise?: boolean): Promise<StoredForceRequest[]> {
  requirePermission(actor, 'force:read');
  return ctx.store.forceRequests.list(ctx.store.connection.db, { ...(statuses && { statuses }), exercise, limit: 200 });
}
