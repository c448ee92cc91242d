import type { LocationPrecision } from '../taxonomy.js';

/**
 * How far from its recorded point an incident may really have happened, for each location precision (the UCDP GED
 * `where_prec` scale). `Infinity` means the record cannot be tied to any one place.
 *
 * - exact, 1 km: GED and ACLED code a named village, town or street as "exact"; the point is that place's
 *   coordinate, and a town's built-up core reaches about a kilometre from it.
 * - within_25km, 25 km: the scale's own definition ("within 25 km of a known point").
 * - admin2, 50 km: a second-order unit (district, raion) is typically 1,000–5,000 km²; 50 km from its centroid
 *   covers all but the largest.
 * - admin1, 250 km: a province or oblast (Ukraine's average ~24,000 km², the largest ~33,000 km²) reaches up to
 *   ~250 km from its centroid.
 * - region, country, water_or_air: unbounded. Such a record says nothing about which site or corridor it touched;
 *   linking it to every one in a country would bury the real detections, so detection leaves it out.
 */
export const LOCATION_UNCERTAINTY_KM: Readonly<Record<LocationPrecision, number>> = {
  exact: 1,
  within_25km: 25,
  admin2: 50,
  admin1: 250,
  region: Number.POSITIVE_INFINITY,
  country: Number.POSITIVE_INFINITY,
  water_or_air: Number.POSITIVE_INFINITY,
};

export function locationUncertaintyKm(precision: LocationPrecision): number {
  return LOCATION_UNCERTAINTY_KM[precision];
}

/** Whether the record is placed well enough to be tied to a particular place at all. */
export function isPlaceable(precision: LocationPrecision): boolean {
  return Number.isFinite(LOCATION_UNCERTAINTY_KM[precision]);
}
