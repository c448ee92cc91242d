import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArmsCompanies } from '../../src/application/arms-companies.service.js';
import { importPeaceOperations } from '../../src/application/peace-operations.service.js';
import { csvRowsOf, readPlaceText } from '../../src/interchange/place-file.js';
import { realFixture } from '../support/real-fixtures.js';
import { addUser, checkEachTest, clearFailureScreenshots, logIn, openBrowser, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOT_PREFIX = 'failure-peace-operations-';
const PKO = 'geopko/geopko-v2.3-six-missions.csv';
const TOP100 = 'sipri/top100-arms-companies-2024.csv';
const MISSION = 'MINUSMA';

const pkoRows = parse<Record<string, string>>(readFileSync(realFixture(PKO)), { columns: true, bom: true });
const companyRows = parse<Record<string, string>>(readFileSync(realFixture(TOP100)), { columns: true, bom: true });

/** What the chart and table should show for a mission-year, worked out from the file: each place once a year. */
function expectedYears(mission: string): Map<number, { infantry: number; reserve: number; other: number; typeUnknown: number; total: number; places: number; protective: number }> {
  const places = [...new Map(pkoRows.filter((r) => r.mission === mission).map((r) => [`${r.year}|${r.country}|${r.location}`, r])).values()];
  const years = new Map<number, { infantry: number; reserve: number; other: number; typeUnknown: number; total: number; places: number; protective: number }>();
  for (const r of places) {
    const y = years.get(Number(r.year)) ?? { infantry: 0, reserve: 0, other: 0, typeUnknown: 0, total: 0, places: 0, protective: 0 };
    y.places++;
    if (r.Med === '1' || r.UNPOL === '1' || r.UNMO === '1') y.protective++;
    if (r['ave.no.troops'] !== 'NA') {
      const mean = Number(r['ave.no.troops']);
      y.total += mean;
      if (r.Infantry === 'NA' || r.Reserve === 'NA') y.typeUnknown += mean;
      else {
        y.infantry += Number(r.Infantry);
        y.reserve += Number(r.Reserve);
        y.other += Math.max(0, mean - Number(r.Infantry) - Number(r.Reserve));
      }
    }
    years.set(Number(r.year), y);
  }
  return years;
}

const panelReady = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"][data-state="ready"]`).waitFor();

describe('the Posture area: UN peace operations and the Top 100 in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOT_PREFIX);
    haven = await startHaven({ incidents: 20 });
    await importPeaceOperations(haven.ctx, haven.actor, async () => csvRowsOf(await readPlaceText({ path: realFixture(PKO) })), 'Geo-PKO 2.3 fixture');
    await importArmsCompanies(haven.ctx, haven.actor, async () => csvRowsOf(await readPlaceText({ path: realFixture(TOP100) })), 'SIPRI Top 100 2024');
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, haven.url, await addUser(haven, 'viewer'));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOT_PREFIX);

  it("draws a mission's troops by type as stacked bars with its protective share, and a country's companies of the Top 100", { timeout: 120_000 }, async () => {
    await page.getByTestId('area-posture').click();
    await panelReady(page, 'pko-panel');
    await page.getByTestId('pko-mission').selectOption(MISSION);
    await page.locator('[data-testid="pko-table"] caption', { hasText: MISSION }).waitFor();
    await panelReady(page, 'pko-panel');

    const expected = expectedYears(MISSION);
    const chart = page.getByTestId('pko-chart');
    // A bar per year the file has, its parts the file's troops by type.
    const bars = await chart.locator('g.bar').evaluateAll((groups) =>
      groups.map((g) => ({ year: Number(g.getAttribute('data-year')), parts: Object.fromEntries([...g.querySelectorAll('rect.segment')].map((r) => [r.getAttribute('data-part'), Number(r.getAttribute('data-value'))])) })),
    );
    expect(bars.map((b) => b.year)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const bar of bars) {
      const y = expected.get(bar.year)!;
      expect(bar.parts, `${MISSION} ${bar.year}`).toEqual({ infantry: y.infantry, reserve: y.reserve, other: y.other, typeUnknown: y.typeUnknown });
    }
    // MINUSMA had reserve troops in some years: the reserve part is drawn there.
    expect(bars.some((b) => b.parts.reserve! > 0)).toBe(true);
    // The protective share: a point per year, on one unbroken line where the years run on.
    const shares = await chart.locator('circle.share-point').evaluateAll((points) => points.map((p) => [Number(p.getAttribute('data-year')), Number(p.getAttribute('data-value'))] as [number, number]));
    expect(shares.map(([year]) => year)).toEqual(bars.map((b) => b.year));
    for (const [year, share] of shares) expect(share, `${year}`).toBeCloseTo(expected.get(year)!.protective / expected.get(year)!.places, 12);
    expect(await chart.locator('path.share-line').count()).toBeGreaterThan(0);

    // The table: a row per year, its totals and places as the file gives them.
    const tableRows = await page.getByTestId('pko-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ year: Number(tr.getAttribute('data-year')), total: Number(tr.getAttribute('data-total')), places: Number(tr.getAttribute('data-locations')), protective: Number(tr.getAttribute('data-protective')) })));
    expect(tableRows).toEqual([...expected.entries()].sort(([a], [b]) => a - b).map(([year, y]) => ({ year, total: y.total, places: y.places, protective: y.protective })));
    await chart.scrollIntoViewIfNeeded();
    await screenshotOf(page, 'screenshots/posture-peace-operations-1280');

    // The Top 100: first the country with the most arms revenue, then Germany as chosen.
    await panelReady(page, 'top100-panel');
    const byCountry = new Map<string, number>();
    for (const r of companyRows) byCountry.set(r.country!, (byCountry.get(r.country!) ?? 0) + Number(r.arms_revenue_2024_usd_m));
    const largest = [...byCountry.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const listed = async () => page.getByTestId('top100-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [Number(tr.getAttribute('data-rank')), tr.getAttribute('data-company')] as [number, string]));
    expect(await listed()).toEqual(companyRows.filter((r) => r.country === largest).map((r) => [Number(r.rank_2024), r.company]));
    await page.getByTestId('top100-country').selectOption('DEU');
    await page.locator('[data-testid="top100-table"] caption', { hasText: '— Germany' }).waitFor();
    await panelReady(page, 'top100-panel');
    const german = companyRows.filter((r) => r.country === 'Germany');
    expect(await listed()).toEqual(german.map((r) => [Number(r.rank_2024), r.company]));
    const total = companyRows.reduce((s, r) => s + Number(r.arms_revenue_2024_usd_m), 0);
    const cells = await page
      .getByTestId('top100-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((td) => [td.getAttribute('data-col'), (td.textContent ?? '').trim()]))));
    cells.forEach((row, i) => {
      const r = german[i]!;
      expect(row.armsRevenue).toBe(Number(r.arms_revenue_2024_usd_m).toLocaleString('en-GB', { maximumFractionDigits: 1 }));
      expect(row.shareOfListTotal).toBe(`${((Number(r.arms_revenue_2024_usd_m) / total) * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);
      expect(row.armsShareOfTotal).toBe(`${(Number(r.arms_share_of_total_2024) * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);
    });
    await page.getByTestId('top100-panel').scrollIntoViewIfNeeded();
    await screenshotOf(page, 'screenshots/posture-top100-1280');
  });
});
