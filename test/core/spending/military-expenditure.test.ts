import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expenditureSeries, groupTotals } from '../../../src/core/spending/expenditure-series.js';
import { splitEntityList } from '../../../src/core/spending/spending-api.schema.js';
import { milexLongTableOf, milexObservationFromLongRow, sharesLookLikePercentages, type MilexLongTable, type MilexObservation } from '../../../src/core/spending/military-expenditure.js';
import { realFixture } from '../../support/real-fixtures.js';

const FILE = realFixture('sipri/milex-2019-2025-and-selected-series.csv');
const records = parse<Record<string, string>>(readFileSync(FILE), { columns: true, bom: true });
const header = Object.keys(records[0]!);
const table = milexLongTableOf(header) as MilexLongTable;
const readings = records.map((r, i) => milexObservationFromLongRow(r, i + 2, table));
const observations = readings.flatMap((r) => ('observation' in r ? [r.observation] : []));
const cell = (country: string, year: number) => records.find((r) => r.country === country && r.year === String(year))!;
const numberOrNull = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

describe("SIPRI's long table of military expenditure", () => {
  it('reads the header: the constant-price column names its base year', () => {
    expect(table).toEqual({ priceBaseYear: 2024, constantColumn: 'milex_const2024_usd_m' });
    expect(milexLongTableOf(['country', 'year', 'milex_current_usd_m'])).toEqual({ missing: ['milex_const<YEAR>_usd_m', 'share_of_gdp', 'per_capita_current_usd', 'share_of_govt_spending'] });
  });

  it("takes every row of the real file: the figures are the file's cells, gaps stay gaps, and only region headings are skipped", () => {
    const rejected = readings.filter((r) => 'rejected' in r);
    expect(rejected).toEqual([]);
    const skipped = records.filter((_, i) => 'skipped' in readings[i]!).map((r) => r.country);
    expect(new Set(skipped)).toEqual(new Set(['Central Asia', 'East Asia']));
    for (const o of observations) {
      const row = cell(o.entity, o.year);
      expect(o.constantUsdM).toBe(numberOrNull(row.milex_const2024_usd_m));
      expect(o.currentUsdM).toBe(numberOrNull(row.milex_current_usd_m));
      expect(o.shareOfGdp).toBe(numberOrNull(row.share_of_gdp));
      expect(o.perCapitaUsd).toBe(numberOrNull(row.per_capita_current_usd));
      expect(o.shareOfGovernmentSpending).toBe(numberOrNull(row.share_of_govt_spending));
      for (const flag of row.flags!.split(';').filter(Boolean)) expect(o.flags).toContain(flag);
      // A gap always says why.
      if ([o.constantUsdM, o.currentUsdM, o.shareOfGdp, o.perCapitaUsd, o.shareOfGovernmentSpending].includes(null)) expect(o.flags.length).toBeGreaterThan(0);
    }
  });

  it('takes a share of GDP above 1 where the file has one (Kuwait, 1991), and tells a file of percentages from fractions', () => {
    const kuwait = observations.find((o) => o.entity === 'Kuwait' && o.year === 1991)!;
    expect(kuwait.shareOfGdp).toBe(numberOrNull(cell('Kuwait', 1991).share_of_gdp));
    expect(kuwait.shareOfGdp).toBeGreaterThan(1);
    expect(sharesLookLikePercentages(observations)).toBe(false);
    expect(sharesLookLikePercentages(observations.map((o) => ({ ...o, shareOfGdp: o.shareOfGdp === null ? null : o.shareOfGdp * 100 })))).toBe(true);
  });

  it('keeps former states apart from the countries of today, and the European Union as a body', () => {
    const kindOf = (entity: string) => observations.find((o) => o.entity === entity)!;
    expect(kindOf('USSR')).toMatchObject({ kind: 'former_state', country: null });
    expect(kindOf('German Democratic Republic')).toMatchObject({ kind: 'former_state', country: null });
    expect(kindOf('Germany')).toMatchObject({ kind: 'country', country: 'DEU' });
    expect(kindOf('Russia')).toMatchObject({ kind: 'country', country: 'RUS' });
    expect(kindOf('European Union')).toMatchObject({ kind: 'organisation', country: null });
    expect(kindOf('Congo, DR')).toMatchObject({ kind: 'country', country: 'COD' });
    expect(kindOf('Türkiye')).toMatchObject({ kind: 'country', country: 'TUR' });
  });

  it('draws a series year by year with its gaps as gaps, never as zero', () => {
    const [ussr] = expenditureSeries(observations, ['USSR'], 'constantUsdM', 1985, 1995);
    const after = ussr!.points.filter((p) => p.year >= 1992);
    expect(after.every((p) => p.value === null && p.flags.length > 0)).toBe(true);
    const [nigeria] = expenditureSeries(observations, ['Nigeria'], 'shareOfGdp', 2019, 2025);
    expect(nigeria!.country).toBe('NGA');
    expect(nigeria!.points.map((p) => p.value)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => numberOrNull(cell('Nigeria', y).share_of_gdp)));
  });

  it("totals the world per year as the sum of every state SIPRI counts that year, and names the states without a figure", () => {
    for (const year of [2019, 2022, 2024]) {
      const rows = records.filter((r) => r.year === String(year) && r.country !== 'European Union' && !r.flags!.includes('not_independent') && !['Central Asia', 'East Asia'].includes(r.country!));
      const expected = rows.reduce((sum, r) => sum + (numberOrNull(r.milex_const2024_usd_m) ?? 0), 0);
      const [world] = groupTotals(observations, 'constantUsdM', 'world', year, year);
      expect(world!.total).toBeCloseTo(expected, 6);
      expect(world!.counted).toBe(rows.filter((r) => r.milex_const2024_usd_m !== '').length);
      expect(world!.missing.sort()).toEqual(rows.filter((r) => r.milex_const2024_usd_m === '').map((r) => r.country).sort());
    }
    const regions = groupTotals(observations, 'constantUsdM', 'region', 2024, 2024);
    const [world] = groupTotals(observations, 'constantUsdM', 'world', 2024, 2024);
    expect(regions.reduce((sum, r) => sum + (r.total ?? 0), 0)).toBeCloseTo(world!.total!, 6);
    // A group where no state has a figure that year has no total, not a total of 0.
    const blank = observations.filter((o) => o.year === 2024 && o.region === 'Africa').map((o) => ({ ...o, constantUsdM: null }));
    expect(groupTotals(blank, 'constantUsdM', 'world', 2024, 2024)[0]).toMatchObject({ total: null, counted: 0 });
    expect(() => groupTotals(observations, 'shareOfGdp', 'world', 2024, 2024)).toThrow(/does not add up/);
  });
});

