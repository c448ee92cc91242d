import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnMappingSchema, type ColumnMapping } from '../../src/core/formats/column-mapping.js';
import { previewFile, type FilePreview } from '../../src/interchange/file-preview.js';
import { readMappingFile } from '../../src/interchange/mapping-file.js';
import { addUser, type BrowserSession, checkEachTest, clearFailureScreenshots, type HavenServer, logIn, openBrowser, REPO_ROOT, startHaven, summaryCount, waitForMap } from './browser-harness.js';

/** WHO SSA-shaped workbook of invented rows, some wrong on purpose (see test/formats/spreadsheets.test.ts). */
const WORKBOOK = join(REPO_ROOT, 'test/fixtures/spreadsheets/who-ssa-invented.xlsx');
const PRESET = join(REPO_ROOT, 'docs/examples/mappings/who-ssa.json');
const SCREENSHOTS = 'failure-import-mapping-';

describe('importing a spreadsheet through a column mapping in the browser', () => {
  let haven: HavenServer;
  let session: BrowserSession;
  let page: Page;
  let analyst: { username: string; password: string };
  let preset: ColumnMapping;
  /** What the server's own code makes of the workbook: its columns, and every row through the preset. */
  let bare: FilePreview;
  let mapped: FilePreview;

  beforeAll(async () => {
    await clearFailureScreenshots(SCREENSHOTS);
    haven = await startHaven({ incidents: 20 });
    analyst = await addUser(haven, 'analyst');
    preset = await readMappingFile(PRESET);
    bare = await previewFile(WORKBOOK);
    mapped = await previewFile(WORKBOOK, { mapping: preset, rows: 200 });
    session = await openBrowser();
    page = session.page;
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await haven?.close();
  });

  checkEachTest(() => session, SCREENSHOTS);

  it('asks for a mapping, loads the preset, previews the rows with their problems, saves the preset and imports', { timeout: 180_000 }, async () => {
    // The fixture is what it is meant to be: unrecognised, with rows that pass and rows that do not.
    expect(bare.recognised).toBeNull();
    const refused = mapped.rows.filter((r) => r.issues.length > 0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(mapped.rows.length);

    await logIn(page, haven.url, analyst);
    await waitForMap(page);
    const before = await summaryCount(page);
    await page.getByTestId('import-button').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('import-file').setInputFiles(WORKBOOK);
    await dialog.getByTestId('import-submit').click();

    // Not recognised: no job is started; the mapping step lists the file's columns, each with a few of its values.
    const step = dialog.getByTestId('mapping-step');
    await step.waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('import-progress').isHidden()).toBe(true);
    expect(await step.getByTestId('mapping-column-name').allTextContents()).toEqual(bare.columns.map((c) => c.name));
    for (const column of bare.columns.filter((c) => c.samples.length > 0)) {
      const shown = await step.locator(`[data-testid="mapping-column"][data-column="${column.name}"] [data-testid="mapping-samples"] li`).allTextContents();
      expect(shown).toEqual(column.samples.slice(0, 3));
    }
    // Every control of the step has a name a screen reader reads out.
    const unnamed = await step.locator('select, input').evaluateAll((controls) =>
      controls
        .filter((c) => {
          const el = c as unknown as { id: string; getAttribute(n: string): string | null; labels: { length: number } | null; type?: string };
          return el.type !== 'hidden' && !el.getAttribute('aria-label') && !(el.labels && el.labels.length > 0);
        })
        .map((c) => (c as unknown as { outerHTML: string }).outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    // Importing with nothing mapped says what is missing, and imports nothing.
    await dialog.getByTestId('import-submit').click();
    const problems = step.getByTestId('mapping-problems');
    expect(await problems.textContent()).toMatch(/date: choose the column holding the date/);
    expect(await problems.textContent()).toMatch(/country: choose the column holding the country/);
    expect(await dialog.getByTestId('import-progress').isHidden()).toBe(true);

    // A preset that is not valid is refused, naming the setting.
    const invalid = JSON.stringify({ ...JSON.parse(await readFile(PRESET, 'utf8')), dateOrder: 'ymd' });
    await step.getByTestId('mapping-load').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(invalid) });
    // The file is read in the page, after the input has changed.
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/broken\.json was not loaded: the mapping is not valid: dateOrder: /);
    await step.getByTestId('mapping-load').setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ "name": ') });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/not-json\.json is not a mapping: it is not readable JSON/);

    // The preset fills the step: the roles of its columns, and the values of a category column.
    await step.getByTestId('mapping-load').setInputFiles(PRESET);
    await problems.waitFor({ state: 'hidden', timeout: 10_000 });
    const roleOf = (name: string) => step.locator(`[data-testid="mapping-column"][data-column="${name}"] [data-testid="mapping-role"]`).inputValue();
    const dateColumn = 'column' in preset.date ? preset.date.column : preset.date.earliest;
    expect(await roleOf(dateColumn)).toBe('date');
    expect(await roleOf(preset.country.column)).toBe('country');
    expect(await step.getByTestId('mapping-date-order').inputValue()).toBe(preset.dateOrder);
    const categories = preset.categories[0]!;
    expect(await roleOf(categories.column)).toBe('category');
    const values = step.getByTestId('mapping-values').filter({ hasText: categories.column });
    for (const [value, mappedTo] of Object.entries(categories.values)) {
      expect(await values.locator(`[data-testid="mapping-value"][data-value="${value}"] select`).evaluate((s) => [...(s as unknown as { selectedOptions: { value: string }[] }).selectedOptions].map((o) => o.value))).toEqual(
        mappedTo.length ? mappedTo : [''],
      );
    }
    await session.screenshot('import-mapping-step');

    // The preview shows the rows as they would be stored, and every problem of a refused row by the file's column.
    await step.getByTestId('mapping-preview').click();
    const preview = dialog.getByTestId('mapping-preview-table');
    await preview.waitFor({ timeout: 30_000 });
    const shownRows = mapped.rows.slice(0, 20);
    expect((await preview.getByTestId('mapping-preview-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')))).map(Number)).toEqual(shownRows.map((r) => r.rowNumber));
    for (const row of shownRows) {
      const shown = preview.locator(`[data-testid="mapping-preview-row"][data-row="${row.rowNumber}"]`);
      const issues = await shown.getByTestId('preview-issue').evaluateAll((items) => items.map((i) => [i.getAttribute('data-column'), i.textContent]));
      expect(issues).toEqual(row.issues.map((issue) => [issue.path, `${issue.path}: ${issue.message}`]));
      if (row.issues.length === 0) {
        expect(await shown.getByTestId('preview-title').textContent()).toBe(row.record.title);
        expect(await shown.getByTestId('preview-country').textContent()).toBe(`${row.record.location.country} (${row.record.location.precision})`);
      }
    }
    expect(await dialog.getByTestId('mapping-preview-summary').textContent()).toContain(`${shownRows.filter((r) => r.issues.length === 0).length} would be imported, ${shownRows.filter((r) => r.issues.length > 0).length} would be rejected`);
    expect(await summaryCount(page)).toBe(before);
    await session.screenshot('import-mapping-preview');

    // Saved under the name typed: the same preset the CLI takes.
    await step.getByTestId('mapping-file-name').fill('my ssa');
    const [download] = await Promise.all([page.waitForEvent('download'), step.getByTestId('mapping-save').click()]);
    expect(download.suggestedFilename()).toBe('my ssa.json');
    const saved = columnMappingSchema.parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    // The lists keep the preset's order (the categories make the title of a record without one).
    expect(saved).toEqual(preset);

    // Imported with the mapping: the counts are those of the server's own reading of the file.
    await dialog.getByTestId('import-submit').click();
    await dialog.locator('[data-testid="import-progress"][data-state="succeeded"]').waitFor({ timeout: 60_000 });
    const accepted = mapped.rows.length - refused.length;
    const count = (key: string) => dialog.getByTestId(`import-count-${key}`).textContent();
    expect([await count('rows'), await count('created'), await count('rejected')]).toEqual([String(mapped.rows.length), String(accepted), String(refused.length)]);
    expect(await dialog.getByTestId('import-rejections').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('summary').getAttribute('data-incidents'), { timeout: 30_000 }).toBe(String(before + accepted));
  });

  it('maps columns by hand: a date, a country and a category column with its values', { timeout: 120_000 }, async () => {
    await page.goto(haven.url);
    await page.getByTestId('import-button').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('import-file').setInputFiles(WORKBOOK);
    await dialog.getByTestId('import-submit').click();
    const step = dialog.getByTestId('mapping-step');
    await step.waitFor({ timeout: 30_000 });

    const column = (name: string) => step.locator(`[data-testid="mapping-column"][data-column="${name}"]`);
    const dateColumn = 'column' in preset.date ? preset.date.column : preset.date.earliest;
    await step.getByTestId('mapping-dataset').fill('by-hand');
    await column(dateColumn).getByTestId('mapping-role').selectOption('date');
    await step.getByTestId('mapping-date-order').selectOption(preset.dateOrder);
    await column(preset.country.column).getByTestId('mapping-role').selectOption('country');
    const categories = preset.categories[0]!;
    await column(categories.column).getByTestId('mapping-role').selectOption('category');
    // The distinct values of the column's samples, split by the separator once it is given.
    await step.getByTestId('mapping-separator').fill(categories.separator);
    await step.getByTestId('mapping-separator').press('Tab');
    // Tab from the separator reaches the redrawn table of values, whose first value has the focus.
    const focused = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'));
    expect(await focused()).toBe('mapping-value-category');
    const samples = bare.columns.find((c) => c.name === categories.column)!.samples;
    const distinct = [...new Set(samples.flatMap((s) => s.split(categories.separator).map((v) => v.trim())))];
    const values = step.getByTestId('mapping-values');
    expect(await values.getByTestId('mapping-value').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-value')))).toEqual(distinct);
    // The first value is mapped, keyboard only; the others stay unmapped ("ignore").
    const [first] = distinct;
    const firstCategory = categories.values[first!]![0]!;
    await values.locator(`[data-value="${first}"] select`).focus();
    await values.locator(`[data-value="${first}"] select`).selectOption(firstCategory);

    // The source of the records is not said yet: the step refuses, naming the setting, and asks the server nothing.
    await step.getByTestId('mapping-preview').click();
    const problems = step.getByTestId('mapping-problems');
    expect(await problems.textContent()).toMatch(/source\.description: /);
    expect(await dialog.getByTestId('mapping-preview-box').isHidden()).toBe(true);
    await step.getByTestId('mapping-source-description').fill('Invented for the test');
    await step.getByTestId('mapping-preview').click();
    const preview = dialog.getByTestId('mapping-preview-table');
    await preview.waitFor({ timeout: 30_000 });
    expect(await problems.isHidden()).toBe(true);
    // The hand mapping, checked by the server's own code, row by row.
    const byHand = await previewFile(WORKBOOK, {
      rows: 20,
      mapping: columnMappingSchema.parse({
        name: 'who-ssa-invented',
        dataset: 'by-hand',
        date: { column: dateColumn },
        dateOrder: preset.dateOrder,
        country: { column: preset.country.column, as: 'name' },
        categories: [{ column: categories.column, separator: categories.separator, values: Object.fromEntries(distinct.map((v) => [v, v === first ? [firstCategory] : []])) }],
        source: { sourceType: 'dataset', description: 'Invented for the test', reliability: 'F', credibility: 6 },
      }),
    });
    await expect.poll(() => preview.getByTestId('mapping-preview-row').count(), { timeout: 30_000 }).toBe(byHand.rows.length);
    const shown = await preview.getByTestId('mapping-preview-row').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-row')), r.querySelectorAll('[data-testid="preview-issue"]').length]));
    expect(shown).toEqual(byHand.rows.map((r) => [r.rowNumber, r.issues.length]));
    expect(byHand.rows.some((r) => r.issues.length > 0)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
