import { z } from 'zod';
import { countryCodeSchema, CULTURAL_PROTECTION_LEVELS, PROTECTION_BASES, SITE_CATEGORIES, SITE_STATUSES, siteInputSchema, type SiteData, type SiteStatus } from './site.schema.js';
import { datasetNameSchema } from './place-source.js';
import { countryFromCell, keyedRow, lookupValue, pointFromCells, readRecords, validateRow, type CellIssue, type KeyedRow, type MappedRow, type RecordReader } from './place-record.js';
import { DEFAULT_PLACE_FIELDS, DEFAULT_TYPE_FIELDS, firstValue, NAME_TO_COMPOSE, withComposedName } from './site-identity.js';

const columnName = z.string().trim().min(1, 'must name a column').max(200);
const category = z.enum(SITE_CATEGORIES, { error: `must be one of ${SITE_CATEGORIES.join(', ')}` });
const status = z.enum(SITE_STATUSES, { error: `must be one of ${SITE_STATUSES.join(', ')}` });

/**
 * How the columns of a CSV file become sites (docs/formats/sites.md). Columns are named by their header text; values
 * of the category and status columns are translated through `categoryValues` and `statusValues`.
 */
export const siteCsvMappingSchema = z
  .object({
    dataset: datasetNameSchema,
    columns: z.object({
      name: columnName,
      lat: columnName.optional(),
      lon: columnName.optional(),
      /** A GeoJSON geometry as JSON text (for areas), instead of lat and lon. */
      geometry: columnName.optional(),
      category: columnName.optional(),
      externalId: columnName.optional(),
      country: columnName.optional(),
      admin1: columnName.optional(),
      status: columnName.optional(),
      culturalProtection: columnName.optional(),
      /** Bases separated by commas or semicolons. */
      protectionBasis: columnName.optional(),
      notes: columnName.optional(),
      description: columnName.optional(),
      url: columnName.optional(),
      /** Where an unnamed site is (for its composed name): a column, or columns read in turn. */
      place: z.union([columnName, z.array(columnName).min(1).max(20)]).optional(),
    }),
    /** The category of every row, or of rows whose category cell is empty. */
    category: category.optional(),
    /** Source value → category (matched ignoring case and surrounding space). */
    categoryValues: z.record(z.string(), category).optional(),
    statusValues: z.record(z.string(), status).optional(),
    /** The country of every row, or of rows whose country cell is empty. */
    country: countryCodeSchema.optional(),
    protectionBasis: z.array(z.enum(PROTECTION_BASES)).optional(),
  })
  .refine((m) => m.columns.geometry !== undefined || (m.columns.lat !== undefined && m.columns.lon !== undefined), {
    message: 'name the lat and lon columns, or a geometry column',
    path: ['columns'],
  })
  .refine((m) => m.columns.category !== undefined || m.category !== undefined, { message: 'name a category column, or give the category of every row', path: ['category'] });
export type SiteCsvMapping = z.output<typeof siteCsvMappingSchema>;

/** Status words found in real lists, beyond Haven's own. */
const STATUS_SYNONYMS: Readonly<Record<string, SiteStatus>> = {
  functional: 'functioning',
  operational: 'functioning',
  open: 'functioning',
  active: 'functioning',
  'partially functioning': 'damaged',
  'partially damaged': 'damaged',
  'non-functional': 'closed',
  'not functioning': 'closed',
  inactive: 'closed',
};

/** A status cell: the user's table, Haven's own words, common synonyms; anything else is `unknown`, never a rejection. */
export function statusFromCell(text: string, table?: Readonly<Record<string, SiteStatus>>): SiteStatus {
  const t = text.trim().toLowerCase();
  return lookupValue(table, t) ?? SITE_STATUSES.find((s) => s === t) ?? STATUS_SYNONYMS[t] ?? 'unknown';
}

/** Maps the rows of a CSV file (the first row is the header) with a column mapping; never throws. */
export function mapSiteCsv(rows: readonly (readonly string[])[], mapping: SiteCsvMapping): MappedRow<SiteData>[] {
  return readRecords(siteCsvReader(mapping), rows);
}

/**
 * Reads a CSV file record by record with a column mapping: the first record is the header; a header without a mapped
 * column refuses the file (row 1, naming the column).
 */
