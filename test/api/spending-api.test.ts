import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MilexImportReport, MilexSeriesAnswer, MilexTotalsAnswer } from '../../src/core/spending/spending-api.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { realFixture } from '../support/real-fixtures.js';

const FILE = realFixture('sipri/milex-2019-2025-and-selected-series.csv');
const BYTES = readFileSync(FILE);
const records = parse<Record<string, string>>(BYTES, { columns: true, bom: true });
const csv = (rows: Record<string, string>[]) => [Object.keys(records[0]!).join(','), ...rows.map((r) => Object.values(r).map((v) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(','))].join('\n');

describe.each(DATABASES)('military expenditure over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const upload = (body: Buffer | string, as: 'analyst' | 'commander' = 'analyst', release = 'SIPRI 2025') =>
    h.call({ method: 'POST', url: `/api/v1/spending/milex/imports?release=${encodeURIComponent(release)}`, as, headers: { 'content-type': 'text/csv' }, payload: body });
  const auditCount = async () => (await h.call({ method: 'GET', url: '/api/v1/audit?action=spending.import&limit=100', as: 'auditor' })).json<{ items: unknown[] }>().items.length;

  it("imports SIPRI's real file whole, and a second import of the same release changes nothing", async () => {
    const first = await upload(BYTES);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json<MilexImportReport>();
    const headings = records.filter((r) => ['Central Asia', 'East Asia'].includes(r.country!)).length;
    expect(report).toMatchObject({ release: 'SIPRI 2025', priceBaseYear: 2024, rows: records.length - headings, added: records.length - headings, changed: 0, removed: 0 });
    expect(report.skipped).toHaveLength(headings);
    const again = (await upload(BYTES)).json<MilexImportReport>();
    expect(again).toMatchObject({ added: 0, changed: 0, unchanged: records.length - headings, removed: 0 });
  });

  it('answers series with the cells of the file, gaps as null with their reason, a former state by name', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/spending/milex/series?entities=NGA,USSR&measure=constantUsdM&from=1985&to=2024', as: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    const { series, priceBaseYear } = response.json<MilexSeriesAnswer>();
    expect(priceBaseYear).toBe(2024);
    const nigeria = series.find((s) => s.country === 'NGA')!;
    for (const point of nigeria.points) {
      const row = records.find((r) => r.country === 'Nigeria' && r.year === String(point.year))!;
      expect(point.value).toBe(row.milex_const2024_usd_m === '' ? null : Number(row.milex_const2024_usd_m));
    }
    const ussr = series.find((s) => s.entity === 'USSR')!;
    expect(ussr.country).toBeNull();
    expect(ussr.points.find((p) => p.year === 2000)).toEqual({ year: 2000, value: null, flags: ['not_independent'] });
    const unknown = await h.call({ method: 'GET', url: '/api/v1/spending/milex/series?entities=NGA,ATL&measure=constantUsdM&from=2020&to=2024', as: 'viewer' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('no military expenditure is held for ATL in 2020–2024');
  });

  it('totals the world per year over the states counted, naming those without a figure', async () => {
    const response = await h.call({ method: 'GET', url: '/api/v1/spending/milex/totals?measure=currentUsdM&grouping=world&from=2024&to=2024', as: 'commander' });
    const [world] = response.json<MilexTotalsAnswer>().totals;
    const counted = records.filter((r) => r.year === '2024' && r.country !== 'European Union' && !r.flags!.includes('not_independent') && !['Central Asia', 'East Asia'].includes(r.country!));
    expect(world!.total).toBeCloseTo(counted.reduce((sum, r) => sum + (r.milex_current_usd_m ? Number(r.milex_current_usd_m) : 0), 0), 3);
    expect(world!.missing.sort()).toEqual(counted.filter((r) => !r.milex_current_usd_m).map((r) => r.country).sort());
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/milex/totals?measure=shareOfGdp&grouping=world&from=2024&to=2024', as: 'viewer' })).statusCode).toBe(400);
  });

  it('refuses a file with a bad row whole, naming the row and column, and keeps the release held', async () => {
    const audits = await auditCount();
    const bad = records.map((r, i) => (i === 5 ? { ...r, milex_current_usd_m: '12 000' } : r));
    const refused = await upload(csv(bad), 'analyst', 'broken');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([{ path: 'rows.7.milex_current_usd_m', code: 'invalid_number', message: '"12 000" is not a number' }]);
    expect(await auditCount()).toBe(audits);
    const held = await h.call({ method: 'GET', url: '/api/v1/spending/milex/entities', as: 'viewer' });
    expect(held.json<{ items: unknown[] }>().items.length).toBe(new Set(records.map((r) => r.country)).size - 2);
    // Percentages where SIPRI gives fractions: refused as a whole.
    const percent = records.map((r) => ({ ...r, share_of_gdp: r.share_of_gdp ? String(Number(r.share_of_gdp) * 100) : '' }));
    expect((await upload(csv(percent))).json().error.issues[0].code).toBe('percent_not_fraction');
  });

  it('compares rebalancing scenarios side by side, and names the field of a scenario it cannot project', async () => {
    const base = { startYear: 2026, endYear: 2030, baseline: { defensive: 400, offensive: 500, nuclear: 100 }, total: { kind: 'constant' }, reachedIn: 2030, conversionCosts: [] };
    const response = await h.call({
      method: 'POST',
      url: '/api/v1/spending/scenarios/compare',
      as: 'viewer',
      payload: {
        scenarios: [
          { ...base, name: 'Towards defence', targetShares: { defensive: 0.7, protective: 0.2, offensive: 0.1 }, conversionCosts: [{ kind: 'equipment_disposal', year: 2028, amountM: 50 }] },
          { ...base, name: 'As is', targetShares: { defensive: 0.4, offensive: 0.5, nuclear: 0.1 } },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const [towards, asIs] = response.json<{ scenarios: { name: string; cumulativeM: number; years: { year: number; conversionM: number; shares: Record<string, number> }[] }[] }>().scenarios;
    expect(towards!.years.map((y) => y.conversionM)).toEqual([0, 0, 50, 0, 0]);
    expect(towards!.cumulativeM - asIs!.cumulativeM).toBeCloseTo(50, 6);
    expect(towards!.years.at(-1)!.shares.defensive).toBeCloseTo(0.7, 9);
    const refused = await h.call({ method: 'POST', url: '/api/v1/spending/scenarios/compare', as: 'viewer', payload: { scenarios: [{ ...base, name: 'Too much', targetShares: { defensive: 0.9, offensive: 0.3 } }] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toContainEqual(expect.objectContaining({ path: 'scenarios.0.targetShares', message: 'must sum to 100 % (they sum to 120.00 %)' }));
  });

  it('counts a revised release: changed and removed rows, one audit entry; only posture writers import', async () => {
    const audits = await auditCount();
    const revised = records.filter((r) => !(r.country === 'Chad' && r.year === '2019')).map((r) => (r.country === 'Niger' && r.year === '2024' ? { ...r, milex_current_usd_m: '999' } : r));
    const report = (await upload(csv(revised), 'analyst', 'SIPRI 2025 revised')).json<MilexImportReport>();
    expect(report).toMatchObject({ release: 'SIPRI 2025 revised', changed: 1, removed: 1, added: 0 });
    expect(await auditCount()).toBe(audits + 1);
    expect((await upload(BYTES, 'commander')).statusCode).toBe(403);
  });
});
