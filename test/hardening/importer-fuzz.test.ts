import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * Random and malformed files through every importer, over the HTTP import job route (complementing the mapper and
 * generated-GED properties in test/formats/parser-properties.test.ts): valid files of each format — exported by Haven
 * itself, or fixtures — truncated, spliced with random bytes, gzipped or not, with or without a named format, strict or
 * not. The upload is answered 202 or a structured 4xx, the job ends (never hangs, never takes the server down), its
 * counts add up, and the register grows by exactly the number of incidents the jobs say they created.
 */
const TOTAL_RUNS = Number(process.env.HAVEN_FUZZ_RUNS ?? 2000);
const FORMATS = [undefined, 'ged', 'acled', 'hxl', 'geojson', 'csv'] as const;
const GED = 'id,type_of_violence,side_a,side_b,date_start,date_end,date_prec,where_prec,latitude,longitude,country,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,low,high\n1,3,Group A,Civilians,2024-01-02,2024-01-02,1,1,11.8,13.1,Nigeria (475),0,0,3,0,3,3,4\n';

interface Job {
  id: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

describe.each(DATABASES)('importer fuzzing over HTTP on %s', (kind) => {
  // PostgreSQL is slower per job: a tenth of the runs there.
  const runs = Math.max(5, Math.ceil((kind === 'sqlite' ? TOTAL_RUNS / 20 : TOTAL_RUNS / 200)));
  let h: ApiHarness;
  const templates: Buffer[] = [];
  const count = async () => (await h.call({ method: 'GET', url: '/api/v1/incidents/summary', as: 'analyst' })).json<{ incidents: number }>().incidents;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    expect((await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: validIncident() })).statusCode).toBe(201);
    for (const format of ['csv', 'geojson', 'hxl']) {
      const exported = await h.call({ method: 'GET', url: `/api/v1/exports/incidents?format=${format}`, as: 'analyst' });
      expect(exported.statusCode, exported.body).toBe(200);
      templates.push(exported.rawPayload);
    }
    templates.push(await readFile(new URL('../fixtures/hxl-incidents.csv', import.meta.url)), Buffer.from(GED));
  });
  afterAll(() => h?.close());

  async function waitForJob(id: string): Promise<Job> {
    for (let i = 0; i < 600; i++) {
      const job = (await h.call({ method: 'GET', url: `/api/v1/imports/${id}`, as: 'analyst' })).json<Job>();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`import job ${id} did not finish`);
  }

  const file = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
    fc
      .record({
        template: fc.integer({ min: 0, max: 4 }),
        cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        insert: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '"', '\n', ',', '{', ']', '\uFEFF', '=cmd|x', '\r', '\\')).map((s) => Buffer.from(s)),
        gzip: fc.boolean(),
      })
      .map(({ template, cut, at, insert, gzip }) => {
        let bytes = templates[template]!;
        if (cut !== null) bytes = bytes.subarray(0, Math.floor(bytes.length * cut));
        const i = Math.floor(bytes.length * at);
        bytes = Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i)]);
        return gzip ? gzipSync(bytes) : bytes;
      }),
  );

  it('answers every file with 202 or a structured 4xx, ends every job, and stores exactly what the jobs report', { timeout: 600_000 }, async () => {
    const before = await count();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom(...FORMATS), fc.boolean(), async (body, format, strict) => {
        const query = `?fileName=fuzz&dataset=fuzz${format ? `&format=${format}` : ''}${strict ? '&strict=true' : ''}`;
        const started = await h.call({ method: 'POST', url: `/api/v1/imports${query}`, as: 'analyst', payload: body, headers: { 'content-type': 'application/octet-stream' } });
        expect(started.statusCode, started.body).toBeLessThan(500);
        if (started.statusCode !== 202) {
          expect(started.json()).toMatchObject({ error: { code: expect.any(String), issues: expect.any(Array), requestId: expect.any(String) } });
          return;
        }
        const job = await waitForJob(started.json<{ id: string }>().id);
        expect(['succeeded', 'failed'], JSON.stringify(job)).toContain(job.status);
        if (job.status === 'succeeded') expect(job.created + job.updated + job.unchanged + job.rejected, JSON.stringify(job)).toBe(job.rows);
        if (strict && job.status === 'failed') expect(job.created).toBe(0);
        created += job.created;
        const rejections = await h.call({ method: 'GET', url: `/api/v1/imports/${job.id}/rejections`, as: 'analyst' });
        expect(rejections.statusCode, rejections.body).toBeLessThan(500);
      }),
      // Found by this property: a refusal quoting a header of one NUL byte could not be recorded on PostgreSQL, so the
      // job stayed running.
      // And (seed -1792769757): a strict HXL import that failed showed, while polled, the counts of its rolled-back
      // batch (live progress overlaid on the stored end); test/formats/import-job-runner.test.ts pins the moment.
      { numRuns: runs, examples: [[Buffer.from([0]), 'acled', false], [await readFile(new URL('../fixtures/fuzz/strict-hxl-failed-with-rows.csv.gz', import.meta.url)), 'hxl', true]] },
    );
    expect(await count()).toBe(before + created);
  });
});
