import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armsCompanyOf, armsCompanyTableOf, duplicateCompanyRows, shareOfListTotal, type ArmsCompany, type ArmsCompanyTable } from '../../../src/core/spending/arms-companies.js';
import { realFixture } from '../../support/real-fixtures.js';

const FILE = realFixture('sipri/top100-arms-companies-2024.csv');
const cells: string[][] = parse(readFileSync(FILE), { bom: true });
const header = cells[0]!;
const body = cells.slice(1);
const records = body.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]!])));
const table = armsCompanyTableOf(header) as ArmsCompanyTable;
const readings = body.map((row, i) => armsCompanyOf(row, i + 2, table));
const companies = readings.flatMap((r) => ('company' in r ? [r.company] : []));
const amount = (text: string) => (text.trim() === '. .' ? null : Number(text));

describe("SIPRI's Top 100 arms-producing companies", () => {
  it("reads the header: the list's year from its rank columns, every column of the file", () => {
    expect(table.year).toBe(2024);
    expect(Object.fromEntries(Object.entries(table.columns).map(([field, at]) => [field, at.column]))).toEqual({
      rank: 'rank_2024',
      rankPrevious: 'rank_2023',
      company: 'company',
      notes: 'notes_2024',
      country: 'country',
      armsRevenue: 'arms_revenue_2024_usd_m',
      armsRevenuePrevious: 'arms_revenue_2023_usd_m',
      totalRevenue: 'total_revenue_2024_usd_m',
      armsShare: 'arms_share_of_total_2024',
      armsRevenuePreviousConstant: 'arms_revenue_2023_const2024_usd_m',
    });
  });

  it("reads every company as the file's cells: SIPRI's '. .' as null, '-' as not ranked, footnote letters kept", () => {
    expect(readings.filter((r) => 'rejected' in r)).toEqual([]);
    expect(companies).toHaveLength(records.length);
    companies.forEach((c, i) => {
      const r = records[i]!;
      expect(c).toEqual({
        year: 2024,
        rank: Number(r.rank_2024),
        rankPrevious: r.rank_2023 === '-' ? null : Number(r.rank_2023),
        company: r.company!,
        notes: r.notes_2024 ? [r.notes_2024] : [],
        country: r.country!,
        countryCode: c.countryCode,
        armsRevenueUsdM: Number(r.arms_revenue_2024_usd_m),
        armsRevenuePreviousUsdM: amount(r.arms_revenue_2023_usd_m!),
        totalRevenueUsdM: amount(r.total_revenue_2024_usd_m!),
        armsShareOfTotal: amount(r.arms_share_of_total_2024!),
        armsRevenuePreviousConstantUsdM: amount(r.arms_revenue_2023_const2024_usd_m!),
      } satisfies ArmsCompany);
      // SIPRI's share is its arms revenue over its total revenue, where both are given.
      if (c.armsShareOfTotal !== null && c.totalRevenueUsdM !== null) expect(c.armsShareOfTotal).toBeCloseTo(c.armsRevenueUsdM / c.totalRevenueUsdM, 4);
    });
    expect(companies.filter((c) => c.rankPrevious === null).map((c) => c.company)).toEqual(records.filter((r) => r.rank_2023 === '-').map((r) => r.company));
    expect(companies.filter((c) => c.totalRevenueUsdM === null).length).toBe(records.filter((r) => r.total_revenue_2024_usd_m === '. .').length);
    expect(duplicateCompanyRows(companies.map((company, i) => ({ company, rowNumber: i + 2 })), table)).toEqual([]);
  });

  it('gives today\'s countries their ISO code, and none to "Trans-European"', () => {
    expect(companies.find((c) => c.country === 'United States')!.countryCode).toBe('USA');
    expect(companies.find((c) => c.country === 'Türkiye')!.countryCode).toBe('TUR');
    expect(companies.find((c) => c.country === 'South Korea')!.countryCode).toBe('KOR');
    expect(new Set(companies.filter((c) => c.countryCode === null).map((c) => c.country))).toEqual(new Set(['Trans-European']));
  });

  it("shares each company's arms revenue of the list's combined revenue, summing to 1", () => {
    const { total, shareOf } = shareOfListTotal(companies);
    expect(total).toBe(records.reduce((s, r) => s + Number(r.arms_revenue_2024_usd_m), 0));
    expect(companies.reduce((s, c) => s + shareOf(c), 0)).toBeCloseTo(1, 12);
  });

  it("reads SIPRI's spreadsheet header, with the arms share as a percentage", () => {
    const sheet = armsCompanyTableOf(['Rank 2024', 'Rank 2023', 'Company (c)', 'Country', 'Arms revenue 2024', 'Arms revenue 2023', 'Total revenue 2024', 'Arms revenue as a % of total revenue 2024']);
    if ('refused' in sheet) throw new Error(sheet.refused);
    const reading = armsCompanyOf(['2', '2', 'RTX', 'United States', '43600', '40660', '80740', '54'], 3, sheet);
    expect(reading).toMatchObject({ company: { rank: 2, company: 'RTX', armsRevenueUsdM: 43600, totalRevenueUsdM: 80740, armsShareOfTotal: 0.54 } });
    expect(armsCompanyOf(['2', '2', 'RTX', 'United States', '43600', '40660', '80740', '154'], 3, sheet)).toMatchObject({ rejected: { issues: [{ path: 'Arms revenue as a % of total revenue 2024', code: 'out_of_range' }] } });
    expect(armsCompanyTableOf(['company', 'country'])).toMatchObject({ refused: expect.stringContaining('no rank_<year> column') });
    expect(armsCompanyTableOf(['rank_2024', 'company'])).toMatchObject({ missing: ['country', 'arms_revenue_2024_usd_m'] });
  });

  it('refuses a bad row naming its column, and a rank or a company given twice', () => {
    const refused = (column: string, value: string) => {
      const row = [...body[0]!];
      row[header.indexOf(column)] = value;
      const reading = armsCompanyOf(row, 2, table);
      return 'rejected' in reading ? reading.rejected.issues : [];
    };
    expect(refused('arms_revenue_2024_usd_m', '64,650')).toEqual([{ path: 'arms_revenue_2024_usd_m', code: 'invalid_number', message: '"64,650" is not a number' }]);
    expect(refused('arms_revenue_2024_usd_m', '. .')).toEqual([{ path: 'arms_revenue_2024_usd_m', code: 'required', message: 'is not given: a ranked company has an arms revenue' }]);
    expect(refused('arms_share_of_total_2024', '91')).toEqual([{ path: 'arms_share_of_total_2024', code: 'percent_not_fraction', message: '91 is above 1: the share is a fraction (0.91 is 91 %)' }]);
    expect(refused('rank_2024', '-')).toEqual([{ path: 'rank_2024', code: 'invalid_rank', message: '"-" is not a rank (1, 2, …)' }]);
    expect(refused('total_revenue_2024_usd_m', '-5')).toEqual([{ path: 'total_revenue_2024_usd_m', code: 'invalid_number', message: '-5 is negative' }]);
    expect(refused('company', '')).toEqual([{ path: 'company', code: 'invalid_text', message: 'is empty' }]);
    const twice = [companies[0]!, { ...companies[1]!, rank: companies[0]!.rank }, { ...companies[2]!, company: companies[0]!.company.toUpperCase() }].map((company, i) => ({ company, rowNumber: i + 2 }));
    expect(duplicateCompanyRows(twice, table)).toEqual([
      { rowNumber: 3, issues: [{ path: 'rank_2024', code: 'duplicate', message: "rank 1 is already row 2's" }] },
      { rowNumber: 4, issues: [{ path: 'company', code: 'duplicate', message: `${companies[0]!.company.toUpperCase()} is already on row 2` }] },
    ]);
  });

  it('reads back any amounts written with padding, in plain or exponent form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        fc.constantFrom('', ' ', '\t'),
        fc.boolean(),
        (rank, rankPrevious, arms, total, share, pad, exponent) => {
          const write = (v: number | null, unset: string) => (v === null ? unset : `${pad}${exponent ? v.toExponential() : String(v)}${pad}`);
          const row = header.map((name) =>
            ({
              rank_2024: `${pad}${rank}`,
              rank_2023: rankPrevious === null ? '-' : String(rankPrevious),
              company: `${pad}Example Co.${pad}`,
              notes_2024: pad,
              country: 'Norway',
              arms_revenue_2024_usd_m: write(arms, '. .'),
              arms_revenue_2023_usd_m: write(total, '. .'),
              total_revenue_2024_usd_m: write(total, '. .'),
              arms_share_of_total_2024: write(share, '. .'),
              arms_revenue_2023_const2024_usd_m: '. .',
            })[name] ?? '',
          );
          const reading = armsCompanyOf(row, 2, table);
          if (!('company' in reading)) throw new Error(JSON.stringify(reading.rejected));
          expect(reading.company).toMatchObject({ rank, rankPrevious, company: 'Example Co.', countryCode: 'NOR', notes: [], armsRevenuePreviousConstantUsdM: null, totalRevenueUsdM: total, armsShareOfTotal: share });
          expect(reading.company.armsRevenueUsdM).toBeCloseTo(arms, 6);
        },
      ),
      { numRuns: 500 },
    );
  });
});
