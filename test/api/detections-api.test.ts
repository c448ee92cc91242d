import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

/** 0.4 km north of the school (1° of latitude is 111.195 km on Haven's sphere). */
const NEAR_SCHOOL = { lat: 48.0036, lon: 37.8 };

const shelling = (extra: Partial<IncidentInput> = {}): IncidentInput => ({
  title: 'Shelling near School No. 5',
  dateEarliest: '2022-03-10',
  dateLatest: '2022-03-10',
  datePrecision: 'day',
  location: { ...NEAR_SCHOOL, precision: 'exact', country: 'UKR' },
  themes: ['protection_of_civilians', 'children_and_armed_conflict'],
  categories: ['killing', 'attack_on_school'],
  violenceType: 'one_sided',
  actors: [{ name: 'The Armed Group X.', actorType: 'non_state_armed_group', role: 'perpetrator' }],
  casualties: [{ kind: 'killed', status: 'civilian', best: 2 }],
  ...extra,
});

describe.each(DATABASES)('detections over HTTP on %s', (kind) => {
  let h: ApiHarness;
  let schoolId: string;
  let corridorId: string;
  let agreementId: string;
  let incidentId: string;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const school = await h.call({
      method: 'POST',
      url: '/api/v1/sites',
      as: 'analyst',
      payload: { name: 'School No. 5', category: 'school', geometry: { type: 'Point', coordinates: [37.8, 48.0] }, source: { dataset: 'manual' } },
    });
    expect(school.statusCode, school.body).toBe(201);
    schoolId = school.json().id;
    const corridor = await h.call({
      method: 'POST',
      url: '/api/v1/zones',
      as: 'analyst',
      payload: {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [[37.8, 47.9], [37.8, 48.2]] },
        properties: { name: 'Evacuation route north', kind: 'humanitarian_corridor', widthKm: 4, validFrom: '2022-03-10', validTo: '2022-03-10', partiesBound: ['Armed group X'], status: 'agreed', source: { dataset: 'manual' } },
      },
    });
    expect(corridor.statusCode, corridor.body).toBe(201);
    corridorId = corridor.json().properties?.id ?? corridor.json().id;
    const agreement = await h.call({
      method: 'POST',
      url: '/api/v1/agreements',
      as: 'analyst',
      payload: {
        name: 'Local truce of March',
        kind: 'local_peace_agreement',
        parties: ['Armed group X', 'Government of Ukraine'],
        validFrom: '2022-03-01',
        validTo: '2022-03-31',
        zoneIds: [],
        commitments: [{ code: 'cessation_of_hostilities', description: 'No firing' }],
        source: { dataset: 'manual' },
      },
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    agreementId = agreement.json().id;
    const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: shelling() });
    expect(created.statusCode, created.body).toBe(201);
    incidentId = created.json().id;
  });
  afterAll(() => h?.close());

  it('detects as the incident is recorded: the school, the corridor in force and the truce', async () => {
    const list = await h.call({ method: 'GET', url: '/api/v1/detections', as: 'viewer' });
    expect(list.statusCode, list.body).toBe(200);
    const { items, total } = list.json();
    expect(total).toBe(3);
    const byKind = Object.fromEntries(items.map((d: { kind: string }) => [d.kind, d]));
    expect(byKind.protected_site).toMatchObject({ grade: 'probable', siteId: schoolId, incidentIds: [incidentId], status: 'open', key: `protected_site:${incidentId}:${schoolId}` });
    expect(byKind.protected_site.distanceKm).toBeCloseTo((0.0036 * 6371.0088 * Math.PI) / 180, 6);
    expect(byKind.humanitarian_space).toMatchObject({ grade: 'probable', zoneId: corridorId });
    expect(byKind.ceasefire_violation).toMatchObject({ grade: 'probable', agreementId, party: 'Armed group X', commitment: 'cessation_of_hostilities' });
    const one = await h.call({ method: 'GET', url: `/api/v1/detections/${byKind.protected_site.id}`, as: 'viewer' });
    expect(one.json()).toEqual(byKind.protected_site);
  });

  it('filters by kind, grade, status and period', async () => {
    const count = async (query: string) => (await h.call({ method: 'GET', url: `/api/v1/detections?${query}`, as: 'viewer' })).json().total;
    expect(await count('kind=protected_site')).toBe(1);
    expect(await count('grade=possible')).toBe(0);
    expect(await count('status=open')).toBe(3);
    expect(await count('from=2022-03-11')).toBe(0);
    expect(await count('from=2022-03-01&to=2022-03-10')).toBe(3);
    const bad = await h.call({ method: 'GET', url: '/api/v1/detections?kind=rumour', as: 'viewer' });
    expect(bad.statusCode).toBe(400);
  });

  it('reviews: a reason is required, the viewer may not, the decision survives a re-run', async () => {
    const id = (await h.call({ method: 'GET', url: '/api/v1/detections?kind=protected_site', as: 'viewer' })).json().items[0].id;
    expect((await h.call({ method: 'POST', url: `/api/v1/detections/${id}/review`, as: 'viewer', payload: { decision: 'dismiss', reason: 'Not there' } })).statusCode).toBe(403);
    const noReason = await h.call({ method: 'POST', url: `/api/v1/detections/${id}/review`, as: 'analyst', payload: { decision: 'dismiss' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('reason');
    const dismissed = await h.call({ method: 'POST', url: `/api/v1/detections/${id}/review`, as: 'human_security_advisor', payload: { decision: 'dismiss', reason: 'The school was closed and empty' } });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', review: { by: { username: 'human_security_advisor-user' }, reason: 'The school was closed and empty' } });
    const run = await h.call({ method: 'POST', url: '/api/v1/detections/runs', as: 'administrator', payload: { from: '2022-01-01', to: '2022-12-31' } });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toEqual({ incidents: 1, found: 3, created: 0, updated: 0, unchanged: 3, lapsed: 0, from: '2022-01-01', to: '2022-12-31' });
    expect((await h.call({ method: 'GET', url: `/api/v1/detections/${id}`, as: 'viewer' })).json().status).toBe('dismissed');
    expect((await h.call({ method: 'POST', url: '/api/v1/detections/runs', as: 'viewer', payload: {} })).statusCode).toBe(403);
  });

  it('summarises ceasefire violations per party and month, and who broke it first', async () => {
    const response = await h.call({ method: 'GET', url: `/api/v1/detections/ceasefire-violations?agreementId=${agreementId}`, as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      items: [
        {
          agreementId,
          parties: [
            {
              party: 'Armed group X',
              total: 1,
              probable: 1,
              commitments: [{ commitment: 'cessation_of_hostilities', total: 1, months: [{ month: '2022-03', count: 1, probable: 1 }] }],
              first: { date: '2022-03-10', parties: ['Armed group X'], incidentIds: [incidentId], grade: 'probable' },
            },
            { party: 'Government of Ukraine', total: 0, probable: 0, commitments: [] },
          ],
          first: { date: '2022-03-10', parties: ['Armed group X'], incidentIds: [incidentId], grade: 'probable' },
        },
      ],
    });
  });

  it('an edit that takes the incident out of the corridor lapses that detection and keeps it on record', async () => {
    const current = (await h.call({ method: 'GET', url: `/api/v1/incidents/${incidentId}`, as: 'analyst' })).json();
    // 4.5 km east of the corridor's line and the school: beyond the corridor's 2 km half-width and the school's 1 km alert
    // distance, each with the 1 km uncertainty of an exact location added.
    const moved = await h.call({ method: 'PUT', url: `/api/v1/incidents/${incidentId}`, as: 'analyst', payload: { ...shelling(), location: { lat: 48.0036, lon: 37.86, precision: 'exact', country: 'UKR' }, expectedVersion: current.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    const open = (await h.call({ method: 'GET', url: '/api/v1/detections', as: 'viewer' })).json();
    expect(open.items.map((d: { kind: string }) => d.kind)).toEqual(['ceasefire_violation']);
    const all = (await h.call({ method: 'GET', url: '/api/v1/detections?includeLapsed=true', as: 'viewer' })).json();
    expect(all.total).toBe(3);
    for (const d of all.items.filter((x: { kind: string }) => x.kind !== 'ceasefire_violation')) expect(d.lapsedAt).toEqual(expect.any(String));
  });

  it('hides a detection whose incidents are all restricted from the reader', async () => {
    const hidden = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: shelling({ title: 'Restricted report of shelling', dateEarliest: '2022-03-20', dateLatest: '2022-03-20' }) });
    const hiddenId = hidden.json().id;
    expect((await h.call({ method: 'PUT', url: `/api/v1/incidents/${hiddenId}/restriction`, as: 'analyst', payload: { users: ['analyst-user'], groups: [] } })).statusCode).toBe(200);
    const asAnalyst = (await h.call({ method: 'GET', url: `/api/v1/detections?incidentId=${hiddenId}`, as: 'analyst' })).json();
    expect(asAnalyst.total).toBe(2);
    const asViewer = (await h.call({ method: 'GET', url: `/api/v1/detections?incidentId=${hiddenId}`, as: 'viewer' })).json();
    expect(asViewer.total).toBe(0);
    expect((await h.call({ method: 'GET', url: `/api/v1/detections/${asAnalyst.items[0].id}`, as: 'viewer' })).statusCode).toBe(404);
    const violations = (await h.call({ method: 'GET', url: `/api/v1/detections/ceasefire-violations?agreementId=${agreementId}`, as: 'viewer' })).json();
    expect(violations.items[0].parties[0].total).toBe(1);
  });

  it('a site or zone added, moved or removed is detected against the incidents already stored, at once', async () => {
    // An attack on a clinic recorded before the clinic is in the register, 100 km from everything else here.
    const attack = await h.call({
      method: 'POST',
      url: '/api/v1/incidents',
      as: 'analyst',
      payload: shelling({ title: 'Strike on the Polohy clinic', location: { lat: 47.48, lon: 36.25, precision: 'exact', country: 'UKR' }, categories: ['attack_on_hospital'], themes: ['protection_of_civilians'], actors: [] }),
    });
    const attackId = attack.json().id as string;
    const of = async (query: string) => (await h.call({ method: 'GET', url: `/api/v1/detections?incidentId=${attackId}&${query}`, as: 'viewer' })).json();
    expect((await of('')).total).toBe(0);

    const clinic = await h.call({ method: 'POST', url: '/api/v1/sites', as: 'analyst', payload: { name: 'Polohy clinic', category: 'health_facility', geometry: { type: 'Point', coordinates: [36.2533, 47.4822] }, source: { dataset: 'manual' } } });
    expect(clinic.statusCode, clinic.body).toBe(201);
    const found = await of('kind=protected_site');
    expect(found.items.map((d: { siteId: string; grade: string }) => [d.siteId, d.grade])).toEqual([[clinic.json().id, 'probable']]);

    // Moved 30 km away, the clinic no longer fits: the detection lapses, kept on record.
    const moved = await h.call({ method: 'PUT', url: `/api/v1/sites/${clinic.json().id}`, as: 'analyst', payload: { ...clinic.json<Record<string, unknown>>(), geometry: { type: 'Point', coordinates: [36.25, 47.75] }, version: 1 } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await of('kind=protected_site')).total).toBe(0);
    expect((await of('kind=protected_site&includeLapsed=true')).items[0].lapsedAt).toEqual(expect.any(String));

    // A safe haven drawn around it afterwards holds it; deleted, the detection lapses.
    const haven = await h.call({
      method: 'POST',
      url: '/api/v1/zones',
      as: 'analyst',
      payload: { type: 'Feature', geometry: { type: 'Point', coordinates: [36.25, 47.48] }, properties: { name: 'Polohy safe area', kind: 'safe_haven', widthKm: 6, validFrom: '2022-03-01', partiesBound: [], status: 'in_force', source: { dataset: 'manual' } } },
    });
    expect(haven.statusCode, haven.body).toBe(201);
    expect((await of('kind=humanitarian_space')).items.map((d: { grade: string }) => d.grade)).toEqual(['probable']);
    const zoneId = haven.json().properties?.id ?? haven.json().id;
    expect((await h.call({ method: 'DELETE', url: `/api/v1/zones/${zoneId}`, as: 'analyst', payload: {} })).statusCode).toBe(204);
    expect((await of('kind=humanitarian_space')).total).toBe(0);
  });
});
