import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { openCase, recordPerpetratorEvent } from '../../src/application/case.service.js';
import type { CaseSummary } from '../../src/core/accountability/case.schema.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';

describe('haven cases', () => {
  let dir: string;
  let database: string;
  const titles = ['Attack on the clinic', 'Recruitment of children in the camp'];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-cases-cli-'));
    database = join(dir, 'haven.db');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const investigator = { id: 'investigator-1', username: 'ines', role: 'investigator' as const };
      const first = await openCase(ctx, investigator, { title: titles[0], qualifications: [{ ref: 'rs-8-2-e-ii' }], perpetrators: [{ name: 'Suspect', kind: 'person' }] });
      await openCase(ctx, investigator, { title: titles[1], qualifications: [{ ref: 'rs-8-2-e-vii' }] });
      await recordPerpetratorEvent(ctx, investigator, first.id, first.perpetrators[0]!.id, { kind: 'arrested', date: '2026-10-01', by: 'Police', place: 'Town' });
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists cases as a table and as JSON', async () => {
    const table = await haven(['cases', 'list'], { database });
    expect(table.code, table.stderr).toBe(0);
    for (const title of titles) expect(table.stdout).toContain(title);
    const json = await haven(['cases', 'list', '--json'], { database });
    const items = JSON.parse(json.stdout) as CaseSummary[];
    expect(items.map((c) => c.title).sort()).toEqual([...titles].sort());
    expect(items.every((c) => c.status === 'documented')).toBe(true);
    const bad = await haven(['cases', 'list', '--status', 'lost'], { database });
    expect(bad.code).not.toBe(0);
  });

  it('counts arrests against killings', async () => {
    const out = await haven(['cases', 'arrests-vs-killings', '--json'], { database });
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ arrested: 1, killed: 0, takenAliveShare: 1 });
  });
});
