import { lookUpCountry } from '../countries.js';
import type { RejectedRow, RowIssue } from '../rejected-row.schema.js';

/**
 * The Geocoded Peacekeeping Operations (Geo-PKO) data set (Cil, Fjelde, Hultman & Nilsson 2020, "Mapping blue helmets",
 * Journal of Peace Research 57(2)) as its mission–year–location table: where UN peacekeepers were deployed, by mission,
 * year and place. Geo-PKO itself codes one row per place per UN deployment map; this table is the one the Geo-PKO
 * dashboard derives from it (its data-preparation script, `FrontMap`), and its columns mean:
 *
 * - `Infantry`, `Reserve`: infantry and reserve troops at the place, **personnel** — the year's mean over the maps
 *   (Geo-PKO estimates troop numbers from the unit symbols on each map, at standard UN and NATO unit sizes), whole.
 * - `NoTroops`: all troops at the place on **one map** of the year (personnel). A place with several maps that year has
 *   a row per distinct map figure, so rows repeat a place; `ave.no.troops` is the year's mean of it, the same on each.
 * - `hq`: the headquarters on that map — 0 none, 1 a lower-level (contingent or unit) HQ, 2 a sector HQ, 3 the
 *   mission HQ; it can differ between the rows of one place and year.
 * - `UNPOL`, `Med`, `UNMO`: **presence** (0/1) of UN police, a medical unit, military observers on any map that year.
 * - `Av`: aviation units present on any map that year, counted by kind (an aviation unit, a helicopter support unit):
 *   0, 1 or 2. Presence, not aircraft or personnel.
 *
 * A figure Geo-PKO does not have is `NA` (the maps showed no size), read as null — never as 0.
 */
export const GEO_PKO_FIELDS = ['mission', 'year', 'country', 'location', 'latitude', 'longitude', 'infantry', 'troopsOnMap', 'reserve', 'hq', 'police', 'medical', 'aviation', 'observers', 'averageTroops'] as const;
export type GeoPkoField = (typeof GEO_PKO_FIELDS)[number];

/** The column each field is read from as the table spells it today (shown when a column is missing). */
export const GEO_PKO_COLUMN_NAMES: Record<GeoPkoField, string> = {
  mission: 'mission',
  year: 'year',
  country: 'country',
  location: 'location',
  latitude: 'latitude',
  longitude: 'longitude',
  infantry: 'Infantry',
  troopsOnMap: 'NoTroops',
  reserve: 'Reserve',
  hq: 'hq',
  police: 'UNPOL',
  medical: 'Med',
  aviation: 'Av',
  observers: 'UNMO',
  averageTroops: 'ave.no.troops',
};

/**
 * Header names, normalised (letters and digits, lower case), as the table's versions spell them: today's (`mission`,
 * `hq`, `ave.no.troops`), the dashboard's earlier capitalised ones (`Mission`, `Year`, `HQ`, `Latitude`), and the
 * names of Geo-PKO's own variables the columns were made from (`no.troops`, `unpol.dummy`, `unmo.dummy`).
 */
const HEADER_NAMES: Record<GeoPkoField, readonly string[]> = {
  mission: ['mission'],
  year: ['year'],
  country: ['country'],
  location: ['location'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'long', 'lng'],
  infantry: ['infantry'],
  troopsOnMap: ['notroops'],
  reserve: ['reserve'],
  hq: ['hq'],
  police: ['unpol', 'unpoldummy'],
  medical: ['med', 'medical'],
  aviation: ['av', 'aviation'],
  observers: ['unmo', 'unmodummy'],
  averageTroops: ['avenotroops'],
};

/**
 * Columns an earlier version of the table lacks: the dashboard's first table had no infantry, reserve or per-map
 * column. Without them those figures are unknown (null), not 0.
 */
const OPTIONAL: ReadonlySet<GeoPkoField> = new Set(['infantry', 'reserve', 'troopsOnMap']);

export const normaliseHeader = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const FIELD_OF_NAME = new Map(GEO_PKO_FIELDS.flatMap((field) => HEADER_NAMES[field].map((name) => [name, field] as const)));

/** Where each field is in a file: its column's index and the name the file gives it (for messages). */
export type GeoPkoTable = Record<GeoPkoField, { index: number; column: string } | undefined>;

