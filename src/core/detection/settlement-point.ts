import { ACLED_DATASET } from '../formats/acled.mapping.js';
import { GED_DATASET } from '../formats/ucdp-ged.mapping.js';
import type { DetectionIncident } from './detection-inputs.js';

/**
 * Whether an incident's "exact" point is really a settlement's gazetteer point, and how far the settlement reaches.
 *
 * UCDP GED and ACLED geocode an event to the named village, town or city it happened in: "exact" means that place's
 * coordinate, not the spot (UCDP GED codebook, `where_prec` 1; ACLED codebook, geo-precision 1). Distance from such a
 * point to a hospital inside the town measures where the gazetteer put the town, so detection treats the pair as
 * "in the same place" and needs the incident's coding or text to say the site was harmed.
 */
export interface SettlementPoint {
  /** How far from the point the event may have happened inside the settlement. */
  radiusKm: number;
  /** What showed it: the place name's kind of settlement, how many incidents share the point, the source data set. */
  because: 'place_name' | 'shared_point' | 'data_set';
  /** The kind of settlement the place name gives, if it gives one. */
  kind?: SettlementKind;
  /** Incidents recorded at exactly this point, this one included. */
  sharedBy?: number;
}

export type SettlementKind = 'city' | 'town' | 'village';

/**
 * How far a settlement's built-up area reaches from its gazetteer point: a city's districts extend ~10 km (Kharkiv,
 * Aleppo, Mandalay are 20–30 km across), a town's ~3 km, a village's with its outlying houses, monastery and school ~2 km.
 */
export const SETTLEMENT_RADIUS_KM: Readonly<Record<SettlementKind, number>> = { city: 10, town: 3, village: 2 };

/** A point this many incidents share is a gazetteer point, whatever the data set: an analyst's pin is never reused so. */
export const SHARED_POINT_MIN_INCIDENTS = 5;

/** Incidents share a point when their coordinates are equal as stored. */
export const pointKey = (p: { lat: number; lon: number }) => `${Number(p.lat)},${Number(p.lon)}`;

/** Data sets documented to geocode events to the gazetteer point of the settlement named. */
const GAZETTEER_DATA_SETS: ReadonlySet<string> = new Set([GED_DATASET, ACLED_DATASET]);

/** GED's `where_coordinates` says what the point is ("Maridi town", "Aleppo city", "Kor-Al-Madina village"). */
const SETTLEMENT_WORDS: readonly (readonly [RegExp, SettlementKind])[] = [
  [/\b(city|ville|ciudad|cidade|город|місто|مدينة)\b/iu, 'city'],
  [/\b(town|bourg|pueblo|vila|посёлок|селище|بلدة)\b/iu, 'town'],
  [/\b(village|hamlet|settlement|aldea|aldeia|село|деревня|قرية)\b/iu, 'village'],
];

const settlementKindIn = (placeName: string | undefined): SettlementKind | undefined =>
  placeName ? SETTLEMENT_WORDS.find(([words]) => words.test(placeName))?.[1] : undefined;

/** The settlement an exactly located incident's point stands for, or undefined when the point is the spot itself. */
export function settlementPointOf(incident: Pick<DetectionIncident, 'location' | 'origin' | 'pointShare'>): SettlementPoint | undefined {
  if (incident.location.precision !== 'exact') return undefined;
  const kind = settlementKindIn(incident.location.placeName);
  const sharedBy = incident.pointShare ?? 1;
  const shared = sharedBy >= SHARED_POINT_MIN_INCIDENTS;
  const extra = { ...(kind && { kind }), ...(sharedBy > 1 && { sharedBy }) };
  if (kind) return { radiusKm: SETTLEMENT_RADIUS_KM[kind], because: 'place_name', ...extra };
  if (shared) return { radiusKm: SETTLEMENT_RADIUS_KM.town, because: 'shared_point', ...extra };
  if (incident.origin && GAZETTEER_DATA_SETS.has(incident.origin.dataset)) return { radiusKm: SETTLEMENT_RADIUS_KM.town, because: 'data_set', ...extra };
  return undefined;
}
