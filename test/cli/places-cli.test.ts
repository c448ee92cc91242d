import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';
import { realFixture } from '../support/real-fixtures.js';

type Row = Record<string, string>;
const csv = (relative: string): Row[] => parse(readFileSync(realFixture(relative)), { columns: true, bom: true, relax_column_count: true, skip_empty_lines: true });
const placeable = (lat = '', lon = '') => lat.trim() !== '' && lon.trim() !== '' && Number.isFinite(Number(lat)) && Number.isFinite(Number(lon));

describe('haven sites, zones and agreements', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-places-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Four runs of the CLI, each a process start: more than the default guard on a loaded machine.
  it('imports the GPPD power plants with their preset, again without change, and lists them by category and country', { timeout: 120_000 }, async () => {
    const plants = csv('wri-gppd/ukraine_power_plants_gppd.csv');
    const file = realFixture('wri-gppd/ukraine_power_plants_gppd.csv');
    const first = await haven(['sites', 'import', file, '--preset', 'wri-gppd', '--json'], { database });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created: plants.filter((r) => placeable(r.latitude, r.longitude)).length, updated: 0, unchanged: 0, rejected: [] });
    const again = await haven(['sites', 'import', file, '--preset', 'wri-gppd'], { database });
    expect(again.stdout).toContain(`created 0, updated 0, unchanged ${plants.length}, rejected 0 rows`);
    const nuclear = await haven(['sites', 'list', '--category', 'nuclear_power_station', '--country', 'UKR', '--json'], { database });
    expect(nuclear.code, nuclear.stderr).toBe(0);
    expect(JSON.parse(nuclear.stdout).items.map((s: { name: string }) => s.name).sort()).toEqual(plants.filter((r) => r.primary_fuel === 'Nuclear').map((r) => r.name).sort());
    const table = await haven(['sites', 'list', '--category', 'dam_or_dyke'], { database });
    expect(table.stdout).toContain(`${plants.filter((r) => r.primary_fuel === 'Hydro').length} of ${plants.filter((r) => r.primary_fuel === 'Hydro').length} sites`);
  });

  it('imports a CSV with a mapping file and reports the bad row by row and column', async () => {
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ dataset: 'cli-survey', columns: { name: 'Name', lat: 'Lat', lon: 'Lon', externalId: 'Ref' }, category: 'school' }));
    const file = join(dir, 'schools.csv');
    await writeFile(file, 'Ref,Name,Lat,Lon\n1,North school,9.5,31.6\n2,South school,,31.7\n');
    const out = await haven(['sites', 'import', file, '--mapping', mapping], { database });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('created 1, updated 0, unchanged 0, rejected 1 rows');
    expect(out.stdout).toContain('row 3: Lat: the latitude is missing');
    const refused = await haven(['sites', 'import', file], { database });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('column mapping');
  });

  it('imports the corridors and exports them as GeoJSON that imports back unchanged', async () => {
    const rows = csv('peacerep/ukraine-corridors-2022-subset.csv');
    const expected = rows.filter((r) => placeable(r.from_latitude, r.from_longitude)).length;
    const imported = await haven(['zones', 'import', realFixture('peacerep/ukraine-corridors-2022-subset.csv'), '--preset', 'ukraine-corridors-2022'], { database });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`created ${expected}, updated 0, unchanged 0, rejected 0 rows`);
    const out = join(dir, 'zones.geojson');
    const exported = await haven(['zones', 'export', '--out', out], { database });
    expect(exported.code, exported.stderr).toBe(0);
    const collection = JSON.parse(await readFile(out, 'utf8'));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBe(expected);
    expect(collection.features.every((f: { properties: { kind: string; widthKm: number } }) => f.properties.kind === 'humanitarian_corridor' && f.properties.widthKm === 10)).toBe(true);
    const back = await haven(['zones', 'import', out, '--json'], { database });
    expect(JSON.parse(back.stdout)).toMatchObject({ format: 'geojson', created: 0, updated: 0, unchanged: expected });
  });

  it('records an agreement from a JSON file and lists it', async () => {
    const file = join(dir, 'agreement.json');
    await writeFile(file, JSON.stringify({ name: 'Easter truce', kind: 'humanitarian_pause', parties: ['Russian Federation', 'Ukraine'], validFrom: '2022-04-24', validTo: '2022-04-24', commitments: [{ code: 'cessation_of_hostilities', description: 'No fire for the day' }], source: { dataset: 'cli' } }));
    const added = await haven(['agreements', 'add', file], { database });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('recorded agreement');
    const listed = await haven(['agreements', 'list', '--json'], { database });
    expect(JSON.parse(listed.stdout).map((a: { name: string }) => a.name)).toEqual(['Easter truce']);
    await writeFile(file, JSON.stringify({ name: 'No parties', kind: 'ceasefire', parties: [], validFrom: '2022-04-24', source: { dataset: 'cli' } }));
    const bad = await haven(['agreements', 'add', file], { database });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('parties');
  });
});
