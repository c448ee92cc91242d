import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, REPO_ROOT, rows, startHaven, summaryCount, waitForMap } from './browser-harness.js';

/** 6 rows: 4 valid incidents whose titles end in "(fixture)", and rows 7 and 8 (of the file) wrong on purpose. */
const FIXTURE = join(REPO_ROOT, 'test/fixtures/hxl-incidents.csv');
const SCREENSHOTS = 'failure-import-export-';
/** A job's progress, as the dialog polls it (not its rejections report). */
const JOB_POLL = /\/api\/v1\/imports\/[0-9a-f-]{36}$/;

/** Clicks something that starts a download and waits for the file. */
async function download(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string }> {
  const [started] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await started.path();
  return { download: started, text: await readFile(path, 'utf8') };
}

async function summaryBecomes(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 15_000 }).toBe(String(count));
}

describe('importing and exporting in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let analyst: { username: string; password: string };
  let viewer: { username: string; password: string };
  let fixture: string;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 200 });
    analyst = await addUser(haven, 'analyst');
    viewer = await addUser(haven, 'viewer');
    fixture = await readFile(FIXTURE, 'utf8');
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('imports a file as an analyst: live progress, the outcome, the report of rejected rows, and the new incidents shown', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, analyst);
    await waitForMap(page);
    const before = await summaryCount(page);
    expect(before).toBe(200);

    const dialog = page.getByTestId('import-dialog');
    await page.getByTestId('import-button').click();
    await dialog.waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).toBe(
      'import-file',
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('import-button').click();
    await dialog.getByTestId('import-submit').click();
    expect(await dialog.locator('[data-error-for="file"]').textContent()).toContain('choose a file to import');

    // The data set name is asked for only where it counts: HXL, or a format still to be detected.
    expect(await dialog.getByTestId('import-dataset').isVisible()).toBe(true);
    await dialog.getByTestId('import-format').selectOption('geojson');
    expect(await dialog.getByTestId('import-dataset').isVisible()).toBe(false);
    await dialog.getByTestId('import-format').selectOption('hxl');
    await dialog.getByTestId('import-dataset').fill('fixture');
    await dialog.getByTestId('import-file').setInputFiles(FIXTURE);
    expect(await dialog.getByTestId('import-chosen').textContent()).toContain('hxl-incidents.csv');
    expect(await dialog.locator('[data-error-for="file"]').isHidden()).toBe(true);

    // The job's progress answers are held back, so the running state stays on screen long enough to look at.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(JOB_POLL, async (route) => {
      await held;
      await route.continue();
    });
    await dialog.getByTestId('import-submit').click();
    const progress = dialog.getByTestId('import-progress');
    await dialog.locator('[data-testid="import-progress"][data-state="running"]').waitFor();
    expect(await progress.getByTestId('import-phase').textContent()).toBe('Importing hxl-incidents.csv');
    expect(await progress.getByTestId('import-upload-text').textContent()).toMatch(/^1\.\d KB of 1\.\d KB \(100%\)$/);
    expect(await progress.getByTestId('import-read-bar').isVisible()).toBe(true);
    expect(await progress.getByTestId('import-count-created').textContent()).toBe('0');
    expect(await dialog.getByTestId('import-submit').isDisabled()).toBe(true);
    expect(await dialog.getByTestId('import-outcome').isHidden()).toBe(true);
    await session.screenshot('import-dialog-running');
    release();
    // Waits for the held handler to pass its request on: unrouting under it would continue that request twice.
    await page.unrouteAll({ behavior: 'wait' });

    await dialog.locator('[data-testid="import-progress"][data-state="succeeded"]').waitFor();
    const outcome = dialog.getByTestId('import-outcome');
    expect(await outcome.textContent()).toContain('4 created, 0 updated, 0 unchanged, 2 rejected');
    expect(await outcome.textContent()).toContain('6 rows read as HXL');
    const counts = Object.fromEntries(
      await Promise.all(['rows', 'created', 'updated', 'unchanged', 'rejected'].map(async (key) => [key, await progress.getByTestId(`import-count-${key}`).textContent()] as const)),
    );
    expect(counts).toEqual({ rows: '6', created: '4', updated: '0', unchanged: '0', rejected: '2' });
    expect(await progress.getByTestId('import-read-text').textContent()).toMatch(/\(100%\)$/);
    expect(await dialog.getByTestId('import-submit').isEnabled()).toBe(true);
    await dialog.locator('[data-testid="import-history-row"][data-status="succeeded"]').waitFor();
    expect(await dialog.getByTestId('import-history-row').count()).toBe(1);
    expect(await dialog.getByTestId('import-history-row').textContent()).toContain('hxl-incidents.csv');
    await session.screenshot('import-dialog-done');

    const report = await download(page, () => outcome.getByTestId('import-rejections').click());
    expect(report.download.suggestedFilename()).toMatch(/^import-[0-9a-f-]+-rejections\.csv$/);
    const rejected = parse<{ row: string; field: string; reason: string }>(report.text, { columns: true });
    expect(rejected.map((r) => [r.row, r.field])).toEqual([
      ['7', 'location.lat'],
      ['8', '#date+occurred'],
    ]);
    expect(rejected.every((r) => r.reason.length > 0)).toBe(true);

    // The summary, the list and the map asked again when the job finished, with the dialog still open.
    await summaryBecomes(page, before + 4);
    await dialog.getByTestId('import-close').click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('filter-q').fill('(fixture)');
    await page.getByTestId('filter-apply').click();
    await summaryBecomes(page, 4);
    const imported = await rows(page);
    expect(imported).toHaveLength(4);
    for (const row of imported) expect(row.title).toContain('(fixture)');
    expect(imported.map((r) => r.country).sort()).toEqual(['CMR', 'NER', 'NGA', 'TCD']);
    await waitForMap(page);
    expect(await page.getByTestId('map').getAttribute('data-total')).toBe('4');
  });

  it('takes a dropped file, and says plainly why a strict import failed and that nothing was imported', { timeout: 60_000 }, async () => {
    await page.goto(haven.url);
    const before = await summaryCount(page);
    await page.getByTestId('import-button').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();

    const transfer = await page.evaluateHandle((text) => {
      const web = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dataTransfer = new web.DataTransfer();
      dataTransfer.items.add(new web.File([text.replaceAll('T-00', 'S-00')], 'dropped.csv', { type: 'text/csv' }));
      return dataTransfer;
    }, fixture);
    await dialog.dispatchEvent('dragover', { dataTransfer: transfer });
    expect(await dialog.getAttribute('class')).toContain('dragging');
    await dialog.dispatchEvent('drop', { dataTransfer: transfer });
    expect(await dialog.getAttribute('class')).not.toContain('dragging');
    expect(await dialog.getByTestId('import-chosen').textContent()).toContain('dropped.csv');

    await dialog.getByTestId('import-format').selectOption('');
    await dialog.getByTestId('import-dataset').fill('strict-fixture');
    await dialog.getByTestId('import-strict').check();
    await dialog.getByTestId('import-submit').click();
    await dialog.locator('[data-testid="import-progress"][data-state="failed"]').waitFor();
    const outcome = dialog.getByTestId('import-outcome');
    expect(await outcome.getByTestId('import-error').textContent()).toMatch(/^2 of 6 rows rejected; nothing was imported \(strict\)/);
    expect(await dialog.getByTestId('import-count-created').textContent()).toBe('0');
    expect(await outcome.getByTestId('import-rejections').isVisible()).toBe(true);
    await dialog.locator('[data-testid="import-history-row"][data-status="failed"]').waitFor();
    expect(await dialog.getByTestId('import-history-row').count()).toBe(2);
    await session.screenshot('import-dialog-failed');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await summaryCount(page)).toBe(before);
  });

  it('exports the filtered incidents as Haven CSV, and closes the menu with Escape', { timeout: 60_000 }, async () => {
    await page.goto(`${haven.url}/?q=${encodeURIComponent('(fixture)')}`);
    await summaryBecomes(page, 4);
    const button = page.getByTestId('export-button');
    const menu = page.getByTestId('export-menu');

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getByTestId('export-note').textContent()).toContain('never included');
    expect(await menu.getByTestId('export-scope').textContent()).toContain('match the current filter');
    await session.screenshot('export-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    await button.click();
    const csv = await download(page, () => menu.getByTestId('export-csv').click());
    await menu.waitFor({ state: 'hidden' });
    expect(csv.download.suggestedFilename()).toMatch(/^haven-incidents-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...records] = parse(csv.text);
    expect(header).toEqual(expect.arrayContaining(['id', 'title', 'country', 'killed_best']));
    expect(records).toHaveLength(4);
    const title = header!.indexOf('title');
    for (const record of records) expect(record[title]).toContain('(fixture)');
  });

  it('shows a viewer Export but not Import, and exports for them too', { timeout: 60_000 }, async () => {
    await page.goto(haven.url);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-view').waitFor();
    await logIn(page, haven.url, viewer);
    expect(await page.getByTestId('current-role').textContent()).toBe('Viewer');
    expect(await page.getByTestId('import-button').count()).toBe(0);
    expect(await page.getByTestId('import-dialog').count()).toBe(0);
    expect(await page.getByTestId('export-button').isVisible()).toBe(true);

    await page.getByTestId('filter-q').fill('(fixture)');
    await page.getByTestId('filter-apply').click();
    await summaryBecomes(page, 4);
    await page.getByTestId('export-button').click();
    const geojson = await download(page, () => page.getByTestId('export-geojson').click());
    const collection = JSON.parse(geojson.text) as { type: string; features: { properties: Record<string, unknown> }[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(4);
  });
});
