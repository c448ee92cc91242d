import { chmod, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileEvidenceStore } from '../../src/infrastructure/evidence-store.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { multipart } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Restricted records must not leak through the views derived from them: the links of evidence and cases, their
 * filters and id checks, counts, the situation context of a force request and the audit log (security review, issue 11).
 */
describe.each(DATABASES)('restricted records in derived views on %s', (kind) => {
  let h: ApiHarness;
  /** An investigator named on nothing: reads evidence and cases, sees no restricted record. */
  let outsider: string;
  let openId: string;
  let secretId: string;
  const secretTitle = 'Testimony from the detention site';
  const RANDOM = '01890000-0000-7000-8000-0000000000ab';

  const asOutsider = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    h.app.inject({ method, url, headers: { cookie: outsider, ...headers }, ...(payload !== undefined && { payload: payload as string }) });
  const sameError = (a: { statusCode: number; json(): { error: { code: string; message: string; issues: unknown[] } } }, b: typeof a, aId: string, bId: string) => {
    expect(a.statusCode).toBe(b.statusCode);
    const strip = (r: typeof a, id: string) => JSON.parse(JSON.stringify(r.json().error).replaceAll(id, 'ID')) as { requestId?: string };
    const { requestId: _a, ...first } = strip(a, aId);
    const { requestId: _b, ...second } = strip(b, bId);
    expect(first).toEqual(second);
  };
  const upload = (incidentIds: string[], text: string) => {
    const form = multipart([...incidentIds.map((id) => ({ name: 'incidentIds', value: id })), { name: 'file', fileName: 'statement.txt', contentType: 'text/plain', data: Buffer.from(text) }]);
    return { payload: form.body, headers: { 'content-type': form.contentType } };
  };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'investigator-out', displayName: 'Investigator named on nothing', role: 'investigator', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'investigator-out', password: PASSWORD } });
    outsider = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    openId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: validIncident() })).json().id;
    secretId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title: secretTitle } })).json().id;
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('shows an evidence item’s incidentIds only for incidents the reader may see', async () => {
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', ...upload([openId, secretId], 'A statement naming both incidents.') });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const itemId = uploaded.json().id as string;
    expect([...uploaded.json().incidentIds].sort()).toEqual([openId, secretId].sort());

    const one = await asOutsider('GET', `/api/v1/evidence/${itemId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().incidentIds).toEqual([openId]);
    expect(one.body).not.toContain(secretId);
    const listed = await asOutsider('GET', '/api/v1/evidence');
    expect(listed.body).not.toContain(secretId);
    const custody = await asOutsider('GET', `/api/v1/evidence/${itemId}/custody-report`);
    expect(custody.body).not.toContain(secretId);
    // The reader's view drops the hidden incident, yet every event still shows as sealed by its ledger entry.
    expect(custody.body).not.toContain('DOES NOT MATCH THE LEDGER');
    // The ledger withholds the receipt's payload from them (it names the hidden incident); it discloses it to the named.
    const segment = await asOutsider('GET', '/api/v1/ledger/segment');
    expect(segment.statusCode).toBe(200);
    expect(segment.body).not.toContain(secretId);
    const receipt = segment.body.split('\n').map((l) => (l.startsWith('{"v":') ? (JSON.parse(l) as { kind: string; subjectId: string; disclosure?: unknown }) : undefined)).find((e) => e?.kind === 'evidence.received' && e.subjectId === itemId);
    expect(receipt?.disclosure).toBeUndefined();
    expect((await h.call({ method: 'GET', url: '/api/v1/ledger/segment', as: 'investigator' })).body).toContain(secretId);
    const whole = await h.call({ method: 'GET', url: `/api/v1/evidence/${itemId}`, as: 'investigator' });
    expect([...whole.json().incidentIds].sort()).toEqual([openId, secretId].sort());
  });

  it('reports a failed check of a restricted evidence item to a verifier outside its list without naming the item', async () => {
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', ...upload([openId], 'Statement of a protected witness.') });
    const item = uploaded.json<{ id: string; sha256: string; originalName: string }>();
    expect((await h.call({ method: 'PUT', url: `/api/v1/evidence/${item.id}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } })).statusCode).toBe(200);
    const stored = new FileEvidenceStore(h.evidenceDir).pathOf('originals', item.sha256);
    await chmod(stored, 0o644);
    await writeFile(stored, 'Statement of a different witness.');
    try {
      const report = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'auditor', payload: {} })).json<{ ok: boolean; files: { itemId: string; originalName: string }[] }>();
      expect(report.ok).toBe(false);
      expect(report.files).toEqual([expect.objectContaining({ itemId: item.id, originalName: '(a restricted item)' })]);
      const named = (await h.call({ method: 'POST', url: '/api/v1/evidence/verification', as: 'investigator', payload: {} })).json<{ files: { itemId: string; originalName: string }[] }>();
      expect(named.files).toEqual([expect.objectContaining({ itemId: item.id, originalName: 'statement.txt' })]);
    } finally {
      await writeFile(stored, 'Statement of a protected witness.');
    }
  });

  it('answers ?incidentId= of a hidden incident as for a random id', async () => {
    const hidden = await asOutsider('GET', `/api/v1/evidence?incidentId=${secretId}`);
    const random = await asOutsider('GET', `/api/v1/evidence?incidentId=${RANDOM}`);
    expect(hidden.statusCode).toBe(random.statusCode);
    expect(hidden.json()).toEqual(random.json());
    // Those named on the incident still find its evidence.
    expect((await h.call({ method: 'GET', url: `/api/v1/evidence?incidentId=${secretId}`, as: 'investigator' })).json().length).toBeGreaterThan(0);
  });

  it('refuses a restricted incident id on upload with exactly the error of a random id', async () => {
    const send = (id: string) => {
      const form = upload([id], 'A statement linked to an incident.');
      return asOutsider('POST', '/api/v1/evidence', form.payload, form.headers);
    };
    const hidden = await send(secretId);
    const random = await send(RANDOM);
    expect(random.statusCode, random.body).toBe(400);
    expect(random.json().error.issues[0].path).toBe('incidentIds.0');
    sameError(hidden, random, secretId, RANDOM);
  });

  it('leaves hidden incidents out of case lists: their filter, their counts', async () => {
    const opened = await h.call({
      method: 'POST',
      url: '/api/v1/cases',
      as: 'investigator',
      payload: { title: 'Detentions at the depot', summary: 'One open, one restricted incident.', incidentIds: [openId, secretId], perpetrators: [], qualifications: [{ ref: 'rs-8-2-e-vi' }] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;

    const hidden = await asOutsider('GET', `/api/v1/cases?incidentId=${secretId}`);
    const random = await asOutsider('GET', `/api/v1/cases?incidentId=${RANDOM}`);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).toEqual(random.json());
    const summary = (await asOutsider('GET', '/api/v1/cases')).json().items.find((c: { id: string }) => c.id === caseId);
    expect(summary.incidentCount).toBe(1);
    expect((await asOutsider('GET', `/api/v1/cases/${caseId}`)).json().incidentCount).toBe(1);
    // The investigator named on the incident still finds the case by it, with both links counted.
    const named = await h.call({ method: 'GET', url: `/api/v1/cases?incidentId=${secretId}`, as: 'investigator' });
    expect(named.json().items.map((c: { id: string; incidentCount: number }) => [c.id, c.incidentCount])).toEqual([[caseId, 2]]);
  });

  it('leaves restricted evidence out of a case for readers outside its list, and their edits keep the link', async () => {
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', ...upload([], 'A restricted statement.') });
    const itemId = uploaded.json().id as string;
    await h.call({ method: 'PUT', url: `/api/v1/evidence/${itemId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    const fields = { title: 'Statements at the depot', summary: 'One restricted statement.', incidentIds: [openId], perpetrators: [], qualifications: [{ ref: 'rs-8-2-e-vi' }] };
    const opened = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: { ...fields, evidenceIds: [itemId] } });
    const caseId = opened.json().id as string;

    const seen = await asOutsider('GET', `/api/v1/cases/${caseId}`);
    expect(seen.json().evidenceIds).toEqual([]);
    expect(seen.body).not.toContain(itemId);
    const edited = await asOutsider('PUT', `/api/v1/cases/${caseId}`, { ...fields, summary: 'Edited without seeing the statement.', evidenceIds: [], expectedVersion: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await h.call({ method: 'GET', url: `/api/v1/cases/${caseId}`, as: 'investigator' })).json().evidenceIds).toEqual([itemId]);
  });

  it('counts arrests against killings only on the cases the reader may see', async () => {
    const before = {
      outsider: (await asOutsider('GET', '/api/v1/accountability/arrests-vs-killings')).json(),
      named: (await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings', as: 'investigator' })).json(),
    };
    const opened = await h.call({
      method: 'POST',
      url: '/api/v1/cases',
      as: 'investigator',
      payload: { title: 'Killing of a suspect', summary: 'Restricted.', perpetrators: [{ name: 'Suspect A', kind: 'person' }], qualifications: [{ ref: 'rs-8-2-e-vi' }] },
    });
    const caseId = opened.json().id as string;
    await h.call({ method: 'PUT', url: `/api/v1/cases/${caseId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    const killed = await h.call({ method: 'POST', url: `/api/v1/cases/${caseId}/perpetrators/${opened.json().perpetrators[0].id}/events`, as: 'investigator', payload: { kind: 'killed', date: '2026-10-01', by: 'Patrol', circumstances: 'Shot at a checkpoint.' } });
    expect(killed.statusCode, killed.body).toBe(200);

    const after = {
      outsider: (await asOutsider('GET', '/api/v1/accountability/arrests-vs-killings')).json(),
      named: (await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings', as: 'investigator' })).json(),
      auditor: (await h.call({ method: 'GET', url: '/api/v1/accountability/arrests-vs-killings', as: 'auditor' })).json(),
    };
    expect(after.named.killed).toBe(before.named.killed + 1);
    expect(after.outsider.killed).toBe(before.outsider.killed);
    expect(after.auditor.killed).toBe(before.outsider.killed);
  });

  describe('the situation context of a force request', () => {
    const place = { lat: 4.21, lon: 21.42 };
    const request = (): ForceRequestInput & { location: object; at: string } => ({
      mission: { name: 'EXERCISE River Watch', civilianApprovalRequired: false },
      situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
      purpose: 'neutralise_military_objective',
      target: { kind: 'person', status: 'fighter', description: 'A fighter at the ford' },
      threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
      alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
      means: { weapon: 'small_arms', lethal: 'yes' },
      expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
      location: { ...place, description: 'The ford' },
      at: '2026-11-27T06:00:00Z',
    });
    const nearby = (title: string) => ({ ...validIncident(), title, dateEarliest: '2026-11-01', dateLatest: '2026-11-01', location: { ...validIncident().location, ...place, country: 'CAF', admin1: 'Ouaka' } });

    it('is stored without a restricted incident, even when the requester may see it, and its deaths are not counted', async () => {
      const hidden = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: nearby('Massacre at the ford') });
      await h.call({ method: 'PUT', url: `/api/v1/incidents/${hidden.json().id}/restriction`, as: 'analyst', payload: { users: ['analyst-user'] } });
      const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'analyst', payload: { request: request() } });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const shown = await h.call({ method: 'GET', url: `/api/v1/force/requests/${submitted.json().id}`, as: 'commander' });
      const context = shown.json().assessment.situationContext;
      expect(context.recentIncidents.count).toBe(0);
      expect(context.recentIncidents.killed.best).toBe(0);
      expect(shown.body).not.toContain('Massacre at the ford');
      expect(shown.body).not.toContain(hidden.json().id);
    });

    it('does not show an incident restricted after the request to readers outside its list', async () => {
      const later = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: nearby('Shooting at the ford') });
      const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request: request() } });
      expect(JSON.stringify(submitted.json().assessment.situationContext)).toContain('Shooting at the ford');
      await h.call({ method: 'PUT', url: `/api/v1/incidents/${later.json().id}/restriction`, as: 'analyst', payload: { users: ['analyst-user'] } });
      const shown = await h.call({ method: 'GET', url: `/api/v1/force/requests/${submitted.json().id}`, as: 'human_security_advisor' });
      expect(shown.body).not.toContain('Shooting at the ford');
      expect(shown.body).not.toContain(later.json().id);
    });
  });
});
