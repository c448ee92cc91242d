import type { WeaponClass } from './force-request.schema.js';

/**
 * Groupings of the request's weapon classes that the rules reason with. They are facts about the class, not about the
 * use: whether a use is lethal, directed or limited in its effects is still read from the request.
 */

/** Firearms: BPUFF P9 and P10 govern their use against persons, whatever the intent. A warning shot is a firearm discharged. */
export const FIREARMS: readonly WeaponClass[] = ['small_arms', 'expanding_bullets', 'warning_shot'];

/** Means that kill by design: a request that calls one of them non-lethal contradicts itself. */
export const INHERENTLY_LETHAL: readonly WeaponClass[] = [
  'explosive_weapon',
  'artillery',
  'air_strike',
  'drone_strike',
  'cluster_munition',
  'anti_personnel_mine',
  'incendiary',
  'chemical_weapon',
  'biological_weapon',
  'poison',
];

/** The less-lethal weapons the OHCHR guidance (2020) treats one by one. */
export const LESS_LETHAL: readonly WeaponClass[] = ['baton', 'kinetic_impact_projectile', 'electric_weapon', 'riot_control_agent', 'water_cannon'];

/**
 * Means that are not lethal force unless the request says so: the less-lethal weapons (as firearms are lethal unless
 * said otherwise), and an arrest team, whose escalation to firearms the request states with `lethal: yes`.
 */
export const NON_LETHAL_BY_DEFAULT: readonly WeaponClass[] = [...LESS_LETHAL, 'arrest_team'];

/** Defensive interceptors: force against a munition or aircraft in flight, not against a person. */
export const INTERCEPTORS: readonly WeaponClass[] = ['interceptor'];

/**
 * Means a person aims at one person or object and whose effects stay there. For any other means — blast, spread,
 * submunitions, victim activation, a machine choosing — IHL asks whether the attack can be directed at a specific
 * objective and its effects limited (CIHL R12), and the request must say.
 */
export const POINT_MEANS: readonly WeaponClass[] = [
  'small_arms',
  'expanding_bullets',
  'warning_shot',
  'baton',
  'kinetic_impact_projectile',
  'electric_weapon',
  'water_cannon',
  'blinding_laser',
  'interceptor',
  'arrest_team',
];

/**
 * Offensive capabilities in the sense of the human-security posture (long-range strike, bombardment, heavy explosive
 * weapons): they need a protective purpose (use-of-force.md, "defensive rather than offensive").
 */
export const OFFENSIVE_MEANS: readonly WeaponClass[] = ['explosive_weapon', 'artillery', 'air_strike', 'drone_strike', 'cluster_munition', 'incendiary'];

export const isIn = (group: readonly WeaponClass[], weapon: WeaponClass): boolean => group.includes(weapon);

/** Plain names for the trace and the divergence. */
export const WEAPON_NAMES: Record<WeaponClass, string> = {
  small_arms: 'small arms',
  warning_shot: 'a warning shot',
  baton: 'a baton',
  kinetic_impact_projectile: 'kinetic impact projectiles',
  electric_weapon: 'an electric weapon',
  riot_control_agent: 'riot-control agents',
  water_cannon: 'a water cannon',
  explosive_weapon: 'explosive weapons',
  artillery: 'artillery',
  air_strike: 'an air strike',
  drone_strike: 'a drone strike',
  cluster_munition: 'cluster munitions',
  anti_personnel_mine: 'anti-personnel mines',
  incendiary: 'incendiary weapons',
  blinding_laser: 'a blinding laser',
  expanding_bullets: 'expanding bullets',
  chemical_weapon: 'a chemical weapon',
  biological_weapon: 'a biological weapon',
  poison: 'poison',
  autonomous_system: 'an autonomous system',
  interceptor: 'a defensive interceptor',
  arrest_team: 'an arrest team',
  other: 'an unclassified weapon',
};
