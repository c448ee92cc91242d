import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMilitaryExpenditure } from '../../src/application/spending.service.js';
import { readMilexFile } from '../../src/interchange/milex-file.js';
import { realFixture } from '../support/real-fixtures.js';
import { addUser, checkEachTest, clearFailureScreenshots, logIn, openBrowser, openPerson, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOT_PREFIX = 'failure-posture-';
const FIXTURE = 'sipri/milex-2019-2025-and-selected-series.csv';
const FROM = 1985;
const TO = 2025;

/** One row of the fixture as the test reads it, on its own: a quoted field may hold a comma ("Congo, DR"). */
interface FileRow {
  line: number;
  cells: Record<string, string>;
}

function readFixture(): FileRow[] {
  const lines = readFileSync(realFixture(FIXTURE), 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const split = (line: string) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (const c of line) {
      if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else cell += c;
    }
    return [...cells, cell];
  };
  const header = split(lines[0]!);
  return lines.slice(1).map((line, i) => ({ line: i + 2, cells: Object.fromEntries(split(line).map((cell, c) => [header[c]!, cell])) }));
}

/** The runs of consecutive years in a sorted list, as [first, last]. */
function runsOf(years: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const year of years) {
    const last = runs[runs.length - 1];
    if (last && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs;
}

const seriesState = (page: Page) => page.locator('[data-testid="posture-series"][data-state="ready"]').waitFor();
const totalsState = (page: Page) => page.locator('[data-testid="posture-totals"][data-state="ready"]').waitFor();

/** The years of the points a series draws, and the years each of its line segments spans. */
async function drawn(page: Page, entity: string, chart = 'posture-chart'): Promise<{ points: number[]; paths: [number, number][] }> {
  const series = page.getByTestId(chart).locator(`g.series[data-series="${entity}"]`);
  const points = (await series.locator('circle.point').evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('data-year'))))).sort((a, b) => a - b);
  const paths = await series.locator('path.line').evaluateAll((lines) => lines.map((l) => [Number(l.getAttribute('data-from')), Number(l.getAttribute('data-to'))] as [number, number]));
  return { points, paths };
}

async function pick(page: Page, text: string, entity: string): Promise<void> {
  await page.getByTestId('posture-entities-search').fill(text);
  await page.locator(`[data-testid="posture-entities-option"]`).filter({ hasText: entity }).first().click();
  await page.locator(`[data-testid="posture-entities-chip"]`).filter({ hasText: entity }).waitFor();
}

