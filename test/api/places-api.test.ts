import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, ROLES } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { realFixture } from '../support/real-fixtures.js';

type Row = Record<string, string>;
const csv = (relative: string): Row[] => parse(readFileSync(realFixture(relative)), { columns: true, bom: true, relax_column_count: true, skip_empty_lines: true });
const placeable = (lat: string | undefined, lon: string | undefined) =>
  lat !== undefined && lon !== undefined && lat.trim() !== '' && lon.trim() !== '' && Math.abs(Number(lat)) <= 90 && Math.abs(Number(lon)) <= 180;
const fileBody = (relative: string) => readFileSync(realFixture(relative));

/** Distance by the spherical law of cosines: a different formula from the one under test. */
function cosineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const c = Math.sin(a.lat * r) * Math.sin(b.lat * r) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.cos((b.lon - a.lon) * r);
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, c)));
}

const isolatedFighter = {
  mission: { name: 'EXERCISE Lake Shield', civilianApprovalRequired: true },
  situation: { armedConflict: 'non_international', description: 'Exercise scenario' },
  purpose: 'neutralise_military_objective',
  target: { kind: 'person', status: 'fighter', description: 'A fighter in a compound' },
  threat: { imminence: 'not_imminent', toLife: 'no', toWhom: 'none', hostileAct: 'no', hostileIntent: 'no' },
  alternatives: { nonViolentMeansTried: 'no', arrestFeasible: 'yes', warningFeasible: 'yes', warningGiven: 'no', lessLethalAvailable: 'yes', targetVerified: 'yes' },
  means: { weapon: 'small_arms', lethal: 'yes' },
  expectedEffects: { civilians: { deaths: { low: 0, best: 0, high: 0 }, injuries: { low: 0, best: 0, high: 0 } }, opposingForce: { deaths: { low: 1, best: 1, high: 1 } }, civilianObjectDamage: 'none', populatedArea: 'no', childrenPresent: 'no' },
};

