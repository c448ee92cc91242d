import type { Category, Theme } from '../taxonomy.js';
import type { DetectionIncident, DetectionSiteCategory } from './detection-inputs.js';

export const DETECTION_GRADES = ['probable', 'possible'] as const;
export type DetectionGrade = (typeof DETECTION_GRADES)[number];

/** Orders grades for comparison: none < possible < probable. */
export const gradeRank = (grade: DetectionGrade | 'none'): number => (grade === 'probable' ? 2 : grade === 'possible' ? 1 : 0);

/**
 * How close to a site (beyond its own extent) an incident must be to count as an attack on or near it.
 * - 0.5 km for a place of worship or humanitarian premises: single buildings or compounds.
 * - 1 km for a hospital, school, camp, water works, cultural property and anything else: the compound and its
 *   immediate surroundings, where blast and fragments of artillery and air-dropped munitions still strike it.
 * - 2 km for a power station: an industrial site a kilometre or more across, with switchyards and lines around it.
 * - 5 km for a dam, dyke or nuclear power station: works containing dangerous forces are protected from attacks
 *   "at or in the vicinity" (API art. 56), and shelling a few kilometres away already threatens cooling, power
 *   lines and the structure itself.
 */
export const SITE_ALERT_DISTANCE_KM: Readonly<Record<DetectionSiteCategory, number>> = {
  health_facility: 1,
  school: 1,
  place_of_worship: 0.5,
  cultural_property: 1,
  displacement_camp: 1,
  humanitarian_premises: 0.5,
  water: 1,
  power: 2,
  dam_or_dyke: 5,
  nuclear_power_station: 5,
  other: 1,
};

/**
 * The incident categories that speak of harm to each kind of site. Only an incident coded this way can be a
 * *possible* hit on a site it was not precisely located at: otherwise every imprecise event would be a possible
 * attack on every school and clinic around it.
 */
const FITTING_CATEGORIES: Readonly<Record<DetectionSiteCategory, readonly Category[]>> = {
  health_facility: ['attack_on_hospital', 'attack_on_medical_transport', 'attack_on_health_personnel', 'attack_on_patients', 'attack_on_medical_supplies', 'military_use_of_school_or_hospital'],
  school: ['attack_on_school', 'military_use_of_school_or_hospital'],
  place_of_worship: ['cultural_property_damage', 'cultural_property_destruction', 'cultural_property_looting', 'military_use_of_cultural_property'],
  cultural_property: ['cultural_property_damage', 'cultural_property_destruction', 'cultural_property_looting', 'military_use_of_cultural_property'],
  displacement_camp: ['forced_displacement', 'attack_on_aid_workers', 'denial_of_humanitarian_access', 'starvation_or_denial_of_access'],
  humanitarian_premises: ['attack_on_aid_workers', 'attack_on_convoy', 'diversion_of_aid_or_pay', 'denial_of_humanitarian_access'],
  water: ['destruction_of_homes_or_services', 'starvation_or_denial_of_access'],
  power: ['destruction_of_homes_or_services'],
  dam_or_dyke: ['destruction_of_homes_or_services'],
  nuclear_power_station: ['destruction_of_homes_or_services'],
  other: ['destruction_of_homes_or_services'],
};

/** Themes that fit a kind of site on their own, for incidents coded by theme without a matching category. */
const FITTING_THEMES: Readonly<Record<DetectionSiteCategory, readonly Theme[]>> = {
  health_facility: [],
  school: [],
  place_of_worship: ['cultural_property'],
  cultural_property: ['cultural_property'],
  displacement_camp: [],
  humanitarian_premises: ['humanitarian_space'],
  water: [],
  power: [],
  dam_or_dyke: [],
  nuclear_power_station: [],
  other: [],
};

/**
 * Works containing dangerous forces (API art. 56): an attack "at or in the vicinity" of a dam, dyke or nuclear
 * power station is itself what the rule forbids, so armed violence precisely located near one fits whatever its
 * coding (an imprecise record still needs coding that speaks of harm to it).
 */
export const VICINITY_PROTECTED: ReadonlySet<DetectionSiteCategory> = new Set(['dam_or_dyke', 'nuclear_power_station']);

/** Whether the incident's coding speaks of harm to this kind of site. */
export function fitsSiteCategory(incident: DetectionIncident, category: DetectionSiteCategory): boolean {
  const categories = FITTING_CATEGORIES[category];
  const themes = FITTING_THEMES[category];
  return incident.categories.some((c) => categories.includes(c)) || incident.themes.some((t) => themes.includes(t));
}

