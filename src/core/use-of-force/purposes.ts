import type { ForcePurpose } from './force-request.schema.js';

/**
 * The request's purposes in the three families the rules distinguish. Every purpose but `other` is in exactly one.
 */

/**
 * Policing, which law enforcement governs even in an armed conflict: arrest, an escape, a crowd or riot, a particularly
 * serious crime involving grave threat to life (BPUFF P9).
 */
export const LAW_ENFORCEMENT_PURPOSES: readonly ForcePurpose[] = ['arrest', 'prevent_escape', 'crowd_control', 'prevent_serious_crime'];

/** An attack in the conduct of hostilities: taking or neutralising a military objective. */
export const HOSTILITIES_PURPOSES: readonly ForcePurpose[] = ['seize_military_objective', 'neutralise_military_objective'];

/** Protection of people or of what keeps them safe: the purposes human security recognises for force that may kill. */
export const LIFE_PROTECTING_PURPOSES: readonly ForcePurpose[] = [
  'protect_civilians_from_imminent_threat',
  'self_defence',
  'defence_of_others',
  'protect_humanitarian_space',
  'protect_ceasefire',
];

export const PURPOSE_NAMES: Record<ForcePurpose, string> = {
  protect_civilians_from_imminent_threat: 'protecting civilians from an imminent threat',
  self_defence: 'self-defence',
  defence_of_others: 'defence of others',
  arrest: 'arrest',
  prevent_escape: 'preventing an escape',
  protect_humanitarian_space: 'protecting humanitarian space',
  protect_ceasefire: 'protecting a ceasefire',
  crowd_control: 'crowd control',
  prevent_serious_crime: 'preventing a particularly serious crime involving grave threat to life',
  seize_military_objective: 'seizing a military objective',
  neutralise_military_objective: 'neutralising a military objective',
  other: 'a purpose not listed',
};
