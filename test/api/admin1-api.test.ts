import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAdmin1 } from '../../src/application/admin1.service.js';
import { DomainError } from '../../src/core/errors.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { DATABASES } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

/** geoBoundaries' Ukraine ADM1, simplified: 27 oblasts, cities and Crimea (see test/fixtures/real/README.md). */
const UKRAINE = readFileSync(realFixture('geoboundaries/geoboundaries_UKR_ADM1_simplified.geojson'), 'utf8');
interface Feature {
  type: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
const ukraine = () => JSON.parse(UKRAINE) as { type: string; features: Feature[] };

/** The box of every position of a geometry, walked recursively. */
function boxOf(coordinates: unknown): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as number[];
      box[0] = Math.min(box[0], lon!);
      box[1] = Math.min(box[1], lat!);
      box[2] = Math.max(box[2], lon!);
      box[3] = Math.max(box[3], lat!);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(coordinates);
  return box;
}

/** A Natural Earth admin-1 file: the same property names as ne_10m_admin_1_states_provinces. */
function naturalEarth(features: { name: string; iso: string; country: string; ring: number[][] }[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', properties: { name: f.name, iso_3166_2: f.iso, adm0_a3: f.country, featurecla: 'Admin-1 states provinces' }, geometry: { type: 'Polygon', coordinates: [f.ring] } })),
  });
}
const square = (lon: number, lat: number): number[][] => [
  [lon, lat],
  [lon + 1, lat],
  [lon + 1, lat + 1],
  [lon, lat + 1],
  [lon, lat],
];

