import { isPlainObject, LOCATION_PARTS, TOP_LEVEL_FIELDS, type CarriedField } from '../incident-merge.js';
import type { Incident, IncidentInput } from '../incident.schema.js';
import { columnIssue, type MappedRecord } from './mapped-record.js';

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
