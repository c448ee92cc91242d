/**
 * Browser tests drive the real thing: the web app built by Vite, served by the real server on a real database with
 * the exercise scenario loaded, in the system's Chromium (see ../shared/design/browser-and-map.md).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/infrastructure/pdf-renderer.js';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { bootstrapAdministrator, createUserAsOperator } from '../../src/application/auth.service.js';
import { loadExerciseScenario } from '../../src/application/demo.service.js';
import type { Role } from '../../src/core/access-control.js';
import type { BasemapArchive } from '../../src/core/basemap.schema.js';
import { openTestStore, type TestStore } from '../support/databases.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

/**
 * The web app, built once per test run with the project's own Vite config and shared by every browser test file
 * (a build takes about fifteen seconds of CPU; thirty files building their own took minutes of a CI run). Files run
 * in parallel worker processes: the first to ask takes a lock (an atomic mkdir) and builds into the run's folder
 * (from global setup, so a run never serves an older run's build); the others wait for its marker.
 */
export function buildWebApp(): Promise<string> {
  sharedBuild ??= buildOrWaitForShared(inject('webBuildDir'));
  return sharedBuild;
}

let sharedBuild: Promise<string> | undefined;
const BUILD_WAIT_MS = 300_000;

async function buildOrWaitForShared(outDir: string): Promise<string> {
  const built = `${outDir}.built`;
  const failed = `${outDir}.failed`;
  if (!(await takeBuildLock(`${outDir}.lock`))) {
    for (const deadline = Date.now() + BUILD_WAIT_MS; Date.now() < deadline; await delay(250)) {
      if (existsSync(built)) return outDir;
      if (existsSync(failed)) throw new Error(`the shared web build failed in another test file: ${await readFile(failed, 'utf8')}`);
    }
    throw new Error(`no shared web build in ${outDir} after ${BUILD_WAIT_MS / 1000} s`);
  }
  try {
    // Imported here: Vite takes a second or two to load, and only the file that builds needs it.
    const { build } = await import('vite');
    await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    await writeFile(built, '');
    return outDir;
  } catch (error) {
    await writeFile(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  }
}

/** True when this process made the lock folder; false when another had made it first. */
async function takeBuildLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock, { recursive: false });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Screenshots of failures from an earlier run would mislead whoever looks at the folder next. A test file that runs
 * beside others clears only its own (its screenshots' names start with `prefix`).
 */
export async function clearFailureScreenshots(prefix = 'failure-'): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const name of await readdir(ARTIFACTS)) {
    if (name.startsWith(prefix) && name.endsWith('.png')) await rm(join(ARTIFACTS, name));
  }
}

export interface HavenServer {
  url: string;
  ctx: AppContext;
  admin: { username: string; password: string };
  /** The administrator, for changes made behind the browser's back. */
  actor: Actor;
  close(): Promise<void>;
}

/**
 * A server on a fresh SQLite database with an administrator and the exercise scenario. Build the web app first: the
 * static file server lists the built files when it starts.
 */
export async function startHaven(options: { incidents: number; basemap?: BasemapArchive }): Promise<HavenServer> {
  const webRoot = await buildWebApp();
  const test: TestStore = await openTestStore('sqlite');
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  // Evidence files go to a temporary directory of this server's own, never to data/evidence.
  const evidenceDir = await mkdtemp(join(tmpdir(), 'haven-browser-evidence-'));
  try {
    const ctx = createAppContext(test.store, { evidenceDir });
    const admin = await bootstrapAdministrator(ctx);
    if (!admin) throw new Error('a fresh database already had users');
    const user = await test.store.users.findByUsername(test.store.connection.db, admin.username);
    const actor: Actor = { id: user!.id, username: user!.username, role: user!.role };
    const report = await loadExerciseScenario(ctx, actor, { incidents: options.incidents });
    if (report.rejected.length > 0) throw new Error(`the exercise scenario was rejected: ${JSON.stringify(report.rejected.slice(0, 3))}`);
    app = await buildServer(ctx, { webRoot, ...(options.basemap && { basemap: options.basemap }) });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const server = app;
    return {
      url,
      ctx,
      admin,
      actor,
      async close() {
        try {
          await server.close();
        } finally {
          await test.cleanup();
          await rm(evidenceDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await app?.close();
    await test.cleanup();
    await rm(evidenceDir, { recursive: true, force: true });
    throw error;
  }
}

/** A user of the given role on the server, made from the shell as an operator would; returns how to log in. */
export async function addUser(haven: HavenServer, role: Role): Promise<{ username: string; password: string }> {
  const credentials = { username: `${role}-browser`, password: `a long ${role} passphrase for the browser` };
  await createUserAsOperator(haven.ctx, { ...credentials, role, displayName: `A ${role}` });
  return credentials;
}

/** MapLibre on software WebGL reports this as a console warning on every frame read back; it is not a fault. */
const KNOWN_NOISE = [/GPU stall due to ReadPixels/];

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Console errors, page errors, failed requests and server errors since the last call; then forgets them. */
  takeProblems(): string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Registers, in the describe block that calls it, what every browser test needs: a screenshot when a test fails, and
 * no console error, page error, failed request or server error while it ran.
 */
export function checkEachTest(session: () => BrowserSession | undefined, screenshotPrefix: string): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const path = await session()
        ?.screenshot(`${screenshotPrefix}${task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`)
        .catch(() => 'none');
      console.error(`screenshot of the failed test "${task.name}": ${path ?? 'none'}`);
    });
  });
  afterEach(() => {
    expect(session()?.takeProblems() ?? [], 'errors in the browser during this test').toEqual([]);
  });
}

