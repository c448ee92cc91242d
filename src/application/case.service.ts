import { createHash } from 'node:crypto';
import { assertCaseTransition } from '../core/accountability/case-workflow.js';
import {
  caseFilterSchema,
  caseInputSchema,
  caseStepInputSchema,
  caseUpdateSchema,
  periodSchema,
  perpetratorEventInputSchema,
  STATUS_AFTER_EVENT,
  type ArrestsVersusKillings,
  type CaseDetail,
  type CaseInput,
  type CaseSummary,
  type LinkedEvidence,
  type RecordedBy,
} from '../core/accountability/case.schema.js';
import { principalMay } from '../core/access-control.js';
import { legalQualification, LEGAL_QUALIFICATIONS, type LegalQualification } from '../core/accountability/legal-qualifications.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { DomainError, notFound, type FieldIssue } from '../core/errors.js';
import type { Db } from '../store/database.js';
import type { CaseRow, PerpetratorRow } from '../store/case.repository.js';
import type { Actor, AppContext } from './app-context.js';
import type { Audience } from '../store/record-visibility.js';
import { audienceOf, requirePermission } from './authorization.js';
import { appendToLedger } from './ledger.service.js';
import { parseInput } from './validation.js';

const recordedBy = (actor: Actor): RecordedBy => ({ id: actor.id, name: actor.username, role: actor.role });
const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** The Rome Statute (and human-rights treaty) catalogue the case form offers. */
export function legalQualificationCatalogue(): readonly LegalQualification[] {
  return LEGAL_QUALIFICATIONS;
}

/** A linked evidence item shown to a reader whose role does not read evidence: its id only. */
const withheld = (e: LinkedEvidence): LinkedEvidence => ({ id: e.id, state: 'restricted', title: null, kind: null, description: null, receivedAt: null, incidentId: null });

/**
 * A case as the audience sees it: linked incidents and evidence items restricted from the reader are left out (not
 * even their ids show); linked items of a reader who may not read evidence are named by id
 * only. `reader` is the actor, or `system` for audit diffs, which record every link.
 */
async function loadDetail(ctx: AppContext, db: Db, row: CaseRow, reader: Actor | 'system'): Promise<CaseDetail> {
  const { cases } = ctx.store;
  const audience: Audience = reader === 'system' ? 'system' : audienceOf(reader);
  const readsEvidence = reader === 'system' || principalMay(reader, 'evidence:read');
  const [linkedIncidents, linkedEvidence, perpetrators, qualifications, steps, events] = [
    await cases.linkedIncidents(db, row.id, audience),
    await cases.linkedEvidence(db, row.id, audience),
    await cases.perpetrators(db, row.id),
    await cases.qualifications(db, row.id),
    await cases.steps(db, row.id),
    await cases.events(db, row.id),
  ];
  const incidentIds = linkedIncidents.map((i) => i.id);
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    status: row.status,
    outcome: row.outcome,
    categories: [...new Set(qualifications.map((q) => q.category))].sort(),
    incidentCount: incidentIds.length,
    perpetratorCount: perpetrators.length,
    openedAt: row.openedAt,
    openedBy: row.openedBy,
    updatedAt: row.updatedAt,
    version: row.version,
    incidentIds,
    evidenceIds: linkedEvidence.map((e) => e.id),
    linkedIncidents,
    linkedEvidence: readsEvidence ? linkedEvidence : linkedEvidence.map((e) => (e.state === 'shown' ? withheld(e) : e)),
    perpetrators: perpetrators.map((p) => ({ ...p, events: events.filter((e) => e.perpetratorId === p.id) })),
    qualifications,
    steps,
  };
}

/** The case, if it exists and the actor may see it: a restricted case is missing to everyone not named on it. */
async function requireCase(ctx: AppContext, db: Db, id: string, actor: Actor): Promise<CaseRow> {
  const row = await ctx.store.cases.find(db, id, audienceOf(actor));
  if (!row) throw notFound('case', id);
  return row;
}

