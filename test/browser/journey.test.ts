import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getIncident, updateIncident } from '../../src/application/incident.service.js';
import { dataOf } from '../../src/core/incident-diff.js';
import { type BrowserSession, checkEachTest, clearFailureScreenshots, colourAround, type HavenServer, logIn, openBrowser, pixelColours, pixelsAround, rows, startHaven, summaryCount, waitForMap } from './browser-harness.js';

/** What the tests read from the live map (exposed by the app as `window.havenMap`). */
interface RenderedFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: [number, number] };
}
interface MapHandle {
  queryRenderedFeatures(options: { layers: string[] }): RenderedFeature[];
  hasImage(id: string): boolean;
  project(lngLat: [number, number]): { x: number; y: number };
  getZoom(): number;
  getCanvas(): { getBoundingClientRect(): { left: number; top: number } };
}

/** The map's clusters and single incidents as drawn, with page coordinates. */
async function renderedMap(page: Page) {
  return page.evaluate(() => {
    const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
    const origin = map.getCanvas().getBoundingClientRect();
    const onPage = (f: RenderedFeature) => {
      const point = map.project(f.geometry.coordinates);
      return { x: origin.left + point.x, y: origin.top + point.y, properties: f.properties };
    };
    const labels = map.queryRenderedFeatures({ layers: ['cluster-counts'] });
    return {
      zoom: map.getZoom(),
      clusters: map.queryRenderedFeatures({ layers: ['clusters'] }).map(onPage),
      singles: map.queryRenderedFeatures({ layers: ['incidents'] }).map(onPage),
      labelImages: labels.map((f) => String(f.properties['labelImage'])),
      labelImagesLoaded: labels.every((f) => map.hasImage(String(f.properties['labelImage']))),
    };
  });
}

/** The features whose spot on the page is the map itself, not the legend or a control above it. */
async function clickableOnMap<T extends { x: number; y: number }>(page: Page, features: T[]): Promise<T[]> {
  const free = await page.evaluate(
    (points) =>
      points.map(({ x, y }) => {
        const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }).document;
        return doc.elementFromPoint(x, y)?.tagName === 'CANVAS';
      }),
    features.map(({ x, y }) => ({ x, y })),
  );
  return features.filter((_, i) => free[i]);
}

