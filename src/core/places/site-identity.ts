import { representativePointOf, type PlaceGeometry } from './geometry.js';
import type { MappedRow } from './place-record.js';
import type { SiteCategory, SiteData } from './site.schema.js';

/**
 * Decimal places of the position in a derived site key: 4 decimals is 1.1e-4° at most after rounding, about 11 m of
 * latitude (and less of longitude away from the equator). Exports of one list drift in the 6th or 7th decimal
 * (re-projection, float printing, 5- vs 7-decimal tools) and must keep their key; two different facilities with the
 * same name and category are not within 11 m of each other.
 */
export const SITE_KEY_DECIMALS = 4;

const fixed = (value: number) => {
  const text = value.toFixed(SITE_KEY_DECIMALS);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
};

/** A name as the key reads it: Unicode-normalised (NFKC), lower case, runs of space as one. */
export const keyName = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * What identifies a site that has no id of its own within its data set: its category, its representative point
 * rounded to SITE_KEY_DECIMALS, and its name (normalised). The store hashes it into `source.externalId`.
 */
export function siteKeyText(site: { name: string; category: SiteCategory; lat: number; lon: number }): string {
  return [site.category, fixed(site.lat), fixed(site.lon), keyName(site.name)].join('|');
}

/** OSM tag values and list types said as people say them, where `humanise` alone would not. */
const TYPE_WORDS: Readonly<Record<string, string>> = { centre: 'Health centre', center: 'Health center', doctor: 'Doctor', doctors: 'Doctors' };

/** `health_post` → `Health post`; `CLINIC` stays as written apart from its first letter. */
export function humaniseType(text: string): string {
  const t = text.trim();
  const word = TYPE_WORDS[t.toLowerCase()];
  if (word) return word;
  const spaced = t.replace(/[_;]+/g, ' ').replace(/\s+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * The name of a site its source leaves unnamed, from what it is and where: "Clinic, Juba", or "Hospital near
 * 4.8594, 31.5713" (its representative point, latitude first) when the source names no place either.
 */
export function composeSiteName(type: string, place: string, geometry: PlaceGeometry): string {
  const what = humaniseType(type);
  if (place.trim() !== '') return `${what}, ${place.trim().replace(/\s+/g, ' ')}`;
  const { lat, lon } = representativePointOf(geometry);
  return `${what} near ${fixed(lat)}, ${fixed(lon)}`;
}

/**
 * Columns (CSV) or properties (GeoJSON) an unnamed site's place is taken from when the mapping names none, first
 * non-empty wins: OpenStreetMap's address and `is_in` tags, then the first-level division.
 */
export const DEFAULT_PLACE_FIELDS = ['addr:city', 'addr:town', 'addr:village', 'addr:hamlet', 'addr:suburb', 'is_in:city', 'is_in:town', 'is_in', 'addr:district', 'addr:county', 'addr:state'] as const;

/** Where an unnamed site's type is taken from, after the mapped category column: OpenStreetMap's tags. */
export const DEFAULT_TYPE_FIELDS = ['amenity', 'healthcare', 'building', 'office'] as const;

/** The first non-empty value among fields, read by a getter. */
export function firstValue(fields: readonly string[], value: (field: string) => string): string {
  for (const field of fields) {
    const v = value(field).trim();
    if (v !== '') return v;
  }
  return '';
}

/** Placeholder name a mapping validates an unnamed row with; replaced by the composed name once the row is valid. */
export const NAME_TO_COMPOSE = '\u0000compose';

/**
 * A row validated with NAME_TO_COMPOSE as its name, given its composed name: from `type` (else the category), and
 * `place`. Rejected rows pass through as they are.
 */
export function withComposedName(mapped: MappedRow<SiteData>, type: string, place: string): MappedRow<SiteData> {
  if (!mapped.ok) return mapped;
  const what = type.trim() !== '' ? type : mapped.value.category.replaceAll('_', ' ');
  return { ...mapped, value: { ...mapped.value, name: composeSiteName(what, place, mapped.value.geometry) }, composedName: true };
}
