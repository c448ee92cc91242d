import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapabilityRecord } from '../../src/core/capabilities/capability-api.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

const closeInDefence = {
  name: 'Close-in weapon system',
  purpose: 'defensive',
  isWeapon: true,
  quantity: 4,
  targetTypes: 'objects_only',
  autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'identify', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes', parametersSetBy: 'the weapons officer sets the defended sector' },
  limits: { duration: 'while a threat is tracked', area: 'a 2 km sector', scale: 'one ship', environment: 'at sea' },
  legalReview: { status: 'completed', date: '2024-05-02', reviewer: 'Weapons review board', conclusion: 'lawful' },
  seniorReview: { beforeDevelopment: 'yes', beforeFielding: 'yes' },
};

describe.each(DATABASES)('the capability register over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  it('adds a system and answers it with its assessment, for anyone who reads posture', async () => {
    const created = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: closeInDefence });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<CapabilityRecord>();
    expect(record.version).toBe(1);
    expect(record.assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    expect(record.assessment.findings.find((f) => f.ruleId === 'API-36')?.quote?.text).toMatch(/^In the study, development, acquisition or adoption of a new weapon/);
    const read = await h.call({ method: 'GET', url: `/api/v1/capabilities/${record.id}`, as: 'viewer' });
    expect(read.json<CapabilityRecord>().capability.name).toBe('Close-in weapon system');
    const list = await h.call({ method: 'GET', url: '/api/v1/capabilities', as: 'commander' });
    expect(list.json<{ items: CapabilityRecord[] }>().items.map((r) => r.id)).toContain(record.id);
  });

  it('re-judges a system when its record changes, audits the changed fields, and refuses a stale change', async () => {
    const record = (await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'human_security_advisor', payload: { ...closeInDefence, name: 'Loitering munition' } })).json<CapabilityRecord>();
    const changed = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${record.id}`, as: 'analyst', payload: { version: 1, capability: { ...closeInDefence, name: 'Loitering munition', purpose: 'offensive', targetTypes: 'persons' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json<CapabilityRecord>();
    expect(after.version).toBe(2);
    expect(after.assessment.humanSecurity).toBe('cannot_be_permitted');
    expect(after.assessment.reasons).toContain('HS-CAP-1: It would select and engage persons without a person deciding each use of force.');
    const stale = await h.call({ method: 'PUT', url: `/api/v1/capabilities/${record.id}`, as: 'analyst', payload: { version: 1, capability: closeInDefence } });
    expect(stale.statusCode).toBe(409);
    const audit = await h.call({ method: 'GET', url: `/api/v1/audit?entityType=capability&entityId=${record.id}`, as: 'auditor' });
    const entries = audit.json<{ items: { action: string; changes: Record<string, unknown> }[] }>().items;
    expect(entries.map((e) => e.action)).toEqual(['capability.update', 'capability.create']);
    expect(Object.keys(entries[0]!.changes).sort()).toEqual(['purpose', 'targetTypes']);
  });

  it('refuses a record that contradicts itself, naming the field, and a writer without posture:write', async () => {
    const refused = await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'analyst', payload: { ...closeInDefence, legalReview: { status: 'completed' } } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toContainEqual(expect.objectContaining({ path: 'legalReview.conclusion', message: 'a completed review has a conclusion' }));
    expect((await h.call({ method: 'POST', url: '/api/v1/capabilities', as: 'commander', payload: closeInDefence })).statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/capabilities/no-such-system', as: 'viewer' })).statusCode).toBe(404);
  });
});
