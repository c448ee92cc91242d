import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, startHaven } from './browser-harness.js';

const SCREENSHOTS = 'failure-login-weight-';
/** MapLibre and the country shapes, as the build names their chunks (vite.config.ts). */
const MAP_CODE = /\/assets\/(maplibre|world)-[^/]*\.(js|css)$/;

describe('the login page in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 3 });
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('fetches neither MapLibre nor the country shapes before someone signs in, and both after', { timeout: 90_000 }, async () => {
    const page = session.page;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));

    const shell = await (await fetch(haven.url)).text();
    expect(shell).toContain('<script type="module"');
    expect(shell).not.toMatch(/maplibre|world-/);

    await page.goto(haven.url);
    await page.getByTestId('login-view').waitFor();
    await page.waitForLoadState('networkidle');
    expect(requested.some((path) => path.startsWith('/assets/') && path.endsWith('.js'))).toBe(true);
    expect(requested.filter((path) => MAP_CODE.test(path))).toEqual([]);

    await logIn(page, haven.url, haven.admin);
    await page.waitForLoadState('networkidle');
    const mapCode = requested.filter((path) => MAP_CODE.test(path));
    expect(mapCode.some((path) => path.includes('/maplibre-'))).toBe(true);
    expect(mapCode.some((path) => path.includes('/world-'))).toBe(true);
  });
});
