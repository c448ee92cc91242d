import { DomainError, type FieldIssue } from '../core/errors.js';
import { rejectionLinesOf, type RejectedRow } from '../core/rejected-row.schema.js';
import { canonicalJson } from '../core/ledger/canonical-json.js';
import { expenditureSeries, groupTotals } from '../core/spending/expenditure-series.js';
import { compareScenarios } from '../core/spending/rebalancing.js';
import { milexSeriesQuerySchema, milexTotalsQuerySchema, scenarioComparisonRequestSchema, type MilexEntityList, type ScenarioComparison, type MilexImportReport, type MilexSeriesAnswer, type MilexTotalsAnswer } from '../core/spending/spending-api.schema.js';
import { readMilexWorkbook, type MilexFile, type MilexWorkbookSheet } from '../core/spending/milex-workbook.js';
import { milexLongTableOf, milexObservationFromLongRow, sharesLookLikePercentages, type MilexObservation } from '../core/spending/military-expenditure.js';
import { requirePermission } from './authorization.js';
import type { Actor, AppContext } from './app-context.js';
import { parseInput } from './validation.js';

const keyOf = (o: Pick<MilexObservation, 'entity' | 'year'>) => `${o.entity}\u0000${o.year}`;
const figuresOf = (o: MilexObservation) => canonicalJson({ ...o });

/** A long table's rows read into observations, or its refusal (the header is row 1). */
function readLongTable(rows: string[][]): MilexReading {
  const [header, ...body] = rows;
  if (!header) throw new DomainError('validation_failed', 'the file is empty');
  const table = milexLongTableOf(header);
  if ('missing' in table) {
    throw new DomainError(
      'validation_failed',
      `this is not SIPRI's long table of military expenditure: the header lacks ${table.missing.join(', ')}`,
      table.missing.map((column) => ({ path: column, code: 'missing_column', message: 'is not in the header' })),
    );
  }
  const columns = header.map((h) => h.trim());
  const observations: MilexObservation[] = [];
  const skipped: MilexImportReport['skipped'] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  body.forEach((cells, i) => {
    const rowNumber = i + 2;
    const record = Object.fromEntries(columns.map((column, c) => [column, cells[c]]));
    const reading = milexObservationFromLongRow(record, rowNumber, table);
    if ('skipped' in reading) skipped.push({ rowNumber, reason: reading.skipped });
    else if ('rejected' in reading) rejected.push(reading.rejected);
    else {
      const first = firstRowOf.get(keyOf(reading.observation));
      if (first !== undefined) rejected.push({ rowNumber, issues: [{ path: 'country', code: 'duplicate', message: `${reading.observation.entity} ${reading.observation.year} is already on row ${first}` }] });
      else {
        firstRowOf.set(keyOf(reading.observation), rowNumber);
        observations.push(reading.observation);
      }
    }
  });
  if (rejected.length > 0) {
    const lines = rejectionLinesOf(rejected);
    const shown = lines.slice(0, 5).map((line) => `row ${line.row}, ${line.field}: ${line.message}`);
    const issues: FieldIssue[] = rejected.flatMap((r) => r.issues.map((issue) => ({ path: `rows.${r.rowNumber}.${issue.path}`, code: issue.code ?? 'invalid', message: issue.message })));
    throw new DomainError('validation_failed', `${rejected.length} row(s) refused, nothing imported: ${shown.join('; ')}${lines.length > 5 ? ` (and ${lines.length - 5} more)` : ''}`, issues);
  }
  return { priceBaseYear: table.priceBaseYear, observations, skipped };
}

interface MilexReading {
  priceBaseYear: number;
  observations: MilexObservation[];
  skipped: MilexImportReport['skipped'];
  sheets?: MilexImportReport['sheets'];
}

/** SIPRI's workbook read into observations, or refused whole, naming each sheet, row and column at fault. */
function readWorkbook(sheets: MilexWorkbookSheet[]): MilexReading {
  const reading = readMilexWorkbook(sheets);
  if ('refused' in reading) throw new DomainError('validation_failed', reading.refused, reading.issues);
  return reading;
}

/**
 * Imports a release of SIPRI's military expenditure — the long table (a header row, then one row per country and
 * year) or SIPRI's workbook (a sheet per measure) — as a whole: every row is checked first, and one refused cell or row
 * refuses the file, naming every sheet, row and column at fault — a total over half a release would be wrong without
 * saying so. An accepted release replaces the one held (a new release revises old years and rebases the constant-price
 * series), in one transaction, with one audit entry counting what was added, changed and removed.
 */
