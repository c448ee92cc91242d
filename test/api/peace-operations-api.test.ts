import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeaceOperationImportReport, PeaceOperationMissions, PeaceOperationSeries } from '../../src/core/posture/peace-operations-api.schema.js';
import type { ArmsCompaniesAnswer, ArmsCompaniesImportReport } from '../../src/core/spending/spending-api.schema.js';
import { DATABASES } from '../support/databases.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';
import { realFixture } from '../support/real-fixtures.js';

const PKO = readFileSync(realFixture('geopko/geopko-v2.3-six-missions.csv'));
const pkoRows = parse<Record<string, string>>(PKO, { columns: true, bom: true });
const TOP100 = readFileSync(realFixture('sipri/top100-arms-companies-2024.csv'));
const companyRows = parse<Record<string, string>>(TOP100, { columns: true, bom: true });
const csv = (rows: Record<string, string>[]) => stringify(rows, { header: true });

/** The fixture's places, each once per mission-year (its rows repeat a place once per distinct map figure). */
const places = [...new Map(pkoRows.map((r) => [`${r.mission}|${r.year}|${r.country}|${r.location}`, r])).values()];

describe.each(DATABASES)('UN peace operations (Geo-PKO) and the SIPRI Top 100 over HTTP on %s', (kind) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(kind);
  });
  afterAll(() => h?.close());

  const uploadPko = (body: Buffer | string, as: 'analyst' | 'commander' | 'human_security_advisor' = 'analyst', release = 'Geo-PKO 2.3') =>
    h.call({ method: 'POST', url: `/api/v1/posture/peace-operations/imports?release=${encodeURIComponent(release)}`, as, headers: { 'content-type': 'text/csv' }, payload: body });
  const uploadTop100 = (body: Buffer | string, as: 'analyst' | 'viewer' = 'analyst', release = 'SIPRI Top 100 2024') =>
    h.call({ method: 'POST', url: `/api/v1/spending/arms-companies/imports?release=${encodeURIComponent(release)}`, as, headers: { 'content-type': 'text/csv' }, payload: body });
  const audits = async (action: string) => (await h.call({ method: 'GET', url: `/api/v1/audit?action=${action}&limit=100`, as: 'auditor' })).json<{ items: unknown[] }>().items.length;
  const series = async (mission: string, query = '') => h.call({ method: 'GET', url: `/api/v1/posture/peace-operations/${encodeURIComponent(mission)}/series${query}`, as: 'viewer' });

  it('answers an empty list before anything is imported, and a mission it does not hold with 404', async () => {
    const empty = await h.call({ method: 'GET', url: '/api/v1/posture/peace-operations/missions', as: 'viewer' });
    expect(empty.json<PeaceOperationMissions>()).toEqual({ release: null, items: [] });
    const missing = await series('UNMISS');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('no deployments of UNMISS are held: no Geo-PKO release is imported');
    const companies = await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies', as: 'viewer' });
    expect(companies.json<ArmsCompaniesAnswer>()).toMatchObject({ year: null, yearsHeld: [], companies: [] });
  });

  it("imports Geo-PKO's real table whole, brings repeated rows together, and a second import of it changes nothing", async () => {
    const before = await audits('posture.peace_operations_import');
    const first = await uploadPko(PKO);
    expect(first.statusCode, first.body).toBe(200);
    const missions = [...new Set(pkoRows.map((r) => r.mission!))];
    expect(first.json<PeaceOperationImportReport>()).toEqual({
      release: 'Geo-PKO 2.3',
      rows: pkoRows.length,
      locationYears: places.length,
      missions: missions.length,
      firstYear: Math.min(...pkoRows.map((r) => Number(r.year))),
      lastYear: Math.max(...pkoRows.map((r) => Number(r.year))),
      added: places.length,
      changed: 0,
      unchanged: 0,
      removed: 0,
      countriesWithoutCode: ['Ethiopia/Eritrea'],
    });
    const again = (await uploadPko(PKO)).json<PeaceOperationImportReport>();
    expect(again).toMatchObject({ added: 0, changed: 0, unchanged: places.length, removed: 0 });
    expect(await audits('posture.peace_operations_import')).toBe(before + 2);
    const list = (await h.call({ method: 'GET', url: '/api/v1/posture/peace-operations/missions', as: 'commander' })).json<PeaceOperationMissions>();
    expect(list.release).toBe('Geo-PKO 2.3');
    expect(list.items.map((m) => m.mission)).toEqual([...missions].sort((a, b) => a.localeCompare(b)));
    const unmiss = list.items.find((m) => m.mission === 'UNMISS')!;
    const unmissRows = pkoRows.filter((r) => r.mission === 'UNMISS');
    expect(unmiss).toMatchObject({ countries: ['South Sudan'], countryCodes: ['SSD'], firstYear: Math.min(...unmissRows.map((r) => Number(r.year))), lastYear: Math.max(...unmissRows.map((r) => Number(r.year))) });
    expect(unmiss.locations).toBe(new Set(unmissRows.map((r) => `${r.country}|${r.location}`)).size);
  });

  it("answers a mission's series with the file's figures: troops summed over its places once each, presence counted, the protective share", async () => {
    for (const mission of ['UNMISS', 'MINURSO', 'MINUJUSTH']) {
      const response = await series(mission);
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json<PeaceOperationSeries>();
      expect(answer.release).toBe('Geo-PKO 2.3');
      for (const year of answer.years) {
        const here = places.filter((r) => r.mission === mission && Number(r.year) === year.year);
        const known = here.filter((r) => r['ave.no.troops'] !== 'NA');
        expect(year.locations, `${mission} ${year.year}`).toBe(here.length);
        expect(year.troops.total).toBe(known.reduce((s, r) => s + Number(r['ave.no.troops']), 0));
        expect(year.troops.infantry).toBe(known.filter((r) => r.Infantry !== 'NA' && r.Reserve !== 'NA').reduce((s, r) => s + Number(r.Infantry), 0));
        expect(year.locationsWithoutTroopFigure).toBe(here.length - known.length);
        expect(year.locationsWith.missionHq).toBe(here.filter((r) => pkoRows.some((row) => row.mission === mission && row.year === r.year && row.location === r.location && row.country === r.country && row.hq === '3')).length);
        const protective = here.filter((r) => r.Med === '1' || r.UNPOL === '1' || r.UNMO === '1').length;
        expect(year.protectiveLocations).toBe(protective);
        expect(year.protectiveShare).toBeCloseTo(protective / here.length, 12);
      }
    }
    const windowed = (await series('MINURSO', '?from=2010&to=2012')).json<PeaceOperationSeries>();
    expect(windowed.years.map((y) => y.year)).toEqual([...new Set(pkoRows.filter((r) => r.mission === 'MINURSO' && Number(r.year) >= 2010 && Number(r.year) <= 2012).map((r) => Number(r.year)))].sort());
    expect((await series('MINURSO', '?from=2012&to=2010')).statusCode).toBe(400);
    const wrongCase = await series('unmiss');
    expect(wrongCase.statusCode).toBe(404);
    expect(wrongCase.json().error.message).toBe('no deployments of unmiss are held (did you mean UNMISS?)');
  });

  it('refuses a file with a bad row whole, naming the row and column, and keeps the release held', async () => {
    const before = await audits('posture.peace_operations_import');
    const bad = pkoRows.map((r, i) => (i === 10 ? { ...r, latitude: '95.2' } : i === 20 ? { ...r, Infantry: '1 300' } : r));
    const refused = await uploadPko(csv(bad), 'analyst', 'broken');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([
      { path: 'rows.12.latitude', code: 'invalid_coordinate', message: '95.2 is outside −90…90' },
      { path: 'rows.22.Infantry', code: 'invalid_number', message: '"1 300" is not a number' },
    ]);
    expect(await audits('posture.peace_operations_import')).toBe(before);
    expect((await h.call({ method: 'GET', url: '/api/v1/posture/peace-operations/missions', as: 'viewer' })).json<PeaceOperationMissions>().release).toBe('Geo-PKO 2.3');
    const notTheTable = await uploadPko('source,mission,year,month,location\nx,UNMISS,2020,1,Juba\n');
    expect(notTheTable.statusCode).toBe(400);
    expect(notTheTable.json().error.message).toContain("Geo-PKO's own file, one row per place per deployment map");
    const notAFile = await h.call({ method: 'POST', url: '/api/v1/posture/peace-operations/imports', as: 'analyst', payload: {} });
    expect(notAFile.statusCode).toBe(400);
  });

  it('counts a revised release in place: a changed place-year, a removed one, one audit entry; only posture writers import', async () => {
    const before = await audits('posture.peace_operations_import');
    const target = places.find((r) => r.mission === 'UNMISS' && r['ave.no.troops'] !== 'NA')!;
    const dropped = places.find((r) => r.mission === 'MINURSO')!;
    const same = (a: Record<string, string>, b: Record<string, string>) => a.mission === b.mission && a.year === b.year && a.country === b.country && a.location === b.location;
    const revised = pkoRows.filter((r) => !same(r, dropped)).map((r) => (same(r, target) ? { ...r, Med: r.Med === '1' ? '0' : '1' } : r));
    const report = (await uploadPko(csv(revised), 'human_security_advisor', 'Geo-PKO 2.3 revised')).json<PeaceOperationImportReport>();
    expect(report).toMatchObject({ release: 'Geo-PKO 2.3 revised', added: 0, changed: 1, removed: 1, unchanged: places.length - 2 });
    expect(await audits('posture.peace_operations_import')).toBe(before + 1);
    const year = (await series(target.mission!)).json<PeaceOperationSeries>().years.find((y) => y.year === Number(target.year))!;
    const medical = places.filter((r) => r.mission === target.mission && r.year === target.year && (same(r, target) ? r.Med !== '1' : r.Med === '1')).length;
    expect(year.locationsWith.medical).toBe(medical);
    const forbidden = await uploadPko(PKO, 'commander');
    expect(forbidden.statusCode).toBe(403);
  });

  it("imports SIPRI's Top 100 and answers a country's companies with their share of the list; a re-import changes nothing", async () => {
    const first = await uploadTop100(TOP100);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<ArmsCompaniesImportReport>()).toEqual({
      release: 'SIPRI Top 100 2024',
      year: 2024,
      companies: companyRows.length,
      countries: new Set(companyRows.map((r) => r.country)).size,
      added: companyRows.length,
      changed: 0,
      unchanged: 0,
      removed: 0,
      countriesWithoutCode: ['Trans-European'],
    });
    expect((await uploadTop100(TOP100)).json<ArmsCompaniesImportReport>()).toMatchObject({ added: 0, changed: 0, unchanged: companyRows.length, removed: 0 });
    const total = companyRows.reduce((s, r) => s + Number(r.arms_revenue_2024_usd_m), 0);
    const answer = (await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies?country=DEU', as: 'viewer' })).json<ArmsCompaniesAnswer>();
    const german = companyRows.filter((r) => r.country === 'Germany');
    expect(answer).toMatchObject({ year: 2024, yearsHeld: [2024], release: 'SIPRI Top 100 2024', listed: companyRows.length });
    expect(answer.listTotalUsdM).toBeCloseTo(total, 6);
    expect(answer.companies.map((c) => [c.rank, c.company, c.armsRevenueUsdM, c.armsShareOfTotal])).toEqual(german.map((r) => [Number(r.rank_2024), r.company, Number(r.arms_revenue_2024_usd_m), Number(r.arms_share_of_total_2024)]));
    for (const c of answer.companies) expect(c.shareOfListTotal).toBeCloseTo(c.armsRevenueUsdM / total, 12);
    const germany = answer.countries.find((c) => c.countryCode === 'DEU')!;
    expect(germany).toMatchObject({ country: 'Germany', companies: german.length });
    expect(germany.armsRevenueUsdM).toBeCloseTo(german.reduce((s, r) => s + Number(r.arms_revenue_2024_usd_m), 0), 6);
    // By SIPRI's name, for the companies of no single country.
    const trans = (await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies?year=2024&country=Trans-European', as: 'viewer' })).json<ArmsCompaniesAnswer>();
    expect(trans.companies.map((c) => c.company)).toEqual(companyRows.filter((r) => r.country === 'Trans-European').map((r) => r.company));
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies?year=2019', as: 'viewer' })).statusCode).toBe(404);
    expect((await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies?country=NGA', as: 'viewer' })).statusCode).toBe(400);
  });

  it("updates a year's list in place: a revised figure changed, a company gone removed, another year's list kept", async () => {
    const revised = companyRows.slice(0, -1).map((r, i) => (i === 0 ? { ...r, arms_revenue_2024_usd_m: '64700', arms_share_of_total_2024: '0.910755' } : r));
    const report = (await uploadTop100(csv(revised), 'analyst', 'SIPRI Top 100 2024, revised')).json<ArmsCompaniesImportReport>();
    expect(report).toMatchObject({ year: 2024, added: 0, changed: 1, removed: 1, unchanged: companyRows.length - 2 });
    const earlier = csv(
      companyRows.slice(0, 3).map((r) => ({
        rank_2023: r.rank_2023!,
        rank_2022: '-',
        company: r.company!,
        country: r.country!,
        arms_revenue_2023_usd_m: r.arms_revenue_2023_usd_m!,
      })),
    );
    expect((await uploadTop100(earlier, 'analyst', 'SIPRI Top 100 2023')).json<ArmsCompaniesImportReport>()).toMatchObject({ year: 2023, added: 3 });
    const latest = (await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies', as: 'viewer' })).json<ArmsCompaniesAnswer>();
    expect(latest).toMatchObject({ year: 2024, yearsHeld: [2024, 2023], listed: companyRows.length - 1, release: 'SIPRI Top 100 2024, revised' });
    expect(latest.companies[0]!.armsRevenueUsdM).toBe(64700);
    const older = (await h.call({ method: 'GET', url: '/api/v1/spending/arms-companies?year=2023', as: 'viewer' })).json<ArmsCompaniesAnswer>();
    expect(older.companies.map((c) => c.company)).toEqual(companyRows.slice(0, 3).map((r) => r.company));
    const duplicate = await uploadTop100(csv([companyRows[0]!, { ...companyRows[1]!, rank_2024: companyRows[0]!.rank_2024! }]));
    expect(duplicate.json().error.issues).toEqual([{ path: 'rows.3.rank_2024', code: 'duplicate', message: "rank 1 is already row 2's" }]);
    expect((await uploadTop100(TOP100, 'viewer')).statusCode).toBe(403);
  });
});
