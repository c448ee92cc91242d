import { z } from 'zod';
import { alpha3FromAlpha2, alpha3FromName, isCountryCode } from '../countries.js';
import type { FieldIssue } from '../errors.js';
import type { CarriedField } from '../incident-merge.js';
import { incidentInputSchema, type CasualtyCount, type IncidentInput } from '../incident.schema.js';
import {
  ACTOR_ROLES,
  ACTOR_TYPES,
  CASUALTY_GROUPS,
  CASUALTY_KINDS,
  CATEGORIES,
  CATEGORY_DEFINITIONS,
  INFORMATION_CREDIBILITIES,
  LOCATION_PRECISIONS,
  PERSON_STATUSES,
  SOURCE_RELIABILITIES,
  SOURCE_TYPES,
  THEMES,
  VIOLENCE_TYPES,
  themesOfCategory,
  type Category,
  type Theme,
} from '../taxonomy.js';
import { parseDateWindow, type DateWindow } from './dates.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';

/**
 * A named column mapping: how the columns of a CSV file or a spreadsheet that Haven does not recognise become
 * incidents. Users build one in the import dialog (or write it as JSON) and keep it as a preset; documented in
 * docs/formats/spreadsheets.md.
 */

const column = z.string().trim().min(1, 'name a column').max(200);
export const DATE_ORDERS = ['iso', 'dmy', 'mdy', 'excel-serial'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

const datasetName = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case data set name (a-z, 0-9, . _ -)');

export const columnMappingSchema = z
  .object({
    name: z.string().trim().min(1, 'give the mapping a name').max(100),
    /** The data set the records come from: with the external id (or the content key) it identifies a record on re-import. */
    dataset: datasetName,
    /** The column holding the data set's own record id; without one, a row is known by its content. */
    externalId: column.optional(),
    title: column.optional(),
    /** Columns joined into the narrative, each line "column: value". */
    narrative: z.array(column).max(30).default([]),
    date: z.union([z.object({ column }), z.object({ earliest: column, latest: column })]),
    dateOrder: z.enum(DATE_ORDERS),
    country: z.object({
      column,
      as: z.enum(['name', 'iso3', 'iso2']),
      /** Names the file uses that the ISO list does not (e.g. "occupied Palestinian territory") → ISO alpha-3. */
      values: z.record(z.string().trim().min(1).max(200), z.string().trim().toUpperCase().refine(isCountryCode, 'must be an ISO 3166-1 alpha-3 country code')).default({}),
    }),
    admin1: column.optional(),
    admin2: column.optional(),
    place: column.optional(),
    coordinates: z.object({ lat: column, lon: column, precision: z.enum(LOCATION_PRECISIONS).default('exact') }).optional(),
    /** Themes every record gets (the categories add their own). */
    themes: z.array(z.enum(THEMES)).max(THEMES.length).default([]),
    violenceType: z.enum(VIOLENCE_TYPES).optional(),
    categories: z
      .array(
        z.object({
          column,
          /** Splits a cell holding several values ("Facility; Personnel"). Empty: the cell is one value. */
          separator: z.string().max(5).default(''),
          /** Source value (compared trimmed, case-insensitively) → Haven categories; an empty list ignores the value. */
          values: z.record(z.string().trim().min(1).max(200), z.array(z.enum(CATEGORIES)).max(10)),
        }),
      )
      .max(10)
      .default([]),
    /**
     * One column per count. With `group`, the column counts the part of a kind and status who belong to the group
     * (health workers killed): the total comes from the column of the same kind and status without a group, or, where
     * the mapping has none or its cell is empty, is taken as the sum of the groups' counts.
     */
    casualties: z
      .array(z.object({ column, kind: z.enum(CASUALTY_KINDS), status: z.enum(PERSON_STATUSES), group: z.enum(CASUALTY_GROUPS).optional() }))
      .max(40)
      .default([]),
    actors: z
      .array(z.object({ column, actorType: z.enum(ACTOR_TYPES), role: z.enum(ACTOR_ROLES), separator: z.string().max(5).default('') }))
      .max(10)
      .default([]),
    source: z.object({
      sourceType: z.enum(SOURCE_TYPES).default('dataset'),
      /** Used when the description column is empty, or when there is none. */
      description: z.string().trim().min(1).max(1000),
      descriptionColumn: column.optional(),
      reliability: z.enum(SOURCE_RELIABILITIES),
      credibility: z.literal(INFORMATION_CREDIBILITIES),
    }),
  })
  .superRefine((m, ctx) => {
    const counted = new Set<string>();
    m.casualties.forEach((c, i) => {
      const key = `${c.kind}/${c.status}/${c.group ?? ''}`;
      const what = `${c.kind} ${c.status}${c.group ? ` (${c.group})` : ''}`;
      if (counted.has(key)) ctx.addIssue({ code: 'custom', path: ['casualties', i], message: `${what} is already counted from another column; one column per kind, status and group` });
      counted.add(key);
    });
    if (m.themes.length === 0 && m.categories.length === 0 && !m.violenceType) {
      ctx.addIssue({ code: 'custom', path: ['themes'], message: 'give at least one theme, a category column or the type of violence' });
    }
  });
export type ColumnMapping = z.output<typeof columnMappingSchema>;
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

/** Every column a mapping reads, so a file lacking one is refused before any row is mapped. */
export function mappedColumns(m: ColumnMapping): string[] {
  const names = [
    m.externalId,
    m.title,
    ...m.narrative,
    ...('column' in m.date ? [m.date.column] : [m.date.earliest, m.date.latest]),
    m.country.column,
    m.admin1,
    m.admin2,
    m.place,
    m.coordinates?.lat,
    m.coordinates?.lon,
    ...m.categories.map((c) => c.column),
    ...m.casualties.map((c) => c.column),
    ...m.actors.map((a) => a.column),
    m.source.descriptionColumn,
  ];
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** The mapping's columns the header lacks (compared trimmed and case-insensitively). */
export function missingColumns(m: ColumnMapping, header: readonly string[]): string[] {
  const have = new Set(header.map(normalise));
  return mappedColumns(m).filter((c) => !have.has(normalise(c)));
}

const normalise = (name: string) => name.trim().toLowerCase();

const pad = (n: number) => String(n).padStart(2, '0');
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * One cell as a date, in the order the mapping names. ISO dates are read in every order (they are unambiguous);
 * `excel-serial` reads the day number a spreadsheet stores (1900 date system, serial 61 = 1900-03-01).
 */
export function readMappedDate(text: string, order: DateOrder): DateWindow | undefined {
  const value = text.trim();
  if (/^\d{4}-\d{2}(-\d{2})?([T ].*)?$/.test(value)) return parseDateWindow(value);
  // A bare year, except where a bare number is a day number (serial 1000–9999 is a day in 1902–1927).
  if (/^\d{4}$/.test(value) && order !== 'excel-serial') return parseDateWindow(value);
  if (order === 'excel-serial') {
    if (!/^\d{1,6}(\.\d+)?$/.test(value)) return undefined;
    const serial = Math.floor(Number(value));
    // Serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year error, kept by Excel).
    if (serial < 1 || serial === 60) return undefined;
    const day = new Date(EXCEL_EPOCH + (serial < 60 ? serial + 1 : serial) * 86_400_000);
    return parseDateWindow(`${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`);
  }
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T][\d:.]+)?$/.exec(value);
  if (!m || order === 'iso') return undefined;
  const [a, b, y] = [Number(m[1]), Number(m[2]), m[3]!];
  const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
  return parseDateWindow(`${y}-${pad(mo)}-${pad(d)}`);
}