export async function importMilitaryExpenditure(ctx: AppContext, actor: Actor, readFile: () => Promise<MilexFile>, release: string): Promise<MilexImportReport> {
  requirePermission(actor, 'posture:write');
  const file = await readFile();
  const { priceBaseYear, observations, skipped, sheets } = file.format === 'csv' ? readLongTable(file.rows) : readWorkbook(file.sheets);
  if (observations.length === 0) throw new DomainError('validation_failed', 'the file has no rows of figures');
  if (sharesLookLikePercentages(observations)) {
    throw new DomainError('validation_failed', 'the shares of GDP look like percentages (3.96) where SIPRI gives fractions (0.0396): convert the share columns, nothing was imported', [{ path: 'share_of_gdp', code: 'percent_not_fraction', message: 'holds percentages, not fractions' }]);
  }
  const table = { priceBaseYear };
  const db = ctx.store.connection.db;
  const at = ctx.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const held = new Map((await ctx.store.militaryExpenditure.find(trx)).map((o) => [keyOf(o), o]));
    let added = 0;
    let changed = 0;
    for (const o of observations) {
      const before = held.get(keyOf(o));
      if (!before) added++;
      else {
        const { priceBaseYear: _base, release: _release, ...figures } = before;
        if (figuresOf(figures) !== figuresOf(o) || before.priceBaseYear !== table.priceBaseYear) changed++;
      }
    }
    const incoming = new Set(observations.map(keyOf));
    const removed = [...held.keys()].filter((key) => !incoming.has(key)).length;
    await ctx.store.militaryExpenditure.replaceAll(trx, observations, table.priceBaseYear, release, at);
    const years = observations.map((o) => o.year);
    const report: MilexImportReport = {
      release,
      format: file.format,
      priceBaseYear: table.priceBaseYear,
      rows: observations.length,
      entities: new Set(observations.map((o) => o.entity)).size,
      firstYear: Math.min(...years),
      lastYear: Math.max(...years),
      added,
      changed,
      unchanged: observations.length - added - changed,
      removed,
      skipped,
      ...(sheets && { sheets }),
    };
    const { skipped: _skipped, sheets: _sheets, ...counts } = report;
    await ctx.store.audit.append(trx, { at, userId: actor.id, action: 'spending.import', entityType: 'milex_release', entityId: release, changes: { ...counts, skippedRows: skipped.length } });
    return report;
  });
}

/** Series of one measure for some countries (by ISO code) or SIPRI entities (by name), a point per year, gaps kept. */
export async function milexSeries(ctx: AppContext, actor: Actor, input: unknown): Promise<MilexSeriesAnswer> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(milexSeriesQuerySchema, input, 'series query');
  const db = ctx.store.connection.db;
  const found = await ctx.store.militaryExpenditure.find(db, { entitiesOrCountries: query.entities, from: query.from, to: query.to });
  const entityOf = (asked: string) => found.find((o) => o.country === asked || o.entity === asked)?.entity;
  const unknown = query.entities.filter((asked) => entityOf(asked) === undefined);
  if (unknown.length > 0) {
    throw new DomainError('validation_failed', `no military expenditure is held for ${unknown.join(', ')} in ${query.from}–${query.to}`, unknown.map((u) => ({ path: 'entities', code: 'unknown_entity', message: `${u} has no figures held` })));
  }
  const entities = [...new Set(query.entities.map((asked) => entityOf(asked)!))];
  return { priceBaseYear: found[0]?.priceBaseYear ?? null, series: expenditureSeries(found, entities, query.measure, query.from, query.to) };
}

/** World or regional totals per year, each with the states counted and those without a figure. */
export async function milexTotals(ctx: AppContext, actor: Actor, input: unknown): Promise<MilexTotalsAnswer> {
  requirePermission(actor, 'posture:read');
  const query = parseInput(milexTotalsQuerySchema, input, 'totals query');
  const found = await ctx.store.militaryExpenditure.find(ctx.store.connection.db, { from: query.from, to: query.to });
  return { priceBaseYear: found[0]?.priceBaseYear ?? null, totals: groupTotals(found, query.measure, query.grouping, query.from, query.to) };
}

/** What is held: each country, former state or body, with the years it covers (for pickers and the CLI). */
export async function milexEntities(ctx: AppContext, actor: Actor): Promise<MilexEntityList> {
  requirePermission(actor, 'posture:read');
  return { items: await ctx.store.militaryExpenditure.entities(ctx.store.connection.db) };
}

/** Scenarios projected year by year and summed for a side-by-side comparison; nothing is stored. */
export function compareRebalancingScenarios(actor: Actor, input: unknown): ScenarioComparison {
  requirePermission(actor, 'posture:read');
  const { scenarios } = parseInput(scenarioComparisonRequestSchema, input, 'scenarios');
  return { scenarios: compareScenarios(scenarios) };
}
