import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEO_PKO_COLUMN_NAMES, GEO_PKO_FIELDS, geoPkoRowOf, geoPkoTableOf, locationYearsOf, type GeoPkoField, type GeoPkoRow, type GeoPkoTable } from '../../../src/core/posture/geo-pko.js';
import { missionSeries, missionsOf } from '../../../src/core/posture/peace-operations.js';
import { realFixture } from '../../support/real-fixtures.js';

const FILE = realFixture('geopko/geopko-v2.3-six-missions.csv');
const cells: string[][] = parse(readFileSync(FILE), { bom: true });
const header = cells[0]!;
const body = cells.slice(1);
const records = body.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]!])));
const table = (geoPkoTableOf(header) as { table: GeoPkoTable }).table;
const readings = body.map((row, i) => geoPkoRowOf(row, i + 2, table));
const rows = readings.flatMap((r, i) => ('row' in r ? [{ row: r.row, rowNumber: i + 2 }] : []));

const count = (text: string) => (text === 'NA' ? null : Number(text));
const presence = (text: string) => (text === 'NA' ? null : text === '1');
const placeKey = (r: Record<string, string>) => `${r.mission}|${r.year}|${r.country}|${r.location}`;

/** The fixture's places per mission-year, each once (the file repeats a place once per distinct map figure). */
function placesOfFile(): Map<string, Record<string, string>[]> {
  const byPlace = new Map<string, Record<string, string>[]>();
  for (const r of records) byPlace.set(placeKey(r), [...(byPlace.get(placeKey(r)) ?? []), r]);
  return byPlace;
}

