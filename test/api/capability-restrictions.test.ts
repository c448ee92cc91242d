import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { getCapability, listCapabilities } from '../../src/application/capability.service.js';
import type { CapabilityRecord } from '../../src/core/capabilities/capability-api.schema.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import { operator } from '../../src/cli/cli-context.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';

/** A classified counter-drone system: reviewed, supervised by a person, against objects only. */
const classified = {
  name: 'Project Lantern interceptor',
  purpose: 'defensive',
  isWeapon: true,
  targetTypes: 'objects_only',
  autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes' },
  limits: { duration: 'one shift', area: 'the base', scale: 'one battery', environment: 'no civilian air traffic' },
  legalReview: { status: 'completed', date: '2025-03-01', reviewer: 'Force legal adviser', conclusion: 'lawful' },
};

/** Drones inbound towards a camp, met with an interceptor that names a registered system. */
const interception = (capabilityId: string): ForceRequestInput => ({
  mission: { name: 'EXERCISE Quiet Sky', civilianApprovalRequired: false },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'protect_civilians_from_imminent_threat',
  target: { kind: 'object', status: 'munition_in_flight', description: 'Armed drones inbound towards the camp' },
  threat: { imminence: 'imminent', toLife: 'yes', toWhom: 'civilians', hostileAct: 'yes', hostileIntent: 'yes' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'no', warningFeasible: 'no', warningGiven: 'no', lessLethalAvailable: 'no', targetVerified: 'yes' },
  means: { weapon: 'interceptor', lethal: 'no', capabilityId },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
});

interface TraceBody {
  registeredSystem?: { capabilityId: string } | null;
  humanSecurity: { trace: { ruleId: string; finding: { outcome: string; missing?: string[] } }[] };
}
const registerFinding = (a: TraceBody) => a.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-REGISTER')!.finding;

