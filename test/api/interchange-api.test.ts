import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { ACLED_LOOKALIKE, realFixture } from '../support/real-fixtures.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

describe.each(DATABASES)('import and export over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  async function waitForJob(id: string, as: 'analyst' | 'administrator' = 'analyst') {
    for (let i = 0; i < 200; i++) {
      const job = (await h.call({ method: 'GET', url: `/api/v1/imports/${id}`, as })).json();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import job did not finish');
  }

  it('imports an uploaded file as a job with progress, counts and a downloadable report of rejected rows', async () => {
    const body = await readFile(`${FIXTURES}hxl-incidents.csv`);
    const started = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=hxl-incidents.csv&dataset=fixture', as: 'analyst', payload: body, headers: { 'content-type': 'text/csv' } });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ fileName: 'hxl-incidents.csv', status: 'running', bytesTotal: body.length });
    const job = await waitForJob(started.json().id);
    expect(job).toMatchObject({ status: 'succeeded', format: 'hxl', rows: 6, created: 4, rejected: 2, bytesRead: body.length });
    const report = await h.call({ method: 'GET', url: `/api/v1/imports/${job.id}/rejections`, as: 'analyst' });
    expect(report.headers['content-type']).toContain('text/csv');
    const rows = parse<{ row: string; field: string; reason: string }>(report.body, { columns: true });
    expect(rows.map((r) => [r.row, r.field])).toEqual([
      ['7', 'location.lat'],
      ['8', '#date+occurred'],
    ]);
    const again = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=again.csv&dataset=fixture', as: 'analyst', payload: body, headers: { 'content-type': 'text/csv' } });
    expect(await waitForJob(again.json().id)).toMatchObject({ created: 0, unchanged: 4, rejected: 2 });
    const mine = (await h.call({ method: 'GET', url: '/api/v1/imports', as: 'analyst' })).json();
    expect(mine.map((j: { fileName: string }) => j.fileName)).toEqual(['again.csv', 'hxl-incidents.csv']);
  });

  it('rolls back a strict import with any rejected row, and says why', async () => {
    const before = (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json().incidents;
    const body = (await readFile(`${FIXTURES}hxl-incidents.csv`, 'utf8')).replaceAll('T-00', 'S-00');
    const started = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=strict.csv&dataset=strict&strict=true', as: 'analyst', payload: body, headers: { 'content-type': 'text/csv' } });
    const job = await waitForJob(started.json().id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('nothing was imported');
    expect(job.rejected).toBe(2);
    expect((await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json().incidents).toBe(before);
  });

  it('fails a job on a file that is not incident data, with the reason, and imports nothing', async () => {
    const body = await readFile(realFixture('hxl/libhxl-python__input-valid.csv'));
    const started = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=3w.csv', as: 'analyst', payload: body, headers: { 'content-type': 'text/csv' } });
    const job = await waitForJob(started.json().id);
    expect(job).toMatchObject({ status: 'failed', created: 0 });
    expect(job.error).toContain('does not describe incidents');
  });

  it('keeps a job private to whoever started it (and administrators), and refuses uploads from viewers', async () => {
    const started = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=x.csv&dataset=fixture', as: 'analyst', payload: await readFile(`${FIXTURES}hxl-incidents.csv`), headers: { 'content-type': 'text/csv' } });
    const id = started.json().id;
    await waitForJob(id);
    expect((await h.call({ method: 'GET', url: `/api/v1/imports/${id}`, as: 'viewer' })).statusCode).toBe(404);
    expect((await h.call({ method: 'GET', url: `/api/v1/imports/${id}`, as: 'administrator' })).statusCode).toBe(200);
    const refused = await h.call({ method: 'POST', url: '/api/v1/imports?fileName=x.csv', as: 'viewer', payload: 'a,b\n', headers: { 'content-type': 'text/csv' } });
    expect(refused.statusCode).toBe(403);
    const badQuery = await h.call({ method: 'POST', url: '/api/v1/imports?format=excel', as: 'analyst', payload: 'a,b\n', headers: { 'content-type': 'text/csv' } });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.issues[0].path).toBe('format');
  });

  it('streams filtered exports as downloads, with links back to each incident', async () => {
    const body = await readFile(ACLED_LOOKALIKE);
    await waitForJob((await h.call({ method: 'POST', url: '/api/v1/imports?fileName=acled.csv', as: 'analyst', payload: body, headers: { 'content-type': 'text/csv' } })).json().id);
    const summary = (await h.call({ method: 'GET', url: '/api/v1/incidents/summary?countries=UKR&minDeaths=1', as: 'viewer' })).json();
    const csv = await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=csv&countries=UKR&minDeaths=1', as: 'viewer', headers: { host: 'haven.example' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="haven-incidents-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parse<{ id: string; url: string; killed_best: string; country: string }>(csv.body, { columns: true });
    expect(rows).toHaveLength(summary.incidents);
    expect(rows.reduce((s, r) => s + Number(r.killed_best), 0)).toBe(summary.killedBest);
    expect(rows[0]!.url).toBe(`http://haven.example/?incident=${rows[0]!.id}`);
    const geojson = await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=geojson&countries=UKR&minDeaths=1', as: 'viewer' });
    expect(geojson.headers['content-type']).toContain('application/geo+json');
    const collection = geojson.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(summary.incidents);
    expect(collection.features[0].geometry.type).toBe('Point');
    expect((await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=pdf', as: 'viewer' })).statusCode).toBe(400);
    expect((await h.call({ method: 'GET', url: '/api/v1/exports/incidents?format=csv' })).statusCode).toBe(401);
  });
});
