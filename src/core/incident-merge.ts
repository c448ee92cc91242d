import type { IncidentData } from './incident.schema.js';
import { CASUALTY_KINDS, themesOfCategory, type CasualtyKind, type Theme } from './taxonomy.js';

/** The parts of a location a file may carry apart from its coordinates. */
export const LOCATION_PARTS = ['precision', 'admin1', 'admin2', 'placeName'] as const;
type LocationPart = (typeof LOCATION_PARTS)[number];

/**
 * What an imported record carries, field by field: an update takes these from the file and keeps every other field as
 * stored. `location` is the point and its country; its precision and place names are carried one by one.
 * `casualties` carries every kind of harm, `casualties.<kind>` one kind; the sex × age breakdowns only with
 * `casualties.breakdown` (otherwise a cell the file gives without a breakdown keeps the stored one).
 */
export type CarriedField =
  | Exclude<keyof IncidentData, 'location' | 'casualties'>
  | 'location'
  | `location.${LocationPart}`
  | 'casualties'
  | `casualties.${CasualtyKind}`
  | 'casualties.breakdown';

export type Carried = ReadonlySet<CarriedField>;

/** The incident's fields an import may carry or leave out. */
export const TOP_LEVEL_FIELDS = [
  'title',
  'narrative',
  'dateEarliest',
  'dateLatest',
  'datePrecision',
  'location',
  'themes',
  'categories',
  'violenceType',
  'actors',
  'casualties',
  'sources',
  'sensitive',
  'origin',
  'exercise',
] as const satisfies readonly (keyof IncidentData)[];

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a record given as plain input carries: the fields it has. A field it leaves out, and a place name its
 * location leaves out, is not carried (so an update keeps it).
 */
export function carriedByInput(input: unknown): Set<CarriedField> {
  const carried = new Set<CarriedField>();
  if (!isPlainObject(input)) return carried;
  for (const key of TOP_LEVEL_FIELDS) if (input[key] !== undefined) carried.add(key);
  if (carried.has('casualties')) carried.add('casualties.breakdown');
  const location = input.location;
  if (isPlainObject(location)) for (const part of LOCATION_PARTS) if (location[part] !== undefined) carried.add(`location.${part}`);
  return carried;
}

/**
 * An update by import: the stored record with the fields the file carries taken from it. Nothing the file does not
 * carry is dropped, and the sensitive details change only when the file carries them and `sensitive` allows it (the
 * importer's clearance). The result is checked again by the caller, as any edit is.
 */
export function mergeImported(stored: IncidentData, incoming: IncidentData, carried: Carried, options: { sensitive: boolean }): IncidentData {
  const take = <K extends keyof IncidentData>(key: K): IncidentData[K] => (carried.has(key) ? incoming[key] : stored[key]);
  const sensitiveFromFile = options.sensitive && carried.has('sensitive');
  const sensitive = sensitiveFromFile ? incoming.sensitive : stored.sensitive;
  const categories = take('categories');
  const violenceType = take('violenceType');
  return {
    title: take('title'),
    narrative: take('narrative'),
    dateEarliest: take('dateEarliest'),
    dateLatest: take('dateLatest'),
    datePrecision: take('datePrecision'),
    location: mergeLocation(stored.location, incoming.location, carried),
    // A category the record keeps or gains brings its theme, as on import; a theme is never dropped for it.
    themes: withOwnerThemes(take('themes'), categories),
    categories,
    ...(violenceType !== undefined && { violenceType }),
    actors: take('actors'),
    casualties: mergeCasualties(stored.casualties, incoming.casualties, carried),
    // The sources that kept source identities refer to stay, whatever the file lists.
    sources: sensitiveFromFile ? take('sources') : withReferencedSources(take('sources'), stored.sources, sensitive),
    sensitive,
    // The source's event type, when the file does not give it (an older export), is kept as stored.
    origin: carried.has('origin') && incoming.origin.eventType === undefined && stored.origin.eventType !== undefined ? { ...incoming.origin, eventType: stored.origin.eventType } : take('origin'),
    exercise: take('exercise'),
  };
}

function mergeLocation(stored: IncidentData['location'], incoming: IncidentData['location'], carried: Carried): IncidentData['location'] {
  const point = carried.has('location') ? incoming : stored;
  const part = <P extends LocationPart>(p: P) => (carried.has(`location.${p}`) ? incoming[p] : stored[p]);
  const admin1 = part('admin1');
  const admin2 = part('admin2');
  const placeName = part('placeName');
  return {
    lat: point.lat,
    lon: point.lon,
    country: point.country,
    precision: part('precision'),
    ...(admin1 !== undefined && { admin1 }),
    ...(admin2 !== undefined && { admin2 }),
    ...(placeName !== undefined && { placeName }),
  };
}

function mergeCasualties(stored: IncidentData['casualties'], incoming: IncidentData['casualties'], carried: Carried): IncidentData['casualties'] {
  const kinds = new Set(CASUALTY_KINDS.filter((k) => carried.has('casualties') || carried.has(`casualties.${k}`)));
  if (kinds.size === 0) return stored;
  const fromFile = incoming
    .filter((cell) => kinds.has(cell.kind))
    .map((cell) => {
      if (carried.has('casualties.breakdown') || cell.breakdown.length > 0) return cell;
      const before = stored.find((s) => s.kind === cell.kind && s.status === cell.status && s.group === cell.group);
      return before && before.breakdown.length > 0 ? { ...cell, breakdown: before.breakdown } : cell;
    });
  return [...stored.filter((cell) => !kinds.has(cell.kind)), ...fromFile];
}

function withOwnerThemes(themes: readonly Theme[], categories: IncidentData['categories']): Theme[] {
  const out = [...themes];
  for (const category of categories) {
    const owners = themesOfCategory(category);
    if (!owners.some((t) => out.includes(t))) out.push(owners[0]!);
  }
  return out;
}

function withReferencedSources(sources: IncidentData['sources'], stored: IncidentData['sources'], sensitive: IncidentData['sensitive']): IncidentData['sources'] {
  const refs = new Set(sources.map((s) => s.ref));
  const missing = stored.filter((s) => !refs.has(s.ref) && sensitive.sourceIdentities.some((i) => i.sourceRef === s.ref));
  return missing.length ? [...sources, ...missing] : sources;
}