/** A system of the capability register restricted to named users and groups: missing to everyone else, as incidents are. */
describe.each(DATABASES)('restricted systems of the capability register on %s', (kind) => {
  let h: ApiHarness;
  let secondAnalyst: string;
  let restrictedId: string;
  const MISSING = '01890000-0000-7000-8000-0000000000bb';

  const asSecondAnalyst = (method: 'GET' | 'PUT', url: string, payload?: object) => h.app.inject({ method, url, headers: { cookie: secondAnalyst }, ...(payload && { payload }) });
  const listed = async (role: 'viewer' | 'commander' | 'human_security_advisor' | 'analyst') => (await h.call({ method: 'GET', url: '/api/v1/capabilities', as: role })).json<{ items: CapabilityRecord[] }>().items.map((r) => r.id);

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'analyst-two', displayName: 'Second analyst', role: 'analyst', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'analyst-two', password: PASSWORD } });
    secondAnalyst = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    const created = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: classified });
    expect(created.statusCode, created.body).toBe(201);
    restrictedId = created.json<CapabilityRecord>().id;
  });
  afterAll(() => h?.close());

  it('restricts a system to named users and a group: it vanishes from the register for everyone else, 404 like a missing one', async () => {
    expect(await listed('viewer')).toContain(restrictedId);
    const group = await h.call({ method: 'POST', url: '/api/v1/groups', as: 'administrator', payload: { name: 'lantern-programme', members: ['commander-user'] } });
    expect(group.statusCode, group.body).toBe(201);
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${restrictedId}/restriction`, as: 'analyst', payload: { users: ['human_security_advisor-user'], groups: ['lantern-programme'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    // The analyst who restricted (and added) it stays on the list.
    expect(restricted.json()).toEqual({ restricted: true, users: ['analyst-user', 'human_security_advisor-user'], groups: ['lantern-programme'] });

    const missing = await h.call({ method: 'GET', url: `/api/v1/capabilities/${MISSING}`, as: 'viewer' });
    expect(missing.statusCode).toBe(404);
    for (const url of [`/api/v1/capabilities/${restrictedId}`, `/api/v1/capabilities/${restrictedId}/restriction`]) {
      const hidden = await h.call({ method: 'GET', url, as: 'viewer' });
      expect(hidden.statusCode, url).toBe(404);
      expect(hidden.json().error.code).toBe(missing.json().error.code);
      expect(hidden.json().error.message.replace(restrictedId, 'ID')).toBe(missing.json().error.message.replace(MISSING, 'ID'));
      expect((await asSecondAnalyst('GET', url)).statusCode, url).toBe(404);
    }
    // Nor can someone outside the list change it, or its restriction: to them it does not exist.
    expect((await asSecondAnalyst('PUT', `/api/v1/capabilities/${restrictedId}`, { version: 1, capability: { ...classified, purpose: 'offensive' } })).statusCode).toBe(404);
    expect((await asSecondAnalyst('PUT', `/api/v1/capabilities/${restrictedId}/restriction`, { users: [] })).statusCode).toBe(404);
    expect(await listed('viewer')).not.toContain(restrictedId);
    expect((await asSecondAnalyst('GET', '/api/v1/capabilities')).json<{ items: CapabilityRecord[] }>().items.map((r) => r.id)).not.toContain(restrictedId);
  });

  it('shows it whole to those on the list, named or through the group', async () => {
    for (const role of ['analyst', 'human_security_advisor', 'commander'] as const) {
      const read = await h.call({ method: 'GET', url: `/api/v1/capabilities/${restrictedId}`, as: role });
      expect(read.statusCode, role).toBe(200);
      expect(read.json<CapabilityRecord>().capability.name).toBe(classified.name);
      expect(await listed(role), role).toContain(restrictedId);
    }
    const restriction = await h.call({ method: 'GET', url: `/api/v1/capabilities/${restrictedId}/restriction`, as: 'commander' });
    expect(restriction.json()).toEqual({ restricted: true, users: ['analyst-user', 'human_security_advisor-user'], groups: ['lantern-programme'] });
    // Those who may read posture but not write it cannot restrict it, even when they are on the list.
    expect((await h.call({ method: 'PUT', url: `/api/v1/capabilities/${restrictedId}/restriction`, as: 'commander', payload: { users: [] } })).statusCode).toBe(403);
  });

  it('hides it from the shell operator of haven capabilities list and assess, who is named on no list', async () => {
    const listedForShell = await listCapabilities(h.ctx, operator());
    expect(listedForShell.items.map((r) => r.id)).not.toContain(restrictedId);
    await expect(getCapability(h.ctx, operator(), restrictedId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps its audit entries, the restriction among them, for those on the list only', async () => {
    const trail = `/api/v1/audit?entityType=capability&entityId=${restrictedId}`;
    expect((await h.call({ method: 'GET', url: trail, as: 'auditor' })).json<{ items: unknown[] }>().items).toEqual([]);
    await h.call({ method: 'PUT', url: `/api/v1/capabilities/${restrictedId}/restriction`, as: 'analyst', payload: { users: ['human_security_advisor-user', 'auditor-user'], groups: ['lantern-programme'] } });
    const entries = (await h.call({ method: 'GET', url: trail, as: 'auditor' })).json<{ items: { action: string; changes: { restrictedTo?: { before: unknown; after: unknown } } }[] }>().items;
    expect(entries.map((e) => e.action)).toEqual(['capability.restriction', 'capability.restriction', 'capability.create']);
    expect(entries[1]!.changes.restrictedTo).toEqual({ before: null, after: { restricted: true, users: ['analyst-user', 'human_security_advisor-user'], groups: ['lantern-programme'] } });
  });

  it('lets a requester on the list preview a request naming it, but refuses it in a stored request, naming the field', async () => {
    const request = interception(restrictedId);
    const preview = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'commander', payload: { request } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().registeredSystem).toMatchObject({ capabilityId: restrictedId, name: classified.name });
    expect(registerFinding(preview.json()).outcome).toBe('satisfied');

    // A requester outside the list finds no such system, exactly as for one that does not exist.
    const secondCommander = await createUserAsOperator(h.ctx, { username: 'commander-two', displayName: 'Second commander', role: 'commander', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: secondCommander.username, password: PASSWORD } });
    const cookie = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    const outside = await h.app.inject({ method: 'POST', url: '/api/v1/force/assessments', headers: { cookie }, payload: { request } });
    const nowhere = await h.app.inject({ method: 'POST', url: '/api/v1/force/assessments', headers: { cookie }, payload: { request: interception(MISSING) } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.issues).toEqual(nowhere.json().error.issues);
    expect(outside.body).not.toContain(classified.name);

    const before = (await h.call({ method: 'GET', url: '/api/v1/force/requests', as: 'commander' })).json<unknown[]>().length;
    const stored = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request } });
    expect(stored.statusCode, stored.body).toBe(400);
    expect(stored.json().error.issues).toEqual([
      { path: 'request.means.capabilityId', code: 'restricted_capability', message: 'this system is restricted: its record would be shown to every reader of the request' },
    ]);
    expect(stored.json().error.message).toContain('shown to every reader of the request');
    expect((await h.call({ method: 'GET', url: '/api/v1/force/requests', as: 'commander' })).json<unknown[]>().length).toBe(before);
  });

  it('does not read a system restricted after a request named it when the request is assessed again: the engine asks for it', async () => {
    const created = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: { ...classified, name: 'Harbour interceptor battery' } });
    const systemId = created.json<CapabilityRecord>().id;
    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request: interception(systemId) } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json().assessment.registeredSystem).toMatchObject({ capabilityId: systemId, name: 'Harbour interceptor battery' });

    // Restricted since, to people who include the judge: a stored assessment is still shown to every reader.
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${systemId}/restriction`, as: 'analyst', payload: { users: ['human_security_advisor-user', 'commander-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    // The assessment signed before the restriction is shown without the system to readers off its list, whole to those on it.
    const before = await h.call({ method: 'GET', url: `/api/v1/force/requests/${submitted.json().id}`, as: 'civilian_authority' });
    expect(before.json().assessment.registeredSystem).toBeNull();
    expect(registerFinding(before.json().assessment)).toMatchObject({ outcome: 'satisfied', reason: expect.stringContaining('restricted since') });
    expect(JSON.stringify(before.json())).not.toContain('Harbour interceptor battery');
    expect(before.json().verdicts).toEqual(submitted.json().verdicts);
    const onList = await h.call({ method: 'GET', url: `/api/v1/force/requests/${submitted.json().id}`, as: 'commander' });
    expect(onList.json().assessment.registeredSystem).toMatchObject({ name: 'Harbour interceptor battery' });
    // The ledger entry of the request names the system: its payload is disclosed through the ledger to those on the list only.
    const requestEntry = (submitted.json().ledger as { seq: number; kind: string }[]).find((e) => e.kind === 'force.request')!;
    const offList = await h.call({ method: 'GET', url: `/api/v1/ledger/entries/${requestEntry.seq}`, as: 'civilian_authority' });
    expect(offList.statusCode, offList.body).toBe(200);
    expect(offList.json().disclosure).toBeUndefined();
    expect((await h.call({ method: 'GET', url: `/api/v1/ledger/entries/${requestEntry.seq}`, as: 'commander' })).json().disclosure.payload.request.means.capabilityId).toBe(systemId);

    const judged = await h.call({
      method: 'POST',
      url: `/api/v1/force/requests/${submitted.json().id}/judgements`,
      as: 'human_security_advisor',
      payload: { kind: 'threat_imminent', value: 'yes', reasoning: 'The drones are seconds from the camp.' },
    });
    expect(judged.statusCode, judged.body).toBe(200);
    const assessment = judged.json().assessment as TraceBody;
    expect(assessment.registeredSystem ?? null).toBeNull();
    expect(registerFinding(assessment)).toMatchObject({ outcome: 'needs_fact', missing: ['means.capabilityId'] });
    // The new assessment holds nothing of the restricted record, even for a reader on its list.
    const read = await h.call({ method: 'GET', url: `/api/v1/force/requests/${submitted.json().id}`, as: 'commander' });
    expect(read.statusCode, read.body).toBe(200);
    expect(JSON.stringify(read.json().assessment)).not.toContain('Harbour interceptor battery');
  });
});