describe.each(DATABASES)('admin-1 boundaries on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const byCountry = async (country: string) => {
    const response = await h.call({ method: 'GET', url: `/api/v1/map/admin1?country=${country}`, as: 'viewer' });
    expect(response.statusCode).toBe(200);
    return response.json<{ type: string; features: Feature[] }>();
  };

  it('imports geoBoundaries ADM1, and a re-import of the same file leaves the same set', async () => {
    const first = await importAdmin1(h.ctx, h.users.administrator, UKRAINE);
    expect(first).toEqual({ source: 'geoboundaries', countries: [{ country: 'UKR', boundaries: 27, replaced: 0 }] });
    const stored = await byCountry('ukr');
    expect(stored.features).toHaveLength(27);
    const expected = ukraine().features.map((f) => ({ name: f.properties['shapeName'], iso: f.properties['shapeISO'], geometry: f.geometry }));
    const seen = stored.features.map((f) => ({ name: f.properties['name'], iso: f.properties['iso'], geometry: f.geometry }));
    const byName = (a: { name: unknown }, b: { name: unknown }) => String(a.name).localeCompare(String(b.name));
    expect(seen.sort(byName)).toEqual(expected.sort(byName));
    expect(new Set(stored.features.map((f) => f.properties['source']))).toEqual(new Set(['geoboundaries']));

    const again = await importAdmin1(h.ctx, h.users.administrator, UKRAINE);
    expect(again.countries).toEqual([{ country: 'UKR', boundaries: 27, replaced: 27 }]);
    expect(await byCountry('UKR')).toEqual(stored);
    const audit = await h.test.store.connection.db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'admin1.import').execute();
    expect(audit.map((a) => a.entity_id)).toEqual(['UKR', 'UKR']);
  });

  it('answers the boundaries whose box meets the map\'s', async () => {
    const kyiv = [30.4, 50.35, 30.6, 50.5] as const;
    const meets = (box: number[]) => box[0]! <= kyiv[2] && box[2]! >= kyiv[0] && box[1]! <= kyiv[3] && box[3]! >= kyiv[1];
    const expected = ukraine()
      .features.filter((f) => meets(boxOf(f.geometry.coordinates)))
      .map((f) => f.properties['shapeName'])
      .sort();
    expect(expected).toContain('Kyiv');
    expect(expected).not.toContain('Lviv Oblast');
    const response = await h.call({ method: 'GET', url: `/api/v1/map/admin1?bbox=${kyiv.join(',')}`, as: 'viewer' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ features: Feature[] }>().features.map((f) => f.properties['name']).sort()).toEqual(expected);
    const far = await h.call({ method: 'GET', url: '/api/v1/map/admin1?bbox=-80,-10,-70,0', as: 'viewer' });
    expect(far.json<{ features: Feature[] }>().features).toEqual([]);
  });

  it('refuses a query without bbox or country, and strangers', async () => {
    const bare = await h.call({ method: 'GET', url: '/api/v1/map/admin1', as: 'viewer' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toMatch(/bbox or country/);
    expect((await h.call({ method: 'GET', url: '/api/v1/map/admin1?country=UKR' })).statusCode).toBe(401);
  });

  it('refuses a bad file whole, naming the feature and the field, and keeps what was there', async () => {
    const refused = async (text: string) => {
      const error: unknown = await importAdmin1(h.ctx, h.users.administrator, text).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      return error as DomainError;
    };
    const noName = ukraine();
    delete noName.features[3]!.properties['shapeName'];
    const error = await refused(JSON.stringify(noName));
    expect(error.message).toBe('feature 3: properties.shapeName is missing');
    expect(error.issues).toEqual([{ path: 'features.3.properties.shapeName', message: 'is missing', code: 'invalid_value' }]);
    const point = ukraine();
    point.features[5]!.geometry = { type: 'Point', coordinates: [30, 50] };
    expect((await refused(JSON.stringify(point))).message).toBe('feature 5: geometry must be a Polygon or a MultiPolygon, not "Point"');
    const offWorld = ukraine();
    (offWorld.features[7]!.geometry.coordinates as number[][][])[0]![2] = [230, 50];
    expect((await refused(JSON.stringify(offWorld))).message).toMatch(/^feature 7: geometry has position \[230,50\], not a longitude and latitude/);
    const open = ukraine();
    const ring = (open.features[9]!.geometry.coordinates as number[][][])[0]!;
    ring[ring.length - 1] = [ring[0]![0]! + 0.5, ring[0]![1]!];
    expect((await refused(JSON.stringify(open))).message).toBe('feature 9: geometry has a ring that does not end where it starts');
    const badCountry = ukraine();
    badCountry.features[1]!.properties['shapeGroup'] = 'Ukraine';
    expect((await refused(JSON.stringify(badCountry))).message).toBe('feature 1: properties.shapeGroup must be an ISO 3166-1 alpha-3 code, not "UKRAINE"');
    expect((await refused('{"type":"Feature"}')).message).toBe('the file is not a GeoJSON FeatureCollection');
    expect((await refused('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME_1":"x"},"geometry":null}]}')).message).toMatch(/^feature 0: its properties are neither geoBoundaries/);
    expect((await byCountry('UKR')).features).toHaveLength(27);
  });

  it('imports Natural Earth admin-1, replacing each country the file holds and only those', async () => {
    const report = await importAdmin1(
      h.ctx,
      h.users.administrator,
      naturalEarth([
        { name: 'Chisinau', iso: 'MD-CU', country: 'MDA', ring: square(28.7, 46.9) },
        { name: 'Balti', iso: 'MD-BA', country: 'MDA', ring: square(27.8, 47.7) },
      ]),
    );
    expect(report).toEqual({ source: 'naturalearth', countries: [{ country: 'MDA', boundaries: 2, replaced: 0 }] });
    expect((await byCountry('MDA')).features.map((f) => [f.properties['name'], f.properties['iso'], f.properties['source']])).toEqual([
      ['Balti', 'MD-BA', 'naturalearth'],
      ['Chisinau', 'MD-CU', 'naturalearth'],
    ]);
    expect((await byCountry('UKR')).features).toHaveLength(27);
    const ukraineAgain = await importAdmin1(h.ctx, h.users.administrator, naturalEarth([{ name: 'Kyiv', iso: 'UA-30', country: 'UKR', ring: square(30.2, 50.2) }]));
    expect(ukraineAgain.countries).toEqual([{ country: 'UKR', boundaries: 1, replaced: 27 }]);
    expect((await byCountry('UKR')).features).toHaveLength(1);
    expect((await byCountry('MDA')).features).toHaveLength(2);
  });

  it('is for those who keep the registers', async () => {
    await expect(importAdmin1(h.ctx, h.users.viewer, UKRAINE)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
