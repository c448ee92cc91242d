import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAdmin1 } from '../../src/application/admin1.service.js';
import { realFixture } from '../support/real-fixtures.js';
import { type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, screenshotOf, startHaven, waitForMap } from './browser-harness.js';

interface MapHandle {
  queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
  getStyle(): { layers: { id: string }[] };
  getZoom(): number;
}

/** The names of the admin-1 boundaries drawn now. */
const drawnNames = (page: Page) =>
  page.evaluate(() => {
    const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
    return [...new Set(map.queryRenderedFeatures({ layers: ['admin1-lines'] }).map((f) => String(f.properties['name'])))].sort();
  });

describe('admin-1 boundaries on the register\'s map', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots('failure-admin1-');
    haven = await startHaven({ incidents: 3 });
    await importAdmin1(haven.ctx, haven.actor, readFileSync(realFixture('geoboundaries/geoboundaries_UKR_ADM1_simplified.geojson'), 'utf8'));
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, 'failure-admin1-');

  it('draws the imported oblasts as lines above the land and below the incidents, from zoom 3', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, haven.admin);
    await page.goto(`${haven.url}/#map=5.5/49/31`);
    await page.reload();
    await waitForMap(page);
    await page.waitForFunction(() => (globalThis as unknown as { havenMap: MapHandle }).havenMap.queryRenderedFeatures({ layers: ['admin1-lines'] }).length > 0, undefined, { timeout: 30_000 });
    const names = await drawnNames(page);
    expect(names).toEqual(expect.arrayContaining(['Kyiv Oblast', 'Zhytomyr Oblast', 'Vinnytsia Oblast', 'Cherkasy Oblast']));
    const layers = await page.evaluate(() => (globalThis as unknown as { havenMap: MapHandle }).havenMap.getStyle().layers.map((l) => l.id));
    expect(layers.indexOf('admin1-lines')).toBeGreaterThan(layers.indexOf('land'));
    expect(layers.indexOf('admin1-lines')).toBeLessThan(layers.indexOf('clusters'));
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Admin-1 boundaries: geoBoundaries (CC BY 4.0)');
    await screenshotOf(page, 'screenshots/admin1-ukraine');

    await page.goto(`${haven.url}/#map=2/49/31`);
    await page.reload();
    await waitForMap(page);
    expect(await drawnNames(page)).toEqual([]);
  });
});
