/**
 * Import and export of a large GED-shaped file through Haven's whole path, against the bare minimum of the same
 * work measured in the same run: parsing the file and inserting its rows with a bare prepared statement in one
 * transaction (SQLite), or COPY (PostgreSQL).
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
import { GED_COLUMNS, writeGedFile } from './ged-file.js';
import { runMeasured } from './measured-process.js';

const ROOT = new URL('../', import.meta.url).pathname;
const stagingTable = `create table ged_staging (${GED_COLUMNS.map((c) => `"${c}" text`).join(', ')})`;

/** The CLI as users run it: the compiled build when there is one (as after `npm run build`), else from source. */
function haven(args: string[]): [string, string[]] {
  const built = join(ROOT, 'dist/src/cli/main.js');
  return existsSync(built) ? [process.execPath, [built, ...args]] : [process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args]];
}

async function sqliteBaseline(file: string, dir: string): Promise<number> {
  const db = new Sqlite(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(stagingTable);
  const insert = db.prepare(`insert into ged_staging values (${GED_COLUMNS.map(() => '?').join(', ')})`);
  const started = performance.now();
  db.exec('begin');
  for await (const record of createReadStream(file).pipe(parse({ from_line: 2 }))) insert.run(record as string[]);
  db.exec('commit');
  const ms = performance.now() - started;
  db.close();
  return ms;
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

export async function benchImportExport(options: { rows: number; pgServer: string; log: (line: string) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'haven-bench-io-'));
  try {
    const file = join(dir, 'ged.csv');
    options.log(`writing a GED-shaped file of ${options.rows} rows`);
    await writeGedFile(file, options.rows);
    const fileMb = Math.round(statSync(file).size / 1024 / 1024);
    const results = [];
    for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
      const measure = async (url: string, baselineMs: number) => {
        await runMeasured(...haven(['--database', url, 'db', 'migrate']));
        options.log(`${kind}: importing through Haven`);
        const imported = await runMeasured(...haven(['--database', url, 'import', file]));
        if (!imported.stdout.includes(`${options.rows} rows: created ${options.rows}`)) throw new Error(`import did not create every row: ${imported.stdout}`);
        const exports: Record<string, { rowsPerSecond: number; peakRssMb: number }> = {};
        for (const format of ['csv', 'geojson']) {
          options.log(`${kind}: exporting ${format}`);
          const run = await runMeasured(...haven(['--database', url, 'export', '--format', format, '-o', join(dir, `out.${format}`)]));
          exports[format] = { rowsPerSecond: Math.round(options.rows / (run.ms / 1000)), peakRssMb: run.peakRssMb };
        }
        const havenRate = options.rows / (imported.ms / 1000);
        const baselineRate = options.rows / (baselineMs / 1000);
        return {
          database: kind,
          rows: options.rows,
          fileMb,
          import: {
            rowsPerSecond: Math.round(havenRate),
            peakRssMb: imported.peakRssMb,
            baseline: kind === 'sqlite' ? 'csv-parse + bare prepared insert of the raw rows, one transaction' : 'COPY of the raw file',
            baselineRowsPerSecond: Math.round(baselineRate),
            shareOfBaseline: Math.round((havenRate / baselineRate) * 1000) / 1000,
            target: kind === 'sqlite' ? 0.5 : 0.35,
          },
          export: exports,
        };
      };
      if (kind === 'sqlite') {
        options.log('sqlite: baseline');
        const baselineMs = await sqliteBaseline(file, dir);
        results.push(await measure(join(dir, 'haven.db'), baselineMs));
      } else {
        const baselineMs = await postgresDatabase(options.pgServer, `haven_bench_baseline_${process.pid}`, (url) => {
          options.log('postgres: baseline');
          return postgresBaseline(file, url);
        });
        results.push(await postgresDatabase(options.pgServer, `haven_bench_io_${process.pid}`, (url) => measure(url, baselineMs)));
      }
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
