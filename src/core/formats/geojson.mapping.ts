import { isPlainObject, LOCATION_PARTS, TOP_LEVEL_FIELDS, type CarriedField } from '../incident-merge.js';
import type { Incident, IncidentInput } from '../incident.schema.js';
import { acledRowToIncident } from './acled.mapping.js';
import { ACLED_SIGNATURE, GED_SIGNATURE, eventTableFormat } from './format-detection.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';
import { mapGedRow } from './ucdp-ged.mapping.js';

/**
 * Incidents as GeoJSON Features (RFC 7946: WGS84, longitude first). The properties are the incident itself, less
 * its point (which is the geometry) and its sensitive details (exported only with a grant, as `sensitive`).
 */
export interface IncidentFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Omit<Incident, 'sensitive' | 'location'> & { location: Omit<Incident['location'], 'lat' | 'lon'>; url: string };
}

export function incidentToFeature(incident: Incident, link: string): IncidentFeature {
  const { sensitive: _sensitive, location, ...rest } = incident;
  const { lat, lon, ...place } = location;
  return { type: 'Feature', id: incident.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { ...rest, location: place, url: link } };
}

// Location and origin come from the geometry and the feature's id, not from properties of those names.
const PROPERTY_FIELDS = TOP_LEVEL_FIELDS.filter((f) => f !== 'location' && f !== 'origin');

export function featureToIncident(feature: unknown): MappedRecord {
  const issues: MappedRecord['issues'] = [];
  const f = isPlainObject(feature) ? feature : {};
  const geometry = isPlainObject(f.geometry) ? f.geometry : {};
  const coordinates = Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : [];
  if (geometry.type !== 'Point') issues.push(columnIssue('geometry.type', `is ${JSON.stringify(geometry.type)}; an incident is a Point`));
  const props = isPlainObject(f.properties) ? f.properties : {};
  const location = isPlainObject(props.location) ? props.location : {};
  const input = {
    title: props.title,
    narrative: props.narrative ?? '',
    dateEarliest: props.dateEarliest,
    dateLatest: props.dateLatest,
    datePrecision: props.datePrecision,
    location: { ...location, lon: coordinates[0], lat: coordinates[1] },
    themes: props.themes ?? [],
    categories: props.categories ?? [],
    ...(props.violenceType !== undefined && { violenceType: props.violenceType }),
    actors: props.actors ?? [],
    casualties: props.casualties ?? [],
    sources: props.sources ?? [],
    // Only in an export made with a grant.
    ...(props.sensitive !== undefined && props.sensitive !== null && { sensitive: props.sensitive }),
    origin: props.origin ?? { dataset: 'manual' },
    exercise: props.exercise ?? false,
  } as IncidentInput;
  // A property the feature lacks (or leaves empty) carries nothing: an update keeps the stored value.
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  const carried = new Set<CarriedField>(['location', 'origin']);
  for (const field of PROPERTY_FIELDS) if (given(props[field])) carried.add(field);
  if (carried.has('casualties')) carried.add('casualties.breakdown');
  for (const part of LOCATION_PARTS) if (given(location[part])) carried.add(`location.${part}`);
  const id = typeof f.id === 'string' ? f.id : typeof props.id === 'string' ? props.id : undefined;
  return { input, issues, carried, ...(id !== undefined && { id }) };
}

/** What the features' properties are, decided once per file from the first feature (as a CSV's from its header). */
export interface FeatureProfile {
  properties: 'haven' | 'ged' | 'acled';
  /** Said in the import's report: which property set the file was read as. */
  description: string;
  map: (feature: unknown) => MappedRecord;
}

/** A JSON value as a table cell: GED and ACLED mirrors write numbers as numbers and leave cells null. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A feature whose properties are the columns of an event table (GED, ACLED) as that table's row: names lower-cased,
 * values as text, and the position from the geometry (a `latitude`/`longitude` property, if any, is not read).
 */
function tableFeature(map: (row: Record<string, string>) => MappedRecord) {
  return (feature: unknown): MappedRecord => {
    const f = isPlainObject(feature) ? feature : {};
    const geometry = isPlainObject(f.geometry) ? f.geometry : {};
    const coordinates = Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : [];
    const props = isPlainObject(f.properties) ? f.properties : {};
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(props)) row[key.trim().toLowerCase()] = cellText(value);
    row.longitude = typeof coordinates[0] === 'number' ? String(coordinates[0]) : '';
    row.latitude = typeof coordinates[1] === 'number' ? String(coordinates[1]) : '';
    const mapped = map(row);
    const issues = [...mapped.issues];
    if (geometry.type !== 'Point') issues.push(columnIssue('geometry.type', `is ${JSON.stringify(geometry.type ?? null)}; an event is a Point`));
    else if (row.longitude === '' || row.latitude === '') issues.push(columnIssue('geometry.coordinates', 'must be [longitude, latitude] in degrees'));
    return { ...mapped, issues };
  };
}

const HAVEN_PROPERTIES = ['title', 'dateEarliest'] as const;

/**
 * The property set of a GeoJSON file, from its first feature: Haven's own incident properties, UCDP GED's columns or
 * ACLED's. Anything else is refused at once, naming what the file has and what Haven reads, rather than rejecting
 * every feature for lacking Haven's fields.
 */
export function featureProfileOf(first: unknown): FeatureProfile | { refusal: string } {
  if (!isPlainObject(first) || first.type !== 'Feature') {
    return { refusal: `the first entry of "features" is ${isPlainObject(first) ? `a ${JSON.stringify(first.type ?? 'untyped')} object` : JSON.stringify(first)}, not a GeoJSON Feature` };
  }
  const names = Object.keys(isPlainObject(first.properties) ? first.properties : {});
  if (HAVEN_PROPERTIES.every((p) => names.includes(p))) {
    return { properties: 'haven', description: 'GeoJSON features with Haven incident properties', map: featureToIncident };
  }
  // The geometry gives the position: the tables' latitude and longitude columns need not be properties.
  const table = eventTableFormat([...names, 'latitude', 'longitude']);
  if (table === 'ged') return { properties: 'ged', description: 'GeoJSON features with UCDP GED properties', map: tableFeature(mapGedRow) };
  if (table === 'acled') return { properties: 'acled', description: 'GeoJSON features with ACLED properties', map: tableFeature((row) => acledRowToIncident(row)) };
  const listed = names.length === 0 ? 'no properties' : `the properties ${names.slice(0, 40).join(', ')}${names.length > 40 ? `, … (${names.length} in all)` : ''}`;
  const ged = GED_SIGNATURE.join(', ');
  const acled = ACLED_SIGNATURE.filter((c) => c !== 'latitude' && c !== 'longitude').join(', ');
  return {
    refusal:
      `these features are not incidents Haven can read: the first feature has ${listed}. Haven reads features whose properties are ` +
      `Haven's incident fields (at least ${HAVEN_PROPERTIES.join(', ')}, as Haven exports them), UCDP GED's columns (${ged}) or ACLED's (${acled})`,
  };
}
