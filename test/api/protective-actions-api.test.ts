import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { COMPOUND, planningDraft } from '../support/coa-fixtures.js';
import type { Role } from '../../src/core/access-control.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The register for patrols, built to be checked by hand. Six patrols at the compound, on these days; around each, in
 * the same H3 cell: three incidents in the four weeks before (days −20, −10, −3; one death each) and one in the four
 * weeks after (day +12; two deaths). Per week, each patrol: incidents 3/4 before, 1/4 after, change −1/2; deaths 3/4
 * before, 2/4 after, change −1/4. All six fall: sign test 0 rises, 6 falls, p = 2 × (1/2)^6 = 0.03125.
 * The situation compared runs from 2025-06-01: its coverage is 2023-06-02 … 2025-06-01, and every patrol has its
 * four weeks on either side inside it (the last, 2025-04-01, ends its after-window on 2025-04-29).
 */
const PATROL_DAYS = ['2024-06-01', '2024-08-01', '2024-10-01', '2024-12-01', '2025-02-01', '2025-04-01'];

const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const atCompound = { ...COMPOUND, precision: 'exact' };

const patrol = (overrides: Json = {}): Json => ({
  kind: 'patrol',
  description: 'Day patrol of the three villages around the compound',
  location: atCompound,
  startDate: '2024-06-01',
  endDate: '2024-06-01',
  unit: '2nd Company, Lake Shield',
  status: 'carried_out',
  ...overrides,
});