describe('Haven in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots();
    haven = await startHaven({ incidents: 1500 });
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, 'failure-');

  it('shows the server’s error for a wrong password', async () => {
    await page.goto(haven.url);
    await page.getByTestId('login-username').fill(haven.admin.username);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('wrong username or password');
    expect(await page.getByTestId('app').count()).toBe(0);
  });

  it('logs in and draws clusters with visible count labels on the offline map', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, haven.admin);
    expect(await page.getByTestId('current-user').textContent()).toContain('Administrator');
    await waitForMap(page);
    expect(await summaryCount(page)).toBe(1500);

    const drawn = await renderedMap(page);
    expect(drawn.clusters.length, 'clusters drawn').toBeGreaterThan(0);
    expect(drawn.labelImages.length, 'one count label per cluster').toBe(drawn.clusters.length);
    expect(drawn.labelImagesLoaded, 'every label image was made').toBe(true);
    const counted = drawn.clusters.reduce((sum, c) => sum + Number(c.properties['count']), 0) + drawn.singles.length;
    expect(counted, 'clusters and points account for the incidents in view').toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(1500);

    // A label that failed to draw would leave a plain disc: the centre of each big cluster must hold white text.
    const biggest = [...drawn.clusters].sort((a, b) => Number(b.properties['count']) - Number(a.properties['count'])).slice(0, 3);
    for (const cluster of biggest) {
      const pixels = await pixelsAround(page, cluster.x, cluster.y, 6);
      expect(pixels.white, `white label pixels at the cluster of ${String(cluster.properties['count'])}`).toBeGreaterThan(3);
      expect(pixels.coloured, 'the cluster disc around its label').toBeGreaterThan(10);
    }
    await session.screenshot('map-page');

    // Clicking a cluster zooms to where it breaks apart.
    const target = biggest[0]!;
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction((zoom) => (globalThis as unknown as { havenMap: MapHandle }).havenMap.getZoom() > zoom + 0.5, drawn.zoom);
    await waitForMap(page);
    const closer = await renderedMap(page);
    expect(closer.clusters.length + closer.singles.length).toBeGreaterThan(0);

    // Clicking a single incident opens it.
    const single = (await clickableOnMap(page, closer.singles))[0];
    expect(single, 'a single incident in view').toBeDefined();
    await page.mouse.click(single!.x, single!.y);
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('incident-detail').getAttribute('data-id')).toBe(single!.properties['id']);
    await page.getByTestId('detail-close').click();

    // The map's position is in the register's link, and only there: another area's link carries no #map=.
    await page.waitForFunction(() => /[#&]map=/.test((globalThis as unknown as { location: { hash: string } }).location.hash));
    await page.getByTestId('area-monitor').click();
    await page.getByTestId('monitor-area').waitFor();
    expect(new URL(page.url()).hash).toBe('');

    // A shared link opens the map where it was.
    await page.goto(`${haven.url}/#map=6/12.5/14.25`);
    await waitForMap(page);
    const opened = await page.evaluate(() => {
      const map = (globalThis as unknown as { havenMap: MapHandle & { getCenter(): { lat: number; lng: number } } }).havenMap;
      return { zoom: map.getZoom(), ...map.getCenter() };
    });
    expect(opened).toMatchObject({ zoom: 6, lat: expect.closeTo(12.5, 3), lng: expect.closeTo(14.25, 3) });
    // Another position pasted into the open page moves the map there, and the link keeps it.
    await page.evaluate(() => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#map=5/10/20'));
    await page.waitForFunction(() => Math.abs((globalThis as unknown as { havenMap: { getCenter(): { lng: number } } }).havenMap.getCenter().lng - 20) < 0.01);
    await waitForMap(page);
    expect(new URL(page.url()).hash).toMatch(/^#map=5\/10(\.0+)?\/20(\.0+)?$/);
  });

  it('draws the world at world zoom as it is: oceans as water, continents as land, no lines across the map', { timeout: 90_000 }, async () => {
    await page.goto(haven.url);
    await waitForMap(page);
    // The style's own colours, and the whole world in view.
    const colours = await page.evaluate(() => {
      const map = (globalThis as unknown as { havenMap: { getPaintProperty(layer: string, name: string): string; jumpTo(options: object): void } }).havenMap;
      const style = { water: map.getPaintProperty('water', 'background-color'), land: map.getPaintProperty('land', 'fill-color') };
      (map as unknown as { fitBounds(bounds: [[number, number], [number, number]], options: object): void }).fitBounds([[-180, -55], [180, 72]], { padding: 0, duration: 0 });
      return style;
    });
    await waitForMap(page);
    const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    const [water, land] = [hex(colours.water), hex(colours.land)];
    const nearer = (rgb: number[], a: number[], b: number[]) => (rgb.reduce((s, v, i) => s + (v - a[i]!) ** 2, 0) < rgb.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) ? 'water' : 'land');
    const places = {
      // Where Russia's and Fiji's antimeridian edges drew bands across the world, and the wedge from Greenland to Brittany.
      water: { northAtlantic: [-30, 57], biscay: [-12, 47], gulfOfAlaska: [-148, 56], southAtlantic: [-25, -17], indianOcean: [80, -17], northPacific: [-155, 30], westPacific: [160, 10], southernOcean: [-20, -57], southIndianOcean: [60, -55] },
      land: { siberia: [100, 62], brazil: [-52, -8], australia: [134, -25], canada: [-100, 58] },
    } as const;
    const onPage = await page.evaluate((points) => {
      const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
      const origin = map.getCanvas().getBoundingClientRect();
      return points.map(([lon, lat]) => {
        const p = map.project([lon, lat]);
        return { x: origin.left + p.x, y: origin.top + p.y };
      });
    }, [...Object.values(places.water), ...Object.values(places.land)] as [number, number][]);
    const names = [...Object.keys(places.water), ...Object.keys(places.land)];
    // Every place sampled is on the map itself, not under the legend or beside the canvas.
    expect((await clickableOnMap(page, onPage.map((p, i) => ({ ...p, name: names[i]! })))).map((p) => p.name)).toEqual(names);
    const expected = [...Object.keys(places.water).map(() => 'water'), ...Object.keys(places.land).map(() => 'land')];
    const seen: Record<string, string> = {};
    for (const [i, { x, y }] of onPage.entries()) seen[names[i]!] = nearer(await colourAround(page, x, y, 3), water, land);
    expect(seen).toEqual(Object.fromEntries(names.map((name, i) => [name, expected[i]])));
    // And no line crosses the open Atlantic along 20°W from Iceland's latitude to the Southern Ocean: every pixel is water.
    const column = await page.evaluate(() => {
      const map = (globalThis as unknown as { havenMap: MapHandle }).havenMap;
      const origin = map.getCanvas().getBoundingClientRect();
      const [top, bottom] = [map.project([-20, 62]), map.project([-20, -57])];
      return { x: Math.round(origin.left + top.x), y: Math.round(origin.top + top.y), height: Math.round(bottom.y - top.y) };
    });
    const notWater = (await pixelColours(page, { x: column.x - 1, y: column.y, width: 3, height: column.height })).filter((rgb) => rgb.some((v, i) => Math.abs(v - water[i]!) > 12));
    expect(notWater, 'pixels of land or line in the open Atlantic').toEqual([]);
    await session.screenshot('world-zoom');
  });

  it('filters the list, the summary and the map, and keeps the filter in the link', { timeout: 90_000 }, async () => {
    await page.goto(haven.url);
    await waitForMap(page);
    const before = await rows(page);
    const total = await summaryCount(page);

    // A code that is no country is refused beside its field, and nothing changes.
    await page.getByTestId('filter-countries').fill('XYZ');
    await page.getByTestId('filter-apply').click();
    expect(await page.locator('[data-testid="filter-panel"] [data-error-for="countries"]').textContent()).toContain('ISO 3166-1 alpha-3');
    expect(new URL(page.url()).search).toBe('');

    // An incident open, and the map looking at Europe, far from the incidents.
    await page.locator(`[data-testid="incident-row"][data-id="${before[0]!.id}"]`).click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    await page.evaluate(() => (globalThis as unknown as { havenMap: { jumpTo(options: object): void } }).havenMap.jumpTo({ center: [10, 50], zoom: 5 }));
    await waitForMap(page);

    await page.getByTestId('filter-countries').fill('cmr');
    await page.getByTestId('filter-min-deaths').fill('5');
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 15_000 }).not.toBe(String(total));
    // The detail opened under the old filter closes, and the map moves to where the matching incidents are.
    expect(new URL(page.url()).searchParams.has('incident')).toBe(false);
    expect(await page.getByTestId('incident-detail').isVisible()).toBe(false);
    await waitForMap(page);
    const view = await page.evaluate(() => {
      const bounds = (globalThis as unknown as { havenMap: { getBounds(): { getWest(): number; getEast(): number; getSouth(): number; getNorth(): number } } }).havenMap.getBounds();
      return { west: bounds.getWest(), east: bounds.getEast(), south: bounds.getSouth(), north: bounds.getNorth() };
    });
    // Cameroon's Far North, where the exercise's Cameroonian incidents are.
    expect(view.west < 14.5 && view.east > 14.5 && view.south < 11 && view.north > 11, JSON.stringify(view)).toBe(true);
    const filtered = await rows(page);
    const count = await summaryCount(page);

    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(total);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.map((r) => r.id)).not.toEqual(before.map((r) => r.id));
    for (const row of filtered) {
      expect(row.country).toBe('CMR');
      expect(row.killedBest).toBeGreaterThanOrEqual(5);
    }
    expect(new URL(page.url()).searchParams.get('countries')).toBe('CMR');
    expect(new URL(page.url()).searchParams.get('minDeaths')).toBe('5');
    await waitForMap(page);
    expect(await page.getByTestId('map').getAttribute('data-total'), 'the map clusters the same incidents').toBe(String(count));

    // The link reproduces the view.
    await page.reload();
    await waitForMap(page);
    expect(await page.getByTestId('filter-countries').inputValue()).toBe('CMR');
    expect((await rows(page)).map((r) => r.id)).toEqual(filtered.map((r) => r.id));

    await page.getByTestId('filter-reset').click();
    await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 15_000 }).toBe('1500');
    expect(new URL(page.url()).search).toBe('');
  });

  it('pages through the list newest first with “Load more”', async () => {
    await page.goto(haven.url);
    const firstPage = await rows(page);
    expect(firstPage).toHaveLength(50);
    await page.getByTestId('load-more').click();
    await expect.poll(() => page.getByTestId('incident-row').count()).toBe(100);
    const twoPages = await rows(page);
    expect(twoPages.slice(0, 50).map((r) => r.id)).toEqual(firstPage.map((r) => r.id));
    expect(new Set(twoPages.map((r) => r.id)).size).toBe(100);
    const dates = await page.getByTestId('incident-row').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-date-earliest') ?? ''));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('shows a demo incident with graded sources, verification history and audit trail, and moves it along the workflow', { timeout: 60_000 }, async () => {
    await page.goto(haven.url);
    const [first] = await rows(page);
    await page.locator(`[data-testid="incident-row"][data-id="${first!.id}"]`).click();
    const detail = page.getByTestId('incident-detail');
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    expect(new URL(page.url()).searchParams.get('incident')).toBe(first!.id);

    const grades = await detail.getByTestId('source-grade').allTextContents();
    expect(grades.length).toBeGreaterThan(0);
    for (const grade of grades) expect(grade).toMatch(/^[A-F][1-6] — [a-z ]+ \/ [a-z ]+$/);
    expect(await detail.getByTestId('exercise-marker').count()).toBeGreaterThan(0);
    const history = detail.getByTestId('verification-history').locator(':scope > li');
    expect(await history.count()).toBe(1);
    expect(await history.first().textContent()).toContain('Reported');
    expect(await detail.getByTestId('detail-audit').textContent()).toContain('admin');

    await detail.getByTestId('verify-under_review').click();
    await detail.getByTestId('verification-reason').fill('A second source corroborates the report');
    await detail.getByTestId('verification-confirm').click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"][data-version="2"]').waitFor();
    expect(await history.count()).toBe(2);
    expect(await history.first().textContent()).toContain('A second source corroborates the report');
    expect(await history.first().textContent()).toContain('Under review');
    const row = page.locator(`[data-testid="incident-row"][data-id="${first!.id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('under_review');

    await detail.getByTestId('detail-close').click();
    expect(await detail.isHidden()).toBe(true);
  });

  it('records an incident: issues beside the fields as you type and from the server, then saved and found', { timeout: 90_000 }, async () => {
    await page.goto(haven.url);
    await waitForMap(page);
    const title = `Browser journey ${Date.now()}: shelling near Kousseri`;
    await page.getByTestId('new-incident').click();
    const form = page.getByTestId('incident-form');
    await form.waitFor();

    await form.getByTestId('form-title').fill(title);
    await form.getByTestId('form-country').fill('CMR');
    expect(await form.getByTestId('form-country-name').textContent()).toBe('Cameroon');
    await form.getByTestId('form-lat').fill('123');
    await form.getByTestId('form-lon').fill('15.03');
    await form.getByTestId('form-themes').getByLabel('Protection of civilians').check();
    await form.getByTestId('form-categories').getByLabel('Killing', { exact: true }).check();
    await form.getByTestId('casualties-add').click();
    await form.locator('[name="casualties.0.best"]').fill('2');
    // Of the two civilians killed, one a health worker: a second row narrowed to the group.
    await form.getByTestId('casualties-add').click();
    await form.locator('[name="casualties.1.group"]').selectOption('health_worker');
    await form.locator('[name="casualties.1.best"]').fill('1');
    await form.getByTestId('sources-add').click();
    await form.locator('[name="sources.0.description"]').fill('Local radio report');

    const latError = form.locator('[data-error-for="location.lat"]');
    await latError.locator('.issue[data-source="client"]').waitFor();
    expect(await latError.textContent()).toContain('latitude must be between -90 and 90');
    expect(await form.getByTestId('form-lat').getAttribute('aria-invalid')).toBe('true');
    // Only the latitude is wrong.
    expect(await form.locator('.field-error:not([hidden])').count()).toBe(1);

    // Saving asks the server anyway; its verdict appears in the same place.
    await form.getByTestId('form-save').click();
    await latError.locator('.issue[data-source="server"]').waitFor();
    expect(await latError.textContent()).toContain('latitude must be between -90 and 90');
    expect(await page.getByTestId('incident-form-dialog').isVisible()).toBe(true);

    await form.getByTestId('form-lat').fill('12.08');
    await latError.waitFor({ state: 'hidden' });
    await form.getByTestId('form-save').click();
    await page.getByTestId('incident-form-dialog').waitFor({ state: 'hidden' });

    const detail = page.getByTestId('incident-detail');
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    expect(await detail.getByTestId('detail-title').textContent()).toBe(title);
    const id = await detail.getAttribute('data-id');
    expect(await detail.getByTestId('source-grade').textContent()).toBe('F6 — reliability cannot be judged / truth cannot be judged');
    const casualtyRows = await detail.getByTestId('detail-casualties').locator('tbody tr').allTextContents();
    expect(casualtyRows).toEqual([expect.stringMatching(/^KilledCivilianeveryone2/), expect.stringMatching(/^KilledCivilianof whom health workers1/)]);

    await page.getByTestId('filter-q').fill(title);
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 15_000 }).toBe('1');
    const found = await rows(page);
    expect(found.map((r) => r.id)).toEqual([id]);
    expect(found[0]!.country).toBe('CMR');
    expect(found[0]!.title).toContain(title);
  });

  it('edits an incident, and flags a field someone else changed meanwhile instead of overwriting it', { timeout: 60_000 }, async () => {
    await page.goto(haven.url);
    const incident = (await rows(page)).find((row) => !row.title.includes('Browser journey'))!;
    await page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`).click();
    await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
    const version = Number(await page.getByTestId('incident-detail').getAttribute('data-version'));

    await page.getByTestId('detail-edit').click();
    const form = page.getByTestId('incident-form');
    const title = form.getByTestId('form-title');
    const original = await title.inputValue();
    await title.fill(`${original} (edited)`);
    await form.getByTestId('form-save').click();
    await page.getByTestId('incident-form-dialog').waitFor({ state: 'hidden' });
    await page.locator(`[data-testid="incident-detail"][data-state="ready"][data-version="${version + 1}"]`).waitFor();
    expect(await page.getByTestId('detail-title').textContent()).toBe(`${original} (edited)`);
    expect(await page.getByTestId('detail-audit').textContent()).toContain('Edited');

    // Another analyst saves while this one is still editing.
    await page.getByTestId('detail-edit').click();
    const elsewhere = await getIncident(haven.ctx, haven.actor, incident.id);
    await updateIncident(haven.ctx, haven.actor, incident.id, { ...dataOf(elsewhere), narrative: 'Changed by someone else', expectedVersion: version + 1 });
    await form.locator('[name="narrative"]').fill('My own change');
    await form.getByTestId('form-save').click();
    // Saved, merged with the other edit: the narrative both changed keeps the other's value and is flagged.
    await page.getByTestId('incident-form-dialog').waitFor({ state: 'hidden' });
    await page.locator(`[data-testid="incident-detail"][data-state="ready"][data-version="${version + 2}"]`).waitFor();
    const banner = page.getByTestId('detail-conflicts');
    await banner.waitFor();
    expect(await banner.locator('h3').textContent()).toBe('1 field changed on both sides');
    expect(await banner.getByTestId('conflict-held').textContent()).toBe('Changed by someone else');
    expect(await banner.getByTestId('conflict-proposed').textContent()).toBe('My own change');
    expect(await page.getByTestId('detail-narrative').textContent()).toContain('Changed by someone else');
    await banner.getByTestId('conflict-keep').click();
    await page.getByTestId('detail-conflicts').waitFor({ state: 'detached' });
    expect(await page.getByTestId('detail-narrative').textContent()).toContain('Changed by someone else');
  });

  it('logs out back to the login screen, and the session is gone', async () => {
    await page.goto(haven.url);
    await page.getByTestId('app').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-view').waitFor();
    await page.reload();
    await page.getByTestId('login-view').waitFor();
    expect(await page.getByTestId('app').count()).toBe(0);
  });
});
