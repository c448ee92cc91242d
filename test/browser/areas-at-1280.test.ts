import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access-control.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, screenshotOf, startHaven } from './browser-harness.js';

const SCREENSHOTS = 'failure-areas-1280-';

/**
 * Every area as a person on a 1280-pixel laptop sees it: the header holds its tabs, its buttons and the user on one
 * line each, nothing spills, and a screenshot of each area is kept (test-artifacts/screenshots/) for a reviewer.
 */
describe('each area at 1280 × 800', () => {
  let haven: HavenServer;
  let session: BrowserSession;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 300 });
    session = await openBrowser();
    await session.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  // Between them these roles open every area: the analyst the working areas, the investigator cases, the administrator users and audit.
  const people: [Role, string[]][] = [
    ['analyst', ['incidents', 'monitor', 'force', 'places', 'posture']],
    ['investigator', ['cases']],
    // The administrator has the most tabs (nine) and, in the register, the register's buttons too: the fullest header.
    ['administrator', ['incidents', 'posture', 'audit', 'users']],
  ];

  const shot = new Set<string>();
  for (const [role, areas] of people) {
    it(`the ${role}'s areas fit the header and the page`, { timeout: 120_000 }, async () => {
      const page = session.page;
      // Each person signs in afresh: the previous one's session cookie is dropped first.
      await page.context().clearCookies();
      await logIn(page, haven.url, role === 'administrator' ? haven.admin : await addUser(haven, role));
      for (const area of areas) {
        await page.getByTestId(`area-${area}`).click();
        await page.waitForFunction((name) => {
          const view = new URL((globalThis as unknown as { location: { href: string } }).location.href).searchParams.get('view');
          return view === (name === 'incidents' ? null : name);
        }, area);
        await page.waitForLoadState('networkidle');
        const header = await page.evaluate(() => {
          // Runs in the page; the test project is type-checked without the DOM library, so name what it uses.
          interface Rect {
            top: number;
            height: number;
          }
          interface Element {
            textContent: string | null;
            getBoundingClientRect(): Rect;
            scrollWidth: number;
            clientWidth: number;
            querySelectorAll(selector: string): ArrayLike<Element>;
          }
          const web = globalThis as unknown as {
            document: { querySelector(selector: string): Element; createRange(): { selectNodeContents(e: Element): void; getClientRects(): ArrayLike<Rect> } };
          };
          const bar = web.document.querySelector('header');
          // The lines a piece of text is set on: a box that starts below the previous one's bottom starts a new line
          // (a smaller glyph on the same line, like Export's ▾, only starts lower).
          const linesOf = (e: Element) => {
            const range = web.document.createRange();
            range.selectNodeContents(e);
            const boxes = Array.from(range.getClientRects()).filter((r) => r.height > 0).sort((a, b) => a.top - b.top);
            let lines = 0;
            let bottom = -Infinity;
            for (const box of boxes) {
              if (box.top >= bottom - 2) lines++;
              bottom = Math.max(bottom, box.top + box.height);
            }
            return lines;
          };
          const items = Array.from(bar.querySelectorAll('a, button, .user-name, .summary')).map((e) => ({ text: (e.textContent ?? '').trim(), lines: linesOf(e) }));
          // The tab strip scrolls sideways rather than overflow the header: scrolled, some tab would be out of sight.
          const tabs = bar.querySelectorAll('.area-tabs')[0]!;
          return {
            height: bar.getBoundingClientRect().height,
            overflows: bar.scrollWidth > bar.clientWidth + 1,
            tabsHidden: tabs.scrollWidth > tabs.clientWidth + 1,
            wrapped: items.filter((i) => i.lines > 1 && i.text).map((i) => i.text),
          };
        });
        expect(header.overflows, `${area}: the header is wider than the page`).toBe(false);
        expect(header.tabsHidden, `${area}: tabs scrolled out of sight`).toBe(false);
        expect(header.wrapped, `${area}: header items on two lines`).toEqual([]);
        expect(header.height, `${area}: the header's height`).toBeLessThanOrEqual(64);
        const sideways = await page.evaluate(() => {
          const web = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
          return web.document.documentElement.scrollWidth > web.innerWidth + 1;
        });
        expect(sideways, `${area}: the page scrolls sideways`).toBe(false);
        // A map's zoom buttons keep their whole icon (the page's own button padding once squeezed it to a sliver).
        const zoomIcons = await page.locator('.maplibregl-ctrl-zoom-in .maplibregl-ctrl-icon, .maplibregl-ctrl-zoom-out .maplibregl-ctrl-icon').evaluateAll((icons) =>
          icons.map((icon) => (icon as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width).filter((width) => width > 0),
        );
        for (const width of zoomIcons) expect(width, `${area}: a zoom button's icon width`).toBeGreaterThanOrEqual(25);
        // A map shown in the area is pictured with its place names drawn: they arrive after the page is idle (debounced).
        if ((await page.locator('[data-place-names]:visible').count()) > 0) await page.locator('[data-place-names="ready"]:visible').first().waitFor({ timeout: 30_000 });
        // An area seen by a second role is kept under that role's name too (the administrator's register has other buttons).
        await screenshotOf(page, `screenshots/area-${area}-1280${shot.has(area) ? `-${role}` : ''}`);
        shot.add(area);
      }
    });
  }
});
