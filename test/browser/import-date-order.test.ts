import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, REPO_ROOT, startHaven, summaryCount, waitForMap } from './browser-harness.js';

/** Five real GED events saved by Excel in a US locale, none with a day above 12: the dates fit both orders. */
const UNDECIDED = join(REPO_ROOT, 'test/fixtures/dates/ged-excel-us-undecided.csv');
/** The same kind of file where some days are above 12: the data decide, nothing is asked. */
const DECIDED = join(REPO_ROOT, 'test/fixtures/dates/ged-excel-us.csv');
const SCREENSHOTS = 'failure-import-date-order-';

describe('the import dialog asks for the date order when the file cannot tell', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let analyst: { username: string; password: string };

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 20 });
    analyst = await addUser(haven, 'analyst');
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('fails the job naming the column and sample dates, shows the choice, and imports again as told', { timeout: 90_000 }, async () => {
    await logIn(page, haven.url, analyst);
    await waitForMap(page);
    const before = await summaryCount(page);

    const dialog = page.getByTestId('import-dialog');
    await page.getByTestId('import-button').click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('import-date-order-field').isHidden()).toBe(true);
    await dialog.getByTestId('import-file').setInputFiles(UNDECIDED);
    await dialog.getByTestId('import-submit').click();

    await dialog.locator('[data-testid="import-progress"][data-state="failed"]').waitFor();
    await dialog.getByTestId('import-date-order-field').waitFor();
    const question = await dialog.getByTestId('import-date-order-question').textContent();
    expect(question).toContain('date_start');
    expect(question).toContain('"1/3/2013 0:00"');
    expect(await dialog.getByTestId('import-count-created').textContent()).toBe('0');
    await session.screenshot('import-dialog-date-order-asked');

    // The question must be answered before the file goes up again.
    await dialog.getByTestId('import-submit').click();
    expect(await dialog.locator('#import-error-dateOrder').textContent()).toContain('day first or month first');

    await dialog.getByTestId('import-date-order').selectOption('mdy');
    await dialog.getByTestId('import-submit').click();
    await dialog.locator('[data-testid="import-progress"][data-state="succeeded"]').waitFor();
    expect(await dialog.getByTestId('import-count-created').textContent()).toBe('5');
    expect(await dialog.getByTestId('import-count-rejected').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 15_000 }).toBe(String(before + 5));

    // Another file starts afresh: its dates decide, so nothing is asked.
    await dialog.getByTestId('import-file').setInputFiles(DECIDED);
    expect(await dialog.getByTestId('import-date-order-field').isHidden()).toBe(true);
    await dialog.getByTestId('import-submit').click();
    await dialog.locator('[data-testid="import-progress"][data-state="succeeded"]').waitFor();
    expect(await dialog.getByTestId('import-count-rejected').textContent()).toBe('0');
    expect(await dialog.getByTestId('import-date-order-field').isHidden()).toBe(true);
  });
});
