import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';

const XLSX_FILE = new URL('../fixtures/spreadsheets/who-ssa-invented.xlsx', import.meta.url).pathname;
const ODS_FILE = new URL('../fixtures/spreadsheets/who-ssa-invented.ods', import.meta.url).pathname;
const PRESET = new URL('../../docs/examples/mappings/who-ssa.json', import.meta.url).pathname;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Job {
  id: string;
  status: string;
  rows: number;
  created: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

describe.each(DATABASES)('spreadsheet uploads with a column mapping on %s', (kind) => {
  let h: ApiHarness;
  let preset: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    preset = encodeURIComponent(await readFile(PRESET, 'utf8'));
  });
  afterAll(() => h?.close());

  const incidents = async () => (await h.call({ method: 'GET', url: '/api/v1/incidents?countries=UKR,SDN,MMR,PSE,SYR,COD', as: 'analyst' })).json<{ total?: number; items?: unknown[] }>();

  async function upload(file: string, query: string, type = XLSX_TYPE): Promise<Job> {
    const started = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=ssa${query}`, as: 'analyst', payload: await readFile(file), headers: { 'content-type': type } });
    expect(started.statusCode, started.body).toBe(202);
    for (let i = 0; i < 400; i++) {
      const job = (await h.call({ method: 'GET', url: `/api/v1/imports/${started.json().id}`, as: 'analyst' })).json<Job>();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import job did not finish');
  }

  it('previews the columns and, with the preset, the rows as they would be stored, writing nothing', async () => {
    const before = await incidents();
    const bare = await h.call({ method: 'POST', url: '/api/v1/imports/preview', as: 'analyst', payload: await readFile(XLSX_FILE), headers: { 'content-type': XLSX_TYPE } });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toMatchObject({ recognised: null, spreadsheet: { kind: 'xlsx', sheet: 'SSA' }, rows: [] });
    expect(bare.json<{ columns: { name: string }[] }>().columns.map((c) => c.name)).toContain('Health care resources attacked');
    const mapped = await h.call({ method: 'POST', url: `/api/v1/imports/preview?rows=3&mapping=${preset}`, as: 'analyst', payload: await readFile(ODS_FILE), headers: { 'content-type': 'application/vnd.oasis.opendocument.spreadsheet' } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const rows = mapped.json<{ rows: { rowNumber: number; record: { location: { precision: string; country: string } }; issues: unknown[] }[] }>().rows;
    expect(rows.map((r) => [r.rowNumber, r.record.location.country, r.record.location.precision, r.issues.length])).toEqual([
      [2, 'UKR', 'country', 0],
      [3, 'SDN', 'country', 0],
      [4, 'MMR', 'country', 0],
    ]);
    expect(await incidents()).toEqual(before);
  });

  it('refuses an invalid mapping before reading the file, naming the setting', async () => {
    const bad = encodeURIComponent(JSON.stringify({ ...JSON.parse(await readFile(PRESET, 'utf8')), dateOrder: 'ymd' }));
    const response = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=ssa&mapping=${bad}`, as: 'analyst', payload: await readFile(XLSX_FILE), headers: { 'content-type': XLSX_TYPE } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('dateOrder');
  });

  it('previews nothing for a role that may not import', async () => {
    const response = await h.call({ method: 'POST', url: '/api/v1/imports/preview', as: 'viewer', payload: await readFile(XLSX_FILE), headers: { 'content-type': XLSX_TYPE } });
    expect(response.statusCode).toBe(403);
  });

  it('imports through the mapping, and a re-import of the .ods version changes nothing', async () => {
    const first = await upload(XLSX_FILE, `&mapping=${preset}`);
    expect(first).toMatchObject({ status: 'succeeded', rows: 9, created: 6, rejected: 3 });
    const again = await upload(ODS_FILE, `&mapping=${preset}`, 'application/vnd.oasis.opendocument.spreadsheet');
    expect(again).toMatchObject({ status: 'succeeded', rows: 9, created: 0, unchanged: 6, rejected: 3 });
    const unmapped = await upload(XLSX_FILE, '');
    expect(unmapped.status).toBe('failed');
    expect(unmapped.error).toMatch(/does not recognise the columns of sheet "SSA".*column mapping/);
  });
});
