import { createReadStream, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

/**
 * Every distinct country name in the real data sets beside the project (`../shared/data`, or HAVEN_SHARED_DATA),
 * written to test/fixtures/country-names.json — names only, grouped by file and column — so the country tests run
 * on the names real files use without the files. `npx tsx tools/extract-country-names.ts` rewrites it.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.HAVEN_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
export const COUNTRY_NAMES_FIXTURE = join(ROOT, 'test/fixtures/country-names.json');

/** File, the column that names a country, and whether a cell lists several (UNESCO: transboundary sites, comma-separated). */
const SOURCES: readonly { file: string; column: string; list?: true }[] = [
  { file: 'ucdp/ucdp_ged_241_myanmar.csv', column: 'country' },
  { file: 'ucdp/ucdp_ged_231_sample1000.csv', column: 'country' },
  { file: 'ucdp/ucdp_ged_ukraine_2014_2022.csv', column: 'country' },
  { file: 'acled/acled_ukraine_sample1000.csv', column: 'country' },
  { file: 'sites/unesco_world_heritage_sites_2021.csv', column: 'states_name_en', list: true },
  { file: 'sites/ukraine_power_plants_gppd.csv', column: 'country_long' },
  { file: 'spending/sipri_milex_1949_2025_long.csv', column: 'country' },
  { file: 'spending/sipri_top100_arms_companies_2024.csv', column: 'country' },
  { file: 'peacekeeping/un_peacekeeping_fatalities_1948_2025.csv', column: 'casualty_nationality' },
  { file: 'peacekeeping/geopko_v2.3_deployments_mission_year_location.csv', column: 'country' },
];

export type CountryNamesFixture = Record<string, { column: string; names: string[] }>;

async function distinctNames(file: string, column: string, list: boolean): Promise<string[]> {
  const names = new Set<string>();
  const parser = createReadStream(join(DATA, file)).pipe(parse({ columns: true, bom: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Record<string, string | undefined>>) {
    const cell = row[column];
    if (cell === undefined) throw new Error(`${file} has no column ${column}`);
    for (const name of list ? cell.split(',') : [cell]) if (name.trim() !== '') names.add(name.trim());
  }
  return [...names].sort((a, b) => a.localeCompare(b, 'en'));
}

async function main(): Promise<void> {
  const out: CountryNamesFixture = {};
  for (const { file, column, list } of SOURCES) out[file] = { column, names: await distinctNames(file, column, list === true) };
  writeFileSync(COUNTRY_NAMES_FIXTURE, `${JSON.stringify(out, null, 2)}\n`);
  const total = new Set(Object.values(out).flatMap((s) => s.names)).size;
  process.stdout.write(`${COUNTRY_NAMES_FIXTURE}: ${total} distinct names from ${SOURCES.length} files\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
