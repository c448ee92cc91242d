import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerSegment } from '../../src/application/ledger.service.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import { greatCircleKm } from '../../src/core/great-circle.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';

/** The isolated sleeping fighter (ICRC 2013): a lawful target by status under IHL; arrest is feasible. */
const sleepingFighter = (): ForceRequestInput => ({
  mission: { name: 'EXERCISE Lake Shield', civilianApprovalRequired: true },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'neutralise_military_objective',
  target: { kind: 'person', status: 'fighter', description: 'A fighter asleep in a house far from any fighting' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
});

describe.each(DATABASES)('use-of-force workflow and ledger over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let secondCommander: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'commander-two', displayName: 'Second commander', role: 'commander', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'commander-two', password: PASSWORD } });
    secondCommander = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
  });
  afterAll(() => h?.close());

  it('assesses under both regimes at once, side by side, and never authorises', async () => {
    const response = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'analyst', payload: { request: sleepingFighter() } });
    expect(response.statusCode, response.body).toBe(200);
    const assessment = response.json();
    expect(assessment.humanSecurity.verdict).toBe('prohibited');
    expect(assessment.humanSecurity.paradigm).toBe('law_enforcement');
    expect(['permitted', 'permitted_with_conditions', 'needs_human_judgement']).toContain(assessment.ihl.verdict);
    expect(assessment.divergence.length).toBeGreaterThan(0);
    expect(assessment.notice).toMatch(/does not authorise/);
    expect(assessment.ruleSets.length).toBeGreaterThan(0);
  });

  it('brings the register to bear: recent incidents near the place, counted with their deaths, and the site register, with no protected site near it', async () => {
    const here = { lat: 11.85, lon: 13.16 };
    // Incidents at growing distances and dates; the test works out which fall within 10 km and 90 days itself.
    const placed = [
      { lat: 11.85, lon: 13.16, date: '2026-11-01', precision: 'exact' },
      { lat: 11.88, lon: 13.2, date: '2026-10-15', precision: 'within_25km' },
      { lat: 11.95, lon: 13.16, date: '2026-09-10', precision: 'exact' },
      { lat: 12.2, lon: 13.16, date: '2026-11-10', precision: 'exact' },
      { lat: 11.86, lon: 13.17, date: '2026-05-01', precision: 'exact' },
      { lat: 11.84, lon: 13.15, date: '2026-11-05', precision: 'admin1' },
    ] as const;
    for (const [i, p] of placed.entries()) {
      const incident = { ...validIncident(), title: `Nearby incident ${i}`, dateEarliest: p.date, dateLatest: p.date, location: { ...validIncident().location, lat: p.lat, lon: p.lon, precision: p.precision } };
      expect((await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: incident })).statusCode).toBe(201);
    }
    const expected = placed.filter((p) => greatCircleKm(here, p) <= 10 && p.date >= '2026-08-29' && p.date <= '2026-11-27' && p.precision !== 'admin1');
    const civilianBest = validIncident().casualties?.find((c) => c.status === 'civilian')?.best ?? 0;
    expect(civilianBest).toBeGreaterThan(0);

    const response = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'commander', payload: { request: { ...sleepingFighter(), location: { ...here, description: 'Village north of the river' }, at: '2026-11-27T06:00:00Z' } } });
    expect(response.statusCode, response.body).toBe(200);
    const context = response.json().situationContext;
    expect(context).toMatchObject({ asOf: '2026-11-27', radiusKm: 10, protectedSites: { available: true, sites: [] } });
    expect(context.recentIncidents.count).toBe(expected.length);
    expect(context.recentIncidents.civilianKilled.best).toBe(expected.length * civilianBest);
    expect(context.recentIncidents.nearest.map((n: { title: string }) => n.title)[0]).toBe('Nearby incident 0');
    const entry = response.json().humanSecurity.trace.find((e: { ruleId: string }) => e.ruleId === 'ENGINE-CONTEXT');
    expect(entry.finding.reason).toContain(`${expected.length} incidents within 10 km`);

    const placeless = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'commander', payload: { request: sleepingFighter() } });
    expect(placeless.json().situationContext).toBeNull();
  });

  it('refuses an invalid request with the field at fault, and refuses roles that may not request', async () => {
    const bad = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'analyst', payload: { request: { ...sleepingFighter(), purpose: 'win' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('request.purpose');
    expect((await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'viewer', payload: { request: sleepingFighter() } })).statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/force/requests' })).statusCode).toBe(401);
  });

  it('assesses a request that names a registered system on the register\'s facts, shows where the request said otherwise, and refuses a system not in the register', async () => {
    // A counter-drone system against drones in flight, reviewed: the request enters it as operated by a person.
    const system = {
      name: 'Camp counter-drone system',
      purpose: 'defensive',
      isWeapon: true,
      targetTypes: 'objects_only',
      autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes' },
      limits: { duration: 'one shift', area: 'the camp', scale: 'one battery', environment: 'no civilian air traffic' },
      legalReview: { status: 'in_progress' },
    };
    const created = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: system });
    expect(created.statusCode, created.body).toBe(201);
    const { id: capabilityId, version } = created.json<{ id: string; version: number }>();
    const request: ForceRequestInput = {
      ...sleepingFighter(),
      purpose: 'protect_civilians_from_imminent_threat',
      target: { kind: 'object', status: 'munition_in_flight', description: 'Armed drones inbound towards the camp' },
      threat: { imminence: 'imminent', toLife: 'yes', toWhom: 'civilians', hostileAct: 'yes', hostileIntent: 'yes' },
      means: { weapon: 'interceptor', lethal: 'no', capabilityId, legalReview: 'lawful', autonomy: { level: 'human_operated', targetsPeople: 'no' } },
    };
    const register = (body: { humanSecurity: { trace: { ruleId: string; finding: { outcome: string; reason: string } }[] } }) => body.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-REGISTER')!.finding;
    const weaponReview = (body: { humanSecurity: { trace: { ruleId: string; finding: { outcome: string } }[] } }) => body.humanSecurity.trace.find((e) => e.ruleId === 'HS-WEAPON-REVIEW')!.finding.outcome;

    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const stored = submitted.json();
    // Its review is not finished in the register, whatever the request says: human security will not use it.
    expect(stored.assessment.registeredSystem).toMatchObject({ capabilityId, version, name: 'Camp counter-drone system', legalReview: { status: 'in_progress' } });
    expect(weaponReview(stored.assessment)).toBe('prohibits');
    expect(stored.assessment.humanSecurity.verdict).toBe('prohibited');
    expect(register(stored.assessment).reason).toContain('means.legalReview (request: lawful; register: not_completed)');
    expect(register(stored.assessment).reason).toContain('means.autonomy.level (request: human_operated; register: human_supervised)');
    // The request keeps what was entered; the assessment says what was assessed.
    expect(stored.request.means).toMatchObject({ capabilityId, legalReview: 'lawful', autonomy: { level: 'human_operated' } });

    // The review completes in the register: the next assessment reads the new version.
    const reviewed = await h.call({
      method: 'PUT',
      url: `/api/v1/capabilities/${capabilityId}`,
      as: 'analyst',
      payload: { version, capability: { ...system, legalReview: { status: 'completed', date: '2026-11-30', reviewer: 'Force legal adviser', conclusion: 'lawful' } } },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const preview = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'commander', payload: { request } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().registeredSystem).toMatchObject({ version: version + 1, legalReview: { status: 'completed', reviewer: 'Force legal adviser' } });
    expect(weaponReview(preview.json())).toBe('satisfied');
    expect(register(preview.json()).reason).not.toContain('means.legalReview');

    const unknown = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request: { ...request, means: { ...request.means, capabilityId: 'no-such-system' } } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ path: 'request.means.capabilityId', message: expect.stringContaining('capability register') });
  });

  it('goes request → review → decision → civilian approval with named people, each step in the ledger', async () => {
    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request: sleepingFighter() } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json().id;
    expect(submitted.json()).toMatchObject({ status: 'awaiting_review', verdicts: { humanSecurity: 'prohibited' } });
    expect(submitted.json().ledger.map((e: { kind: string }) => e.kind)).toEqual(['force.request', 'force.assessment']);

    const queue = await h.call({ method: 'GET', url: '/api/v1/force/requests?statuses=awaiting_review', as: 'human_security_advisor' });
    expect(queue.json().map((r: { id: string }) => r.id)).toContain(id);

    const judged = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/judgements`, as: 'human_security_advisor', payload: { kind: 'arrest_feasible', value: 'yes', reasoning: 'A patrol can reach the house by night and detain him without a fight.' } });
    expect(judged.statusCode, judged.body).toBe(200);
    expect(judged.json().request.judgements[0].by).toMatchObject({ name: 'human_security_advisor-user', role: 'human_security_advisor' });

    const reviewed = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/review`, as: 'human_security_advisor', payload: { position: 'do_not_concur', reasons: 'Arrest is feasible; there is no imminent threat to life.' } });
    expect(reviewed.json().status).toBe('awaiting_decision');

    // The requester may not decide their own request.
    const own = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/decision`, as: 'commander', payload: { decision: 'deny', reasons: 'I would rather not decide this myself.', expectedVersion: reviewed.json().version } });
    expect(own.statusCode).toBe(403);
    const stale = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/decision`, headers: { cookie: secondCommander }, payload: { decision: 'authorise', reasons: 'Decided on an old reading of the request.', expectedVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    const decided = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/decision`, headers: { cookie: secondCommander }, payload: { decision: 'authorise', reasons: 'Authorised for the record of this test, against the advice.', expectedVersion: reviewed.json().version } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('awaiting_approval');
    const decisionStep = decided.json().steps.find((s: { kind: string }) => s.kind === 'decision');
    expect(decisionStep.payload.againstAdvice).toBe(true);

    const approved = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/approval`, as: 'civilian_authority', payload: { approval: 'reject', reasons: 'Arrest first: the mission is civilian-led and protective.', expectedVersion: decided.json().version } });
    expect(approved.json().status).toBe('rejected');
    expect(approved.json().ledger.map((e: { kind: string }) => e.kind)).toEqual([
      'force.request',
      'force.assessment',
      'force.judgement',
      'force.assessment',
      'force.review',
      'force.decision',
      'force.approval',
    ]);
    const after = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/review`, as: 'human_security_advisor', payload: { position: 'concur', reasons: 'Too late to review again.' } });
    expect(after.statusCode).toBe(409);
  });

  it('routes an emergency self-defence record straight to review', async () => {
    const request = { ...sleepingFighter(), purpose: 'self_defence' as const, threat: { imminence: 'imminent' as const, toLife: 'yes' as const, toWhom: 'own_force' as const, hostileAct: 'yes' as const } };
    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request, emergency: true } });
    expect(submitted.json()).toMatchObject({ status: 'awaiting_review', emergency: true });
    expect(submitted.json().ledger[0].kind).toBe('force.emergency');
    const reviewed = await h.call({ method: 'POST', url: `/api/v1/force/requests/${submitted.json().id}/review`, as: 'human_security_advisor', payload: { position: 'concur', reasons: 'Fire was returned against an attack in progress.' } });
    expect(reviewed.json().status).toBe('reviewed_after_emergency');
    const outcome = await h.call({ method: 'POST', url: `/api/v1/force/requests/${submitted.json().id}/outcome`, as: 'commander', payload: { summary: 'Attackers withdrew; one wounded attacker detained and treated.', deaths: { civilians: 0, ownForce: 0, opposingForce: 0 }, arrests: 1 } });
    expect(outcome.statusCode, outcome.body).toBe(200);
  });

  it('refuses judgements in a submission: a judgement is signed by the signed-in user, through its own endpoint', async () => {
    const before = (await h.call({ method: 'GET', url: '/api/v1/force/requests', as: 'commander' })).json().length;
    const ledgerBefore = (await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'human_security_advisor' })).json().entries;
    // An analyst signs, in someone else's name, the judgement that turns the engine's answer.
    const forged = { kind: 'lethal_force_strictly_unavoidable', value: 'yes', reasoning: 'Signed in the commander’s name by someone else.', by: { userId: h.users.commander.id, name: 'commander-user', role: 'commander' }, at: '2026-11-20T09:30:00Z' };
    const response = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'analyst', payload: { request: { ...sleepingFighter(), judgements: [forged] } } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.issues[0]).toMatchObject({ path: 'request.judgements', message: expect.stringContaining('POST /force/requests/{id}/judgements') });
    expect(response.json().error.issues[0].message).toContain('signed by the signed-in user');
    // Nothing stored, nothing signed into the ledger.
    expect((await h.call({ method: 'GET', url: '/api/v1/force/requests', as: 'commander' })).json().length).toBe(before);
    expect((await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'human_security_advisor' })).json().entries).toBe(ledgerBefore);
    // The preview stores nothing: a hypothetical judgement may be tried there.
    const preview = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'analyst', payload: { request: { ...sleepingFighter(), judgements: [forged] } } });
    expect(preview.statusCode, preview.body).toBe(200);
  });

  it('refuses a judgement from the requester, as it refuses their review and decision', async () => {
    for (const role of ['commander', 'human_security_advisor'] as const) {
      const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: role, payload: { request: sleepingFighter() } });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const id = submitted.json().id;
      const own = await h.call({ method: 'POST', url: `/api/v1/force/requests/${id}/judgements`, as: role, payload: { kind: 'arrest_feasible', value: 'no', reasoning: 'I judge my own request: arrest is not feasible.' } });
      expect(own.statusCode, own.body).toBe(403);
      expect(own.json().error.message).toBe('nobody may enter a judgement on their own request');
      const after = await h.call({ method: 'GET', url: `/api/v1/force/requests/${id}`, as: role });
      expect(after.json().request.judgements).toEqual([]);
      expect(after.json().ledger.map((e: { kind: string }) => e.kind)).toEqual(['force.request', 'force.assessment']);
      // Someone else may.
      const judgement = { method: 'POST', url: `/api/v1/force/requests/${id}/judgements`, payload: { kind: 'arrest_feasible', value: 'yes', reasoning: 'A patrol can reach the house by night.' } } as const;
      const other = await h.call(role === 'commander' ? { ...judgement, as: 'human_security_advisor' } : { ...judgement, headers: { cookie: secondCommander } });
      expect(other.statusCode, other.body).toBe(200);
    }
  });

  it('verifies the ledger, catches a row altered in the database, and exports segments that verify elsewhere', async () => {
    const verified = await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'human_security_advisor' });
    expect(verified.json()).toMatchObject({ ok: true });
    const entries = verified.json().entries as number;
    expect(entries).toBeGreaterThanOrEqual(9);

    const segment = await h.call({ method: 'GET', url: '/api/v1/ledger/segment?from=3', as: 'civilian_authority' });
    const lines = segment.body.split('\n');
    expect(verifyLedgerSegment(lines, h.ctx.ledgerKey.publicKeyPem)).toMatchObject({ ok: true, entries: entries - 2 });
    const forged = lines.map((line, i) => (i === 2 ? line.replace('"force.', '"forged.') : line));
    expect(verifyLedgerSegment(forged, h.ctx.ledgerKey.publicKeyPem).ok).toBe(false);

    // Someone with database access edits a decision's reasons directly.
    await sql`update ledger_entries set payload = replace(payload, 'against the advice', 'with the advice') where kind = 'force.decision'`.execute(h.ctx.store.connection.db);
    const broken = await h.call({ method: 'GET', url: '/api/v1/ledger/verification', as: 'human_security_advisor' });
    expect(broken.json().ok).toBe(false);
    const decisionSeq = (await h.ctx.store.connection.db.selectFrom('ledger_entries').select('seq').where('kind', '=', 'force.decision').executeTakeFirstOrThrow()).seq;
    expect(broken.json().chain.firstBroken).toMatchObject({ seq: decisionSeq, reason: expect.stringMatching(/altered/) });
  });
});
