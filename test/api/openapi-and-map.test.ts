import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExerciseScenario } from '../../src/application/demo.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { isMappable } from '../../src/core/taxonomy.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

describe('OpenAPI document', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness('sqlite');
  });
  afterAll(() => h?.close());

  it('documents every route with the schemas that validate it', async () => {
    const response = await h.call({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    const routes = h.app.printRoutes({ commonPrefix: false });
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/incidents/{id}/verification', '/api/v1/incidents/clusters', '/api/v1/auth/login']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(routes).toContain('incidents');
    const create = doc.paths['/api/v1/incidents'].post;
    const body = JSON.stringify(create.requestBody);
    for (const field of ['dateEarliest', 'casualties', 'reliability', 'credibility', 'precision']) expect(body).toContain(field);
    const list = doc.paths['/api/v1/incidents'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(expect.arrayContaining(['from', 'to', 'themes', 'categories', 'countries', 'actor', 'statuses', 'minDeaths', 'bbox', 'limit', 'cursor']));
  });

  it('sends security headers and a strict content security policy', async () => {
    const response = await h.call({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('hides internals behind a bare 500 with a request id', async () => {
    const broken = await openApiHarness('sqlite');
    const cookie = await broken.sessionOf('viewer');
    await broken.test.store.connection.close(); // the database goes away under a running server
    const response = await broken.app.inject({ method: 'GET', url: '/api/v1/taxonomy', headers: { cookie } });
    const listing = await broken.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: { cookie } });
    expect(response.statusCode).toBe(500); // the session lookup itself fails
    expect(listing.statusCode).toBe(500);
    const { error } = listing.json();
    expect(error.code).toBe('internal_error');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(listing.body).not.toMatch(/destroyed|kysely|sqlite|stack/i);
    await broken.app.close();
    await broken.test.cleanup().catch(() => undefined);
  });
});

describe.each(DATABASES)('map endpoints on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    await loadExerciseScenario(h.ctx, h.users.analyst, { incidents: 1500 });
  }, 120_000);
  afterAll(() => h?.close());

  it('clusters the filtered incidents for a zoom and viewport without sending every record', async () => {
    const all = await h.call({ method: 'GET', url: '/api/v1/incidents/clusters?zoom=2', as: 'viewer' });
    expect(all.statusCode, all.body).toBe(200);
    const collection = all.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.total).toBe(1500);
    expect(collection.features.length).toBeLessThan(100);
    // A record located only to a region or a country is counted, never drawn as a dot where nothing happened.
    let rough = 0;
    for await (const incident of streamIncidents(h.ctx, h.users.viewer, {})) if (!isMappable(incident.location.precision)) rough++;
    expect(rough).toBeGreaterThan(0);
    expect(collection.notDrawn).toBe(rough);
    expect(collection.features.reduce((s: number, f: { properties: { cluster: boolean; count?: number } }) => s + (f.properties.cluster ? f.properties.count! : 1), 0)).toBe(1500 - rough);
    const chad = await h.call({ method: 'GET', url: '/api/v1/incidents/clusters?zoom=2&countries=TCD', as: 'viewer' });
    const summary = await h.call({ method: 'GET', url: '/api/v1/incidents/summary?countries=TCD', as: 'viewer' });
    expect(chad.json().total).toBe(summary.json().incidents);
    expect(chad.json().total).toBeLessThan(1500);
  });

  it('answers a bad zoom or box with the field at fault', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/incidents/clusters?zoom=40&bbox=1,2,3', as: 'viewer' });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['zoom', 'bbox']));
  });

  it('filters the list by bounding box over HTTP', async () => {
    const box = [13, 12, 15, 14];
    const response = await h.call({ method: 'GET', url: `/api/v1/incidents?bbox=${box.join(',')}&limit=200`, as: 'viewer' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { location: { lat: number; lon: number } }[];
    expect(items.length).toBeGreaterThan(0);
    for (const { location } of items) {
      expect(location.lon).toBeGreaterThanOrEqual(13);
      expect(location.lon).toBeLessThanOrEqual(15);
      expect(location.lat).toBeGreaterThanOrEqual(12);
      expect(location.lat).toBeLessThanOrEqual(14);
    }
  });
});
