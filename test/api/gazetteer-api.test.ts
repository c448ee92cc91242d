import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

/** Reads a MapLibre glyph protobuf's font stacks (name and range), enough to tell an empty glyph set is well formed. */
function fontStacks(bytes: Buffer): { name: string; range: string }[] {
  const varint = (at: number): [number, number] => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return [value, at];
    }
  };
  const fields = (start: number, end: number) => {
    const out: [number, number, number][] = [];
    for (let at = start; at < end; ) {
      const [key, afterKey] = varint(at);
      expect(key & 7).toBe(2);
      const [length, body] = varint(afterKey);
      out.push([key >> 3, body, body + length]);
      at = body + length;
    }
    return out;
  };
  return fields(0, bytes.length).map(([, s, e]) => {
    const parts = new Map(fields(s, e).map(([tag, a, b]) => [tag, bytes.subarray(a, b).toString()]));
    return { name: parts.get(1) ?? '', range: parts.get(2) ?? '' };
  });
}

describe.each(DATABASES)('the gazetteer over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  it('finds places by the start of their name, exact names first, accents aside', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/gazetteer/search?q=Maidu&limit=5', as: 'viewer' });
    expect(response.statusCode).toBe(200);
    const { places } = response.json();
    expect(places[0]).toMatchObject({ name: 'Maiduguri', country: 'NGA', match: 'prefix' });
    expect(places[0].lat).toBeCloseTo(11.85, 1);
    expect(places[0].lon).toBeCloseTo(13.16, 1);
    expect(places[0].population).toBeGreaterThan(500_000);

    const chad = (await h.call({ method: 'GET', url: `/api/v1/gazetteer/search?q=${encodeURIComponent('ndjaména')}`, as: 'viewer' })).json();
    expect(chad.places[0]).toMatchObject({ name: "N'Djamena", country: 'TCD', match: 'exact' });
  });

  it('keeps to a country and to the limit, and refuses a query it cannot answer', async () => {
    const inNigeria = (await h.call({ method: 'GET', url: '/api/v1/gazetteer/search?q=ma&country=nga&limit=7', as: 'viewer' })).json();
    expect(inNigeria.places).toHaveLength(7);
    expect(inNigeria.places.every((p: { country: string }) => p.country === 'NGA')).toBe(true);
    for (const url of ['/api/v1/gazetteer/search?q=', '/api/v1/gazetteer/search?q=a&country=XX', '/api/v1/gazetteer/search?q=a&limit=51']) {
      expect((await h.call({ method: 'GET', url, as: 'viewer' })).statusCode, url).toBe(400);
    }
  });

  it('answers the most populous places in a map view as GeoJSON, fewer at the world’s zoom', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=12,11,16,14&zoom=7', as: 'viewer' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    const lakeChad = response.json();
    expect(lakeChad.type).toBe('FeatureCollection');
    expect(lakeChad.features.slice(0, 2).map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Maiduguri', "N'Djamena"]);
    expect(lakeChad.features[0].properties).toMatchObject({ country: 'NGA', rank: 1 });
    for (const f of lakeChad.features) {
      const [lon, lat] = f.geometry.coordinates;
      expect(lon >= 12 && lon <= 16 && lat >= 11 && lat <= 14).toBe(true);
    }
    const world = (await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=-180,-85,180,85&zoom=0', as: 'viewer' })).json();
    const worldCloser = (await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=-180,-85,180,85&zoom=7', as: 'viewer' })).json();
    expect(world.features.length).toBeLessThan(worldCloser.features.length);
    expect(world.features.every((f: { properties: { population: number } }) => f.properties.population > 5_000_000)).toBe(true);
    const fiji = (await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=177,-19,-178,-15&zoom=7&limit=3', as: 'viewer' })).json();
    expect(fiji.features.map((f: { properties: { country: string } }) => f.properties.country)).toContain('FJI');
    expect((await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=1,2,3&zoom=2', as: 'viewer' })).statusCode).toBe(400);
  });

  it('lets a browser keep an answer and revalidate it by its ETag', async () => {
    const url = '/api/v1/gazetteer/labels?bbox=12,11,16,14&zoom=7';
    const first = await h.call({ method: 'GET', url, as: 'viewer' });
    expect(first.headers['cache-control']).toBe('private, max-age=86400');
    const etag = first.headers['etag'] as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await h.call({ method: 'GET', url, as: 'viewer', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=12,11,16,14&zoom=3', as: 'viewer', headers: { 'if-none-match': etag } });
    expect(other.statusCode).toBe(200);
    expect(other.headers['etag']).not.toBe(etag);
  });

  it('answers only a signed-in user', async () => {
    expect((await h.call({ method: 'GET', url: '/api/v1/gazetteer/search?q=Maidu' })).statusCode).toBe(401);
    expect((await h.call({ method: 'GET', url: '/api/v1/gazetteer/labels?bbox=12,11,16,14&zoom=7' })).statusCode).toBe(401);
  });
});

describe('glyph ranges the web app does not ship', () => {
  let webRoot: string;
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness('sqlite');
    webRoot = await mkdtemp(join(tmpdir(), 'haven-web-'));
    await mkdir(join(webRoot, 'fonts', 'noto-sans-regular'), { recursive: true });
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Haven</title>');
    await writeFile(join(webRoot, 'fonts', 'noto-sans-regular', '0-255.pbf'), Buffer.from([1, 2, 3]));
  });
  afterAll(async () => {
    await h?.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('serves a shipped range as it is, and an empty but valid glyph set for another, never the app’s page', async () => {
    const app = await buildServer(h.ctx, { webRoot });
    try {
      const shipped = await app.inject({ method: 'GET', url: '/fonts/Noto%20Sans%20Regular/0-255.pbf' });
      expect(shipped.statusCode).toBe(200);
      expect(shipped.headers['content-type']).toBe('application/x-protobuf');
      expect([...shipped.rawPayload]).toEqual([1, 2, 3]);
      const arabic = await app.inject({ method: 'GET', url: '/fonts/Noto%20Sans%20Regular/1536-1791.pbf' });
      expect(arabic.statusCode).toBe(200);
      expect(arabic.headers['content-type']).toBe('application/x-protobuf');
      expect(fontStacks(arabic.rawPayload)).toEqual([{ name: 'Noto Sans Regular', range: '1536-1791' }]);
      expect(fontStacks((await app.inject({ method: 'GET', url: '/fonts/Another%20Font/0-255.pbf' })).rawPayload)).toEqual([{ name: 'Another Font', range: '0-255' }]);
      expect((await app.inject({ method: 'GET', url: '/fonts/Noto%20Sans%20Regular/1536-1790.pbf' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