export type GeoPkoHeaderReading = { table: GeoPkoTable } | { refused: string; missing: string[] };

/** Reads a header row, or says what it lacks or why it is another file. */
export function geoPkoTableOf(header: readonly string[]): GeoPkoHeaderReading {
  const table = Object.fromEntries(GEO_PKO_FIELDS.map((f) => [f, undefined])) as GeoPkoTable;
  const twice: string[] = [];
  header.forEach((raw, index) => {
    const column = raw.trim();
    const field = FIELD_OF_NAME.get(normaliseHeader(column));
    if (!field) return;
    if (table[field]) twice.push(`"${table[field].column}" and "${column}" are both ${GEO_PKO_COLUMN_NAMES[field]}`);
    else table[field] = { index, column };
  });
  if (twice.length > 0) return { refused: `the header names a column twice: ${twice.join('; ')}`, missing: [] };
  const missing = GEO_PKO_FIELDS.filter((f) => !table[f] && !OPTIONAL.has(f)).map((f) => GEO_PKO_COLUMN_NAMES[f]);
  if (missing.length === 0) return { table };
  const names = new Set(header.map(normaliseHeader));
  if (!table.averageTroops && (names.has('source') || names.has('month'))) {
    return {
      refused:
        "this looks like Geo-PKO's own file, one row per place per deployment map (it has source and month columns): Haven reads the mission–year–location table derived from it, with one figure per place and year (ave.no.troops, Infantry, Reserve, UNPOL, Med, Av, UNMO)",
      missing,
    };
  }
  return { refused: `this is not Geo-PKO's mission–year–location table: the header lacks ${missing.join(', ')}`, missing };
}

/** One row of the table, read and checked. */
export interface GeoPkoRow {
  mission: string;
  year: number;
  country: string;
  /** ISO 3166-1 alpha-3 of `country`; null where Geo-PKO names no single country ("Ethiopia/Eritrea"). */
  countryCode: string | null;
  location: string;
  latitude: number | null;
  longitude: number | null;
  infantry: number | null;
  troopsOnMap: number | null;
  reserve: number | null;
  hq: number | null;
  police: boolean | null;
  medical: boolean | null;
  aviation: number | null;
  observers: boolean | null;
  averageTroops: number | null;
}

/** R's marks for a figure that is not there: `NA`, and `-Inf`, what R's max() gives over nothing but NAs. */
const MISSING = /^(na|n\/a|nan|-inf|)$/i;
const MAX_TROOPS = 100_000;
const MAX_TEXT = 200;

type Cell<T> = { value: T } | { issue: string; code: string };

function textCell(raw: string): Cell<string> {
  const text = raw.trim();
  if (text === '' || /^na$/i.test(text)) return { issue: 'is empty', code: 'required' };
  // Control characters (a NUL, a stray escape) are not part of a name.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return { issue: 'holds a control character', code: 'invalid_text' };
  if (text.length > MAX_TEXT) return { issue: `is longer than ${MAX_TEXT} characters`, code: 'too_long' };
  return { value: text };
}

/** A whole number of people (or a code): written as digits, `1300` or `1300.0`; NA is null. */
function wholeCell(raw: string, max: number): Cell<number | null> {
  const text = raw.trim();
  if (MISSING.test(text)) return { value: null };
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return { issue: `"${text}" is not a number`, code: 'invalid_number' };
  const value = Number(text);
  if (!Number.isInteger(value)) return { issue: `${text} is not a whole number`, code: 'invalid_number' };
  if (value < 0) return { issue: `${text} is negative`, code: 'invalid_number' };
  if (value > max) return { issue: `${text} is more than ${max.toLocaleString('en-GB')}`, code: 'out_of_range' };
  return { value };
}

function presenceCell(raw: string): Cell<boolean | null> {
  const reading = wholeCell(raw, Number.MAX_SAFE_INTEGER);
  if ('issue' in reading) return reading;
  if (reading.value === null) return { value: null };
  if (reading.value > 1) return { issue: `${raw.trim()} is not 0 or 1 (present or not)`, code: 'out_of_range' };
  return { value: reading.value === 1 };
}

