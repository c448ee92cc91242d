/**
 * The register's reads and writes on many incidents: import through the application, map clusters and list pages,
 * each beside a baseline measured in the same run on the same data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildServer } from '../src/api/server.js';
import { type Actor } from '../src/application/app-context.js';
import { createAppContext } from '../src/composition/app-context.js';
import { createUserAsOperator } from '../src/application/auth.service.js';
import { importIncidentBatch } from '../src/application/import.service.js';
import { incidentInputSchema } from '../src/core/incident.schema.js';
import { generateExerciseScenario } from '../src/demo/exercise-scenario.js';
import type { DatabaseKind } from '../src/store/database.js';
import { openStore, type Store } from '../src/store/store.js';

const actor: Actor = { id: 'bench', username: 'bench', role: 'analyst' };

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function withDatabase<T>(kind: DatabaseKind, pgServer: string, work: (url: string) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'haven-bench-'));
    try {
      return await work(join(dir, 'bench.db'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const name = `haven_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
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

/** Haven's whole import path: validate, canonicalise, match by origin, write the incident and its children, audit. */
async function importThroughHaven(store: Store, inputs: unknown[]) {
  const ctx = createAppContext(store);
  const [, ms] = await time(async () => {
    for (let i = 0; i < inputs.length; i += 1000) {
      const report = await importIncidentBatch(ctx, actor, inputs.slice(i, i + 1000).map((input, j) => ({ rowNumber: i + j + 1, input })));
      if (report.rejected.length) throw new Error(`bench data rejected: ${JSON.stringify(report.rejected[0])}`);
    }
  });
  return ms;
}

/** Baseline: the same incidents' main rows written by one multi-row insert per 1000, no validation, no children. */
async function bareInsert(store: Store, inputs: unknown[]) {
  const rows = inputs.map((input, i) => {
    const d = incidentInputSchema.parse(input);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: d.title, narrative: d.narrative, date_earliest: d.dateEarliest, date_latest: d.dateLatest, date_precision: d.datePrecision,
      lat: d.location.lat, lon: d.location.lon, location_precision: d.location.precision, country: d.location.country,
      admin1: null, admin2: null, place_name: null, violence_type: null, verification_status: 'reported', origin_dataset: 'bare',
      origin_external_id: String(i), exercise: 1, killed_low: 0, killed_best: 0, killed_high: 0, injured_low: 0, injured_best: 0,
      injured_high: 0, version: 1, created_at: '', created_by: '', updated_at: '', updated_by: '',
    };
  });
  const db = store.connection.db;
  const [, ms] = await time(() =>
    db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('incidents').values(rows.slice(i, i + 1000)).execute();
    }),
  );
  await db.deleteFrom('incidents').where('origin_dataset', '=', 'bare').execute();
  return ms;
}

async function benchDatabase(kind: DatabaseKind, inputs: unknown[], pgServer: string) {
  return withDatabase(kind, pgServer, async (url) => {
    const store = await openStore(url);
    try {
      const baselineMs = await bareInsert(store, inputs);
      const havenMs = await importThroughHaven(store, inputs);
      const ctx = createAppContext(store);
      await createUserAsOperator(ctx, { username: 'register-reader', displayName: 'Register reader', role: 'viewer', password: 'quiet lantern harbour' });
      const app = await buildServer(ctx);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'register-reader', password: 'quiet lantern harbour' } });
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const get = (path: string) => app.inject({ method: 'GET', url: path, headers: { cookie } });

      // The floor any clustering must pay: reading every point once, straight from the database.
      const [, rawPointsMs] = await time(() => store.connection.db.selectFrom('incidents').select(['lon', 'lat', 'killed_best']).execute());
      const [cold, coldMs] = await time(() => get('/api/v1/incidents/clusters?zoom=3&bbox=-180,-85,180,85'));
      const warm: number[] = [];
      let bytes = 0;
      for (const zoom of [2, 4, 6, 8, 10]) {
        for (let i = 0; i < 10; i++) {
          const [response, ms] = await time(() => get(`/api/v1/incidents/clusters?zoom=${zoom}&bbox=8,8,20,16`));
          warm.push(ms);
          bytes = Math.max(bytes, response.body.length);
        }
      }
      const pages: number[] = [];
      let cursor = '';
      for (let i = 0; i < 20; i++) {
        const [response, ms] = await time(() => get(`/api/v1/incidents?limit=50${cursor ? `&cursor=${cursor}` : ''}`));
        pages.push(ms);
        cursor = response.json<{ nextCursor: string }>().nextCursor;
      }
      const [, filteredMs] = await time(() => get('/api/v1/incidents?limit=50&countries=TCD&minDeaths=5&themes=children_and_armed_conflict&from=2024-01-01'));
      await app.close();
      return {
        database: kind,
        incidents: inputs.length,
        import: {
          rowsPerSecond: Math.round(inputs.length / (havenMs / 1000)),
          baselineBareInsertRowsPerSecond: Math.round(inputs.length / (baselineMs / 1000)),
          ratioToBaseline: Math.round((baselineMs / havenMs) * 1000) / 1000,
          note: 'Haven writes each incident with themes, categories, actors, casualty cells, sources, a verification event and an audit entry; the baseline writes only the main row, unvalidated',
        },
        clusters: {
          coldMs: round(coldMs),
          coldFeatures: cold.json<{ features: unknown[] }>().features.length,
          warmP50Ms: round(percentile(warm, 50)),
          warmP95Ms: round(percentile(warm, 95)),
          maxResponseBytes: bytes,
          baselineReadAllPointsMs: round(rawPointsMs),
          baselineAllPointsGeoJsonBytes: inputs.length * 95,
        },
        list: { pageP50Ms: round(percentile(pages, 50)), pageP95Ms: round(percentile(pages, 95)), filteredPageMs: round(filteredMs) },
      };
    } finally {
      await store.connection.close();
    }
  });
}

export async function benchRegisterQueries(options: { incidents: number; pgServer: string; log: (line: string) => void }) {
  const inputs = generateExerciseScenario({ incidents: options.incidents });
  const results = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    options.log(`register queries on ${kind}`);
    results.push(await benchDatabase(kind, inputs, options.pgServer));
  }
  return results;
}
