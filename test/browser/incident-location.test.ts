import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident } from '../../src/application/incident.service.js';
import { checkEachTest, clearFailureScreenshots, logIn, openBrowser, startHaven, waitForMap, type BrowserSession, type HavenServer } from './browser-harness.js';

type LonLat = [number, number];

/** What the tests read from a live map; the test project has no DOM types. */
interface MapHandle {
  getZoom(): number;
  unproject(point: [number, number]): { toArray(): LonLat };
  once(event: 'idle', listener: () => void): void;
  jumpTo(options: { center: LonLat; zoom: number }): void;
  triggerRepaint(): void;
  getContainer(): { dataset: Record<string, string | undefined> };
  queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
  queryRenderedFeatures(point: [number, number], options: { layers: string[] }): { properties: Record<string, unknown> }[];
}
type MapName = 'havenMap' | 'havenLocationMap' | 'havenPlacesMap';

/** Moves a map, then resolves once its place names for the new view are drawn. */
async function lookAt(page: Page, name: MapName, center: LonLat, zoom: number): Promise<void> {
  await page.evaluate(
    ([n, c, z]) => {
      const map = (globalThis as unknown as Record<string, MapHandle>)[n]!;
      map.jumpTo({ center: c, zoom: z });
    },
    [name, center, zoom] as const,
  );
  // The names are asked for as the map stops moving (debounced), then drawn: wait for the answer, then for an idle map.
  await page.waitForFunction((n) => (globalThis as unknown as Record<string, MapHandle>)[n]!.getContainer().dataset['placeNames'] === 'loading', name).catch(() => undefined);
  await page.waitForFunction((n) => (globalThis as unknown as Record<string, MapHandle>)[n]!.getContainer().dataset['placeNames'] === 'ready', name);
  await page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        const map = (globalThis as unknown as Record<string, MapHandle>)[n]!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
    name,
  );
}

async function renderedNames(page: Page, name: MapName): Promise<string[]> {
  return page.evaluate((n) => (globalThis as unknown as Record<string, MapHandle>)[n]!.queryRenderedFeatures({ layers: ['place-names'] }).map((f) => String(f.properties['name'])), name);
}

