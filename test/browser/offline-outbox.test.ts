import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvidence, listEvidence } from '../../src/application/evidence.service.js';
import { getIncident, incidentAuditTrail } from '../../src/application/incident.service.js';
import type { Actor } from '../../src/application/app-context.js';
import { PLAIN_JPEG } from '../support/evidence-files.js';
import { addUser, type BrowserSession, clearFailureScreenshots, type HavenServer, logIn, openBrowser, startHaven } from './browser-harness.js';

/**
 * Haven without a network, in Chromium: the service worker opens the app offline, an incident with a photo is kept in
 * the encrypted outbox (and survives reloads, still encrypted), and is sent when the network returns — hashed at
 * capture, received once even when the first answer is lost on the way.
 */
const SCREENSHOTS = 'failure-offline-outbox-';
const PASSPHRASE = 'a field passphrase, long enough';
const NARRATIVE = 'Shelling struck the Gwoza market at dawn; a trader named Hauwa saw the stalls burn';

/** What failing requests look like while the browser is offline on purpose: not a fault of the app. */
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_NETWORK_CHANGED|Failed to load resource: net::|the server cannot be reached/;

/**
 * Every value in the raw IndexedDB of the outbox, as text (byte arrays decoded), read by the page itself; and the
 * submissions' ids (kept in clear: random UUIDs). Page code as text: it runs in the browser, not under Node's types.
 */
