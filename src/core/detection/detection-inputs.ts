import type { LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { ActorRole, ActorType, Category, LocationPrecision, Theme, ViolenceType } from '../taxonomy.js';

/**
 * What detection reads of incidents, sites, zones and agreements, stated structurally: an `Incident` from the
 * register, a `Site`, `Zone` or `Agreement` from the place registers all satisfy these as they are, and detection
 * depends on no more of them than it reads.
 */

export interface DetectionIncident {
  id: string;
  title?: string;
  dateEarliest: string;
  dateLatest: string;
  location: { lat: number; lon: number; precision: LocationPrecision; country?: string };
  categories: readonly Category[];
  themes: readonly Theme[];
  violenceType?: ViolenceType | undefined;
  actors: readonly { name: string; actorType?: ActorType; role: ActorRole }[];
  /** Deaths, best estimate; an incident that killed is violent whatever its coding. */
  killed?: { best: number };
}

export const DETECTION_SITE_CATEGORIES = [
  'health_facility',
  'school',
  'place_of_worship',
  'cultural_property',
  'displacement_camp',
  'humanitarian_premises',
  'water',
  'power',
  'dam_or_dyke',
  'nuclear_power_station',
  'other',
] as const;
export type DetectionSiteCategory = (typeof DETECTION_SITE_CATEGORIES)[number];

export interface DetectionSite {
  id: string;
  name: string;
  category: DetectionSiteCategory;
  /** The representative point. */
  lat: number;
  lon: number;
  /** 0 for a point; for an area, the distance from the representative point to its farthest vertex. */
  radiusKm: number;
}

export type ZoneGeometry = Point | LineString | MultiLineString | Polygon | MultiPolygon;

export const DETECTION_ZONE_KINDS = ['humanitarian_corridor', 'safe_haven', 'demilitarised_zone', 'ceasefire_line', 'area_of_operations'] as const;
export type DetectionZoneKind = (typeof DETECTION_ZONE_KINDS)[number];

export const DETECTION_ZONE_STATUSES = ['proposed', 'agreed', 'in_force', 'suspended', 'ended', 'failed', 'disputed'] as const;
export type DetectionZoneStatus = (typeof DETECTION_ZONE_STATUSES)[number];

export interface DetectionZone {
  id: string;
  name: string;
  kind: DetectionZoneKind;
  geometry: ZoneGeometry;
  /** Full width around a line or point. */
  widthKm?: number | undefined;
  validFrom: string;
  validTo?: string | undefined;
  schedule?: readonly { start: string; end: string }[] | undefined;
  partiesBound: readonly string[];
  status: DetectionZoneStatus;
}

export const COMMITMENT_CODES = ['cessation_of_hostilities', 'heavy_weapons_withdrawal', 'humanitarian_access', 'prisoner_exchange', 'other'] as const;
export type CommitmentCode = (typeof COMMITMENT_CODES)[number];

export interface DetectionAgreement {
  id: string;
  name: string;
  parties: readonly string[];
  /** Other names a party goes by in incident records (e.g. "Armed Forces of Ukraine" for "Government of Ukraine"). */
  partyAliases?: Readonly<Record<string, readonly string[]>> | undefined;
  validFrom: string;
  validTo?: string | undefined;
  /** Empty: the agreement binds its parties wherever they fight. */
  zoneIds: readonly string[];
  commitments: readonly { code: CommitmentCode; description?: string; distanceKm?: number | undefined }[];
}
