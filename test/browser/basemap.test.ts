import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemap } from '../../src/infrastructure/basemap/open-basemap.js';
import { basemapFolder, solidPng, tileBounds, writeMbtiles } from '../support/basemap-fixtures.js';
import { realFixture } from '../support/real-fixtures.js';
import { type BrowserSession, checkEachTest, clearFailureScreenshots, colourAround, type HavenServer, logIn, openBrowser, screenshotOf, startHaven, waitForMap } from './browser-harness.js';

/** A colour no offline layer, incident or control uses. */
const MAGENTA = [192, 38, 211] as const;
/** The one tile of the extract: z3 x4 y3 (XYZ), 0°–45° E, 0°–41° N. */
const TILE = [3, 4, 3] as const;

interface MapHandle {
  project(lngLat: [number, number]): { x: number; y: number };
  jumpTo(options: { center: [number, number]; zoom: number }): void;
  getCanvas(): { getBoundingClientRect(): { left: number; top: number; right: number; bottom: number } };
  getPaintProperty(layer: string, name: string): string;
  setLayoutProperty(layer: string, name: string, value: string): void;
  getStyle(): { layers: { id: string }[] };
  getZoom(): number;
}

const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
const distance = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

/** Where places are on the page, and whether each is on the map's canvas. */
function onPage(page: Page, points: [number, number][]) {
  return page.evaluate((lonLats) => {
    const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
    const box = map.getCanvas().getBoundingClientRect();
    return lonLats.map(([lon, lat]) => {
      const p = map.project([lon, lat]);
      const [x, y] = [box.left + p.x, box.top + p.y];
      const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }).document;
      return { x, y, onCanvas: doc.elementFromPoint(x, y)?.tagName === 'CANVAS' };
    });
  }, points);
}

describe('an operator\'s own basemap in the browser', () => {
  const folder = basemapFolder();
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots('failure-basemap-');
    const file = join(folder.dir, 'magenta.mbtiles');
    writeMbtiles(file, { name: 'one magenta tile', format: 'png', bounds: tileBounds(...TILE).join(','), minzoom: '3', maxzoom: '3', attribution: '<a href="https://example.org">Test extract</a>' }, [
      { z: TILE[0], x: TILE[1], y: TILE[2], data: solidPng(MAGENTA) },
    ]);
    haven = await startHaven({ incidents: 3, basemap: await openBasemap(file) });
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
    folder.remove();
  });

  checkEachTest(() => session, 'failure-basemap-');

  it('draws the extract where it has tiles, and the offline land and water around it', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, haven.admin);
    // A position in the link: the map opens there, instead of moving to where the incidents are.
    await page.goto(`${haven.url}/#map=2.5/20/22.5`);
    await page.reload(); // a new hash alone does not load the page again
    await waitForMap(page);
    await page.locator('.map-canvas[data-basemap="raster"]').waitFor();
    const style = await page.evaluate(() => {
      const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
      // The incidents are not what is looked at here: hidden, so no dot lands on a sampled spot.
      for (const layer of ['clusters', 'cluster-counts', 'incidents', 'selected']) map.setLayoutProperty(layer, 'visibility', 'none');
      return { water: map.getPaintProperty('water', 'background-color'), land: map.getPaintProperty('land', 'fill-color'), layers: map.getStyle().layers.map((l) => l.id) };
    });
    // The extract lies above the offline shapes and below the incidents.
    expect(style.layers.indexOf('basemap-raster')).toBe(style.layers.indexOf('borders') + 1);
    expect(style.layers.indexOf('basemap-raster')).toBeLessThan(style.layers.indexOf('clusters'));
    // Redrawn without the incidents.
    await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { havenMap: { once(event: string, f: () => void): void; triggerRepaint(): void } }).havenMap.once('idle', () => resolve(undefined))));
    expect(await page.evaluate(() => (globalThis as unknown as { havenMap: MapHandle }).havenMap.getZoom())).toBe(2.5);
    const [water, land] = [hex(style.water), hex(style.land)];
    const places: Record<string, { at: [number, number]; colour: readonly number[] }> = {
      chad: { at: [22.5, 20], colour: MAGENTA },
      syria: { at: [40, 35], colour: MAGENTA },
      mediterranean: { at: [18, 34], colour: MAGENTA },
      mauritania: { at: [-10, 20], colour: land },
      congo: { at: [25, -8], colour: land },
      gulfOfGuinea: { at: [5, -5], colour: water },
      atlantic: { at: [-22, 20], colour: water },
    };
    const names = Object.keys(places);
    const points = await onPage(page, names.map((name) => places[name]!.at));
    expect(points.flatMap((p, i) => (p.onCanvas ? [] : [names[i]]))).toEqual([]);
    const seen: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const colour = await colourAround(page, points[i]!.x, points[i]!.y, 3);
      const nearest = (['magenta', 'land', 'water'] as const).map((n) => ({ n, d: distance(colour, n === 'magenta' ? MAGENTA : n === 'land' ? land : water) })).sort((a, b) => a.d - b.d)[0]!;
      seen[name] = nearest.d < 30 ? nearest.n : `${nearest.n}? rgb(${colour.join(',')})`;
    }
    expect(seen).toEqual({ chad: 'magenta', syria: 'magenta', mediterranean: 'magenta', mauritania: 'land', congo: 'land', gulfOfGuinea: 'water', atlantic: 'water' });
    // The archive's attribution, as text (its link kept as its words).
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Test extract');
    await screenshotOf(page, 'screenshots/basemap-raster-extract');
  });

  it('shows the offline shapes alone below the extract\'s zooms', { timeout: 60_000 }, async () => {
    await page.goto(`${haven.url}/#map=1.5/20/22.5`);
    await page.reload();
    await waitForMap(page);
    expect(await page.evaluate(() => (globalThis as unknown as { havenMap: MapHandle }).havenMap.getZoom())).toBe(1.5);
    const [chad] = await onPage(page, [[22.5, 20]]);
    const colour = await colourAround(page, chad!.x, chad!.y, 3);
    expect(distance(colour, MAGENTA)).toBeGreaterThan(100);
  });
});

describe('a vector extract of a schema Haven has no style for, in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots('failure-vector-basemap-');
    // The PMTiles project's test archive: one polygon over 0°–1° E, 0°–1° N in a layer named after the file.
    haven = await startHaven({ incidents: 3, basemap: await openBasemap(realFixture('pmtiles/protomaps-test_fixture_1.pmtiles')) });
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, 'failure-vector-basemap-');

  it('draws its polygons plainly, unzipped by the browser, and says so in the attribution', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, haven.admin);
    await page.goto(`${haven.url}/#map=6/0.5/0.5`);
    const tile = page.waitForResponse((response) => response.url().includes('/api/v1/basemap/tiles/0/0/0'));
    await page.reload();
    expect((await tile).headers()['content-encoding']).toBe('gzip');
    await waitForMap(page);
    await page.locator('.map-canvas[data-basemap="vector-unknown"]').waitFor();
    const drawn = await page.evaluate(() => {
      const map = (globalThis as unknown as { havenMap: { queryRenderedFeatures(options: { layers: string[] }): { sourceLayer?: string; geometry: { type: string } }[] } }).havenMap;
      return map.queryRenderedFeatures({ layers: ['basemap-plain-fill-0'] }).map((f) => `${f.sourceLayer} ${f.geometry.type}`);
    });
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn)).toEqual(new Set(['test_fixture_1pmtiles Polygon']));
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Basemap drawn plainly');
    await screenshotOf(page, 'screenshots/basemap-vector-plain');
  });
});
