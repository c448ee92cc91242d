import { HASHTAG_ROW_SEARCH_LIMIT, hxlPattern, matches, modernise, parseHashtagSpec, readHashtagRow, type HxlColumn } from '../formats/hxl-tags.js';
import { restoreFormula } from '../formats/spreadsheet-safety.js';
import { countryFromCell, lookupValue, pointFromCells, readRecords, validateRow, type CellIssue, type MappedRow, type RecordReader } from './place-record.js';
import { NAME_TO_COMPOSE, withComposedName } from './site-identity.js';
import { statusFromCell } from './site-csv.mapping.js';
import { SITE_CATEGORIES, siteInputSchema, type SiteCategory, type SiteData, type SiteStatus } from './site.schema.js';

/** Older place tags still found in HXL 0.x data sets (e.g. the 2014 health-facility lists), on top of the common ones. */
const LEGACY_PLACE_TAGS: Readonly<Record<string, string>> = { '#loc_id': '#loc+code', '#loctype': '#loc+type', '#x_notes': '#meta+notes' };

function modernPlaceColumn(column: HxlColumn): HxlColumn {
  const legacy = LEGACY_PLACE_TAGS[column.tag];
  if (!legacy) return modernise(column);
  const parsed = parseHashtagSpec(legacy, column.index)!;
  return { ...parsed, attributes: new Set([...parsed.attributes, ...column.attributes]) };
}

/** The tags read for each site field, first match wins (docs/formats/sites.md). */
const TAGS = {
  name: ['#loc+name', '#loc-code-type-id'],
  lat: ['#geo+lat'],
  lon: ['#geo+lon'],
  category: ['#loc+type'],
  externalId: ['#loc+code', '#loc+id', '#meta+id'],
  country: ['#country+code', '#country'],
  admin1: ['#adm1+name', '#adm1-code'],
  status: ['#status'],
  notes: ['#meta+notes', '#description', '#loc+description'],
  url: ['#meta+url'],
} as const;

export interface SiteHxlOptions {
  dataset: string;
  /** The category of rows whose #loc+type is empty (or of every row, when the file has no #loc+type). */
  category?: SiteCategory;
  categoryValues?: Readonly<Record<string, SiteCategory>>;
  statusValues?: Readonly<Record<string, SiteStatus>>;
}

/**
 * Maps an HXL file's rows (title and header rows first, the hashtag row among the first 25) to sites; columns are
 * chosen by hashtag and attributes only. Never throws.
 */
export function mapSiteHxl(rows: readonly (readonly string[])[], options: SiteHxlOptions): MappedRow<SiteData>[] {
  return readRecords(siteHxlReader(options), rows);
}

/**
 * Reads an HXL file record by record: records before the hashtag row are held (at most HASHTAG_ROW_SEARCH_LIMIT) until
 * it is found; a file without one, or whose tags do not describe sites, is refused.
 */
export function siteHxlReader(options: SiteHxlOptions): RecordReader<SiteData> {
  let at: Record<keyof typeof TAGS, HxlColumn | undefined> | undefined;
  const noTagRow: MappedRow<SiteData> = { row: 1, ok: false, rejections: [{ row: 1, field: 'file', message: `no HXL hashtag row in the first ${HASHTAG_ROW_SEARCH_LIMIT} rows (a row of #tags such as #loc+name, #geo+lat, #geo+lon)` }] };
  const read: RecordReader<SiteData>['read'] = (record, index) => {
    if (at) return record.every((c) => c.trim() === '') ? {} : { mapped: mapHxlRow(index + 1, record, at, options) };
    const tagRow = readHashtagRow(record);
    if (!tagRow) {
      return index + 1 < HASHTAG_ROW_SEARCH_LIMIT ? {} : { stop: true, mapped: noTagRow };
    }
    const columns = tagRow.columns.map(modernPlaceColumn);
    const find = (patterns: readonly string[]) => {
      for (const p of patterns) {
        const column = columns.find((c) => matches(c, hxlPattern(p)));
        if (column) return column;
      }
      return undefined;
    };
    const found = Object.fromEntries(Object.entries(TAGS).map(([field, patterns]) => [field, find(patterns)])) as Record<keyof typeof TAGS, HxlColumn | undefined>;
    const missing = [!found.name && '#loc+name (the name)', !found.lat && '#geo+lat', !found.lon && '#geo+lon', !found.category && !options.category && '#loc+type (or a category for every row)'].filter(Boolean);
    if (missing.length > 0) return { stop: true, mapped: { row: index + 1, ok: false, rejections: [{ row: index + 1, field: 'hashtags', message: `this HXL file does not describe sites: it lacks ${missing.join(', ')}` }] } };
    at = found;
    return {};
  };
  return { read, end: () => (at ? undefined : noTagRow) };
}

function mapHxlRow(row: number, cells: readonly string[], at: Record<keyof typeof TAGS, HxlColumn | undefined>, options: SiteHxlOptions): MappedRow<SiteData> {
  const value = (field: keyof typeof TAGS) => {
    const column = at[field];
    return column ? restoreFormula((cells[column.index] ?? '').trim()) : '';
  };
  const spec = (field: keyof typeof TAGS) => at[field]?.spec ?? TAGS[field][0];
  const issues: CellIssue[] = [];
  const { point, issues: placeIssues } = pointFromCells({ column: spec('lat'), text: value('lat') }, { column: spec('lon'), text: value('lon') });
  issues.push(...placeIssues);
  const typeText = value('category');
  let category: string | undefined = options.category;
  if (typeText !== '') {
    category = lookupValue(options.categoryValues, typeText) ?? SITE_CATEGORIES.find((k) => k === typeText.toLowerCase()) ?? options.category;
    if (!category) issues.push({ field: spec('category'), message: `"${typeText}" is not a site category: map it in categoryValues` });
  }
  const countryText = value('country');
  const country = countryText ? countryFromCell(countryText) : undefined;
  if (countryText && !country) issues.push({ field: spec('country'), message: `"${countryText}" is not a country` });
  const url = value('url');
  const unnamed = value('name') === '';
  const candidate: Record<string, unknown> = {
    name: unnamed ? NAME_TO_COMPOSE : value('name'),
    category,
    geometry: point,
    ...(country && { country }),
    ...(value('admin1') && { admin1: value('admin1') }),
    status: statusFromCell(value('status'), options.statusValues),
    source: { dataset: options.dataset, ...(value('externalId') && { externalId: value('externalId') }), ...(/^https?:\/\/\S+$/.test(url) && { url }) },
    ...(value('notes') && { notes: value('notes') }),
  };
  const fields: Record<string, keyof typeof TAGS> = { name: 'name', geometry: 'lat', category: 'category', country: 'country', admin1: 'admin1', 'source.externalId': 'externalId', notes: 'notes' };
  const mapped = validateRow(siteInputSchema, row, candidate, issues, (path) => {
    const field = fields[path.startsWith('geometry') ? 'geometry' : path];
    return field && spec(field);
  });
  return unnamed ? withComposedName(mapped, typeText, value('admin1')) : mapped;
}
