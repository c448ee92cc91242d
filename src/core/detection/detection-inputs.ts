import type { Agreement, CommitmentCode as AgreementCommitmentCode } from '../places/agreement.schema.js';
import type { Site, SiteCategory } from '../places/site.schema.js';
import type { Zone, ZoneKind, ZoneStatus } from '../places/zone.schema.js';
import type { ActorRole, ActorType, Category, LocationPrecision, Theme, ViolenceType } from '../taxonomy.js';

export { SITE_CATEGORIES as DETECTION_SITE_CATEGORIES } from '../places/site.schema.js';
export { ZONE_KINDS as DETECTION_ZONE_KINDS, ZONE_STATUSES as DETECTION_ZONE_STATUSES } from '../places/zone.schema.js';
export { COMMITMENT_CODES } from '../places/agreement.schema.js';

/**
 * What detection reads of incidents, sites, zones and agreements: an `Incident` from the register and a `Site`, `Zone`
 * or `Agreement` from the place registers satisfy these as they are, and detection depends on no more of them than
 * it reads (so tests and benchmarks can pass plain values).
 */
export interface DetectionIncident {
  id: string;
  title?: string;
  dateEarliest: string;
  dateLatest: string;
  location: { lat: number; lon: number; precision: LocationPrecision; country?: string; placeName?: string | undefined };
  /** The incident's own words, read as evidence of what was harmed. */
  narrative?: string;
  /** What each source is (its description: a headline, "local radio report"). */
  sourceTexts?: readonly string[];
  /** Where the record came from: data sets that geocode to a settlement's point are read accordingly. */
  origin?: { dataset: string };
  /** How many incidents in the register are recorded at exactly this point, this one included. */
  pointShare?: number;
  categories: readonly Category[];
  themes: readonly Theme[];
  violenceType?: ViolenceType | undefined;
  actors: readonly { name: string; actorType?: ActorType; role: ActorRole }[];
  /** Deaths, best estimate; an incident that killed is violent whatever its coding. */
  killed?: { best: number };
}

export type DetectionSiteCategory = SiteCategory;
/** A site by its representative point and the radius that reaches its farthest vertex (0 for a point). */
export type DetectionSite = Pick<Site, 'id' | 'name' | 'category' | 'lat' | 'lon' | 'radiusKm'>;

export type DetectionZoneKind = ZoneKind;
export type DetectionZoneStatus = ZoneStatus;
export type ZoneGeometry = Zone['geometry'];
export interface DetectionZone {
  id: string;
  name: string;
  kind: ZoneKind;
  geometry: ZoneGeometry;
  /** Full width around a line or point. */
  widthKm?: number | undefined;
  validFrom: string;
  validTo?: string | undefined;
  schedule?: readonly { start: string; end: string }[] | undefined;
  partiesBound: readonly string[];
  status: ZoneStatus;
}

export type CommitmentCode = AgreementCommitmentCode;
export interface DetectionAgreement extends Pick<Agreement, 'id' | 'name' | 'validFrom'> {
  parties: readonly string[];
  validTo?: string | undefined;
  /**
   * Other names a party goes by in incident records (e.g. "Armed Forces of Ukraine" for "Government of Ukraine").
   * The agreement register has no such field yet; detection reads it when it is there.
   */
  partyAliases?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Empty: the agreement binds its parties wherever they fight. */
  zoneIds: readonly string[];
  commitments: readonly { code: CommitmentCode; description?: string; distanceKm?: number | undefined }[];
}
