import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { ceasefireAdherenceFor, ceasefireViolationSummaries, getDetection, listDetections, reviewDetection, runDetections, type DetectionRegisters } from '../../src/application/detection.service.js';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { recordIncident, updateIncident } from '../../src/application/incident.service.js';
import { restrictRecord } from '../../src/application/restriction.service.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

/** The registers as plain values: the detection service reads them through its seam. */
const registers: DetectionRegisters = {
  sites: [{ id: 'school-1', name: 'School No. 5', category: 'school', lat: 48.0, lon: 37.8, radiusKm: 0 }],
  zones: [
    {
      id: 'corridor-1',
      name: 'Mariupol → Zaporizhzhia',
      kind: 'humanitarian_corridor',
      geometry: { type: 'LineString', coordinates: [[37.55, 47.1], [35.14, 47.84]] },
      widthKm: 10,
      validFrom: '2022-03-05',
      validTo: '2022-03-05',
      partiesBound: ['Russian Federation', 'Ukraine'],
      status: 'disputed',
    },
  ],
  agreements: [
    {
      id: 'truce-1',
      name: 'March truce',
      parties: ['Armed group X', 'Government of Ukraine'],
      validFrom: '2022-03-01',
      validTo: '2022-03-31',
      zoneIds: [],
      commitments: [{ code: 'cessation_of_hostilities', description: 'No firing' }],
    },
  ],
};

/** Shelled 0.5 km north of the school, by a party to the truce, on a day the corridor was not open. */
const shelling = (extra: Partial<IncidentInput> = {}): IncidentInput => ({
  title: 'Shelling near School No. 5',
  dateEarliest: '2022-03-10',
  dateLatest: '2022-03-10',
  datePrecision: 'day',
  location: { lat: 48.0045, lon: 37.8, precision: 'exact', country: 'UKR' },
  themes: ['protection_of_civilians'],
  categories: ['killing'],
  violenceType: 'one_sided',
  actors: [{ name: 'Armed group X', actorType: 'non_state_armed_group', role: 'perpetrator' }],
  casualties: [{ kind: 'killed', status: 'civilian', best: 2 }],
  ...extra,
});

