import type { BoundingBox } from '../incident-filter.schema.js';

/**
 * The gazetteer's places as columns: one typed array or string array per field, the i-th entry of each describing the
 * i-th place. 138,398 GeoNames places held this way cost a few megabytes, where as many objects cost tens.
 */
export interface PlaceColumns {
  readonly size: number;
  /** GeoNames id. */
  readonly geonameId: Uint32Array;
  readonly name: readonly string[];
  /** ISO 3166-1 alpha-3, or '' where GeoNames' code is not an ISO one (Kosovo's XK). */
  readonly country: readonly string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly population: Uint32Array;
}

/**
 * The columns with what searching needs: the places from most to least populous, and their folded names in that order
 * as one string (`\n` before each name and at the end), so a search is a few `indexOf` scans over it rather than a
 * string comparison per place.
 */
export interface Gazetteer extends PlaceColumns {
  /** Indices of places, most populous first (ties in the order of the columns). */
  readonly byPopulation: Uint32Array;
  readonly names: string;
  /** Where each place's folded name starts in `names`, in the order of `byPopulation`. */
  readonly starts: Uint32Array;
}

const LETTERS: Record<string, string> = { ß: 'ss', ø: 'o', đ: 'd', ð: 'd', ł: 'l', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ħ: 'h' };

/**
 * A name as searching compares it: lower case, without accents, apostrophes dropped (N'Djamena, Ndjamena and
 * N’Djaména are one name), any other run of punctuation or spaces one space.
 */
export function foldName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßøđðłæœıþħ]/g, (c) => LETTERS[c] ?? c)
    .replace(/['’ʼ`´‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function indexGazetteer(columns: PlaceColumns): Gazetteer {
  const byPopulation = Uint32Array.from({ length: columns.size }, (_, i) => i);
  byPopulation.sort((a, b) => columns.population[b]! - columns.population[a]! || a - b);
  const starts = new Uint32Array(columns.size);
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < columns.size; k++) {
    // Folded names hold no newline (foldName turns every run of non-letters into a space).
    const folded = foldName(columns.name[byPopulation[k]!]!);
    starts[k] = at + 1;
    parts.push(folded);
    at += folded.length + 1;
  }
  return { ...columns, byPopulation, starts, names: `\n${parts.join('\n')}\n` };
}

/** The position in `byPopulation` of the name that holds `position` of `names`. */
function entryAt(gazetteer: Gazetteer, position: number): number {
  const { starts } = gazetteer;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (starts[mid]! <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** How a name matches a query: the whole name, its start, or the start of a later word. */
export const MATCH_TIERS = ['exact', 'prefix', 'word-prefix'] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

/** The tier of a folded name for a folded query, or undefined when it does not match. */
export function matchTier(folded: string, query: string): number | undefined {
  if (query === '') return undefined;
  if (folded.startsWith(query)) return folded.length === query.length ? 0 : 1;
  return folded.includes(` ${query}`) ? 2 : undefined;
}

export interface PlaceHit {
  index: number;
  match: MatchTier;
}

export interface PlaceQuery {
  q: string;
  /** ISO 3166-1 alpha-3. */
  country?: string | undefined;
  limit: number;
}

/**
 * Places whose name matches the query (case and accents aside): exact names first, then names that start with it,
 * then names with a later word that starts with it; within each, the most populous first. Each tier is one scan of
 * the folded names from the most populous place down, stopped once it holds `limit` places.
 */
export function searchPlaces(gazetteer: Gazetteer, query: PlaceQuery): PlaceHit[] {
  const q = foldName(query.q);
  const limit = Math.max(0, Math.floor(query.limit));
  if (q === '' || limit === 0) return [];
  const { names, byPopulation, country } = gazetteer;
  const hits: PlaceHit[] = [];
  const taken = new Set<number>();
  // Exact: the whole name between newlines. Prefix: after a newline, not followed by one. Word prefix: after a space.
  const scans: [needle: string, match: MatchTier][] = [
    [`\n${q}\n`, 'exact'],
    [`\n${q}`, 'prefix'],
    [` ${q}`, 'word-prefix'],
  ];
  for (const [needle, match] of scans) {
    let found = 0;
    for (let at = names.indexOf(needle); at !== -1 && found < limit && hits.length < limit; at = names.indexOf(needle, at + 1)) {
      if (match === 'prefix' && names.charCodeAt(at + needle.length) === 10) continue;
      const index = byPopulation[entryAt(gazetteer, at + 1)]!;
      if (taken.has(index) || (query.country !== undefined && country[index] !== query.country)) continue;
      taken.add(index);
      hits.push({ index, match });
      found++;
    }
  }
  return hits;
}

/** Whether a place lies in a box; a box whose west is east of its east crosses the antimeridian. */
export function inBox(lon: number, lat: number, [west, south, east, north]: BoundingBox): boolean {
  if (lat < south || lat > north) return false;
  return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
}

/**
 * How many names a map shows at a zoom: at the world's zoom only the largest places, more as the view narrows (the
 * map's own collision handling then drops those that would overlap).
 */
export function labelLimitForZoom(zoom: number): number {
  if (zoom < 2) return 40;
  if (zoom < 4) return 80;
  if (zoom < 6) return 150;
  return 250;
}

/** The `limit` most populous places in the box (indices, most populous first). */
export function placesToLabel(gazetteer: Gazetteer, box: BoundingBox, limit: number): number[] {
  const chosen: number[] = [];
  const { lon, lat, byPopulation } = gazetteer;
  for (let k = 0; k < byPopulation.length && chosen.length < limit; k++) {
    const i = byPopulation[k]!;
    if (inBox(lon[i]!, lat[i]!, box)) chosen.push(i);
  }
  return chosen;
}
