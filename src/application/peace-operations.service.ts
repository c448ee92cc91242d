import { DomainError, type FieldIssue } from '../core/errors.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { geoPkoRowOf, geoPkoTableOf, locationYearKey, locationYearsOf, type GeoPkoRow } from '../core/posture/geo-pko.js';
import { missionSeries, missionsOf } from '../core/posture/peace-operations.js';
import { peaceOperationSeriesParamsSchema, peaceOperationSeriesQuerySchema, type PeaceOperationImportReport, type PeaceOperationMissions, type PeaceOperationSeries } from '../core/posture/peace-operations-api.schema.js';
import { rejectionLinesOf, type RejectedRow } from '../core/rejected-row.schema.js';
import { requirePermission } from './authorization.js';
import type { Actor, AppContext } from './app-context.js';
import { parseInput } from './validation.js';

/** A file refused whole: the first few problems in the message, every one in the issues (`rows.<n>.<column>`). */
export function refusedRows(rejected: readonly RejectedRow[]): DomainError {
  const lines = rejectionLinesOf([...rejected].sort((a, b) => a.rowNumber - b.rowNumber));
  const shown = lines.slice(0, 5).map((line) => `row ${line.row}, ${line.field}: ${line.message}`);
  const issues: FieldIssue[] = rejected.flatMap((r) => r.issues.map((issue) => ({ path: `rows.${r.rowNumber}.${issue.path}`, code: issue.code ?? 'invalid', message: issue.message })));
  return new DomainError('validation_failed', `${rejected.length} row(s) refused, nothing imported: ${shown.join('; ')}${lines.length > 5 ? ` (and ${lines.length - 5} more)` : ''}`, issues);
}

/**
 * Imports a release of Geo-PKO's mission–year–location table as a whole: every row is checked first (numbers,
 * coordinates, names, codes), then the rows of each place-year are brought together, and a row that contradicts an
 * earlier one of its place-year is refused. One refused row refuses the file, naming every row and column at fault.
 * An accepted release replaces the one held in one transaction, with one audit entry counting the place-years added,
 * changed, unchanged and removed; importing the same file again changes nothing.
 */
export async function importPeaceOperations(ctx: AppContext, actor: Actor, readRows: () => Promise<string[][]>, release: string): Promise<PeaceOperationImportReport> {
  requirePermission(actor, 'posture:write');
  const [header, ...body] = await readRows();
  if (!header) throw new DomainError('validation_failed', 'the file is empty');
  const reading = geoPkoTableOf(header);
  if ('refused' in reading) throw new DomainError('validation_failed', reading.refused, reading.missing.map((column) => ({ path: column, code: 'missing_column', message: 'is not in the header' })));
  const rows: { row: GeoPkoRow; rowNumber: number }[] = [];
  const rejected: RejectedRow[] = [];
  body.forEach((cells, i) => {
    // A blank line (every cell empty) is not a row of the table.
    if (cells.every((cell) => cell.trim() === '')) return;
    const read = geoPkoRowOf(cells, i + 2, reading.table);
    if ('rejected' in read) rejected.push(read.rejected);
    else rows.push({ row: read.row, rowNumber: i + 2 });
  });
  const { locationYears, rejected: contradicting } = locationYearsOf(rows, reading.table);
  rejected.push(...contradicting);
  if (rejected.length > 0) throw refusedRows(rejected);
  if (locationYears.length === 0) throw new DomainError('validation_failed', 'the file has no rows of deployments');
  const db = ctx.store.connection.db;
  const at = ctx.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const held = new Map((await ctx.store.peaceOperations.find(trx)).map((p) => [locationYearKey(p), canonicalJson(p)]));
    let added = 0;
    let changed = 0;
    for (const place of locationYears) {
      const before = held.get(locationYearKey(place));
      if (before === undefined) added++;
      else if (before !== canonicalJson(place)) changed++;
    }
    const incoming = new Set(locationYears.map(locationYearKey));
    const removed = [...held.keys()].filter((key) => !incoming.has(key)).length;
    await ctx.store.peaceOperations.replaceAll(trx, locationYears, release, at);
    const years = locationYears.map((p) => p.year);
    const report: PeaceOperationImportReport = {
      release,
      rows: rows.length,
      locationYears: locationYears.length,
      missions: new Set(locationYears.map((p) => p.mission)).size,
      firstYear: Math.min(...years),
      lastYear: Math.max(...years),
      added,
      changed,
      unchanged: locationYears.length - added - changed,
      removed,
      countriesWithoutCode: [...new Set(locationYears.filter((p) => p.countryCode === null).map((p) => p.country))].sort((a, b) => a.localeCompare(b)),
    };
    const { countriesWithoutCode, ...counts } = report;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'posture.peace_operations_import', entityType: 'geo_pko_release', entityId: release, changes: { ...counts, countriesWithoutCode: countriesWithoutCode.length } });
    return report;
  });
}

/** The missions held, each with its countries, years and number of places. */
export async function peaceOperationMissions(ctx: AppContext, actor: Actor): Promise<PeaceOperationMissions> {
  requirePermission(actor, 'posture:read');
  const db = ctx.store.connection.db;
  return { release: await ctx.store.peaceOperations.release(db), items: missionsOf(await ctx.store.peaceOperations.places(db)) };
}

/**
 * One mission, year by year: troops by type (infantry, reserve, other, type not given), the places with each kind of
 * HQ and element, and the protective share. Years without a Geo-PKO map are listed as missing, not as zeros.
 */
export async function peaceOperationSeries(ctx: AppContext, actor: Actor, params: unknown, query: unknown): Promise<PeaceOperationSeries> {
  requirePermission(actor, 'posture:read');
  const { mission } = parseInput(peaceOperationSeriesParamsSchema, params, 'mission');
  const { from, to } = parseInput(peaceOperationSeriesQuerySchema, query, 'series query');
  const db = ctx.store.connection.db;
  const places = await ctx.store.peaceOperations.find(db, { mission });
  if (places.length === 0) {
    const missions = missionsOf(await ctx.store.peaceOperations.places(db)).map((m) => m.mission);
    const near = missions.filter((m) => m.toLowerCase() === mission.toLowerCase());
    throw new DomainError('not_found', `no deployments of ${mission} are held${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : missions.length > 0 ? '' : ': no Geo-PKO release is imported'}`);
  }
  const series = missionSeries(places, mission, from, to);
  return { mission, release: await ctx.store.peaceOperations.release(db), ...series };
}
