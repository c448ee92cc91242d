import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * The register's summary, its list pages and the monitoring aggregation are cached until the data changes: a reader is answered from
 * the cache only with what they may see, and any write — an incident, a restriction, a group's members — is seen by
 * the next request.
 */
describe.each(DATABASES)('cached summary and aggregation on %s', (kind) => {
  let h: ApiHarness;
  let secretId: string;
  /** The fixture's best estimate of people killed, per incident. */
  const killed = (validIncident().casualties ?? []).filter((c) => c.kind === 'killed').reduce((s, c) => s + c.best, 0);

  const summary = async (role: Role) => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: role })).json<{ incidents: number; killedBest: number }>();
  const byMonth = async (role: Role) => {
    const response = await h.call({ method: 'GET', url: '/api/v1/monitoring/aggregate?groupBy=month', as: role });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ groups: { key: Record<string, string>; incidents: number }[]; total: { incidents: number } }>();
  };
  const listed = async (role: Role) => (await h.call({ method: 'GET', url: '/api/v1/incidents?limit=50', as: role })).json<{ items: { id: string }[] }>().items.map((i) => i.id);
  const seen = async (role: Role) => {
    const counted = { summary: (await summary(role)).incidents, aggregate: (await byMonth(role)).total.incidents };
    const ids = await listed(role);
    expect(ids.length, `${role}'s list page`).toBe(counted.summary);
    return { ...counted, listsSecret: ids.includes(secretId) };
  };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    for (let i = 0; i < 2; i++) expect((await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).statusCode).toBe(201);
    secretId = (await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).json().id;
    // Signing in is audited, so it moves the cache's stamp too: every reader signs in before the cache is watched.
    for (const role of ['viewer', 'auditor', 'investigator', 'administrator'] as const) await h.call({ method: 'GET', url: '/api/v1/auth/me', as: role });
  });
  afterAll(() => h?.close());

  it('answers a repeated question from the cache, shared by readers who see no restricted record', async () => {
    const { dateEarliest, dateLatest } = validIncident();
    const span = { earliest: dateEarliest, latest: dateLatest ?? dateEarliest };
    expect(await summary('viewer')).toEqual({ incidents: 3, killedBest: 3 * killed, ...span });
    const count = vi.spyOn(h.ctx.store.incidents, 'count');
    const aggregate = vi.spyOn(h.ctx.store.analytics, 'aggregate');
    try {
      await byMonth('viewer');
      expect(aggregate).toHaveBeenCalledTimes(1);
      expect(await summary('viewer')).toEqual({ incidents: 3, killedBest: 3 * killed, ...span });
      expect(await summary('auditor')).toEqual({ incidents: 3, killedBest: 3 * killed, ...span });
      await byMonth('auditor');
      expect(count).not.toHaveBeenCalled();
      expect(aggregate).toHaveBeenCalledTimes(1);
      // A filter is another question.
      expect((await h.call({ method: 'GET', url: '/api/v1/incidents/summary?minDeaths=1000', as: 'viewer' })).json()).toEqual({ incidents: 0, killedBest: 0, earliest: null, latest: null });
      expect(count).toHaveBeenCalledTimes(1);
    } finally {
      count.mockRestore();
      aggregate.mockRestore();
    }
  });

  it('sees every write at once, and counts a restricted incident only for the readers named on it', async () => {
    expect(await seen('viewer')).toEqual({ summary: 3, aggregate: 3, listsSecret: true });
    expect((await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).statusCode).toBe(201);
    expect(await seen('viewer')).toEqual({ summary: 4, aggregate: 4, listsSecret: true });

    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretId}/restriction`, as: 'analyst', payload: { users: ['investigator-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    expect(await seen('viewer')).toEqual({ summary: 3, aggregate: 3, listsSecret: false });
    expect(await seen('auditor')).toEqual({ summary: 3, aggregate: 3, listsSecret: false });
    expect(await seen('investigator')).toEqual({ summary: 4, aggregate: 4, listsSecret: true });
    expect(await seen('analyst')).toEqual({ summary: 4, aggregate: 4, listsSecret: true });
    expect((await summary('investigator')).killedBest).toBe(4 * killed);
    expect((await summary('viewer')).killedBest).toBe(3 * killed);

    // Joining a group named on the incident lets the viewer see it from the next request on; leaving it hides it again.
    const group = await h.call({ method: 'POST', url: '/api/v1/groups', as: 'administrator', payload: { name: 'protection-desk', members: [] } });
    expect(group.statusCode, group.body).toBe(201);
    const regrant = await h.call({ method: 'PUT', url: `/api/v1/incidents/${secretId}/restriction`, as: 'analyst', payload: { users: ['investigator-user'], groups: ['protection-desk'] } });
    expect(regrant.statusCode, regrant.body).toBe(200);
    expect(await seen('viewer')).toEqual({ summary: 3, aggregate: 3, listsSecret: false });
    const groupId = group.json().id as string;
    const joined = await h.call({ method: 'PUT', url: `/api/v1/groups/${groupId}/members`, as: 'administrator', payload: { members: ['viewer-user'] } });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(await seen('viewer')).toEqual({ summary: 4, aggregate: 4, listsSecret: true });
    expect(await seen('auditor')).toEqual({ summary: 3, aggregate: 3, listsSecret: false });
    const left = await h.call({ method: 'PUT', url: `/api/v1/groups/${groupId}/members`, as: 'administrator', payload: { members: [] } });
    expect(left.statusCode, left.body).toBe(200);
    expect(await seen('viewer')).toEqual({ summary: 3, aggregate: 3, listsSecret: false });
  });
});