/** Linked incidents must exist in the register (evidence ids are kept as given: evidence lives elsewhere). */
async function assertIncidentsExist(ctx: AppContext, db: Db, actor: Actor, ids: readonly string[], path: string): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const [i, id] of ids.entries()) {
    if (!(await ctx.store.incidents.findKeyById(db, id, audienceOf(actor)))) issues.push({ path: `${path}.${i}`, code: 'unknown_incident', message: `there is no incident ${id}` });
  }
  if (issues.length > 0) throw new DomainError('validation_failed', `the case links incidents that do not exist: ${issues.map((i) => i.message).join('; ')}`, issues);
}

function assertStale(row: CaseRow, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || row.version === expectedVersion) return;
  throw new DomainError('conflict', `case ${row.id} was changed by someone else (now version ${row.version}, your change is based on ${expectedVersion}); reload and try again`, [
    { path: 'expectedVersion', code: 'stale_version', message: `the case is now at version ${row.version}` },
  ]);
}

async function writeParts(ctx: AppContext, db: Db, caseId: string, data: CaseInput, existing: readonly PerpetratorRow[]): Promise<void> {
  const { cases } = ctx.store;
  await cases.replaceLinks(db, caseId, 'incident', data.incidentIds);
  await cases.replaceLinks(db, caseId, 'evidence', data.evidenceIds);
  await cases.replaceQualifications(
    db,
    caseId,
    data.qualifications.map((q) => ({ ref: q.ref, category: legalQualification(q.ref)!.category, note: q.note || null })),
  );
  const known = new Map(existing.map((p) => [p.id, p]));
  const issues: FieldIssue[] = [];
  for (const [i, p] of data.perpetrators.entries()) {
    if (p.id && !known.has(p.id)) issues.push({ path: `perpetrators.${i}.id`, code: 'unknown_perpetrator', message: `perpetrator ${p.id} is not on this case` });
  }
  if (issues.length > 0) throw new DomainError('validation_failed', 'the case names perpetrators it does not have', issues);
  const kept = new Set(data.perpetrators.flatMap((p) => (p.id ? [p.id] : [])));
  const removed = existing.filter((p) => !kept.has(p.id)).map((p) => p.id);
  const withEvents = await cases.perpetratorIdsWithEvents(db, caseId);
  const blocked = removed.filter((id) => withEvents.has(id));
  if (blocked.length > 0) {
    throw new DomainError('conflict', `a perpetrator with recorded events cannot be removed from the case (${blocked.join(', ')}): what happened to them stays on record`);
  }
  await cases.deletePerpetrators(db, caseId, removed);
  for (const [position, p] of data.perpetrators.entries()) {
    const id = p.id ?? ctx.newId();
    await cases.upsertPerpetrator(
      db,
      caseId,
      position,
      { id, name: p.name, kind: p.kind, affiliation: p.affiliation || null, roleOrRank: p.roleOrRank || null, status: p.status },
      known.has(id),
    );
  }
}

/** Open a case: it starts as `documented`, recorded in the audit and the ledger. */
export async function openCase(ctx: AppContext, actor: Actor, input: unknown): Promise<CaseDetail> {
  requirePermission(actor, 'case:write');
  const data = parseInput(caseInputSchema, input, 'case');
  const at = ctx.now().toISOString();
  const id = ctx.newId();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    await assertIncidentsExist(ctx, trx, actor, data.incidentIds, 'incidentIds');
    const row: CaseRow = { id, title: data.title, summary: data.summary, status: 'documented', outcome: null, openedAt: at, openedBy: recordedBy(actor), updatedAt: at, updatedBy: actor.id, version: 1 };
    await ctx.store.cases.insert(trx, row);
    await writeParts(ctx, trx, id, data, []);
    const detail = await loadDetail(ctx, trx, row, actor);
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'case.open', entityType: 'case', entityId: id, changes: { case: { before: null, after: data } } });
    await appendToLedger(ctx, trx, {
      kind: 'case.opened',
      subjectId: id,
      actor: recordedBy(actor),
      payload: { title: data.title, incidentIds: data.incidentIds, evidenceIds: data.evidenceIds, qualifications: data.qualifications.map((q) => q.ref), sha256: digest(data) },
    });
    return detail;
  });
}

