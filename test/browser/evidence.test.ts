import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvidence } from '../../src/application/evidence.service.js';
import { jpegWithMetadata, PLAIN_JPEG, SECRET_COMMENT } from '../support/evidence-files.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, openPerson, rows, startHaven, watchPage } from './browser-harness.js';

const SCREENSHOTS = 'failure-evidence-';

async function openFirstIncident(page: Page): Promise<string> {
  const [first] = await rows(page);
  await page.locator(`[data-testid="incident-row"][data-id="${first!.id}"]`).click();
  await page.locator('[data-testid="incident-detail"][data-state="ready"]').waitFor();
  return first!.id;
}

describe('evidence on an incident, in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let dir: string;
  let investigator: { username: string; password: string };
  let viewer: { username: string; password: string };

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 30 });
    investigator = await addUser(haven, 'investigator');
    viewer = await addUser(haven, 'viewer');
    dir = await mkdtemp(join(tmpdir(), 'haven-evidence-browser-'));
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('uploads a photo as an investigator, lists it with its hash, downloads the stripped working copy and opens the custody report', { timeout: 90_000 }, async () => {
    const photo = jpegWithMetadata({ make: 'Acme', model: 'Witness 3', dateTimeOriginal: '2024:03:05 14:30:00', lat: 12.5, lon: -7.25 });
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const file = join(dir, 'scene photo.jpg');
    await writeFile(file, photo);

    await logIn(page, haven.url, investigator);
    const incidentId = await openFirstIncident(page);
    const section = page.getByTestId('detail-evidence');
    await page.locator('[data-testid="detail-evidence"][data-state="ready"]').waitFor();
    expect(await section.getByTestId('evidence-list').textContent()).toContain('No evidence yet.');

    await section.getByTestId('evidence-file').setInputFiles(file);
    await section.getByTestId('evidence-source').fill('a witness at the market');
    await section.getByTestId('evidence-upload').click();
    const row = section.getByTestId('evidence-item');
    await row.waitFor();
    expect(await row.locator('.evidence-name').textContent()).toBe('scene photo.jpg');
    const hash = row.getByTestId('evidence-hash');
    expect(await hash.textContent()).toBe(`${sha256.slice(0, 12)}…`);
    expect(await hash.getAttribute('title')).toBe(sha256);
    expect(await section.getByTestId('evidence-status').textContent()).toContain(sha256);
    expect(await row.textContent()).toContain(investigator.username);

    const itemId = (await row.getAttribute('data-id'))!;
    const stored = await getEvidence(haven.ctx, { id: 'test', username: 'test', role: 'investigator' }, itemId);
    expect(stored).toMatchObject({ sha256, source: 'a witness at the market', incidentIds: [incidentId], capture: { make: 'Acme', gps: { lat: 12.5, lon: -7.25 } } });

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('evidence-working').click()]);
    const working = await readFile(await download.path());
    expect(working.equals(PLAIN_JPEG)).toBe(true);
    expect(working.includes(SECRET_COMMENT)).toBe(false);

    const [popup] = await Promise.all([page.waitForEvent('popup'), row.getByTestId('evidence-custody-report').click()]);
    const report = watchPage(popup);
    await popup.waitForLoadState('load');
    expect(await popup.locator('h1').textContent()).toBe('Chain of custody report');
    const text = await popup.locator('body').textContent();
    expect(text).toContain(sha256);
    expect(text).toContain('a witness at the market');
    for (const what of ['Received (original preserved)', 'Working copy made', 'Accessed (downloaded)']) expect(text).toContain(what);
    // The linked stylesheet applied under the CSP (no inline styles): hashes are set in a monospace face.
    // Runs in the page; the test project is type-checked without the DOM library, so name what it uses.
    const font = await popup
      .locator('.hash')
      .first()
      .evaluate((el) => (globalThis as unknown as { getComputedStyle(element: unknown): { fontFamily: string } }).getComputedStyle(el).fontFamily);
    expect(font).toMatch(/mono/i);
    expect(report.takeProblems()).toEqual([]);
    await popup.close();
  });

  it('shows no evidence to a viewer', { timeout: 60_000 }, async () => {
    const person = await openPerson(session.browser);
    try {
      await logIn(person.page, haven.url, viewer);
      await openFirstIncident(person.page);
      expect(await person.page.getByTestId('detail-evidence').count()).toBe(0);
      expect(person.takeProblems()).toEqual([]);
    } finally {
      await person.page.context().close();
    }
  });
});
