import type { Category } from '../taxonomy.js';
import type { DetectionIncident } from './detection-inputs.js';

/**
 * Categories that are themselves violence against people or objects. Corruption, exclusion from agreements and the
 * like can happen next to a hospital without being an attack on it.
 */
const VIOLENT_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'killing',
  'injury',
  'abduction',
  'destruction_of_homes_or_services',
  'killing_or_maiming_of_children',
  'attack_on_school',
  'attack_on_hospital',
  'abduction_of_children',
  'rape',
  'sexual_violence_against_children',
  'other_sexual_violence',
  'cultural_property_damage',
  'cultural_property_destruction',
  'attack_on_aid_workers',
  'attack_on_convoy',
  'attack_on_medical_transport',
  'attack_on_health_personnel',
  'attack_on_patients',
  'attack_on_medical_supplies',
  'ceasefire_violation',
]);

/** Organised armed violence (UCDP's three types), a violent category, or deaths. */
export function isViolent(incident: DetectionIncident): boolean {
  const armed = incident.violenceType === 'state_based' || incident.violenceType === 'non_state' || incident.violenceType === 'one_sided';
  return armed || (incident.killed?.best ?? 0) > 0 || incident.categories.some((c) => VIOLENT_CATEGORIES.has(c));
}
