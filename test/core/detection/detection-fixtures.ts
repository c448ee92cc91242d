import type { DetectionIncident, DetectionSite, DetectionZone } from '../../../src/core/detection/detection-inputs.js';
import type { LocationPrecision } from '../../../src/core/taxonomy.js';

/** 1° of latitude on the sphere Haven measures with (R = 6371.0088 km). */
export const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

export function incidentAt(lat: number, lon: number, precision: LocationPrecision, extra: Partial<DetectionIncident> = {}): DetectionIncident {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    dateEarliest: '2022-03-05',
    dateLatest: '2022-03-05',
    location: { lat, lon, precision },
    categories: [],
    themes: [],
    violenceType: 'state_based',
    actors: [],
    ...extra,
  };
}

export function siteAt(lat: number, lon: number, category: DetectionSite['category'], radiusKm = 0, id = 'site-1'): DetectionSite {
  return { id, name: `Site ${id}`, category, lat, lon, radiusKm };
}

export function zone(geometry: DetectionZone['geometry'], extra: Partial<DetectionZone> = {}): DetectionZone {
  return {
    id: 'zone-1',
    name: 'Test corridor',
    kind: 'humanitarian_corridor',
    geometry,
    validFrom: '2022-03-01',
    validTo: '2022-03-31',
    partiesBound: [],
    status: 'agreed',
    ...extra,
  };
}