describe('a list of countries and SIPRI names', () => {
  it('separates at a bare comma only: a comma and a space belong to a name', () => {
    expect(splitEntityList('NGA,Yemen, North,TCD')).toEqual(['NGA', 'Yemen, North', 'TCD']);
    expect(splitEntityList('Congo, DR')).toEqual(['Congo, DR']);
    expect(splitEntityList(' NGA ,,TCD')).toEqual(['NGA', 'TCD']);
  });
});

describe('a row SIPRI would not have written', () => {
  const row = (overrides: Record<string, string>): Record<string, string> => ({ ...cell('Nigeria', 2024), ...overrides });
  const read = (overrides: Record<string, string>) => milexObservationFromLongRow(row(overrides), 7, table);

  it('names the row and the column at fault', () => {
    expect(read({ share_of_gdp: '-0.2' })).toEqual({ rejected: { rowNumber: 7, issues: [{ path: 'share_of_gdp', code: 'invalid_number', message: '-0.2 is negative' }] } });
    expect(read({ milex_current_usd_m: '1,134.85' })).toMatchObject({ rejected: { issues: [{ path: 'milex_current_usd_m', message: '"1,134.85" is not a number' }] } });
    expect(read({ year: '24' })).toMatchObject({ rejected: { issues: [{ path: 'year' }] } });
    expect(read({ country: 'Atlantis' })).toMatchObject({ rejected: { issues: [{ path: 'country', message: '"Atlantis" is not a country name Haven knows' }] } });
    expect(read({ flags: 'guessed' })).toMatchObject({ rejected: { issues: [{ path: 'flags' }] } });
  });

  it("reads SIPRI's own marks for missing figures as gaps with their reason", () => {
    const reading = read({ milex_const2024_usd_m: '. .', milex_current_usd_m: 'xxx', flags: '' }) as { observation: MilexObservation };
    expect(reading.observation).toMatchObject({ constantUsdM: null, currentUsdM: null });
    expect(reading.observation.flags).toEqual(['not_independent', 'some_unavailable']);
  });
});