describe.each(DATABASES)('the detection service on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let analyst: Actor;
  let viewer: Actor;
  let administrator: Actor;
  let loads = 0;

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = {
      ...createAppContext(t.store),
      detectionRegisters: {
        fingerprint: async () => 'fixed',
        load: async () => {
          loads++;
          return registers;
        },
      },
    };
    const user = async (role: Actor['role']) => {
      const created = await createUserAsOperator(ctx, { username: `${role}-user`, displayName: role, role, password: 'correct horse battery staple' });
      return { id: created.id, username: created.username, role };
    };
    analyst = await user('analyst');
    viewer = await user('viewer');
    administrator = await user('administrator');
  });
  afterAll(() => t?.cleanup());

  it('detects as an incident is recorded, in the same transaction', async () => {
    const incident = await recordIncident(ctx, analyst, shelling());
    const { items, total } = await listDetections(ctx, viewer, { incidentId: incident.id });
    expect(total).toBe(2);
    expect(items.map((d) => [d.kind, d.grade, d.key]).sort()).toEqual([
      ['ceasefire_violation', 'probable', `ceasefire_violation:${incident.id}:truce-1:armed group x:cessation_of_hostilities`],
      // Shelled 0.5 km away, not coded as an attack on the school, but its title names the school.
      ['protected_site', 'probable', `protected_site:${incident.id}:school-1`],
    ]);
    const site = items.find((d) => d.kind === 'protected_site');
    expect(site).toMatchObject({ status: 'open', incidentIds: [incident.id], siteId: 'school-1', dateEarliest: '2022-03-10' });
    expect(site?.evidence).toMatchObject({
      basis: 'evidence',
      coded: false,
      identified: 'named',
      named: { field: 'title', matched: 'School No. 5', start: 14, end: 26 },
      text: [{ field: 'title', matched: 'School', excerpt: 'Shelling near School No. 5', start: 14, end: 20 }],
    });
    expect(site?.distanceKm).toBeCloseTo((0.0045 * 6371.0088 * Math.PI) / 180, 6);
  });

  it('a second run changes nothing; the registers were prepared once for all of it', async () => {
    const loadsBefore = loads;
    await recordIncident(ctx, analyst, shelling({ title: 'Second shelling', dateEarliest: '2022-03-11', dateLatest: '2022-03-11' }));
    expect(loads).toBe(loadsBefore);
    const report = await runDetections(ctx, analyst, {});
    expect(report).toMatchObject({ incidents: 2, found: 4, created: 0, updated: 0, unchanged: 4, lapsed: 0 });
  });

  it('a re-import does not duplicate, and an import finds the corridor', async () => {
    const rows = [
      {
        rowNumber: 1,
        input: shelling({
          title: 'Convoy hit on the corridor',
          dateEarliest: '2022-03-05',
          dateLatest: '2022-03-05',
          location: { lat: 47.47, lon: 36.35, precision: 'exact', country: 'UKR' },
          actors: [],
          origin: { dataset: 'test-feed', externalId: 'A-1' },
        }),
      },
    ];
    expect(await importIncidentBatch(ctx, analyst, rows)).toMatchObject({ created: 1 });
    const first = await listDetections(ctx, viewer, { kind: 'humanitarian_space' });
    expect(first.items.map((d) => [d.zoneId, d.grade])).toEqual([['corridor-1', 'probable']]);
    expect(await importIncidentBatch(ctx, analyst, rows)).toMatchObject({ unchanged: 1 });
    expect((await listDetections(ctx, viewer, { kind: 'humanitarian_space' })).total).toBe(1);
  });

  it('an edit that moves the incident away keeps its detection, marked lapsed, until it qualifies again', async () => {
    const incident = await recordIncident(ctx, analyst, shelling({ title: 'Mortar fire', dateEarliest: '2022-03-12', dateLatest: '2022-03-12' }));
    const site = (await listDetections(ctx, viewer, { incidentId: incident.id, kind: 'protected_site' })).items[0]!;
    const moved = await updateIncident(ctx, analyst, incident.id, { ...shelling({ title: 'Mortar fire', dateEarliest: '2022-03-12', dateLatest: '2022-03-12' }), location: { lat: 48.2, lon: 37.8, precision: 'exact', country: 'UKR' }, expectedVersion: 1 });
    expect((await listDetections(ctx, viewer, { incidentId: incident.id, kind: 'protected_site' })).total).toBe(0);
    const lapsed = await getDetection(ctx, viewer, site.id);
    expect(lapsed.lapsedAt).toBeDefined();
    expect((await listDetections(ctx, viewer, { incidentId: incident.id, includeLapsed: 'true' })).items.map((d) => d.kind).sort()).toEqual(['ceasefire_violation', 'protected_site']);
    await updateIncident(ctx, analyst, incident.id, { ...shelling({ title: 'Mortar fire', dateEarliest: '2022-03-12', dateLatest: '2022-03-12' }), expectedVersion: moved.version });
    const back = await getDetection(ctx, viewer, site.id);
    expect(back.lapsedAt).toBeUndefined();
    expect(back.id).toBe(site.id);
  });

  it('a dismissed detection stays dismissed when detection runs again, and the review is audited', async () => {
    const detection = (await listDetections(ctx, viewer, { kind: 'protected_site', limit: 1 })).items[0]!;
    await expect(reviewDetection(ctx, viewer, detection.id, { decision: 'dismiss', reason: 'Not near the school' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reviewDetection(ctx, analyst, detection.id, { decision: 'dismiss', reason: '' })).rejects.toMatchObject({ code: 'validation_failed' });
    const reviewed = await reviewDetection(ctx, analyst, detection.id, { decision: 'dismiss', reason: 'The school had been closed since 2019' });
    expect(reviewed).toMatchObject({ status: 'dismissed', review: { by: { id: analyst.id, username: analyst.username }, reason: 'The school had been closed since 2019' } });
    await runDetections(ctx, administrator, {});
    expect((await getDetection(ctx, viewer, detection.id)).status).toBe('dismissed');
    const audit = await t.store.audit.forEntity(t.store.connection.db, 'detection', detection.id);
    expect(audit.map((a) => [a.action, a.changes])).toEqual([['detection.review', { status: { before: 'open', after: 'dismissed' }, reason: { before: null, after: 'The school had been closed since 2019' } }]]);
  });

  it("a detection whose incidents are all hidden from the reader does not exist for them", async () => {
    const hidden = await recordIncident(ctx, analyst, shelling({ title: 'Restricted report', dateEarliest: '2022-03-20', dateLatest: '2022-03-20' }));
    await restrictRecord(ctx, analyst, 'incident', hidden.id, { users: [analyst.username], groups: [] });
    const detections = (await listDetections(ctx, analyst, { incidentId: hidden.id })).items;
    expect(detections).toHaveLength(2);
    expect((await listDetections(ctx, viewer, { incidentId: hidden.id })).total).toBe(0);
    await expect(getDetection(ctx, viewer, detections[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    const summary = (await ceasefireViolationSummaries(ctx, viewer, { agreementId: 'truce-1' }))[0]!;
    const asAnalyst = (await ceasefireViolationSummaries(ctx, analyst, { agreementId: 'truce-1' }))[0]!;
    expect(asAnalyst.parties.find((p) => p.party === 'Armed group X')!.total).toBe(summary.parties.find((p) => p.party === 'Armed group X')!.total + 1);
  });

  it('summarises the truce: every party, counts per month, who broke it first', async () => {
    const [summary] = await ceasefireViolationSummaries(ctx, viewer, { agreementId: 'truce-1' });
    expect(summary?.first).toMatchObject({ date: '2022-03-10', parties: ['Armed group X'], grade: 'probable' });
    expect(summary?.parties.map((p) => [p.party, p.total])).toEqual([
      ['Armed group X', 3],
      ['Government of Ukraine', 0],
    ]);
    expect(summary?.parties[0]?.commitments).toEqual([{ commitment: 'cessation_of_hostilities', total: 3, months: [{ month: '2022-03', count: 3, probable: 3 }] }]);
    await expect(ceasefireViolationSummaries(ctx, viewer, { agreementId: 'no-such-agreement' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives the scorecard its ceasefire adherence, for the area where the parties fight', async () => {
    // Violations seen by the viewer: 10, 11 and 12 March (the 20 March one is restricted); the truce runs all March.
    expect(await ceasefireAdherenceFor(ctx, viewer, { from: '2022-03-01', to: '2022-03-31' })).toEqual({ agreementsInForce: 1, violations: 3, daysInForce: 31, daysWithViolation: 3 });
    expect(await ceasefireAdherenceFor(ctx, viewer, { country: 'UKR', from: '2022-03-11', to: '2022-04-30' })).toEqual({ agreementsInForce: 1, violations: 2, daysInForce: 21, daysWithViolation: 2 });
    // Nobody fought in Nigeria: the truce does not apply there.
    expect(await ceasefireAdherenceFor(ctx, viewer, { country: 'NGA', from: '2022-03-01', to: '2022-03-31' })).toEqual({ agreementsInForce: 0, violations: 0, daysInForce: 0, daysWithViolation: 0 });
  });
});

describe.each(DATABASES)('escalation alerts as detections on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  let analyst: Actor;
  const STEP_WEEK = '2023-07-31';

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = { ...createAppContext(t.store), detectionRegisters: { fingerprint: async () => 'empty', load: async () => ({ sites: [], zones: [], agreements: [] }) } };
    const created = await createUserAsOperator(ctx, { username: 'analyst-user', displayName: 'Analyst', role: 'analyst', password: 'correct horse battery staple' });
    analyst = { id: created.id, username: created.username, role: 'analyst' };
    // Thirty quiet weeks in Borno (two incidents a week, Monday and Thursday), then a week with twenty.
    const day = (weekStart: string, offset: number) => new Date(Date.parse(`${weekStart}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const rows: { rowNumber: number; input: IncidentInput }[] = [];
    const add = (date: string) =>
      rows.push({
        rowNumber: rows.length + 1,
        input: {
          title: `Attack on ${date}`,
          dateEarliest: date,
          dateLatest: date,
          datePrecision: 'day',
          location: { lat: 11.85, lon: 13.16, precision: 'exact', country: 'NGA', admin1: 'Borno' },
          themes: ['protection_of_civilians'],
          categories: ['killing'],
          casualties: [{ kind: 'killed', status: 'civilian', best: 1 }],
          origin: { dataset: 'escalation-test', externalId: String(rows.length + 1) },
        },
      });
    for (let w = 0; w < 30; w++) for (const offset of [0, 3]) add(day(day('2023-01-02', w * 7), offset));
    for (let i = 0; i < 20; i++) add(day(STEP_WEEK, i % 7));
    await importIncidentBatch(ctx, analyst, rows, { strict: true });
  });
  afterAll(() => t.cleanup());

  it('records the step week as a reviewable detection linked to that week’s incidents, once', async () => {
    const first = await runDetections(ctx, analyst, {});
    const found = (await listDetections(ctx, analyst, { kind: 'escalation' })).items;
    const key = `escalation:country:NGA:${STEP_WEEK}:incidents`;
    const alert = found.find((d) => d.key === key);
    expect(alert, JSON.stringify(found.map((d) => d.key))).toBeDefined();
    expect(alert!.incidentIds).toHaveLength(20);
    expect(alert!.summary).toContain('20 incidents');
    expect(found.some((d) => d.key === `escalation:admin1:NGA/Borno:${STEP_WEEK}:incidents`)).toBe(true);
    // Only the step week rose above its baseline.
    expect(found.every((d) => d.key.includes(STEP_WEEK))).toBe(true);
    expect(first.created).toBe(found.length);
    // By country: the alerts' incidents are all in Nigeria.
    expect((await listDetections(ctx, analyst, { kind: 'escalation', country: 'nga' })).total).toBe(found.length);
    expect((await listDetections(ctx, analyst, { kind: 'escalation', country: 'UKR' })).total).toBe(0);

    await reviewDetection(ctx, analyst, alert!.id, { decision: 'confirm', reason: 'Offensive on the Borno axis confirmed by field team' });
    const again = await runDetections(ctx, analyst, {});
    expect(again.created).toBe(0);
    expect((await getDetection(ctx, analyst, alert!.id)).status).toBe('confirmed');
  });
});
