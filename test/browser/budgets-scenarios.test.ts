import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStoredScenarios, createScenario } from '../../src/application/rebalancing-scenario.service.js';
import type { ScenarioRecord } from '../../src/core/spending/budget-api.schema.js';
import { addUser, checkEachTest, clearFailureScreenshots, logIn, openBrowser, openPerson, screenshotOf, startHaven, type BrowserSession, type HavenServer } from './browser-harness.js';

const SCREENSHOT_PREFIX = 'failure-budgets-';
const FIXTURES = 'test/fixtures/budgets';
const LONG = `${FIXTURES}/northern-defence-force-2026-2030-long.csv`;
const WIDE_FR = `${FIXTURES}/northern-defence-force-2026-2030-wide-fr.csv`;
const NAME = 'Northern Defence Force 2026–2030';

const plan = (budgetId: string, overrides: Record<string, unknown>) => ({
  name: 'Towards defence',
  budgetId,
  startYear: 2026,
  endYear: 2034,
  total: { kind: 'budget' },
  targetShares: { defensive: 0.45, protective: 0.2, peace_operations: 0.1, offensive: 0.15, dual_use: 0.1 },
  reachedIn: 2031,
  conversionCosts: [{ kind: 'equipment_disposal', year: 2028, amountM: 40, note: 'destroying long-range rockets' }],
  gdp: { startGdpM: 300_000, growthPercentPerYear: 1.5 },
  ...overrides,
});

const previewState = (page: Page, state: string) => page.locator(`[data-testid="budget-import-preview"][data-state="${state}"]`).waitFor();

async function fillDetails(page: Page): Promise<void> {
  await page.getByTestId('budget-import-name').fill(NAME);
  await page.getByTestId('budget-import-force').fill('Northern Defence Force');
  await page.getByTestId('budget-import-currency').fill('EUR');
  await page.getByTestId('budget-import-price-basis').selectOption('constant');
  await page.getByTestId('budget-import-base-year').fill('2025');
}

