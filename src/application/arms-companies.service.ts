import { DomainError } from '../core/errors.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import type { RejectedRow } from '../core/rejected-row.schema.js';
import { armsCompanyOf, armsCompanyTableOf, duplicateCompanyRows, shareOfListTotal, type ArmsCompany } from '../core/spending/arms-companies.js';
import { armsCompaniesQuerySchema, type ArmsCompaniesAnswer, type ArmsCompaniesImportReport } from '../core/spending/spending-api.schema.js';
import { requirePermission } from './authorization.js';
import type { Actor, AppContext } from './app-context.js';
import { refusedRows } from './peace-operations.service.js';
import { parseInput } from './validation.js';

/**
 * Imports a year's SIPRI Top 100 arms-producing companies as a whole: every row checked first, a rank or a company
 * given twice refused, and one refused row refuses the file. An accepted list replaces the list held for its year (a
 * revision of that year updates it in place; other years' lists stay), in one transaction with one audit entry.
 */
export async function importArmsCompanies(ctx: AppContext, actor: Actor, readRows: () => Promise<string[][]>, release: string): Promise<ArmsCompaniesImportReport> {
  requirePermission(actor, 'posture:write');
  const [header, ...body] = await readRows();
  if (!header) throw new DomainError('validation_failed', 'the file is empty');
  const table = armsCompanyTableOf(header);
  if ('refused' in table) throw new DomainError('validation_failed', table.refused, table.missing.map((column) => ({ path: column, code: 'missing_column', message: 'is not in the header' })));
  const read: { company: ArmsCompany; rowNumber: number }[] = [];
  const rejected: RejectedRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const reading = armsCompanyOf(cells, i + 2, table);
    if ('rejected' in reading) rejected.push(reading.rejected);
    else read.push({ company: reading.company, rowNumber: i + 2 });
  });
  rejected.push(...duplicateCompanyRows(read, table));
  if (rejected.length > 0) throw refusedRows(rejected);
  if (read.length === 0) throw new DomainError('validation_failed', 'the file has no companies');
  const companies = read.map((r) => r.company);
  const db = ctx.store.connection.db;
  const at = ctx.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const held = new Map(
      (await ctx.store.armsCompanies.ofYear(trx, table.year)).map(({ release: _release, ...c }) => [c.company, canonicalJson(c)]),
    );
    let added = 0;
    let changed = 0;
    for (const c of companies) {
      const before = held.get(c.company);
      if (before === undefined) added++;
      else if (before !== canonicalJson(c)) changed++;
    }
    const incoming = new Set(companies.map((c) => c.company));
    const removed = [...held.keys()].filter((name) => !incoming.has(name)).length;
    await ctx.store.armsCompanies.replaceYear(trx, table.year, companies, release, at);
    const report: ArmsCompaniesImportReport = {
      release,
      year: table.year,
      companies: companies.length,
      countries: new Set(companies.map((c) => c.country)).size,
      added,
      changed,
      unchanged: companies.length - added - changed,
      removed,
      countriesWithoutCode: [...new Set(companies.filter((c) => c.countryCode === null).map((c) => c.country))].sort((a, b) => a.localeCompare(b)),
    };
    const { countriesWithoutCode, ...counts } = report;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'spending.arms_companies_import', entityType: 'sipri_top100', entityId: `${table.year}`, changes: { ...counts, countriesWithoutCode: countriesWithoutCode.length } });
    return report;
  });
}

/**
 * A year's list (the latest held unless asked), with each company's share of the list's combined arms revenue and
 * each country's companies and revenue; `country` (ISO code or SIPRI's name) narrows the companies to one country.
 */
export async function armsCompanies(ctx: AppContext, actor: Actor, input: unknown): Promise<ArmsCompaniesAnswer> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(armsCompaniesQuerySchema, input, 'arms companies query');
  const db = ctx.store.connection.db;
  const yearsHeld = await ctx.store.armsCompanies.years(db);
  const year = query.year ?? yearsHeld[0];
  if (year === undefined) return { year: null, yearsHeld, release: null, listTotalUsdM: null, listed: 0, countries: [], companies: [] };
  const list = await ctx.store.armsCompanies.ofYear(db, year);
  if (list.length === 0) {
    throw new DomainError('not_found', `no Top 100 list is held for ${year}${yearsHeld.length > 0 ? `; lists are held for ${yearsHeld.join(', ')}` : ''}`, [{ path: 'year', code: 'unknown_year', message: `no list for ${year}` }]);
  }
  const { total, shareOf } = shareOfListTotal(list);
  const byCountry = new Map<string, { country: string; countryCode: string | null; companies: number; armsRevenueUsdM: number }>();
  for (const c of list) {
    const entry = byCountry.get(c.country) ?? { country: c.country, countryCode: c.countryCode, companies: 0, armsRevenueUsdM: 0 };
    entry.companies++;
    entry.armsRevenueUsdM += c.armsRevenueUsdM;
    byCountry.set(c.country, entry);
  }
  const asked = query.country;
  const matches = (c: { country: string; countryCode: string | null }) => asked === undefined || c.countryCode === asked.toUpperCase() || c.country.toLowerCase() === asked.toLowerCase();
  if (asked !== undefined && ![...byCountry.values()].some(matches)) {
    throw new DomainError('validation_failed', `no company of ${asked} is in the ${year} list`, [{ path: 'country', code: 'unknown_country', message: `has no company in the ${year} list` }]);
  }
  return {
    year,
    yearsHeld,
    release: list[0]!.release,
    listTotalUsdM: total,
    listed: list.length,
    countries: [...byCountry.values()]
      .map((c) => ({ ...c, shareOfListTotal: total === 0 ? 0 : c.armsRevenueUsdM / total }))
      .sort((a, b) => b.armsRevenueUsdM - a.armsRevenueUsdM || a.country.localeCompare(b.country)),
    companies: list.filter(matches).map(({ year: _year, release: _release, ...c }) => ({ ...c, shareOfListTotal: shareOf(c) })),
  };
}