/** Replace a case's details and links; refused when someone changed the case since the version the edit started from. */
export async function updateCase(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<CaseDetail> {
  requirePermission(actor, 'case:write');
  const { expectedVersion, ...data } = parseInput(caseUpdateSchema, input, 'case');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const row = await requireCase(ctx, trx, id, actor);
    assertStale(row, expectedVersion);
    await assertIncidentsExist(ctx, trx, actor, data.incidentIds, 'incidentIds');
    const before = await loadDetail(ctx, trx, row, 'system');
    // Links to incidents and evidence the editor cannot see were never shown to them, so their edit keeps them.
    const shown = await loadDetail(ctx, trx, row, actor);
    const unseen = (kind: 'incidentIds' | 'evidenceIds') => before[kind].filter((linked) => !shown[kind].includes(linked) && !data[kind].includes(linked));
    await ctx.store.cases.update(trx, id, { title: data.title, summary: data.summary, updatedAt: at, updatedBy: actor.id, version: row.version + 1 });
    await writeParts(ctx, trx, id, { ...data, incidentIds: [...data.incidentIds, ...unseen('incidentIds')], evidenceIds: [...data.evidenceIds, ...unseen('evidenceIds')] }, before.perpetrators);
    const updated = (await ctx.store.cases.find(trx, id, 'system'))!;
    const after = await loadDetail(ctx, trx, updated, 'system');
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const key of ['title', 'summary', 'incidentIds', 'evidenceIds', 'qualifications', 'perpetrators'] as const) {
      const was = key === 'perpetrators' ? before.perpetrators.map(({ events: _events, ...p }) => p) : before[key];
      const now = key === 'perpetrators' ? after.perpetrators.map(({ events: _events, ...p }) => p) : after[key];
      if (canonicalJson(was) !== canonicalJson(now)) changes[key] = { before: was, after: now };
    }
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'case.update', entityType: 'case', entityId: id, changes });
    await appendToLedger(ctx, trx, { kind: 'case.updated', subjectId: id, actor: recordedBy(actor), payload: { version: after.version, changed: Object.keys(changes), sha256: digest(data) } });
    return loadDetail(ctx, trx, updated, actor);
  });
}

/** Move a case one step along its path, dated and sourced; a step the path does not allow is refused. */
export async function addCaseStep(ctx: AppContext, actor: Actor, id: string, input: unknown): Promise<CaseDetail> {
  requirePermission(actor, 'case:write');
  const { status, date, source, note, expectedVersion, ...details } = parseInput(caseStepInputSchema, input, 'case step');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const row = await requireCase(ctx, trx, id, actor);
    assertCaseTransition(row.status, status);
    assertStale(row, expectedVersion);
    const outcome = 'outcome' in details ? details.outcome : row.outcome;
    const step = { id: ctx.newId(), from: row.status, status, date, details: { ...details, ...(note && { note }) }, source, recordedBy: recordedBy(actor), recordedAt: at };
    await ctx.store.cases.addStep(trx, id, step);
    await ctx.store.cases.update(trx, id, { status, outcome, updatedAt: at, updatedBy: actor.id, version: row.version + 1 });
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'case.step',
      entityType: 'case',
      entityId: id,
      changes: { status: { before: row.status, after: status }, step: { before: null, after: { date, source, ...step.details } } },
    });
    await appendToLedger(ctx, trx, { kind: 'case.step', subjectId: id, actor: recordedBy(actor), payload: { stepId: step.id, from: row.status, to: status, date, source, details: step.details } });
    return loadDetail(ctx, trx, (await ctx.store.cases.find(trx, id, 'system'))!, actor);
  });
}