describe.each(DATABASES)('the registers of protected places over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const importSites = (relative: string, query: string, contentType = 'text/csv') =>
    h.call({ method: 'POST', url: `/api/v1/sites/imports?${query}`, as: 'analyst', headers: { 'content-type': contentType }, payload: fileBody(relative) });

  it('imports the UNESCO World Heritage list with its preset, idempotently', async () => {
    const rows = csv('unesco/whc-sites-2021-subset.csv');
    const expected = rows.filter((r) => placeable(r.latitude, r.longitude));
    const first = await importSites('unesco/whc-sites-2021-subset.csv', 'preset=unesco-whc');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: expected.length, updated: 0, unchanged: 0, rejected: [] });
    const again = await importSites('unesco/whc-sites-2021-subset.csv', 'preset=unesco-whc');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: expected.length, rejected: [] });

    const inDanger = rows.filter((r) => r.danger === '1').length;
    const cultural = rows.filter((r) => r.category !== 'Natural').length;
    const listed = await h.call({ method: 'GET', url: '/api/v1/sites?dataset=unesco-whc&category=cultural_property&limit=1', as: 'viewer' });
    expect(listed.json().total).toBe(cultural);
    const bamiyan = rows.find((r) => r.unique_number === '230')!;
    const found = await h.call({ method: 'GET', url: `/api/v1/sites?q=${encodeURIComponent('Bamiyan Valley')}`, as: 'viewer' });
    const site = found.json().items[0];
    expect(site).toMatchObject({ category: 'cultural_property', culturalProtection: 'world_heritage_in_danger', country: 'AFG', lat: Number(bamiyan.latitude), lon: Number(bamiyan.longitude), radiusKm: 0, source: { dataset: 'unesco-whc', externalId: '230' } });
    let dangerCount = 0;
    for (let offset = 0; offset < expected.length; offset += 1000) {
      const page = await h.call({ method: 'GET', url: `/api/v1/sites?dataset=unesco-whc&limit=1000&offset=${offset}`, as: 'viewer' });
      dangerCount += page.json().items.filter((s: { culturalProtection: string }) => s.culturalProtection === 'world_heritage_in_danger').length;
    }
    expect(dangerCount).toBe(inDanger);
  });

  it('imports the South Sudan health facilities, the Ukrainian power plants and the nuclear plants’ 2022 status onto the same GPPD rows', async () => {
    const facilities = csv('southsudanhealth/health-facilities-subset.csv');
    const ss = await importSites('southsudanhealth/health-facilities-subset.csv', 'preset=ss-moh-health');
    expect(ss.statusCode, ss.body).toBe(200);
    expect(ss.json()).toMatchObject({ created: facilities.filter((r) => placeable(r.latitude, r.longitude)).length, rejected: [] });
    const care = facilities.filter((r) => !['County Health Department', 'Ministry of Health', 'Health Training Institutions'].includes(r.type!)).length;
    const health = await h.call({ method: 'GET', url: '/api/v1/sites?dataset=ss-moh-health-facilities&category=health_facility&limit=1', as: 'viewer' });
    expect(health.json().total).toBe(care);

    const plants = csv('wri-gppd/ukraine_power_plants_gppd.csv');
    const gppd = await importSites('wri-gppd/ukraine_power_plants_gppd.csv', 'preset=wri-gppd');
    expect(gppd.json()).toMatchObject({ created: plants.filter((r) => placeable(r.latitude, r.longitude)).length, rejected: [] });
    const hydro = await h.call({ method: 'GET', url: '/api/v1/sites?dataset=wri-gppd&category=dam_or_dyke&limit=1', as: 'viewer' });
    expect(hydro.json().total).toBe(plants.filter((r) => r.primary_fuel === 'Hydro').length);

    const nuclear = csv('wri-gppd/ukraine_nuclear_plants_status_2022.csv');
    const gppdIds = new Set(plants.map((r) => r.gppd_idnr));
    const status = await importSites('wri-gppd/ukraine_nuclear_plants_status_2022.csv', 'preset=ukraine-nuclear-2022');
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ created: nuclear.filter((r) => !gppdIds.has(r.gppd_idnr)).length, updated: nuclear.filter((r) => gppdIds.has(r.gppd_idnr)).length, unchanged: 0, rejected: [] });
    const again = await importSites('wri-gppd/ukraine_nuclear_plants_status_2022.csv', 'preset=ukraine-nuclear-2022');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: nuclear.length });
    const stations = await h.call({ method: 'GET', url: '/api/v1/sites?category=nuclear_power_station&country=UKR', as: 'viewer' });
    expect(stations.json().total).toBe(new Set([...plants.filter((r) => r.primary_fuel === 'Nuclear').map((r) => r.gppd_idnr), ...nuclear.map((r) => r.gppd_idnr)]).size);
  });

  it('maps a generic CSV with a column mapping and names the row and column of every bad row', async () => {
    const mapping = { dataset: 'field-survey', columns: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Kind', externalId: 'Ref' }, categoryValues: { Clinic: 'health_facility', School: 'school' } };
    const file = ['Ref,Name,Kind,Lat,Lon', 'a1,Town clinic,Clinic,9.5,31.6', 'a2,North school,School,,31.7', 'a3,Market,Shop,9.6,31.65', 'a4,South school,School,95,31.6', 'a1,Town clinic again,Clinic,9.5,31.6'].join('\n');
    const response = await h.call({ method: 'POST', url: `/api/v1/sites/imports?format=csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: file });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.created).toBe(1);
    expect(report.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [3, 'Lat'],
      [4, 'Kind'],
      [5, 'Lat'],
      [6, 'Ref'],
    ]);
    expect(report.rejected[0].message).toMatch(/latitude is missing/);
    expect(report.rejected[3].message).toMatch(/already appears in row 2/);
    // The same rejections a row at a time, in the shape every import reports them.
    expect(report.rejections.map((r: { rowNumber: number; issues: { path: string }[] }) => [r.rowNumber, r.issues.map((i) => i.path)])).toEqual([
      [3, ['Lat']],
      [4, ['Kind']],
      [5, ['Lat']],
      [6, ['Ref']],
    ]);
    const noMapping = await h.call({ method: 'POST', url: '/api/v1/sites/imports?format=csv', as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: file });
    expect(noMapping.statusCode).toBe(400);
    expect(noMapping.json().error.issues[0].path).toBe('mapping');
  });

  it('refuses a gzip file cut short as unreadable, for sites and zones alike (found by the API fuzzer: it was a 500)', async () => {
    const truncated = Buffer.concat([gzipSync(Buffer.from('name,lat,lon\nClinic,1,2\n')).subarray(0, 12)]);
    for (const url of ['/api/v1/sites/imports?format=csv', '/api/v1/zones/imports?format=corridors-csv', '/api/v1/zones/imports?format=geojson']) {
      for (const payload of [truncated, Buffer.from([31, 139])]) {
        const response = await h.call({ method: 'POST', url, as: 'analyst', headers: { 'content-type': 'text/csv' }, payload });
        expect(response.statusCode, `${url} ${response.body}`).toBe(400);
        expect(response.json().error.issues[0]).toMatchObject({ path: 'file', code: 'unreadable_file' });
      }
    }
  });

  it('imports a real HXL health-facility list (HXL 0.x tags) and sites from GeoJSON with a property mapping', async () => {
    const all: string[][] = parse(readFileSync(realFixture('hxl/hxl-showcase__sbtf-sle-health-first100.csv')), { relax_column_count: true, skip_empty_lines: true });
    const data = all.slice(2);
    // Columns by position in this file: Centre ID 4, Center 5, Lat 28, Long 29.
    const seen = new Set<string>();
    let expected = 0;
    let inSierraLeone = 0;
    let unnamed = 0;
    for (const r of data) {
      if (r.every((c) => c.trim() === '')) continue;
      if (!placeable(r[28], r[29])) continue;
      // A facility without a name is named from its type and place, not dropped.
      if (r[5]!.trim() === '') unnamed++;
      if (r[4]!.trim() !== '' && seen.has(r[4]!.trim())) continue;
      if (r[4]!.trim() !== '') seen.add(r[4]!.trim());
      expected++;
      if (r[0]!.trim() === 'Sierra Leone') inSierraLeone++;
    }
    const mapping = encodeURIComponent(JSON.stringify({ category: 'health_facility' }));
    const response = await importSites('hxl/hxl-showcase__sbtf-sle-health-first100.csv', `format=hxl&dataset=sbtf-sle-health&mapping=${mapping}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.created).toBe(expected);
    expect(report.namesComposed).toBe(unnamed);
    expect(report.rejected.length).toBeGreaterThan(0);
    expect(report.rejected.every((r: { field: string }) => r.field.startsWith('#'))).toBe(true);
    const sle = await h.call({ method: 'GET', url: '/api/v1/sites?dataset=sbtf-sle-health&country=SLE&limit=1', as: 'viewer' });
    expect(sle.json().total).toBe(inSierraLeone);

    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [36.82, -1.29] }, properties: { NAME: 'City hospital', amenity: 'hospital', osm_id: 101 } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[36.8, -1.3], [36.81, -1.3], [36.81, -1.29], [36.8, -1.3]]] }, properties: { NAME: 'Camp', amenity: 'refugee_site', osm_id: 102 } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[36.8, -1.3], [36.81, -1.3]] }, properties: { NAME: 'Road', amenity: 'hospital', osm_id: 103 } },
      ],
    };
    const geoMapping = encodeURIComponent(JSON.stringify({ dataset: 'osm-nairobi', properties: { name: 'NAME', category: 'amenity', externalId: 'osm_id' }, categoryValues: { hospital: 'health_facility', refugee_site: 'displacement_camp' } }));
    const geo = await h.call({ method: 'POST', url: `/api/v1/sites/imports?format=geojson&mapping=${geoMapping}`, as: 'analyst', headers: { 'content-type': 'application/geo+json' }, payload: JSON.stringify(collection) });
    expect(geo.statusCode, geo.body).toBe(200);
    expect(geo.json()).toMatchObject({ created: 2, rejected: [{ row: 3, field: 'geometry' }] });
    const map = await h.call({ method: 'GET', url: '/api/v1/sites/geojson?bbox=36.7,-1.4,36.9,-1.2', as: 'viewer' });
    expect(map.statusCode).toBe(200);
    expect(map.json().features.map((f: { properties: { name: string; category: string } }) => [f.properties.name, f.properties.category]).sort()).toEqual([
      ['Camp', 'displacement_camp'],
      ['City hospital', 'health_facility'],
    ]);
  });

  it('finds the sites within a radius of a point and none beyond, counting an area by its circle', async () => {
    const centre = { lat: -3.5, lon: 29.4 };
    const offsets = [0.001, 0.02, 0.05, 0.09, 0.12, 0.3];
    const created: { id: string; lat: number; lon: number }[] = [];
    for (const [i, d] of offsets.entries()) {
      const lat = centre.lat + d;
      const lon = centre.lon + d / 2;
      const response = await h.call({ method: 'POST', url: '/api/v1/sites', as: 'analyst', payload: { name: `School ${i}`, category: 'school', geometry: { type: 'Point', coordinates: [lon, lat] }, source: { dataset: 'near-test' } } });
      expect(response.statusCode, response.body).toBe(201);
      created.push({ id: response.json().id, lat, lon });
    }
    // A camp drawn as a square whose centre is 12 km away but whose corner reaches within 10 km.
    const s = 0.04;
    const campCentre = { lat: centre.lat - 0.108, lon: centre.lon };
    const ring = [[campCentre.lon - s, campCentre.lat - s], [campCentre.lon + s, campCentre.lat - s], [campCentre.lon + s, campCentre.lat + s], [campCentre.lon - s, campCentre.lat + s], [campCentre.lon - s, campCentre.lat - s]];
    const camp = await h.call({ method: 'POST', url: '/api/v1/sites', as: 'analyst', payload: { name: 'Camp', category: 'displacement_camp', geometry: { type: 'Polygon', coordinates: [ring] }, source: { dataset: 'near-test' } } });
    expect(camp.statusCode, camp.body).toBe(201);
    const campRadius = Math.max(...ring.map(([lon, lat]) => cosineKm(campCentre, { lat: lat!, lon: lon! })));
    expect(camp.json().radiusKm).toBeCloseTo(campRadius, 1);

    const radiusKm = 10;
    const near = await h.ctx.store.sites.near(h.ctx.store.connection.db, centre, radiusKm);
    const expectedPoints = created.filter((c) => cosineKm(centre, c) <= radiusKm).map((c) => c.id);
    const campIn = cosineKm(centre, campCentre) - campRadius <= radiusKm;
    expect(campIn).toBe(true);
    expect(near.map((n) => n.site.id).sort()).toEqual([...expectedPoints, camp.json().id].sort());
    expect(expectedPoints.length).toBeGreaterThan(0);
    expect(expectedPoints.length).toBeLessThan(created.length);
    for (let i = 1; i < near.length; i++) expect(near[i]!.distanceKm).toBeGreaterThanOrEqual(near[i - 1]!.distanceKm);
  });

  it('puts an imported hospital into the situation context of a force request next to it', async () => {
    const facilities = csv('southsudanhealth/health-facilities-subset.csv');
    const hospital = facilities.find((r) => r.type === 'County Hospital' && placeable(r.latitude, r.longitude))!;
    const imported = await importSites('southsudanhealth/health-facilities-subset.csv', 'preset=ss-moh-health');
    expect(imported.json().rejected).toEqual([]);
    const here = { lat: Number(hospital.latitude) + 0.003, lon: Number(hospital.longitude) };
    const response = await h.call({ method: 'POST', url: '/api/v1/force/assessments', as: 'commander', payload: { request: { ...isolatedFighter, location: { ...here, description: 'Compound next to the hospital' }, at: '2026-11-27T06:00:00Z' } } });
    expect(response.statusCode, response.body).toBe(200);
    const context = response.json().situationContext;
    expect(context.protectedSites.available).toBe(true);
    const site = context.protectedSites.sites.find((s: { name: string }) => s.name === hospital.Facility);
    expect(site).toBeDefined();
    expect(site.category).toBe('health facility');
    expect(site.distanceKm).toBeCloseTo(cosineKm(here, { lat: Number(hospital.latitude), lon: Number(hospital.longitude) }), 1);
    const within = facilities.filter((r) => placeable(r.latitude, r.longitude) && cosineKm(here, { lat: Number(r.latitude), lon: Number(r.longitude) }) <= context.radiusKm);
    expect(context.protectedSites.sites.filter((s: { name: string }) => within.some((r) => r.Facility === s.name)).length).toBe(within.length);
  });

  it('imports the Ukrainian humanitarian corridors as zones and round-trips them through GeoJSON', async () => {
    const rows = csv('peacerep/ukraine-corridors-2022-subset.csv');
    const placeableRows = rows.filter((r) => placeable(r.from_latitude, r.from_longitude));
    const response = await h.call({ method: 'POST', url: '/api/v1/zones/imports?format=corridors-csv', as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: fileBody('peacerep/ukraine-corridors-2022-subset.csv') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: placeableRows.length, updated: 0, unchanged: 0, rejected: [] });

    const zones = await h.call({ method: 'GET', url: '/api/v1/zones?kind=humanitarian_corridor', as: 'viewer' });
    expect(zones.statusCode).toBe(200);
    const collection = zones.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBe(placeableRows.length);
    const successful = rows.filter((r) => r.status_result === 'successful').length;
    expect(collection.features.filter((f: { properties: { status: string } }) => f.properties.status === 'in_force').length).toBe(successful);
    const first = collection.features.find((f: { properties: { source: { externalId: string } } }) => f.properties.source.externalId === rows[0]!.HC_ID);
    expect(first.geometry).toEqual({ type: 'LineString', coordinates: [[Number(rows[0]!.from_longitude), Number(rows[0]!.from_latitude)], [Number(rows[0]!.to_longitude), Number(rows[0]!.to_latitude)]] });
    expect(first.properties).toMatchObject({ validFrom: rows[0]!.date, validTo: rows[0]!.date, widthKm: 10, partiesBound: ['Russian Federation', 'Ukraine'] });

    const day = '2022-03-20';
    const active = await h.call({ method: 'GET', url: `/api/v1/zones?activeOn=${day}`, as: 'viewer' });
    expect(active.json().features.length).toBe(placeableRows.filter((r) => r.date === day).length);

    const back = await h.call({ method: 'POST', url: '/api/v1/zones/imports?format=geojson', as: 'analyst', headers: { 'content-type': 'application/geo+json' }, payload: JSON.stringify(collection) });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: placeableRows.length, rejected: [] });
    const again = await h.call({ method: 'POST', url: '/api/v1/zones/imports?format=corridors-csv', as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: fileBody('peacerep/ukraine-corridors-2022-subset.csv') });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: placeableRows.length });
  });

  it('creates, edits with a version and deletes a zone drawn on the map; refuses a line without a width', async () => {
    const feature = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[30, 50], [30.2, 50], [30.2, 50.2], [30, 50.2], [30, 50]]] },
      properties: { name: 'Safe haven around the hospital', kind: 'safe_haven', validFrom: '2026-01-01', partiesBound: ['Party A', 'Party B'], status: 'agreed', source: { dataset: 'mission' } },
    };
    const created = await h.call({ method: 'POST', url: '/api/v1/zones', as: 'analyst', payload: feature });
    expect(created.statusCode, created.body).toBe(201);
    const zone = created.json();
    expect(zone).toMatchObject({ type: 'Feature', geometry: feature.geometry, properties: { ...feature.properties, version: 1 } });
    const got = await h.call({ method: 'GET', url: `/api/v1/zones/${zone.id}`, as: 'viewer' });
    expect(got.json()).toEqual(zone);
    const edited = await h.call({ method: 'PUT', url: `/api/v1/zones/${zone.id}`, as: 'analyst', payload: { ...zone, properties: { ...zone.properties, status: 'in_force' } } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().properties).toMatchObject({ status: 'in_force', version: 2 });
    const stale = await h.call({ method: 'PUT', url: `/api/v1/zones/${zone.id}`, as: 'analyst', payload: zone });
    expect(stale.statusCode).toBe(409);
    const line = await h.call({ method: 'POST', url: '/api/v1/zones', as: 'analyst', payload: { ...feature, geometry: { type: 'LineString', coordinates: [[30, 50], [31, 51]] } } });
    expect(line.statusCode).toBe(400);
    expect(line.json().error.issues.map((i: { path: string }) => i.path)).toContain('properties.widthKm');
    const audit = await h.ctx.store.audit.forEntity(h.ctx.store.connection.db, 'zone', zone.id);
    expect(audit.map((a) => a.action)).toEqual(['zone.create', 'zone.update']);
    expect((await h.call({ method: 'DELETE', url: `/api/v1/zones/${zone.id}?version=1`, as: 'analyst', payload: {} })).statusCode).toBe(409);
    expect((await h.call({ method: 'DELETE', url: `/api/v1/zones/${zone.id}?version=2`, as: 'analyst', payload: {} })).statusCode).toBe(204);
    expect((await h.call({ method: 'GET', url: `/api/v1/zones/${zone.id}`, as: 'viewer' })).statusCode).toBe(404);
  });

  it('records an agreement with its zones and commitments, and edits it by version', async () => {
    const zone = await h.call({ method: 'POST', url: '/api/v1/zones', as: 'analyst', payload: { type: 'Feature', geometry: { type: 'LineString', coordinates: [[35, 47], [35.5, 47.5]] }, properties: { name: 'Contact line', kind: 'ceasefire_line', widthKm: 30, validFrom: '2026-02-01', partiesBound: ['A', 'B'], status: 'in_force', source: { dataset: 'mission' } } } });
    expect(zone.statusCode, zone.body).toBe(201);
    const input = {
      name: 'Local ceasefire',
      kind: 'ceasefire',
      parties: ['A', 'B'],
      signedOn: '2026-01-30',
      validFrom: '2026-02-01',
      zoneIds: [zone.json().id],
      commitments: [{ code: 'heavy_weapons_withdrawal', description: 'Artillery 15 km back from the line', distanceKm: 15 }, { code: 'cessation_of_hostilities', description: 'No fire across the line' }],
      source: { dataset: 'mission', description: 'Signed text' },
    };
    const created = await h.call({ method: 'POST', url: '/api/v1/agreements', as: 'analyst', payload: input });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...input, version: 1 });
    const unknownZone = await h.call({ method: 'POST', url: '/api/v1/agreements', as: 'analyst', payload: { ...input, zoneIds: ['01890000-0000-7000-8000-000000000099'] } });
    expect(unknownZone.statusCode).toBe(400);
    expect(unknownZone.json().error.issues[0].path).toBe('zoneIds.0');
    const agreement = created.json();
    const updated = await h.call({ method: 'PUT', url: `/api/v1/agreements/${agreement.id}`, as: 'analyst', payload: { ...agreement, validTo: '2026-06-30' } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ validTo: '2026-06-30', version: 2 });
    const listed = await h.call({ method: 'GET', url: '/api/v1/agreements?activeOn=2026-07-01', as: 'viewer' });
    expect(listed.json().items.map((a: { id: string }) => a.id)).not.toContain(created.json().id);
    const during = await h.call({ method: 'GET', url: '/api/v1/agreements?activeOn=2026-03-01', as: 'viewer' });
    expect(during.json().items.map((a: { id: string }) => a.id)).toContain(created.json().id);
  });

  it('lets each role read and write the registers exactly as the matrix says', async () => {
    for (const role of ROLES) {
      const read = await h.call({ method: 'GET', url: '/api/v1/sites?limit=1', as: role });
      expect(read.statusCode, role).toBe(hasPermission(role, 'monitoring:read') ? 200 : 403);
      const write = await h.call({ method: 'POST', url: '/api/v1/sites', as: role, payload: { name: `Well of ${role}`, category: 'water', geometry: { type: 'Point', coordinates: [10, 10] }, source: { dataset: 'roles' } } });
      expect(write.statusCode, role).toBe(hasPermission(role, 'place:write') ? 201 : 403);
    }
  });
});
