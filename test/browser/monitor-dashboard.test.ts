import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadExercisePlaces } from '../../src/application/demo.service.js';
import { getDetection, runDetections } from '../../src/application/detection.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { createSite } from '../../src/application/site.service.js';
import { createZone } from '../../src/application/zone.service.js';
import { validIncident } from '../support/incident-fixtures.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { addUser, clearFailureScreenshots, logIn, openBrowser, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

/** What the test reads from the dashboard's live map (`window.havenMonitorMap`). */
interface MonitorMapHandle {
  getLayoutProperty(layer: string, property: 'visibility'): string | undefined;
  getLayer(layer: string): unknown;
  queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
  loaded(): boolean;
}

const FROM = '2024-01-01';
const TO = '2024-12-31';
const DASHBOARD = `?view=monitor&country=NGA&from=${FROM}&to=${TO}`;
const SCREENSHOT_PREFIX = 'monitor-';
const HOSTILE = '<img src=x onerror="window.__xss=1">';
const nothingRan = (page: Page) => page.evaluate(() => (globalThis as { __xss?: unknown }).__xss);

const visibility = (page: Page, layer: string) =>
  page.evaluate((id) => (globalThis as unknown as { havenMonitorMap: MonitorMapHandle }).havenMonitorMap.getLayoutProperty(id, 'visibility') ?? 'visible', layer);

/** Resolves when the map has drawn what it was last asked for (MapLibre's `idle`). */
const idle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (globalThis as unknown as { havenMonitorMap: MonitorMapHandle & { once(event: 'idle', listener: () => void): void; triggerRepaint(): void } }).havenMonitorMap;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );

const rendered = (page: Page, layer: string) =>
  page.evaluate((id) => (globalThis as unknown as { havenMonitorMap: MonitorMapHandle }).havenMonitorMap.queryRenderedFeatures({ layers: [id] }).length, layer);

