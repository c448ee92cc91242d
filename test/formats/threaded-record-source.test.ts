import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { streamIncidents } from '../../src/application/incident-stream.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { dataOf } from '../../src/core/incident-diff.js';
import type { Incident } from '../../src/core/incident.schema.js';
import { writeExport } from '../../src/interchange/incident-export.js';
import { openRecordSourceForImport, type ThreadedRecordSourceOptions } from '../../src/interchange/threaded-record-source.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

const actor: Actor = { id: 'threaded-import-test', username: 'threaded-import-test', role: 'analyst' };
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

async function importFile(ctx: AppContext, file: string, options: ThreadedRecordSourceOptions = {}) {
  const source = await openRecordSourceForImport(file, options);
  const summary = await importRecords(ctx, actor, source.records, { batchSize: 50 });
  return { source: { format: source.format, warnings: source.warnings, bytesRead: source.bytesRead() }, summary };
}

async function incidents(ctx: AppContext): Promise<unknown[]> {
  const out: Incident[] = [];
  for await (const incident of streamIncidents(ctx, actor, {})) out.push(incident);
  return out.map(dataOf).sort((a, b) => `${a.origin.dataset} ${a.origin.externalId}`.localeCompare(`${b.origin.dataset} ${b.origin.externalId}`));
}

/** The same file imported read in a worker thread and on the calling thread: the same report, the same register. */
async function bothWays(file: string, options: ThreadedRecordSourceOptions = {}) {
  const [threaded, inline] = [await openTestStore('sqlite'), await openTestStore('sqlite')];
  try {
    const [threadedCtx, inlineCtx] = [createAppContext(threaded.store), createAppContext(inline.store)];
    const viaWorker = await importFile(threadedCtx, file, { ...options, thread: 'always' });
    const onThisThread = await importFile(inlineCtx, file, { ...options, thread: 'never' });
    return { viaWorker, onThisThread, registers: [await incidents(threadedCtx), await incidents(inlineCtx)] as const };
  } finally {
    await threaded.cleanup();
    await inline.cleanup();
  }
}

describe('an import file read in a worker thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-threaded-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a GED file', realFixture('ucdp/ged241-myanmar-every50th.csv'), {}],
    ['a GeoJSON file', join(FIXTURES, 'geojson/ucdp-ged231-40.geojson'), {}],
    ['an HXL file', join(FIXTURES, 'hxl-incidents.csv'), { dataset: 'hxl-test' }],
  ] as const)('%s gives the same report and the same incidents as one read on the calling thread', async (_name, file, options) => {
    const { viaWorker, onThisThread, registers } = await bothWays(file, options);
    expect(viaWorker.summary.created).toBeGreaterThan(0);
    expect(viaWorker).toEqual(onThisThread);
    expect(registers[0]).toEqual(registers[1]);
  });

  it('a file with rejected rows: the same rejections, row by row', async () => {
    const file = join(dir, 'bad.csv');
    const good = realFixture('ucdp/ged241-myanmar-every50th.csv');
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(good, 'utf8')).split('\n');
    // Breaks a few rows' dates and coordinates: they are rejected, the rest imported.
    const broken = lines.map((line, i) => (i > 0 && i % 7 === 0 ? line.replace(/\d{4}-\d{2}-\d{2}/g, 'not a date') : line));
    await writeFile(file, broken.join('\n'));
    const { viaWorker, onThisThread } = await bothWays(file);
    expect(viaWorker.summary.rejected).toBeGreaterThan(0);
    expect(viaWorker).toEqual(onThisThread);
  });

  it('a file that is refused is refused with the same error', async () => {
    const file = join(dir, 'refused.csv');
    await writeFile(file, 'id,year,country\n1,2020,Mali\n');
    const inline = await openRecordSourceForImport(file, { thread: 'never' }).catch((error: unknown) => error);
    const threaded = await openRecordSourceForImport(file, { thread: 'always' }).catch((error: unknown) => error);
    expect(inline).toBeInstanceOf(Error);
    expect(threaded).toEqual(inline);
    expect((threaded as { issues?: unknown }).issues).toEqual((inline as { issues?: unknown }).issues);
  });

  describe.each(DATABASES)('%s: Haven’s own GED-shaped export read back', (kind) => {
    let t: TestStore;
    let ctx: AppContext;
    beforeAll(async () => {
      t = await openTestStore(kind);
      ctx = createAppContext(t.store);
      await importFile(ctx, realFixture('ucdp/ged241-myanmar-every50th.csv'), { thread: 'never' });
    });
    afterAll(() => t?.cleanup());

    it('is matched to the stored records row by row (on the calling thread, after the worker hands it back): nothing changes', async () => {
      const file = join(dir, `export-${kind}.ged.csv`);
      await writeExport(ctx, actor, {}, 'ged', createWriteStream(file), { baseUrl: 'https://haven.example' });
      const before = await incidents(ctx);
      const { summary } = await importFile(ctx, file, { thread: 'always' });
      expect(summary).toMatchObject({ rows: before.length, created: 0, updated: 0, unchanged: before.length, rejected: 0 });
      expect(await incidents(ctx)).toEqual(before);
    });
  });
});
