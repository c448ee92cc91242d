import { z } from 'zod';
import { countryCodeSchema, CULTURAL_PROTECTION_LEVELS, PROTECTION_BASES, SITE_CATEGORIES, SITE_STATUSES, siteInputSchema, type SiteData, type SiteStatus } from './site.schema.js';
import { datasetNameSchema } from './place-source.js';
import { countryFromCell, keyedRows, lookupValue, pointFromCells, validateRow, type CellIssue, type KeyedRow, type MappedRow } from './place-record.js';

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
  const { header, rows: keyed } = keyedRows(rows);
  const missing = Object.entries(mapping.columns).filter(([, column]) => column !== undefined && !header.includes(column));
  if (missing.length > 0) {
    return [{ row: 1, ok: false, rejections: missing.map(([field, column]) => ({ row: 1, field: column, message: `the mapping reads ${field} from column "${column}", which the header does not have` })) }];
  }
  return keyed.map((r) => mapSiteCsvRow(r, mapping));
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
  const candidate: Record<string, unknown> = {
    name: cell(c.name),
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
    return Object.entries(c).find(([field]) => field === path)?.[1];
  };
  return validateRow(siteInputSchema, row, candidate, issues, columnOf);
}