describe('the monitoring dashboard in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let expectedIncidents = 0;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOT_PREFIX);
    haven = await startHaven({ incidents: 600 });
    const { ctx, actor } = haven;
    await createSite(ctx, actor, { name: 'Maiduguri teaching hospital', category: 'health_facility', geometry: { type: 'Point', coordinates: [13.16, 11.83] }, country: 'NGA', source: { dataset: 'browser-test' } });
    await createZone(ctx, actor, {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[13.16, 11.85], [13.69, 11.52]] },
      properties: { name: 'Corridor to Bama', kind: 'humanitarian_corridor', widthKm: 6, validFrom: '2024-06-01', validTo: '2024-08-31', partiesBound: ['Party A'], status: 'in_force', source: { dataset: 'browser-test' } },
    });
    // A party whose name is a script payload: the charts and the report must show it as text and run nothing.
    const base = validIncident();
    await recordIncident(ctx, actor, {
      ...base,
      dateEarliest: '2024-04-02',
      dateLatest: '2024-04-02',
      datePrecision: 'day',
      actors: [{ name: HOSTILE, actorType: 'non_state_armed_group', role: 'perpetrator' }],
      casualties: [{ kind: 'killed', status: 'civilian', best: 400 }],
    });
    // An airstrike whose narrative names the hospital, pinned 300 m from it: a probable attack, with its words as evidence.
    await recordIncident(ctx, actor, {
      ...base,
      title: 'Airstrike in Maiduguri',
      narrative: 'An airstrike hit Maiduguri Teaching Hospital; the maternity ward was destroyed.',
      dateEarliest: '2024-05-14',
      dateLatest: '2024-05-14',
      datePrecision: 'day',
      location: { ...base.location, lat: 11.8327, lon: 13.16, precision: 'exact', country: 'NGA' },
    });
    // The exercise's sites, corridors and truce, then detection over the incidents already recorded.
    await loadExercisePlaces(ctx, actor);
    await runDetections(ctx, actor, {});
    // Counted independently of the dashboard's aggregation: the register's own count for the same filter.
    expectedIncidents = (await ctx.store.incidents.count(ctx.store.connection.db, { countries: ['NGA'], from: FROM, to: TO }, 'system')).incidents;
    session = await openBrowser();
    page = session.page;
    // An analyst: reads monitoring and may review detections.
    await logIn(page, haven.url, await addUser(haven, 'analyst'));
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshotOf(page, `${SCREENSHOT_PREFIX}failure-${context.task.name.replace(/\W+/g, '-')}`);
    expect(session.takeProblems(), 'errors in the browser during this test').toEqual([]);
  });

  it('opens from its tab with the country and period in the link, and shows the key figures and the charts', { timeout: 90_000 }, async () => {
    await page.getByTestId('area-monitor').click();
    await page.getByTestId('monitor-area').waitFor();
    // Without a period the Monitor shows the latest 12 months of the data (the demo stops before today) and says so.
    const latest = (await haven.ctx.store.incidents.count(haven.ctx.store.connection.db, {}, 'system')).latest!;
    expect(latest < new Date().toISOString().slice(0, 10)).toBe(true);
    expect(await page.getByTestId('monitor-heading').textContent()).toMatch(new RegExp(`^All countries, \\d{4}-\\d\\d-\\d\\d to ${latest} \\(the latest 12 months of data\\)$`));
    expect(await page.getByTestId('monitor-to').inputValue()).toBe(latest);
    await page.goto(`${haven.url}/${DASHBOARD}`);
    await page.locator('[data-testid="monitor-figures"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('monitor-heading').textContent()).toBe(`Nigeria, ${FROM} to ${TO}`);
    expect(Number(await page.getByTestId('figure-incidents').getAttribute('data-value'))).toBe(expectedIncidents);
    expect(expectedIncidents).toBeGreaterThan(0);
    for (const chart of ['chart-casualties', 'chart-themes', 'chart-violence', 'chart-event-types', 'chart-parties']) {
      const block = page.locator(`[data-testid="${chart}"][data-state="ready"]`);
      await block.waitFor({ timeout: 30_000 });
      expect(await block.locator('svg.chart[role="img"]').count(), chart).toBe(1);
    }
    // The hostile party's name is text in the chart (shortened for its column), and nothing ran.
    expect(await page.locator('[data-testid="chart-parties"] g.bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-category')))).toContain(HOSTILE);
    expect(await page.locator('[data-testid="chart-parties"] img').count()).toBe(0);
    expect(await nothingRan(page)).toBeUndefined();
    // Twelve months on the time axis, each with its best estimate.
    expect(await page.locator('[data-testid="chart-casualties"] circle.point').count()).toBeGreaterThanOrEqual(12);
    // A shaded low–high band for each series (killed, and injured where any were recorded).
    expect(await page.locator('[data-testid="chart-casualties"] polygon.band').count()).toBe(await page.locator('[data-testid="chart-casualties"] g.series').count());
  });

  it('folds the side panels: the breakdowns start folded, each title opens its panel by keyboard, and the choice is kept', { timeout: 90_000 }, async () => {
    await page.locator('[data-testid="chart-parties"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const side = page.locator('.monitor-side');
    const folded = (id: string) => page.getByTestId(id).getAttribute('data-folded');
    // The reader's first look: figures, casualties, alerts, detections and the scorecard open; the breakdowns folded.
    for (const id of ['monitor-figures', 'chart-casualties', 'alert-list', 'detection-list', 'scorecard']) expect(await folded(id), id).toBe('false');
    for (const id of ['chart-themes', 'chart-violence', 'chart-event-types', 'chart-parties', 'chart-violations']) expect(await folded(id), id).toBe('true');
    expect(await page.locator('[data-testid="chart-parties"] svg.chart').isVisible()).toBe(false);
    const toggle = page.getByTestId('chart-parties-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[data-testid="chart-parties"] svg.chart').isVisible()).toBe(true);
    // Folding everything leaves a column of titles, far shorter than the open column.
    await page.getByTestId('panels-open-all').click();
    const openHeight = await side.evaluate((element) => element.scrollHeight);
    await page.getByTestId('panels-fold-all').click();
    const foldedHeight = await side.evaluate((element) => element.scrollHeight);
    expect(foldedHeight).toBeLessThan(openHeight / 3);
    // Kept in this browser: after a reload the casualties chart, open at first, is still folded.
    await page.reload();
    await page.locator('[data-testid="chart-parties"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await folded('chart-casualties')).toBe('true');
    await page.getByTestId('panels-open-all').click();
    expect(await folded('chart-casualties')).toBe('false');
    expect(await folded('chart-parties')).toBe('false');
  });

  it('turns each map layer off and on from its labelled toggle, by keyboard too', { timeout: 90_000 }, async () => {
    await page.locator('.monitor-map[data-state="ready"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="monitor-map"][data-state="ready"]').waitFor({ timeout: 45_000 });
    await idle(page);
    expect(await rendered(page, 'monitor-sites')).toBeGreaterThan(0);
    expect(await rendered(page, 'monitor-zone-lines')).toBeGreaterThan(0);
    expect(await rendered(page, 'clusters')).toBeGreaterThan(0);

    const layers: [string, string][] = [['incidents', 'clusters'], ['sites', 'monitor-sites'], ['zones', 'monitor-zone-lines'], ['hotspots', 'monitor-hotspots'], ['alerts', 'monitor-alerts']];
    for (const [toggle, layer] of layers) {
      // Found by its label, as a person (or a screen reader) finds it.
      const box = page.getByRole('checkbox', { name: new RegExp(`^${{ incidents: 'Incidents', sites: 'Protected sites', zones: 'Zones', hotspots: 'Hot spots', alerts: 'Escalation alerts' }[toggle]}`) });
      expect(await visibility(page, layer), layer).toBe('visible');
      await box.uncheck();
      expect(await visibility(page, layer), layer).toBe('none');
      expect(await page.locator('.monitor-map').getAttribute('data-layers')).not.toContain(toggle);
      await box.check();
      expect(await visibility(page, layer), layer).toBe('visible');
    }
    // The keyboard reaches a toggle and the space bar flips it.
    await page.getByTestId('layer-toggle-sites').focus();
    await page.keyboard.press('Space');
    expect(await visibility(page, 'monitor-sites')).toBe('none');
    await idle(page);
    expect(await rendered(page, 'monitor-sites')).toBe(0);
    await page.keyboard.press('Space');
    expect(await visibility(page, 'monitor-sites')).toBe('visible');
    await idle(page);
    await screenshotOf(page, `${SCREENSHOT_PREFIX}dashboard`);
  });

  it('lists alerts and open detections, and confirms or dismisses a detection with a reason', { timeout: 90_000 }, async () => {
    await page.locator('[data-testid="alert-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const items = page.getByTestId('detection-item');
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    const [first, second] = [items.nth(0), items.nth(1)];
    const [firstId, secondId] = [await first.getAttribute('data-id'), await second.getAttribute('data-id')];

    await first.getByTestId('detection-confirm').click();
    await first.getByLabel('Why is this confirmed?').fill('Seen on the patrol report of that day');
    await first.getByTestId('review-submit').click();
    await first.getByTestId('review-done').waitFor();
    expect(await first.getByTestId('detection-status').textContent()).toBe('confirmed');

    // Keyboard only: the dismiss button, a reason too short to be one (the form refuses it), then a proper one.
    await second.getByTestId('detection-dismiss').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('no');
    await page.keyboard.press('Enter');
    expect(await second.getByTestId('review-reason').evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    expect(await second.getByTestId('detection-status').textContent()).toBe('open');
    await second.getByTestId('review-reason').fill('The incident was kilometres away from the site');
    await page.keyboard.press('Enter');
    await second.getByTestId('review-done').waitFor();
    expect(await second.getByTestId('detection-status').textContent()).toBe('dismissed');

    // As stored, by whom and why.
    const analyst = { id: 'check', username: 'check', role: 'viewer' as const };
    expect(await getDetection(haven.ctx, analyst, firstId!)).toMatchObject({ status: 'confirmed', review: { reason: 'Seen on the patrol report of that day', by: { username: 'analyst-browser' } } });
    expect(await getDetection(haven.ctx, analyst, secondId!)).toMatchObject({ status: 'dismissed', review: { reason: 'The incident was kilometres away from the site' } });
  });

  it('shows why a site detection was made, the words that matched marked, and groups the queue by site and by incident', { timeout: 90_000 }, async () => {
    // The day of the airstrike: its detections are among the listed ones whatever else the demo period holds.
    await page.goto(`${haven.url}/?view=monitor&country=NGA&from=2024-05-14&to=2024-05-14`);
    await page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const hospital = page.getByTestId('detection-item').filter({ hasText: 'Probable attack on or near Maiduguri teaching hospital' });
    await hospital.first().waitFor();
    const why = hospital.first().getByTestId('detection-evidence');
    expect(await why.getAttribute('open')).not.toBeNull();
    expect(await hospital.first().textContent()).toContain('names the site itself');
    // One quote of the narrative, the site's name and the other words of its kind marked in it.
    expect(await why.getByTestId('evidence-quote').count()).toBe(1);
    expect(await why.locator('mark').allTextContents()).toEqual(['Maiduguri Teaching Hospital', 'maternity ward']);
    expect(await hospital.first().locator('.badge.grade-probable').count()).toBe(1);

    await page.getByTestId('detection-grouping').selectOption('site');
    const siteGroup = page.getByTestId('detection-group').filter({ hasText: 'Maiduguri teaching hospital (' });
    await siteGroup.first().waitFor();
    // A group opens to list its detections.
    await siteGroup.first().getByTestId('detection-group-toggle').click();
    await siteGroup.first().getByTestId('detection-item').first().waitFor();
    expect(await siteGroup.first().getByTestId('detection-item').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('detection-grouping').selectOption('incident');
    await page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const incidentGroups = page.getByTestId('detection-group');
    expect(await incidentGroups.count()).toBeGreaterThanOrEqual(1);
    expect(await incidentGroups.first().locator('a', { hasText: 'open the incident' }).count()).toBe(1);
    await page.getByTestId('detection-grouping').selectOption('none');
    await page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('detection-group').count()).toBe(0);
    // Back to the year the next tests read.
    await page.goto(`${haven.url}/${DASHBOARD}`);
    await page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });
  });

  it('opens the situation report as a page that runs under its policy without errors', { timeout: 90_000 }, async () => {
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('situation-report').click()]);
    const problems: string[] = [];
    report.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await report.waitForLoadState('load');
    expect(await report.locator('h1').textContent()).toBe('Nigeria');
    expect(await report.locator('img').count()).toBe(0);
    expect(await report.locator('[data-chart="chart-parties"] g.bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-category')))).toContain(HOSTILE);
    // By UCDP type of violence, with UCDP's names for the types.
    expect(await report.locator('[data-chart="chart-violence"] g.bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-category')))).toContain('One-sided (against civilians)');
    expect(await nothingRan(report)).toBeUndefined();
    expect(await report.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
    // The inline stylesheet applied (its hash is in the policy): the key figures sit in a grid.
    expect(await report.locator('.figures').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display)).toBe('grid');
    expect(problems).toEqual([]);
    await screenshotOf(report, `${SCREENSHOT_PREFIX}situation-report`, { fullPage: true });
    await report.close();
  });

  it('produces the situation report PDF through the API, with pages and the figures the dashboard shows', { timeout: 90_000 }, async () => {
    const href = await page.getByTestId('situation-report-pdf').getAttribute('href');
    expect(href).toBe(`/api/v1/reports/situation.pdf?country=NGA&from=${FROM}&to=${TO}`);
    const base64 = await page.evaluate(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    }, href!);
    const pdf = Buffer.from(base64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf).normalize('NFKC').replace(/\s+/g, ' ');
    expect(text).toContain('Nigeria');
    expect(text).toContain(`INCIDENTS ${expectedIncidents.toLocaleString('en-GB')}`);
    expect(text).toContain('Health and humanitarian sites');
    // The violations as reviewed a moment ago: only the confirmed one is listed, with its reason; the dismissed one
    // and those nobody reviewed yet are counted, not listed.
    expect(text).toContain('Attacks on or near protected sites');
    expect(text).toContain('Seen on the patrol report of that day');
    expect(text).toMatch(/1 was dismissed after review\./);
    expect(text).toMatch(/possible violations? awaits? review \(in Monitor → Detections\)/);
    expect(text).not.toContain('not available');
    expect(text).toContain('Humanitarian corridor');
  });
});
