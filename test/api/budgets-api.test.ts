import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetImportPreview, BudgetImportReport, BudgetList, BudgetRecord, ScenarioRecord, ScenarioVersionList, StoredComparison } from '../../src/core/spending/budget-api.schema.js';
import type { Role } from '../../src/core/access-control.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

const FIXTURES = 'test/fixtures/budgets';
const LONG = readFileSync(`${FIXTURES}/northern-defence-force-2026-2030-long.csv`);
const WIDE_FR = readFileSync(`${FIXTURES}/northern-defence-force-2026-2030-wide-fr.csv`);
const LONG_MAPPING = readFileSync(`${FIXTURES}/mapping-long.json`, 'utf8');
const WIDE_FR_MAPPING = readFileSync(`${FIXTURES}/mapping-wide-fr.json`, 'utf8');

const entered = {
  name: 'Coastal Guard 2026–2027',
  force: 'Coastal Guard',
  currency: 'USD',
  priceBasis: { kind: 'current' },
  years: [2026, 2027],
  lines: [
    { label: 'Boarding teams', category: 'personnel', purpose: 'protective', amountsM: { '2026': 30, '2027': 31 } },
    { label: 'Patrol boats', category: 'equipment', purpose: 'defensive', amountsM: { '2026': 50, '2027': 40 } },
    { label: 'Strike missiles', category: 'equipment', purpose: 'offensive', amountsM: { '2026': 20, '2027': 25 } },
  ],
};

const plan = (budgetId: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Towards defence',
  budgetId,
  startYear: 2026,
  endYear: 2033,
  total: { kind: 'budget' },
  targetShares: { defensive: 0.45, protective: 0.2, peace_operations: 0.1, offensive: 0.15, dual_use: 0.1 },
  reachedIn: 2030,
  conversionCosts: [
    { kind: 'equipment_disposal', year: 2028, amountM: 40, note: 'destroying long-range rockets' },
    { kind: 'personnel_reintegration', year: 2029, amountM: 25 },
  ],
  gdp: { startGdpM: 300_000, growthPercentPerYear: 1.5 },
  ...overrides,
});

