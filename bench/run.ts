/**
 * `npm run bench`: every benchmark, each figure printed as JSON beside a baseline measured in the same run.
 *
 *   HAVEN_BENCH_ROWS        rows of the GED-shaped file for import/export (default 1,000,000)
 *   HAVEN_BENCH_PG_ROWS     rows of that file for PostgreSQL (default HAVEN_BENCH_ROWS)
 *   HAVEN_BENCH_REPEAT      alternations of baseline and import (default 1); HAVEN_BENCH_EXPORT=0 skips the exports
 *   HAVEN_BENCH_INCIDENTS   incidents for the register queries (default 100,000)
 *   HAVEN_BENCH_DASHBOARD_INCIDENTS   incidents for the dashboard aggregation and hotspots (default 1,000,000)
 *   HAVEN_BENCH_PG_URL      a PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
 *   HAVEN_BENCH_DETECTION_INCIDENTS / _SITES / _SAMPLE   site-proximity detection (default 1,000,000 / 100,000 / 1,000)
 *   HAVEN_BENCH_SITE_ROWS   rows of the id-less site list for the site import (default 100,000)
 *   HAVEN_BENCH_READ_INCIDENTS  incidents for the read path under load (default 100,000, SQLite)
 *   HAVEN_BENCH_READ_SECONDS / _CONNECTIONS   seconds each route is loaded and concurrent connections (default 5 / 10)
 *   HAVEN_BENCH_READ_DB     a SQLite file kept between read-path runs (filled only when it does not exist)
 *   HAVEN_BENCH_GAZETTEER_REPEAT  rounds of the gazetteer's search and label queries (default 20)
 *   HAVEN_BENCH_SPENDING_REPEAT  imports of the SIPRI release (default 5)
 *   HAVEN_BENCH_ONLY        import-export | register-queries | dashboard-aggregation | site-proximity | site-import | read-path | gazetteer | spending
 */
import { benchDashboardAggregation } from './dashboard-aggregation.bench.js';
import { benchGazetteer } from './gazetteer.bench.js';
import { benchImportExport } from './import-export.bench.js';
import { benchReadPath } from './read-path.bench.js';
import { benchRegisterQueries } from './register-queries.bench.js';
import { benchSiteImport } from './site-import.bench.js';
import { benchSiteProximity } from './site-proximity.bench.js';
import { benchSpending } from './spending.bench.js';

const pgServer = process.env.HAVEN_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = process.env.HAVEN_BENCH_ONLY;
const log = (line: string) => console.error(`bench: ${line}`);

const report: Record<string, unknown> = { node: process.version, startedAt: new Date().toISOString() };
if (!only || only === 'import-export') {
  const rows = Number(process.env.HAVEN_BENCH_ROWS ?? 1_000_000);
  report.importExport = await benchImportExport({
    rows,
    pgRows: Number(process.env.HAVEN_BENCH_PG_ROWS ?? rows),
    repeat: Number(process.env.HAVEN_BENCH_REPEAT ?? 1),
    exports: process.env.HAVEN_BENCH_EXPORT !== '0',
    pgServer,
    log,
  });
}
if (!only || only === 'register-queries') report.registerQueries = await benchRegisterQueries({ incidents: Number(process.env.HAVEN_BENCH_INCIDENTS ?? 100_000), pgServer, log });
if (!only || only === 'site-proximity') {
  report.siteProximity = await benchSiteProximity({
    incidents: Number(process.env.HAVEN_BENCH_DETECTION_INCIDENTS ?? 1_000_000),
    sites: Number(process.env.HAVEN_BENCH_DETECTION_SITES ?? 100_000),
    baselineSample: Number(process.env.HAVEN_BENCH_DETECTION_SAMPLE ?? 1_000),
    log,
  });
}
if (!only || only === 'site-import') report.siteImport = await benchSiteImport({ rows: Number(process.env.HAVEN_BENCH_SITE_ROWS ?? 100_000), log });
if (!only || only === 'dashboard-aggregation') {
  report.dashboardAggregation = await benchDashboardAggregation({ incidents: Number(process.env.HAVEN_BENCH_DASHBOARD_INCIDENTS ?? 1_000_000), pgServer, log });
}
if (!only || only === 'read-path') {
  report.readPath = await benchReadPath({
    incidents: Number(process.env.HAVEN_BENCH_READ_INCIDENTS ?? 100_000),
    seconds: Number(process.env.HAVEN_BENCH_READ_SECONDS ?? 5),
    connections: Number(process.env.HAVEN_BENCH_READ_CONNECTIONS ?? 10),
    ...(process.env.HAVEN_BENCH_READ_DB && { databaseFile: process.env.HAVEN_BENCH_READ_DB }),
    log,
  });
}
if (!only || only === 'gazetteer') report.gazetteer = await benchGazetteer({ repeat: Number(process.env.HAVEN_BENCH_GAZETTEER_REPEAT ?? 20), log });
if (!only || only === 'spending') report.spending = await benchSpending({ repeat: Number(process.env.HAVEN_BENCH_SPENDING_REPEAT ?? 5), log });
console.log(JSON.stringify(report, null, 2));
