/**
 * The dashboard's aggregation on a large register: p50/p95 of GET /api/v1/monitoring/aggregate for one country, one
 * year, by month and theme, through the HTTP API (session, validation, record visibility, unplaced and coarse-date
 * counting, JSON), against the same grouping as one hand-written SQL query run on the same database through its bare
 * driver (target: within 2×). Also the hotspots of one country, against reading its points. The register is a
 * GED-shaped file (bench/ged-file.ts) imported through `haven import`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { buildServer } from '../src/api/server.js';
import { createAppContext } from '../src/composition/app-context.js';
import { createUserAsOperator } from '../src/application/auth.service.js';
import type { DatabaseKind } from '../src/store/database.js';
import { openStore } from '../src/store/store.js';
import { writeGedFile } from './ged-file.js';
import { runMeasured } from './measured-process.js';

const ROOT = new URL('../', import.meta.url).pathname;
const COUNTRY = 'MMR';
const YEAR = '2020';
const RUNS = 40;
const WARM_UP = 5;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

function haven(args: string[]): [string, string[]] {
  const built = join(ROOT, 'dist/src/cli/main.js');
  return existsSync(built) ? [process.execPath, [built, ...args]] : [process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args]];
}

/** Times each piece of work `runs` times, interleaved, so a busy machine weighs on all of them alike. */
async function timed(runs: number, ...works: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (let i = 0; i < WARM_UP; i++) for (const work of works) await work();
  const times = works.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [w, work] of works.entries()) {
      const start = performance.now();
      await work();
      times[w]!.push(performance.now() - start);
    }
  }
  return times;
}

/** The same grouping, written by hand: placed incidents (month-precise, window inside one month) by month and theme. */
const handWrittenSql = (placeholder: (n: number) => string) => `
  select substr(i.date_earliest, 1, 7) as month, t.theme as theme, count(*) as incidents,
         sum(i.killed_low) as killed_low, sum(i.killed_best) as killed_best, sum(i.killed_high) as killed_high,
         sum(i.injured_low) as injured_low, sum(i.injured_best) as injured_best, sum(i.injured_high) as injured_high
  from incidents i left join incident_themes t on t.incident_seq = i.seq
  where i.country = ${placeholder(1)} and i.date_latest >= ${placeholder(2)} and i.date_earliest <= ${placeholder(3)}
    and i.date_precision in ('day', 'days', 'week', 'month') and substr(i.date_earliest, 1, 7) = substr(i.date_latest, 1, 7)
  group by 1, 2`;

interface GroupRow {
  month: string;
  theme: string | null;
  incidents: number | string;
  killed_best: number | string;
}

