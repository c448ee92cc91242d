import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, PASSWORD, type ApiHarness } from '../support/api-harness.js';
import { multipart } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Who may change who sees a restricted record: an administrator cannot make itself a reader by joining a group, and
 * nobody can take a record away from the person who recorded it (security review, issue 11).
 */
describe.each(DATABASES)('governing restrictions on %s', (kind) => {
  let h: ApiHarness;
  let groupId: string;
  let secretId: string;

  const auditActions = async (entityType: string, entityId: string) => (await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, entityType, entityId)).map((e) => e.action);

  beforeAll(async () => {
    h = await openApiHarness(kind);
    await createUserAsOperator(h.ctx, { username: 'admin-two', displayName: 'Second administrator', role: 'administrator', password: PASSWORD });
    await createUserAsOperator(h.ctx, { username: 'investigator-new', displayName: 'New investigator', role: 'investigator', password: PASSWORD });
    const group = await h.call({ method: 'POST', url: '/api/v1/groups', as: 'administrator', payload: { name: 'crsv-team', members: ['investigator-user'] } });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    secretId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title: 'Survivor testimony' } })).json().id;
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretId}/restriction`, as: 'investigator', payload: { groups: ['crsv-team'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('refuses an administrator adding itself to a group named on a restricted record, and logs the attempt', async () => {
    const selfAdd = await h.call({ method: 'PUT', url: `/api/v1/groups/${groupId}/members`, as: 'administrator', payload: { members: ['investigator-user', 'administrator-user'] } });
    expect(selfAdd.statusCode, selfAdd.body).toBe(403);
    expect(selfAdd.json().error.code).toBe('forbidden');
    expect((await h.call({ method: 'GET', url: '/api/v1/groups', as: 'administrator' })).json().find((g: { id: string }) => g.id === groupId).members).toEqual(['investigator-user']);
    expect((await h.call({ method: 'GET', url: `/api/v1/incidents/${secretId}`, as: 'administrator' })).statusCode).toBe(404);
    // Nor another administrator, who could hand it on.
    const otherAdmin = await h.call({ method: 'PUT', url: `/api/v1/groups/${groupId}/members`, as: 'administrator', payload: { members: ['investigator-user', 'admin-two'] } });
    expect(otherAdmin.statusCode).toBe(403);
    expect(await auditActions('group', groupId)).toEqual(['group.create', 'group.members_refused', 'group.members_refused']);
  });

  it('lets the administrator add someone else, audited with the restricted records the group grants', async () => {
    const added = await h.call({ method: 'PUT', url: `/api/v1/groups/${groupId}/members`, as: 'administrator', payload: { members: ['investigator-user', 'investigator-new'] } });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().members).toEqual(['investigator-new', 'investigator-user']);
    const entry = (await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'group', groupId)).at(-1)!;
    expect(entry.action).toBe('group.members');
    expect(entry.changes).toMatchObject({ members: { before: ['investigator-user'], after: ['investigator-new', 'investigator-user'] }, grantsRestricted: { incident: 1 } });
  });

  it('keeps whoever recorded a record on its restriction list: nobody takes it away from them', async () => {
    const recorded = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { ...validIncident(), title: 'Recorded by the analyst' } });
    const id = recorded.json().id as string;
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${id}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    expect(restricted.json()).toEqual({ restricted: true, users: ['analyst-user', 'investigator-user'], groups: [] });
    expect((await h.call({ method: 'GET', url: `/api/v1/incidents/${id}`, as: 'analyst' })).statusCode).toBe(200);

    const form = multipart([{ name: 'file', fileName: 'note.txt', contentType: 'text/plain', data: Buffer.from('A note by the analyst.') }]);
    const item = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'analyst', payload: form.body, headers: { 'content-type': form.contentType } });
    const onItem = await h.call({ method: 'PUT', url: `/api/v1/evidence/${item.json().id}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    expect(onItem.json().users).toEqual(['analyst-user', 'investigator-user']);
  });
});
