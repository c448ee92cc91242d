import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import type { IncidentConflict } from '../../src/core/incident-conflict.schema.js';
import type { IncidentDetail, IncidentInput, IncidentUpdateResult, ListedIncident } from '../../src/core/incident.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { validIncident } from '../support/incident-fixtures.js';

const VICTIM_HELD = 'Ngozi Held-Victim Adebayo';
const VICTIM_PROPOSED = 'Musa Proposed-Victim Ibrahim';
const VICTIM_BASE = 'Aisha Base-Victim Bello';

describe.each(DATABASES)('incident edits against older versions, and their conflicts, on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const create = async (input: IncidentInput = validIncident()) => {
    const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<IncidentDetail>();
  };
  const put = (id: string, as: Role, input: IncidentInput, expectedVersion: number) => h.call({ method: 'PUT', url: `/api/v1/incidents/${id}`, as, payload: { ...input, expectedVersion } });
  const edit = async (id: string, as: Role, input: IncidentInput, expectedVersion: number) => {
    const response = await put(id, as, input, expectedVersion);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<IncidentUpdateResult>();
  };
  const detail = async (id: string, as: Role = 'analyst') => (await h.call({ method: 'GET', url: `/api/v1/incidents/${id}`, as })).json<IncidentDetail>();
  const queue = async (as: Role, status = 'open') => {
    const response = await h.call({ method: 'GET', url: `/api/v1/incidents/conflicts?status=${status}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: IncidentConflict[] }>().items;
  };
  const resolve = (id: string, conflictId: string, as: Role, body: Record<string, unknown>) => h.call({ method: 'POST', url: `/api/v1/incidents/${id}/conflicts/${conflictId}/resolve`, as, payload: body });
  const trail = async (id: string) => (await h.call({ method: 'GET', url: `/api/v1/incidents/${id}/audit`, as: 'analyst' })).json<{ action: string; changes: Record<string, unknown> }[]>();

  it('merges edits of different fields made from the same version: both land, no conflict', async () => {
    const { id } = await create();
    await edit(id, 'analyst', { ...validIncident(), title: 'Shelling of the market, revised' }, 1);
    const late = await edit(id, 'investigator', { ...validIncident(), narrative: 'Three shells fell at noon.', location: { ...validIncident().location, placeName: 'Central market' } }, 1);
    expect(late.version).toBe(3);
    expect(late.title).toBe('Shelling of the market, revised');
    expect(late.narrative).toBe('Three shells fell at noon.');
    expect(late.location.placeName).toBe('Central market');
    // The location was changed only in the late edit: taken whole.
    expect(late.merge).toEqual({ basedOn: 1, applied: ['location', 'narrative'], conflicts: [] });
    expect(late.conflicts).toEqual([]);
    const update = (await trail(id)).filter((e) => e.action === 'incident.update').at(-1)!;
    expect(update.changes.narrative).toMatchObject({ after: 'Three shells fell at noon.' });
    expect(update.changes.merged).toEqual({ basedOn: 1, origin: 'edit', applied: ['location', 'narrative'] });
  });

  it('keeps the held value of a field changed on both sides, flags it on the record, lists it, and audits both values', async () => {
    const { id } = await create({ ...validIncident(), title: 'Base title' });
    await edit(id, 'analyst', { ...validIncident(), title: 'Held title' }, 1);
    const late = await edit(id, 'investigator', { ...validIncident(), title: 'Proposed title', narrative: 'Added late' }, 1);
    expect(late.title).toBe('Held title');
    expect(late.narrative).toBe('Added late');
    expect(late.merge?.applied).toEqual(['narrative']);
    expect(late.merge?.conflicts).toHaveLength(1);
    const [conflict] = late.merge!.conflicts;
    expect(conflict).toMatchObject({ incidentId: id, path: 'title', base: 'Base title', held: 'Held title', proposed: 'Proposed title', baseVersion: 1, heldVersion: 2, origin: 'edit', status: 'open', redacted: false });
    expect(conflict!.proposedBy.username).toBe('investigator-user');

    const read = await detail(id, 'viewer');
    expect(read.conflicts.map((c) => c.id)).toEqual([conflict!.id]);
    expect((await queue('viewer')).map((c) => c.id)).toContain(conflict!.id);

    const flagged = (await h.call({ method: 'GET', url: '/api/v1/incidents?hasConflicts=true&limit=1000', as: 'analyst' })).json<{ items: ListedIncident[] }>().items;
    expect(flagged.find((i) => i.id === id)?.openConflicts).toBe(1);
    expect(flagged.every((i) => i.openConflicts > 0)).toBe(true);
    const clean = (await h.call({ method: 'GET', url: '/api/v1/incidents?hasConflicts=false&limit=1000', as: 'analyst' })).json<{ items: ListedIncident[] }>().items;
    expect(clean.some((i) => i.id === id)).toBe(false);
    expect(clean.every((i) => i.openConflicts === 0)).toBe(true);

    const entry = (await trail(id)).find((e) => e.action === 'incident.conflict')!;
    expect(entry.changes.conflict).toMatchObject({ id: conflict!.id, field: 'title', base: 'Base title', held: 'Held title', proposed: 'Proposed title', basedOn: 1 });
  });

  it('resolves by keeping, taking or entering a value; a second resolution is refused; an invalid value names its field', async () => {
    const base = { ...validIncident(), title: 'Base', narrative: 'Base narrative', location: { ...validIncident().location, placeName: 'Base place' } };
    const { id } = await create(base);
    await edit(id, 'analyst', { ...base, title: 'Held', narrative: 'Held narrative', location: { ...base.location, placeName: 'Held place' } }, 1);
    const late = await edit(id, 'investigator', { ...base, title: 'Proposed', narrative: 'Proposed narrative', location: { ...base.location, placeName: 'Proposed place' } }, 1);
    expect(late.version).toBe(2);
    const byPath = new Map(late.merge!.conflicts.map((c) => [c.path, c]));
    expect([...byPath.keys()].sort()).toEqual(['location.placeName', 'narrative', 'title']);

    const kept = await resolve(id, byPath.get('title')!.id, 'analyst', { keep: 'held' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json<IncidentDetail>()).toMatchObject({ title: 'Held', version: 2 });
    expect(kept.json<IncidentDetail>().conflicts).toHaveLength(2);

    const taken = await resolve(id, byPath.get('narrative')!.id, 'analyst', { take: 'proposed' });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json<IncidentDetail>()).toMatchObject({ narrative: 'Proposed narrative', version: 3 });

    const placeId = byPath.get('location.placeName')!.id;
    const invalid = await resolve(id, placeId, 'analyst', { value: 42 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['location.placeName']);
    expect((await detail(id)).conflicts).toHaveLength(1);
    const entered = await resolve(id, placeId, 'analyst', { value: 'Entered place' });
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json<IncidentDetail>()).toMatchObject({ version: 4, conflicts: [] });
    expect(entered.json<IncidentDetail>().location.placeName).toBe('Entered place');

    const again = await resolve(id, placeId, 'analyst', { keep: 'held' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.issues[0].code).toBe('already_resolved');
    const neither = await resolve(id, byPath.get('title')!.id, 'analyst', { keep: 'proposed' });
    expect(neither.statusCode).toBe(400);

    const resolved = (await queue('analyst', 'resolved')).filter((c) => c.incidentId === id);
    expect(resolved.map((c) => [c.path, c.resolution, c.resolved]).sort()).toEqual([
      ['location.placeName', 'entered_value', 'Entered place'],
      ['narrative', 'took_proposed', 'Proposed narrative'],
      ['title', 'kept_held', 'Held'],
    ]);
    expect(resolved.every((c) => c.resolvedBy?.username === 'analyst-user')).toBe(true);
    expect((await queue('analyst')).some((c) => c.incidentId === id)).toBe(false);
    const entries = (await trail(id)).filter((e) => e.action === 'incident.conflict_resolved');
    expect(entries.map((e) => e.changes.conflict)).toEqual([
      expect.objectContaining({ field: 'title', resolution: 'kept_held', base: 'Base', held: 'Held', proposed: 'Proposed', chosen: 'Held' }),
      expect.objectContaining({ field: 'narrative', resolution: 'took_proposed', base: 'Base narrative', held: 'Held narrative', proposed: 'Proposed narrative', chosen: 'Proposed narrative' }),
      expect.objectContaining({ field: 'location.placeName', resolution: 'entered_value', chosen: 'Entered place' }),
    ]);
    expect(entries[1]!.changes.narrative).toEqual({ before: 'Held narrative', after: 'Proposed narrative' });
  });

  it('two edits of the same version sent at the same moment never both land silently: one is flagged or refused', async () => {
    const { id } = await create({ ...validIncident(), title: 'Raced base' });
    const [one, two] = await Promise.all([put(id, 'analyst', { ...validIncident(), title: 'Raced one' }, 1), put(id, 'investigator', { ...validIncident(), title: 'Raced two' }, 1)]);
    const answers = [one, two].map((r) => ({ status: r.statusCode, body: r.json<IncidentUpdateResult & { error?: { issues: { code: string }[] } }>() }));
    for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
    const saved = await detail(id);
    expect(['Raced one', 'Raced two']).toContain(saved.title);
    const refused = answers.filter((a) => a.status === 409);
    // Either the later one was merged and its title flagged, or it was refused because the other wrote first.
    if (refused.length === 0) expect(saved.conflicts.map((c) => c.path)).toEqual(['title']);
    else expect(refused.map((a) => a.body.error?.issues[0]?.code)).toEqual(['stale_version']);
    expect(refused.length).toBeLessThan(2);
  });

  it('refuses an edit naming a version the incident never had', async () => {
    const { id } = await create();
    const response = await put(id, 'analyst', { ...validIncident(), title: 'From the future' }, 7);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.issues[0]).toMatchObject({ path: 'expectedVersion', code: 'unknown_version' });
    expect((await detail(id)).version).toBe(1);
  });

  it('withholds sensitive conflict values from a reader without clearance, and lets only a cleared writer resolve them', async () => {
    const base = { ...validIncident(), sensitive: { victims: [{ name: VICTIM_BASE }] } };
    const { id } = await create(base);
    await edit(id, 'analyst', { ...base, sensitive: { victims: [{ name: VICTIM_HELD }] } }, 1);
    // A writer without clearance never saw the sensitive details: their edit leaves them alone, no conflict.
    const blind = await edit(id, 'administrator', { ...validIncident(), title: 'Retitled by the administrator' }, 1);
    expect(blind.merge?.conflicts).toEqual([]);
    expect(blind.merge?.applied).toEqual(['title']);
    const late = await edit(id, 'investigator', { ...base, sensitive: { victims: [{ name: VICTIM_PROPOSED }] } }, 1);
    const [conflict] = late.merge!.conflicts;
    expect(conflict).toMatchObject({ path: 'sensitive.victims', sensitive: true, redacted: false });
    expect(JSON.stringify(conflict!.proposed)).toContain(VICTIM_PROPOSED);

    // At rest, superseded versions and conflicts hold the names sealed, never in the clear (open, and once resolved).
    const expectSealedAtRest = async () => {
      const { db } = h.test.store.connection;
      const versions = await db.selectFrom('incident_versions').selectAll().execute();
      const conflicts = await db.selectFrom('incident_conflicts').selectAll().execute();
      const raw = JSON.stringify([versions, conflicts]);
      for (const name of [VICTIM_BASE, VICTIM_HELD, VICTIM_PROPOSED]) expect(raw).not.toContain(name);
      // The read is real: the public part of the versions is there in the clear.
      expect(raw).toContain(validIncident().title);
      expect(versions.filter((v) => v.key_id !== null).length).toBeGreaterThanOrEqual(2);
      const sealedConflict = conflicts.find((c) => c.id === conflict!.id)!;
      expect(sealedConflict.key_id).not.toBeNull();
      expect(sealedConflict.iv).not.toBeNull();
    };
    await expectSealedAtRest();

    const asViewer = await h.call({ method: 'GET', url: `/api/v1/incidents/${id}`, as: 'viewer' });
    const flagged = asViewer.json<IncidentDetail>().conflicts[0]!;
    expect(flagged).toMatchObject({ path: 'sensitive.victims', redacted: true, base: { redacted: true }, held: { redacted: true }, proposed: { redacted: true } });
    const viewerQueue = await h.call({ method: 'GET', url: '/api/v1/incidents/conflicts', as: 'viewer' });
    for (const body of [asViewer.body, viewerQueue.body]) {
      for (const name of [VICTIM_BASE, VICTIM_HELD, VICTIM_PROPOSED]) expect(body).not.toContain(name);
    }
    expect(viewerQueue.json<{ items: IncidentConflict[] }>().items.find((c) => c.id === conflict!.id)?.redacted).toBe(true);

    const uncleared = await resolve(id, conflict!.id, 'administrator', { keep: 'held' });
    expect(uncleared.statusCode).toBe(403);
    const taken = await resolve(id, conflict!.id, 'investigator', { take: 'proposed' });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json<IncidentDetail>().sensitive?.victims.map((v) => v.name)).toEqual([VICTIM_PROPOSED]);
    expect(taken.json<IncidentDetail>().sensitive?.victims[0]?.consent.recordedBy).toBe('investigator-user');
    const auditText = JSON.stringify(await trail(id));
    for (const name of [VICTIM_BASE, VICTIM_HELD, VICTIM_PROPOSED]) expect(auditText).not.toContain(name);
    expect(auditText).toContain('"field":"sensitive.victims"');

    await expectSealedAtRest();
  });

  it("keeps a restricted incident's conflicts out of the queue and the list of a user who may not see it", async () => {
    const { id } = await create({ ...validIncident(), title: 'Restricted base' });
    await edit(id, 'analyst', { ...validIncident(), title: 'Restricted held' }, 1);
    const late = await edit(id, 'analyst', { ...validIncident(), title: 'Restricted proposed' }, 1);
    const conflictId = late.merge!.conflicts[0]!.id;
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${id}/restriction`, as: 'analyst', payload: { users: ['analyst-user'] } });
    expect(restricted.statusCode, restricted.body).toBe(200);

    expect((await queue('analyst')).map((c) => c.id)).toContain(conflictId);
    const outsider = await queue('investigator');
    expect(outsider.length).toBeGreaterThan(0);
    expect(outsider.some((c) => c.incidentId === id)).toBe(false);
    const listed = (await h.call({ method: 'GET', url: '/api/v1/incidents?hasConflicts=true&limit=1000', as: 'investigator' })).json<{ items: ListedIncident[] }>().items;
    expect(listed.some((i) => i.id === id)).toBe(false);
    expect((await resolve(id, conflictId, 'investigator', { keep: 'held' })).statusCode).toBe(404);
    expect((await put(id, 'investigator', { ...validIncident(), title: 'Outsider edit' }, 1)).statusCode).toBe(404);
  });
});