/** Record what happened to an alleged perpetrator: arrested, killed, surrendered, escaped, released. */
export async function recordPerpetratorEvent(ctx: AppContext, actor: Actor, caseId: string, perpetratorId: string, input: unknown): Promise<CaseDetail> {
  requirePermission(actor, 'case:write');
  const { kind, date, expectedVersion, ...details } = parseInput(perpetratorEventInputSchema, input, 'perpetrator event');
  const at = ctx.now().toISOString();
  return ctx.store.connection.db.transaction().execute(async (trx) => {
    const row = await requireCase(ctx, trx, caseId, actor);
    assertStale(row, expectedVersion);
    const perpetrator = await ctx.store.cases.findPerpetrator(trx, caseId, perpetratorId);
    if (!perpetrator) throw notFound('perpetrator', perpetratorId);
    if (perpetrator.kind !== 'person') {
      throw new DomainError('validation_failed', 'arrests, killings and the like happen to persons: name the person in the unit as a perpetrator of their own', [
        { path: 'kind', code: 'not_a_person', message: `${perpetrator.name} is a unit, not a person` },
      ]);
    }
    if (perpetrator.status === 'deceased') throw new DomainError('conflict', `${perpetrator.name} is recorded as deceased: no further event can be recorded`);
    if ('incidentId' in details && details.incidentId) await assertIncidentsExist(ctx, trx, actor, [details.incidentId], 'incidentId');
    if ('forceRequestId' in details && details.forceRequestId && !(await ctx.store.forceRequests.find(trx, details.forceRequestId))) {
      throw new DomainError('validation_failed', `there is no force request ${details.forceRequestId}`, [{ path: 'forceRequestId', code: 'unknown_force_request', message: `there is no force request ${details.forceRequestId}` }]);
    }
    const event = { id: ctx.newId(), perpetratorId, kind, date, details: { ...details }, recordedBy: recordedBy(actor), recordedAt: at };
    const status = STATUS_AFTER_EVENT[kind];
    await ctx.store.cases.addEvent(trx, caseId, event);
    await ctx.store.cases.setPerpetratorStatus(trx, perpetratorId, status);
    await ctx.store.cases.update(trx, caseId, { updatedAt: at, updatedBy: actor.id, version: row.version + 1 });
    await ctx.store.audit.append(trx, {
      at,
      userId: actor.id,
      action: 'case.perpetrator_event',
      entityType: 'case',
      entityId: caseId,
      changes: { [`perpetrators.${perpetratorId}.status`]: { before: perpetrator.status, after: status }, event: { before: null, after: { kind, date, ...details } } },
    });
    await appendToLedger(ctx, trx, {
      kind: 'case.perpetrator_event',
      subjectId: caseId,
      actor: recordedBy(actor),
      payload: { eventId: event.id, perpetratorId, event: kind, date, details: event.details },
    });
    return loadDetail(ctx, trx, (await ctx.store.cases.find(trx, caseId, 'system'))!, actor);
  });
}

export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseDetail> {
  requirePermission(actor, 'case:read');
  const db = ctx.store.connection.db;
  return loadDetail(ctx, db, await requireCase(ctx, db, id, actor), actor);
}

export async function listCases(ctx: AppContext, actor: Actor, filterInput: unknown): Promise<CaseSummary[]> {
  requirePermission(actor, 'case:read');
  const filter = parseInput(caseFilterSchema, filterInput, 'filter');
  return ctx.store.cases.list(ctx.store.connection.db, filter, audienceOf(actor));
}

/**
 * Suspects taken alive against suspects killed, by the date it happened: the scorecard's "arrest rather than kill",
 * read from the events recorded on the cases the reader may see.
 */
export async function arrestsVersusKillings(ctx: AppContext, actor: Actor, periodInput: unknown): Promise<ArrestsVersusKillings> {
  requirePermission(actor, 'case:read');
  const period = parseInput(periodSchema, periodInput ?? {}, 'period');
  const counts = await ctx.store.cases.countEvents(ctx.store.connection.db, period, audienceOf(actor));
  const arrested = counts.arrested ?? 0;
  const surrendered = counts.surrendered ?? 0;
  const killed = counts.killed ?? 0;
  const alive = arrested + surrendered;
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    arrested,
    surrendered,
    killed,
    escaped: counts.escaped ?? 0,
    released: counts.released ?? 0,
    takenAliveShare: alive + killed === 0 ? null : alive / (alive + killed),
  };
}