function readCountry(text: string, { as, values }: ColumnMapping['country']): string | undefined {
  const value = text.trim();
  const named = Object.entries(values).find(([name]) => normalise(name) === normalise(value));
  if (named) return named[1];
  if (as === 'iso3') return isCountryCode(value.toUpperCase()) ? value.toUpperCase() : undefined;
  if (as === 'iso2') return alpha3FromAlpha2(value);
  return alpha3FromName(value);
}

function readCount(text: string): number | undefined | null {
  const value = text.trim();
  if (value === '') return undefined;
  return /^\d+(\.0+)?$/.test(value) ? Number(value) : null;
}

export interface MapRowOptions {
  /** A representative point of the country (lat, lon), for records the file places only by country. */
  countryPoint: (alpha3: string) => readonly [number, number] | undefined;
  /** The key a row without an external id is known by (e.g. a hash of its cells). */
  contentKey: string;
}

/**
 * One row, keyed by the file's own column names, into an incident. Every problem names the file's column; the
 * incident schema checks the rest when the record is stored.
 */
export function mapRow(mapping: ColumnMapping, row: Readonly<Record<string, string>>, options: MapRowOptions): MappedRecord {
  const issues: FieldIssue[] = [];
  const byName = new Map(Object.entries(row).map(([k, v]) => [normalise(k), v]));
  const get = (name: string | undefined) => (name === undefined ? '' : (byName.get(normalise(name)) ?? '').trim());
  const carried = new Set<CarriedField>(['title', 'dateEarliest', 'dateLatest', 'datePrecision', 'location', 'themes', 'categories', 'casualties', 'actors', 'sources']);

  const externalId = mapping.externalId ? get(mapping.externalId) : options.contentKey;
  if (mapping.externalId && !externalId) issues.push(columnIssue(mapping.externalId, 'is empty; the record needs its id to be matched on re-import'));

  let window: DateWindow | undefined;
  if ('column' in mapping.date) {
    window = readMappedDate(get(mapping.date.column), mapping.dateOrder);
    if (!window) issues.push(columnIssue(mapping.date.column, dateProblem(get(mapping.date.column), mapping.dateOrder)));
  } else {
    const earliest = readMappedDate(get(mapping.date.earliest), mapping.dateOrder);
    const latest = get(mapping.date.latest) === '' ? earliest : readMappedDate(get(mapping.date.latest), mapping.dateOrder);
    if (!earliest) issues.push(columnIssue(mapping.date.earliest, dateProblem(get(mapping.date.earliest), mapping.dateOrder)));
    if (!latest) issues.push(columnIssue(mapping.date.latest, dateProblem(get(mapping.date.latest), mapping.dateOrder)));
    if (earliest && latest) {
      if (latest.latest < earliest.earliest) issues.push(columnIssue(mapping.date.latest, `${latest.latest} is before the earliest date (${earliest.earliest})`));
      const precision = earliest.earliest === latest.latest ? 'day' : earliest.precision === 'year' || latest.precision === 'year' ? 'year' : 'days';
      window = { earliest: earliest.earliest, latest: latest.latest, precision };
    }
  }

  const countryText = get(mapping.country.column);
  const country = readCountry(countryText, mapping.country);
  if (!country) {
    const expected = { name: 'a country name in English', iso3: 'an ISO 3166-1 alpha-3 code', iso2: 'an ISO 3166-1 alpha-2 code' }[mapping.country.as];
    issues.push(columnIssue(mapping.country.column, countryText ? `"${countryText}" is not ${expected}` : `is empty; every record needs its country (${expected})`));
  }
  let point: readonly [number, number] | undefined;
  let precision = mapping.coordinates?.precision ?? 'country';
  const lat = get(mapping.coordinates?.lat);
  const lon = get(mapping.coordinates?.lon);
  if (mapping.coordinates && (lat !== '' || lon !== '')) {
    const [y, x] = [Number(lat), Number(lon)];
    if (lat === '' || !Number.isFinite(y) || y < -90 || y > 90) issues.push(columnIssue(mapping.coordinates.lat, `"${lat}" is not a latitude (−90 to 90)`));
    else if (lon === '' || !Number.isFinite(x) || x < -180 || x > 180) issues.push(columnIssue(mapping.coordinates.lon, `"${lon}" is not a longitude (−180 to 180)`));
    else point = [y, x];
  }
  if (!point && country) {
    // Placed by country only: the country's representative point, marked as such, never a position of its own.
    precision = 'country';
    point = options.countryPoint(country);
    if (!point) issues.push(columnIssue(mapping.country.column, `Haven has no map shape for ${country} to place a country-level record in`));
  }

  const categories = new Set<Category>();
  for (const c of mapping.categories) {
    const cell = get(c.column);
    if (!cell) continue;
    const values = new Map(Object.entries(c.values).map(([k, v]) => [normalise(k), v]));
    for (const part of c.separator ? cell.split(c.separator) : [cell]) {
      const value = part.trim();
      if (!value) continue;
      const mapped = values.get(normalise(value));
      if (mapped === undefined) issues.push(columnIssue(c.column, `"${value}" is not among the values this mapping knows (${[...values.keys()].join(', ') || 'none'})`));
      else mapped.forEach((category) => categories.add(category));
    }
  }
  const themes = new Set<Theme>(mapping.themes);
  for (const category of categories) if (!themesOfCategory(category).some((t) => themes.has(t))) themes.add(themesOfCategory(category)[0]!);

  const casualties = mapCasualties(mapping, get, issues);

  const actors = mapping.actors.flatMap((a) =>
    (a.separator ? get(a.column).split(a.separator) : [get(a.column)])
      .map((name) => name.trim())
      .filter((name) => name !== '')
      .map((name) => ({ name: name.slice(0, 300), actorType: a.actorType, role: a.role })),
  );

  const narrative = mapping.narrative
    .map((name) => [name, get(name)] as const)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const where = [get(mapping.place), get(mapping.admin2), get(mapping.admin1)].find((v) => v !== '') ?? countryText;
  const what = [...categories].map((c) => CATEGORY_DEFINITIONS[c].label).join(', ') || 'Incident';
  const title = (get(mapping.title) || `${what} in ${where}${window ? ` on ${window.earliest}` : ''}`).slice(0, 300);

  const input: IncidentInput = {
    title,
    narrative,
    dateEarliest: window?.earliest ?? '',
    dateLatest: window?.latest ?? '',
    datePrecision: window?.precision ?? 'day',
    location: {
      lat: point?.[0] ?? Number.NaN,
      lon: point?.[1] ?? Number.NaN,
      precision,
      country: country ?? countryText,
      ...(get(mapping.admin1) && { admin1: get(mapping.admin1) }),
      ...(get(mapping.admin2) && { admin2: get(mapping.admin2) }),
      ...(get(mapping.place) && { placeName: get(mapping.place) }),
    },
    themes: [...themes],
    categories: [...categories],
    ...(mapping.violenceType && { violenceType: mapping.violenceType }),
    actors,
    casualties,
    sources: [
      {
        ref: 'S1',
        sourceType: mapping.source.sourceType,
        description: (get(mapping.source.descriptionColumn) || mapping.source.description).slice(0, 1000),
        reliability: mapping.source.reliability,
        credibility: mapping.source.credibility,
      },
    ],
    origin: { dataset: mapping.dataset, externalId: externalId.slice(0, 200) },
  };
  if (narrative) carried.add('narrative');
  if (mapping.violenceType) carried.add('violenceType');
  return { input, issues, carried };
}