describe('the Posture area: military expenditure charts in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  const file = readFixture();
  let skippedLines = new Set<number>();

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOT_PREFIX);
    haven = await startHaven({ incidents: 50 });
    const report = await importMilitaryExpenditure(haven.ctx, haven.actor, () => readMilexFile({ path: realFixture(FIXTURE) }), 'SIPRI fixture');
    skippedLines = new Set(report.skipped.map((s) => s.rowNumber));
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, haven.url, await addUser(haven, 'analyst'));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOT_PREFIX);

  /** The fixture's rows of one entity within the period, by year. */
  const rowsOf = (entity: string) => new Map(file.filter((r) => r.cells.country === entity && Number(r.cells.year) >= FROM && Number(r.cells.year) <= TO).map((r) => [Number(r.cells.year), r.cells]));

  it('compares Nigeria, Chad and the USSR as a share of GDP: a line each, gaps as breaks, the figures as the file gives them', { timeout: 120_000 }, async () => {
    await page.getByTestId('area-posture').click();
    await page.locator('[data-testid="posture-content"][data-state="ready"]').waitFor();
    await pick(page, 'niger', 'Nigeria');
    // By ISO code, and a former state by its name.
    await pick(page, 'TCD', 'Chad');
    await pick(page, 'USSR', 'USSR');
    await page.getByTestId('posture-measure').selectOption('shareOfGdp');
    await page.getByTestId('posture-from').fill(String(FROM));
    await page.getByTestId('posture-to').fill(String(TO));
    await page.getByTestId('posture-show').click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'posture' && url.searchParams.get('entities') === 'NGA,TCD,USSR' && url.searchParams.get('measure') === 'shareOfGdp' && url.searchParams.get('from') === String(FROM) && url.searchParams.get('to') === String(TO));
    await seriesState(page);

    const chart = page.getByTestId('posture-chart');
    expect(await chart.locator('g.series').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')))).toEqual(['Nigeria', 'Chad', 'USSR']);
    for (const entity of ['Nigeria', 'Chad', 'USSR']) {
      const rows = rowsOf(entity);
      const withFigure = [...rows.entries()].filter(([, cells]) => cells.share_of_gdp !== '').map(([year]) => year).sort((a, b) => a - b);
      const { points, paths } = await drawn(page, entity);
      // A point for each year with a figure and none elsewhere; a line for each run of two or more years.
      expect(points, `${entity}: the years drawn`).toEqual(withFigure);
      expect(paths, `${entity}: the line's segments`).toEqual(runsOf(withFigure).filter(([a, b]) => b > a));
    }
    // Chad's gaps (1991, 2012) break its line: it is drawn in pieces, not joined across them.
    expect((await drawn(page, 'Chad')).paths.length).toBeGreaterThan(1);
    // The USSR stops after 1991: no point after it.
    expect((await drawn(page, 'USSR')).points.filter((year) => year > 1991)).toEqual([]);

    // The table: every cell is the file's figure, or says why there is none.
    const cells = await page.getByTestId('posture-table').locator('td').evaluateAll((tds) =>
      tds.map((td) => ({ entity: td.getAttribute('data-entity')!, year: Number(td.getAttribute('data-year')), value: td.getAttribute('data-value')!, text: (td.textContent ?? '').trim() })),
    );
    expect(cells).toHaveLength(3 * (TO - FROM + 1));
    for (const cell of cells) {
      const row = rowsOf(cell.entity).get(cell.year);
      const share = row?.share_of_gdp ?? '';
      if (share === '') {
        expect(cell.value, `${cell.entity} ${cell.year}`).toBe('');
        expect(cell.text, `${cell.entity} ${cell.year}`).toBe(`no figure — ${row?.flags?.includes('not_independent') ? 'not independent' : 'not available'}`);
      } else {
        expect(Number(cell.value), `${cell.entity} ${cell.year}`).toBe(Number(share));
        expect(cell.text, `${cell.entity} ${cell.year}`).toBe(`${(Number(share) * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`);
      }
    }
    const ussrLater = cells.filter((c) => c.entity === 'USSR' && c.year >= 1992);
    expect(ussrLater).toHaveLength(TO - 1992 + 1);
    for (const cell of ussrLater) expect(cell.text).toBe('no figure — not independent');

    await screenshotOf(page, 'screenshots/posture-1280');

    // The link holds the view: a reload shows the same countries, measure and period.
    await page.reload();
    await seriesState(page);
    expect(await page.getByTestId('posture-entities-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-id')))).toEqual(['NGA', 'TCD', 'USSR']);
    expect(await page.getByTestId('posture-measure').inputValue()).toBe('shareOfGdp');
  });

  it('in constant US$ the USSR has figures up to 1990 and none after 1991', { timeout: 60_000 }, async () => {
    await page.getByTestId('posture-measure').selectOption('constantUsdM');
    await page.getByTestId('posture-show').click();
    await page.waitForURL((url) => url.searchParams.get('measure') === 'constantUsdM');
    await seriesState(page);
    const expected = [...rowsOf('USSR').entries()].filter(([, cells]) => cells.milex_const2024_usd_m !== '').map(([year]) => year).sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(1);
    const ussr = await drawn(page, 'USSR');
    expect(ussr.points).toEqual(expected);
    expect(Math.max(...ussr.points)).toBeLessThanOrEqual(1991);
    expect(Math.max(...ussr.paths.map(([, to]) => to))).toBeLessThanOrEqual(1991);
  });

  it('shows world and regional totals, each year naming the states without a figure', { timeout: 60_000 }, async () => {
    // What the server counts: the rows it read (not region headings), not the European Union, not a state that did not exist.
    const counted = file.filter((r) => !skippedLines.has(r.line) && r.cells.country !== 'European Union' && !r.cells.flags!.includes('not_independent'));
    await page.getByTestId('posture-grouping').selectOption('region');
    await totalsState(page);
    const regions = [...new Set(counted.filter((r) => Number(r.cells.year) >= FROM && Number(r.cells.year) <= TO).map((r) => r.cells.region!))].sort();
    const drawnRegions = await page.getByTestId('posture-totals-chart').locator('g.series').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')));
    expect(drawnRegions.sort()).toEqual(regions);
    await page.getByTestId('posture-totals-chart').scrollIntoViewIfNeeded();
    await screenshotOf(page, 'screenshots/posture-regions-1280');

    await page.getByTestId('posture-grouping').selectOption('world');
    await totalsState(page);
    expect(await page.getByTestId('posture-totals-chart').locator('g.series').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')))).toEqual(['World']);
    const of2024 = counted.filter((r) => r.cells.year === '2024');
    const expectedTotal = of2024.reduce((sum, r) => sum + (r.cells.milex_const2024_usd_m === '' ? 0 : Number(r.cells.milex_const2024_usd_m)), 0);
    const missing = of2024.filter((r) => r.cells.milex_const2024_usd_m === '').map((r) => r.cells.country!);
    expect(missing.length).toBeGreaterThan(0);
    const total = Number(await page.getByTestId('posture-totals-table').locator('tr[data-year="2024"]').getAttribute('data-total'));
    expect(total).toBeCloseTo(expectedTotal, 3);
    const point = Number(await page.getByTestId('posture-totals-chart').locator('circle.point[data-year="2024"]').getAttribute('data-value'));
    expect(point).toBeCloseTo(expectedTotal, 3);
    const note = page.locator('[data-testid="posture-totals-note"][data-year="2024"]');
    expect(await note.getAttribute('data-missing')).toBe(String(missing.length));
    const noteText = (await note.textContent()) ?? '';
    expect(noteText).toContain(`2024: ${missing.length} state${missing.length === 1 ? '' : 's'} without a figure: `);
    for (const name of missing) expect(noteText).toContain(name);
  });

  it('refuses a bad file, naming the row and the column, and keeps what is held', { timeout: 60_000 }, async () => {
    const bad = [
      'country,region,subregion,year,milex_const2024_usd_m,milex_current_usd_m,share_of_gdp,per_capita_current_usd,share_of_govt_spending,flags',
      'Chad,Africa,sub-Saharan Africa,2024,399.1,399.1,0.0297752,21.6,0.1,',
      'Chad,Africa,sub-Saharan Africa,2025,412.5,431.0,3 percent,22.9,0.1,',
    ].join('\n');
    await page.getByTestId('posture-upload-file').setInputFiles({ name: 'milex-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('posture-upload-submit').click();
    await page.locator('[data-testid="posture-upload-result"][data-state="refused"]').waitFor();
    const issue = page.getByTestId('posture-import-issue');
    expect(await issue.count()).toBe(1);
    expect(await issue.getAttribute('data-row')).toBe('3');
    expect((await issue.textContent()) ?? '').toContain('Row 3, share_of_gdp: "3 percent" is not a number');
    expect((await page.getByTestId('posture-import-refusal').textContent()) ?? '').toContain('nothing imported');
    // The release held is untouched: the chart still draws Chad from it.
    await page.getByTestId('posture-show').click();
    await seriesState(page);
    expect((await drawn(page, 'Chad')).points.length).toBeGreaterThan(20);
  });

  it('imports a release from the page and reports what it added, changed and removed', { timeout: 60_000 }, async () => {
    // The chart drawn before the import is marked, to tell it from the one drawn after.
    await page.getByTestId('posture-chart').evaluate((figure) => figure.setAttribute('data-before-import', ''));
    await page.getByTestId('posture-upload-file').setInputFiles(realFixture(FIXTURE));
    await page.getByTestId('posture-upload-submit').click();
    await page.locator('[data-testid="posture-upload-result"][data-state="imported"]').waitFor();
    const report = (await page.getByTestId('posture-import-report').textContent()) ?? '';
    // The same file again: every row read is unchanged, nothing added or removed.
    const read = file.length - skippedLines.size;
    expect(report).toContain(`Imported “milex-2019-2025-and-selected-series.csv”: ${read.toLocaleString('en-GB')} rows`);
    expect(report).toContain(`Added 0, changed 0, unchanged ${read.toLocaleString('en-GB')}, removed 0.`);
    expect(report).toContain(`Skipped ${skippedLines.size} heading row(s)`);
    // The view is drawn again from the release now held.
    await page.locator('[data-testid="posture-chart"]:not([data-before-import])').waitFor();
    await seriesState(page);
    expect((await drawn(page, 'Chad')).points.length).toBeGreaterThan(20);
  });

  it('shows a viewer the figures but no upload', { timeout: 60_000 }, async () => {
    const viewer = await openPerson(session.browser);
    try {
      await viewer.page.setViewportSize({ width: 1280, height: 800 });
      await logIn(viewer.page, haven.url, await addUser(haven, 'viewer'));
      await viewer.page.goto(`${haven.url}?view=posture&entities=NGA&measure=shareOfGdp&from=${FROM}&to=${TO}`);
      await seriesState(viewer.page);
      expect(await viewer.page.getByTestId('posture-chart').locator('g.series').count()).toBe(1);
      expect(await viewer.page.getByTestId('posture-upload').count()).toBe(0);
      expect(await viewer.page.getByTestId('posture-upload-file').count()).toBe(0);
      expect(viewer.takeProblems()).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });
});

describe('the Posture area with nothing imported', () => {
  let haven: HavenServer;
  let session: BrowserSession;

  beforeAll(async () => {
    // The web app the block above built.
    haven = await startHaven({ incidents: 10 });
    session = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOT_PREFIX);

  it('says what to do: import with the upload or the command for those who may, ask for the others; and where the data comes from', { timeout: 60_000 }, async () => {
    const page = session.page;
    await logIn(page, haven.url, await addUser(haven, 'analyst'));
    await page.getByTestId('area-posture').click();
    await page.locator('[data-testid="posture-content"][data-state="ready"]').waitFor();
    const said = (await page.getByTestId('posture-empty').textContent()) ?? '';
    expect(said).toContain('No military expenditure is held yet');
    expect(said).toContain('https://www.sipri.org/databases/milex');
    expect(said).toContain('Import release button above');
    expect(said).toContain('haven spending import <file>');
    expect(await page.getByTestId('posture-upload-file').count()).toBe(1);
    expect(await page.getByTestId('posture-series').count()).toBe(0);

    const viewer = await openPerson(session.browser);
    try {
      await logIn(viewer.page, haven.url, await addUser(haven, 'viewer'));
      await viewer.page.goto(`${haven.url}?view=posture`);
      await viewer.page.locator('[data-testid="posture-content"][data-state="ready"]').waitFor();
      const toViewer = (await viewer.page.getByTestId('posture-empty').textContent()) ?? '';
      expect(toViewer).toContain('Ask an analyst, a human security advisor or an administrator to import it');
      expect(await viewer.page.getByTestId('posture-upload').count()).toBe(0);
      expect(viewer.takeProblems()).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });
});
