import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { ACLED_LOOKALIKE, realFixture } from '../support/real-fixtures.js';

/**
 * Detection on real data, checked against answers this test computes with its own simple geometry: the 2022 Ukraine
 * corridors against a subset of UCDP GED Ukraine 2014–2022 and an ACLED-shaped file of invented events, Ukraine's power
 * plants (GPPD) against GED, and the July 2020 ceasefire against GED's clashes.
 */
const GED = realFixture('ucdp/ged-ukraine-2014-2022-subset.csv');
const CORRIDORS = realFixture('peacerep/ukraine-corridors-2022-subset.csv');
const rowsOf = async (file: string) => parse<Record<string, string>>(await readFile(file), { columns: true, bom: true });
const R = 6371.0088;
const RAD = Math.PI / 180;

interface Incident {
  id: string;
  dateEarliest: string;
  dateLatest: string;
  narrative: string;
  location: { lat: number; lon: number; precision: string; placeName?: string };
  origin: { dataset: string; externalId?: string };
  actors: { name: string; role: string }[];
}

/**
 * Distance from a point to a segment drawn straight in lon/lat (as GeoJSON draws lines), by brute force: the nearest of
 * points every ~100 m along it.
 */
function sampledDistanceKm(p: { lat: number; lon: number }, a: number[], b: number[]): number {
  const [aLon = 0, aLat = 0] = a;
  const [bLon = 0, bLat = 0] = b;
  const steps = Math.max(1, Math.ceil(haversineKm({ lat: aLat, lon: aLon }, { lat: bLat, lon: bLon }) / 0.1));
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= steps; k++) best = Math.min(best, haversineKm(p, { lat: aLat + ((bLat - aLat) * k) / steps, lon: aLon + ((bLon - aLon) * k) / steps }));
  return best;
}

function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const h = Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lon - a.lon) * RAD) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** The uncertainty radii of docs/detection.md. */
const UNCERTAINTY_KM: Record<string, number> = { exact: 1, within_25km: 25, admin2: 50, admin1: 250 };
/** Too close to a threshold for two different ways of measuring to agree: left out of the comparison. */
const MARGIN_KM = 0.25;