function coordinateCell(raw: string, limit: 90 | 180): Cell<number | null> {
  const text = raw.trim();
  if (MISSING.test(text)) return { value: null };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { issue: `"${text}" is not a number`, code: 'invalid_coordinate' };
  const value = Number(text);
  if (Math.abs(value) > limit) return { issue: `${text} is outside −${limit}…${limit}`, code: 'invalid_coordinate' };
  return { value };
}

export type GeoPkoRowReading = { row: GeoPkoRow } | { rejected: RejectedRow };

/** One data row of the table (`rowNumber` as a user finds it: the header is row 1), every problem named by column. */
export function geoPkoRowOf(cells: readonly (string | undefined)[], rowNumber: number, table: GeoPkoTable): GeoPkoRowReading {
  const issues: RowIssue[] = [];
  const raw = (field: GeoPkoField) => {
    const at = table[field];
    return at ? (cells[at.index] ?? '') : 'NA';
  };
  const read = <T>(field: GeoPkoField, reading: Cell<T>): T | undefined => {
    if ('issue' in reading) {
      issues.push({ path: table[field]?.column ?? GEO_PKO_COLUMN_NAMES[field], message: reading.issue, code: reading.code });
      return undefined;
    }
    return reading.value;
  };
  const mission = read('mission', textCell(raw('mission')));
  const country = read('country', textCell(raw('country')));
  const location = read('location', textCell(raw('location')));
  const yearText = raw('year').trim();
  const year = /^\d{4}$/.test(yearText) && Number(yearText) >= 1945 && Number(yearText) <= 2100 ? Number(yearText) : undefined;
  if (year === undefined) issues.push({ path: table.year!.column, message: yearText ? `"${yearText}" is not a year (1945–2100)` : 'is empty', code: 'invalid_year' });
  const latitude = read('latitude', coordinateCell(raw('latitude'), 90));
  const longitude = read('longitude', coordinateCell(raw('longitude'), 180));
  if (latitude !== undefined && longitude !== undefined) {
    if ((latitude === null) !== (longitude === null)) issues.push({ path: (latitude === null ? table.latitude : table.longitude)!.column, message: 'is missing while the other coordinate is given', code: 'invalid_coordinate' });
    else if (latitude === 0 && longitude === 0) issues.push({ path: table.latitude!.column, message: '0, 0 is not a place (a missing position written as zeros?)', code: 'invalid_coordinate' });
  }
  const infantry = read('infantry', wholeCell(raw('infantry'), MAX_TROOPS));
  const troopsOnMap = read('troopsOnMap', wholeCell(raw('troopsOnMap'), MAX_TROOPS));
  const reserve = read('reserve', wholeCell(raw('reserve'), MAX_TROOPS));
  const averageTroops = read('averageTroops', wholeCell(raw('averageTroops'), MAX_TROOPS));
  const hqReading = wholeCell(raw('hq'), Number.MAX_SAFE_INTEGER);
  const hq = read('hq', 'value' in hqReading && hqReading.value !== null && hqReading.value > 3 ? { issue: `${raw('hq').trim()} is not an HQ level (0 none, 1 lower-level, 2 sector, 3 mission)`, code: 'out_of_range' } : hqReading);
  const avReading = wholeCell(raw('aviation'), Number.MAX_SAFE_INTEGER);
  const aviation = read('aviation', 'value' in avReading && avReading.value !== null && avReading.value > 2 ? { issue: `${raw('aviation').trim()} is not 0, 1 or 2 (kinds of aviation unit present)`, code: 'out_of_range' } : avReading);
  const police = read('police', presenceCell(raw('police')));
  const medical = read('medical', presenceCell(raw('medical')));
  const observers = read('observers', presenceCell(raw('observers')));
  if (issues.length > 0) return { rejected: { rowNumber, issues } };
  const found = lookUpCountry(country!);
  return {
    row: {
      mission: mission!,
      year: year!,
      country: country!,
      countryCode: 'code' in found ? found.code : null,
      location: location!,
      latitude: latitude!,
      longitude: longitude!,
      infantry: infantry!,
      troopsOnMap: troopsOnMap!,
      reserve: reserve!,
      hq: hq!,
      police: police!,
      medical: medical!,
      aviation: aviation!,
      observers: observers!,
      averageTroops: averageTroops!,
    },
  };
}

