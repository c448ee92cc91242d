import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LAKE_SHIELD = 'lake-chad-lake-shield';

describe.each(DATABASES)('exercises over HTTP on %s', (kind) => {
  let h: ApiHarness;
  const call = async (as: Role, method: 'GET' | 'POST', url: string, payload?: unknown) => h.call({ method, url: `/api/v1${url}`, as, ...(payload !== undefined && { payload: payload as Json }) });
  const ok = async (as: Role, method: 'GET' | 'POST', url: string, payload?: unknown, status = 200): Promise<Json> => {
    const response = await call(as, method, url, payload);
    expect(response.statusCode, `${method} ${url} as ${as}: ${response.body}`).toBe(status);
    return response.json();
  };
  const releasedIds = (status: Json) => (status.released as Json[]).map((r) => r.injectId);

  beforeAll(async () => {
    h = await openApiHarness(kind);
  }, 60_000);
  afterAll(() => h?.close());

  it('lists the shipped scripts to any signed-in user', async () => {
    const { scripts } = await ok('viewer', 'GET', '/exercise-scripts');
    expect(scripts.map((s: Json) => s.id)).toEqual([LAKE_SHIELD, 'corridor-ceasefire-open-road']);
    expect(scripts[0]).toMatchObject({ durationMinutes: 240, injectCount: 13, rolesNeeded: expect.arrayContaining(['advisor', 'commander']) });
  });

  it('lets only the facilitator start an exercise and run its clock', async () => {
    expect((await call('viewer', 'POST', '/exercises', { scriptId: LAKE_SHIELD })).statusCode).toBe(403);
    const unknown = await call('administrator', 'POST', '/exercises', { scriptId: 'no-such-script' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].path).toBe('scriptId');
    const started = await ok('administrator', 'POST', '/exercises', { scriptId: LAKE_SHIELD }, 201);
    for (const role of ['viewer', 'commander', 'civilian_authority'] as const) {
      expect((await call(role, 'POST', `/exercises/${started.id}/clock`, { action: 'start' })).statusCode).toBe(403);
      expect((await call(role, 'POST', `/exercises/${started.id}/release-next`)).statusCode).toBe(403);
    }
    const badSpeed = await call('administrator', 'POST', `/exercises/${started.id}/clock`, { action: 'speed', speed: 61 });
    expect(badSpeed.statusCode).toBe(400);
    expect(badSpeed.json().error.issues[0].path).toBe('speed');
    // Pausing a clock that has not started makes no sense.
    expect((await call('administrator', 'POST', `/exercises/${started.id}/clock`, { action: 'pause' })).statusCode).toBe(409);
  });

  it('plays a run: releases in order and once, through the normal workflows, then reviews it; a rewind plays again', async () => {
    const created = await ok('administrator', 'POST', '/exercises', { scriptId: LAKE_SHIELD }, 201);
    const id = created.id;
    expect(created).toMatchObject({ run: 1, clock: { status: 'not_started', speed: 1, exerciseMinute: 0, durationMinutes: 240 }, released: [], nextInject: { id: 'opening-brief', atMinute: 0 } });
    expect(created.terrain.agreements).toEqual([expect.objectContaining({ ref: 'basin-truce', inForce: true, breachedAtMinute: null })]);

    // Started, the minute-0 brief is due: the status releases it, and reading again releases nothing more.
    const running = await ok('administrator', 'POST', `/exercises/${id}/clock`, { action: 'start' });
    expect(running.clock.status).toBe('running');
    expect(releasedIds(running)).toEqual(['opening-brief']);
    expect(releasedIds(await ok('commander', 'GET', `/exercises/${id}`))).toEqual(['opening-brief']);
    const list = await ok('viewer', 'GET', '/exercises');
    expect(list.exercises).toContainEqual(expect.objectContaining({ id, scriptId: LAKE_SHIELD, run: 1, status: 'running' }));

    // The facilitator plays fast: each jump releases the next inject, in the script's order.
    const camp = await ok('administrator', 'POST', `/exercises/${id}/release-next`, {});
    expect(releasedIds(camp)).toEqual(['opening-brief', 'camp-attack-bama']);
    expect(camp.clock.exerciseMinute).toBeGreaterThanOrEqual(10);
    const campRelease = camp.released[1];
    expect(campRelease.facilitatorNotes).toMatch(/verify/);
    expect(campRelease.records).toEqual([{ entityType: 'incident', entityId: expect.any(String) }]);
    expect(camp.nextInject).toMatchObject({ id: 'patrol-report-konduga', atMinute: 25 });

    // A player's feed: what is addressed to everyone or to their role, no facilitator's notes, no next inject.
    const feed = await ok('analyst', 'GET', `/exercises/${id}`);
    expect(releasedIds(feed)).toEqual(['camp-attack-bama']);
    for (const r of feed.released as Json[]) expect(r).not.toHaveProperty('facilitatorNotes');
    expect(feed).not.toHaveProperty('nextInject');
    const commanderFeed = await ok('commander', 'GET', `/exercises/${id}`);
    expect(releasedIds(commanderFeed)).toEqual(['opening-brief', 'camp-attack-bama']);
    expect(commanderFeed.released[0]).toMatchObject({ kind: 'message', toRole: 'commander', text: expect.stringContaining('truce') });
    expect(releasedIds(await ok('viewer', 'GET', `/exercises/${id}`))).toEqual(['camp-attack-bama']);

    // The incident went into the register marked exercise, and stays out of real-data queries.
    const incidentId = campRelease.records[0].entityId;
    const incident = await ok('analyst', 'GET', `/incidents/${incidentId}`);
    expect(incident.exercise).toBe(true);
    expect(incident.title).toMatch(/^EXERCISE/);
    const real = await ok('analyst', 'GET', '/incidents?exercise=false');
    expect((real.items as Json[]).map((i) => i.id)).not.toContain(incidentId);
    const exercises = await ok('analyst', 'GET', '/incidents?exercise=true');
    expect((exercises.items as Json[]).map((i) => i.id)).toContain(incidentId);

    // A player records an action in their role; a viewer plays no role.
    await ok('administrator', 'POST', `/exercises/${id}/release-next`, {});
    const action = await ok('analyst', 'POST', `/exercises/${id}/actions`, { injectId: 'patrol-report-konduga', kind: 'report', description: 'Passed on: the man is alone, asleep and reachable', escalatory: false }, 201);
    expect(action).toMatchObject({ exerciseId: id, run: 1 });
    expect((await call('viewer', 'POST', `/exercises/${id}/actions`, { kind: 'other', description: 'Watching', escalatory: false })).statusCode).toBe(403);
    const notYet = await call('analyst', 'POST', `/exercises/${id}/actions`, { injectId: 'market-strike', kind: 'report', description: 'Too early', escalatory: false });
    expect(notYet.statusCode).toBe(400);
    expect(notYet.json().error.issues[0].path).toBe('injectId');

    // The force request inject goes into the normal force workflow, marked EXERCISE.
    const fighter = await ok('administrator', 'POST', `/exercises/${id}/release-next`, {});
    const fighterRelease = (fighter.released as Json[]).find((r) => r.injectId === 'sleeping-fighter')!;
    expect(fighterRelease.kind).toBe('force_request');
    const requestId = fighterRelease.records[0].entityId;
    expect(fighterRelease.records[0].entityType).toBe('force_request');
    const queue = (await ok('commander', 'GET', '/force/requests')) as unknown as Json[];
    expect(queue.find((r) => r.id === requestId)).toMatchObject({ exercise: true, missionName: expect.stringMatching(/EXERCISE/), status: 'awaiting_review' });
    expect(((await ok('commander', 'GET', '/force/requests?exercise=false')) as unknown as Json[]).map((r) => r.id)).not.toContain(requestId);
    expect(((await ok('commander', 'GET', '/force/requests?exercise=true')) as unknown as Json[]).map((r) => r.id)).toContain(requestId);

    // A hasty commander: the advisor does not concur; lethal force is authorised where arrest was feasible.
    await ok('human_security_advisor', 'POST', `/force/requests/${requestId}/review`, { position: 'do_not_concur', reasons: 'He is asleep and alone: arrest him, do not kill him.' });
    const read = await ok('commander', 'GET', `/force/requests/${requestId}`);
    expect(read.exercise).toBe(true);
    expect(read.verdicts.humanSecurity).toBe('prohibited');
    await ok('commander', 'POST', `/force/requests/${requestId}/decision`, { decision: 'authorise', reasons: 'He attacked the camp; take no risk with him.', expectedVersion: read.version });
    await ok('commander', 'POST', `/exercises/${id}/outcomes`, { forceRequestId: requestId, method: 'lethal_force', warningGiven: false, suspectsArrested: 0, suspectsKilled: 1, killed: { civilians: 0, ownForce: 0, opposingForce: 1 } }, 201);
    const strange = await call('commander', 'POST', `/exercises/${id}/outcomes`, { forceRequestId: incidentId, method: 'no_force', warningGiven: false, suspectsArrested: 0, suspectsKilled: 0, killed: { civilians: 0, ownForce: 0, opposingForce: 0 } });
    expect(strange.statusCode).toBe(400);
    expect(strange.json().error.issues[0].path).toBe('forceRequestId');

    // The review: the decision with the advice and the engine's verdicts, and the departure.
    expect((await call('viewer', 'GET', `/exercises/${id}/review`)).statusCode).toBe(403);
    const review = await ok('civilian_authority', 'GET', `/exercises/${id}/review`);
    expect(review).toMatchObject({ exercise: true, run: 1, scriptId: LAKE_SHIELD, scriptTitle: expect.stringMatching(/EXERCISE/) });
    expect(review.decisions).toHaveLength(1);
    const decision = review.decisions[0];
    expect(decision).toMatchObject({
      requestId,
      injectId: 'sleeping-fighter',
      advice: { position: 'do_not_concur', by: 'human_security_advisor-user' },
      decision: { decision: 'authorise', by: 'commander-user' },
      engine: { humanSecurity: 'prohibited' },
      outcome: { method: 'lethal_force', suspectsKilled: 1 },
      status: 'awaiting_approval',
    });
    // Exercise minutes come from the clock: the decision falls at or after the inject's release.
    expect(decision.decision.atMinute).toBeGreaterThanOrEqual(decision.injectReleasedAtMinute);
    expect(decision.injectReleasedAtMinute).toBeGreaterThanOrEqual(40);
    const rules = (review.departures as Json[]).filter((d) => d.requestId === requestId).map((d) => d.rule);
    expect(rules).toContain('lethal_force_where_arrest_feasible');
    expect(rules).toContain('force_without_civilian_approval');
    expect((review.timeline as Json[]).some((t) => t.kind === 'action' && t.role === 'analyst')).toBe(true);

    const page = await call('commander', 'GET', `/exercises/${id}/review.html`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('class="exercise-banner"');
    expect(page.body).toContain('data-rule="lethal_force_where_arrest_feasible"');
    expect(page.body).toContain('He is asleep and alone');

    // The exercise's force steps are sealed in the ledger like any other, and the ledger still verifies.
    expect(await ok('auditor', 'GET', '/ledger/verification')).toMatchObject({ ok: true, records: { problems: [] } });
    const sealed = (await ok('commander', 'GET', `/force/requests/${requestId}`)).ledger as Json[];
    expect(sealed.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['force.request', 'force.assessment', 'force.review', 'force.decision']));

    // The clock and the releases are audited.
    const audit = await ok('auditor', 'GET', `/audit?entityType=exercise&entityId=${id}`);
    const actions = (audit.items as Json[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['exercise.start', 'exercise.clock.start', 'exercise.clock.jump', 'exercise.release', 'exercise.action', 'exercise.outcome', 'exercise.review_export']));

    // Rewind: run 2 starts empty, releases everything again as new records, and its review holds none of run 1.
    const rewound = await ok('administrator', 'POST', `/exercises/${id}/clock`, { action: 'rewind' });
    expect(rewound).toMatchObject({ run: 2, clock: { status: 'not_started', exerciseMinute: 0 }, released: [] });
    await ok('administrator', 'POST', `/exercises/${id}/clock`, { action: 'start' });
    const again = await ok('administrator', 'POST', `/exercises/${id}/release-next`, {});
    expect(releasedIds(again)).toEqual(['opening-brief', 'camp-attack-bama']);
    expect(again.released[1].records[0].entityId).not.toBe(incidentId);
    const review2 = await ok('commander', 'GET', `/exercises/${id}/review`);
    expect(review2).toMatchObject({ run: 2, decisions: [], departures: [] });
    // Run 1's force request is kept, in the force workflow as it was.
    expect((await ok('commander', 'GET', `/force/requests/${requestId}`)).status).toBe('awaiting_approval');
  });

  it('releases each due inject once when several readers read at the same moment', async () => {
    const { id } = await ok('administrator', 'POST', '/exercises', { scriptId: LAKE_SHIELD }, 201);
    await ok('administrator', 'POST', `/exercises/${id}/clock`, { action: 'start' });
    await ok('administrator', 'POST', `/exercises/${id}/clock`, { action: 'pause' });
    // The clock moved on to minute 60 with nobody reading: five injects are due and none released past the first.
    const db = h.ctx.store.connection.db;
    const held = (await h.ctx.store.exercises.find(db, id))!;
    expect(await h.ctx.store.exercises.updateClock(db, id, held.version, { ...held.clock, elapsedMs: 60 * 60_000 }, new Date().toISOString())).toBe(true);
    const readers = ['analyst', 'commander', 'viewer', 'investigator'] as const;
    const reads = await Promise.all(readers.map((role) => call(role, 'GET', `/exercises/${id}`)));
    for (const read of reads) expect(read.statusCode, read.body).toBe(200);
    const expected = ['opening-brief', 'camp-attack-bama', 'patrol-report-konduga', 'sleeping-fighter', 'checkpoint-shots'];
    // Once each in the store, and in the script's order in every reader's feed.
    expect((await h.ctx.store.exercises.releases(db, id)).map((r) => r.injectId).sort()).toEqual([...expected].sort());
    const all = await ok('administrator', 'GET', `/exercises/${id}`);
    expect(releasedIds(all)).toEqual(expected);
    // Each player reads what is addressed to everyone or to their role (these Haven roles share the exercise role's name).
    reads.forEach((read, i) => {
      const theirs = (all.released as Json[]).filter((r) => r.toRole === undefined || r.toRole === readers[i]).map((r) => r.injectId);
      expect(releasedIds(read.json())).toEqual(theirs);
    });
    const records = await h.ctx.store.exercises.records(db, id, 1);
    expect(records.map((r) => r.injectId).sort()).toEqual(['camp-attack-bama', 'checkpoint-shots', 'sleeping-fighter']);
    expect(releasedIds(await ok('administrator', 'GET', `/exercises/${id}`))).toEqual(expected);
  });
});

// The PDF is the same page printed by Chromium, whatever the database: one run on SQLite is enough.
describe('the printed after-action review', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness('sqlite');
  }, 60_000);
  afterAll(() => h?.close());

  it('prints the review to an A4 PDF, marked EXERCISE', { timeout: 60_000 }, async () => {
    const started = await h.call({ method: 'POST', url: '/api/v1/exercises', as: 'administrator', payload: { scriptId: LAKE_SHIELD } });
    const id = started.json().id as string;
    for (let i = 0; i < 13; i++) expect((await h.call({ method: 'POST', url: `/api/v1/exercises/${id}/release-next`, as: 'administrator', payload: {} })).statusCode).toBe(200);
    const response = await h.call({ method: 'GET', url: `/api/v1/exercises/${id}/review.pdf`, as: 'commander' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="exercise-review-lake-chad-lake-shield-run-1.pdf"');
    const pdf = response.rawPayload;
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    const text = pdfText(pdf).normalize('NFKC').replace(/\s+/g, ' ');
    expect(text).toContain('a training run on fictional injects; nothing here is real');
    expect(text).toContain('Departures from the human-security principles');
  });
});
