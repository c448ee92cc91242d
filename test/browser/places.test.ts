import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSites } from '../../src/application/site.service.js';
import { listZones } from '../../src/application/zone.service.js';
import { realFixture } from '../support/real-fixtures.js';
import { addUser, clearFailureScreenshots, logIn, openBrowser, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOTS = 'failure-places-';
const NUCLEAR = 'wri-gppd/ukraine_nuclear_plants_status_2022.csv';
const CORRIDORS = 'peacerep/ukraine-corridors-2022-subset.csv';
/** The data set the zone form fills in: the zones drawn here, as distinct from the exercise scenario's own. */
const DRAWN = 'mission';
/** A degree of latitude on the WGS84 ellipsoid near 47° N, to well under 1 %. */
const KM_PER_DEGREE_OF_LATITUDE = 111.2;

type Pixel = { x: number; y: number };
type LonLat = [number, number];

/** What the tests use of the live map (the app exposes it as `window.havenPlacesMap`); the test project has no DOM types. */
interface PlacesMapHandle {
  havenPlacesMap: {
    unproject(point: [number, number]): { toArray(): LonLat };
    project(lngLat: LonLat): Pixel;
    once(event: 'idle', listener: () => void): void;
    jumpTo(options: { center: LonLat; zoom: number }): void;
    triggerRepaint(): void;
    queryRenderedFeatures(point: [number, number], options: { layers: string[] }): unknown[];
  };
}

/** Where the map's canvas is on the page. */
async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('[data-testid="places-map"] canvas.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('the map has no canvas');
  return box;
}

/** The map's own answer to "which place is under this pixel of the canvas", asked in the page. */
function unproject(page: Page, pixels: readonly Pixel[]): Promise<LonLat[]> {
  return page.evaluate((points) => points.map((p) => (globalThis as unknown as PlacesMapHandle).havenPlacesMap.unproject([p.x, p.y]).toArray()), pixels);
}

function project(page: Page, positions: readonly LonLat[]): Promise<Pixel[]> {
  return page.evaluate((list) => list.map((p) => (globalThis as unknown as PlacesMapHandle).havenPlacesMap.project(p)).map(({ x, y }) => ({ x, y })), positions);
}

/** Moves the map and resolves once it has drawn the new view. */
async function lookAt(page: Page, center: LonLat, zoom: number): Promise<void> {
  await page.evaluate(
    ([c, z]) =>
      new Promise<void>((resolve) => {
        const map = (globalThis as unknown as PlacesMapHandle).havenPlacesMap;
        map.once('idle', () => resolve());
        map.jumpTo({ center: c, zoom: z });
        map.triggerRepaint();
      }),
    [center, zoom] as const,
  );
}

/** A position within a hair of another: the drawing rounds to 1e-9°, a pixel here is about 1e-3°. */
function expectNear(actual: readonly number[], expected: readonly number[], tolerance = 1e-6): void {
  expect(Math.abs(actual[0]! - expected[0]!), `longitude ${actual[0]} against ${expected[0]}`).toBeLessThan(tolerance);
  expect(Math.abs(actual[1]! - expected[1]!), `latitude ${actual[1]} against ${expected[1]}`).toBeLessThan(tolerance);
}

describe('the place registers in the browser', () => {
  /** The zones drawn in these tests (the exercise scenario brings zones of its own). */
  const drawnZones = async (filter: { kind?: 'safe_haven' } = {}) => (await listZones(haven.ctx, haven.actor, filter)).features.filter((f) => f.properties.source.dataset === DRAWN);

  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let analyst: { username: string; password: string };
  let viewer: { username: string; password: string };

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 10 });
    analyst = await addUser(haven, 'analyst');
    viewer = await addUser(haven, 'viewer');
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const path = await screenshotOf(page, `${SCREENSHOTS}${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => 'none');
      console.error(`screenshot of the failed test "${task.name}": ${path}`);
    });
  });

  afterEach(() => {
    expect(session.takeProblems(), 'errors in the browser during this test').toEqual([]);
  });

  it('an analyst draws a corridor on the map, saves it, then moves a point of its route and widens it', { timeout: 120_000 }, async () => {
    await logIn(page, haven.url, analyst);
    await page.getByTestId('area-places').click();
    await page.locator('[data-testid="places-map"][data-sites="ready"]').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('places');
    await lookAt(page, [36, 47.5], 7);

    await page.getByTestId('new-zone').click();
    const form = page.getByTestId('zone-form');
    await form.getByTestId('zone-name').fill('Corridor <b>Mariupol</b> → Zaporizhzhia');
    await form.getByTestId('zone-kind').selectOption('humanitarian_corridor');
    await form.getByTestId('zone-status').selectOption('agreed');
    await form.getByTestId('zone-width').fill('10');
    await form.getByTestId('zone-valid-from').fill('2022-03-05');
    await form.getByTestId('zone-valid-to').fill('2022-03-06');
    await form.getByTestId('zone-parties').fill('Russian Federation\nUkraine');
    await form.getByTestId('zone-schedule-add').click();
    await form.getByTestId('zone-window-start').fill('2022-03-05T09:00');
    await form.getByTestId('zone-window-end').fill('2022-03-05T21:00');
    expect(await form.getByTestId('zone-shape').inputValue()).toBe('line');

    // Three points clicked on the map, then the last one clicked again to finish the line.
    await form.getByTestId('zone-draw').click();
    const box = await canvasBox(page);
    const clicked: Pixel[] = [
      { x: Math.round(box.width * 0.3), y: Math.round(box.height * 0.65) },
      { x: Math.round(box.width * 0.5), y: Math.round(box.height * 0.45) },
      { x: Math.round(box.width * 0.72), y: Math.round(box.height * 0.4) },
    ];
    for (const p of clicked) {
      await page.mouse.move(box.x + p.x - 5, box.y + p.y - 5);
      await page.mouse.move(box.x + p.x, box.y + p.y, { steps: 3 });
      await page.mouse.click(box.x + p.x, box.y + p.y);
    }
    const last = clicked.at(-1)!;
    await page.mouse.click(box.x + last.x, box.y + last.y);
    await expect.poll(() => page.getByTestId('zone-geometry-status').textContent()).toBe('A line of 3 points.');
    const expected = await unproject(page, clicked);

    await form.getByTestId('zone-save').click();
    await page.locator('[data-testid="places-panel-zones"][data-view="list"]').waitFor();
    const saved = await drawnZones();
    expect(saved).toHaveLength(1);
    const zone = saved[0]!;
    const row = page.locator(`[data-testid="zone-row"][data-id="${zone.id}"]`);
    await row.waitFor();
    // Names from the data are text, never markup.
    expect(await row.locator('.queue-mission').textContent()).toBe('Corridor <b>Mariupol</b> → Zaporizhzhia');
    expect(await row.locator('b').count()).toBe(0);

    expect(zone.properties).toMatchObject({ name: 'Corridor <b>Mariupol</b> → Zaporizhzhia', kind: 'humanitarian_corridor', status: 'agreed', widthKm: 10, validFrom: '2022-03-05', validTo: '2022-03-06', partiesBound: ['Russian Federation', 'Ukraine'], version: 1 });
    // The page runs in UTC (the harness's time zone), so the window's local times are UTC times.
    expect(zone.properties.schedule).toEqual([{ start: '2022-03-05T09:00:00.000Z', end: '2022-03-05T21:00:00.000Z' }]);
    expect(zone.geometry.type).toBe('LineString');
    const drawn = zone.geometry.coordinates as number[][];
    expect(drawn).toHaveLength(3);
    drawn.forEach((position, i) => expectNear(position, expected[i]!));

    // The corridor is on the map with its band drawn to scale: 5 km either side of the line. The map's own scale at the
    // leg's middle (a point 5 km north of it, projected) says how many pixels that is; the band reaches past three
    // quarters of it and stops before five quarters.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = (globalThis as unknown as PlacesMapHandle).havenPlacesMap;
          map.once('idle', () => resolve());
          map.triggerRepaint();
        }),
    );
    const middleOfLeg: LonLat = [(drawn[0]![0]! + drawn[1]![0]!) / 2, (drawn[0]![1]! + drawn[1]![1]!) / 2];
    const fiveKmNorth: LonLat = [middleOfLeg[0], middleOfLeg[1] + 5 / KM_PER_DEGREE_OF_LATITUDE];
    const [from, to, centre, north] = await project(page, [drawn[0] as LonLat, drawn[1] as LonLat, middleOfLeg, fiveKmNorth]);
    const halfWidthPx = Math.abs(north!.y - centre!.y);
    expect(halfWidthPx).toBeGreaterThan(8);
    const length = Math.hypot(to!.x - from!.x, to!.y - from!.y);
    const across = { x: -(to!.y - from!.y) / length, y: (to!.x - from!.x) / length };
    const bandAt = (distancePx: number) =>
      page.evaluate(
        (point) => (globalThis as unknown as PlacesMapHandle).havenPlacesMap.queryRenderedFeatures(point, { layers: ['zone-bands'] }).length,
        [centre!.x + across.x * distancePx, centre!.y + across.y * distancePx] as [number, number],
      );
    for (const side of [1, -1]) {
      expect(await bandAt(side * 0.75 * halfWidthPx), `inside the band, side ${side}`).toBeGreaterThan(0);
      expect(await bandAt(side * 1.25 * halfWidthPx), `outside the band, side ${side}`).toBe(0);
    }

    // Open it again, drag its middle point somewhere else, widen it, save: version 2 with the moved point.
    await row.click();
    await expect.poll(() => page.getByTestId('zone-geometry-status').textContent()).toBe('A line of 3 points.');
    expect(await page.getByTestId('zone-editor-title').textContent()).toBe('Edit zone (version 1)');
    await screenshotOf(page, 'places-corridor-editing');
    const [middle] = await project(page, [drawn[1] as LonLat]);
    const target: Pixel = { x: Math.round(middle!.x + 60), y: Math.round(middle!.y + 70) };
    await page.mouse.move(box.x + middle!.x, box.y + middle!.y);
    await page.mouse.down();
    await page.mouse.move(box.x + (middle!.x + target.x) / 2, box.y + (middle!.y + target.y) / 2, { steps: 5 });
    await page.mouse.move(box.x + target.x, box.y + target.y, { steps: 5 });
    await page.mouse.up();
    const [moved] = await unproject(page, [target]);
    await page.getByTestId('zone-width').fill('12');
    await page.getByTestId('zone-save').click();
    await page.locator('[data-testid="places-panel-zones"][data-view="list"]').waitFor();

    const edited = (await drawnZones())[0]!;
    expect(edited.properties.version).toBe(2);
    expect(edited.properties.widthKm).toBe(12);
    const route = edited.geometry.coordinates as number[][];
    expect(route).toHaveLength(3);
    expectNear(route[0]!, drawn[0]!, 1e-9);
    expectNear(route[2]!, drawn[2]!, 1e-9);
    // A drag lands within a pixel or two of where the mouse let go: here a pixel is about 0.01°.
    expectNear(route[1]!, moved!, 0.03);
    expect(Math.abs(route[1]![0]! - drawn[1]![0]!)).toBeGreaterThan(0.1);

    await screenshotOf(page, 'places-corridor');
  });

  it('a stale edit of a zone is refused with the server’s 409 message', { timeout: 60_000 }, async () => {
    const [zone] = await drawnZones();
    await page.locator(`[data-testid="zone-row"][data-id="${zone!.id}"]`).click();
    await page.getByTestId('zone-form').waitFor();
    // Someone else saves first, behind the browser's back.
    const { updateZone } = await import('../../src/application/zone.service.js');
    await updateZone(haven.ctx, haven.actor, zone!.id, { ...zone!, properties: { ...zone!.properties, status: 'in_force' } });
    await page.getByTestId('zone-save').click();
    const banner = page.getByTestId('zone-conflict');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('changed by someone else (now version 3, your change is based on 2)');
    await page.getByTestId('zone-cancel').click();
  });

  it('an analyst draws a safe haven as an area, types a point zone as GeoJSON, and deletes both', { timeout: 90_000 }, async () => {
    await page.getByTestId('new-zone').click();
    const form = page.getByTestId('zone-form');
    await form.getByTestId('zone-name').fill('Safe haven around the hospital');
    await form.getByTestId('zone-kind').selectOption('safe_haven');
    expect(await form.getByTestId('zone-shape').inputValue()).toBe('area');
    expect(await form.getByTestId('zone-width').isDisabled()).toBe(true);
    await form.getByTestId('zone-valid-from').fill('2022-04-01');
    await form.getByTestId('zone-parties').fill('Ukraine');
    await form.getByTestId('zone-draw').click();
    const box = await canvasBox(page);
    const corners: Pixel[] = [
      { x: Math.round(box.width * 0.35), y: Math.round(box.height * 0.3) },
      { x: Math.round(box.width * 0.55), y: Math.round(box.height * 0.32) },
      { x: Math.round(box.width * 0.45), y: Math.round(box.height * 0.5) },
    ];
    for (const p of [...corners, corners[0]!]) {
      await page.mouse.move(box.x + p.x - 5, box.y + p.y - 5);
      await page.mouse.move(box.x + p.x, box.y + p.y, { steps: 3 });
      await page.mouse.click(box.x + p.x, box.y + p.y);
    }
    await expect.poll(() => page.getByTestId('zone-geometry-status').textContent()).toBe('An area with 3 corners.');
    const expected = await unproject(page, corners);
    await form.getByTestId('zone-save').click();
    await page.locator('[data-testid="places-panel-zones"][data-view="list"]').waitFor();
    const havens = await drawnZones({ kind: 'safe_haven' });
    expect(havens).toHaveLength(1);
    expect(havens[0]!.geometry.type).toBe('Polygon');
    const ring = (havens[0]!.geometry.coordinates as number[][][])[0]!;
    expect(ring).toHaveLength(4);
    expect(ring[3]).toEqual(ring[0]);
    // Terra Draw may start the ring at any corner and wind it either way: compare the corners as a set.
    for (const corner of expected) expect(ring.slice(0, 3).some((p) => Math.abs(p[0]! - corner[0]) < 1e-6 && Math.abs(p[1]! - corner[1]) < 1e-6), `corner ${corner.join(', ')}`).toBe(true);
    expect(havens[0]!.properties.widthKm).toBeUndefined();

    // A point zone typed as GeoJSON: no pointer needed.
    await page.getByTestId('new-zone').click();
    await form.getByTestId('zone-name').fill('Evacuation point at the theatre');
    await form.getByTestId('zone-kind').selectOption('humanitarian_corridor');
    await form.getByTestId('zone-width').fill('2');
    await form.getByTestId('zone-valid-from').fill('2022-03-16');
    await form.locator('details.coordinates-editor summary').click();
    await form.getByTestId('zone-coordinates').fill('{"type":"Point","coordinates":[37.5498,47.0958]}');
    await form.getByTestId('zone-coordinates-apply').click();
    await expect.poll(() => page.getByTestId('zone-geometry-status').textContent()).toBe('A point at 47.0958, 37.5498.');
    await form.getByTestId('zone-save').click();
    await page.locator('[data-testid="places-panel-zones"][data-view="list"]').waitFor();
    const point = (await listZones(haven.ctx, haven.actor, {})).features.find((f) => f.properties.name === 'Evacuation point at the theatre')!;
    expect(point.geometry).toEqual({ type: 'Point', coordinates: [37.5498, 47.0958] });
    expect(point.properties.widthKm).toBe(2);

    for (const id of [havens[0]!.id, point.id]) {
      await page.locator(`[data-testid="zone-row"][data-id="${id}"]`).click();
      await page.getByTestId('zone-delete').click();
      await page.getByTestId('zone-delete-confirm').click();
      await page.locator(`[data-testid="zone-row"][data-id="${id}"]`).waitFor({ state: 'detached' });
    }
    expect((await drawnZones()).map((f) => f.properties.name)).toEqual(['Corridor <b>Mariupol</b> → Zaporizhzhia']);
  });

  it('an analyst imports the Ukrainian nuclear plants with their preset and reads what was created', { timeout: 90_000 }, async () => {
    const file = realFixture(NUCLEAR);
    const plants = parse<Record<string, string>>(await readFile(file, 'utf8'), { columns: true, bom: true });
    const placeable = plants.filter((r) => Number.isFinite(Number.parseFloat(r.latitude ?? '')) && Number.isFinite(Number.parseFloat(r.longitude ?? '')));
    const existing = (await listSites(haven.ctx, haven.actor, { dataset: 'wri-gppd', limit: 1000 })).total;
    expect(existing).toBe(0);

    await page.getByTestId('places-tab-sites').click();
    await page.getByTestId('site-import').click();
    const dialog = page.getByTestId('sites-import-dialog');
    await dialog.getByTestId('sites-import-file').setInputFiles(file);
    await dialog.getByTestId('sites-import-preset').selectOption('ukraine-nuclear-2022');
    await dialog.getByTestId('sites-import-submit').click();
    await dialog.getByTestId('sites-import-report').waitFor();
    expect(await dialog.getByTestId('sites-import-created').textContent()).toBe(String(placeable.length));
    expect(await dialog.getByTestId('sites-import-updated').textContent()).toBe('0');
    expect(await dialog.getByTestId('sites-import-rejected').textContent()).toBe(String(plants.length - placeable.length));
    // A bulk import leaves stored incidents unchecked against the new sites: the dialog offers the run over history.
    await dialog.getByTestId('sites-import-detect').click();
    const examined = await haven.ctx.store.detections.countIncidents(haven.ctx.store.connection.db);
    await expect.poll(() => dialog.getByTestId('sites-import-detection-outcome').textContent(), { timeout: 60_000 }).toMatch(new RegExp(`^${examined.toLocaleString('en')} incidents examined`));
    await dialog.getByTestId('sites-import-close').click();

    // The list and the map show them.
    // The exercise scenario's sites are in Nigeria: the country filter leaves the plants.
    await page.getByTestId('site-country-filter').fill('UKR');
    await expect.poll(() => page.locator('.site-list-panel[data-state="ready"]').getAttribute('data-total')).toBe(String(placeable.length));
    expect(await page.getByTestId('site-row').count()).toBe(placeable.length);
    const names = await page.getByTestId('site-row').locator('.queue-mission').allTextContents();
    expect(names.sort()).toEqual(placeable.map((r) => r.name).sort());
    await lookAt(page, [31, 49], 5);
    await page.locator('[data-testid="places-map"][data-sites="ready"]').waitFor();
    await expect.poll(() => page.getByTestId('places-map').getAttribute('data-site-count')).toBe(String(placeable.length));
    await screenshotOf(page, 'places-sites');
  });

  it('the import summary counts rejected rows, not their issues, and says how many names were composed', { timeout: 90_000 }, async () => {
    const fixture = (name: string) => new URL(`../fixtures/sites/${name}`, import.meta.url).pathname;
    const schools = parse<Record<string, string>>(await readFile(fixture('unplaced-schools.csv'), 'utf8'), { columns: true });
    const unplaced = schools.filter((r) => !Number.isFinite(Number.parseFloat(r.Lat ?? '')) || !Number.isFinite(Number.parseFloat(r.Lon ?? '')));
    const osm = parse<Record<string, string>>(await readFile(fixture('osm-health.csv'), 'utf8'), { columns: true });

    await page.getByTestId('places-tab-sites').click();
    const dialog = page.getByTestId('sites-import-dialog');
    for (const [file, mapping] of [['unplaced-schools.csv', 'unplaced-schools.mapping.json'], ['osm-health.csv', 'osm-health.mapping.json']] as const) {
      await page.getByTestId('site-import').click();
      await dialog.getByTestId('sites-import-file').setInputFiles(fixture(file));
      await dialog.getByTestId('sites-import-preset').selectOption('');
      await dialog.getByTestId('sites-import-mapping').fill(await readFile(fixture(mapping), 'utf8'));
      await dialog.getByTestId('sites-import-submit').click();
      await dialog.getByTestId('sites-import-report').waitFor();
      if (file === 'unplaced-schools.csv') {
        expect(await dialog.getByTestId('sites-import-rejected').textContent()).toBe(String(unplaced.length));
        expect(await dialog.getByTestId('sites-import-created').textContent()).toBe(String(schools.length - unplaced.length));
        expect(await dialog.getByTestId('sites-import-report').textContent()).toContain(`${unplaced.length * 2} issues in ${unplaced.length} rows`);
      } else {
        expect(await dialog.getByTestId('sites-import-created').textContent()).toBe(String(osm.length));
        expect(await dialog.getByTestId('sites-import-names-composed').textContent()).toBe(`${osm.filter((r) => r.name === '').length} unnamed sites named from their type and place.`);
      }
      await dialog.getByTestId('sites-import-close').click();
    }
  });

  it('an analyst places a new site by clicking the map; a source id already in use is refused beside its field', { timeout: 60_000 }, async () => {
    await page.getByTestId('new-site').click();
    const form = page.getByTestId('site-form');
    await form.getByTestId('site-name').fill('Zaporizhzhia regional hospital');
    await form.getByTestId('site-category').selectOption('health_facility');
    await form.getByTestId('site-status').selectOption('damaged');
    await form.getByTestId('site-country').fill('UKR');
    await form.locator('input[name="protectionBasis"][value="gc_iv_art18_hospital"]').check();
    await form.getByTestId('site-dataset').fill('wri-gppd');
    await form.locator('input[name="source.externalId"]').fill('WRI1005111');
    await form.getByTestId('site-pick').click();
    const box = await canvasBox(page);
    const click: Pixel = { x: Math.round(box.width * 0.6), y: Math.round(box.height * 0.55) };
    await page.mouse.click(box.x + click.x, box.y + click.y);
    const [where] = await unproject(page, [click]);
    expect(Number(await form.getByTestId('site-lat').inputValue())).toBeCloseTo(where![1], 5);

    // The nuclear plant imported before holds that source id: the server says so, beside the field.
    await form.getByTestId('site-save').click();
    const issue = form.locator('[data-error-for="source.externalId"] .issue[data-source="server"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('already used by site');
    expect(await form.locator('input[name="source.externalId"]').getAttribute('aria-invalid')).toBe('true');

    await form.locator('input[name="source.externalId"]').fill('');
    await form.getByTestId('site-dataset').fill('mission-survey');
    await form.getByTestId('site-save').click();
    await page.locator('[data-testid="places-panel-sites"][data-view="list"]').waitFor();
    const { items } = await listSites(haven.ctx, haven.actor, { dataset: 'mission-survey' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'Zaporizhzhia regional hospital', category: 'health_facility', status: 'damaged', country: 'UKR', protectionBasis: ['gc_iv_art18_hospital'], version: 1 });
    expectNear([items[0]!.lon, items[0]!.lat], where!, 1e-6);
  });

  it('an analyst imports the 2022 corridors and a file with a bad zone, filters the zones by day, and exports them', { timeout: 90_000 }, async () => {
    const file = realFixture(CORRIDORS);
    const corridors = parse<Record<string, string>>(await readFile(file, 'utf8'), { columns: true, bom: true });
    const withOrigin = corridors.filter((r) => Number.isFinite(Number.parseFloat(r.from_latitude ?? '')) && Number.isFinite(Number.parseFloat(r.from_longitude ?? '')));
    const before = (await listZones(haven.ctx, haven.actor, {})).features;

    await page.getByTestId('places-tab-zones').click();
    await page.getByTestId('zone-import').click();
    const dialog = page.getByTestId('zones-import-dialog');
    await dialog.getByTestId('zones-import-file').setInputFiles(file);
    await dialog.getByTestId('zones-import-format').selectOption('corridors-csv');
    await dialog.getByTestId('zones-import-submit').click();
    await dialog.locator('[data-testid="zones-import-report"]:not([hidden])').waitFor();
    expect(await dialog.getByTestId('zones-import-created').textContent()).toBe(String(withOrigin.length));
    expect(await dialog.getByTestId('zones-import-rejected').textContent()).toBe(String(corridors.length - withOrigin.length));

    // A GeoJSON file whose second zone is a line without a width: that row is listed with its field and reason.
    const folder = await mkdtemp(join(tmpdir(), 'haven-zones-'));
    const geojson = join(folder, 'zones.geojson');
    const twoLines = { type: 'MultiLineString', coordinates: [[[30, 50], [30.5, 50.2]], [[30.6, 50.2], [31, 50.1]]] };
    const zone = (name: string, widthKm?: number) => ({
      type: 'Feature',
      geometry: twoLines,
      properties: { name, kind: 'ceasefire_line', ...(widthKm !== undefined && { widthKm }), validFrom: '2026-01-01', status: 'in_force', partiesBound: ['A', 'B'], source: { dataset: 'field-file', externalId: name } },
    });
    await writeFile(geojson, JSON.stringify({ type: 'FeatureCollection', features: [zone('North line', 4), zone('South line')] }));
    await dialog.getByTestId('zones-import-file').setInputFiles(geojson);
    await dialog.getByTestId('zones-import-format').selectOption('geojson');
    await dialog.getByTestId('zones-import-submit').click();
    await expect.poll(() => dialog.getByTestId('zones-import-rejected').textContent()).toBe('1');
    expect(await dialog.getByTestId('zones-import-created').textContent()).toBe('1');
    const rejection = await dialog.getByTestId('zones-import-rejections').locator('tbody tr td').allTextContents();
    expect(rejection[0]).toBe('2');
    expect(rejection[1]).toBe('properties.widthKm');
    expect(rejection[2]).toContain('needs a width');
    await rm(folder, { recursive: true, force: true });
    await screenshotOf(page, 'places-zone-import');
    await dialog.getByTestId('zones-import-close').click();

    // A line in two parts cannot be edited point by point: its shape is kept as it is while its details change.
    const fromFile = async () => (await listZones(haven.ctx, haven.actor, { kind: 'ceasefire_line' })).features.filter((f) => f.properties.source.dataset === 'field-file');
    const [north] = await fromFile();
    await page.locator(`[data-testid="zone-row"][data-id="${north!.id}"]`).click();
    await expect.poll(() => page.getByTestId('zone-geometry-status').textContent()).toContain('2 lines');
    expect(await page.getByTestId('zone-draw-hint').textContent()).toContain('several parts');
    await page.getByTestId('zone-status').selectOption('suspended');
    await page.getByTestId('zone-save').click();
    await page.locator('[data-testid="places-panel-zones"][data-view="list"]').waitFor();
    const [northAfter] = await fromFile();
    expect(northAfter!.properties).toMatchObject({ status: 'suspended', version: 2 });
    expect(northAfter!.geometry).toEqual(twoLines);

    // Corridors valid on one day: as many as the file has rows of that day.
    const day = '2022-03-20';
    await page.getByTestId('zone-kind-filter').selectOption('humanitarian_corridor');
    await page.getByTestId('zone-active-filter').fill(day);
    // The file's corridors of that day, and any corridor already in the register whose validity covers it.
    const onDay = withOrigin.filter((r) => r.date === day).length + before.filter((f) => f.properties.kind === 'humanitarian_corridor' && f.properties.validFrom <= day && (f.properties.validTo ?? day) >= day).length;
    await expect.poll(() => page.locator('.zone-list-panel[data-state="ready"]').getAttribute('data-count')).toBe(String(onDay));
    expect(await page.getByTestId('zone-row').count()).toBe(onDay);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('zone-export').click()]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported.type).toBe('FeatureCollection');
    expect(exported.features).toHaveLength(onDay);
    expect(exported.features.every((f: { properties: { validFrom: string; validTo?: string; kind: string } }) => f.properties.validFrom <= day && (f.properties.validTo ?? day) >= day && f.properties.kind === 'humanitarian_corridor')).toBe(true);

    await page.getByTestId('zone-kind-filter').selectOption('');
    await page.getByTestId('zone-active-filter').fill('');
    await expect.poll(() => page.locator('.zone-list-panel[data-state="ready"]').getAttribute('data-count')).toBe(String(before.length + withOrigin.length + 1));
  });

  it('an analyst records a ceasefire in the drawn corridor, with a withdrawal of heavy weapons', { timeout: 60_000 }, async () => {
    const [drawn] = await drawnZones();
    await page.getByTestId('places-tab-agreements').click();
    await page.getByTestId('new-agreement').click();
    const form = page.getByTestId('agreement-form');
    await form.getByTestId('agreement-name').fill('Local ceasefire along the corridor');
    await form.getByTestId('agreement-kind').selectOption('ceasefire');
    await form.getByTestId('agreement-parties').fill('Russian Federation\nUkraine');
    await form.getByTestId('agreement-signed').fill('2022-03-04');
    await form.getByTestId('agreement-valid-from').fill('2022-03-05');
    await form.getByTestId('agreement-valid-to').fill('2022-03-06');
    await form.locator(`input[name="zoneIds"][value="${drawn!.id}"]`).check();
    await form.getByTestId('agreement-commitments-add').click();
    await form.getByTestId('commitment-code').selectOption('heavy_weapons_withdrawal');
    await form.getByTestId('commitment-description').fill('Heavy weapons withdrawn 15 km from the route');
    await form.getByTestId('commitment-distance').fill('15');
    // Before the first save, the core's schema speaks: valid to must not precede valid from.
    await form.getByTestId('agreement-valid-to').fill('2022-03-01');
    await form.getByTestId('agreement-save').click();
    await form.locator('[data-error-for="validTo"] .issue').waitFor();
    await form.getByTestId('agreement-valid-to').fill('2022-03-06');
    await form.getByTestId('agreement-save').click();
    await page.getByTestId('agreement-row').filter({ hasText: 'Local ceasefire along the corridor' }).waitFor();

    const { listAgreements } = await import('../../src/application/agreement.service.js');
    const agreement = (await listAgreements(haven.ctx, haven.actor, {})).find((a) => a.name === 'Local ceasefire along the corridor');
    expect(agreement).toMatchObject({
      name: 'Local ceasefire along the corridor',
      kind: 'ceasefire',
      parties: ['Russian Federation', 'Ukraine'],
      signedOn: '2022-03-04',
      validFrom: '2022-03-05',
      validTo: '2022-03-06',
      zoneIds: [drawn!.id],
      commitments: [{ code: 'heavy_weapons_withdrawal', description: 'Heavy weapons withdrawn 15 km from the route', distanceKm: 15 }],
      version: 1,
    });
  });

  it('a viewer sees the registers but no control that changes them', { timeout: 60_000 }, async () => {
    await page.getByTestId('logout').click();
    await logIn(page, haven.url, viewer);
    await page.getByTestId('area-places').click();
    const corridor = page.getByTestId('zone-row').filter({ hasText: 'Mariupol</b>' });
    await corridor.waitFor();
    expect(await page.getByTestId('places-area').getAttribute('data-can-write')).toBe('false');
    for (const control of ['new-zone', 'zone-import', 'new-site', 'site-import', 'new-agreement']) expect(await page.getByTestId(control).count(), control).toBe(0);
    await corridor.click();
    await page.getByTestId('zone-facts').waitFor();
    expect(await page.getByTestId('zone-form').count()).toBe(0);
    expect(await page.getByTestId('zone-facts').textContent()).toContain('Russian Federation, Ukraine');
    await page.getByTestId('places-tab-sites').click();
    await page.getByTestId('site-row').first().click();
    await page.getByTestId('site-facts').waitFor();
    expect(await page.getByTestId('site-form').count()).toBe(0);
    await page.getByTestId('places-tab-agreements').click();
    await page.getByTestId('agreement-row').filter({ hasText: 'Local ceasefire along the corridor' }).click();
    await page.getByTestId('agreement-facts').waitFor();
    expect(await page.getByTestId('agreement-form').count()).toBe(0);
    expect(await page.getByTestId('agreement-facts').textContent()).toContain('Corridor <b>Mariupol</b> → Zaporizhzhia');
  });
});