describe("Geo-PKO's mission–year–location table", () => {
  it('reads the header of the real file: every column, named as the file names it', () => {
    for (const field of GEO_PKO_FIELDS) expect(table[field]?.column, field).toBe(GEO_PKO_COLUMN_NAMES[field]);
  });

  it("reads every row of the real file as the file's cells: troops as numbers, NA as null, presence as true or false", () => {
    expect(readings.filter((r) => 'rejected' in r)).toEqual([]);
    expect(rows).toHaveLength(records.length);
    rows.forEach(({ row }, i) => {
      const r = records[i]!;
      expect(row).toEqual({
        mission: r.mission!,
        year: Number(r.year),
        country: r.country!,
        countryCode: row.countryCode,
        location: r.location!,
        latitude: Number(r.latitude),
        longitude: Number(r.longitude),
        infantry: count(r.Infantry!),
        troopsOnMap: count(r.NoTroops!),
        reserve: count(r.Reserve!),
        hq: Number(r.hq),
        police: presence(r.UNPOL!),
        medical: presence(r.Med!),
        aviation: count(r.Av!),
        observers: presence(r.UNMO!),
        averageTroops: count(r['ave.no.troops']!),
      } satisfies GeoPkoRow);
    });
    // The fixture has places without a troop figure and one without an infantry figure: null, never 0.
    expect(rows.some(({ row }) => row.averageTroops === null)).toBe(true);
    expect(rows.some(({ row }) => row.infantry === null)).toBe(true);
    // Today's countries get their ISO code; "Ethiopia/Eritrea" names two and gets none.
    expect(rows.find(({ row }) => row.country === 'South Sudan')!.row.countryCode).toBe('SSD');
    expect(rows.find(({ row }) => row.country === 'Ethiopia/Eritrea')!.row.countryCode).toBeNull();
  });

  it("brings a place's rows of a year together: the year's figures once, the maps' troop range, the highest HQ", () => {
    const { locationYears, rejected } = locationYearsOf(rows, table);
    expect(rejected).toEqual([]);
    const byPlace = placesOfFile();
    expect(locationYears).toHaveLength(byPlace.size);
    for (const place of locationYears) {
      const fileRows = byPlace.get(`${place.mission}|${place.year}|${place.country}|${place.location}`)!;
      expect(place.rows).toBe(fileRows.length);
      expect(place.averageTroops).toBe(count(fileRows[0]!['ave.no.troops']!));
      const onMaps = fileRows.map((r) => count(r.NoTroops!)).filter((n): n is number => n !== null);
      expect(place.troopsOnMapsMin).toBe(onMaps.length > 0 ? Math.min(...onMaps) : null);
      expect(place.troopsOnMapsMax).toBe(onMaps.length > 0 ? Math.max(...onMaps) : null);
      expect(place.hqLevel).toBe(Math.max(...fileRows.map((r) => Number(r.hq))));
    }
    // Rows do repeat places: the table is not one row per place.
    expect(records.length).toBeGreaterThan(byPlace.size);
  });

  it("totals each mission-year over its places, each counted once, as the file's cells add up", () => {
    const { locationYears } = locationYearsOf(rows, table);
    const byPlace = [...placesOfFile().values()].map((group) => group[0]!);
    let naiveExceeds = 0;
    for (const summary of missionsOf(locationYears)) {
      const { years, missingYears } = missionSeries(locationYears, summary.mission);
      const fileYears = [...new Set(records.filter((r) => r.mission === summary.mission).map((r) => Number(r.year)))].sort((a, b) => a - b);
      expect(years.map((y) => y.year)).toEqual(fileYears);
      for (let y = fileYears[0]!; y <= fileYears.at(-1)!; y++) expect(missingYears.includes(y)).toBe(!fileYears.includes(y));
      for (const year of years) {
        const places = byPlace.filter((r) => r.mission === summary.mission && Number(r.year) === year.year);
        const known = places.filter((r) => r['ave.no.troops'] !== 'NA');
        const typed = known.filter((r) => r.Infantry !== 'NA' && r.Reserve !== 'NA');
        const sum = (list: Record<string, string>[], f: (r: Record<string, string>) => number) => list.reduce((s, r) => s + f(r), 0);
        expect(year.locations).toBe(places.length);
        expect(year.troops.total).toBe(sum(known, (r) => Number(r['ave.no.troops'])));
        expect(year.troops.infantry).toBe(sum(typed, (r) => Number(r.Infantry)));
        expect(year.troops.reserve).toBe(sum(typed, (r) => Number(r.Reserve)));
        expect(year.troops.other).toBe(sum(typed, (r) => Math.max(0, Number(r['ave.no.troops']) - Number(r.Infantry) - Number(r.Reserve))));
        expect(year.troops.typeUnknown).toBe(sum(known, (r) => (r.Infantry === 'NA' || r.Reserve === 'NA' ? Number(r['ave.no.troops']) : 0)));
        expect(year.locationsWithoutTroopFigure).toBe(places.length - known.length);
        expect(year.locationsWith.medical).toBe(places.filter((r) => r.Med === '1').length);
        expect(year.locationsWith.police).toBe(places.filter((r) => r.UNPOL === '1').length);
        expect(year.locationsWith.observers).toBe(places.filter((r) => r.UNMO === '1').length);
        expect(year.locationsWith.aviation).toBe(places.filter((r) => Number(r.Av) > 0).length);
        const protective = places.filter((r) => r.Med === '1' || r.UNPOL === '1' || r.UNMO === '1').length;
        expect(year.protectiveLocations).toBe(protective);
        expect(year.protectiveShare).toBeCloseTo(protective / places.length, 12);
        // What summing the file's rows would give: more, wherever a place has several map figures in a year.
        const naive = records.filter((r) => r.mission === summary.mission && Number(r.year) === year.year && r['ave.no.troops'] !== 'NA').reduce((s, r) => s + Number(r['ave.no.troops']), 0);
        expect(naive).toBeGreaterThanOrEqual(year.troops.total);
        if (naive > year.troops.total) naiveExceeds++;
      }
    }
    expect(naiveExceeds).toBeGreaterThan(0);
  });

  it('counts the places whose infantry and reserve exceed their mean troops, and keeps their other troops at 0', () => {
    const { locationYears } = locationYearsOf(rows, table);
    const over = locationYears.filter((p) => p.averageTroops !== null && p.infantry !== null && p.reserve !== null && p.infantry + p.reserve > p.averageTroops);
    expect(over.length).toBeGreaterThan(0);
    for (const place of over) {
      const year = missionSeries(locationYears, place.mission).years.find((y) => y.year === place.year)!;
      const expected = locationYears.filter((p) => p.mission === place.mission && p.year === place.year && over.includes(p)).length;
      expect(year.locationsWithTroopTypesAboveTotal).toBe(expected);
      expect(year.troops.infantry + year.troops.reserve + year.troops.other + year.troops.typeUnknown).toBeGreaterThan(year.troops.total);
    }
  });

  it("refuses a row that gives a place-year other yearly figures than an earlier row, naming both", () => {
    const seen = new Map<string, number>();
    const index = records.findIndex((r, i) => {
      const key = placeKey(r);
      if (seen.has(key)) return true;
      seen.set(key, i);
      return false;
    });
    const first = seen.get(placeKey(records[index]!))!;
    const changed = body.map((row) => [...row]);
    const column = header.indexOf('ave.no.troops');
    changed[index]![column] = String(Number(records[index]!['ave.no.troops']) + 1);
    const read = changed.map((row, i) => geoPkoRowOf(row, i + 2, table)).flatMap((r, i) => ('row' in r ? [{ row: r.row, rowNumber: i + 2 }] : []));
    const { rejected } = locationYearsOf(read, table);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.rowNumber).toBe(index + 2);
    expect(rejected[0]!.issues[0]).toMatchObject({ path: 'ave.no.troops', code: 'inconsistent' });
    expect(rejected[0]!.issues[0]!.message).toContain(`row ${first + 2} gives ${records[index]!['ave.no.troops']}`);
  });

  it("reads the dashboard's earlier header (capitalised, without infantry and reserve), and refuses Geo-PKO's per-map file", () => {
    const legacy = geoPkoTableOf(['Mission', 'Year', 'Country', 'Location', 'Latitude', 'Longitude', 'HQ', 'UNPOL', 'Med', 'Av', 'UNMO', 'ave.no.troops']);
    expect('table' in legacy).toBe(true);
    const reading = geoPkoRowOf(['UNMISS', '2020', 'South Sudan', 'Juba', '4.845972', '31.601203', '3', '0', '1', '1', '0', '5250'], 2, (legacy as { table: GeoPkoTable }).table);
    expect(reading).toMatchObject({ row: { infantry: null, reserve: null, troopsOnMap: null, averageTroops: 5250, hq: 3, medical: true } });
    const perMap = geoPkoTableOf(['source', 'mission', 'year', 'month', 'country', 'location', 'latitude', 'longitude', 'no.troops', 'hq', 'unpol.dummy', 'unmo.dummy']);
    expect(perMap).toMatchObject({ refused: expect.stringContaining("Geo-PKO's own file, one row per place per deployment map") });
    expect(geoPkoTableOf(['mission', 'year', 'country'])).toMatchObject({ refused: expect.stringContaining('lacks location, latitude, longitude, hq, UNPOL, Med, Av, UNMO, ave.no.troops') });
    expect(geoPkoTableOf([...header, 'HQ'])).toMatchObject({ refused: expect.stringContaining('"hq" and "HQ" are both hq') });
  });

  it('refuses a bad cell naming its column and why', () => {
    const good = body[0]!;
    const refused = (column: string, value: string) => {
      const row = [...good];
      row[header.indexOf(column)] = value;
      const reading = geoPkoRowOf(row, 9, table);
      return 'rejected' in reading ? reading.rejected.issues : [];
    };
    expect(refused('ave.no.troops', '12 000')).toEqual([{ path: 'ave.no.troops', code: 'invalid_number', message: '"12 000" is not a number' }]);
    expect(refused('Infantry', '-650')).toEqual([{ path: 'Infantry', code: 'invalid_number', message: '-650 is negative' }]);
    expect(refused('Reserve', '12.5')).toEqual([{ path: 'Reserve', code: 'invalid_number', message: '12.5 is not a whole number' }]);
    expect(refused('latitude', '95')).toEqual([{ path: 'latitude', code: 'invalid_coordinate', message: '95 is outside −90…90' }]);
    expect(refused('longitude', 'NA')).toEqual([{ path: 'longitude', code: 'invalid_coordinate', message: 'is missing while the other coordinate is given' }]);
    expect(refused('hq', '4')[0]).toMatchObject({ path: 'hq', code: 'out_of_range' });
    expect(refused('Av', '3')[0]).toMatchObject({ path: 'Av', code: 'out_of_range' });
    expect(refused('UNPOL', '2')[0]).toMatchObject({ path: 'UNPOL', code: 'out_of_range' });
    expect(refused('mission', '  ')).toEqual([{ path: 'mission', code: 'required', message: 'is empty' }]);
    expect(refused('year', '99')).toEqual([{ path: 'year', code: 'invalid_year', message: '"99" is not a year (1945–2100)' }]);
    const zeros = [...good];
    zeros[header.indexOf('latitude')] = '0';
    zeros[header.indexOf('longitude')] = '0';
    expect(geoPkoRowOf(zeros, 3, table)).toMatchObject({ rejected: { rowNumber: 3, issues: [{ path: 'latitude', code: 'invalid_coordinate' }] } });
  });
});