const RAW_OUTBOX = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('haven-outbox');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const texts = [];
  const walk = (value) => {
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      texts.push(new TextDecoder().decode(bytes), String.fromCharCode(...bytes));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    else texts.push(String(value));
  };
  const all = (store) => new Promise((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  for (const store of db.objectStoreNames) walk(await all(store));
  const submissionIds = (await all('submissions')).map((row) => row.id);
  db.close();
  return { text: texts.join('\\n'), submissionIds };
})()`;
const rawOutbox = (page: Page) => page.evaluate<{ text: string; submissionIds: string[] }>(RAW_OUTBOX);

/** The paths of every response held in Cache Storage. */
const CACHED_PATHS = `(async () => {
  const paths = [];
  for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
  return paths;
})()`;
const cachedUrls = (page: Page) => page.evaluate<string[]>(CACHED_PATHS);

describe('recording without a network, in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let dir: string;
  let analyst: { username: string; password: string };
  let actor: Actor;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 5 });
    analyst = await addUser(haven, 'analyst');
    const user = await haven.ctx.store.users.findByUsername(haven.ctx.store.connection.db, analyst.username);
    actor = { id: user!.id, username: user!.username, role: user!.role };
    dir = await mkdtemp(join(tmpdir(), 'haven-offline-browser-'));
    session = await openBrowser();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens offline, keeps an incident with a photo encrypted across reloads, and sends it once when the network returns', { timeout: 180_000 }, async () => {
    try {
      const photoPath = join(dir, 'market.jpg');
      await writeFile(photoPath, PLAIN_JPEG);
      const photoSha256 = createHash('sha256').update(PLAIN_JPEG).digest('hex');

      await logIn(page, haven.url, analyst);
      // Installed after sign-in; the page is controlled once the shell and the offline map are precached.
      // A function, not a string: a string predicate would be evaluated in the page, which its CSP forbids.
      await page.waitForFunction(() => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000 });
      // Browsing the register asks for incidents: none of those answers may be kept by the service worker.
      await page.locator('.incident-list[data-state="ready"]').waitFor();
      const cachedOnline = await cachedUrls(page);
      expect(cachedOnline.some((path) => path.startsWith('/assets/maplibre-'))).toBe(true);
      expect(cachedOnline.filter((path) => path.startsWith('/api/') && path !== '/api/v1/taxonomy' && !path.startsWith('/api/v1/basemap'))).toEqual([]);

      await page.context().setOffline(true);
      await page.reload();
      await page.getByTestId('offline-view').waitFor();

      await page.getByTestId('new-incident').click();
      const form = page.getByTestId('incident-form');
      await form.waitFor();
      await form.getByTestId('form-title').fill('Market shelling, Gwoza (recorded offline)');
      await form.locator('[name="narrative"]').fill(NARRATIVE);
      await form.getByTestId('form-country').fill('NGA');
      await form.getByTestId('form-lat').fill('11.08');
      await form.getByTestId('form-lon').fill('13.69');
      await form.getByTestId('form-themes').getByLabel('Protection of civilians').check();
      await form.getByTestId('form-categories').getByLabel('Killing', { exact: true }).check();
      await form.getByTestId('casualties-add').click();
      await form.locator('[name="casualties.0.best"]').fill('3');
      await form.getByTestId('sources-add').click();
      await form.locator('[name="sources.0.description"]').fill('A trader at the market, in person');
      await form.getByTestId('form-files').setInputFiles(photoPath);
      const attachment = form.getByTestId('form-attachment');
      await attachment.waitFor();
      const hashInPage = await attachment.getAttribute('data-sha256');
      expect(hashInPage).toBe(photoSha256);

      await form.getByTestId('form-save').click();
      const passphrase = page.getByTestId('outbox-passphrase-dialog');
      await passphrase.waitFor();
      await passphrase.getByTestId('outbox-passphrase').fill(PASSPHRASE);
      await passphrase.getByTestId('outbox-passphrase-confirm').fill(PASSPHRASE);
      await passphrase.getByTestId('outbox-passphrase-submit').click();
      await page.getByTestId('incident-form-dialog').waitFor({ state: 'hidden' });
      expect(await page.getByTestId('outbox-notice').textContent()).toContain('kept on this device, encrypted');
      await expect.poll(() => page.getByTestId('outbox-indicator').textContent()).toBe('1 waiting to send');

      const kept = await rawOutbox(page);
      expect(kept.submissionIds).toHaveLength(1);
      const incidentId = kept.submissionIds[0]!;
      for (const secret of [NARRATIVE, 'Hauwa', 'Gwoza', 'market.jpg', photoSha256]) expect(kept.text).not.toContain(secret);

      await page.reload();
      await page.getByTestId('offline-view').waitFor();
      await expect.poll(() => page.getByTestId('outbox-indicator').textContent()).toBe('1 waiting to send (locked)');
      const afterReload = await rawOutbox(page);
      expect(afterReload.submissionIds).toEqual([incidentId]);
      expect(afterReload.text).not.toContain(NARRATIVE);

      // The first POST reaches the server, but its answer is lost on the way back: the outbox must resend safely.
      let cut = true;
      await page.route('**/api/v1/incidents', async (route) => {
        if (route.request().method() !== 'POST' || !cut) return route.fallback();
        cut = false;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.context().setOffline(false);
      await page.getByTestId('app').waitFor();
      await page.getByTestId('outbox-indicator').click();
      const unlock = page.getByTestId('outbox-passphrase-dialog');
      await unlock.waitFor();
      await unlock.getByTestId('outbox-passphrase').fill('not the passphrase');
      await unlock.getByTestId('outbox-passphrase-submit').click();
      await expect.poll(() => unlock.getByTestId('outbox-passphrase-error').textContent()).toBe('that is not the offline passphrase of this outbox');
      await unlock.getByTestId('outbox-passphrase').fill(PASSPHRASE);
      await unlock.getByTestId('outbox-passphrase-submit').click();
      const panel = page.getByTestId('outbox-panel');
      await panel.getByTestId('outbox-entry').waitFor();
      expect(await panel.getByTestId('outbox-file').getAttribute('data-sha256')).toBe(photoSha256);

      await panel.getByTestId('outbox-send-now').click();
      await expect.poll(() => panel.getByTestId('outbox-status').textContent()).toContain('cannot be reached');
      expect(cut).toBe(false);
      await panel.getByTestId('outbox-send-now').click();
      await expect.poll(() => panel.getByTestId('outbox-status').textContent()).toBe('Sent 1.');
      await page.getByTestId('outbox-indicator').waitFor({ state: 'hidden' });
      expect((await rawOutbox(page)).submissionIds).toEqual([]);

      // On the server: the incident once, under the id the device chose; the photo linked to it, hashed as captured.
      const incident = await getIncident(haven.ctx, actor, incidentId);
      expect(incident.narrative).toBe(NARRATIVE);
      expect((await incidentAuditTrail(haven.ctx, actor, incidentId)).filter((e) => e.action === 'incident.create')).toHaveLength(1);
      const evidence = await listEvidence(haven.ctx, actor, { incidentId });
      expect(evidence).toHaveLength(1);
      expect(evidence[0]!.sha256).toBe(hashInPage);
      const custody = (await getEvidence(haven.ctx, actor, evidence[0]!.id)).custody;
      expect(custody.map((e) => e.kind).slice(0, 2)).toEqual(['captured', 'received']);
      expect(custody[0]!.details).toMatchObject({ capturedSha256: photoSha256, where: 'on the device' });

      // Still nothing holding records in Cache Storage.
      expect((await cachedUrls(page)).filter((path) => path.startsWith('/api/v1/incidents') || path.startsWith('/api/v1/evidence'))).toEqual([]);
      expect(session.takeProblems().filter((problem) => !OFFLINE_NOISE.test(problem))).toEqual([]);
    } catch (error) {
      await session.screenshot(`${SCREENSHOTS}flow`).catch(() => undefined);
      throw error;
    }
  });
});