describe.each(DATABASES)('budgets and scenarios over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const importQuery = (mapping: string, name = 'Northern Defence Force 2026–2030', extra: Record<string, string> = {}) =>
    new URLSearchParams({ name, force: 'Northern Defence Force', currency: 'EUR', priceBasis: 'constant', priceBaseYear: '2025', mapping, ...extra }).toString();
  const upload = (body: Buffer | string, mapping: string, as: Role = 'analyst', name?: string) =>
    h.call({ method: 'POST', url: `/api/v1/spending/budgets/imports?${importQuery(mapping, name)}`, as, headers: { 'content-type': 'text/csv' }, payload: body });
  const auditOf = async (entityType: string, entityId: string) =>
    (await h.call({ method: 'GET', url: `/api/v1/audit?entityType=${entityType}&entityId=${entityId}`, as: 'auditor' })).json<{ items: { action: string; changes: Record<string, unknown> }[] }>().items;
  const budgets = async () => (await h.call({ method: 'GET', url: '/api/v1/spending/budgets', as: 'viewer' })).json<BudgetList>().items;

  it('keeps a budget entered whole: versions, 409 on a stale change or a taken name, every change audited, read by anyone', async () => {
    const created = await h.call({ method: 'POST', url: '/api/v1/spending/budgets', as: 'analyst', payload: entered });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<BudgetRecord>();
    expect(record.version).toBe(1);
    expect(record.balance.map((b) => [b.year, b.totalM, b.byClass.offensive])).toEqual([
      [2026, 100, 20],
      [2027, 96, 25],
    ]);
    const read = await h.call({ method: 'GET', url: `/api/v1/spending/budgets/${record.id}`, as: 'viewer' });
    expect(read.json<BudgetRecord>().budget).toEqual(record.budget);
    expect((await budgets()).find((b) => b.id === record.id)).toMatchObject({ name: entered.name, lineCount: 3, totals: [{ year: 2026, totalM: 100 }, { year: 2027, totalM: 96 }] });

    const again = await h.call({ method: 'POST', url: '/api/v1/spending/budgets', as: 'analyst', payload: entered });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.issues).toEqual([{ path: 'name', code: 'name_taken', message: 'is the name of another budget' }]);

    const changedLines = entered.lines.map((l) => (l.purpose === 'offensive' ? { ...l, amountsM: { '2026': 10, '2027': 5 } } : l));
    const changed = await h.call({ method: 'PUT', url: `/api/v1/spending/budgets/${record.id}`, as: 'human_security_advisor', payload: { version: 1, budget: { ...entered, lines: changedLines } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<BudgetRecord>().version).toBe(2);
    const stale = await h.call({ method: 'PUT', url: `/api/v1/spending/budgets/${record.id}`, as: 'analyst', payload: { version: 1, budget: entered } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.issues[0]).toMatchObject({ path: 'version', code: 'stale_version' });
    expect((await h.call({ method: 'GET', url: `/api/v1/spending/budgets/${record.id}`, as: 'viewer' })).json<BudgetRecord>().budget.lines).toEqual(changedLines);

    const audit = await auditOf('budget', record.id);
    expect(audit.map((e) => e.action)).toEqual(['budget.update', 'budget.create']);
    expect(Object.keys(audit[0]!.changes)).toEqual(['lines']);

    // A viewer and a commander read, but may not write; an unknown budget is 404; a line without a year's amount is named.
    expect((await h.call({ method: 'POST', url: '/api/v1/spending/budgets', as: 'viewer', payload: { ...entered, name: 'Other' } })).statusCode).toBe(403);
    expect((await h.call({ method: 'PUT', url: `/api/v1/spending/budgets/${record.id}`, as: 'commander', payload: { version: 2, budget: entered } })).statusCode).toBe(403);
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/budgets/01890000-0000-7000-8000-000000000000', as: 'viewer' })).statusCode).toBe(404);
    const gap = await h.call({ method: 'POST', url: '/api/v1/spending/budgets', as: 'analyst', payload: { ...entered, name: 'Gap', lines: [{ ...entered.lines[0], amountsM: { '2026': 1 } }] } });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.issues).toContainEqual({ path: 'lines.0.amountsM.2027', code: 'custom', message: 'no amount for 2027: give 0 where nothing is budgeted' });
  });

  it('imports a budget from a CSV with a column mapping; the same file again, or the same budget in another layout, changes nothing', async () => {
    const first = await upload(LONG, LONG_MAPPING);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json<BudgetImportReport>();
    expect(report).toMatchObject({ outcome: 'created', rows: 65, blankRows: 0 });
    expect(report.record.budget).toMatchObject({ force: 'Northern Defence Force', currency: 'EUR', priceBasis: { kind: 'constant', baseYear: 2025 }, years: [2026, 2027, 2028, 2029, 2030] });
    expect(report.record.budget.lines).toHaveLength(13);
    const id = report.record.id;

    const again = (await upload(LONG, LONG_MAPPING)).json<BudgetImportReport>();
    expect(again).toMatchObject({ outcome: 'unchanged', record: { id, version: 1 } });
    const fromWide = await upload(WIDE_FR, WIDE_FR_MAPPING);
    expect(fromWide.statusCode, fromWide.body).toBe(200);
    expect(fromWide.json<BudgetImportReport>()).toMatchObject({ outcome: 'unchanged', record: { id, version: 1 } });
    expect((await auditOf('budget', id)).map((e) => e.action)).toEqual(['budget.import']);

    // A revised file under the same name updates the budget in place: a new version, the change audited.
    const revised = LONG.toString('utf8').replace('Mine clearance,2026,22.0', 'Mine clearance,2026,30.0');
    const updated = (await upload(revised, LONG_MAPPING)).json<BudgetImportReport>();
    expect(updated).toMatchObject({ outcome: 'updated', record: { id, version: 2 } });
    expect(updated.record.budget.lines.find((l) => l.label === 'Mine clearance')!.amountsM['2026']).toBe(30);
    expect((await budgets()).filter((b) => b.name === 'Northern Defence Force 2026–2030')).toHaveLength(1);
    const audit = await auditOf('budget', id);
    expect(audit.map((e) => e.action)).toEqual(['budget.import', 'budget.import']);
    expect(Object.keys(audit[0]!.changes).sort()).toEqual(['lines', 'rows']);
  });

  it('refuses a file with bad rows whole, naming each row and column, and keeps the budget held as it was', async () => {
    const before = (await budgets()).find((b) => b.name === 'Northern Defence Force 2026–2030')!;
    const bad = LONG.toString('utf8')
      .replace('personnel,offensive,Armoured manoeuvre brigades,2027,212.4', 'army,offensive,Armoured manoeuvre brigades,2027,212.4')
      .replace('Surveillance drones,2029,64.4', 'Surveillance drones,2029,"64,4"')
      .replace('Mine clearance,2030,26.0', 'Mine clearance,2030,26,0');
    const refused = await upload(bad, LONG_MAPPING);
    expect(refused.statusCode).toBe(400);
    const lines = LONG.toString('utf8').split('\r\n');
    const rowOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(refused.json().error.issues).toEqual([
      { path: `rows.${rowOf('Armoured manoeuvre brigades,2027')}.nato_category`, code: 'unknown_category', message: expect.stringContaining('"army" is not a NATO category') },
      { path: `rows.${rowOf('Surveillance drones,2029')}.amount_eur_m`, code: 'not_a_number', message: `"64,4" is not a number written as 1234.5 (the mapping's numberFormat)` },
      { path: `rows.${rowOf('Mine clearance,2030')}.cells`, code: 'extra_cells', message: 'has 6 cells where the header has 5 ("0" beyond the last column): a separator inside a cell needs quotes' },
    ]);
    expect(refused.json().error.message).toMatch(/^3 row\(s\) refused, nothing imported: row \d+, nato_category: /);
    const after = (await budgets()).find((b) => b.name === 'Northern Defence Force 2026–2030')!;
    expect(after).toEqual(before);

    // A new name with a bad file stores nothing at all; a mapping naming a column the file lacks is refused before any row.
    const count = (await budgets()).length;
    expect((await upload(bad, LONG_MAPPING, 'analyst', 'Never stored')).statusCode).toBe(400);
    expect(await budgets()).toHaveLength(count);
    const wrongColumn = await upload(LONG, JSON.stringify({ ...JSON.parse(LONG_MAPPING), amount: 'amount' }), 'analyst', 'Never stored');
    expect(wrongColumn.statusCode).toBe(400);
    expect(wrongColumn.json().error.issues).toEqual([{ path: 'amount', code: 'missing_column', message: expect.stringContaining('the file has no column “amount”') }]);
    const notJson = await upload(LONG, '{layout', 'analyst', 'Never stored');
    expect(notJson.json().error.issues).toEqual([{ path: 'mapping', code: 'invalid_json', message: 'is not JSON' }]);
    expect(await budgets()).toHaveLength(count);
    // Only those who keep budgets import them.
    expect((await upload(LONG, LONG_MAPPING, 'viewer', 'Viewer budget')).statusCode).toBe(403);
  });

  it('previews a file with a guessed mapping: its first rows as read, the lines, or the problems by row', async () => {
    const preview = await h.call({ method: 'POST', url: '/api/v1/spending/budgets/imports/preview', as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: WIDE_FR });
    expect(preview.statusCode, preview.body).toBe(200);
    const answer = preview.json<BudgetImportPreview>();
    expect(answer.header).toEqual(['Catégorie OTAN', 'Classe', 'Poste', 'FY2026', 'FY2027', 'FY2028', 'FY2029', 'FY2030']);
    expect(answer.sample[0]).toEqual(['Personnel', 'Protection / police', 'Military police, arrest and detention teams', '120.500', '124.000', '128.200', '131.000', '134.400']);
    expect(answer.mapping).toMatchObject({ layout: 'wide', category: 'Catégorie OTAN', purpose: 'Classe', label: 'Poste' });
    // Without the French words mapped, every row with one is named.
    expect(answer.lines).toEqual([]);
    expect(answer.values.category).toContainEqual({ value: 'Personnel', mapped: 'personnel' });
    expect(answer.values.category).toContainEqual({ value: 'Équipement', mapped: null });
    expect(answer.values.purpose).toContainEqual({ value: 'Défensif', mapped: null });
    expect(answer.problems.find((p) => p.field === 'Classe')).toEqual({ row: 2, field: 'Classe', message: expect.stringContaining('"Protection / police" is not a purpose class') });
    const mapped = (await h.call({ method: 'POST', url: `/api/v1/spending/budgets/imports/preview?mapping=${encodeURIComponent(WIDE_FR_MAPPING)}`, as: 'analyst', headers: { 'content-type': 'text/csv' }, payload: WIDE_FR })).json<BudgetImportPreview>();
    expect(mapped.problems).toEqual([]);
    expect(mapped.years).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(mapped.lines).toHaveLength(13);
    // Nothing was stored by either.
    expect((await budgets()).map((b) => b.name).sort()).toEqual(['Coastal Guard 2026–2027', 'Northern Defence Force 2026–2030']);
  });

  let northern: string;
  let towards: ScenarioRecord;
  let asIs: ScenarioRecord;

  it('saves scenarios against a budget, every save a new version, old versions readable, a stale save 409, audited', async () => {
    northern = (await budgets()).find((b) => b.name === 'Northern Defence Force 2026–2030')!.id;
    const created = await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'analyst', payload: plan(northern) });
    expect(created.statusCode, created.body).toBe(201);
    towards = created.json<ScenarioRecord>();
    expect(towards).toMatchObject({ version: 1, budget: { id: northern, name: 'Northern Defence Force 2026–2030', currency: 'EUR' } });
    asIs = (await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'analyst', payload: plan(northern, { name: 'As is', total: { kind: 'growth', percentPerYear: 2 }, targetShares: { offensive: 0.5, defensive: 0.5 }, reachedIn: 2026, conversionCosts: [] }) })).json<ScenarioRecord>();

    const saved = await h.call({ method: 'PUT', url: `/api/v1/spending/scenarios/${towards.id}`, as: 'human_security_advisor', payload: { version: 1, scenario: plan(northern, { reachedIn: 2031 }) } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<ScenarioRecord>().version).toBe(2);
    const stale = await h.call({ method: 'PUT', url: `/api/v1/spending/scenarios/${towards.id}`, as: 'analyst', payload: { version: 1, scenario: plan(northern, { reachedIn: 2032 }) } });
    expect(stale.statusCode).toBe(409);
    const versions = (await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/${towards.id}/versions`, as: 'viewer' })).json<ScenarioVersionList>().items;
    expect(versions.map((v) => [v.version, v.scenario.reachedIn, v.savedBy])).toEqual([
      [2, 2031, 'human_security_advisor-user'],
      [1, 2030, 'analyst-user'],
    ]);
    const audit = await auditOf('rebalancing_scenario', towards.id);
    expect(audit.map((e) => e.action)).toEqual(['scenario.update', 'scenario.create']);
    expect(audit[0]!.changes).toEqual({ reachedIn: { before: 2030, after: 2031 }, version: 2 });
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/scenarios', as: 'commander' })).json<{ items: ScenarioRecord[] }>().items.map((s) => s.scenario.name)).toEqual(['As is', 'Towards defence']);

    // Refused: a start year the budget does not cover (named), a budget that does not exist, a writer without posture:write.
    const early = await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'analyst', payload: plan(northern, { startYear: 2024, reachedIn: 2026 }) });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.issues).toEqual([{ path: 'startYear', code: 'not_in_budget', message: 'the budget “Northern Defence Force 2026–2030” has no figures for 2024 (it covers 2026–2030)' }]);
    const orphan = await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'analyst', payload: plan('01890000-0000-7000-8000-000000000000') });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.issues).toEqual([{ path: 'budgetId', code: 'unknown_budget', message: 'is not a budget held' }]);
    expect((await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'viewer', payload: plan(northern) })).statusCode).toBe(403);
    expect((await h.call({ method: 'PUT', url: `/api/v1/spending/scenarios/${towards.id}`, as: 'auditor', payload: { version: 2, scenario: plan(northern) } })).statusCode).toBe(403);
  });

  it('compares stored scenarios, an earlier version by id@version, with conversion costs in their years', async () => {
    const response = await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/compare?ids=${towards.id},${asIs.id},${towards.id}@1`, as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    const comparison = response.json<StoredComparison>();
    expect(comparison).toMatchObject({ currency: 'EUR', priceBasis: { kind: 'constant', baseYear: 2025 } });
    expect(comparison.scenarios.map((s) => [s.name, s.version, s.latest])).toEqual([
      ['Towards defence', 2, true],
      ['As is', 1, true],
      ['Towards defence', 1, false],
    ]);
    const budget = (await h.call({ method: 'GET', url: `/api/v1/spending/budgets/${northern}`, as: 'viewer' })).json<BudgetRecord>();
    const conversionLine = budget.budget.lines.find((l) => l.purpose === 'conversion')!;
    const [latest, , earlier] = comparison.scenarios;
    for (const year of latest!.years) {
      const own = year.year === 2028 ? 40 : year.year === 2029 ? 25 : 0;
      expect(year.conversionM, String(year.year)).toBeCloseTo(own + (conversionLine.amountsM[String(year.year)] ?? 0), 9);
      const shares = Object.values(year.shares).reduce((a, b) => a + b, 0);
      expect(shares).toBeCloseTo(1, 9);
    }
    // The version saved first reached its target a year earlier.
    expect(earlier!.years.find((y) => y.year === 2030)!.shares.offensive).toBeCloseTo(0.15, 9);
    expect(latest!.years.find((y) => y.year === 2030)!.shares.offensive).toBeGreaterThan(0.15);
    expect(latest!.years[0]!.programmeM).toBeCloseTo(budget.balance[0]!.programmeM, 9);

    const unknown = await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/compare?ids=${towards.id}@7`, as: 'viewer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe(`scenario ${towards.id} has no version 7 (it is at version 2)`);
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/scenarios/compare?ids=not-an-id', as: 'viewer' })).statusCode).toBe(400);
  });

  it('refuses to compare scenarios whose budgets are in different money', async () => {
    const coastal = (await budgets()).find((b) => b.name === 'Coastal Guard 2026–2027')!.id;
    const other = (await h.call({ method: 'POST', url: '/api/v1/spending/scenarios', as: 'analyst', payload: plan(coastal, { name: 'Coastal', total: { kind: 'constant' }, targetShares: { defensive: 1 }, conversionCosts: [] }) })).json<ScenarioRecord>();
    const refused = await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/compare?ids=${towards.id},${other.id}`, as: 'viewer' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('scenarios are compared in one currency and on one price basis: “Towards defence” is in EUR, constant 2025 prices, “Coastal” in USD, current prices');
  });

  it('prints the comparison as a self-contained page with its charts inline, under the report policy', async () => {
    const response = await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/report?ids=${towards.id},${asIs.id}&format=html`, as: 'commander' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const html = response.body;
    expect(html).toContain('<h1>Rebalancing scenarios compared</h1>');
    expect(html).toContain('data-chart="report-totals"');
    expect(html).toContain('data-chart="report-gdp-share"');
    expect((html.match(/data-chart="report-balance-/g) ?? []).length).toBe(2);
    expect(html).not.toMatch(/<script|<img|https?:\/\/(?!www\.w3\.org)/);
    const comparison = (await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/compare?ids=${towards.id},${asIs.id}`, as: 'viewer' })).json<StoredComparison>();
    for (const s of comparison.scenarios) expect(html).toContain(`data-cumulative="${s.cumulativeM}"`);
    expect((await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/report?ids=${towards.id}&format=doc`, as: 'viewer' })).statusCode).toBe(400);
  });

  it('prints the same comparison as an A4 PDF', { timeout: 60_000 }, async () => {
    const response = await h.call({ method: 'GET', url: `/api/v1/spending/scenarios/report?ids=${towards.id},${asIs.id}&format=pdf`, as: 'viewer' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="rebalancing-scenarios-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    const text = pdfText(pdf).normalize('NFKC').replace(/\s+/g, ' ');
    expect(text).toContain('Rebalancing scenarios compared');
    expect(text).toContain('Towards defence');
  });
});
