import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import type { Role } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { multipart } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/** A CRSV case visible only to its investigators: for everyone else it is indistinguishable from a missing record. */
describe.each(DATABASES)('record-level restrictions on %s', (kind) => {
  let h: ApiHarness;
  let secondAnalyst: string;
  let restrictedId: string;
  let openId: string;
  const restrictedTitle = 'Sexual violence at the Kalma water point';
  const MISSING = '01890000-0000-7000-8000-0000000000aa';

  const asSecondAnalyst = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: secondAnalyst } });
  const listTitles = async (role: Role) => ((await h.call({ method: 'GET', url: '/api/v1/incidents?limit=1000', as: role })).json().items as { title: string }[]).map((i) => i.title);
  const summary = async (role: Role) => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: role })).json<{ incidents: number; killedBest: number }>();

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'analyst-two', displayName: 'Second analyst', role: 'analyst', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'analyst-two', password: PASSWORD } });
    secondAnalyst = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { ...validIncident(), title: restrictedTitle, themes: ['conflict_related_sexual_violence'], categories: [] } });
    expect(created.statusCode, created.body).toBe(201);
    restrictedId = created.json().id;
    openId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).json().id;
  });
  afterAll(() => h?.close());

  it('restricts an incident to a group, and the record vanishes for everyone outside it', async () => {
    const before = { viewer: await summary('viewer') };
    const group = await h.call({ method: 'POST', url: '/api/v1/groups', as: 'administrator', payload: { name: 'crsv-team', description: 'CRSV investigators', members: ['investigator-user'] } });
    expect(group.statusCode, group.body).toBe(201);
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}/restriction`, as: 'analyst', payload: { groups: ['crsv-team'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    // The analyst who restricted it stays on the list.
    expect(restricted.json()).toEqual({ restricted: true, users: ['analyst-user'], groups: ['crsv-team'] });

    const missing = await h.call({ method: 'GET', url: `/api/v1/incidents/${MISSING}`, as: 'viewer' });
    for (const url of [`/api/v1/incidents/${restrictedId}`, `/api/v1/incidents/${restrictedId}/audit`, `/api/v1/incidents/${restrictedId}/restriction`]) {
      const hidden = await h.call({ method: 'GET', url, as: 'viewer' });
      expect(hidden.statusCode, url).toBe(404);
      expect(hidden.json().error.code).toBe(missing.json().error.code);
      expect(hidden.json().error.message.replace(restrictedId, 'ID')).toBe(missing.json().error.message.replace(MISSING, 'ID'));
      expect((await asSecondAnalyst(url)).statusCode, url).toBe(404);
    }
    const edit = await h.app.inject({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}`, headers: { cookie: secondAnalyst }, payload: { ...validIncident(), expectedVersion: 1 } });
    expect(edit.statusCode).toBe(404);
    const verify = await h.app.inject({ method: 'POST', url: `/api/v1/incidents/${restrictedId}/verification`, headers: { cookie: secondAnalyst }, payload: { status: 'under_review', reason: 'Looking into it' } });
    expect(verify.statusCode).toBe(404);

    expect(await listTitles('viewer')).not.toContain(restrictedTitle);
    const after = await summary('viewer');
    expect(after.incidents).toBe(before.viewer.incidents - 1);
    expect(after.killedBest).toBe(before.viewer.killedBest - (validIncident().casualties ?? []).filter((c) => c.kind === 'killed').reduce((s, c) => s + c.best, 0));
    const clusters = await h.call({ method: 'GET', url: '/api/v1/incidents/clusters?zoom=3', as: 'viewer' });
    expect(clusters.json().total).toBe(after.incidents);
    const csv = await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=csv', as: 'viewer' });
    expect(csv.body).not.toContain(restrictedId);
    expect(csv.body).toContain(openId);
  });

  it('shows it whole to the group’s members and to the analyst who restricted it', async () => {
    for (const role of ['investigator', 'analyst'] as const) {
      expect((await h.call({ method: 'GET', url: `/api/v1/incidents/${restrictedId}`, as: role })).statusCode, role).toBe(200);
      expect(await listTitles(role), role).toContain(restrictedTitle);
      expect((await summary(role)).incidents).toBe((await summary('viewer')).incidents + 1);
    }
    const clusters = await h.call({ method: 'GET', url: '/api/v1/incidents/clusters?zoom=3', as: 'investigator' });
    expect(clusters.json().total).toBe((await summary('investigator')).incidents);
    const trail = await h.call({ method: 'GET', url: `/api/v1/incidents/${restrictedId}/audit`, as: 'investigator' });
    expect(trail.json().map((e: { action: string }) => e.action)).toContain('incident.restriction');
  });

  it('says which user or group does not exist, and changes nothing', async () => {
    const bad = await h.call({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}/restriction`, as: 'analyst', payload: { users: ['nobody-here'], groups: ['crsv-team', 'ghosts'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['users.0']);
    const badGroup = await h.call({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}/restriction`, as: 'analyst', payload: { groups: ['ghosts'] } });
    expect(badGroup.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['groups.0']);
    expect((await h.call({ method: 'GET', url: `/api/v1/incidents/${restrictedId}/restriction`, as: 'investigator' })).json()).toEqual({ restricted: true, users: ['analyst-user'], groups: ['crsv-team'] });
    // Someone outside the record cannot restrict it either: to them it does not exist.
    const outsider = await h.app.inject({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}/restriction`, headers: { cookie: secondAnalyst }, payload: { users: [] } });
    expect(outsider.statusCode).toBe(404);
  });

  it('lifts the restriction with empty lists, and the record is back for everyone', async () => {
    const lifted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${restrictedId}/restriction`, as: 'investigator', payload: { users: [], groups: [] } });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toEqual({ restricted: false, users: [], groups: [] });
    expect((await asSecondAnalyst(`/api/v1/incidents/${restrictedId}`)).statusCode).toBe(200);
    expect(await listTitles('viewer')).toContain(restrictedTitle);
  });

  it('restricts a case and an evidence item the same way: missing to every reader outside the list', async () => {
    const opened = await h.call({
      method: 'POST',
      url: '/api/v1/cases',
      as: 'investigator',
      payload: { title: 'Sexual violence at the water point', summary: 'Survivors’ accounts.', incidentIds: [openId], perpetrators: [{ name: 'Unit Z', kind: 'unit' }], qualifications: [{ ref: 'rs-8-2-e-vi' }] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const form = multipart([{ name: 'incidentIds', value: openId }, { name: 'file', fileName: 'statement.txt', contentType: 'text/plain', data: Buffer.from('A statement taken at the water point.') }]);
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: form.body, headers: { 'content-type': form.contentType } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const itemId = uploaded.json().id as string;

    for (const [collection, id] of [['cases', caseId], ['evidence', itemId]] as const) {
      // Readers of that kind of record see it before it is restricted…
      expect((await h.call({ method: 'GET', url: `/api/v1/${collection}/${id}`, as: 'analyst' })).statusCode, collection).toBe(200);
      const restricted = await h.call({ method: 'PUT', url: `/api/v1/${collection}/${id}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
      expect(restricted.json(), collection).toEqual({ restricted: true, users: ['investigator-user'], groups: [] });
      // …and afterwards it is missing to them, in the list too, while its investigator keeps it.
      expect((await h.call({ method: 'GET', url: `/api/v1/${collection}/${id}`, as: 'analyst' })).statusCode, collection).toBe(404);
      const listed = (await h.call({ method: 'GET', url: `/api/v1/${collection}`, as: 'analyst' })).json();
      const ids = ((Array.isArray(listed) ? listed : listed.items) as { id: string }[]).map((r) => r.id);
      expect(ids, collection).not.toContain(id);
      expect((await h.call({ method: 'GET', url: `/api/v1/${collection}/${id}`, as: 'investigator' })).statusCode, collection).toBe(200);
    }
    expect((await h.call({ method: 'GET', url: `/api/v1/evidence/${itemId}/working`, as: 'analyst' })).statusCode).toBe(404);
  });

  it('leaves a restricted incident out of a case for readers outside its list, and their edits keep the link', async () => {
    const secret = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title: 'Detention site testimony' } });
    const secretId = secret.json().id as string;
    await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    const fields = { title: 'Detentions at the old school', summary: 'Two linked incidents.', perpetrators: [], qualifications: [{ ref: 'rs-8-2-e-vi' }] };
    const opened = await h.call({ method: 'POST', url: '/api/v1/cases', as: 'investigator', payload: { ...fields, incidentIds: [openId, secretId] } });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;

    await createUserAsOperator(h.ctx, { username: 'investigator-two', displayName: 'Second investigator', role: 'investigator', password: PASSWORD });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'investigator-two', password: PASSWORD } });
    const cookie = `haven_session=${login.cookies.find((c) => c.name === 'haven_session')!.value}`;
    const seen = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: { cookie } });
    expect(seen.json().incidentIds).toEqual([openId]);
    expect(seen.body).not.toContain(secretId);

    const edited = await h.app.inject({ method: 'PUT', url: `/api/v1/cases/${caseId}`, headers: { cookie }, payload: { ...fields, summary: 'Edited without seeing every link.', incidentIds: [openId], expectedVersion: 1 } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().incidentIds).toEqual([openId]);
    const whole = await h.call({ method: 'GET', url: `/api/v1/cases/${caseId}`, as: 'investigator' });
    expect([...whole.json().incidentIds].sort()).toEqual([openId, secretId].sort());
    expect(whole.json().summary).toBe('Edited without seeing every link.');
  });
});