describe.each(DATABASES)('detection on real Ukrainian data on %s', (kind) => {
  let h: ApiHarness;
  let incidents: Incident[];

  async function waitForJob(id: string) {
    for (let i = 0; i < 2400; i++) {
      const job = (await h.call({ method: 'GET', url: `/api/v1/imports/${id}`, as: 'analyst' })).json();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import job did not finish');
  }

  async function importIncidents(file: string) {
    const started = await h.call({ method: 'POST', url: `/api/v1/imports?fileName=${file.split('/').pop()}`, as: 'analyst', payload: await readFile(file), headers: { 'content-type': 'text/csv' } });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForJob(started.json().id);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    return job;
  }

  async function allDetections(kindName: string) {
    const items: { key: string; grade: string; incidentIds: string[]; siteId?: string; zoneId?: string; party?: string; status: string }[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = (await h.call({ method: 'GET', url: `/api/v1/detections?kind=${kindName}&limit=1000&offset=${offset}`, as: 'viewer' })).json();
      items.push(...page.items);
      if (items.length >= page.total) return items;
    }
  }

  beforeAll(async () => {
    h = await openApiHarness(kind);
    // The registers first, so detection runs as the incidents are imported.
    const corridors = await h.call({
      method: 'POST',
      url: '/api/v1/zones/imports?format=corridors-csv',
      as: 'analyst',
      payload: await readFile(CORRIDORS),
      headers: { 'content-type': 'text/csv' },
    });
    expect(corridors.statusCode, corridors.body).toBe(200);
    const plants = await h.call({
      method: 'POST',
      url: '/api/v1/sites/imports?preset=wri-gppd',
      as: 'analyst',
      payload: await readFile(realFixture('wri-gppd/ukraine_power_plants_gppd.csv')),
      headers: { 'content-type': 'text/csv' },
    });
    expect(plants.statusCode, plants.body).toBe(200);
    expect(plants.json()).toMatchObject({ rejected: [] });
    expect(plants.json().created).toBeGreaterThan(60);
    const ceasefire = await h.call({
      method: 'POST',
      url: '/api/v1/agreements',
      as: 'analyst',
      payload: {
        name: 'Measures to strengthen the ceasefire (Trilateral Contact Group, 22 July 2020)',
        kind: 'ceasefire',
        parties: ['Government of Ukraine', 'DPR', 'LPR'],
        signedOn: '2020-07-22',
        validFrom: '2020-07-27',
        validTo: '2022-02-23',
        zoneIds: [],
        commitments: [{ code: 'cessation_of_hostilities', description: 'A complete and comprehensive ceasefire from 00:01 on 27 July 2020' }],
        source: { dataset: 'manual', description: 'OSCE, Trilateral Contact Group statement of 22 July 2020' },
      },
    });
    expect(ceasefire.statusCode, ceasefire.body).toBe(201);
    await importIncidents(GED);
    await importIncidents(ACLED_LOOKALIKE);
    incidents = [];
    let cursor: string | null = null;
    do {
      const page: { items: Incident[]; nextCursor: string | null } = (await h.call({ method: 'GET', url: `/api/v1/incidents?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, as: 'analyst' })).json();
      incidents.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(incidents.length).toBe((await rowsOf(GED)).length + (await rowsOf(ACLED_LOOKALIKE)).length);
  }, 600_000);
  afterAll(() => h?.close());

  it('finds the incidents inside a corridor on its day, graded as computed here', async () => {
    const zones = (await h.call({ method: 'GET', url: '/api/v1/zones?kind=humanitarian_corridor', as: 'viewer' })).json().features as {
      geometry: { type: string; coordinates: number[] | number[][] };
      properties: { id: string; status: string; validFrom: string; validTo: string; widthKm: number };
    }[];
    expect(zones.length).toBe((await rowsOf(CORRIDORS)).filter((r) => r.from_latitude!.trim() !== '' && r.from_longitude!.trim() !== '').length);
    const expected = new Map<string, string>();
    const borderline = new Set<string>();
    for (const zone of zones) {
      const { status, validFrom, validTo, widthKm } = zone.properties;
      if (status === 'proposed' || status === 'failed') continue;
      const line = zone.geometry.type === 'Point' ? [zone.geometry.coordinates as number[], zone.geometry.coordinates as number[]] : (zone.geometry.coordinates as number[][]);
      for (const incident of incidents) {
        if (incident.dateLatest < validFrom || incident.dateEarliest > validTo) continue;
        const uncertainty = UNCERTAINTY_KM[incident.location.precision];
        if (uncertainty === undefined) continue;
        let d = Number.POSITIVE_INFINITY;
        for (let i = 1; i < line.length; i++) d = Math.min(d, sampledDistanceKm(incident.location, line[i - 1]!, line[i]!));
        const key = `${incident.id}:${zone.properties.id}`;
        const half = widthKm / 2;
        if (Math.abs(d - half) < MARGIN_KM || Math.abs(d - half - uncertainty) < MARGIN_KM) borderline.add(key);
        const wholeDays = incident.dateEarliest >= validFrom && incident.dateLatest <= validTo;
        if (incident.location.precision === 'exact' && d <= half) expected.set(key, wholeDays ? 'probable' : 'possible');
        else if (d <= half + uncertainty) expected.set(key, 'possible');
      }
    }
    const found = new Map((await allDetections('humanitarian_space')).map((d) => [`${d.incidentIds[0]}:${d.zoneId}`, d.grade]));
    const compare = (map: Map<string, string>) => [...map].filter(([key]) => !borderline.has(key)).sort();
    expect(compare(found)).toEqual(compare(expected));
    // The GED file ends on 23 February 2022, before the first corridor opened: only the ACLED-shaped events reach them.
    expect(expected.size).toBeGreaterThan(0);
  });

  it("ties a GED event at a town's point to a power plant only when its text speaks of one: the thermal power plant at Shchastya", async () => {
    const sites = (await h.call({ method: 'GET', url: '/api/v1/sites?limit=1000', as: 'viewer' })).json().items as { id: string; name: string; category: string; lat: number; lon: number; radiusKm: number }[];
    // GED's "exact" is the settlement's point ("Shchastya town"): a plant in town is in the same place unless the
    // event's words speak of a power plant; then the town's reach (village 1, town 3, city 10 km) plus 2 km counts.
    const settlementKm = (place = '') => (/\bcity\b/i.test(place) ? 10 : /\bvillage\b/i.test(place) ? 1 : 3);
    const speaksOfPlant = /\b(thermal |hydroelectric |coal )?power (plant|station)s?\b/i;
    const ged = incidents.filter((i) => i.origin.dataset === 'ucdp-ged');
    const gedIds = new Set(ged.map((i) => i.id));
    const expected = new Map<string, string>();
    for (const incident of ged) {
      if (incident.location.precision !== 'exact' || !speaksOfPlant.test(incident.narrative)) continue;
      const plants = sites.filter((s) => s.category === 'power' && haversineKm(incident.location, s) <= 2 + s.radiusKm + settlementKm(incident.location.placeName));
      for (const plant of plants) expected.set(`${incident.id}:${plant.id}`, plants.length === 1 ? 'probable' : 'possible');
    }
    const detections = (await allDetections('protected_site')).filter((d) => gedIds.has(d.incidentIds[0]!));
    expect(detections.map((d) => [`${d.incidentIds[0]}:${d.siteId}`, d.grade] as const).sort()).toEqual([...expected].sort());
    // GED event 422280: "a thermal power plant in the town of Shchastya", 2.99 km from the plant's mapped point.
    const shchastya = ged.find((i) => i.origin.externalId === '422280')!;
    const [detection] = detections.filter((d) => d.incidentIds[0] === shchastya.id) as unknown as { grade: string; evidence: { text: { matched: string; excerpt: string; start: number; end: number }[]; settlement: { radiusKm: number }; distanceKm: number; reasons: string[] } }[];
    expect(detection?.grade).toBe('probable');
    expect(detection?.evidence.text[0]?.matched.toLowerCase()).toContain('power plant');
    expect(detection?.evidence.settlement.radiusKm).toBe(3);
    expect(detection?.evidence.distanceKm).toBeGreaterThan(2.5);
    for (const t of detection?.evidence.text ?? []) expect(t.excerpt.slice(t.start, t.end)).toBe(t.matched);
    // Hundreds of other GED events sit at town points within a few kilometres of a plant: none is tied to one.
    const nearPlants = ged.filter((i) => i.location.precision === 'exact' && sites.some((s) => s.category === 'power' && haversineKm(i.location, s) <= 2));
    expect(nearPlants.length).toBeGreaterThan(0);
    expect(detections.filter((d) => nearPlants.some((i) => i.id === d.incidentIds[0]) && d.incidentIds[0] !== shchastya.id)).toEqual([]);
  });

  it('counts the July 2020 ceasefire violations per party and month: each side of a GED clash is a possible violator', async () => {
    const agreements = (await h.call({ method: 'GET', url: '/api/v1/agreements', as: 'viewer' })).json().items as { id: string }[];
    const body = (await h.call({ method: 'GET', url: `/api/v1/detections/ceasefire-violations?agreementId=${agreements[0]!.id}`, as: 'viewer' })).json();
    const [summary] = body.items;
    const parties = ['Government of Ukraine', 'DPR', 'LPR'];
    const expected = new Map<string, Map<string, number>>(parties.map((p) => [p, new Map()]));
    let earliest = '9999';
    for (const incident of incidents.filter((i) => i.origin.dataset === 'ucdp-ged')) {
      if (incident.dateLatest < '2020-07-27' || incident.dateEarliest > '2022-02-23') continue;
      for (const party of new Set(incident.actors.map((a) => a.name).filter((n) => parties.includes(n)))) {
        const months = expected.get(party)!;
        // Dated from when the ceasefire began, for an incident dated to a range that began before it.
        const date = incident.dateEarliest < '2020-07-27' ? '2020-07-27' : incident.dateEarliest;
        const month = date.slice(0, 7);
        months.set(month, (months.get(month) ?? 0) + 1);
        if (date < earliest) earliest = date;
      }
    }
    for (const party of parties) {
      const found = summary.parties.find((p: { party: string }) => p.party === party);
      const months = [...expected.get(party)!].sort(([a], [b]) => a.localeCompare(b)).map(([month, count]) => ({ month, count, probable: 0 }));
      const total = months.reduce((s, m) => s + m.count, 0);
      expect(found.total, party).toBe(total);
      expect(found.probable, party).toBe(0);
      expect(found.commitments, party).toEqual(total === 0 ? [] : [{ commitment: 'cessation_of_hostilities', total, months }]);
    }
    expect(expected.get('Government of Ukraine')!.size).toBeGreaterThan(10);
    expect(summary.first).toMatchObject({ date: earliest, grade: 'possible' });
  });

  it('runs over history finding again what the imports found, adds escalation alerts once, and a second run adds nothing', async () => {
    const total = async (kind?: string) => (await h.call({ method: 'GET', url: `/api/v1/detections?limit=1${kind ? `&kind=${kind}` : ''}`, as: 'viewer' })).json().total as number;
    const before = await total();
    expect(await total('escalation')).toBe(0);
    const first = await h.call({ method: 'POST', url: '/api/v1/detections/runs', as: 'analyst', payload: {} });
    expect(first.statusCode, first.body).toBe(200);
    // Escalation looks at areas over weeks, so only a run over history finds it; everything else was found on import.
    const alerts = await total('escalation');
    expect(first.json()).toMatchObject({ incidents: incidents.length, created: alerts, updated: 0, lapsed: 0, unchanged: before });
    const again = await h.call({ method: 'POST', url: '/api/v1/detections/runs', as: 'analyst', payload: {} });
    expect(again.json()).toMatchObject({ incidents: incidents.length, created: 0, updated: 0, lapsed: 0, unchanged: before + alerts });
    expect(await total()).toBe(before + alerts);
  }, 120_000);
});
