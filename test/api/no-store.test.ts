import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { DATABASES } from '../support/databases.js';
import { multipart, PLAIN_JPEG } from '../support/evidence-files.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

describe.each(DATABASES)('Cache-Control: no-store on every response that can carry sensitive details, on %s', (kind) => {
  let h: ApiHarness;
  let incidentId: string;
  let evidenceId: string;
  let forceRequestId: string;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'investigator', payload: validIncident() });
    expect(created.statusCode, created.body).toBe(201);
    incidentId = created.json().id;
    const form = multipart([
      { name: 'incidentIds', value: incidentId },
      { name: 'file', fileName: 'photo.jpg', contentType: 'image/jpeg', data: PLAIN_JPEG },
    ]);
    const uploaded = await h.call({ method: 'POST', url: '/api/v1/evidence', as: 'investigator', payload: form.body, headers: { 'content-type': form.contentType } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    evidenceId = uploaded.json().id;
    const request = {
      mission: { name: 'EXERCISE', civilianApprovalRequired: true },
      situation: { armedConflict: 'non_international' },
      purpose: 'arrest',
      target: { kind: 'person', status: 'civilian' },
      threat: {},
      alternatives: {},
      means: { weapon: 'baton', lethal: 'no' },
      expectedEffects: {},
    };
    const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'commander', payload: { request } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    forceRequestId = submitted.json().id;
  });
  afterAll(() => h?.close());

  it('answers no-store from every API route: records, exports, evidence, the ledger, reports, sign-in and errors', async () => {
    const calls = [
      { url: `/api/v1/incidents/${incidentId}`, as: 'investigator' },
      { url: '/api/v1/incidents', as: 'investigator' },
      { url: `/api/v1/incidents/${incidentId}/audit`, as: 'investigator' },
      { url: '/api/v1/exports/incidents?format=csv', as: 'investigator' },
      { url: '/api/v1/exports/incidents?format=geojson', as: 'investigator' },
      { url: `/api/v1/evidence/${evidenceId}`, as: 'investigator' },
      { url: `/api/v1/evidence/${evidenceId}/original`, as: 'investigator' },
      { url: `/api/v1/evidence/${evidenceId}/custody-report`, as: 'investigator' },
      { url: `/api/v1/force/requests/${forceRequestId}`, as: 'commander' },
      { url: '/api/v1/ledger/verification', as: 'auditor' },
      { url: '/api/v1/ledger/segment', as: 'auditor' },
      { url: '/api/v1/reports/situation?country=NGA&from=2024-01-01&to=2024-12-31', as: 'viewer' },
      { url: '/api/v1/auth/me', as: 'viewer' },
      { url: `/api/v1/incidents/${crypto.randomUUID()}`, as: 'viewer', status: 404 },
      { url: `/api/v1/incidents/${incidentId}`, status: 401 },
      { url: '/api/v1/no-such-route', as: 'viewer', status: 404 },
    ] as const;
    for (const call of calls) {
      const response = await h.call({ method: 'GET', url: call.url, ...('as' in call && { as: call.as }) });
      expect(response.statusCode, `${call.url}: ${response.body.slice(0, 200)}`).toBe('status' in call ? call.status : 200);
      expect(response.headers['cache-control'], call.url).toBe('no-store');
    }
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer-user', password: 'correct horse battery staple' } });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const invalid = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: { title: '' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['cache-control']).toBe('no-store');
  });

  it('serves the app’s HTML no-store, and its hashed assets cacheable', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'haven-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Haven</title>');
    await writeFile(join(webRoot, 'assets', 'index-a1b2c3d4.js'), 'console.log(1);');
    const app = await buildServer(h.ctx, { webRoot });
    try {
      for (const url of ['/', '/index.html', '/force/requests/123']) {
        const page = await app.inject({ method: 'GET', url });
        expect(page.statusCode, url).toBe(200);
        expect(page.headers['content-type'], url).toMatch(/^text\/html/);
        expect(page.headers['cache-control'], url).toBe('no-store');
      }
      const asset = await app.inject({ method: 'GET', url: '/assets/index-a1b2c3d4.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toMatch(/max-age=\d+/);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).headers['cache-control']).toBe('no-store');
    } finally {
      await app.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });

  it('serves the service worker and the manifest no-cache, so an installed app never keeps an old release', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'haven-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Haven</title>');
    await writeFile(join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(webRoot, 'manifest.webmanifest'), '{"name":"Haven"}');
    const app = await buildServer(h.ctx, { webRoot });
    try {
      for (const url of ['/sw.js', '/manifest.webmanifest']) {
        const answer = await app.inject({ method: 'GET', url });
        expect(answer.statusCode, url).toBe(200);
        expect(answer.headers['cache-control'], url).toBe('no-cache');
      }
      expect((await app.inject({ method: 'GET', url: '/sw.js' })).headers['content-type']).toMatch(/javascript/);
    } finally {
      await app.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });

  it('sends the build’s precompressed copies to a browser that accepts them, kept immutable', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'haven-web-'));
    await mkdir(join(webRoot, 'assets'));
    const script = 'console.log("a script long enough to be worth compressing");\n'.repeat(50);
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Haven</title>');
    await writeFile(join(webRoot, 'assets', 'app-a1b2c3d4.js'), script);
    await writeFile(join(webRoot, 'assets', 'app-a1b2c3d4.js.br'), brotliCompressSync(script));
    await writeFile(join(webRoot, 'assets', 'app-a1b2c3d4.js.gz'), gzipSync(script));
    const app = await buildServer(h.ctx, { webRoot });
    try {
      const get = (encoding?: string) => app.inject({ method: 'GET', url: '/assets/app-a1b2c3d4.js', headers: encoding ? { 'accept-encoding': encoding } : {} });
      const brotli = await get('gzip, deflate, br');
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);
      expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(brotli.headers['content-type']).toMatch(/javascript/);
      const gzip = await get('gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
      const plain = await get();
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(script);
    } finally {
      await app.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });
});
