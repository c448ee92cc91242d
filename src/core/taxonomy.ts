import { z } from 'zod';
/**
 * The harm taxonomy from the human-security umbrella (NATO / JSP 985 themes), the UN MRM grave violations,
 * MARA categories and the 1954 Hague Convention. A category may belong to more than one theme: an attack on a
 * school is both a grave violation against children and harm to civilians.
 */
export const THEMES = [
  'protection_of_civilians',
  'children_and_armed_conflict',
  'conflict_related_sexual_violence',
  'cultural_property',
  'trafficking',
  'building_integrity',
  'women_peace_security',
  'humanitarian_space',
  'ceasefire',
] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_LABELS: Record<Theme, string> = {
  protection_of_civilians: 'Protection of civilians',
  children_and_armed_conflict: 'Children and armed conflict',
  conflict_related_sexual_violence: 'Conflict-related sexual violence',
  cultural_property: 'Cultural property protection',
  trafficking: 'Trafficking in human beings',
  building_integrity: 'Building integrity',
  women_peace_security: 'Women, peace and security',
  humanitarian_space: 'Humanitarian space',
  ceasefire: 'Ceasefire monitoring',
};

interface CategoryDefinition {
  label: string;
  themes: readonly Theme[];
}

const POC = 'protection_of_civilians';
const CAAC = 'children_and_armed_conflict';
const CRSV = 'conflict_related_sexual_violence';

export const CATEGORY_DEFINITIONS = {
  killing: { label: 'Killing', themes: [POC] },
  injury: { label: 'Injury', themes: [POC] },
  abduction: { label: 'Abduction / enforced disappearance', themes: [POC] },
  forced_displacement: { label: 'Forced displacement', themes: [POC] },
  destruction_of_homes_or_services: { label: 'Destruction of homes and essential services', themes: [POC] },
  starvation_or_denial_of_access: { label: 'Starvation / denial of access', themes: [POC, 'humanitarian_space'] },

  killing_or_maiming_of_children: { label: 'Killing and maiming of children', themes: [CAAC, POC] },
  recruitment_or_use_of_children: { label: 'Recruitment and use of children', themes: [CAAC] },
  sexual_violence_against_children: { label: 'Sexual violence against children', themes: [CAAC, CRSV] },
  attack_on_school: { label: 'Attack on a school', themes: [CAAC, POC] },
  attack_on_hospital: { label: 'Attack on a hospital', themes: [CAAC, POC, 'humanitarian_space'] },
  abduction_of_children: { label: 'Abduction of children', themes: [CAAC, POC] },
  denial_of_humanitarian_access: { label: 'Denial of humanitarian access', themes: [CAAC, 'humanitarian_space'] },
  military_use_of_school_or_hospital: { label: 'Military use of a school or hospital', themes: [CAAC] },
  deprivation_of_liberty_of_children: { label: 'Deprivation of liberty of children', themes: [CAAC] },

  rape: { label: 'Rape', themes: [CRSV] },
  sexual_slavery: { label: 'Sexual slavery', themes: [CRSV, 'trafficking'] },
  forced_prostitution: { label: 'Forced prostitution', themes: [CRSV, 'trafficking'] },
  forced_pregnancy: { label: 'Forced pregnancy', themes: [CRSV] },
  enforced_sterilisation: { label: 'Enforced sterilisation', themes: [CRSV] },
  other_sexual_violence: { label: 'Other sexual violence', themes: [CRSV] },

  cultural_property_damage: { label: 'Damage to cultural property', themes: ['cultural_property'] },
  cultural_property_destruction: { label: 'Destruction of cultural property', themes: ['cultural_property'] },
  cultural_property_looting: { label: 'Looting of cultural property', themes: ['cultural_property'] },
  military_use_of_cultural_property: { label: 'Military use of cultural property', themes: ['cultural_property'] },

  trafficking_in_persons: { label: 'Trafficking in persons', themes: ['trafficking'] },
  forced_labour: { label: 'Forced labour', themes: ['trafficking'] },
  smuggling_related_abuse: { label: 'Smuggling-related abuse', themes: ['trafficking'] },

  diversion_of_aid_or_pay: { label: 'Diversion of aid or pay', themes: ['building_integrity'] },
  checkpoint_extortion: { label: 'Extortion at checkpoints', themes: ['building_integrity'] },
  sale_of_weapons: { label: 'Sale of weapons', themes: ['building_integrity'] },

  gender_specific_harm: { label: 'Gender-specific harm', themes: ['women_peace_security'] },
  exclusion_from_agreements: { label: 'Exclusion from local agreements', themes: ['women_peace_security'] },

  attack_on_aid_workers: { label: 'Attack on aid workers', themes: ['humanitarian_space', POC] },
  attack_on_convoy: { label: 'Attack on a humanitarian convoy', themes: ['humanitarian_space'] },
  attack_on_medical_transport: { label: 'Attack on medical transport', themes: ['humanitarian_space', POC] },
  // Attacks on health care as the WHO SSA records them: the facility is attack_on_hospital, the transport
  // attack_on_medical_transport; these three name the other health-care resources attacked.
  attack_on_health_personnel: { label: 'Attack on health personnel', themes: ['humanitarian_space', POC] },
  attack_on_patients: { label: 'Attack on patients', themes: ['humanitarian_space', POC] },
  attack_on_medical_supplies: { label: 'Attack on medical supplies or warehouses', themes: ['humanitarian_space', POC] },
  obstruction_of_corridor: { label: 'Obstruction of a humanitarian corridor', themes: ['humanitarian_space'] },

  ceasefire_violation: { label: 'Violation of a ceasefire', themes: ['ceasefire'] },
} as const satisfies Record<string, CategoryDefinition>;