/** Any spelling of a header name the reader should take: case, and dots, underscores or spaces between words. */
const spelled = (name: string) =>
  fc.tuple(fc.constantFrom('as-is', 'upper', 'lower'), fc.constantFrom('', '.', '_', ' ')).map(([kase, separator]) => {
    const words = name.split(/[.\s_]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
    const joined = separator === '' ? name.replace(/[.\s_]/g, '') : words.join(separator);
    return kase === 'upper' ? joined.toUpperCase() : kase === 'lower' ? joined.toLowerCase() : joined;
  });
const padded = (text: string) => fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ', '\t')).map(([a, b]) => `${a}${text}${b}`);
const missing = fc.constantFrom('NA', 'na', '', 'N/A', '-Inf', 'NaN');
const troops = fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null });

const generatedRow = fc.record({
  mission: fc.stringMatching(/^[A-Z][A-Za-z ]{0,20}[A-Za-z]$/).filter((s) => !/^na$/i.test(s)),
  year: fc.integer({ min: 1945, max: 2100 }),
  country: fc.constantFrom('South Sudan', 'Mali', 'DRC', 'Ethiopia/Eritrea', 'Western Sahara'),
  location: fc.stringMatching(/^[A-Za-zéè'-][A-Za-zéè' -]{0,30}[A-Za-z]$/).filter((s) => !/^na$/i.test(s)),
  latitude: fc.double({ min: -90, max: 90, noNaN: true }).filter((v) => v !== 0),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  infantry: troops,
  troopsOnMap: troops,
  reserve: troops,
  hq: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  police: fc.option(fc.boolean(), { nil: null }),
  medical: fc.option(fc.boolean(), { nil: null }),
  aviation: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  observers: fc.option(fc.boolean(), { nil: null }),
  averageTroops: troops,
});

