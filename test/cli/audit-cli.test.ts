import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import type { AuditPage } from '../../src/application/audit.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { createGroup, restrictRecord } from '../../src/application/restriction.service.js';
import { openStore } from '../../src/store/store.js';
import { validIncident } from '../support/incident-fixtures.js';
import { haven } from '../support/cli-runner.js';

describe('haven audit list', () => {
  let dir: string;
  let database: string;
  let hiddenId: string;
  let sharedId: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-audit-cli-'));
    database = join(dir, 'haven.db');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store);
      const admin = { id: 'admin-1', username: 'root', role: 'administrator' as const };
      const ines = await createUserAsOperator(ctx, { username: 'ines', displayName: 'Ines', role: 'investigator', password: 'correct horse battery staple' });
      const aude = await createUserAsOperator(ctx, { username: 'aude', displayName: 'Aude', role: 'auditor', password: 'correct horse battery staple' });
      const investigator = { id: ines.id, username: ines.username, role: ines.role };
      hiddenId = (await recordIncident(ctx, investigator, { ...validIncident(), title: 'Hidden from the shell' })).id;
      sharedId = (await recordIncident(ctx, investigator, { ...validIncident(), title: 'Shared with the auditor' })).id;
      await restrictRecord(ctx, investigator, 'incident', hiddenId, { users: ['ines'] });
      await restrictRecord(ctx, investigator, 'incident', sharedId, { users: [aude.username] });
      await createGroup(ctx, admin, { name: 'crsv-team', members: ['ines'] });
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists the log as a table and as JSON, with restrictions and group changes', { timeout: 120_000 }, async () => {
    // The shell's operator is named on no restricted record: the restrictions show to the auditor named on one.
    const table = await haven(['audit', 'list', '--as', 'aude'], { database });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('group.create');
    expect(table.stdout).toContain('incident.restriction');
    expect(table.stdout).not.toContain(hiddenId);
    const json = await haven(['audit', 'list', '--json'], { database });
    expect(json.code, json.stderr).toBe(0);
    const page = JSON.parse(json.stdout) as AuditPage;
    expect(page.items.map((e) => e.action)).toContain('group.create');
  });

  it('filters by action, entity and actor, and leaves out restricted records the reader is not named on', { timeout: 180_000 }, async () => {
    const groups = JSON.parse((await haven(['audit', 'list', '--action', 'group', '--json'], { database })).stdout) as AuditPage;
    expect(groups.items.map((e) => e.action)).toEqual(['group.create']);
    const byInes = JSON.parse((await haven(['audit', 'list', '--actor', 'ines', '--limit', '500', '--json'], { database })).stdout) as AuditPage;
    expect(byInes.items.every((e) => e.username === 'ines')).toBe(true);
    expect(byInes.items.some((e) => e.entityId === hiddenId)).toBe(false);
    const asAuditor = JSON.parse((await haven(['audit', 'list', '--as', 'aude', '--entity-type', 'incident', '--entity-id', sharedId, '--json'], { database })).stdout) as AuditPage;
    expect(asAuditor.items.map((e) => e.action)).toEqual(['incident.restriction', 'incident.create']);
    const hidden = await haven(['audit', 'list', '--as', 'aude', '--entity-id', hiddenId, '--json'], { database });
    expect((JSON.parse(hidden.stdout) as AuditPage).items).toEqual([]);
    const limited = JSON.parse((await haven(['audit', 'list', '--limit', '1', '--json'], { database })).stdout) as AuditPage;
    expect(limited.items.length).toBe(1);
    expect(limited.nextCursor).not.toBeNull();
    const bad = await haven(['audit', 'list', '--from', 'yesterday'], { database });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('from');
  });
});
