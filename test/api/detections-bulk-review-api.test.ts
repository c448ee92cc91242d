import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

/** An attack on a school at a point (0.0036° of latitude is 0.4 km): a probable protected-site detection. */
const attack = (title: string, day: string, at: { lat: number; lon: number }, extra: Partial<IncidentInput> = {}): IncidentInput => ({
  title,
  dateEarliest: day,
  dateLatest: day,
  datePrecision: 'day',
  location: { ...at, precision: 'exact', country: 'UKR' },
  themes: ['protection_of_civilians', 'children_and_armed_conflict'],
  categories: ['killing', 'attack_on_school'],
  violenceType: 'one_sided',
  actors: [{ name: 'Armed group X', actorType: 'non_state_armed_group', role: 'perpetrator' }],
  casualties: [{ kind: 'killed', status: 'civilian', best: 1 }],
  ...extra,
});

interface Group {
  key: string;
  by: string;
  id: string;
  label: string;
  counts: { open: number; confirmed: number; dismissed: number };
  total: number;
}

describe.each(DATABASES)('bulk review and grouped detections over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let northId: string;
  let southId: string;
  /** Incidents by title. */
  const incidents: Record<string, string> = {};

  const detections = async (query = '', as: 'viewer' | 'analyst' | 'human_security_advisor' = 'analyst') => {
    const response = await h.call({ method: 'GET', url: `/api/v1/detections?limit=1000&${query}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { id: string; status: string; siteId?: string; incidentIds: string[]; review?: { reason: string } }[]; total: number }>();
  };
  const groups = async (query: string, as: 'viewer' | 'analyst' | 'human_security_advisor' = 'analyst') => {
    const response = await h.call({ method: 'GET', url: `/api/v1/detections/groups?${query}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Group[]; total: number }>();
  };
  const bulk = (payload: Record<string, unknown>, as: 'viewer' | 'analyst' | 'human_security_advisor' = 'human_security_advisor') => h.call({ method: 'POST', url: '/api/v1/detections/review', as, payload });
  const statuses = async () => Object.fromEntries((await detections('', 'analyst')).items.map((d) => [d.id, d.status]));
  const auditCount = async () => Number((await h.ctx.store.connection.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number | string>().as('n')).where('action', '=', 'detection.review').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const site = async (name: string, lon: number, lat: number) => {
      const response = await h.call({ method: 'POST', url: '/api/v1/sites', as: 'analyst', payload: { name, category: 'school', geometry: { type: 'Point', coordinates: [lon, lat] }, source: { dataset: 'manual' } } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    northId = await site('North school', 37.8, 48.0);
    southId = await site('South school', 37.8, 47.0);
    const record = async (incident: IncidentInput) => {
      const response = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: incident });
      expect(response.statusCode, response.body).toBe(201);
      incidents[incident.title] = response.json<{ id: string }>().id;
    };
    await record(attack('Shelling of the north school', '2022-03-10', { lat: 48.0036, lon: 37.8 }));
    await record(attack('Second shelling of the north school', '2022-03-12', { lat: 48.0036, lon: 37.8 }));
    await record(attack('Raid on the north school', '2022-03-14', { lat: 48.0018, lon: 37.8 }));
    await record(attack('Shelling of the south school', '2022-03-11', { lat: 47.0036, lon: 37.8 }));
    // Restricted to the analyst: the advisor reviews but may not see it.
    await record(attack('Restricted report of the south school', '2022-03-15', { lat: 47.0036, lon: 37.8 }));
    const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${incidents['Restricted report of the south school']}/restriction`, as: 'analyst', payload: { users: ['analyst-user'], groups: [] } });
    expect(restricted.statusCode, restricted.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('groups by site with counts per status, largest open count first, paged', async () => {
    expect((await detections()).total).toBe(5);
    const bySite = await groups('by=site');
    expect(bySite.total).toBe(2);
    expect(bySite.items).toEqual([
      { key: `site:${northId}`, by: 'site', id: northId, label: 'North school', counts: { open: 3, confirmed: 0, dismissed: 0 }, total: 3 },
      { key: `site:${southId}`, by: 'site', id: southId, label: 'South school', counts: { open: 2, confirmed: 0, dismissed: 0 }, total: 2 },
    ]);
    // The advisor does not see the restricted incident's detection, nor count it.
    expect((await groups('by=site', 'human_security_advisor')).items.map((g) => [g.label, g.total])).toEqual([
      ['North school', 3],
      ['South school', 1],
    ]);
    const second = await groups('by=site&limit=1&offset=1');
    expect(second.total).toBe(2);
    expect(second.items.map((g) => g.label)).toEqual(['South school']);
    // The filters of the list apply.
    // Equal counts: by name.
    expect((await groups('by=site&from=2022-03-13')).items.map((g) => [g.label, g.total])).toEqual([
      ['North school', 1],
      ['South school', 1],
    ]);
    expect((await groups('by=site&kind=humanitarian_space')).total).toBe(0);
    expect((await groups('by=site&grade=possible')).total).toBe(0);
    expect((await groups('by=site&grade=probable')).total).toBe(2);
    expect((await h.call({ method: 'GET', url: '/api/v1/detections/groups?by=zone', as: 'analyst' })).statusCode).toBe(400);
  });

  it('groups by incident, labelled by title and date, only incidents the reader may see', async () => {
    const byIncident = await groups('by=incident&limit=10');
    expect(byIncident.total).toBe(5);
    // One open detection each: the latest incident first.
    expect(byIncident.items.map((g) => g.label)).toEqual([
      'Restricted report of the south school (2022-03-15)',
      'Raid on the north school (2022-03-14)',
      'Second shelling of the north school (2022-03-12)',
      'Shelling of the south school (2022-03-11)',
      'Shelling of the north school (2022-03-10)',
    ]);
    const shelling = byIncident.items.find((g) => g.id === incidents['Shelling of the north school']);
    expect(shelling).toEqual({
      key: `incident:${incidents['Shelling of the north school']}`,
      by: 'incident',
      id: incidents['Shelling of the north school'],
      label: 'Shelling of the north school (2022-03-10)',
      counts: { open: 1, confirmed: 0, dismissed: 0 },
      total: 1,
    });
    const asAdvisor = await groups('by=incident&limit=10', 'human_security_advisor');
    expect(asAdvisor.total).toBe(4);
    expect(asAdvisor.items.map((g) => g.label)).not.toContain('Restricted report of the south school (2022-03-15)');
    expect((await detections(`incidentId=${incidents['Raid on the north school']}&siteId=${northId}`)).total).toBe(1);
  });

  it('refuses what is not a bulk review: no permission, no reason, both ids and filter, too many ids', async () => {
    const [one] = (await detections()).items;
    expect((await bulk({ ids: [one!.id], decision: 'dismiss', reason: 'Not a school any more' }, 'viewer')).statusCode).toBe(403);
    const noReason = await bulk({ ids: [one!.id], decision: 'dismiss' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('reason');
    const both = await bulk({ ids: [one!.id], filter: { siteId: northId }, decision: 'dismiss', reason: 'Not a school any more' });
    expect(both.statusCode).toBe(400);
    expect((await bulk({ decision: 'dismiss', reason: 'Not a school any more' })).statusCode).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await bulk({ ids: many, decision: 'dismiss', reason: 'Too many at once' })).statusCode).toBe(400);
    expect(Object.values(await statuses())).toEqual(['open', 'open', 'open', 'open', 'open']);
  });

  it('is all or nothing: one unknown id, or one the reviewer may not see, and nothing is reviewed', async () => {
    const before = await statuses();
    const audited = await auditCount();
    const north = (await detections(`siteId=${northId}`)).items.map((d) => d.id);
    const unknown = '00000000-0000-4000-8000-000000000001';
    const failed = await bulk({ ids: [...north, unknown], decision: 'dismiss', reason: 'The school was closed' });
    expect(failed.statusCode, failed.body).toBe(404);
    expect(failed.json().error).toMatchObject({ code: 'not_found', issues: [{ path: 'ids.3', code: 'not_found' }] });
    expect(failed.json().error.message).toContain(unknown);
    // The restricted incident's detection exists, but not for the advisor.
    const hidden = (await detections(`incidentId=${incidents['Restricted report of the south school']}`)).items[0]!.id;
    const invisible = await bulk({ ids: [north[0], hidden], decision: 'confirm', reason: 'Seen on the patrol report' });
    expect(invisible.statusCode, invisible.body).toBe(404);
    expect(await statuses()).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });

  it('decides many with one reason, audits each one, and skips those already decided', async () => {
    const north = (await detections(`siteId=${northId}`)).items.map((d) => d.id);
    const done = await bulk({ ids: north.slice(0, 2), decision: 'dismiss', reason: 'The school was closed and empty' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ decision: 'dismiss', status: 'dismissed', reviewed: north.slice(0, 2), skipped: [] });
    for (const id of north.slice(0, 2)) {
      const one = (await h.call({ method: 'GET', url: `/api/v1/detections/${id}`, as: 'viewer' })).json();
      expect(one).toMatchObject({ status: 'dismissed', review: { by: { username: 'human_security_advisor-user' }, reason: 'The school was closed and empty' } });
      const audit = await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'detection', id);
      expect(audit.map((a) => [a.action, a.changes])).toEqual([
        ['detection.review', { status: { before: 'open', after: 'dismissed' }, reason: { before: null, after: 'The school was closed and empty' }, decidedTogether: 2 }],
      ]);
    }
    // The group's counts follow.
    expect((await groups('by=site')).items.find((g) => g.id === northId)!.counts).toEqual({ open: 1, confirmed: 0, dismissed: 2 });

    // Again over the whole site, confirming: the two dismissed ones are skipped and keep their decision.
    const again = await bulk({ ids: [...north, north[0]], decision: 'confirm', reason: 'Seen on the patrol report' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({
      decision: 'confirm',
      status: 'confirmed',
      reviewed: [north[2]],
      skipped: [
        { id: north[0], status: 'dismissed' },
        { id: north[1], status: 'dismissed' },
      ],
    });
    expect((await h.call({ method: 'GET', url: `/api/v1/detections/${north[0]}`, as: 'viewer' })).json().status).toBe('dismissed');
    expect((await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'detection', north[0]!)).length).toBe(1);
  });

  it('decides those a filter matches, as the reviewer sees them', async () => {
    const byFilter = await bulk({ filter: { siteId: southId, status: 'open' }, decision: 'confirm', reason: 'Confirmed by the school director' });
    expect(byFilter.statusCode, byFilter.body).toBe(200);
    const south = (await detections(`siteId=${southId}`)).items;
    const visible = south.filter((d) => d.incidentIds.includes(incidents['Shelling of the south school']!));
    expect(byFilter.json()).toEqual({ decision: 'confirm', status: 'confirmed', reviewed: visible.map((d) => d.id), skipped: [] });
    // The restricted one, hidden from the advisor, is left open.
    expect(south.map((d) => d.status).sort()).toEqual(['confirmed', 'open']);
    expect((await bulk({ filter: { from: '2022-03-20', to: '2022-03-01' }, decision: 'confirm', reason: 'Backwards' })).statusCode).toBe(400);
    const none = await bulk({ filter: { siteId: southId, status: 'open' }, decision: 'confirm', reason: 'Nothing left to decide' });
    expect(none.json()).toEqual({ decision: 'confirm', status: 'confirmed', reviewed: [], skipped: [] });
  });

  it('writes nothing when one of them was decided by someone else between the read and the write', async () => {
    const [decided] = (await detections(`siteId=${northId}&status=dismissed`)).items;
    // The restricted incident's detection, open, which the analyst may see and review.
    const open = (await detections(`status=open`, 'analyst')).items;
    expect(open).toHaveLength(1);
    const audited = await auditCount();
    const before = await statuses();
    // The read as it was a moment before the other decision: everything still open.
    const repository = h.ctx.store.detections;
    const read = repository.statusesOf.bind(repository);
    repository.statusesOf = async (...args) => (await read(...args)).map((d) => ({ ...d, status: 'open' as const }));
    try {
      const raced = await bulk({ ids: [...open.map((d) => d.id), decided!.id], decision: 'confirm', reason: 'Seen on the patrol report' }, 'analyst');
      expect(raced.statusCode, raced.body).toBe(409);
    } finally {
      repository.statusesOf = read;
    }
    expect(await statuses()).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });
});