/** What a test watches on one page: console errors, page errors, failed requests and server errors. */
export interface PageWatch {
  page: Page;
  /** The problems since the last call; then forgets them. */
  takeProblems(): string[];
}

/**
 * Chromium files a Content Security Policy violation (an `eval` the policy blocks, even one the page catches) under
 * DevTools' issues, not always in the console: every page of the context says each one in its console itself, where
 * `watchPage` catches it. The script is injected by the browser, outside the page's policy.
 */
export async function reportCspViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('Content Security Policy violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code') + ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber);
    });`,
  });
}

/** Whatever the console says about the Content Security Policy is a fault of the app, whatever its level. */
const CSP_MESSAGE = /Content Security Policy|unsafe-eval/i;

export function watchPage(page: Page): PageWatch {
  let problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (CSP_MESSAGE.test(text)) {
      problems.push(`CSP: ${text}`);
      return;
    }
    if (message.type() !== 'error') return;
    if (KNOWN_NOISE.some((noise) => noise.test(text))) return;
    // The API answers 4xx on purpose (not logged in yet, a wrong password, an invalid form); Chromium logs each one.
    // Those are asserted by the tests themselves; 5xx answers are caught below.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // The app cancels requests that a newer one replaces (a map move, a new filter).
    if (failure !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  return {
    page,
    takeProblems() {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}

// Reduced motion: the map's camera moves and label fades are instant, so a test waits for no animation and the
// software-rendered map draws far fewer frames (the app honours the setting for anyone who asks for it).
const PAGE_OPTIONS = { viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', reducedMotion: 'reduce' } as const;

/** Another person at another computer: a page in a context of its own (its own cookies, so its own session). */
export async function openPerson(browser: Browser): Promise<PageWatch> {
  const context = await browser.newContext(PAGE_OPTIONS);
  await reportCspViolations(context);
  return watchPage(await context.newPage());
}

export async function openBrowser(): Promise<BrowserSession> {
  // The same Chromium and flags the server prints situation reports with; launch() gives every run a fresh user-data dir.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage(PAGE_OPTIONS);
  await reportCspViolations(page.context());
  const watch = watchPage(page);
  return {
    browser,
    page,
    takeProblems: () => watch.takeProblems(),
    async screenshot(name) {
      return screenshotOf(page, name);
    },
    close: () => browser.close(),
  };
}

/** Saves a screenshot of the page's viewport to test-artifacts/<name>.png. */
export async function screenshotOf(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

/** Resolves once the map has drawn the answer to its latest request (its container says `ready` after `idle`). */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="map"][data-state="ready"]', { timeout: 45_000 });
}

export async function logIn(page: Page, baseUrl: string, credentials: { username: string; password: string }): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('login-username').fill(credentials.username);
  await page.getByTestId('login-password').fill(credentials.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('app').waitFor();
}

/** The incidents the list shows, once it has loaded, as its rows describe them. */
export async function rows(page: Page) {
  await page.waitForSelector('[data-testid="incident-list"]');
  await page.locator('.incident-list[data-state="ready"]').waitFor();
  return page.getByTestId('incident-row').evaluateAll((buttons) =>
    buttons.map((b) => {
      const data = (b as unknown as { dataset: Record<string, string> }).dataset;
      return { id: data['id']!, country: data['country']!, killedBest: Number(data['killedBest']), status: data['status']!, title: (b.textContent ?? '').trim() };
    }),
  );
}

/** How many incidents the header's summary counts, once it has loaded. */
export async function summaryCount(page: Page): Promise<number> {
  await page.locator('[data-testid="summary"][data-state="ready"]').waitFor();
  return Number(await page.getByTestId('summary').getAttribute('data-incidents'));
}

/** Counts pixels in a small square of the page: near-white ones and strongly coloured ones. */
export async function pixelsAround(page: Page, x: number, y: number, radius: number): Promise<{ white: number; coloured: number; total: number }> {
  const colours = await pixelColours(page, { x: x - radius, y: y - radius, width: radius * 2, height: radius * 2 });
  const white = colours.filter(([r, g, b]) => r > 225 && g > 225 && b > 225).length;
  const coloured = colours.filter((rgb) => !(rgb[0] > 225 && rgb[1] > 225 && rgb[2] > 225) && Math.max(...rgb) - Math.min(...rgb) > 60).length;
  return { white, coloured, total: colours.length };
}

/** The colours (r, g, b) of a rectangle of the page, row by row: the screenshot is decoded by the page itself (no image library needed in Node). */
export async function pixelColours(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<[number, number, number][]> {
  const png = await page.screenshot({ clip });
  const flat = await page.evaluate(async (base64) => {
    interface Bitmap {
      width: number;
      height: number;
    }
    const web = globalThis as unknown as {
      createImageBitmap(blob: Blob): Promise<Bitmap>;
      OffscreenCanvas: new (width: number, height: number) => {
        getContext(kind: '2d'): { drawImage(image: Bitmap, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
    };
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await web.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new web.OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    return Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
  }, png.toString('base64'));
  const colours: [number, number, number][] = [];
  for (let i = 0; i < flat.length; i += 4) colours.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
  return colours;
}

/** The average colour (r, g, b) of a small square of the page. */
export async function colourAround(page: Page, x: number, y: number, radius: number): Promise<[number, number, number]> {
  const colours = await pixelColours(page, { x: x - radius, y: y - radius, width: radius * 2, height: radius * 2 });
  const mean = (c: 0 | 1 | 2) => Math.round(colours.reduce((sum, rgb) => sum + rgb[c], 0) / colours.length);
  return [mean(0), mean(1), mean(2)];
}
