import type { Selectable } from 'kysely';
import type { ArmsCompany } from '../core/spending/arms-companies.js';
import type { ArmsCompaniesTable, Db } from './database.js';

type Row = Selectable<ArmsCompaniesTable>;

/** A stored company: SIPRI's figures and the release they came from. */
export type StoredArmsCompany = ArmsCompany & { release: string };

function toCompany(r: Row): StoredArmsCompany {
  return {
    year: Number(r.year),
    rank: Number(r.rank),
    rankPrevious: r.rank_previous === null ? null : Number(r.rank_previous),
    company: r.company,
    notes: (JSON.parse(r.notes) as unknown[]).filter((n): n is string => typeof n === 'string'),
    country: r.country,
    countryCode: r.country_code,
    armsRevenueUsdM: Number(r.arms_revenue_usd_m),
    armsRevenuePreviousUsdM: r.arms_revenue_previous_usd_m,
    totalRevenueUsdM: r.total_revenue_usd_m,
    armsShareOfTotal: r.arms_share_of_total,
    armsRevenuePreviousConstantUsdM: r.arms_revenue_previous_constant_usd_m,
    release: r.release,
  };
}

function toRow(c: ArmsCompany, release: string, importedAt: string): Row {
  return {
    year: c.year,
    company: c.company,
    rank: c.rank,
    rank_previous: c.rankPrevious,
    notes: JSON.stringify(c.notes),
    country: c.country,
    country_code: c.countryCode,
    arms_revenue_usd_m: c.armsRevenueUsdM,
    arms_revenue_previous_usd_m: c.armsRevenuePreviousUsdM,
    total_revenue_usd_m: c.totalRevenueUsdM,
    arms_share_of_total: c.armsShareOfTotal,
    arms_revenue_previous_constant_usd_m: c.armsRevenuePreviousConstantUsdM,
    release,
    imported_at: importedAt,
  };
}

/** The SIPRI Top 100 by year: a year's list is replaced whole by a new release of it; other years stay. */
export class ArmsCompanyRepository {
  async replaceYear(db: Db, year: number, companies: readonly ArmsCompany[], release: string, importedAt: string): Promise<void> {
    await db.deleteFrom('arms_companies').where('year', '=', year).execute();
    const rows = companies.map((c) => toRow(c, release, importedAt));
    // 14 columns a row: 60 rows stay under SQLite's 999 bound parameters.
    for (let i = 0; i < rows.length; i += 60) await db.insertInto('arms_companies').values(rows.slice(i, i + 60)).execute();
  }

  /** A year's list by rank. */
  async ofYear(db: Db, year: number): Promise<StoredArmsCompany[]> {
    return (await db.selectFrom('arms_companies').selectAll().where('year', '=', year).orderBy('rank').execute()).map(toCompany);
  }

  /** The years a list is held for, latest first. */
  async years(db: Db): Promise<number[]> {
    const rows = await db.selectFrom('arms_companies').select('year').distinct().orderBy('year', 'desc').execute();
    return rows.map((r) => Number(r.year));
  }
}
