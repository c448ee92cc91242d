import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { COMPOUND, planningDraft, strikeRequest } from '../support/coa-fixtures.js';
import type { Role } from '../../src/core/access-control.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Days on which force was used at the compound before the situation: six, the fewest the estimate speaks for. */
const PAST_ACTIONS = ['2024-06-01', '2024-08-01', '2024-10-01', '2024-12-01', '2025-02-01', '2025-04-01'];

const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.each(DATABASES)('courses of action over HTTP on %s', (kind) => {
  let h: ApiHarness;
  const call = async (as: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => h.call({ method, url: `/api/v1${url}`, as, ...(payload !== undefined && { payload: payload as Json }) });

  /** A force request carried out at the compound on a day: requested, reviewed, authorised. */
  async function forceUsedOn(day: string): Promise<void> {
    const submitted = await call('analyst', 'POST', '/force/requests', { request: strikeRequest(`${day}T06:00:00Z`) });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json().id;
    expect((await call('human_security_advisor', 'POST', `/force/requests/${id}/review`, { position: 'concur', reasons: 'Reviewed for the register test' })).statusCode).toBe(200);
    const version = (await call('commander', 'GET', `/force/requests/${id}`)).json().version;
    const decided = await call('commander', 'POST', `/force/requests/${id}/decision`, { decision: 'authorise', reasons: 'Authorised for the register test', expectedVersion: version });
    expect(decided.json().status, decided.body).toBe('authorised');
  }

  async function incidentAt(day: string, title: string): Promise<string> {
    const created = await call('analyst', 'POST', '/incidents', { ...validIncident(), title, dateEarliest: day, dateLatest: day, location: { ...validIncident().location, ...COMPOUND, precision: 'exact' } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }

  beforeAll(async () => {
    h = await openApiHarness(kind);
    for (const day of PAST_ACTIONS) await forceUsedOn(day);
    // Violence at the compound before and after each action: two incidents before, one after.
    for (const day of PAST_ACTIONS) {
      await incidentAt(dayAfter(day, -10), `Before ${day} (1)`);
      await incidentAt(dayAfter(day, -3), `Before ${day} (2)`);
      await incidentAt(dayAfter(day, 12), `After ${day}`);
    }
    // A hospital 300 m from the compound: within a hospital's alert distance of 1 km.
    const site = await call('analyst', 'POST', '/sites', { name: 'Compound road clinic', category: 'health_facility', geometry: { type: 'Point', coordinates: [13.1627, 11.85] }, source: { dataset: 'test' } });
    expect(site.statusCode, site.body).toBe(201);
  }, 120_000);
  afterAll(() => h?.close());

  it('keeps a situation, compares its courses, and records the commander’s choice in the ledger with its force actions made requests', async () => {
    const created = await call('analyst', 'POST', '/planning-situations', planningDraft());
    expect(created.statusCode, created.body).toBe(201);
    const situation = created.json();
    expect(situation).toMatchObject({ status: 'draft', version: 1, exercise: false, choice: null });

    const compared = await call('commander', 'GET', `/planning-situations/${situation.id}/comparison`);
    expect(compared.statusCode, compared.body).toBe(200);
    const { comparison, context, status } = compared.json();
    expect(status).toBe('compared');
    expect(comparison.courses.map((c: Json) => c.name)).toEqual(['Patrol and arrest', 'Strike']);
    const [patrol, strike] = comparison.courses as Json[];
    // Both regimes, side by side, for each force action.
    expect(strike!.forceActions).toHaveLength(1);
    expect(strike!.forceActions[0].ihl.verdict).not.toBe(strike!.forceActions[0].humanSecurity.verdict);
    expect(strike!.forceActions[0].divergence.length).toBeGreaterThan(0);
    // Every group's deaths with an interval within the plain bounds.
    for (const course of [patrol!, strike!]) {
      for (const group of ['civilians', 'own', 'allies', 'opponents']) {
        const d = course.casualties.byGroup[group].deaths;
        expect(d.bounds.low).toBeLessThanOrEqual(d.interval.low);
        expect(d.interval.high).toBeLessThanOrEqual(d.bounds.high);
      }
    }
    // The clinic is within reach of the force at the compound, in both courses; the patrol names no place.
    expect(strike!.protectedPlaces.sites.map((s: Json) => s.name)).toEqual(['Compound road clinic']);
    // Six hostilities actions at the compound: the register speaks for the strike; nothing recorded for patrols.
    const strikeEscalation = strike!.escalation.find((e: Json) => e.kind === 'force_hostilities').estimate;
    expect(strikeEscalation.status).toBe('estimated');
    expect(strikeEscalation.sample.actions).toBe(PAST_ACTIONS.length);
    // Per week: two incidents before and one after each action, over four weeks.
    expect(strikeEscalation.incidentsPerWeek.meanChange).toBeCloseTo((1 - 2) / 4, 10);
    expect(patrol!.escalation.find((e: Json) => e.kind === 'patrol').estimate).toMatchObject({ status: 'not_enough_data', have: 0 });
    expect(context.register).toMatchObject({ exercise: false, incidents: 3 * PAST_ACTIONS.length, pastActions: PAST_ACTIONS.length });
    expect(context.sites).toBe(1);

    // A viewer may not read it; an analyst may not choose; the commander chooses on the version compared.
    expect((await call('viewer', 'GET', `/planning-situations/${situation.id}/comparison`)).statusCode).toBe(403);
    const byAnalyst = await call('analyst', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'The analyst would like to choose', version: 1 });
    expect(byAnalyst.statusCode).toBe(403);
    const byViewer = await call('viewer', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'The viewer would like to choose', version: 1 });
    expect(byViewer.statusCode).toBe(403);
    const ledgerBefore = (await call('commander', 'GET', '/ledger/head')).json().head;

    const chosen = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'patrol AND arrest', reasons: 'Arrest protects the villages and keeps the commander alive for trial', version: 1 });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const record = chosen.json();
    expect(record).toMatchObject({ status: 'chosen', version: 2, choice: { courseOfAction: 'Patrol and arrest', chosenBy: { id: h.users.commander.id, role: 'commander' } } });
    // The arrest (action 2) became a request awaiting review, requested by the planner who wrote it.
    expect(record.choice.forceRequests.map((r: Json) => r.action)).toEqual([2]);
    const request = (await call('commander', 'GET', `/force/requests/${record.choice.forceRequests[0].id}`)).json();
    expect(request).toMatchObject({ status: 'awaiting_review', purpose: 'arrest', requestedBy: h.users.analyst.id });
    expect(request.request.judgements).toEqual([]);
    expect(request.ledger[0].disclosure.payload.fromCourseOfAction).toMatchObject({ situationId: situation.id, courseOfAction: 'Patrol and arrest', action: 2, choiceLedgerSeq: record.choice.ledgerSeq });

    // The choice is in the ledger with the reasons and both courses' figures, and the ledger verifies.
    const entry = (await call('commander', 'GET', `/ledger/entries/${record.choice.ledgerSeq}`)).json();
    expect(entry).toMatchObject({ kind: 'coa.choice', subjectId: situation.id, actor: { id: h.users.commander.id } });
    expect(entry.seq).toBe(ledgerBefore.size + 1);
    const payload = entry.disclosure.payload;
    expect(payload.reasons).toBe('Arrest protects the villages and keeps the commander alive for trial');
    expect(payload.figures.map((f: Json) => [f.name, f.chosen])).toEqual([
      ['Patrol and arrest', true],
      ['Strike', false],
    ]);
    expect(payload.figures[1].deaths.interval).toEqual(strike!.casualties.all.deaths.interval);
    expect(payload.forceRequests).toEqual(record.choice.forceRequests);
    const verification = (await call('auditor', 'GET', '/ledger/verification')).json();
    expect(verification.ok, JSON.stringify(verification)).toBe(true);

    // Chosen once: not again, and the plan no longer changes.
    const again = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'Changed my mind after all', version: 2 });
    expect(again.statusCode).toBe(409);
    const edit = await call('analyst', 'PUT', `/planning-situations/${situation.id}`, { version: 2, ...planningDraft() });
    expect(edit.statusCode).toBe(409);
    expect((await call('auditor', 'GET', `/planning-situations/${situation.id}`)).json().choice.reasons).toBe('Arrest protects the villages and keeps the commander alive for trial');
  });

  it('refuses a choice made on a stale version or naming no course, and leaves nothing half-written', async () => {
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Stale choice' }))).json();
    const edited = await call('analyst', 'PUT', `/planning-situations/${situation.id}`, { version: 1, ...planningDraft({ name: 'Stale choice, edited' }) });
    expect(edited.json().version).toBe(2);
    const head = (await call('commander', 'GET', '/ledger/head')).json().head;
    const requests = (await call('commander', 'GET', '/force/requests')).json().length;

    const stale = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'Chosen on what I read before', version: 1 });
    expect(stale.statusCode).toBe(409);
    const unknown = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Bombard', reasons: 'A course that is not there', version: 2 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues.map((i: Json) => i.path)).toEqual(['courseOfAction']);
    const noReasons = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'ok', version: 2 });
    expect(noReasons.json().error.issues.map((i: Json) => i.path)).toEqual(['reasons']);

    expect((await call('commander', 'GET', '/ledger/head')).json().head.size).toBe(head.size);
    expect((await call('commander', 'GET', '/force/requests')).json()).toHaveLength(requests);
    expect((await call('commander', 'GET', `/planning-situations/${situation.id}`)).json()).toMatchObject({ status: 'draft', choice: null });
  });

  it('names the field at fault in an invalid plan, and compares no fewer than two courses', async () => {
    const draft = planningDraft();
    const misordered = structuredClone(draft) as Json;
    misordered.coursesOfAction[0].actions[0].expected.civilians.deaths = { low: 2, best: 1, high: 3 };
    const bad = await call('analyst', 'POST', '/planning-situations', misordered);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toContainEqual(expect.objectContaining({ path: 'coursesOfAction.0.actions.0.expected.civilians.deaths.best', message: 'best (1) must not be below low (2)' }));

    const twice = structuredClone(draft) as Json;
    twice.coursesOfAction[1].name = 'PATROL and arrest';
    expect((await call('analyst', 'POST', '/planning-situations', twice)).json().error.issues.map((i: Json) => i.path)).toEqual(['coursesOfAction.1.name']);

    const nowhere = planningDraft({ area: { type: 'Place', geonameId: 999_999_999, name: 'Nowhere', radiusKm: 10 } });
    expect((await call('analyst', 'POST', '/planning-situations', nowhere)).json().error.issues.map((i: Json) => i.path)).toEqual(['situation.area.geonameId']);

    const one = await call('analyst', 'POST', '/planning-situations', { ...draft, coursesOfAction: draft.coursesOfAction!.slice(0, 1) });
    expect(one.statusCode, one.body).toBe(201);
    const compared = await call('commander', 'GET', `/planning-situations/${one.json().id}/comparison`);
    expect(compared.statusCode).toBe(400);
    expect(compared.json().error.issues.map((i: Json) => i.path)).toEqual(['coursesOfAction']);
    expect((await call('viewer', 'POST', '/planning-situations', draft)).statusCode).toBe(403);
  });

  it('compares from the register as the reader may see it: an incident restricted from the commander does not change the comparison they see', async () => {
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Restricted register' }))).json();
    const url = `/planning-situations/${situation.id}/comparison`;
    const before = (await call('commander', 'GET', url)).json();

    // After the first action, an incident only the analyst and the investigator may see.
    const id = await incidentAt(dayAfter(PAST_ACTIONS[0]!, 5), 'Restricted: after the first action');
    const restricted = await call('analyst', 'PUT', `/incidents/${id}/restriction`, { users: ['investigator-user'], groups: [] });
    expect(restricted.json().restricted, restricted.body).toBe(true);

    const commander = (await call('commander', 'GET', url)).json();
    expect(commander).toEqual(before);
    // The analyst sees it: one more incident, and the strike's estimate moves.
    const analyst = (await call('analyst', 'GET', url)).json();
    expect(analyst.context.register.incidents).toBe(before.context.register.incidents + 1);
    const change = (c: Json) => c.comparison.courses[1].escalation[0].estimate.incidentsPerWeek.meanChange;
    expect(change(analyst)).toBeCloseTo(change(before) + 1 / 4 / PAST_ACTIONS.length, 10);

    // The choice's snapshot, stored and shown to every reader, is made without the restricted incident.
    const chosen = (await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'Chosen to check the snapshot', version: 1 })).json();
    const strikeFigures = chosen.choice.snapshot.courses.find((c: Json) => c.name === 'Strike');
    expect(strikeFigures.escalation[0].meanChange).toBeCloseTo(change(before), 10);
  });

  it('keeps exercise planning apart: an exercise situation reads no real record, and its chosen force stays marked EXERCISE', async () => {
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Exercise at the compound', exercise: true }))).json();
    expect(situation.exercise).toBe(true);
    const { context, comparison } = (await call('commander', 'GET', `/planning-situations/${situation.id}/comparison`)).json();
    expect(context.register).toMatchObject({ exercise: true, incidents: 0, pastActions: 0 });
    expect(comparison.courses[1].escalation[0].estimate.status).toBe('not_enough_data');
    const listed = (await call('commander', 'GET', '/planning-situations?exercise=true')).json();
    expect(listed.items.map((s: Json) => s.id)).toEqual([situation.id]);
    expect((await call('commander', 'GET', '/planning-situations?exercise=false')).json().items.map((s: Json) => s.id)).not.toContain(situation.id);

    const chosen = (await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Strike', reasons: 'Chosen in the exercise', version: 1 })).json();
    const request = (await call('commander', 'GET', `/force/requests/${chosen.choice.forceRequests[0].id}`)).json();
    expect(request.missionName).toBe('EXERCISE Lake Shield');
    expect(request.request.situation.description).toMatch(/^EXERCISE\. /);
    expect(chosen.choice.snapshot.situation.exercise).toBe(true);
  });

  it('prints the comparison as a self-contained page, marked EXERCISE when it is one', async () => {
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Printed plan' }))).json();
    const page = await call('commander', 'GET', `/planning-situations/${situation.id}/comparison/report`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'sha256-/);
    expect(page.body).toContain('Printed plan');
    expect(page.body).toContain('data-chart="coa-deaths"');
    expect(page.body).not.toContain('EXERCISE');
    const exercise = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Printed exercise', exercise: true }))).json();
    expect((await call('commander', 'GET', `/planning-situations/${exercise.id}/comparison/report`)).body).toContain('data-exercise="true"');
  });
});
