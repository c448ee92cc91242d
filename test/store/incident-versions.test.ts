import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { changeVerificationStatus, getIncident, recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { dataOf } from '../../src/core/incident-diff.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';

const analyst: Actor = { id: 'versions-analyst', username: 'versions-analyst', role: 'analyst' };

describe.each(DATABASES)('superseded versions of incidents on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
  });
  afterAll(() => t?.cleanup());

  const versionsOf = async (id: string) => {
    const { db } = t.store.connection;
    const seq = (await t.store.incidents.findKeyById(db, id, 'system'))!.seq;
    return (await db.selectFrom('incident_versions').select('version').where('incident_seq', '=', seq).orderBy('version').execute()).map((r) => r.version);
  };
  const imported = (title: string, externalId: string) => ({ rowNumber: 1, input: { ...validIncident(), title, origin: { dataset: 'test-feed', externalId } } });

  it('an import creating records writes no history; one updating a record keeps the version it supersedes', async () => {
    const first = await importIncidentBatch(ctx, analyst, [imported('Imported once', 'ev-1'), { ...imported('Imported twice', 'ev-2'), rowNumber: 2 }]);
    expect(first.created).toBe(2);
    expect(await t.store.connection.db.selectFrom('incident_versions').selectAll().execute()).toEqual([]);
    const again = await importIncidentBatch(ctx, analyst, [imported('Imported once, corrected', 'ev-1')]);
    expect(again.updated).toBe(1);
    const { db } = t.store.connection;
    const row = await db.selectFrom('incidents').select(['id', 'version']).where('origin_external_id', '=', 'ev-1').executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    expect(await versionsOf(row.id)).toEqual([1]);
    const seq = (await t.store.incidents.findKeyById(db, row.id, 'system'))!.seq;
    expect((await t.store.incidentHistory.dataOfVersion(db, seq, row.id, 1))?.title).toBe('Imported once');
  });

  it('a verification change keeps the version it supersedes, so an edit begun before it merges without a conflict', async () => {
    const { id } = await recordIncident(ctx, analyst, validIncident());
    await changeVerificationStatus(ctx, analyst, id, { status: 'under_review', reason: 'a second source was found' });
    expect(await versionsOf(id)).toEqual([1]);
    const late = await updateIncident(ctx, analyst, id, { ...validIncident(), title: 'Edited before the review began', expectedVersion: 1 });
    expect(late).toMatchObject({ version: 3, title: 'Edited before the review began', verificationStatus: 'under_review' });
    expect(late.merge).toEqual({ basedOn: 1, applied: ['title'], conflicts: [] });
    expect(await versionsOf(id)).toEqual([1, 2]);
  });

  it('a write based on a version someone else replaced meanwhile is refused, not applied over theirs', async () => {
    const { db } = t.store.connection;
    const { id } = await recordIncident(ctx, analyst, validIncident());
    const seq = (await t.store.incidents.findKeyById(db, id, 'system'))!.seq;
    // Read by one writer; then another saves first.
    const [read] = await t.store.incidents.load(db, [seq], true);
    await updateIncident(ctx, analyst, id, { ...validIncident(), title: 'Saved first', expectedVersion: 1 });
    const late = { id, data: { ...dataOf(read!), title: 'Saved late' }, verificationStatus: read!.verificationStatus, version: 2, createdAt: read!.createdAt, createdBy: read!.createdBy.id, updatedAt: read!.updatedAt, updatedBy: analyst.id };
    await expect(db.transaction().execute((trx) => t.store.incidents.replace(trx, seq, late, read!))).rejects.toMatchObject({ code: 'conflict' });
    expect((await getIncident(ctx, analyst, id)).title).toBe('Saved first');
    expect(await versionsOf(id)).toEqual([1]);
  });
});
