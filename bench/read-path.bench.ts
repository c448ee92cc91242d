/**
 * The read path under load: Haven serving HTTP on loopback over a large SQLite register, each route hammered by
 * autocannon for a few seconds, one after another in the same run, with the health route (no database) and the cached
 * map clusters as the baselines every other route is put beside. Also the statements one list page runs.
 *
 * The register is the exercise scenario imported through Haven, with a few incidents restricted — some to the reader,
 * some to someone else — so every route pays for the visibility rule the way a real reader's request does.
 * `HAVEN_BENCH_READ_DB` keeps the database file between runs (it is filled only when empty).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { buildServer } from '../src/api/server.js';
import { type Actor } from '../src/application/app-context.js';
import { createUserAsOperator } from '../src/application/auth.service.js';
import { loadExerciseScenario } from '../src/application/demo.service.js';
import { restrictRecord } from '../src/application/restriction.service.js';
import { createAppContext } from '../src/composition/app-context.js';
import { staticKeyring } from '../src/store/sensitive-envelope.js';
import { openStore } from '../src/store/store.js';

const PASSWORD = 'quiet lantern harbour';
/** Restricted incidents: half named for the reader, half for somebody else. */
const RESTRICTED = 200;
/** A fixed master key, so a kept database's sensitive fields still open in the next run. */
const benchKeys = staticKeyring([{ id: 'read-path-bench', key: Buffer.alloc(32, 7) }]);

const round = (n: number) => Math.round(n * 10) / 10;

interface RouteFigures {
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  firstRequestMs: number;
}

async function fill(store: Awaited<ReturnType<typeof openStore>>, incidents: number, log: (line: string) => void) {
  const ctx = createAppContext(store);
  const writer = await createUserAsOperator(ctx, { username: 'bench-writer', displayName: 'Bench writer', role: 'analyst', password: PASSWORD });
  await createUserAsOperator(ctx, { username: 'bench-reader', displayName: 'Bench reader', role: 'analyst', password: PASSWORD });
  await createUserAsOperator(ctx, { username: 'bench-other', displayName: 'Bench other', role: 'analyst', password: PASSWORD });
  const actor: Actor = { id: writer.id, username: writer.username, role: 'analyst' };
  const start = performance.now();
  await loadExerciseScenario(ctx, actor, {
    incidents,
    onProgress: (done, total) => {
      if (done % 20_000 === 0 || done === total) log(`read path: filled ${done} of ${total}`);
    },
  });
  log(`read path: filled ${incidents} incidents in ${round((performance.now() - start) / 1000)} s`);
  const ids = await store.connection.db.selectFrom('incidents').select('id').orderBy('seq').limit(RESTRICTED).execute();
  for (const [i, { id }] of ids.entries()) {
    await restrictRecord(ctx, actor, 'incident', id, { users: [i % 2 === 0 ? 'bench-reader' : 'bench-other'] });
  }
}

export async function benchReadPath(options: { incidents: number; seconds: number; connections: number; databaseFile?: string; log: (line: string) => void }) {
  const dir = options.databaseFile ? undefined : await mkdtemp(join(tmpdir(), 'haven-read-bench-'));
  const file = options.databaseFile ?? join(dir!, 'read.db');
  const reuse = existsSync(file);
  const store = await openStore(file, { masterKeys: () => benchKeys });
  try {
    if (!reuse) await fill(store, options.incidents, options.log);
    const incidents = Number((await store.connection.db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    // Every statement SQLite runs, counted (prepared or taken from the statement cache alike).
    let statements = 0;
    const statementClass = Object.getPrototypeOf(store.connection.sqlite!.prepare('select 1')) as Record<'all' | 'run' | 'get' | 'iterate', (...args: unknown[]) => unknown>;
    const originals = { all: statementClass.all, run: statementClass.run, get: statementClass.get, iterate: statementClass.iterate };
    for (const method of ['all', 'run', 'get', 'iterate'] as const) {
      const original = originals[method];
      statementClass[method] = function (this: unknown, ...args: unknown[]) {
        statements++;
        return original.apply(this, args);
      };
    }

    const app = await buildServer(createAppContext(store), { logger: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const login = await fetch(`${address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench-reader', password: PASSWORD }),
      });
      if (!login.ok) throw new Error(`bench sign-in failed: ${login.status}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

      const countStatements = async (path: string) => {
        await fetch(`${address}${path}`, { headers: { cookie } });
        const before = statements;
        const response = await fetch(`${address}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        return statements - before;
      };

      const load = async (path: string): Promise<RouteFigures> => {
        const first = performance.now();
        const response = await fetch(`${address}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        const firstRequestMs = performance.now() - first;
        const result = await autocannon({ url: `${address}${path}`, connections: options.connections, duration: options.seconds, headers: { cookie } });
        options.log(`read path: ${path} ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
        return {
          path,
          requestsPerSecond: Math.round(result.requests.average),
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          firstRequestMs: round(firstRequestMs),
        };
      };

      const routes = {
        health: '/api/health',
        clusters: '/api/v1/incidents/clusters?zoom=3&bbox=-180,-85,180,85',
        summary: '/api/v1/incidents/summary',
        aggregateByMonth: '/api/v1/monitoring/aggregate?groupBy=month',
        list: '/api/v1/incidents?limit=50',
      };
      const figures: Record<string, RouteFigures> = {};
      for (const [name, path] of Object.entries(routes)) figures[name] = await load(path);
      const listStatements = await countStatements(routes.list);
      const ratio = (name: string, baseline: string) => Math.round((figures[baseline]!.requestsPerSecond / figures[name]!.requestsPerSecond) * 100) / 100;
      return {
        database: 'sqlite',
        incidents,
        restricted: RESTRICTED,
        connections: options.connections,
        secondsPerRoute: options.seconds,
        routes: figures,
        listStatementsPerRequest: listStatements,
        // How many times slower than the baseline (requests per second): goal ≤ 5 for summary and aggregate against
        // the clusters, ≤ 3 for the list against health.
        slowdown: {
          summaryToClusters: ratio('summary', 'clusters'),
          aggregateToClusters: ratio('aggregateByMonth', 'clusters'),
          listToHealth: ratio('list', 'health'),
          summaryToHealth: ratio('summary', 'health'),
          aggregateToHealth: ratio('aggregateByMonth', 'health'),
          clustersToHealth: ratio('clusters', 'health'),
        },
      };
    } finally {
      await app.close();
      Object.assign(statementClass, originals);
    }
  } finally {
    await store.connection.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