/**
 * The counts of a row. A group count (health workers killed) is a part of the count of everyone of its kind and
 * status: that count comes from its own column, or, where the mapping has none or the cell is empty, is the sum of the
 * groups' counts (a source that reports only health workers still records that many people killed). A group count
 * larger than its total's cell is refused, naming both columns.
 */
function mapCasualties(mapping: ColumnMapping, get: (name: string) => string, issues: FieldIssue[]): CasualtyCount[] {
  const counts = new Map<ColumnMapping['casualties'][number], number | undefined>();
  for (const c of mapping.casualties) {
    const text = get(c.column);
    const n = readCount(text);
    if (n === null) issues.push(columnIssue(c.column, `"${text}" is not a whole number of people`));
    else counts.set(c, n);
  }
  type Mapped = ColumnMapping['casualties'][number];
  const cell = ({ kind, status, group }: Pick<Mapped, 'kind' | 'status' | 'group'>, n: number): CasualtyCount => ({
    kind,
    status,
    ...(group !== undefined && { group }),
    low: n,
    best: n,
    high: n,
    breakdown: [],
  });
  const out: CasualtyCount[] = [];
  const wholes = mapping.casualties.filter((c) => c.group === undefined);
  for (const whole of wholes) {
    const n = counts.get(whole);
    if (n !== undefined && n > 0) out.push(cell(whole, n));
  }
  const groups = mapping.casualties.filter((c) => c.group !== undefined && (counts.get(c) ?? 0) > 0);
  const derived = new Map<string, { kind: Mapped['kind']; status: Mapped['status']; n: number }>();
  for (const part of groups) {
    const n = counts.get(part)!;
    out.push(cell(part, n));
    const whole = wholes.find((w) => w.kind === part.kind && w.status === part.status);
    const total = whole ? counts.get(whole) : undefined;
    if (whole && total !== undefined) {
      if (n > total) issues.push(columnIssue(part.column, `${n} is more than "${whole.column}" (${total}); the ${part.group!.replace('_', ' ')}s are counted among them, not beside them`));
    } else if (!whole || !issues.some((i) => i.path === whole.column)) {
      const key = `${part.kind}/${part.status}`;
      derived.set(key, { kind: part.kind, status: part.status, n: (derived.get(key)?.n ?? 0) + n });
    }
  }
  for (const total of derived.values()) out.push(cell({ kind: total.kind, status: total.status }, total.n));
  return out;
}

