import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';
import type { AuditLogEntry } from '../../src/core/audit-log-entry.js';

type Entry = AuditLogEntry;

/** The audit log for those who oversee: `audit:read`, filtered and paged, never showing what the reader may not see. */
describe.each(DATABASES)('the audit log over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let hiddenId: string;
  let sharedId: string;
  let caseId: string;

  const audit = async (query = '', as: 'auditor' | 'administrator' | 'viewer' | 'investigator' = 'auditor') => h.call({ method: 'GET', url: `/api/v1/audit${query}`, as });
  const items = async (query = '', as?: 'auditor' | 'administrator' | 'investigator') => {
    const response = await audit(query, as);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as Entry[];
  };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    hiddenId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title: 'Hidden from the auditor' } })).json().id;
    sharedId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: { ...validIncident(), title: 'Shared with the auditor' } })).json().id;
    await h.call({ method: 'PUT', url: `/api/v1/incidents/${hiddenId}/restriction`, as: 'investigator', payload: { users: ['investigator-user'] } });
    await h.call({ method: 'PUT', url: `/api/v1/incidents/${sharedId}/restriction`, as: 'investigator', payload: { users: ['investigator-user', 'auditor-user'] } });
    const opened = await h.call({
      method: 'POST',
      url: '/api/v1/cases',
      as: 'investigator',
      payload: { title: 'Case linking the hidden incident', summary: 'Open case.', incidentIds: [hiddenId], perpetrators: [], qualifications: [{ ref: 'rs-8-2-e-vi' }] },
    });
    caseId = opened.json().id;
    await h.call({ method: 'POST', url: '/api/v1/groups', as: 'administrator', payload: { name: 'oversight', members: ['auditor-user'] } });
    const exported = await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=csv&includeSensitive=true&purpose=documentation&recipient=mission_internal', as: 'investigator' });
    expect(exported.statusCode, exported.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('gives the auditor the log, newest first, with sensitive exports, restrictions and group changes', async () => {
    const all = await items('?limit=200');
    const actions = all.map((e) => e.action);
    expect(actions).toContain('incident.export_sensitive');
    expect(actions).toContain('incident.restriction');
    expect(actions).toContain('group.create');
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const exportEntry = all.find((e) => e.action === 'incident.export_sensitive')!;
    expect(exportEntry).toMatchObject({ username: 'investigator-user', entityType: 'export', changes: { purpose: 'documentation', recipient: 'mission_internal' } });
  });

  it('refuses readers without audit:read', async () => {
    for (const role of ['viewer', 'investigator'] as const) {
      const refused = await audit('', role);
      expect(refused.statusCode, role).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('hides the entries of a restricted record from an auditor not named on it, as for a record that does not exist', async () => {
    const all = await items('?limit=500');
    expect(all.some((e) => e.entityId === hiddenId)).toBe(false);
    expect(JSON.stringify(all)).not.toContain(hiddenId);
    expect(JSON.stringify(all)).not.toContain('Hidden from the auditor');
    expect(await items(`?entityType=incident&entityId=${hiddenId}`)).toEqual([]);
    // The case linking it is shown, without the hidden link.
    const caseEntries = await items(`?entityType=case&entityId=${caseId}`);
    expect(caseEntries.map((e) => e.action)).toEqual(['case.open']);
    // A record the auditor is named on shows whole.
    expect((await items(`?entityType=incident&entityId=${sharedId}`)).map((e) => e.action)).toEqual(['incident.restriction', 'incident.create']);
    // Those named on the hidden record who hold audit:read would see it; the administrator is not named on it.
    expect(await items(`?entityId=${hiddenId}`, 'administrator')).toEqual([]);
  });

  it('filters by entity type, actor, action (or its family) and time, and pages with a cursor', async () => {
    const groupEntries = await items('?entityType=group');
    expect(groupEntries.map((e) => e.action)).toEqual(['group.create']);
    expect((await items('?action=group')).map((e) => e.action)).toEqual(['group.create']);
    expect((await items('?action=group.create')).length).toBe(1);
    expect((await items('?action=group.cr')).length).toBe(0);
    const byInvestigator = await items('?actor=investigator-user&limit=500');
    expect(byInvestigator.length).toBeGreaterThan(0);
    expect(byInvestigator.every((e) => e.username === 'investigator-user')).toBe(true);
    const first = (await items('?limit=500')).at(-1)!;
    expect((await items(`?to=${encodeURIComponent(first.at)}&limit=500`)).map((e) => e.id)).toContain(first.id);
    expect((await items(`?from=2999-01-01`)).length).toBe(0);
    expect((await items(`?to=2000-01-01`)).length).toBe(0);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await audit(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = response.json<{ items: Entry[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await items('?limit=500')).map((e) => e.id));

    const bad = await audit('?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect((await audit('?limit=100000')).statusCode).toBe(400);
  });
});