async function handWrittenQuery(kind: DatabaseKind, url: string): Promise<{ run: () => Promise<GroupRow[]>; close: () => Promise<void> }> {
  const params = [COUNTRY, `${YEAR}-01-01`, `${YEAR}-12-31`];
  if (kind === 'sqlite') {
    const db = new Sqlite(url, { readonly: true });
    const statement = db.prepare(handWrittenSql(() => '?'));
    return { run: async () => statement.all(...params) as GroupRow[], close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const text = handWrittenSql((n) => `$${n}`);
  return { run: async () => (await client.query<GroupRow>({ name: 'hand-written-aggregation', text, values: params })).rows, close: () => client.end() };
}

async function withDatabase<T>(kind: DatabaseKind, pgServer: string, dir: string, work: (url: string) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') return work(join(dir, 'dashboard.db'));
  const name = `haven_bench_dashboard_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function benchDatabase(kind: DatabaseKind, file: string, incidents: number, pgServer: string, dir: string, log: (line: string) => void) {
  return withDatabase(kind, pgServer, dir, async (url) => {
    log(`${kind}: importing ${incidents} incidents through haven import`);
    await runMeasured(...haven(['--database', url, 'db', 'migrate']));
    const imported = await runMeasured(...haven(['--database', url, 'import', file]));
    if (!imported.stdout.includes(`${incidents} rows: created ${incidents}`)) throw new Error(`import did not create every row: ${imported.stdout}`);

    const store = await openStore(url);
    const hand = await handWrittenQuery(kind, url);
    try {
      const ctx = createAppContext(store);
      await createUserAsOperator(ctx, { username: 'dashboard-reader', displayName: 'Dashboard reader', role: 'viewer', password: 'correct horse battery staple' });
      const app = await buildServer(ctx);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dashboard-reader', password: 'correct horse battery staple' } });
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const get = async (path: string) => {
        const response = await app.inject({ method: 'GET', url: path, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
        return response;
      };

      const aggregatePath = `/api/v1/monitoring/aggregate?country=${COUNTRY}&from=${YEAR}-01-01&to=${YEAR}-12-31&groupBy=month,theme`;
      // The API's groups must be the hand-written query's rows: the comparison is of the same answer.
      const api = (await get(aggregatePath)).json<{ groups: { keys: { month: string; theme: string | null }; incidents: number; killed: { best: number } }[]; unplaced: { incidents: number }; coarseDates: number }>();
      const rows = await hand.run();
      const key = (month: string, theme: string | null) => `${month}|${theme ?? ''}`;
      const expected = new Map(rows.map((r) => [key(r.month, r.theme), [Number(r.incidents), Number(r.killed_best)]]));
      const actual = new Map(api.groups.map((g) => [key(g.keys.month, g.keys.theme), [g.incidents, g.killed.best]]));
      if (JSON.stringify([...expected].sort()) !== JSON.stringify([...actual].sort())) throw new Error(`${kind}: the API's groups differ from the hand-written query's`);

      log(`${kind}: timing the aggregation`);
      const [apiTimes = [], sqlTimes = []] = await timed(RUNS, () => get(aggregatePath), () => hand.run());

      log(`${kind}: timing hotspots`);
      const hotspotPath = `/api/v1/monitoring/hotspots?country=${COUNTRY}&resolution=4`;
      const hotspotResponse = await get(hotspotPath);
      const [hotspotTimes = [], pointTimes = []] = await timed(
        5,
        () => get(hotspotPath),
        () => store.connection.db.selectFrom('incidents').select(['lat', 'lon', 'location_precision', 'killed_best']).where('country', '=', COUNTRY).execute(),
      );
      const countryIncidents = Number((await store.connection.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number | string>().as('n')).where('country', '=', COUNTRY).executeTakeFirstOrThrow()).n);
      await app.close();

      const apiP50 = percentile(apiTimes, 50);
      const sqlP50 = percentile(sqlTimes, 50);
      return {
        database: kind,
        incidents,
        aggregate: {
          query: `${COUNTRY}, ${YEAR}, by month and theme`,
          groups: api.groups.length,
          unplaced: api.unplaced.incidents,
          coarseDates: api.coarseDates,
          apiP50Ms: round(apiP50),
          apiP95Ms: round(percentile(apiTimes, 95)),
          baselineHandWrittenSqlP50Ms: round(sqlP50),
          baselineHandWrittenSqlP95Ms: round(percentile(sqlTimes, 95)),
          ratioP50: Math.round((apiP50 / sqlP50) * 100) / 100,
          target: 'API within 2× of the hand-written query',
        },
        hotspots: {
          query: `${COUNTRY}, all years, H3 resolution 4, incidents`,
          countryIncidents,
          cells: hotspotResponse.json<{ features: unknown[] }>().features.length,
          p50Ms: round(percentile(hotspotTimes, 50)),
          baselineReadCountryPointsP50Ms: round(percentile(pointTimes, 50)),
        },
      };
    } finally {
      await hand.close();
      await store.connection.close();
    }
  });
}

export async function benchDashboardAggregation(options: { incidents: number; pgServer: string; log: (line: string) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'haven-bench-dashboard-'));
  try {
    const file = join(dir, 'ged.csv');
    options.log(`writing a GED-shaped file of ${options.incidents} rows`);
    await writeGedFile(file, options.incidents);
    const results = [];
    for (const kind of ['sqlite', 'postgres'] as const) results.push(await benchDatabase(kind, file, options.incidents, options.pgServer, dir, options.log));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
