import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

describe.each(DATABASES)('incident API on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const create = async (input: IncidentInput = validIncident()) => {
    const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<IncidentDetail>();
  };

  it('answers 401 to every data route without a session, before validating anything', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/incidents'],
      ['GET', '/api/v1/incidents?minDeaths=banana'],
      ['GET', '/api/v1/incidents/summary'],
      ['GET', '/api/v1/incidents/clusters?zoom=2'],
      ['POST', '/api/v1/incidents'],
      ['GET', '/api/v1/incidents/00000000-0000-4000-8000-000000000000'],
      ['PUT', '/api/v1/incidents/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/incidents/00000000-0000-4000-8000-000000000000/verification'],
      ['GET', '/api/v1/incidents/00000000-0000-4000-8000-000000000000/audit'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/taxonomy'],
      ['GET', '/api/v1/auth/me'],
    ] as const) {
      const response = await h.call({ method, url, payload: method === 'GET' ? undefined : {} });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'analyst-user', password: 'not the password' } });
    const nobody = await h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(nobody.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(nobody.json().error.message);
  });

  it('sets an HTTP-only, SameSite=Strict session cookie and ends it on logout', async () => {
    const login = await h.call({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer-user', password: 'correct horse battery staple' } });
    const cookie = login.cookies.find((c) => c.name === 'haven_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const header = { cookie: `haven_session=${cookie.value}` };
    expect((await h.call({ method: 'GET', url: '/api/v1/auth/me', headers: header })).json().username).toBe('viewer-user');
    expect((await h.call({ method: 'POST', url: '/api/v1/auth/logout', headers: header, payload: {} })).statusCode).toBe(204);
    expect((await h.call({ method: 'GET', url: '/api/v1/auth/me', headers: header })).statusCode).toBe(401);
  });

  it('records an incident as reported, with its casualty totals over every status, and reads it back whole', async () => {
    const created = await create();
    expect(created.verificationStatus).toBe('reported');
    expect(created.version).toBe(1);
    expect(created.killed).toEqual({ low: 5, best: 7, high: 11 });
    expect(created.createdBy.username).toBe('analyst-user');
    expect(created.verificationHistory).toHaveLength(1);
    const read = await h.call({ method: 'GET', url: `/api/v1/incidents/${created.id}`, as: 'viewer' });
    expect(read.statusCode).toBe(200);
    const incident = read.json<IncidentDetail>();
    expect(incident.casualties.find((c) => c.status === 'civilian')!.breakdown).toEqual([
      { sex: 'female', ageGroup: 'child', low: 1, best: 2, high: 2 },
      { sex: 'male', ageGroup: 'adult', low: 2, best: 3, high: 4 },
    ]);
    expect(incident.sources[0]).toMatchObject({ reliability: 'B', credibility: 2 });
    expect(incident.location).toMatchObject({ lat: 11.85, lon: 13.16, country: 'NGA', admin1: 'Borno', precision: 'exact' });
  });

  it('records an incident under the id its client chose once: a resend answers 200 with the same incident, another author is refused', async () => {
    const id = crypto.randomUUID();
    const count = async () => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json().incidents as number;
    const before = await count();
    const first = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { ...validIncident(), id } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<IncidentDetail>().id).toBe(id);
    const again = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { ...validIncident(), id } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<IncidentDetail>()).toMatchObject({ id, version: 1 });
    expect(await count()).toBe(before + 1);
    const audit = await h.call({ method: 'GET', url: `/api/v1/incidents/${id}/audit`, as: 'analyst' });
    expect(audit.json<{ action: string }[]>().filter((e) => e.action === 'incident.create')).toHaveLength(1);

    const taken = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), id } });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.issues[0]).toMatchObject({ path: 'id', code: 'id_taken' });
    const malformed = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { ...validIncident(), id: 'phone-42' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('UUID');
  });

  it('rejects an invalid incident with every field and reason, and stores nothing', async () => {
    const before = (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json().incidents;
    const input = validIncident();
    input.location.lat = 123;
    input.casualties![0]!.low = 99;
    const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['location.lat', 'casualties.0.low']));
    expect((await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json().incidents).toBe(before);
  });

  it('lets a viewer read but not write, and hides sensitive details from the viewer', async () => {
    const input = validIncident();
    input.sensitive = { victims: [{ name: 'Named Victim' }], witnesses: [{ name: 'Named Witness', contact: '+000' }] };
    const created = await create(input);
    expect(created.sensitive?.victims[0]?.name).toBe('Named Victim');
    const asViewer = await h.call({ method: 'GET', url: `/api/v1/incidents/${created.id}`, as: 'viewer' });
    expect(asViewer.json().sensitive).toBeUndefined();
    expect(asViewer.body).not.toContain('Named Victim');
    const write = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'viewer', payload: validIncident() });
    expect(write.statusCode).toBe(403);
  });

  it('updates with optimistic concurrency: a version the incident never had, or one not kept to merge against, is refused with 409', async () => {
    const created = await create();
    const edit = { ...validIncident(), title: 'Shelling of the central market (revised)', expectedVersion: 1 };
    const first = await h.call({ method: 'PUT', url: `/api/v1/incidents/${created.id}`, as: 'analyst', payload: edit });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(2);
    const ahead = await h.call({ method: 'PUT', url: `/api/v1/incidents/${created.id}`, as: 'administrator', payload: { ...edit, title: 'Other edit', expectedVersion: 3 } });
    expect(ahead.statusCode).toBe(409);
    expect(ahead.json().error.issues[0]).toMatchObject({ path: 'expectedVersion', code: 'unknown_version' });
    // A version superseded before versions were kept (as after an upgrade): nothing to merge against.
    await h.test.store.connection.db.deleteFrom('incident_versions').execute();
    const stale = await h.call({ method: 'PUT', url: `/api/v1/incidents/${created.id}`, as: 'administrator', payload: { ...edit, title: 'Other edit' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.issues[0]).toMatchObject({ path: 'expectedVersion', code: 'stale_version' });
    expect(stale.json().error.message).toContain('not kept');
  });

  it('walks the verification workflow, recording who and why, and refuses skipped steps', async () => {
    const { id } = await create();
    const move = (status: string, reason = 'checked against two sources') =>
      h.call({ method: 'POST', url: `/api/v1/incidents/${id}/verification`, as: 'analyst', payload: { status, reason } });
    const skip = await move('verified');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.code).toBe('invalid_transition');
    expect((await move('under_review')).statusCode).toBe(200);
    const verified = await move('verified', 'two independent sources and imagery');
    expect(verified.json().verificationStatus).toBe('verified');
    expect((await move('under_review', 'new contradicting report')).json().verificationStatus).toBe('under_review');
    const history = verified.json<IncidentDetail>().verificationHistory;
    expect(history.map((e) => e.to)).toEqual(['reported', 'under_review', 'verified']);
    expect(history[2]).toMatchObject({ from: 'under_review', reason: 'two independent sources and imagery', by: { username: 'analyst-user' } });
    const noReason = await h.call({ method: 'POST', url: `/api/v1/incidents/${id}/verification`, as: 'analyst', payload: { status: 'verified', reason: '' } });
    expect(noReason.statusCode).toBe(400);
  });

  it('audits every write with who, when and what changed — never the sensitive values', async () => {
    const input = validIncident();
    input.sensitive = { witnesses: [{ name: 'Secret Witness' }] };
    const { id } = await create(input);
    await h.call({ method: 'PUT', url: `/api/v1/incidents/${id}`, as: 'analyst', payload: { ...input, narrative: 'More detail.', sensitive: { witnesses: [{ name: 'Other Witness' }] }, expectedVersion: 1 } });
    const audit = await h.call({ method: 'GET', url: `/api/v1/incidents/${id}/audit`, as: 'viewer' });
    const entries = audit.json<{ action: string; username: string; changes: Record<string, unknown> }[]>();
    expect(entries.map((e) => e.action)).toEqual(['incident.create', 'incident.update']);
    expect(entries[1]!.username).toBe('analyst-user');
    expect(Object.keys(entries[1]!.changes).sort()).toEqual(['narrative', 'sensitive']);
    expect(audit.body).not.toContain('Secret Witness');
    expect(audit.body).not.toContain('Other Witness');
  });

  it('answers 404 for an incident that does not exist and 400 for a malformed id', async () => {
    expect((await h.call({ method: 'GET', url: '/api/v1/incidents/00000000-0000-4000-8000-000000000000', as: 'viewer' })).statusCode).toBe(404);
    const bad = await h.call({ method: 'GET', url: '/api/v1/incidents/not-an-id', as: 'viewer' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('id');
  });

  it('refuses a state-changing call that is not JSON (cross-site form posts)', async () => {
    const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(415);
  });

  it('lets only an administrator manage users', async () => {
    const user = { username: 'new-analyst', displayName: 'New', role: 'analyst', password: 'a long enough passphrase' };
    expect((await h.call({ method: 'POST', url: '/api/v1/users', as: 'analyst', payload: user })).statusCode).toBe(403);
    expect((await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: { ...user, password: 'short' } })).statusCode).toBe(400);
    expect((await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: user })).statusCode).toBe(201);
    expect((await h.call({ method: 'POST', url: '/api/v1/users', as: 'administrator', payload: user })).statusCode).toBe(409);
    const list = await h.call({ method: 'GET', url: '/api/v1/users', as: 'administrator' });
    expect(list.json().map((u: { username: string }) => u.username)).toContain('new-analyst');
    expect(list.body).not.toContain('argon2');
    const stored = await h.ctx.store.users.findByUsername(h.ctx.store.connection.db, 'new-analyst');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain(user.password);
  });
});
