import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { backupDatabase, restoreDatabase } from '../../src/application/backup.service.js';
import { loadExerciseScenario } from '../../src/application/demo.service.js';
import { changeVerificationStatus, getIncident, listIncidents, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import type { Incident, IncidentData, IncidentDetail } from '../../src/core/incident.schema.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const analyst: Actor = { id: 'backup-analyst', username: 'backup-analyst', role: 'analyst' };

async function everything(ctx: AppContext): Promise<Incident[]> {
  const all: Incident[] = [];
  let cursor: string | undefined;
  do {
    const page = await listIncidents(ctx, analyst, {}, { limit: 1000, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

describe.each(DATABASES)('backup from %s', (sourceKind) => {
  let dir: string;
  let source: TestStore;
  let sourceCtx: AppContext;
  let original: Incident[];
  // An incident edited from two places: superseded versions kept, and conflicts (one in the sensitive details) open.
  let conflicted: { detail: IncidentDetail; versions: (IncidentData | undefined)[] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-backup-'));
    source = await openTestStore(sourceKind);
    sourceCtx = createAppContext(source.store);
    await loadExerciseScenario(sourceCtx, analyst, { incidents: 600 });
    const withSecrets = validIncident();
    withSecrets.sensitive = { victims: [{ name: 'Restored Victim' }] };
    const { id } = await recordIncident(sourceCtx, analyst, withSecrets);
    await changeVerificationStatus(sourceCtx, analyst, id, { status: 'under_review', reason: 'second source found' });
    await updateIncident(sourceCtx, analyst, id, { ...withSecrets, title: 'Held title', sensitive: { victims: [{ name: 'Restored Victim', sex: 'female' }] }, expectedVersion: 2 });
    const late = await updateIncident(sourceCtx, analyst, id, { ...withSecrets, title: 'Late title', sensitive: { victims: [{ name: 'Late Victim' }] }, expectedVersion: 2 });
    expect(late.merge?.conflicts.map((c) => c.path)).toEqual(['sensitive.victims', 'title']);
    const seq = (await source.store.incidents.findKeyById(source.store.connection.db, id, 'system'))!.seq;
    conflicted = {
      detail: await getIncident(sourceCtx, analyst, id),
      versions: await Promise.all([1, 2].map((v) => source.store.incidentHistory.dataOfVersion(source.store.connection.db, seq, id, v))),
    };
    original = await everything(sourceCtx);
  }, 120_000);
  afterAll(async () => {
    await source?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(DATABASES)('restores into %s exactly, while the source keeps taking writes', async (targetKind) => {
    const file = join(dir, `${sourceKind}-to-${targetKind}.haven.gz`);
    // A write racing the backup lands either wholly in it or wholly after it: the snapshot is consistent. (Counted
    // now: the run for the other target database added its own racing write to the source.)
    const before = (await everything(sourceCtx)).length;
    const [header] = await Promise.all([backupDatabase(sourceCtx, file), recordIncident(sourceCtx, analyst, { ...validIncident(), title: 'Written during the backup' })]);
    expect([before, before + 1]).toContain(header.rowCounts.incidents);

    const target = await openTestStore(targetKind);
    try {
      const targetCtx = createAppContext(target.store);
      await recordIncident(targetCtx, analyst, { ...validIncident(), title: 'Replaced by the restore' });
      await restoreDatabase(targetCtx, analyst, file);
      const restored = await everything(targetCtx);
      expect(restored.length).toBe(header.rowCounts.incidents);
      const byId = new Map(restored.map((i) => [i.id, i]));
      for (const incident of original) expect(byId.get(incident.id)).toEqual(incident);
      expect(restored.some((i) => i.title === 'Replaced by the restore')).toBe(false);
      // Ids keep counting after the restored ones: a new record does not collide.
      const added = await recordIncident(targetCtx, analyst, validIncident());
      expect(added.verificationHistory).toHaveLength(1);
      const secret = restored.find((i) => i.sensitive?.victims[0]?.name === 'Restored Victim');
      expect(secret?.verificationStatus).toBe('under_review');
      // Superseded versions and open conflicts come back too, their sealed values readable.
      expect(header.rowCounts.incident_versions).toBeGreaterThanOrEqual(2);
      expect(header.rowCounts.incident_conflicts).toBe(2);
      const { id } = conflicted.detail;
      expect((await getIncident(targetCtx, analyst, id)).conflicts).toEqual(conflicted.detail.conflicts);
      expect(JSON.stringify(conflicted.detail.conflicts)).toContain('Late Victim');
      const seq = (await target.store.incidents.findKeyById(target.store.connection.db, id, 'system'))!.seq;
      const versions = await Promise.all([1, 2].map((v) => target.store.incidentHistory.dataOfVersion(target.store.connection.db, seq, id, v)));
      expect(versions).toEqual(conflicted.versions);
      expect(versions[0]?.sensitive.victims[0]?.name).toBe('Restored Victim');
      const audit = await target.store.audit.forEntity(target.store.connection.db, 'database', targetKind);
      expect(audit.map((e) => e.action)).toContain('system.restore');
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('refuses a truncated or foreign file and leaves the database untouched', async () => {
    const target = await openTestStore(sourceKind);
    try {
      const ctx = createAppContext(target.store);
      await recordIncident(ctx, analyst, validIncident());
      const foreign = join(dir, 'foreign.gz');
      await writeFile(foreign, gzipSync('{"hello":"world"}\n'));
      await expect(restoreDatabase(ctx, analyst, foreign)).rejects.toThrow(/not a Haven backup/);
      const good = join(dir, `${sourceKind}-truncated-source.gz`);
      await backupDatabase(sourceCtx, good);
      const { readFile } = await import('node:fs/promises');
      const { gunzipSync } = await import('node:zlib');
      const lines = gunzipSync(await readFile(good)).toString().split('\n');
      const truncated = join(dir, 'truncated.gz');
      await writeFile(truncated, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
      await expect(restoreDatabase(ctx, analyst, truncated)).rejects.toThrow(/incomplete/);
      expect((await everything(ctx)).map((i) => i.title)).toEqual([validIncident().title]);
    } finally {
      await target.cleanup();
    }
  }, 120_000);
});