describe('where an incident happened: place names on the map, a place search and a point picked on the map', () => {
  let haven: HavenServer;
  let session: BrowserSession | undefined;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots('failure-incident-location-');
    haven = await startHaven({ incidents: 30 });
    session = await openBrowser();
    page = session.page;
    await logIn(page, haven.url, haven.admin);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, 'failure-incident-location-');

  it('draws the names of the towns around Lake Chad on the register’s map, and only the largest places at the world’s zoom', { timeout: 90_000 }, async () => {
    await waitForMap(page);
    await lookAt(page, 'havenMap', [14, 12.3], 7);
    const names = await renderedNames(page, 'havenMap');
    expect(names).toEqual(expect.arrayContaining(['Maiduguri', "N'Djamena"]));
    await session!.screenshot('screenshots/place-names-lake-chad');

    await lookAt(page, 'havenMap', [20, 12], 1);
    const world = await renderedNames(page, 'havenMap');
    expect(world.length).toBeGreaterThan(3);
    expect(world).not.toContain('Maiduguri');
    const attribution = await page.locator('[data-testid="map"] .maplibregl-ctrl-attrib').textContent();
    expect(attribution).toContain('GeoNames (CC BY 4.0)');
  });

  it('fills the location from a place found by name, then from a point picked on the map, and saves it', { timeout: 120_000 }, async () => {
    await page.getByTestId('new-incident').click();
    const form = page.getByTestId('incident-form');
    await form.waitFor();
    const title = `Located from the gazetteer ${Date.now()}`;
    await form.getByTestId('form-title').fill(title);
    await form.getByTestId('form-themes').getByLabel('Protection of civilians').check();
    await form.getByTestId('form-categories').getByLabel('Killing', { exact: true }).check();
    await form.getByTestId('sources-add').click();
    await form.locator('[name="sources.0.description"]').fill('Local radio report');

    const search = form.getByTestId('place-search');
    await search.fill('Maidu');
    const option = form.getByTestId('place-option').filter({ hasText: 'Maiduguri' }).first();
    await option.waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    await option.click();
    expect(Number(await form.getByTestId('form-lat').inputValue())).toBeCloseTo(11.85, 1);
    expect(Number(await form.getByTestId('form-lon').inputValue())).toBeCloseTo(13.16, 1);
    expect(await form.getByTestId('form-country').inputValue()).toBe('NGA');
    expect(await form.getByTestId('form-country-name').textContent()).toBe('Nigeria');
    expect(await form.locator('[name="location.placeName"]').inputValue()).toBe('Maiduguri');
    expect(await form.locator('[name="location.precision"]').inputValue()).toBe('exact');

    // The keyboard chooses too: arrow down to the second place, Enter, and the form is not submitted.
    await search.fill('ndjamen');
    await form.getByTestId('place-option').first().waitFor();
    await search.press('Enter');
    expect(await form.locator('[name="location.placeName"]').inputValue()).toBe("N'Djamena");
    expect(await form.getByTestId('form-country').inputValue()).toBe('TCD');
    expect(await page.getByTestId('incident-form-dialog').isVisible()).toBe(true);

    // Picking: the map opens waiting for a click; Escape stops waiting and leaves the form open.
    await form.getByTestId('pick-on-map').click();
    const mapBox = form.getByTestId('location-map');
    await page.locator('[data-testid="location-map"][data-state="ready"]').waitFor();
    expect(await mapBox.getAttribute('data-picking')).toBe('true');
    expect(await mapBox.locator('canvas').evaluate((canvas) => (canvas as unknown as { style: { cursor: string } }).style.cursor)).toBe('crosshair');
    await page.keyboard.press('Escape');
    expect(await mapBox.getAttribute('data-picking')).toBe('false');
    expect(await page.getByTestId('incident-form-dialog').isVisible()).toBe(true);

    await lookAt(page, 'havenLocationMap', [14.5, 12.5], 7);
    expect(await renderedNames(page, 'havenLocationMap')).toEqual(expect.arrayContaining(["N'Djamena"]));
    await form.getByTestId('pick-on-map').click();
    const canvas = await mapBox.locator('canvas').boundingBox();
    if (!canvas) throw new Error('the location map has no canvas');
    const at = { x: Math.round(canvas.width * 0.3), y: Math.round(canvas.height * 0.6) };
    const expected = await page.evaluate((p) => (globalThis as unknown as Record<string, MapHandle>)['havenLocationMap']!.unproject([p.x, p.y]).toArray(), at);
    await mapBox.locator('canvas').click({ position: at });
    expect(await mapBox.getAttribute('data-picking')).toBe('false');
    const lat = Number(await form.getByTestId('form-lat').inputValue());
    const lon = Number(await form.getByTestId('form-lon').inputValue());
    // Within a pixel of where the map says the click was (a pixel at zoom 7 is about 0.005°; the form keeps 5 decimals).
    const pixel = 360 / (512 * 2 ** 7);
    expect(Math.abs(lon - expected[0])).toBeLessThan(pixel);
    expect(Math.abs(lat - expected[1])).toBeLessThan(pixel);
    expect(Math.abs(lon - 14.5) + Math.abs(lat - 12.5)).toBeGreaterThan(10 * pixel);
    // The chosen point is marked on the map.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = (globalThis as unknown as Record<string, MapHandle>)['havenLocationMap']!;
          map.once('idle', () => resolve());
          map.triggerRepaint();
        }),
    );
    const marked = await page.evaluate((p) => (globalThis as unknown as Record<string, MapHandle>)['havenLocationMap']!.queryRenderedFeatures([p.x, p.y], { layers: ['picked-location'] }).length, at);
    expect(marked).toBe(1);
    await session!.screenshot('screenshots/incident-location-picked');

    await form.getByTestId('form-save').click();
    await page.getByTestId('incident-form-dialog').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    const id = await page.getByTestId('incident-detail').getAttribute('data-id');
    const saved = await getIncident(haven.ctx, haven.actor, id!);
    expect(saved.title).toBe(title);
    expect(saved.location).toMatchObject({ country: 'TCD', placeName: "N'Djamena", precision: 'exact', lat, lon });
  });

  it('names places on the Places map and the Monitor map too', { timeout: 90_000 }, async () => {
    await page.getByTestId('area-places').click();
    await page.locator('[data-testid="places-map"][data-sites="ready"]').waitFor({ timeout: 30_000 });
    await lookAt(page, 'havenPlacesMap', [14, 12.3], 7);
    expect(await renderedNames(page, 'havenPlacesMap')).toEqual(expect.arrayContaining(['Maiduguri', "N'Djamena"]));
    expect(await page.locator('[data-testid="places-map"] .maplibregl-ctrl-attrib').textContent()).toContain('GeoNames (CC BY 4.0)');

    await page.getByTestId('area-monitor').click();
    await page.locator('[data-testid="monitor-map"] [data-place-names="ready"]').waitFor({ timeout: 45_000 });
    expect(await page.locator('[data-testid="monitor-map"] .maplibregl-ctrl-attrib').textContent()).toContain('GeoNames (CC BY 4.0)');
  });
});