function dateProblem(text: string, order: DateOrder): string {
  if (text === '') return 'is empty; every record needs its date';
  const expected = { iso: 'YYYY-MM-DD', dmy: 'DD/MM/YYYY (or YYYY-MM-DD)', mdy: 'MM/DD/YYYY (or YYYY-MM-DD)', 'excel-serial': 'a spreadsheet day number (or YYYY-MM-DD)' }[order];
  return `"${text}" is not a date as ${expected}`;
}

/** The file's column a field of the incident comes from, for a problem the incident schema finds. */
export function columnOfField(mapping: ColumnMapping, input: IncidentInput, path: readonly PropertyKey[]): string | undefined {
  const [head, second] = path.map(String);
  const dates = 'column' in mapping.date ? [mapping.date.column, mapping.date.column] : [mapping.date.earliest, mapping.date.latest];
  switch (head ?? '') {
    case 'title':
      return mapping.title;
    case 'narrative':
      return mapping.narrative[0];
    case 'dateEarliest':
    case 'datePrecision':
      return dates[0];
    case 'dateLatest':
      return dates[1];
    case 'location':
      if (second === 'lat') return mapping.coordinates?.lat ?? mapping.country.column;
      if (second === 'lon') return mapping.coordinates?.lon ?? mapping.country.column;
      if (second === 'admin1') return mapping.admin1;
      if (second === 'admin2') return mapping.admin2;
      if (second === 'placeName') return mapping.place;
      return mapping.country.column;
    case 'themes':
    case 'categories':
      return mapping.categories[0]?.column;
    case 'casualties': {
      const count = input.casualties?.[Number(second)];
      const same = mapping.casualties.filter((c) => c.kind === count?.kind && c.status === count.status);
      // A total taken from its groups has no column of its own: the first group's column stands for it.
      return (same.find((c) => c.group === count?.group) ?? same.find((c) => c.group !== undefined))?.column;
    }
    case 'actors':
      return mapping.actors.length === 1 ? mapping.actors[0]!.column : undefined;
    case 'sources':
      return mapping.source.descriptionColumn;
    case 'origin':
      return mapping.externalId;
    default:
      return undefined;
  }
}

/**
 * A row mapped and checked against the incident schema, every problem named by the file's column (or, where no
 * column feeds the field, by the field and the mapping setting it). What the preview shows is what the import does.
 */
export function mapAndCheckRow(mapping: ColumnMapping, row: Readonly<Record<string, string>>, options: MapRowOptions): MappedRecord {
  const mapped = mapRow(mapping, row, options);
  if (mapped.issues.length) return mapped;
  const parsed = incidentInputSchema.safeParse(mapped.input);
  if (parsed.success) return { ...mapped, checked: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const column = columnOfField(mapping, mapped.input, issue.path);
    const field = issue.path.map(String).join('.');
    return column ? columnIssue(column, `${issue.message} (as ${field})`) : { path: field, code: 'invalid', message: `${issue.message} (set by the mapping "${mapping.name}")` };
  });
  return { ...mapped, issues };
}
