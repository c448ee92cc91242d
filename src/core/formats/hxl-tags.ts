/**
 * HXL (Humanitarian Exchange Language) hashtags: a row of `#tag+attribute` specs under (or instead of) a CSV's
 * header makes the columns machine-readable. Columns are found by hashtag and attributes, never by header text or
 * position, as the HXL standard and its libraries do.
 */
export interface HxlColumn {
  index: number;
  tag: string;
  attributes: ReadonlySet<string>;
  /** The spec as written, normalised: `#affected+f+killed`. */
  spec: string;
}

const TAG = /^#[a-z][a-z0-9_]*$/;
const ATTRIBUTE = /^[a-z][a-z0-9_]*$/;

/** Parses one cell as a hashtag spec; undefined when it is not one (`country`, `#1abc`, `#org+`). */
export function parseHashtagSpec(cell: string, index: number): HxlColumn | undefined {
  const text = cell.trim().toLowerCase().replace(/\s+/g, '');
  if (!text.startsWith('#')) return undefined;
  const [tag, ...attributes] = text.split('+');
  if (!tag || !TAG.test(tag) || attributes.some((a) => !ATTRIBUTE.test(a))) return undefined;
  const set = new Set(attributes);
  return { index, tag, attributes: set, spec: [tag, ...[...set].sort()].join('+') };
}

export interface HashtagRow {
  columns: HxlColumn[];
  /** Non-empty cells of the hashtag row that are not valid hashtags: reported, never guessed. */
  invalid: { index: number; text: string }[];
}

/**
 * Is this row the hashtag row? Like libhxl: at least half of its non-empty cells must be valid hashtags, and at least
 * one must be. Anything else is a title or header row above the data.
 */
export function readHashtagRow(cells: readonly string[]): HashtagRow | undefined {
  const nonEmpty = cells.map((text, index) => ({ text: text.trim(), index })).filter((c) => c.text !== '');
  if (nonEmpty.length === 0) return undefined;
  const columns: HxlColumn[] = [];
  const invalid: { index: number; text: string }[] = [];
  for (const { text, index } of nonEmpty) {
    const column = parseHashtagSpec(text, index);
    if (column) columns.push(column);
    else invalid.push({ index, text });
  }
  if (columns.length === 0 || columns.length < nonEmpty.length / 2) return undefined;
  return { columns, invalid };
}

/** How far down a file the hashtag row may be (title rows, merged headers …). */
export const HASHTAG_ROW_SEARCH_LIMIT = 25;

/**
 * A pattern as in HXL queries: `#affected+killed-f` matches columns tagged #affected that have `killed` and do not
 * have `f`.
 */
export interface HxlPattern {
  tag: string;
  include: readonly string[];
  exclude: readonly string[];
}

export function hxlPattern(text: string): HxlPattern {
  const [tag, ...rest] = text.toLowerCase().split(/(?=[+-])/);
  return {
    tag: tag!,
    include: rest.filter((r) => r.startsWith('+')).map((r) => r.slice(1)),
    exclude: rest.filter((r) => r.startsWith('-')).map((r) => r.slice(1)),
  };
}

export function matches(column: HxlColumn, pattern: HxlPattern): boolean {
  return column.tag === pattern.tag && pattern.include.every((a) => column.attributes.has(a)) && !pattern.exclude.some((a) => column.attributes.has(a));
}

/** Tags of HXL 0.x still found in older data sets, and the HXL 1.x specs they stand for. */
export const LEGACY_TAGS: Readonly<Record<string, string>> = {
  '#lat_deg': '#geo+lat',
  '#lon_deg': '#geo+lon',
  '#report_date': '#date+reported',
  '#loc': '#loc+name',
  '#adm1_id': '#adm1+code',
  '#adm2_id': '#adm2+code',
  '#country_code': '#country+code',
};

/** Rewrites a legacy spec to its modern form, keeping any extra attributes. */
export function modernise(column: HxlColumn): HxlColumn {
  const modern = LEGACY_TAGS[column.tag];
  if (!modern) return column;
  const parsed = parseHashtagSpec(modern, column.index)!;
  const attributes = new Set([...parsed.attributes, ...column.attributes]);
  return { index: column.index, tag: parsed.tag, attributes, spec: [parsed.tag, ...[...attributes].sort()].join('+') };
}
