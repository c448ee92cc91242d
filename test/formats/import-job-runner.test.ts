import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { createImportJob, getImportJob, type ImportJob } from '../../src/application/import-job.service.js';
import { ImportJobRunner } from '../../src/interchange/import-job-runner.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const actor: Actor = { id: 'job-runner-test', username: 'job-runner-test', role: 'analyst' };
const HXL = new URL('../fixtures/hxl-incidents.csv', import.meta.url);

describe.each(DATABASES)('import job runner on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let dir: string;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    dir = await mkdtemp(join(tmpdir(), 'haven-job-runner-'));
  });
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('a strict job that fails never shows the counts of its rolled-back batches, not even in the moment its end is written', async () => {
    // Good rows, then one the importer refuses: the batch is written and counted (progress), then rolled back.
    const file = join(dir, 'strict.csv');
    await writeFile(file, (await readFile(HXL, 'utf8')).trimEnd() + '\nT-BAD,2024-02-30,north,14.20,TCD,Lac,Bol,Refused row (fixture),,1,,,,,,,killing,Radio,\n');
    const job = await createImportJob(ctx, actor, { fileName: 'strict.csv', bytesTotal: null, options: { strict: true } });
    const runner = new ImportJobRunner(ctx);

    // Read the job as the route does (stored job, overlaid with live progress) right after each state is written:
    // the moment a client polling the job can see.
    const seen: ImportJob[] = [];
    const jobs = ctx.store.importJobs;
    const update = jobs.update.bind(jobs);
    jobs.update = async (...args: Parameters<typeof jobs.update>) => {
      await update(...args);
      if (args[1] === job.id) seen.push(runner.withLiveProgress(await getImportJob(ctx, actor, job.id)));
    };
    try {
      runner.start(actor, job, file, { strict: true });
      await runner.idle();
    } finally {
      jobs.update = update;
    }
    const end = seen.at(-1)!;
    expect(end).toMatchObject({ status: 'failed', created: 0, updated: 0, unchanged: 0 });
    expect(end.rejected).toBeGreaterThan(0);
    expect(seen.filter((s) => s.status !== 'running').every((s) => s.created === 0)).toBe(true);
    expect(await getImportJob(ctx, actor, job.id)).toMatchObject({ status: 'failed', created: 0 });
  });
});