export function siteCsvReader(mapping: SiteCsvMapping): RecordReader<SiteData> {
  let header: string[] | undefined;
  const read: RecordReader<SiteData>['read'] = (record, index) => {
    if (!header) {
      header = record.map((h) => h.trim());
      const named = Object.entries(mapping.columns).flatMap(([field, column]) => (column === undefined ? [] : (Array.isArray(column) ? column : [column]).map((c) => [field, c] as const)));
      const missing = named.filter(([, column]) => !header!.includes(column));
      if (missing.length === 0) return {};
      return { stop: true, mapped: { row: 1, ok: false, rejections: missing.map(([field, column]) => ({ row: 1, field: column, message: `the mapping reads ${field} from column "${column}", which the header does not have` })) } };
    }
    const keyed = keyedRow(header, record, index);
    return keyed ? { mapped: mapSiteCsvRow(keyed, mapping) } : {};
  };
  return { read, end: () => undefined };
}

export function mapSiteCsvRow({ row, cells }: KeyedRow, mapping: SiteCsvMapping): MappedRow<SiteData> {
  const c = mapping.columns;
  const cell = (column: string | undefined) => (column === undefined ? '' : (cells[column] ?? ''));
  const issues: CellIssue[] = [];

  let geometry: unknown;
  if (c.geometry && cell(c.geometry) !== '') {
    try {
      geometry = JSON.parse(cell(c.geometry));
    } catch {
      issues.push({ field: c.geometry, message: 'is not a GeoJSON geometry (JSON text)' });
    }
  } else if (c.lat && c.lon) {
    const placed = pointFromCells({ column: c.lat, text: cell(c.lat) }, { column: c.lon, text: cell(c.lon) });
    issues.push(...placed.issues);
    geometry = placed.point;
  } else {
    issues.push({ field: c.geometry ?? 'geometry', message: 'the geometry is missing: a place without coordinates cannot be placed on the map or near anything' });
  }

  const categoryText = cell(c.category);
  let siteCategory: string | undefined = mapping.category;
  if (categoryText !== '') {
    siteCategory = lookupValue(mapping.categoryValues, categoryText) ?? SITE_CATEGORIES.find((k) => k === categoryText.toLowerCase());
    if (!siteCategory) issues.push({ field: c.category!, message: `"${categoryText}" is not a site category: map it in categoryValues, or use one of ${SITE_CATEGORIES.join(', ')}` });
  }

  const countryText = cell(c.country);
  const country = countryText === '' ? mapping.country : countryFromCell(countryText);
  if (countryText !== '' && !country) issues.push({ field: c.country!, message: `"${countryText}" is not a country (ISO 3166-1 alpha-3, alpha-2 or English name)` });

  const protectionText = cell(c.protectionBasis);
  const cultural = cell(c.culturalProtection).toLowerCase();
  const unnamed = cell(c.name) === '';
  const candidate: Record<string, unknown> = {
    name: unnamed ? NAME_TO_COMPOSE : cell(c.name),
    category: siteCategory,
    geometry,
    ...(cultural !== '' && { culturalProtection: CULTURAL_PROTECTION_LEVELS.find((l) => l === cultural) ?? cultural }),
    ...(country && { country }),
    ...(cell(c.admin1) !== '' && { admin1: cell(c.admin1) }),
    ...(protectionText !== ''
      ? { protectionBasis: protectionText.split(/[;,]/).map((b) => b.trim()).filter(Boolean) }
      : mapping.protectionBasis && { protectionBasis: mapping.protectionBasis }),
    status: statusFromCell(cell(c.status), mapping.statusValues),
    source: {
      dataset: mapping.dataset,
      ...(cell(c.externalId) !== '' && { externalId: cell(c.externalId) }),
      ...(cell(c.description) !== '' && { description: cell(c.description) }),
      ...(cell(c.url) !== '' && { url: cell(c.url) }),
    },
    ...(cell(c.notes) !== '' && { notes: cell(c.notes) }),
  };
  const columnOf = (path: string): string | undefined => {
    if (path.startsWith('geometry')) return c.geometry ?? c.lat;
    if (path === 'source.externalId') return c.externalId;
    if (path === 'source.url') return c.url;
    if (path === 'source.description') return c.description;
    const column = Object.entries(c).find(([field]) => field === path)?.[1];
    return Array.isArray(column) ? column[0] : column;
  };
  const mapped = validateRow(siteInputSchema, row, candidate, issues, columnOf);
  if (!unnamed) return mapped;
  const byName = (column: string) => cells[column] ?? '';
  const type = firstValue([...(c.category ? [c.category] : []), ...DEFAULT_TYPE_FIELDS], byName);
  const place = firstValue(c.place === undefined ? [...DEFAULT_PLACE_FIELDS, ...(c.admin1 ? [c.admin1] : [])] : Array.isArray(c.place) ? c.place : [c.place], byName);
  return withComposedName(mapped, type, place);
}