/**
 * A place in a mission's year: the table's rows for it (one per distinct map figure) brought together. The year's
 * figures are the table's own (each row repeats them); the per-map troop figures give a range; the HQ is the highest
 * level any map showed; the position is the first row's (a few places move by some hundred metres between maps).
 */
export interface PeaceOperationLocationYear {
  mission: string;
  year: number;
  country: string;
  countryCode: string | null;
  location: string;
  latitude: number | null;
  longitude: number | null;
  infantry: number | null;
  reserve: number | null;
  averageTroops: number | null;
  troopsOnMapsMin: number | null;
  troopsOnMapsMax: number | null;
  hqLevel: number | null;
  police: boolean | null;
  medical: boolean | null;
  aviation: number | null;
  observers: boolean | null;
  /** How many rows of the file the place-year was made from. */
  rows: number;
}

export const locationYearKey = (r: Pick<PeaceOperationLocationYear, 'mission' | 'year' | 'country' | 'location'>): string => `${r.mission}\u0000${r.year}\u0000${r.country}\u0000${r.location}`;

/** The figures every row of a place-year repeats: rows that disagree on one are not the same table. */
const YEAR_FIGURES = ['infantry', 'reserve', 'averageTroops', 'police', 'medical', 'aviation', 'observers'] as const satisfies readonly GeoPkoField[];

/**
 * The rows brought together by mission, year, country and place. A row that gives a place-year other yearly figures
 * than an earlier row is refused, naming the column and the earlier row: the table's rows of one place-year differ
 * only in the per-map figures (troops on the map, HQ, position).
 */
export function locationYearsOf(rows: readonly { row: GeoPkoRow; rowNumber: number }[], table: GeoPkoTable): { locationYears: PeaceOperationLocationYear[]; rejected: RejectedRow[] } {
  const byKey = new Map<string, { first: number; value: PeaceOperationLocationYear; firstRow: GeoPkoRow }>();
  const rejected: RejectedRow[] = [];
  for (const { row, rowNumber } of rows) {
    const key = locationYearKey(row);
    const held = byKey.get(key);
    if (!held) {
      byKey.set(key, {
        first: rowNumber,
        firstRow: row,
        value: {
          mission: row.mission,
          year: row.year,
          country: row.country,
          countryCode: row.countryCode,
          location: row.location,
          latitude: row.latitude,
          longitude: row.longitude,
          infantry: row.infantry,
          reserve: row.reserve,
          averageTroops: row.averageTroops,
          troopsOnMapsMin: row.troopsOnMap,
          troopsOnMapsMax: row.troopsOnMap,
          hqLevel: row.hq,
          police: row.police,
          medical: row.medical,
          aviation: row.aviation,
          observers: row.observers,
          rows: 1,
        },
      });
      continue;
    }
    const issues: RowIssue[] = YEAR_FIGURES.filter((f) => row[f] !== held.firstRow[f]).map((f) => ({
      path: table[f]?.column ?? GEO_PKO_COLUMN_NAMES[f],
      code: 'inconsistent',
      message: `${String(row[f] ?? 'NA')} where row ${held.first} gives ${String(held.firstRow[f] ?? 'NA')} for ${row.mission} ${row.year} at ${row.location}: a place's yearly figures are the same on each of its rows`,
    }));
    if (issues.length > 0) {
      rejected.push({ rowNumber, issues });
      continue;
    }
    const v = held.value;
    v.rows++;
    if (row.troopsOnMap !== null) {
      v.troopsOnMapsMin = v.troopsOnMapsMin === null ? row.troopsOnMap : Math.min(v.troopsOnMapsMin, row.troopsOnMap);
      v.troopsOnMapsMax = v.troopsOnMapsMax === null ? row.troopsOnMap : Math.max(v.troopsOnMapsMax, row.troopsOnMap);
    }
    if (row.hq !== null) v.hqLevel = v.hqLevel === null ? row.hq : Math.max(v.hqLevel, row.hq);
  }
  return { locationYears: [...byKey.values()].map((h) => h.value), rejected };
}