describe('the Posture area: a budget imported from a CSV, two scenarios compared, the printable report', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let budgetId: string;
  let scenarios: ScenarioRecord[];

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOT_PREFIX);
    haven = await startHaven({ incidents: 20 });
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await logIn(page, haven.url, await addUser(haven, 'analyst'));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOT_PREFIX);

  it('imports a budget: the first rows shown with the role of each column, then the budget listed', { timeout: 90_000 }, async () => {
    await page.getByTestId('area-posture').click();
    await page.locator('[data-testid="budgets-list"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('budgets-empty').count()).toBe(1);
    await page.getByTestId('budget-import-open').click();
    await page.getByTestId('budget-import-file').setInputFiles(LONG);
    await previewState(page, 'ready');
    // The mapping guessed from the header, shown on the file's own first rows.
    const roles = await page.getByTestId('budget-preview-table').locator('thead th[data-role]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-role')));
    expect(roles).toEqual(['NATO category', 'Purpose class', 'Label', 'Year', 'Amount']);
    expect(await page.getByTestId('budget-preview-table').locator('tbody tr').first().locator('td').allTextContents()).toEqual(['personnel', 'protective', 'Military police, arrest and detention teams', '2026', '120.5']);
    expect(await page.getByTestId('budget-preview-summary').textContent()).toBe('13 lines over 2026–2030, from 65 rows. Nothing is stored until you import.');
    await fillDetails(page);
    await screenshotOf(page, 'screenshots/budget-import-preview-1280');
    await page.getByTestId('budget-import-submit').click();
    await page.locator('[data-testid="budget-import-result"][data-state="imported"]').waitFor();
    expect(await page.getByTestId('budget-import-report').getAttribute('data-outcome')).toBe('created');
    const row = page.locator(`[data-testid="budget-row"][data-name="${NAME}"]`);
    await row.waitFor();
    budgetId = (await row.getAttribute('data-id'))!;
    expect(await row.locator('td').allTextContents()).toEqual(['Northern Defence Force', '2026–2030', 'EUR m, constant 2025 prices', '13', '2026: 1,016', '2030: 1,078.6', '1']);
  });

  it('maps a French, semicolon-separated file in thousands value by value: the same budget, nothing changed', { timeout: 90_000 }, async () => {
    await page.getByTestId('budget-import-file').setInputFiles(WIDE_FR);
    await previewState(page, 'problems');
    expect(await page.getByTestId('budget-map-layout').inputValue()).toBe('wide');
    // The words Haven does not know are asked for; the rows they are on are named until they are mapped.
    expect(await page.getByTestId('budget-preview-problem').first().textContent()).toMatch(/^Row 2, Classe: "Protection \/ police" is not a purpose class/);
    await page.getByTestId('budget-map-unit').selectOption('thousands');
    await page.getByTestId('budget-map-number-format').selectOption('1.234,5');
    const words: Record<string, string> = {
      Équipement: 'equipment',
      'Fonctionnement et entretien': 'operations_maintenance',
      'Protection / police': 'protective',
      Défensif: 'defensive',
      'Opérations de paix': 'peace_operations',
      Offensif: 'offensive',
      'Double usage': 'dual_use',
      Reconversion: 'conversion',
    };
    for (const [word, code] of Object.entries(words)) {
      await page.locator(`[data-testid="budget-map-value"][data-value="${word}"]`).selectOption(code);
    }
    await previewState(page, 'ready');
    expect(await page.getByTestId('budget-preview-summary').textContent()).toBe('13 lines over 2026–2030, from 13 rows. Nothing is stored until you import.');
    await fillDetails(page);
    await page.getByTestId('budget-import-submit').click();
    await page.locator('[data-testid="budget-import-result"][data-state="imported"]').waitFor();
    expect(await page.getByTestId('budget-import-report').getAttribute('data-outcome')).toBe('unchanged');
    expect(await page.getByTestId('budget-import-report').getAttribute('data-id')).toBe(budgetId);
  });

  it('compares two stored scenarios: totals, share of GDP, class balance per year and a table, as the API computes them', { timeout: 90_000 }, async () => {
    scenarios = [
      await createScenario(haven.ctx, haven.actor, plan(budgetId, {})),
      await createScenario(haven.ctx, haven.actor, plan(budgetId, { name: 'As is', total: { kind: 'growth', percentPerYear: 2 }, targetShares: { defensive: 0.3, protective: 0.15, peace_operations: 0.05, offensive: 0.4, dual_use: 0.1 }, reachedIn: 2026, conversionCosts: [] })),
    ];
    // The list, and so the comparison, goes by name.
    scenarios.sort((a, b) => a.scenario.name.localeCompare(b.scenario.name));
    await page.reload();
    await page.locator('[data-testid="scenarios-list"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('scenarios-compare').isDisabled()).toBe(true);
    for (const s of scenarios) await page.locator(`[data-testid="scenario-choice"][value="${s.id}"]`).check();
    await page.getByTestId('scenarios-compare').click();
    await page.locator('[data-testid="scenarios-comparison"][data-state="ready"]').waitFor();

    const expected = await compareStoredScenarios(haven.ctx, haven.actor, { ids: scenarios.map((s) => s.id).join(',') });
    const totals = page.getByTestId('scenarios-totals-chart');
    expect(await totals.locator('g.series').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')))).toEqual(['As is', 'Towards defence']);
    for (const s of expected.scenarios) {
      const drawn = await totals.locator(`g.series[data-series="${s.name}"] circle.point`).evaluateAll((points) => points.map((p) => [Number(p.getAttribute('data-year')), Number(p.getAttribute('data-value'))]));
      expect(drawn).toEqual(s.years.map((y) => [y.year, y.totalM]));
      expect(Number(await page.getByTestId('scenarios-table').locator(`tr[data-scenario="${s.id}"] td[data-cumulative]`).getAttribute('data-cumulative'))).toBe(s.cumulativeM);
    }
    // Conversion costs in the year they fall: 2028 carries the plan's 40 and the budget's own conversion line.
    const towards = expected.scenarios.find((s) => s.name === 'Towards defence')!;
    expect(towards.years.find((y) => y.year === 2028)!.conversionM).toBe(40 + 15);
    expect(await page.getByTestId('scenarios-gdp-chart').locator('g.series circle.point').count()).toBe(2 * 9);
    // One class-balance chart per scenario, each year's column summing to 100 %.
    const balance = page.getByTestId('scenarios-balance-chart');
    expect(await balance.count()).toBe(2);
    const columns = await balance.first().locator('g.year').evaluateAll((years) => years.map((g) => [...g.querySelectorAll('rect.segment')].reduce((sum, r) => sum + Number(r.getAttribute('data-share')), 0)));
    expect(columns).toHaveLength(9);
    for (const total of columns) expect(total).toBeCloseTo(1, 9);
    expect(await page.getByTestId('scenarios-years-table').locator('tbody tr').count()).toBe(9);
    await page.getByTestId('scenarios-comparison').scrollIntoViewIfNeeded();
    await screenshotOf(page, 'screenshots/scenarios-compared-1280');
  });

  it('opens the printable report of the same comparison, its charts inline, under its policy', { timeout: 90_000 }, async () => {
    const href = await page.getByTestId('scenarios-report').getAttribute('href');
    expect(href).toBe(`/api/v1/spending/scenarios/report?ids=${encodeURIComponent(scenarios.map((s) => s.id).join(','))}&format=html`);
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('scenarios-report').click()]);
    const problems: string[] = [];
    report.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await report.waitForLoadState('load');
    expect(await report.locator('h1').textContent()).toBe('Rebalancing scenarios compared');
    expect(await report.locator('svg.chart').count()).toBe(4);
    expect(await report.locator('script, img').count()).toBe(0);
    expect(await report.locator('[data-chart="report-totals"] g.series').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')))).toEqual(['As is', 'Towards defence']);
    expect(await report.locator('table.scenario-summary tbody tr').count()).toBe(2);
    await screenshotOf(report, 'screenshots/scenario-report', { fullPage: true });
    expect(problems).toEqual([]);
    await report.close();
  });

  it('shows a viewer the budgets and the comparison, but no import', { timeout: 60_000 }, async () => {
    const viewer = await openPerson(session.browser);
    try {
      await logIn(viewer.page, haven.url, await addUser(haven, 'viewer'));
      await viewer.page.goto(`${haven.url}?view=posture`);
      await viewer.page.locator('[data-testid="budgets-list"][data-state="ready"]').waitFor();
      expect(await viewer.page.getByTestId('budget-row').count()).toBe(1);
      expect(await viewer.page.getByTestId('budget-import-box').count()).toBe(0);
      await viewer.page.locator('[data-testid="scenarios-list"][data-state="ready"]').waitFor();
      for (const s of scenarios) await viewer.page.locator(`[data-testid="scenario-choice"][value="${s.id}"]`).check();
      await viewer.page.getByTestId('scenarios-compare').click();
      await viewer.page.locator('[data-testid="scenarios-comparison"][data-state="ready"]').waitFor();
      expect(await viewer.page.getByTestId('scenarios-balance-chart').count()).toBe(2);
      expect(viewer.takeProblems()).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });
});
