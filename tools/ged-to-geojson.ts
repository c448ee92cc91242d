import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * Writes rows of a UCDP GED CSV as GeoJSON the way UCDP's API and many mirrors ship it: a FeatureCollection of Point
 * features whose properties are GED's columns, numbers as JSON numbers, empty cells as null and the dates with a time
 * part ("2014-06-30 00:00:00.000"). It also writes the same rows, unchanged, as CSV, so a test can compare the two.
 *
 *   npx tsx tools/ged-to-geojson.ts <ged.csv> <first row> <rows> <out.geojson> <out.csv>
 *
 * The committed fixture test/fixtures/geojson/ucdp-ged231-40.* was made from ../shared/data/ucdp/ucdp_ged_231_sample1000.csv
 * with first row 1 and 40 rows.
 */

// Free text that may look like a number stays text.
const TEXT = new Set(['relid', 'conflict_name', 'dyad_name', 'side_a', 'side_b', 'source_article', 'source_office', 'source_date', 'source_headline', 'source_original', 'where_coordinates', 'where_description', 'adm_1', 'adm_2', 'geom_wkt', 'country', 'region']);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function property(column: string, value: string): string | number | null {
  if (value === '') return null;
  if ((column === 'date_start' || column === 'date_end') && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00.000`;
  if (!TEXT.has(column) && NUMBER.test(value)) return Number(value);
  return value;
}

const [input, first, count, geojsonOut, csvOut] = process.argv.slice(2);
if (!input || !first || !count || !geojsonOut || !csvOut) throw new Error('usage: tsx tools/ged-to-geojson.ts <ged.csv> <first row> <rows> <out.geojson> <out.csv>');
const rows = parse<Record<string, string>>(readFileSync(input), { columns: true, bom: true }).slice(Number(first) - 1, Number(first) - 1 + Number(count));
const features = rows.map((row) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [Number(row.longitude), Number(row.latitude)] },
  properties: Object.fromEntries(Object.entries(row).map(([column, value]) => [column, property(column, value)])),
}));
writeFileSync(geojsonOut, `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`);
writeFileSync(csvOut, stringify(rows, { header: true, quoted: true }));
