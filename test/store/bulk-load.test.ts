import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { importRecords } from '../../src/application/import-records.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

const actor: Actor = { id: 'bulk-load-test', username: 'bulk-load-test', role: 'analyst' };
const GED = realFixture('ucdp/ged241-myanmar-every50th.csv');

describe('SQLite: an import as one bulk load', () => {
  let t: TestStore;
  let ctx: AppContext;
  const checkpointEvery = () => t.store.connection.sqlite!.pragma('wal_autocheckpoint', { simple: true });
  beforeAll(async () => {
    t = await openTestStore('sqlite');
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  it('checkpoints its WAL less often while imports run, and as before once the last one ends, however it ends', async () => {
    const usual = checkpointEvery();
    const during: unknown[] = [];
    const importing = async (strict: boolean) =>
      importRecords(ctx, actor, (await openRecordSource(GED)).records, { batchSize: 20, strict, onProgress: () => void during.push(checkpointEvery()) });
    // Two imports at once (two upload jobs): the first to end leaves the setting to the one still running.
    const [first, second] = await Promise.all([importing(false), importing(false)]);
    expect(first.rows + second.rows).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set([100_000]));
    expect(checkpointEvery()).toBe(usual);
    // A strict import that rolls back restores it too.
    const broken = { records: (async function* () {
      for await (const record of (await openRecordSource(GED)).records) yield { ...record, mapped: { ...record.mapped, issues: [{ path: 'id', code: 'unreadable', message: 'broken' }] } };
    })() };
    await expect(importRecords(ctx, actor, broken.records, { strict: true })).rejects.toThrow(/strict/);
    expect(checkpointEvery()).toBe(usual);
  });
});