describe('the Geo-PKO reader, over generated files', () => {
  it('reads back what was written, whatever the header spelling, column order, padding and NA spelling', () => {
    fc.assert(
      fc.property(
        generatedRow,
        fc.tuple(...GEO_PKO_FIELDS.map((f) => spelled(GEO_PKO_COLUMN_NAMES[f]))),
        fc.shuffledSubarray([...GEO_PKO_FIELDS], { minLength: GEO_PKO_FIELDS.length, maxLength: GEO_PKO_FIELDS.length }),
        fc.array(padded('x'), { minLength: GEO_PKO_FIELDS.length, maxLength: GEO_PKO_FIELDS.length }),
        missing,
        fc.boolean(),
        (row, names, order, pads, na, decimals) => {
          const nameOf = Object.fromEntries(GEO_PKO_FIELDS.map((f, i) => [f, names[i]!])) as Record<GeoPkoField, string>;
          const textOf = (field: GeoPkoField): string => {
            const value = row[field];
            if (value === null) return na;
            if (typeof value === 'boolean') return value ? '1' : '0';
            if (typeof value === 'number' && !['year', 'latitude', 'longitude'].includes(field)) return decimals ? `${value}.0` : String(value);
            return String(value);
          };
          const headerRow = order.map((f) => nameOf[f]);
          const reading = geoPkoTableOf(headerRow);
          if (!('table' in reading)) throw new Error(`header refused: ${reading.refused}`);
          const cellsRow = order.map((f, i) => pads[i]!.replace('x', textOf(f)));
          const read = geoPkoRowOf(cellsRow, 2, reading.table);
          if (!('row' in read)) throw new Error(`row refused: ${JSON.stringify(read.rejected)}`);
          const { countryCode: _code, ...values } = read.row;
          expect(values).toEqual(row);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses any text that is not a number in a count, naming the column', () => {
    const counts: GeoPkoField[] = ['infantry', 'troopsOnMap', 'reserve', 'averageTroops', 'hq', 'aviation', 'police', 'medical', 'observers'];
    fc.assert(
      fc.property(
        fc.constantFrom(...counts),
        fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\s*[-+]?\d+(\.\d+)?\s*$/.test(s) && !/^\s*(na|n\/a|nan|-inf|)\s*$/i.test(s)),
        (field, junk) => {
          const row = [...body[0]!];
          row[table[field]!.index] = junk;
          const read = geoPkoRowOf(row, 5, table);
          expect('rejected' in read && read.rejected.issues.map((i) => i.path)).toEqual([GEO_PKO_COLUMN_NAMES[field]]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
