import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';

const DATES = new URL('../fixtures/dates/', import.meta.url).pathname;

describe.each(DATABASES)('the date order of an uploaded file on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  async function upload(query: string) {
    const started = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=ged.csv${query}`, as: 'analyst', payload: await readFile(`${DATES}ged-excel-us-undecided.csv`), headers: { 'content-type': 'text/csv' } });
    expect(started.statusCode, started.body).toBe(202);
    return h.importJobWhenDone(started.json().id, 'analyst');
  }

  it('fails the job with date_order_ambiguous when the dates fit both orders, and imports with dateOrder', async () => {
    const asked = await upload('');
    expect(asked).toMatchObject({ status: 'failed', errorCode: 'date_order_ambiguous', created: 0 });
    expect(asked.error).toContain('date_start');
    const told = await upload('&dateOrder=mdy');
    expect(told).toMatchObject({ status: 'succeeded', errorCode: null, created: 5, rejected: 0 });
    expect(told.options).toMatchObject({ dateOrder: 'mdy' });
    const bad = await h.call({ method: 'POST', url: '/api/v1/imports?dateOrder=ymd', as: 'analyst', payload: 'a,b\n', headers: { 'content-type': 'text/csv' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('dateOrder');
  });
});
