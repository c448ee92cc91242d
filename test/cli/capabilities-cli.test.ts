import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { restrictRecord } from '../../src/application/restriction.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import type { CapabilityRecord } from '../../src/core/capabilities/capability-api.schema.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';

const EXAMPLE = 'docs/examples/capabilities/close-in-weapon-system.json';

describe('haven capabilities', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-capabilities-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("adds the documentation's example, lists it with its verdict, and prints its findings with their sources", async () => {
    const added = await haven(['capabilities', 'add', EXAMPLE, '--json'], { database });
    expect(added.stderr).toBe('');
    const record = JSON.parse(added.stdout) as CapabilityRecord;
    expect(record.capability).toMatchObject(JSON.parse(readFileSync(EXAMPLE, 'utf8')) as object);
    expect(record.assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    const listed = await haven(['capabilities', 'list'], { database });
    expect(listed.stdout.trim()).toBe(`${record.id}\tClose-in weapon system\tdefensive\tmay be permitted within limits`);
    const assessed = await haven(['capabilities', 'assess', record.id], { database });
    expect(assessed.stdout).toContain('unmet\tNATO-PRU-traceability\tNot on record: its documentation as an evidence file.');
    expect(assessed.stdout).not.toContain('HS-CAP-1');
  });

  it('adds a system that would engage persons on its own, and says it cannot be permitted', async () => {
    const file = join(dir, 'loitering.json');
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...example, name: 'Loitering munition', purpose: 'offensive', targetTypes: 'persons' }));
    const added = await haven(['capabilities', 'add', file], { database });
    expect(added.stdout.split('\n')[0]).toMatch(/^Loitering munition \(.+, version 1\): offensive, weapon — human security: cannot be permitted$/);
    expect(added.stdout).toContain('ruled out\tHS-CAP-1\tIt would select and engage persons without a person deciding each use of force.');
    await writeFile(file, '{');
    expect((await haven(['capabilities', 'add', file], { database })).stderr.split('\n')[0]).toMatch(/^haven: .*loitering\.json is not a JSON capability record/);
  });

  it('leaves out a system restricted to named users: the shell operator is named on no list', async () => {
    const added = JSON.parse((await haven(['capabilities', 'add', EXAMPLE, '--json'], { database })).stdout) as CapabilityRecord;
    const open = JSON.parse((await haven(['capabilities', 'add', EXAMPLE, '--json'], { database })).stdout) as CapabilityRecord;
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const lea = await createUserAsOperator(ctx, { username: 'lea', displayName: 'Lea', role: 'analyst', password: 'correct horse battery staple' });
      await restrictRecord(ctx, { id: lea.id, username: lea.username, role: lea.role }, 'capability', added.id, { users: ['lea'] });
    } finally {
      await store.connection.close();
    }
    const listed = JSON.parse((await haven(['capabilities', 'list', '--json'], { database })).stdout) as { items: CapabilityRecord[] };
    expect(listed.items.map((r) => r.id)).toContain(open.id);
    expect(listed.items.map((r) => r.id)).not.toContain(added.id);
    const assessed = await haven(['capabilities', 'assess', added.id], { database });
    expect(assessed.code).not.toBe(0);
    expect(assessed.stderr).toContain(`capability ${added.id}`);
  });
});
