/**
 * Site files shaped like those that failed to import (test/fixtures/sites, made by make-fixtures.ts): a WHO
 * facility list without an id column whose quoted remarks straddle the end of the detection sample, an
 * OpenStreetMap-shaped export with unnamed facilities, and a list whose rejected rows have two issues each.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sites/${name}`, import.meta.url));
const mappingOf = (name: string) => encodeURIComponent(fixture(name).toString('utf8'));
const records = (name: string): Record<string, string>[] => parse(fixture(name), { columns: true, skip_empty_lines: true });

describe.each(DATABASES)('site files shaped like real failing ones, over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const importFile = (name: string, query: string, contentType = 'text/csv') =>
    h.call({ method: 'POST', url: `/api/v1/sites/imports?${query}`, as: 'analyst', headers: { 'content-type': contentType }, payload: fixture(name) });
  const total = async (dataset: string) => (await h.call({ method: 'GET', url: `/api/v1/sites?dataset=${dataset}&limit=1`, as: 'viewer' })).json().total as number;

  it('imports a WHO-shaped list without an id column (format detected, remarks across the sample end) twice: the second import changes nothing', async () => {
    const rows = records('who-facilities.csv');
    const first = await importFile('who-facilities.csv', `mapping=${mappingOf('who-facilities.mapping.json')}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ format: 'csv', created: rows.length, updated: 0, unchanged: 0, rejectedRows: 0, rejected: [] });
    const again = await importFile('who-facilities.csv', `mapping=${mappingOf('who-facilities.mapping.json')}`);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: rows.length, rejectedRows: 0 });
    expect(await total('who-ssd-facilities')).toBe(rows.length);
    const site = (await h.call({ method: 'GET', url: `/api/v1/sites?q=${encodeURIComponent(rows[7]!['Facility name']!)}`, as: 'viewer' })).json().items[0];
    expect(site).toMatchObject({ notes: rows[7]!.Remarks, lat: Number(rows[7]!.Lat), lon: Number(rows[7]!.Long) });
    expect(site.source.externalId).toMatch(/^derived:/);
  });

  it('names the unnamed facilities of an OpenStreetMap-shaped CSV and GeoJSON from their type and place, and counts them', async () => {
    const rows = records('osm-health.csv');
    const unnamed = rows.filter((r) => r.name === '');
    expect(unnamed.length).toBeGreaterThan(0);
    const csv = await importFile('osm-health.csv', `mapping=${mappingOf('osm-health.mapping.json')}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.json()).toMatchObject({ created: rows.length, rejectedRows: 0, namesComposed: unnamed.length });
    const clinic = unnamed.find((r) => r.amenity === 'clinic' && r['addr:city'] !== '')!;
    const byName = await h.call({ method: 'GET', url: `/api/v1/sites?dataset=osm-health&q=${encodeURIComponent(`Clinic, ${clinic['addr:city']}`)}`, as: 'viewer' });
    expect(byName.json().items.map((s: { source: { externalId: string } }) => s.source.externalId)).toContain(clinic.osm_id);
    const nowhere = unnamed.find((r) => r.amenity === '' && r.healthcare === 'centre' && r['addr:city'] === '' && r.is_in === '' && r['addr:state'] === '')!;
    const near = await h.call({ method: 'GET', url: `/api/v1/sites?dataset=osm-health&q=${encodeURIComponent(`Health centre near ${Number(nowhere.Y).toFixed(4)}, ${Number(nowhere.X).toFixed(4)}`)}`, as: 'viewer' });
    expect(near.json().total).toBe(1);

    const geojson = await importFile('osm-health.geojson', `format=geojson&mapping=${mappingOf('osm-health.geojson.mapping.json')}`, 'application/geo+json');
    expect(geojson.statusCode, geojson.body).toBe(200);
    const collection = JSON.parse(fixture('osm-health.geojson').toString('utf8')) as { features: { properties: { name?: string } }[] };
    expect(geojson.json()).toMatchObject({ created: 0, rejectedRows: 0, namesComposed: collection.features.filter((f) => !f.properties.name).length });
    expect(await total('osm-health')).toBe(rows.length);
  });

  it('counts rejected rows, not their issues', async () => {
    const rows = records('unplaced-schools.csv');
    const unplaced = rows.filter((r) => !Number.isFinite(Number.parseFloat(r.Lat!)) || !Number.isFinite(Number.parseFloat(r.Lon!)));
    const response = await importFile('unplaced-schools.csv', `mapping=${mappingOf('unplaced-schools.mapping.json')}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.rejectedRows).toBe(unplaced.length);
    expect(report.created).toBe(rows.length - unplaced.length);
    expect(report.rejected.length).toBe(unplaced.length * 2);
  });
});
