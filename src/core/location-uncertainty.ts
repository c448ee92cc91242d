import type { LocationPrecision } from './taxonomy.js';

/**
 * How far from its recorded point an incident may really have happened, for each location precision (the UCDP GED
 * `where_prec` scale). The one table of these radii: detection, aggregation and hot spots all read it, and
 * docs/detection.md and docs/monitoring-methods.md quote it.
 *
 * - exact, 1 km: GED and ACLED code a named village, town or street as "exact"; the point is that place's
 *   coordinate, and a town's built-up core reaches about a kilometre from it (a settlement's gazetteer point is
 *   recognised apart, with the settlement's own extent: detection/settlement-point.ts).
 * - within_25km, 25 km: the scale's own definition ("within 25 km of a known point").
 * - admin2, 50 km: a second-order unit (district, raion) is typically 1,000–5,000 km²; 50 km from its centroid
 *   covers all but the largest.
 * - admin1, 250 km: a province or oblast (Ukraine's average ~24,000 km², the largest ~33,000 km²) reaches up to
 *   ~250 km from its centroid.
 * - region, 500 km: "part of a country" in GED; a few provinces together.
 * - country, water_or_air: unbounded.
 */
export const LOCATION_UNCERTAINTY_KM: Readonly<Record<LocationPrecision, number>> = {
  exact: 1,
  within_25km: 25,
  admin2: 50,
  admin1: 250,
  region: 500,
  country: Number.POSITIVE_INFINITY,
  water_or_air: Number.POSITIVE_INFINITY,
};

export function locationUncertaintyKm(precision: LocationPrecision): number {
  return LOCATION_UNCERTAINTY_KM[precision];
}

/**
 * The widest uncertainty with which a record is still tied to one site or zone: a province's. A record placed only
 * to a region or a country says nothing about which site or corridor it touched; linking it to every one in a
 * country would bury the real detections.
 */
export const WIDEST_PLACEABLE_UNCERTAINTY_KM = LOCATION_UNCERTAINTY_KM.admin1;

/** Whether the record is placed well enough to be tied to a particular site or zone at all. */
export function isPlaceable(precision: LocationPrecision): boolean {
  return LOCATION_UNCERTAINTY_KM[precision] <= WIDEST_PLACEABLE_UNCERTAINTY_KM;
}
