/**
 * Importing a large site list without an id column (WHO health-facility shape, some quoted multi-line remarks, a
 * tenth of the names empty): the whole CLI path (`haven sites import` into a fresh SQLite database, run twice, the
 * second run finding every site unchanged) against the raw parse of the same file measured in the same run — once
 * streamed (the floor of a streaming import) and once whole (text and every row in memory at once) — and against the
 * same import of a tenth of the rows: an import in flat memory peaks about as high for both.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/core/seeded-random.js';
import { runMeasured } from './measured-process.js';

const ROOT = new URL('../', import.meta.url).pathname;
const CAPPED_HEAP_MB = 96;

function haven(args: string[]): [string, string[]] {
  const built = join(ROOT, 'dist/src/cli/main.js');
  return existsSync(built) ? [process.execPath, [built, ...args]] : [process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args]];
}

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** `rows` facilities, no id column; one in ten unnamed, one in five with a two-paragraph quoted remark. */
export async function writeSiteFile(path: string, rows: number): Promise<void> {
  const next = mulberry32(96_395);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('Country,Admin1,Facility name,Facility type,Ownership,Lat,Long,LL source,Remarks');
  const types = ['Hospital', 'Health Centre', 'Health Post', 'Dispensary', 'Maternity'];
  for (let i = 0; i < rows; i++) {
    const type = types[i % types.length]!;
    const remark = i % 5 === 0 ? `Visited ${2015 + (i % 8)}.\n\nAccess by road is seasonal; "cold chain" functioning.` : '';
    await write([
      'South Sudan', `State ${i % 10}`, i % 10 === 3 ? '' : `Facility ${i} ${type}`, type, 'MoH', (3.5 + next() * 8).toFixed(6), (24 + next() * 12).toFixed(6), 'GPS', remark,
    ].map(quote).join(','));
  }
  out.end();
  await once(out, 'finish');
}

const MAPPING = {
  dataset: 'bench-facilities',
  columns: { name: 'Facility name', lat: 'Lat', lon: 'Long', category: 'Facility type', admin1: 'Admin1', notes: 'Remarks' },
  categoryValues: { Hospital: 'health_facility', 'Health Centre': 'health_facility', 'Health Post': 'health_facility', Dispensary: 'health_facility', Maternity: 'health_facility' },
};

/** The raw parse, as a separate measured process: `stream` (record by record) or `whole` (csv-parse/sync on the text). */
const RAW_PARSE = `
const [file, mode] = process.argv.slice(1);
const { readFileSync, createReadStream } = await import('node:fs');
let n = 0;
if (mode === 'whole') { const { parse } = await import('csv-parse/sync'); n = parse(readFileSync(file, 'utf8')).length; }
else { const { parse } = await import('csv-parse'); for await (const _ of createReadStream(file).pipe(parse())) n++; }
console.log(n);
`;

export async function benchSiteImport(options: { rows: number; log: (line: string) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'haven-bench-sites-'));
  try {
    const file = join(dir, 'facilities.csv');
    await writeSiteFile(file, options.rows);
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify(MAPPING));
    options.log(`site import: ${options.rows} rows, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
    const rawStream = await runMeasured(process.execPath, ['--input-type=module', '-e', RAW_PARSE, file, 'stream']);
    const rawWhole = await runMeasured(process.execPath, ['--input-type=module', '-e', RAW_PARSE, file, 'whole']);
    const tenth = join(dir, 'tenth.csv');
    await writeSiteFile(tenth, Math.max(1, Math.round(options.rows / 10)));
    const importOnce = async (source = file, database = join(dir, 'haven.db')) => {
      const [command, args] = haven(['--database', database, 'sites', 'import', source, '--mapping', mapping, '--json']);
      const run = await runMeasured(command, args);
      const report = JSON.parse(run.stdout) as { created: number; updated: number; unchanged: number; rejected: unknown[]; rejectedRows?: number };
      return { ms: Math.round(run.ms), peakRssMb: run.peakRssMb, created: report.created, updated: report.updated, unchanged: report.unchanged, rejectedRows: report.rejectedRows ?? report.rejected.length };
    };
    const first = await importOnce();
    options.log(`site import: first run ${JSON.stringify(first)}`);
    const second = await importOnce();
    options.log(`site import: second run ${JSON.stringify(second)}`);
    const small = await importOnce(tenth, join(dir, 'tenth.db'));
    options.log(`site import: a tenth of the rows ${JSON.stringify(small)}`);
    // V8 grows its heap before it collects: the live set is what must stay flat. The import of every row with the old
    // generation capped at CAPPED_HEAP_MB either completes (it keeps no array of the rows) or runs out of memory.
    const [command, args] = haven(['--database', join(dir, 'capped.db'), 'sites', 'import', file, '--mapping', mapping, '--json']);
    const capped = await runMeasured(command, [`--max-old-space-size=${CAPPED_HEAP_MB}`, ...args]).then(
      (run) => ({ maxOldSpaceMb: CAPPED_HEAP_MB, completed: true, peakRssMb: run.peakRssMb }),
      () => ({ maxOldSpaceMb: CAPPED_HEAP_MB, completed: false }),
    );
    options.log(`site import: with the heap capped ${JSON.stringify(capped)}`);
    return {
      rows: options.rows,
      fileMb: Math.round((statSync(file).size / 1024 / 1024) * 10) / 10,
      import: { first, second, capped },
      baseline: { tenthOfTheRows: small, rawParseStreamed: { ms: Math.round(rawStream.ms), peakRssMb: rawStream.peakRssMb }, rawParseWhole: { ms: Math.round(rawWhole.ms), peakRssMb: rawWhole.peakRssMb } },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
