/**
 * Military expenditure: a whole SIPRI release through the application (`importMilitaryExpenditure`: read, check every
 * row, compare with the release held, replace it in one transaction with its audit entry), imported into a fresh SQLite
 * database and then again over itself, against the store's own bulk insert of the same observations measured in the
 * same run (the floor of writing them); and a ten-country series against a raw SELECT of the same rows.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/application/app-context.js';
import { importMilitaryExpenditure, milexSeries } from '../src/application/spending.service.js';
import { createAppContext } from '../src/composition/app-context.js';
import { readMilexFile } from '../src/interchange/milex-file.js';
import { openStore } from '../src/store/store.js';

const ROOT = new URL('../', import.meta.url).pathname;
const actor: Actor = { id: 'bench', username: 'bench', role: 'analyst' };
/** The whole release when the shared data sit beside the clone; else the committed subset. */
const FILES = [join(ROOT, '../shared/data/spending/sipri_milex_1949_2025_long.csv'), join(ROOT, 'test/fixtures/real/sipri/milex-2019-2025-and-selected-series.csv')];
const SERIES = ['USA', 'CHN', 'RUS', 'IND', 'SAU', 'GBR', 'DEU', 'FRA', 'NGA', 'UKR'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - start), value };
}

export async function benchSpending(options: { repeat: number; log: (line: string) => void }) {
  const file = FILES.find((f) => existsSync(f))!;
  const dir = await mkdtemp(join(tmpdir(), 'haven-bench-spending-'));
  try {
    const read = await readMilexFile({ path: file });
    const runs: { first: number; again: number; bulkInsert: number; series: number; rawSelect: number }[] = [];
    for (let r = 0; r < options.repeat; r++) {
      const store = await openStore(join(dir, `haven-${r}.db`));
      const baselineStore = await openStore(join(dir, `baseline-${r}.db`));
      try {
        const ctx = createAppContext(store);
        const first = await timed(() => importMilitaryExpenditure(ctx, actor, async () => read, 'bench'));
        const again = await timed(() => importMilitaryExpenditure(ctx, actor, async () => read, 'bench'));
        // The same observations as the import wrote them, written by the store alone into an empty database.
        const observations = await store.militaryExpenditure.find(store.connection.db);
        if (r === 0) options.log(`spending: ${file.includes('shared') ? 'the whole release' : 'the committed subset'}, ${observations.length} observations`);
        const bulk = await timed(() => baselineStore.connection.db.transaction().execute((trx) => baselineStore.militaryExpenditure.replaceAll(trx, observations, first.value.priceBaseYear, 'bench', new Date().toISOString())));
        const series = await timed(() => milexSeries(ctx, actor, { entities: SERIES.join(','), measure: 'constantUsdM', from: 1990, to: 2025 }));
        const entities = series.value.series.map((one) => one.entity);
        const raw = await timed(() => store.connection.db.selectFrom('milex_observations').selectAll().where('entity', 'in', entities).where('year', '>=', 1990).where('year', '<=', 2025).execute());
        if (again.value.added + again.value.changed + again.value.removed !== 0) throw new Error('a second import of the same release changed something');
        runs.push({ first: first.ms, again: again.ms, bulkInsert: bulk.ms, series: series.ms, rawSelect: raw.ms });
        options.log(`spending: run ${r + 1} ${JSON.stringify(runs.at(-1))}`);
      } finally {
        await store.connection.close();
        await baselineStore.connection.close();
      }
    }
    const m = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
    return {
      file: file.includes('shared') ? 'the whole SIPRI release' : 'the committed subset',
      runs: runs.length,
      importMs: { first: m('first'), again: m('again') },
      seriesMs: m('series'),
      baseline: { bulkInsertMs: m('bulkInsert'), rawSelectMs: m('rawSelect') },
      note: 'the import reads and checks every row, compares with the release held and writes an audit entry; the baseline writes the parsed observations only',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