describe.each(DATABASES)('the protective actions log over HTTP on %s', (kind) => {
  let h: ApiHarness;
  const call = async (as: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => h.call({ method, url: `/api/v1${url}`, as, ...(payload !== undefined && { payload: payload as Json }) });
  const record = async (as: Role, body: Json): Promise<Json> => {
    const created = await call(as, 'POST', '/protective-actions', body);
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  };
  const issuePaths = async (body: Json) => {
    const refused = await call('analyst', 'POST', '/protective-actions', body);
    expect(refused.statusCode).toBe(400);
    return refused.json().error.issues.map((i: Json) => i.path);
  };
  const patrolEstimate = async (name: string): Promise<Json> => {
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name }))).json();
    const compared = await call('commander', 'GET', `/planning-situations/${situation.id}/comparison`);
    expect(compared.statusCode, compared.body).toBe(200);
    const { comparison, context } = compared.json();
    return { estimate: comparison.courses[0].escalation.find((e: Json) => e.kind === 'patrol').estimate, context };
  };

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const incidentOn = async (day: string, deaths: number) => {
      const created = await call('analyst', 'POST', '/incidents', {
        ...validIncident(),
        title: `At the compound on ${day}`,
        dateEarliest: day,
        dateLatest: day,
        datePrecision: 'day',
        location: { ...validIncident().location, ...atCompound },
        casualties: [{ kind: 'killed', status: 'civilian', best: deaths }],
      });
      expect(created.statusCode, created.body).toBe(201);
    };
    for (const day of PATROL_DAYS) {
      for (const before of [-20, -10, -3]) await incidentOn(dayAfter(day, before), 1);
      await incidentOn(dayAfter(day, 12), 2);
    }
  }, 120_000);
  afterAll(() => h?.close());

  it('records actions placed by a point, a site or a zone, lists them with filters, and refuses bad input on its field', async () => {
    const site = await call('analyst', 'POST', '/sites', { name: 'Village well', category: 'water', geometry: { type: 'Point', coordinates: [13.3, 11.95] }, source: { dataset: 'test' } });
    expect(site.statusCode, site.body).toBe(201);
    const square = [[[13.3, 11.9], [13.32, 11.9], [13.32, 11.92], [13.3, 11.92], [13.3, 11.9]]];
    const zone = await call('analyst', 'POST', '/zones', { type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { name: 'Market safe area', kind: 'safe_haven', validFrom: '2024-01-01', partiesBound: [], status: 'in_force', source: { dataset: 'test' } } });
    expect(zone.statusCode, zone.body).toBe(201);

    // Far from the planning area (in Niger), so the estimate below does not see them.
    const far = { lat: 13.5, lon: 2.1, precision: 'within_25km' };
    const evacuation = await record('analyst', { kind: 'evacuation', description: 'Evacuation of the clinic', location: far, startDate: '2024-05-01', endDate: '2024-05-03', unit: 'Civil protection', status: 'carried_out', resultNote: '112 people moved' });
    expect(evacuation).toMatchObject({ version: 1, status: 'carried_out', exercise: false, point: { ...far, from: 'location' }, fromCourseOfAction: null, createdBy: h.users.analyst.id });
    // A site gives its point; a zone its centroid, as precise as the zone is small (a square about 2 km across).
    const atWell = await record('commander', { kind: 'presence_at_site', description: 'Guard at the well', siteId: site.json().id, status: 'planned' });
    expect(atWell.point).toEqual({ lat: 11.95, lon: 13.3, precision: 'exact', from: 'site' });
    const inZone = await record('analyst', { kind: 'safe_haven', description: 'Safe area around the market', zoneId: zone.json().id, startDate: '2024-07-01', status: 'planned' });
    expect(inZone.point).toMatchObject({ from: 'zone', precision: 'within_25km' });
    expect(inZone.point.lon).toBeCloseTo(13.31, 6);
    expect(inZone.point.lat).toBeCloseTo(11.91, 6);

    // Refusals name the field.
    expect(await issuePaths({ kind: 'patrol', description: 'Nowhere', status: 'planned' })).toEqual(['location']);
    expect(await issuePaths(patrol({ unit: undefined }))).toEqual(['unit']);
    expect(await issuePaths(patrol({ startDate: undefined, endDate: undefined }))).toEqual(['startDate']);
    expect(await issuePaths(patrol({ endDate: '2024-05-31' }))).toEqual(['endDate']);
    expect(await issuePaths(patrol({ kind: 'bombing' }))).toEqual(['kind']);
    expect(await issuePaths(patrol({ siteId: '00000000-0000-4000-8000-000000000000' }))).toEqual(['siteId']);

    // Filters: kind, status, days, box, exercise.
    const ids = async (query: string) => (await call('viewer', 'GET', `/protective-actions?${query}`)).json().items.map((a: Json) => a.id);
    expect(await ids('kind=evacuation')).toEqual([evacuation.id]);
    expect(await ids('status=planned')).toEqual([inZone.id, atWell.id]);
    expect(await ids('from=2024-05-03&to=2024-06-30')).toEqual([evacuation.id]);
    expect(await ids('from=2024-07-02')).toEqual([inZone.id]);
    expect(await ids('bbox=2,13,3,14')).toEqual([evacuation.id]);
    const badQuery = await call('viewer', 'GET', '/protective-actions?status=done');
    expect(badQuery.json().error.issues.map((i: Json) => i.path)).toEqual(['status']);
    expect((await call('viewer', 'GET', `/protective-actions/${atWell.id}`)).json()).toEqual(atWell);
  });

  it('updates on the version read (409 when stale), keeps carried-out and cancelled actions so, and lets a viewer read but not write', async () => {
    const planned = await record('analyst', { kind: 'corridor', description: 'Corridor for the convoy', location: { lat: 14, lon: 3, precision: 'exact' }, status: 'planned' });
    const carried = await call('commander', 'PUT', `/protective-actions/${planned.id}`, { ...pick(planned), status: 'carried_out', startDate: '2024-09-01', endDate: '2024-09-02', unit: 'Escort platoon', version: 1 });
    expect(carried.statusCode, carried.body).toBe(200);
    expect(carried.json()).toMatchObject({ version: 2, status: 'carried_out', startDate: '2024-09-01', updatedBy: h.users.commander.id, createdBy: h.users.analyst.id });

    const stale = await call('analyst', 'PUT', `/protective-actions/${planned.id}`, { ...pick(carried.json()), resultNote: 'Convoy passed', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.issues.map((i: Json) => i.path)).toEqual(['version']);
    const undo = await call('analyst', 'PUT', `/protective-actions/${planned.id}`, { ...pick(carried.json()), status: 'cancelled', version: 2 });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().error.issues.map((i: Json) => i.path)).toEqual(['status']);

    expect((await call('viewer', 'POST', '/protective-actions', patrol())).statusCode).toBe(403);
    expect((await call('viewer', 'PUT', `/protective-actions/${planned.id}`, { ...pick(carried.json()), version: 2 })).statusCode).toBe(403);
    expect((await call('auditor', 'POST', '/protective-actions', patrol())).statusCode).toBe(403);
    expect((await call('viewer', 'GET', `/protective-actions/${planned.id}`)).statusCode).toBe(200);

    // Every write is audited.
    const audit = (await call('auditor', 'GET', `/audit?entityType=protective_action&entityId=${planned.id}`)).json();
    expect(audit.items.map((e: Json) => e.action).sort()).toEqual(['protective_action.create', 'protective_action.update']);
  });

  it('keeps exercise records apart: marked, filtered, never turned real, and not counted for a real situation', async () => {
    const exercise = await record('analyst', patrol({ exercise: true, description: 'Exercise patrol at the compound', startDate: PATROL_DAYS[0], endDate: PATROL_DAYS[0] }));
    expect(exercise.exercise).toBe(true);
    const ids = async (query: string) => (await call('viewer', 'GET', `/protective-actions?${query}`)).json().items.map((a: Json) => a.id);
    expect(await ids('exercise=true')).toEqual([exercise.id]);
    expect(await ids('exercise=false')).not.toContain(exercise.id);
    const turned = await call('analyst', 'PUT', `/protective-actions/${exercise.id}`, { ...pick(exercise), exercise: false, version: 1 });
    expect(turned.statusCode).toBe(400);
    expect(turned.json().error.issues.map((i: Json) => i.path)).toEqual(['exercise']);
    const { estimate, context } = await patrolEstimate('Real situation beside an exercise patrol');
    expect(estimate).toMatchObject({ status: 'not_enough_data', have: 0 });
    expect(context.register.pastActions).toBe(0);

    // A chosen exercise course's protective actions are logged as exercise records.
    const drill = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Exercise patrols', exercise: true }))).json();
    const chosen = (await call('commander', 'POST', `/planning-situations/${drill.id}/choice`, { courseOfAction: 'Patrol and arrest', reasons: 'Chosen in the exercise', version: 1 })).json();
    const logged = (await call('viewer', 'GET', `/protective-actions/${chosen.choice.protectiveActions[0].id}`)).json();
    expect(logged).toMatchObject({ exercise: true, status: 'planned', fromCourseOfAction: { situationId: drill.id } });
    expect(await ids('exercise=false')).not.toContain(logged.id);
  });

  it('logs a chosen course’s protective actions as planned, and the estimate for patrols becomes a figure once six are carried out', async () => {
    // The chosen situation ran in March–April 2025: its patrol is logged as planned for that period.
    const situation = (await call('analyst', 'POST', '/planning-situations', planningDraft({ name: 'Patrols in spring', period: { from: '2025-03-25', to: '2025-04-10' } }))).json();
    // A choice refused (a stale version) logs nothing.
    const before = (await call('viewer', 'GET', '/protective-actions')).json().items.length;
    expect((await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Patrol and arrest', reasons: 'Chosen on a version that is not there', version: 2 })).statusCode).toBe(409);
    expect((await call('viewer', 'GET', '/protective-actions')).json().items).toHaveLength(before);
    const chosen = await call('commander', 'POST', `/planning-situations/${situation.id}/choice`, { courseOfAction: 'Patrol and arrest', reasons: 'Patrols first, to protect the villages', version: 1 });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const choice = chosen.json().choice;
    // Action 1 of the course is the patrol; action 2 the arrest, a force request.
    expect(choice.protectiveActions.map((p: Json) => p.action)).toEqual([1]);
    expect(choice.forceRequests.map((r: Json) => r.action)).toEqual([2]);
    const planned = (await call('viewer', 'GET', `/protective-actions/${choice.protectiveActions[0].id}`)).json();
    expect(planned).toMatchObject({
      kind: 'patrol',
      status: 'planned',
      exercise: false,
      startDate: '2025-03-25',
      endDate: '2025-04-10',
      // No site or zone named: placed at the centre of the area (0.4° by 0.3°, about 27 km to a corner).
      point: { lat: 11.85, lon: 13.2, precision: 'admin2', from: 'planning_area' },
      location: { lat: 11.85, lon: 13.2, precision: 'admin2' },
      fromCourseOfAction: { situationId: situation.id, choiceId: choice.id, courseOfAction: 'Patrol and arrest', action: 1 },
      createdBy: h.users.commander.id,
    });
    const entry = (await call('commander', 'GET', `/ledger/entries/${choice.ledgerSeq}`)).json();
    expect(entry.disclosure.payload.protectiveActions).toEqual(choice.protectiveActions);

    // Sent back whole, as the web's "mark carried out" does, it is valid and still placed at the area.
    const noted = await call('analyst', 'PUT', `/protective-actions/${planned.id}`, { ...pick(planned), resultNote: 'Briefed', version: 1 });
    expect(noted.statusCode, noted.body).toBe(200);
    expect(noted.json()).toMatchObject({ version: 2, point: planned.point });

    // Nothing carried out yet: no figure.
    expect((await patrolEstimate('Before any patrol')).estimate).toMatchObject({ status: 'not_enough_data', have: 0, needed: 6 });

    // Five patrols carried out at the compound, and some that must not count: a planned one, a cancelled one, one
    // placed only to a province, one outside the area.
    for (const day of PATROL_DAYS.slice(0, 5)) await record('analyst', patrol({ startDate: day, endDate: day }));
    await record('analyst', patrol({ status: 'planned', unit: undefined, startDate: '2024-07-01', endDate: undefined }));
    const cancelled = await record('analyst', patrol({ status: 'planned', unit: undefined, startDate: '2024-09-01', endDate: undefined }));
    expect((await call('analyst', 'PUT', `/protective-actions/${cancelled.id}`, { ...pick(cancelled), status: 'cancelled', version: 1 })).statusCode).toBe(200);
    await record('analyst', patrol({ location: { ...COMPOUND, precision: 'admin1' }, startDate: '2024-11-01', endDate: '2024-11-01' }));
    await record('analyst', patrol({ location: { lat: 12.5, lon: 13.2, precision: 'exact' }, startDate: '2024-11-01', endDate: '2024-11-01' }));
    const five = await patrolEstimate('After five patrols');
    expect(five.estimate).toMatchObject({ status: 'not_enough_data', have: 5, needed: 6 });
    expect(five.context.register.pastActions).toBe(5);
    expect(five.context.register.note).toMatch(/5 protective action\(s\) carried out/);

    // The sixth: the patrol the choice planned, carried out at the compound on 2025-04-01.
    const sixth = await call('commander', 'PUT', `/protective-actions/${planned.id}`, { ...pick(planned), location: atCompound, status: 'carried_out', startDate: '2025-04-01', endDate: '2025-04-01', unit: '2nd Company, Lake Shield', resultNote: 'No contact', version: 2 });
    expect(sixth.statusCode, sixth.body).toBe(200);
    expect(sixth.json().fromCourseOfAction).toEqual(planned.fromCourseOfAction);

    const { estimate } = await patrolEstimate('After six patrols');
    expect(estimate.status).toBe('estimated');
    expect(estimate.sample).toEqual({ actions: 6, areas: 1, excludedOutsideCoverage: 0, straddlingIncidents: 0 });
    expect(estimate.actions.map((a: Json) => a.date).sort()).toEqual(PATROL_DAYS);
    for (const a of estimate.actions) {
      expect(a.before).toEqual({ incidents: 3 / 4, deaths: 3 / 4 });
      expect(a.after).toEqual({ incidents: 1 / 4, deaths: 2 / 4 });
    }
    expect(estimate.incidentsPerWeek).toMatchObject({ meanBefore: 0.75, meanAfter: 0.25, meanChange: -0.5, medianChange: -0.5, interval: { low: -0.5, high: -0.5 } });
    expect(estimate.deathsPerWeek).toMatchObject({ meanBefore: 0.75, meanAfter: 0.5, meanChange: -0.25, medianChange: -0.25 });
    expect(estimate.incidentsPerWeek.signTest).toEqual({ rises: 0, falls: 6, ties: 0, pValue: 0.03125 });
    expect(new Set(estimate.actions.map((a: Json) => a.ref))).toContain(planned.id);
  });
});

/** A record's writable fields, as a PUT sends them back (nulls are left out: unknown stays unknown). */
function pick(record: Json): Json {
  const fields = ['kind', 'description', 'location', 'siteId', 'zoneId', 'startDate', 'endDate', 'unit', 'status', 'resultNote', 'exercise'];
  return Object.fromEntries(fields.filter((f) => record[f] !== null && record[f] !== undefined).map((f) => [f, record[f]]));
}
