/**
 * Import and export of a large GED-shaped file through Haven's whole path, against the bare minimum of the same
 * work measured in the same run: parsing the file and inserting its rows with a bare prepared statement in one
 * transaction (SQLite), or COPY (PostgreSQL). Baseline and import alternate `repeat` times (the machine is shared:
 * each figure is a range), and the statements an import sends per row are counted on a small file in-process.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import Sqlite from 'better-sqlite3';
import { parse } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseKind } from '../src/store/database.js';
import { buildCliBundle, CLI_BUNDLE } from '../test/support/cli-bundle.js';
import { GED_COLUMNS, writeGedFile } from './ged-file.js';
import { importAndCount } from './import-statements.js';
import { runMeasured } from './measured-process.js';

const ROOT = new URL('../', import.meta.url).pathname;
const stagingTable = `create table ged_staging (${GED_COLUMNS.map((c) => `"${c}" text`).join(', ')})`;

/**
 * The CLI as users run it: the compiled build when there is one (as after `npm run build`), else the source bundled
 * into one file (as the tests run it), so that neither side of a ratio pays for compiling TypeScript.
 */
async function havenCommand(): Promise<(args: string[]) => [string, string[]]> {
  const built = join(ROOT, 'dist/src/cli/main.js');
  if (existsSync(built)) return (args) => [process.execPath, [built, ...args]];
  await buildCliBundle();
  return (args) => [process.execPath, [CLI_BUNDLE, ...args]];
}

const range = (values: readonly number[], digits = 0) => {
  const round = (v: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  return [round(Math.min(...values)), round(Math.max(...values))];
};

async function sqliteBaseline(file: string, dir: string): Promise<{ ms: number; cpuMs: number }> {
  const database = join(dir, 'baseline.db');
  await rm(database, { force: true });
  const db = new Sqlite(database);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(stagingTable);
  const insert = db.prepare(`insert into ged_staging values (${GED_COLUMNS.map(() => '?').join(', ')})`);
  const started = performance.now();
  const cpu = process.cpuUsage();
  db.exec('begin');
  for await (const record of createReadStream(file).pipe(parse({ from_line: 2 }))) insert.run(record as string[]);
  db.exec('commit');
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  db.close();
  return { ms, cpuMs: (user + system) / 1000 };
}

async function postgresBaseline(file: string, url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(stagingTable);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom('copy ged_staging from stdin with (format csv, header true)')));
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

async function postgresDatabase<T>(server: string, name: string, work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export interface ImportExportOptions {
  /** Rows of the GED-shaped file imported into SQLite, and into PostgreSQL (default: the same). */
  rows: number;
  pgRows?: number;
  /** How many times baseline and import alternate. */
  repeat?: number;
  /** Also time the exports of what was imported. */
  exports?: boolean;
  pgServer: string;
  log: (line: string) => void;
}

export async function benchImportExport(options: ImportExportOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'haven-bench-io-'));
  const repeat = Math.max(1, options.repeat ?? 1);
  try {
    const haven = await havenCommand();
    const files = new Map<number, string>();
    const fileOf = async (rows: number) => {
      if (!files.has(rows)) {
        const file = join(dir, `ged-${rows}.csv`);
        options.log(`writing a GED-shaped file of ${rows} rows`);
        await writeGedFile(file, rows);
        files.set(rows, file);
      }
      return files.get(rows)!;
    };
    const sample = await fileOf(2_000);
    const results = [];
    for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
      const rows = kind === 'sqlite' ? options.rows : (options.pgRows ?? options.rows);
      const file = await fileOf(rows);
      const fileMb = Math.round(statSync(file).size / 1024 / 1024);
      const runs: { havenRate: number; baselineRate: number; peakRssMb: number; cpuSeconds: number; baselineCpuSeconds?: number }[] = [];
      let exports: Record<string, { rowsPerSecond: number; peakRssMb: number }> = {};
      for (let run = 1; run <= repeat; run++) {
        const label = `${kind} (${run}/${repeat})`;
        options.log(`${label}: baseline`);
        // The SQLite baseline's CPU time is the whole work; COPY's is the server's, which the client does not see.
        const baseline =
          kind === 'sqlite'
            ? await sqliteBaseline(file, dir)
            : { ms: await postgresDatabase(options.pgServer, `haven_bench_baseline_${process.pid}`, (url) => postgresBaseline(file, url)) };
        const baselineMs = baseline.ms;
        const measure = async (url: string) => {
          await runMeasured(...haven(['--database', url, 'db', 'migrate']));
          options.log(`${label}: importing through Haven`);
          const imported = await runMeasured(...haven(['--database', url, 'import', file]));
          if (!imported.stdout.includes(`${rows} rows: created ${rows}`)) throw new Error(`import did not create every row: ${imported.stdout}`);
          if (run === repeat && options.exports !== false) {
            exports = {};
            for (const format of ['csv', 'geojson']) {
              options.log(`${kind}: exporting ${format}`);
              const exported = await runMeasured(...haven(['--database', url, 'export', '--format', format, '-o', join(dir, `out.${format}`)]));
              exports[format] = { rowsPerSecond: Math.round(rows / (exported.ms / 1000)), peakRssMb: exported.peakRssMb };
            }
          }
          runs.push({
            havenRate: rows / (imported.ms / 1000),
            baselineRate: rows / (baselineMs / 1000),
            peakRssMb: imported.peakRssMb,
            cpuSeconds: imported.cpuMs / 1000,
            ...('cpuMs' in baseline && { baselineCpuSeconds: baseline.cpuMs / 1000 }),
          });
        };
        if (kind === 'sqlite') {
          const database = join(dir, `haven-${run}.db`);
          await measure(database);
          await rm(database, { force: true });
        } else {
          await postgresDatabase(options.pgServer, `haven_bench_io_${process.pid}`, measure);
        }
      }
      options.log(`${kind}: counting statements on ${sample}`);
      const statements =
        kind === 'sqlite'
          ? await importAndCount(join(dir, 'statements.db'), sample)
          : await postgresDatabase(options.pgServer, `haven_bench_statements_${process.pid}`, (url) => importAndCount(url, sample));
      results.push({
        database: kind,
        rows,
        fileMb,
        repetitions: repeat,
        import: {
          rowsPerSecond: range(runs.map((r) => r.havenRate)),
          peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
          baseline: kind === 'sqlite' ? 'csv-parse + bare prepared insert of the raw rows, one transaction' : 'COPY of the raw file',
          baselineRowsPerSecond: range(runs.map((r) => r.baselineRate)),
          // Each repetition's import over the baseline measured just before it.
          shareOfBaseline: range(runs.map((r) => r.havenRate / r.baselineRate), 3),
          target: kind === 'sqlite' ? 0.5 : 0.35,
          // CPU seconds of the import's process (all its threads), and of the SQLite baseline: steadier than wall time
          // on a shared machine, where other work takes turns on the cores.
          cpuSeconds: range(runs.map((r) => r.cpuSeconds), 1),
          ...(kind === 'sqlite' && { baselineCpuSeconds: range(runs.map((r) => r.baselineCpuSeconds ?? 0), 1) }),
          statementsPerRow: statements.statementsPerRow,
          statements: statements.byKind,
        },
        ...(options.exports !== false && { export: exports }),
      });
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
