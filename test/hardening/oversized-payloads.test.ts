import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Oversized payloads: a body over the server's limit, very long strings, huge arrays and deep nesting are refused with
 * a structured 4xx naming what is wrong — never a 5xx, never a stack overflow, never stored.
 */
const BODY_LIMIT = 2 * 1024 * 1024;

describe('oversized payloads (SQLite)', () => {
  let h: ApiHarness;
  let incidentsBefore = 0;
  const countIncidents = async () => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json<{ incidents: number }>().incidents;
  const post = (payload: string | object, url = '/api/v1/incidents') =>
    h.call({ method: 'POST', url, as: 'analyst', headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const expectStructured = (response: { statusCode: number; body: string }, status: number) => {
    expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String), issues: expect.any(Array), requestId: expect.any(String) },
    });
    return JSON.parse(response.body) as { error: { code: string; message: string; issues: { path: string }[] } };
  };

  beforeAll(async () => {
    h = await openApiHarness('sqlite');
    incidentsBefore = await countIncidents();
  });
  afterAll(() => h?.close());

  it('answers a body over the limit with a structured 413', async () => {
    const incident = { ...validIncident(), narrative: 'x'.repeat(BODY_LIMIT + 10) };
    expectStructured(await post(incident), 413);
  });

  it.each([
    ['title', { title: 'x'.repeat(100_000) }],
    ['narrative', { narrative: 'x'.repeat(1_000_000) }],
    ['location.placeName', { location: { ...validIncident().location, placeName: 'x'.repeat(100_000) } }],
    ['actors.0.name', { actors: [{ name: 'x'.repeat(100_000), actorType: 'non_state_armed_group', role: 'perpetrator' }] }],
    ['sources.0.description', { sources: [{ ref: 'S1', sourceType: 'media', description: 'x'.repeat(500_000), reliability: 'B', credibility: 2 }] }],
  ])('answers a very long %s with a 400 naming the field', async (field, change) => {
    const body = expectStructured(await post({ ...validIncident(), ...change }), 400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path)).toContain(field);
  });

  it.each([
    ['categories', { categories: Array<string>(150_000).fill('killing') }],
    ['themes', { themes: Array<string>(50_000).fill('protection_of_civilians') }],
    ['actors', { actors: Array.from({ length: 20_000 }, () => ({ name: 'A', actorType: 'non_state_armed_group', role: 'perpetrator' })) }],
    ['sources', { sources: Array.from({ length: 20_000 }, (_, i) => ({ ref: `S${i}`, sourceType: 'media', description: 'd', reliability: 'B', credibility: 2 })) }],
    ['casualties', { casualties: Array.from({ length: 20_000 }, () => ({ kind: 'killed', status: 'civilian', best: 1 })) }],
  ])('answers a huge %s array with a 400 naming the field', async (field, change) => {
    const body = expectStructured(await post({ ...validIncident(), ...change }), 400);
    expect(body.error.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`)), JSON.stringify(body.error.issues.slice(0, 3))).toBe(true);
  });

  it.each([
    ['arrays', (depth: number) => '['.repeat(depth) + ']'.repeat(depth)],
    ['objects', (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)],
    ['a field', (depth: number) => JSON.stringify({ ...validIncident(), narrative: undefined }).replace(/}$/, `,"narrative":${'['.repeat(depth)}${']'.repeat(depth)}}`)],
  ])('answers deep nesting of %s with a 400, not a stack overflow', async (_what, text) => {
    for (const depth of [1_000, 100_000, 500_000]) {
      const response = await post(text(depth));
      expect(response.statusCode, `depth ${depth}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expectStructured(response, response.statusCode === 413 ? 413 : 400);
    }
  });

  it('answers over-long query values with a 400 naming the parameter', async () => {
    for (const key of ['q', 'actor', 'cursor']) {
      const response = await h.call({ method: 'GET', url: `/api/v1/incidents?${key}=${'x'.repeat(50_000)}`, as: 'analyst' });
      const body = expectStructured(response, 400);
      expect(body.error.issues.map((i) => i.path)).toContain(key);
    }
    const huge = await h.call({ method: 'GET', url: `/api/v1/incidents?categories=${Array<string>(5000).fill('killing').join(',')}`, as: 'analyst' });
    expect(expectStructured(huge, 400).error.issues.map((i) => i.path)).toContain('categories');
  });

  it('stored none of the refused incidents', async () => {
    expect(await countIncidents()).toBe(incidentsBefore);
  });
});
