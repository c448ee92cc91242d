import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { mulberry32 } from '../src/core/seeded-random.js';

/** The 49 columns of UCDP GED, in order. */
export const GED_COLUMNS = [
  'id', 'relid', 'year', 'active_year', 'code_status', 'type_of_violence', 'conflict_dset_id', 'conflict_new_id', 'conflict_name', 'dyad_dset_id',
  'dyad_new_id', 'dyad_name', 'side_a_dset_id', 'side_a_new_id', 'side_a', 'side_b_dset_id', 'side_b_new_id', 'side_b', 'number_of_sources',
  'source_article', 'source_office', 'source_date', 'source_headline', 'source_original', 'where_prec', 'where_coordinates', 'where_description',
  'adm_1', 'adm_2', 'latitude', 'longitude', 'geom_wkt', 'priogrid_gid', 'country', 'country_id', 'region', 'event_clarity', 'date_prec',
  'date_start', 'date_end', 'deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'best', 'high', 'low', 'gwnoa', 'gwnob',
] as const;

// Countries with GED's own names, rough centres and spreads: events cluster as in the real data set.
const COUNTRIES: [name: string, gw: number, region: string, lat: number, lon: number, spread: number][] = [
  ['Afghanistan', 700, 'Asia', 34.5, 67.5, 3],
  ['Syria', 652, 'Middle East', 35, 38, 1.5],
  ['Iraq', 645, 'Middle East', 33, 44, 2],
  ['Myanmar (Burma)', 775, 'Asia', 20, 96, 3],
  ['DR Congo (Zaire)', 490, 'Africa', -2, 27, 3],
  ['Somalia', 520, 'Africa', 4, 45.5, 2],
  ['Nigeria', 475, 'Africa', 11, 10, 3],
  ['Sudan', 625, 'Africa', 13, 28, 3],
  ['Colombia', 100, 'Americas', 5, -74, 2.5],
  ['Ukraine', 369, 'Europe', 48.5, 36, 1.5],
  ['Mali', 432, 'Africa', 15, -2, 3],
  ['Yemen (North Yemen)', 678, 'Middle East', 15, 45, 1.5],
  ['Philippines', 840, 'Asia', 8, 124, 2],
  ['Mexico', 70, 'Americas', 22, -102, 4],
  ['Ethiopia', 530, 'Africa', 9, 39, 3],
];
const CIVILIAN_WORDS = ['village', 'market', 'checkpoint', 'district', 'camp', 'road', 'farm', 'town centre'];

/** Writes a GED-shaped CSV of `rows` events with realistic values (seeded, so repeatable). */
export async function writeGedFile(file: string, rows: number, seed = 7): Promise<void> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const heavy = (scale: number) => Math.floor(scale * (1 / Math.max(random(), 0.002) - 1));
  const csv = stringify({ header: true, columns: [...GED_COLUMNS] });
  const out = createWriteStream(file);
  csv.pipe(out);
  for (let i = 1; i <= rows; i++) {
    const [country, gw, region, clat, clon, spread] = pick(COUNTRIES);
    const type = 1 + Math.floor(random() * 3);
    const sideA = type === 2 ? `Armed group ${1 + Math.floor(random() * 40)}` : `Government of ${country.replace(/ \(.*\)/, '')}`;
    const sideB = type === 3 ? 'Civilians' : `Armed group ${41 + Math.floor(random() * 60)}`;
    const [a, b, civilians, unknown] = type === 3 ? [0, 0, heavy(1.5), random() < 0.2 ? heavy(0.5) : 0] : [heavy(1.2), heavy(1.5), random() < 0.3 ? heavy(0.8) : 0, random() < 0.3 ? heavy(0.6) : 0];
    const best = a + b + civilians + unknown || 1;
    const low = Math.max(0, best - Math.floor(random() * best * 0.5));
    const high = best + Math.floor(random() * best);
    const year = 1989 + Math.floor(random() * 36);
    const start = new Date(Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    const datePrec = random() < 0.75 ? 1 : 1 + Math.floor(random() * 5);
    const end = new Date(start.getTime() + (datePrec === 1 ? 0 : Math.floor(random() * 20)) * 86_400_000);
    const lat = (clat + (random() - 0.5) * 2 * spread).toFixed(6);
    const lon = (clon + (random() - 0.5) * 2 * spread).toFixed(6);
    const place = `${pick(CIVILIAN_WORDS)} ${Math.floor(random() * 900)}`;
    const row: Record<(typeof GED_COLUMNS)[number], string | number> = {
      id: i, relid: `BEN-${year}-${type}-${i}`, year, active_year: 1, code_status: 'Clear', type_of_violence: type, conflict_dset_id: 100 + (i % 300),
      conflict_new_id: 200 + (i % 300), conflict_name: `${country}: Government`, dyad_dset_id: 300 + (i % 500), dyad_new_id: 400 + (i % 500),
      dyad_name: `${sideA} - ${sideB}`, side_a_dset_id: 1, side_a_new_id: 1, side_a: sideA, side_b_dset_id: 2, side_b_new_id: 2, side_b: sideB,
      number_of_sources: 1 + Math.floor(random() * 4),
      source_article: `"Agency report ${i}",Newswire,${start.toISOString().slice(0, 10)}; "Local radio report",Radio ${Math.floor(random() * 50)}`,
      source_office: '', source_date: '', source_headline: `Clashes reported near ${place}`, source_original: random() < 0.3 ? 'local sources\nand officials' : '',
      where_prec: 1 + Math.floor(random() * random() * 7), where_coordinates: place, where_description: `${place}, about ${Math.floor(random() * 40)} km from the district town`,
      adm_1: `Province ${Math.floor(random() * 20)}`, adm_2: `District ${Math.floor(random() * 200)}`, latitude: lat, longitude: lon, geom_wkt: `POINT (${lon} ${lat})`,
      priogrid_gid: 100000 + Math.floor(random() * 100000), country, country_id: gw, region, event_clarity: random() < 0.9 ? 1 : 2, date_prec: datePrec,
      date_start: start.toISOString().slice(0, 10), date_end: end.toISOString().slice(0, 10), deaths_a: a, deaths_b: b, deaths_civilians: civilians,
      deaths_unknown: best === a + b + civilians + unknown ? unknown : unknown + 1, best, high, low, gwnoa: gw, gwnob: type === 1 ? '' : gw,
    };
    if (!csv.write(row)) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'close');
}
