import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { importRecords, type ImportSummary } from '../../src/application/import-records.service.js';
import { summariseIncidents } from '../../src/application/incident.service.js';
import { acledRowToIncident } from '../../src/core/formats/acled.mapping.js';
import { featureToIncident } from '../../src/core/formats/geojson.mapping.js';
import { havenCsvRowToIncident } from '../../src/core/formats/haven-csv.mapping.js';
import { readHashtagRow } from '../../src/core/formats/hxl-tags.js';
import { HxlIncidentMapping } from '../../src/core/formats/hxl.mapping.js';
import { mapGedRow } from '../../src/core/formats/ucdp-ged.mapping.js';
import { neutraliseFormula, restoreFormula } from '../../src/core/formats/spreadsheet-safety.js';
import { incidentInputSchema } from '../../src/core/incident.schema.js';
import { openRecordSource } from '../../src/interchange/record-source.js';
import { openTestStore, type TestStore } from '../support/databases.js';

const actor: Actor = { id: 'property-test', username: 'property-test', role: 'analyst' };
const cell = fc.oneof(fc.string(), fc.constantFrom('', '-1', '1e9', 'NaN', '2024-02-30', '31/12/2023', '=cmd|x', '"', '\n', '#geo+lat', 'Ukraine', '804', '1'));
const record = (columns: readonly string[]) => fc.tuple(...columns.map(() => cell)).map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]!])));

describe('mappers never throw, whatever a row holds', () => {
  it.each([
    ['GED', mapGedRow, ['id', 'type_of_violence', 'side_a', 'side_b', 'date_start', 'date_end', 'date_prec', 'where_prec', 'latitude', 'longitude', 'country', 'deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'best', 'low', 'high']],
    ['ACLED', acledRowToIncident, ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'inter1', 'actor2', 'inter2', 'iso', 'country', 'latitude', 'longitude', 'geo_precision', 'fatalities', 'civilian_targeting', 'notes']],
    ['Haven CSV', havenCsvRowToIncident, ['id', 'title', 'date_earliest', 'date_latest', 'date_precision', 'lat', 'lon', 'location_precision', 'country', 'themes', 'categories', 'actors', 'casualties', 'sources', 'origin_dataset', 'origin_external_id']],
  ] as const)('%s: every row maps, and the schema then accepts it or names its problems', (_name, map, columns) => {
    fc.assert(
      fc.property(record(columns), (row) => {
        const mapped = (map as (r: Record<string, string>) => ReturnType<typeof mapGedRow>)(row);
        const result = incidentInputSchema.safeParse(mapped.input);
        if (mapped.issues.length === 0 && !result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('HXL: any hashtag row and any data row', () => {
    const tag = fc.constantFrom('#event+id', '#date+occurred', '#geo+lat', '#geo+lon', '#country+code', '#affected+killed', '#affected+killed+f+children', '#affected+injured+min', '#group+perpetrator', '#description', 'junk', '#x_y');
    fc.assert(
      fc.property(fc.array(tag, { minLength: 1, maxLength: 12 }), fc.array(cell, { maxLength: 14 }), (tags, cells) => {
        const header = readHashtagRow(tags);
        if (!header) return;
        const mapping = new HxlIncidentMapping(header.columns, 'prop');
        if (mapping.missingColumns().length) return;
        incidentInputSchema.safeParse(mapping.map(cells, 'row-x').input);
      }),
      { numRuns: 1500 },
    );
  });

  it('GeoJSON: any JSON value as a feature', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void featureToIncident(value)), { numRuns: 1500 });
  });

  it('formula neutralisation round-trips any text and never leaves a formula at the start', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const safe = neutraliseFormula(text);
        expect(restoreFormula(safe)).toBe(text);
        if (/^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text))) expect(safe.startsWith("'")).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('imports of generated files: no crash, no partial batch', () => {
  let dir: string;
  let t: TestStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-prop-'));
    t = await openTestStore('sqlite');
  });
  afterAll(async () => {
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores exactly the valid rows of a mixed GED file, and strict stores none when any is bad', async () => {
    const ctx = createAppContext(t.store);
    const good = fc.record({ deaths: fc.nat(50), lat: fc.double({ min: -60, max: 70, noNaN: true }), lon: fc.double({ min: -170, max: 170, noNaN: true }) });
    const row = fc.oneof({ weight: 3, arbitrary: good.map((g) => ({ ok: true, ...g })) }, { weight: 1, arbitrary: fc.record({ ok: fc.constant(false), junk: cell }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.boolean(), async (rows, strict) => {
        run++;
        const dataset = rows.map((r, i) => {
          const id = `p${run}-${i}`;
          if (!r.ok) return { id, type_of_violence: '3', side_a: 'A', side_b: 'Civilians', date_start: (r as { junk: string }).junk, date_end: '2020-01-01', date_prec: '1', where_prec: '1', latitude: '1', longitude: '1', country: 'Mali', deaths_a: '0', deaths_b: '0', deaths_civilians: '1', deaths_unknown: '0', best: '1', low: '1', high: '1' };
          const g = r as { deaths: number; lat: number; lon: number };
          return { id, type_of_violence: '3', side_a: 'A', side_b: 'Civilians', date_start: '2020-01-01', date_end: '2020-01-02', date_prec: '2', where_prec: '1', latitude: String(g.lat), longitude: String(g.lon), country: 'Mali', deaths_a: '0', deaths_b: '0', deaths_civilians: String(g.deaths), deaths_unknown: '0', best: String(g.deaths), low: String(g.deaths), high: String(g.deaths) };
        });
        const file = join(dir, `run-${run}.csv`);
        await writeFile(file, stringify(dataset, { header: true }));
        const before = await summariseIncidents(ctx, actor, {});
        const source = await openRecordSource(file, { format: 'ged' });
        // A junk start date is never a day on or before 2020-01-01's end date in GED's own format, so those rows must fail.
        const expectedValid = rows.filter((r) => r.ok).length;
        let summary: ImportSummary | undefined;
        try {
          summary = await importRecords(ctx, actor, source.records, { strict, batchSize: 7 });
        } catch {
          summary = undefined;
        }
        const after = await summariseIncidents(ctx, actor, {});
        if (strict && expectedValid < dataset.length) {
          expect(summary).toBeUndefined();
          expect(after.incidents).toBe(before.incidents);
        } else {
          expect(summary!.created + summary!.rejected).toBe(dataset.length);
          expect(after.incidents - before.incidents).toBe(summary!.created);
          expect(summary!.created).toBe(expectedValid);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
