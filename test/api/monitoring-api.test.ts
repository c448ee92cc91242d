import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIncidentBatch } from '../../src/application/import.service.js';
import { importRecords } from '../../src/application/import-records.service.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import type { ForceRequestInput } from '../../src/core/use-of-force/force-request.schema.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { validIncident } from '../support/incident-fixtures.js';
import { realFixture } from '../support/real-fixtures.js';

/** An offensive request (the sleeping fighter, small arms): not protective, not less-lethal. */
const sleepingFighter = (): ForceRequestInput => ({
  mission: { name: 'EXERCISE Lake Shield', civilianApprovalRequired: true },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'neutralise_military_objective',
  target: { kind: 'person', status: 'fighter', description: 'A fighter asleep in a house far from any fighting' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
});

type Estimate = { low: number; best: number; high: number };
interface Totals {
  incidents: number;
  killed: Estimate;
  injured: Estimate;
}

const zero = (): Totals => ({ incidents: 0, killed: { low: 0, best: 0, high: 0 }, injured: { low: 0, best: 0, high: 0 } });
const casualtySum = (i: IncidentInput, kind: string, status?: string): Estimate => {
  const e = { low: 0, best: 0, high: 0 };
  for (const c of i.casualties ?? []) {
    if (c.kind !== kind || (status && c.status !== status)) continue;
    e.low += c.low ?? c.best;
    e.best += c.best;
    e.high += c.high ?? c.best;
  }
  return e;
};
const add = (t: Totals, incidents: number, killed: Estimate, injured: Estimate) => {
  t.incidents += incidents;
  for (const [into, from] of [[t.killed, killed], [t.injured, injured]] as const) {
    into.low += from.low;
    into.best += from.best;
    into.high += from.high;
  }
};

// The rules, written out plainly: which date precisions fit a month, which location precisions name an admin1 / admin2.
const MONTH_PRECISIONS = ['day', 'days', 'week', 'month'];
const ADMIN1_PRECISIONS = ['exact', 'within_25km', 'admin2', 'admin1'];
const ADMIN2_PRECISIONS = ['exact', 'within_25km', 'admin2'];
const monthOf = (i: IncidentInput) => (MONTH_PRECISIONS.includes(i.datePrecision) && i.dateEarliest.slice(0, 7) === i.dateLatest.slice(0, 7) ? i.dateEarliest.slice(0, 7) : undefined);
const admin1Of = (i: IncidentInput) => (ADMIN1_PRECISIONS.includes(i.location.precision) && i.location.admin1 ? i.location.admin1 : undefined);
const admin2Of = (i: IncidentInput) => (ADMIN2_PRECISIONS.includes(i.location.precision) && i.location.admin2 ? i.location.admin2 : undefined);

const incident = (changes: Omit<Partial<IncidentInput>, 'location'> & { location?: Partial<IncidentInput['location']> }): IncidentInput => {
  const base = validIncident();
  return { ...base, ...changes, location: { ...base.location, ...changes.location } };
};
const killedCivilians = (low: number, best: number, high: number) => [{ kind: 'killed' as const, status: 'civilian' as const, low, best, high }];

/** Nigerian and Chadian incidents that exercise every placement rule. */
const FIXTURES: IncidentInput[] = [
  incident({ title: 'A exact, one day', dateEarliest: '2024-03-05', dateLatest: '2024-03-05', datePrecision: 'day', location: { precision: 'exact', admin1: 'Borno', admin2: 'Maiduguri' }, casualties: killedCivilians(1, 2, 3), actors: [{ name: 'Group X', actorType: 'non_state_armed_group', role: 'perpetrator' }] }),
  incident({
    title: 'B within 25 km, three days',
    dateEarliest: '2024-03-20',
    dateLatest: '2024-03-22',
    datePrecision: 'days',
    location: { precision: 'within_25km', admin1: 'Borno' },
    themes: ['protection_of_civilians'],
    categories: ['killing'],
    casualties: [...killedCivilians(4, 5, 6), { kind: 'injured', status: 'civilian', low: 1, best: 1, high: 2 }, { kind: 'killed', status: 'own_force', low: 1, best: 1, high: 1 }],
    actors: [{ name: 'Army', actorType: 'state_force', role: 'perpetrator' }, { name: 'Villagers', actorType: 'civilians', role: 'target' }],
  }),
  incident({ title: 'C days across two months', dateEarliest: '2024-03-30', dateLatest: '2024-04-02', datePrecision: 'days', location: { precision: 'exact', admin1: 'Yobe' }, violenceType: undefined }),
  incident({ title: 'D month precision, province', dateEarliest: '2024-04-01', dateLatest: '2024-04-30', datePrecision: 'month', location: { precision: 'admin1', admin1: 'Adamawa' }, themes: ['humanitarian_space'], categories: [], violenceType: 'other' }),
  incident({ title: 'E year precision, country-wide', dateEarliest: '2024-01-01', dateLatest: '2024-12-31', datePrecision: 'year', location: { precision: 'country', admin1: undefined }, casualties: killedCivilians(10, 20, 40) }),
  incident({ title: 'F region precision', dateEarliest: '2024-05-10', dateLatest: '2024-05-10', datePrecision: 'day', location: { precision: 'region', admin1: 'Borno' }, themes: [], categories: [], violenceType: 'state_based', actors: [] }),
  incident({ title: 'G in Chad', dateEarliest: '2024-03-10', dateLatest: '2024-03-10', datePrecision: 'day', location: { lat: 13.5, lon: 14.5, precision: 'exact', country: 'TCD', admin1: 'Lac' } }),
];
const RESTRICTED = incident({ title: 'H restricted', dateEarliest: '2024-03-07', dateLatest: '2024-03-07', datePrecision: 'day', location: { precision: 'exact', admin1: 'Borno' }, casualties: killedCivilians(10, 10, 12) });

/** The answer computed here from the inserted incidents, for one or two dimensions. */
function expectedAggregate(incidents: IncidentInput[], dims: string[]) {
  const groups = new Map<string, Totals>();
  const unplaced = zero();
  let coarseDates = 0;
  for (const i of incidents) {
    const killed = casualtySum(i, 'killed');
    const injured = casualtySum(i, 'injured');
    const keys: string[][] = [[]];
    let placed = true;
    for (const d of dims) {
      let values: string[] | undefined;
      if (d === 'month') {
        const m = monthOf(i);
        if (!m) coarseDates++;
        values = m ? [m] : undefined;
      } else if (d === 'admin1') values = admin1Of(i) ? [`${i.location.country}/${admin1Of(i)}`] : undefined;
      else if (d === 'admin2') values = admin2Of(i) ? [`${i.location.country}/${admin2Of(i)}`] : undefined;
      else if (d === 'country') values = [i.location.country];
      else if (d === 'violence') values = [i.violenceType ?? '-'];
      else if (d === 'theme') values = i.themes?.length ? [...i.themes] : ['-'];
      else if (d === 'actor') values = [...new Set((i.actors ?? []).filter((a) => a.role !== 'target').map((a) => a.name))];
      if (d === 'actor' && values?.length === 0) values = ['-'];
      if (!values) placed = false;
      else keys.splice(0, keys.length, ...keys.flatMap((k) => values.map((v) => [...k, v])));
    }
    if (!placed) {
      add(unplaced, 1, killed, injured);
      continue;
    }
    for (const k of keys) {
      const id = k.join('|');
      const t = groups.get(id) ?? zero();
      add(t, 1, killed, injured);
      groups.set(id, t);
    }
  }
  return { groups, unplaced, coarseDates };
}

/** The API's groups keyed the same way. */
function groupsOf(body: { groups: ({ keys: Record<string, string | null> } & Totals)[] }, dims: string[]) {
  return new Map(
    body.groups.map((g) => [
      dims.map((d) => (d === 'admin1' || d === 'admin2' ? `${g.keys.country}/${g.keys[d]}` : (g.keys[d] ?? '-'))).join('|'),
      { incidents: g.incidents, killed: g.killed, injured: g.injured },
    ]),
  );
}

describe.each(DATABASES)('monitoring API on %s', (kind) => {
  let h: ApiHarness;
  const nigeria = FIXTURES.filter((i) => i.location.country === 'NGA');

  beforeAll(async () => {
    h = await openApiHarness(kind);
    for (const input of [...FIXTURES, RESTRICTED]) {
      const created = await h.call({ method: 'POST', url: '/api/v1/incidents', as: 'analyst', payload: input });
      expect(created.statusCode, created.body).toBe(201);
      if (input === RESTRICTED) {
        const restricted = await h.call({ method: 'PUT', url: `/api/v1/incidents/${created.json().id}/restriction`, as: 'analyst', payload: { users: ['analyst-user'] } });
        expect(restricted.statusCode, restricted.body).toBe(200);
      }
    }
  });
  afterAll(() => h?.close());

  const aggregate = async (query: string, as: 'viewer' | 'analyst' = 'viewer') => {
    const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/aggregate?${query}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it.each([['month,theme'], ['admin1'], ['admin2'], ['month,actor'], ['country,theme'], ['violence'], ['admin1,violence']])('groups by %s as computed from the incidents, counting what cannot be placed', async (groupBy) => {
    const dims = groupBy.split(',');
    const body = await aggregate(`country=NGA&from=2024-01-01&to=2024-12-31&groupBy=${groupBy}`);
    const expected = expectedAggregate(nigeria, dims);
    expect(groupsOf(body, dims)).toEqual(expected.groups);
    expect(body.unplaced).toEqual(expected.unplaced);
    expect(body.coarseDates).toBe(expected.coarseDates);
    const total = zero();
    for (const i of nigeria) add(total, 1, casualtySum(i, 'killed'), casualtySum(i, 'injured'));
    expect(body.total).toEqual(total);
  });

  it('counts a province-level event as unplaced by district and a year-dated one as a coarse date by month', async () => {
    const byDistrict = await aggregate('country=NGA&groupBy=admin2');
    expect(byDistrict.groups).toEqual([{ keys: { country: 'NGA', admin2: 'Maiduguri' }, incidents: 1, killed: { low: 1, best: 2, high: 3 }, injured: { low: 0, best: 0, high: 0 } }]);
    expect(byDistrict.unplaced.incidents).toBe(nigeria.length - 1);
    const byMonth = await aggregate('country=NGA&groupBy=month');
    // C spans March–April, E is dated to the year only: neither is put in a month.
    expect(byMonth.coarseDates).toBe(2);
    expect(byMonth.groups.map((g: { keys: { month: string } }) => g.keys.month)).toEqual(['2024-03', '2024-04', '2024-05']);
  });

  it('does not count a restricted incident for a reader it is not shared with', async () => {
    const viewer = await aggregate('country=NGA&groupBy=month');
    const analyst = await aggregate('country=NGA&groupBy=month', 'analyst');
    expect(analyst.total.incidents).toBe(viewer.total.incidents + 1);
    expect(analyst.total.killed.best).toBe(viewer.total.killed.best + 10);
    const march = (body: { groups: { keys: { month: string }; incidents: number }[] }) => body.groups.find((g) => g.keys.month === '2024-03')!.incidents;
    expect(march(analyst)).toBe(march(viewer) + 1);
    const hotspots = async (as: 'viewer' | 'analyst') => (await h.call({ method: 'GET', url: '/api/v1/monitoring/hotspots?country=NGA&resolution=5', as })).json();
    const sum = (fc: { features: { properties: { value: number } }[] }) => fc.features.reduce((s, f) => s + f.properties.value, 0);
    expect(sum(await hotspots('analyst'))).toBe(sum(await hotspots('viewer')) + 1);
  });

  it('splits deaths by casualty status: they add up to the placed incidents’ deaths', async () => {
    const body = await aggregate('country=NGA&groupBy=status');
    const byStatus = new Map<string, Estimate>();
    for (const i of nigeria) {
      for (const c of i.casualties ?? []) {
        if (c.kind !== 'killed') continue;
        const e = byStatus.get(c.status) ?? { low: 0, best: 0, high: 0 };
        byStatus.set(c.status, { low: e.low + (c.low ?? c.best), best: e.best + c.best, high: e.high + (c.high ?? c.best) });
      }
    }
    for (const [status, killed] of byStatus) expect(body.groups.find((g: { keys: { status: string } }) => g.keys.status === status)?.killed, status).toEqual(killed);
    expect(body.countsOverlap).toBe(true);
  });

  it('refuses a bad grouping with the field and the reason, and needs monitoring:read', async () => {
    const bad = await h.call({ method: 'GET', url: '/api/v1/monitoring/aggregate?groupBy=month,year', as: 'viewer' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('one time bucket');
    expect((await h.call({ method: 'GET', url: '/api/v1/monitoring/aggregate' })).statusCode).toBe(401);
  });

  describe('escalation', () => {
    const TESTED = '2024-06-03';
    const place = { lat: 48.5, lon: 35.0, precision: 'exact' as const, country: 'UKR', admin1: 'Dnipropetrovsk' };
    const dayOf = (weekOffset: number, day: number) => new Date(Date.parse(`${TESTED}T00:00:00Z`) + (weekOffset * 7 + day) * 86_400_000).toISOString().slice(0, 10);
    const BASELINE = [1, 2, 3, 2, 1, 2, 2, 3, 1, 2, 2, 1, 3, 2, 2, 1, 2, 3, 2, 1, 2, 2, 1, 3, 2, 2, 1, 2, 3, 2, 1, 2, 2, 1];
    let stepIds: string[] = [];

    beforeAll(async () => {
      const rows: IncidentInput[] = [];
      BASELINE.forEach((n, w) => {
        for (let k = 0; k < n; k++) rows.push(incident({ title: `baseline ${w}-${k}`, dateEarliest: dayOf(w - BASELINE.length, k), dateLatest: dayOf(w - BASELINE.length, k), datePrecision: 'day', location: place, casualties: killedCivilians(1, 1, 1) }));
      });
      for (let k = 0; k < 12; k++) rows.push(incident({ title: `step ${k}`, dateEarliest: dayOf(0, k % 7), dateLatest: dayOf(0, k % 7), datePrecision: 'day', location: place, casualties: killedCivilians(2, 3, 4) }));
      // Dated to the month only: never counted in a week.
      rows.push(incident({ title: 'month-dated', dateEarliest: '2024-06-01', dateLatest: '2024-06-30', datePrecision: 'month', location: place, casualties: killedCivilians(50, 50, 50) }));
      const report = await importIncidentBatch(h.ctx, h.users.analyst, rows.map((input, i) => ({ rowNumber: i + 1, input: { ...input, origin: { dataset: 'escalation-fixture', externalId: String(i) } } })));
      expect(report.rejected).toEqual([]);
      const list = await h.call({ method: 'GET', url: `/api/v1/incidents?countries=UKR&from=${TESTED}&to=${dayOf(0, 6)}&limit=100`, as: 'viewer' });
      stepIds = list.json().items.filter((i: { title: string }) => i.title.startsWith('step')).map((i: { id: string }) => i.id).sort();
      expect(stepIds).toHaveLength(12);
    });

    const alertsOf = async (query: string) => {
      const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/escalation?${query}`, as: 'viewer' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    it.each([
      ['level=country', 'country:UKR'],
      ['level=admin1', 'admin1:UKR/Dnipropetrovsk'],
      ['level=h3&resolution=3', `h3:${latLngToCell(48.5, 35.0, 3)}`],
    ])('raises incidents and deaths alerts for the step week at %s, with its incidents', async (query, area) => {
      const body = await alertsOf(`${query}&asOf=${dayOf(0, 6)}`);
      expect(body.testedWeeks).toEqual([TESTED]);
      expect(body.method).toContain('negative binomial');
      const ukraine = body.alerts.filter((a: { key: string }) => a.key.includes(area));
      expect(ukraine.map((a: { key: string }) => a.key).sort()).toEqual([`escalation:${area}:${TESTED}:deaths`, `escalation:${area}:${TESTED}:incidents`]);
      const incidents = ukraine.find((a: { metric: string }) => a.metric === 'incidents');
      expect(incidents).toMatchObject({ weekStart: TESTED, observed: 12 });
      expect(incidents.expected).toBeCloseTo(BASELINE.slice(0, 26).reduce((s, x) => s + x, 0) / 26, 3);
      expect(incidents.pValue).toBeLessThan(0.001);
      expect([...incidents.incidentIds].sort()).toEqual(stepIds);
      expect(ukraine.find((a: { metric: string }) => a.metric === 'deaths').observed).toBe(36);
    });

    it('raises nothing the week before the step', async () => {
      const body = await alertsOf(`level=country&asOf=${dayOf(-1, 6)}&country=UKR`);
      expect(body.alerts).toEqual([]);
      expect(body.total).toBe(0);
    });

    it('says how many incidents an alert rests on; twelve incidents are not a single event', async () => {
      const body = await alertsOf(`level=country&country=UKR&asOf=${dayOf(0, 6)}`);
      expect(body.alerts.map((a: { metric: string; incidents: number; singleEvent: boolean }) => [a.metric, a.incidents, a.singleEvent]).sort()).toEqual([
        ['deaths', 12, false],
        ['incidents', 12, false],
      ]);
    });

    it('tests every complete week from a day and lists the most extreme alerts first, up to a limit, with the total', async () => {
      // From ten weeks before the step to its end: eleven weeks, the alerts are the step week's two.
      const body = await alertsOf(`level=country&country=UKR&from=${dayOf(-10, 0)}&asOf=${dayOf(0, 6)}&limit=1`);
      expect(body.testedWeeks).toHaveLength(11);
      expect(body.testedWeeks[0]).toBe(dayOf(-10, 0));
      expect(body.total).toBe(2);
      expect(body.alerts).toHaveLength(1);
      const both = await alertsOf(`level=country&country=UKR&from=${dayOf(-10, 0)}&asOf=${dayOf(0, 6)}`);
      expect(both.alerts).toHaveLength(2);
      expect(body.alerts[0].pValue).toBe(Math.min(...both.alerts.map((a: { pValue: number }) => a.pValue)));
      expect(body.alerts[0].incidentIds.sort()).toEqual(stepIds);
    });

    it('refuses weeks and from together', async () => {
      const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/escalation?weeks=2&from=${dayOf(-10, 0)}`, as: 'viewer' });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('from');
    });
  });

  describe('escalation resting on one incident', () => {
    const TESTED = '2024-06-03';
    const place = { lat: 15.6, lon: 32.5, precision: 'exact' as const, country: 'SDN', admin1: 'Khartoum' };
    const dayOf = (weekOffset: number, day: number) => new Date(Date.parse(`${TESTED}T00:00:00Z`) + (weekOffset * 7 + day) * 86_400_000).toISOString().slice(0, 10);
    let massacreId = '';

    beforeAll(async () => {
      const rows: IncidentInput[] = [];
      // Thirty quiet weeks: two incidents a week, one death each; then one incident with 300 deaths.
      for (let w = -30; w < 0; w++) for (let k = 0; k < 2; k++) rows.push(incident({ title: `sudan ${w}-${k}`, dateEarliest: dayOf(w, k), dateLatest: dayOf(w, k), datePrecision: 'day', location: place, casualties: killedCivilians(1, 1, 1) }));
      rows.push(incident({ title: 'sudan massacre', dateEarliest: dayOf(0, 2), dateLatest: dayOf(0, 2), datePrecision: 'day', location: place, casualties: killedCivilians(250, 300, 350) }));
      const report = await importIncidentBatch(h.ctx, h.users.analyst, rows.map((input, i) => ({ rowNumber: i + 1, input: { ...input, origin: { dataset: 'single-event-fixture', externalId: String(i) } } })));
      expect(report.rejected).toEqual([]);
      const list = await h.call({ method: 'GET', url: `/api/v1/incidents?countries=SDN&from=${TESTED}&to=${dayOf(0, 6)}&limit=10`, as: 'viewer' });
      massacreId = list.json().items.find((i: { title: string }) => i.title === 'sudan massacre').id;
    });

    it('raises the deaths alert, marked as a single event of one incident, and no incidents alert', async () => {
      const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/escalation?level=country&country=SDN&asOf=${dayOf(0, 6)}`, as: 'viewer' });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.alerts).toHaveLength(1);
      expect(body.alerts[0]).toMatchObject({ metric: 'deaths', observed: 300, incidents: 1, singleEvent: true, incidentIds: [massacreId] });
    });
  });

  describe('hotspots', () => {
    const centre = latLngToCell(14.5, -4.2, 5);
    // North of the rest: an empty cell whose six neighbours have eight incidents each.
    const hollow = latLngToCell(17.5, -1.0, 5);
    beforeAll(async () => {
      const rows: IncidentInput[] = [];
      const at = (cell: string, n: number, precision: 'exact' | 'admin1' = 'exact') => {
        const [lat, lon] = cellToLatLng(cell);
        for (let k = 0; k < n; k++) rows.push(incident({ title: `mali ${cell} ${k}`, dateEarliest: '2023-07-01', dateLatest: '2023-07-01', datePrecision: 'day', location: { lat, lon, precision, country: 'MLI', admin1: 'Mopti' } }));
      };
      at(centre, 40);
      for (const neighbour of gridDisk(centre, 1).filter((c) => c !== centre)) at(neighbour, 6);
      for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) at(latLngToCell(12 + i * 0.4, -8 + j * 0.5, 5), 1);
      at(centre, 5, 'admin1');
      for (const neighbour of gridDisk(hollow, 1).filter((c) => c !== hollow)) at(neighbour, 8);
      const report = await importIncidentBatch(h.ctx, h.users.analyst, rows.map((input, i) => ({ rowNumber: i + 1, input: { ...input, origin: { dataset: 'hotspot-fixture', externalId: String(i) } } })));
      expect(report.rejected).toEqual([]);
    });

    it('finds the cluster’s centre hot at 99 %, leaves a far cell alone and counts the imprecise incidents out', async () => {
      const response = await h.call({ method: 'GET', url: '/api/v1/monitoring/hotspots?country=MLI&resolution=5&from=2023-01-01&to=2023-12-31', as: 'viewer' });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.type).toBe('FeatureCollection');
      expect(body.excluded).toBe(5);
      const byCell = new Map(body.features.map((f: { properties: { cell: string } }) => [f.properties.cell, f]));
      const hot: { properties: { value: number; class: string; z: number }; geometry: { coordinates: number[][][] } } = byCell.get(centre) as never;
      expect(hot.properties).toMatchObject({ value: 40, class: 'hot99' });
      const [lat, lon] = cellToLatLng(centre);
      const ring = hot.geometry.coordinates[0]!;
      expect(ring[0]).toEqual(ring.at(-1));
      expect(Math.abs(ring[0]![0]! - lon)).toBeLessThan(0.2);
      expect(Math.abs(ring[0]![1]! - lat)).toBeLessThan(0.2);
      const far: { properties: { value: number; class: string } } = byCell.get(latLngToCell(12, -8, 5)) as never;
      expect(far.properties.value).toBe(1);
      expect(far.properties.class).not.toMatch(/^hot/);
    });

    type Cell = { properties: { cell: string; value: number; incidents: number; z: number; class: string; context: boolean } };
    const cellsOf = async (metric: string): Promise<Cell[]> => {
      const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/hotspots?country=MLI&resolution=5&from=2023-01-01&to=2023-12-31&metric=${metric}`, as: 'viewer' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().features;
    };

    it('keeps an empty cell ringed by busy ones as context: its z is high, its class none, listed after every cell with incidents', async () => {
      const cells = await cellsOf('incidents');
      const empty = cells.find((c) => c.properties.cell === hollow)!.properties;
      expect(empty).toMatchObject({ value: 0, incidents: 0, class: 'none', context: true });
      expect(empty.z).toBeGreaterThan(2.5758);
      const firstContext = cells.findIndex((c) => c.properties.context);
      expect(cells.slice(0, firstContext).every((c) => c.properties.incidents > 0)).toBe(true);
      expect(cells.slice(firstContext).every((c) => c.properties.context && c.properties.incidents === 0 && c.properties.class === 'none')).toBe(true);
      expect(cells[0]!.properties).toMatchObject({ cell: centre, incidents: 40 });
    });

    it('gives each cell its incidents beside z when the metric is deaths', async () => {
      const cells = await cellsOf('deaths');
      const centreCell = cells.find((c) => c.properties.cell === centre)!.properties;
      expect(centreCell.incidents).toBe(40);
      expect(centreCell.value).toBe(40 * (validIncident().casualties ?? []).filter((c) => c.kind === 'killed').reduce((sum, c) => sum + c.best, 0));
      expect(cells.every((c) => Number.isInteger(c.properties.incidents) && typeof c.properties.z === 'number')).toBe(true);
      expect(cells.filter((c) => c.properties.context).every((c) => c.properties.incidents === 0)).toBe(true);
    });
  });

  describe('scorecard', () => {
    const scorecard = async (query: string, as: 'viewer' | 'analyst') => {
      const response = await h.call({ method: 'GET', url: `/api/v1/monitoring/scorecard?${query}`, as });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const measure = (card: { principles: { measures: { id: string }[] }[] }, id: string): Record<string, unknown> => card.principles.flatMap((p) => p.measures).find((m) => m.id === id)!;

    it('counts every side’s dead in the period, and shows what the reader may not see as no data', async () => {
      const card = await scorecard('country=NGA&from=2024-03-01&to=2024-03-31', 'viewer');
      expect(card.principles.map((p: { id: string }) => p.id)).toEqual(['minimise_loss_of_life', 'stability', 'defensive_posture', 'civilian_control_law_based']);
      const inside = nigeria.filter((i) => i.dateEarliest >= '2024-03-01' && i.dateLatest <= '2024-03-31');
      const killed = inside.reduce((s, i) => s + casualtySum(i, 'killed').best, 0);
      expect(measure(card, 'deaths_all')).toMatchObject({ value: killed, low: inside.reduce((s, i) => s + casualtySum(i, 'killed').low, 0) });
      expect(measure(card, 'deaths_civilian').value).toBe(inside.reduce((s, i) => s + casualtySum(i, 'killed', 'civilian').best, 0));
      expect(measure(card, 'deaths_own_and_allied').value).toBe(1);
      expect(measure(card, 'deaths_all').note).toContain('2 incident(s) dated too loosely');
      for (const id of ['protective_purpose_share', 'civilian_approval_share', 'arrests_versus_killings', 'ceasefire_adherence']) {
        expect(measure(card, id).value, id).toBeNull();
        expect(measure(card, id).note, id).toMatch(/^no data/);
      }
      expect(measure(card, 'protective_purpose_share').note).toContain('force:read');
    });

    it('without a period, shows the 90 days up to the latest incident of a register that stops in the past, and says so', async () => {
      const latest = FIXTURES.map((i) => i.dateLatest ?? i.dateEarliest).sort().at(-1)!;
      const card = await scorecard('', 'viewer');
      expect(card.periodBasis).toBe('latest_incident');
      expect(card.period.to).toBe(latest);
      expect(card.period.from).toBe(new Date(Date.parse(`${latest}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10));
      const nigerian = await scorecard('country=NGA', 'viewer');
      expect(nigerian.period.to).toBe(nigeria.map((i) => i.dateLatest ?? i.dateEarliest).sort().at(-1));
      expect((await scorecard('from=2024-03-01&to=2024-03-31', 'viewer')).periodBasis).toBe('query');
    });

    it('reads the shares of the force requests made in the period', async () => {
      const protective = { ...sleepingFighter(), purpose: 'protect_civilians_from_imminent_threat' as const, means: { ...sleepingFighter().means, weapon: 'water_cannon' as const } };
      for (const request of [sleepingFighter(), protective]) {
        const submitted = await h.call({ method: 'POST', url: '/api/v1/force/requests', as: 'analyst', payload: { request } });
        expect(submitted.statusCode, submitted.body).toBe(201);
      }
      // Requests are made today: a period that holds today (none given ends on the latest incident, in 2024 here).
      const today = new Date().toISOString().slice(0, 10);
      const card = await scorecard(`from=2024-01-01&to=${today}`, 'analyst');
      expect(measure(card, 'protective_purpose_share').value).toBe(0.5);
      // Per mission: the requests name theirs; another mission has made none.
      const mission = sleepingFighter().mission.name;
      expect(measure(await scorecard(`mission=${encodeURIComponent(mission)}&from=2024-01-01&to=${today}`, 'analyst'), 'protective_purpose_share').value).toBe(0.5);
      const elsewhere = await scorecard(`mission=Another%20mission&from=2024-01-01&to=${today}`, 'analyst');
      expect(elsewhere.mission).toBe('Another mission');
      expect(measure(elsewhere, 'protective_purpose_share')).toMatchObject({ value: null, note: expect.stringMatching(/^no data/) });
      expect(measure(card, 'less_lethal_means_share').value).toBe(0.5);
      expect(measure(card, 'civilian_approval_share').note).toMatch(/^no data: no decision/);
      expect(measure(card, 'arrests_versus_killings').note).toMatch(/^no data: no suspect/);
    });
  });

  it('aggregates the Myanmar GED file by year, deaths as the file counts them', async () => {
    const file = realFixture('ucdp/ged241-myanmar-every50th.csv');
    const source = await openRecordSource(file);
    const summary = await importRecords(h.ctx, h.users.analyst, source.records, { strict: false });
    const byYear = new Map<string, { incidents: number; best: number }>();
    let rows = 0;
    for await (const row of createReadStream(file).pipe(parse({ columns: true, bom: true })) as AsyncIterable<Record<string, string>>) {
      rows++;
      // Every event's window lies within one year in this file; the year is the start's.
      expect(row.date_start!.slice(0, 4)).toBe(row.date_end!.slice(0, 4));
      const year = row.date_start!.slice(0, 4);
      const y = byYear.get(year) ?? { incidents: 0, best: 0 };
      byYear.set(year, { incidents: y.incidents + 1, best: y.best + Number(row.best) });
    }
    expect(summary).toMatchObject({ rows, created: rows, rejected: 0 });
    const body = await aggregate('country=MMR&groupBy=year');
    expect(new Map(body.groups.map((g: { keys: { year: string } } & Totals) => [g.keys.year, { incidents: g.incidents, best: g.killed.best }]))).toEqual(byYear);
    expect(body.unplaced.incidents).toBe(0);
    for (const g of body.groups as Totals[]) expect(g.killed.low <= g.killed.best && g.killed.best <= g.killed.high).toBe(true);
  }, 180_000);
});