export type Category = keyof typeof CATEGORY_DEFINITIONS;
export const CATEGORIES = Object.keys(CATEGORY_DEFINITIONS) as [Category, ...Category[]];

export function themesOfCategory(category: Category): readonly Theme[] {
  return CATEGORY_DEFINITIONS[category].themes;
}

/** Type of violence, following UCDP; `other` covers harm without organised armed violence (e.g. corruption). */
export const VIOLENCE_TYPES = ['state_based', 'non_state', 'one_sided', 'other'] as const;
export type ViolenceType = (typeof VIOLENCE_TYPES)[number];

/** Date precision, the UCDP GED `date_prec` scale 1–5 in order. */
export const DATE_PRECISIONS = ['day', 'days', 'week', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** Location precision, the UCDP GED `where_prec` scale 1–7 in order. */
export const LOCATION_PRECISIONS = [
  'exact',
  'within_25km',
  'admin2',
  'admin1',
  'region',
  'country',
  'water_or_air',
] as const;
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number];

/**
 * Precisions a point on a map may stand for. A record located only to a region or a country (or at sea or in the air)
 * has a representative point that is no place of the event: it is counted in every figure, never drawn as a dot.
 */
export const MAPPABLE_PRECISIONS: readonly LocationPrecision[] = ['exact', 'within_25km', 'admin2', 'admin1'];
export const isMappable = (precision: LocationPrecision): boolean => MAPPABLE_PRECISIONS.includes(precision);

/** UCDP numeric codes are 1-based positions in the scales above. */
export const ucdpCodeOf = <T extends string>(scale: readonly T[], value: T): number => scale.indexOf(value) + 1;
export const fromUcdpCode = <T extends string>(scale: readonly T[], code: number): T | undefined => scale[code - 1];

/**
 * What happened to the people counted. Deprivation of liberty is harm the register counts, in three kinds that do not
 * overlap: `abducted` — taken by force without lawful authority (kidnapping, hostage taking, forced recruitment);
 * `arrested` — taken into custody by an authority (police, army, security service, a de facto authority acting as
 * one); `detained` — held, by anyone including non-state armed groups, where the source says "detained" and not how
 * the person was taken. Analytic totals that sum harm add killed and injured only.
 */
export const CASUALTY_KINDS = ['killed', 'injured', 'abducted', 'arrested', 'detained', 'displaced'] as const;
export type CasualtyKind = (typeof CASUALTY_KINDS)[number];

/**
 * A population group a casualty count may be narrowed to: "12 civilians killed, of whom 3 health workers". A group
 * count is a SUBSET of the ungrouped count of the same kind and status (which must be recorded beside it and is at
 * least as large) and is left out of every total, so adding one never changes a figure. Any status is allowed: the
 * medical personnel of an armed force are protected but are not civilians. Only the groups a source in use reports
 * (the WHO Surveillance System for Attacks on Health Care: health workers, patients) are listed; aid workers and
 * journalists are further candidates, to add when a source that counts them is mapped, so no group is offered that
 * nothing fills and no one checks.
 */
export const CASUALTY_GROUPS = ['health_worker', 'patient'] as const;
export type CasualtyGroup = (typeof CASUALTY_GROUPS)[number];

/**
 * Everyone counts: the own force's and the opposing force's dead are recorded beside civilians. `combatant` is a
 * member of an armed party whose alignment with the mission has not been assessed (as in external data sets).
 */
export const PERSON_STATUSES = ['civilian', 'own_force', 'allied_force', 'opposing_force', 'combatant', 'unknown'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_GROUPS = ['child', 'adult', 'elderly', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const ACTOR_TYPES = [
  'state_force',
  'non_state_armed_group',
  'militia',
  'international_force',
  'criminal_group',
  'civilians',
  'humanitarian',
  'other',
  'unknown',
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ACTOR_ROLES = ['perpetrator', 'target', 'other'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** NATO Admiralty code (AJP-2.1): reliability of the source, credibility of the information. */
export const SOURCE_RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type SourceReliability = (typeof SOURCE_RELIABILITIES)[number];
export const INFORMATION_CREDIBILITIES = [1, 2, 3, 4, 5, 6] as const;
export type InformationCredibility = (typeof INFORMATION_CREDIBILITIES)[number];

export const RELIABILITY_LABELS: Record<SourceReliability, string> = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
};
export const CREDIBILITY_LABELS: Record<InformationCredibility, string> = {
  1: 'Confirmed by other sources',
  2: 'Probably true',
  3: 'Possibly true',
  4: 'Doubtful',
  5: 'Improbable',
  6: 'Truth cannot be judged',
};

export const SOURCE_TYPES = [
  'media',
  'ngo',
  'un',
  'government',
  'social_media',
  'witness',
  'own_force',
  'dataset',
  'other',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** The taxonomy as data (GET /taxonomy), for API clients that do not share Haven's code. */
export const taxonomyReferenceSchema = z.object({
  themes: z.record(z.string(), z.string()),
  categories: z.record(z.string(), z.object({ label: z.string(), themes: z.array(z.string()) })),
  reliability: z.record(z.string(), z.string()),
  credibility: z.record(z.string(), z.string()),
  verificationTransitions: z.record(z.string(), z.array(z.string())),
});
export type TaxonomyReference = z.output<typeof taxonomyReferenceSchema>;
