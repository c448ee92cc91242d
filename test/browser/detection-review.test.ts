import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listDetections } from '../../src/application/detection.service.js';
import { recordIncident } from '../../src/application/incident.service.js';
import { createSite } from '../../src/application/site.service.js';
import { createZone } from '../../src/application/zone.service.js';
import type { IncidentInput } from '../../src/core/incident.schema.js';
import { validIncident } from '../support/incident-fixtures.js';
import { addUser, ARTIFACTS, checkEachTest, clearFailureScreenshots, logIn, openBrowser, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOT_PREFIX = 'detection-review-';
const QUEUE = '?view=monitor&country=UKR&from=2022-03-01&to=2022-03-31';

/** An attack on a school 0.4 km from it (0.0036° of latitude), in Ukraine in March 2022. */
const attack = (title: string, day: string, lat: number): IncidentInput => ({
  ...validIncident(),
  title,
  narrative: `${title}: shells hit the school building.`,
  dateEarliest: day,
  dateLatest: day,
  datePrecision: 'day',
  location: { lat, lon: 37.8, precision: 'exact', country: 'UKR' },
  themes: ['protection_of_civilians', 'children_and_armed_conflict'],
  categories: ['killing', 'attack_on_school'],
});

const ready = (page: Page) => page.locator('[data-testid="detection-list"][data-state="ready"]').waitFor({ timeout: 30_000 });

describe('reviewing detections in bulk in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession | undefined;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOT_PREFIX);
    await mkdir(join(ARTIFACTS, 'screenshots'), { recursive: true });
    haven = await startHaven({ incidents: 40 });
    const { ctx, actor } = haven;
    await createSite(ctx, actor, { name: 'North school', category: 'school', geometry: { type: 'Point', coordinates: [37.8, 48.0] }, country: 'UKR', source: { dataset: 'browser-test' } });
    await createSite(ctx, actor, { name: 'South school', category: 'school', geometry: { type: 'Point', coordinates: [37.8, 47.0] }, country: 'UKR', source: { dataset: 'browser-test' } });
    // A safe area around the north school: its incidents are also detections of another kind.
    await createZone(ctx, actor, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [37.8, 48.0] },
      properties: { name: 'North safe area', kind: 'safe_haven', widthKm: 6, validFrom: '2022-01-01', partiesBound: [], status: 'in_force', source: { dataset: 'browser-test' } },
    });
    await recordIncident(ctx, actor, attack('Shelling of the north school', '2022-03-10', 48.0036));
    await recordIncident(ctx, actor, attack('Second shelling of the north school', '2022-03-12', 48.0036));
    await recordIncident(ctx, actor, attack('Raid on the north school', '2022-03-14', 48.0018));
    await recordIncident(ctx, actor, attack('Shelling of the south school', '2022-03-11', 47.0036));
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    // A human security advisor: reads monitoring and may review detections.
    await logIn(page, haven.url, await addUser(haven, 'human_security_advisor'));
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOT_PREFIX);

  it('groups the queue by site, selects a whole group by keyboard and dismisses it with one reason', { timeout: 90_000 }, async () => {
    await page.goto(`${haven.url}/${QUEUE}`);
    await ready(page);
    await page.getByTestId('detection-grouping').selectOption('site');
    await ready(page);
    const groups = page.getByTestId('detection-group');
    expect(await groups.evaluateAll((all) => all.map((g) => g.textContent))).toEqual([
      expect.stringContaining('North school (3 open · 0 confirmed · 0 dismissed)'),
      expect.stringContaining('South school (1 open · 0 confirmed · 0 dismissed)'),
    ]);
    const north = groups.filter({ hasText: 'North school' });

    // Opened by keyboard: its three detections, each with its own checkbox.
    await north.getByTestId('detection-group-toggle').focus();
    await page.keyboard.press('Enter');
    expect(await north.getByTestId('detection-group-toggle').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => north.getByTestId('detection-item').count()).toBe(3);

    // The group's checkbox by keyboard: all three selected; one unticked, then the group again.
    expect(await page.getByTestId('bulk-confirm').isDisabled()).toBe(true);
    await north.getByTestId('detection-group-select').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    expect(await north.getByTestId('detection-select').evaluateAll((boxes) => boxes.map((b) => (b as unknown as { checked: boolean }).checked))).toEqual([true, true, true]);
    await north.getByTestId('detection-select').first().uncheck();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    expect(await north.getByTestId('detection-group-select').evaluate((b) => (b as unknown as { indeterminate: boolean }).indeterminate)).toBe(true);
    await north.getByTestId('detection-group-select').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    expect(await page.getByTestId('bulk-dismiss').textContent()).toBe('Dismiss 3');

    await page.getByTestId('bulk-dismiss').click();
    // Too short to be a reason: the form refuses it and nothing is sent.
    await page.getByTestId('bulk-reason').fill('no');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('bulk-reason').evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    await screenshotOf(page, 'screenshots/detection-review-bulk-reason-1280');
    await page.getByTestId('bulk-reason').fill('The north school was closed and empty all month');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="bulk-message"][data-outcome="done"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bulk-message').textContent()).toBe('Dismissed 3 detections.');
    await ready(page);

    // The open queue no longer holds the north school; over every status, its counts moved.
    expect(await groups.evaluateAll((all) => all.map((g) => g.querySelector('.detection-group-label')?.textContent))).toEqual(['South school']);
    expect(await page.getByTestId('bulk-count').textContent()).toContain('Select detections');
    await page.getByTestId('detection-status-filter').selectOption('any');
    await ready(page);
    expect(await groups.filter({ hasText: 'North school' }).getByTestId('detection-group-counts').textContent()).toBe('(0 open · 0 confirmed · 3 dismissed)');
    await screenshotOf(page, 'screenshots/detection-review-by-site-1280');

    // As stored: dismissed, by the advisor, with the one reason.
    const stored = await listDetections(haven.ctx, haven.actor, { kind: 'protected_site', country: 'UKR', limit: 100 });
    const northSchool = stored.items.filter((d) => d.evidence?.site.name === 'North school');
    expect(northSchool.map((d) => [d.status, d.review?.reason, d.review?.by.username])).toEqual(
      Array.from({ length: 3 }, () => ['dismissed', 'The north school was closed and empty all month', 'human_security_advisor-browser']),
    );
  });

  it('filters the queue by kind and grade, and groups it by incident', { timeout: 90_000 }, async () => {
    await page.goto(`${haven.url}/${QUEUE}`);
    await ready(page);
    await page.getByTestId('detection-status-filter').selectOption('any');
    await ready(page);
    await page.getByTestId('detection-kind-filter').selectOption('humanitarian_space');
    await ready(page);
    const kinds = await page.getByTestId('detection-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
    // The three attacks in the safe area.
    expect(kinds).toEqual(['humanitarian_space', 'humanitarian_space', 'humanitarian_space']);
    await page.getByTestId('detection-kind-filter').selectOption('protected_site');
    await ready(page);
    expect(await page.getByTestId('detection-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(Array.from({ length: 4 }, () => 'protected_site'));
    await page.getByTestId('detection-grade-filter').selectOption('possible');
    await ready(page);
    expect(await page.getByTestId('detection-item').count()).toBe(0);
    await page.getByTestId('detection-grade-filter').selectOption('any');
    await ready(page);

    await page.getByTestId('detection-grouping').selectOption('incident');
    await ready(page);
    const labels = await page.locator('[data-testid="detection-group"] .detection-group-label').allTextContents();
    // The one with an open detection first, then the latest incidents.
    expect(labels).toEqual(['Shelling of the south school (2022-03-11)', 'Raid on the north school (2022-03-14)', 'Second shelling of the north school (2022-03-12)', 'Shelling of the north school (2022-03-10)']);
    expect(await page.getByTestId('detection-group').first().locator('a', { hasText: 'open the incident' }).count()).toBe(1);
    // Every group is shown: nothing more to ask for.
    expect(await page.getByTestId('detection-groups-more').isHidden()).toBe(true);
    await screenshotOf(page, 'screenshots/detection-review-by-incident-1280');
  });
});
