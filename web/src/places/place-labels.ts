import { AGREEMENT_KINDS, COMMITMENT_CODES, type AgreementKind, type CommitmentCode } from '../../../src/core/places/agreement.schema.js';
import {
  CULTURAL_PROTECTION_LEVELS,
  PROTECTION_BASES,
  SITE_CATEGORIES,
  SITE_STATUSES,
  type CulturalProtection,
  type ProtectionBasis,
  type SiteCategory,
  type SiteStatus,
} from '../../../src/core/places/site.schema.js';
import { ZONE_KINDS, ZONE_STATUSES, zoneStatusOn, type ZoneKind, type ZoneStatus } from '../../../src/core/places/zone.schema.js';
import { siteGroupOf } from '../../../src/reporting/situation-map.js';
import { h } from '../shared/dom.js';
import { choicesOf, type Choice } from '../shared/form-controls.js';

/** How the registers' values read to people, and the colours the map and the lists share for them. */

export const ZONE_KIND_LABELS: Record<ZoneKind, string> = {
  humanitarian_corridor: 'Humanitarian corridor',
  safe_haven: 'Safe haven',
  demilitarised_zone: 'Demilitarised zone',
  ceasefire_line: 'Ceasefire line',
  area_of_operations: 'Area of operations',
};

export const ZONE_STATUS_LABELS: Record<ZoneStatus, string> = {
  proposed: 'Proposed',
  agreed: 'Agreed',
  in_force: 'In force',
  suspended: 'Suspended',
  ended: 'Ended',
  failed: 'Failed',
  disputed: 'Disputed',
};

/** A zone's status as it stands today: "In force" only while its validity lasts (see zoneStatusOn). */
export function zoneStatusText(zone: { status: ZoneStatus; validFrom: string; validTo?: string | undefined }, today = new Date().toISOString().slice(0, 10)): string {
  const now = zoneStatusOn(zone, today);
  if (now === 'lapsed') return `Lapsed (${ZONE_STATUS_LABELS[zone.status].toLowerCase()} until ${zone.validTo})`;
  if (now === 'not_yet') return `${ZONE_STATUS_LABELS[zone.status]} from ${zone.validFrom}`;
  return ZONE_STATUS_LABELS[now];
}

/** The zone colours of every map, the situation report's included. */
export { ZONE_COLORS } from '../../../src/reporting/situation-map.js';

export const SITE_CATEGORY_LABELS: Record<SiteCategory, string> = {
  health_facility: 'Health facility',
  school: 'School',
  place_of_worship: 'Place of worship',
  cultural_property: 'Cultural property',
  displacement_camp: 'Camp for displaced people',
  humanitarian_premises: 'Humanitarian premises',
  water: 'Water',
  power: 'Power',
  dam_or_dyke: 'Dam or dyke',
  nuclear_power_station: 'Nuclear power station',
  other: 'Other',
};

/**
 * A site's colour on every map (Places, Monitor, the situation report): the colour of its group, which tells apart
 * what an attack on it threatens (see SITE_GROUPS); the category is named beside it wherever a site is listed.
 */
export const SITE_COLORS: Record<SiteCategory, string> = Object.fromEntries(SITE_CATEGORIES.map((c) => [c, siteGroupOf(c).color])) as Record<SiteCategory, string>;

export const SITE_STATUS_LABELS: Record<SiteStatus, string> = {
  functioning: 'Functioning',
  damaged: 'Damaged',
  destroyed: 'Destroyed',
  closed: 'Closed',
  unknown: 'Unknown',
};

export const CULTURAL_PROTECTION_LABELS: Record<CulturalProtection, string> = {
  general: 'General protection (Hague 1954)',
  special: 'Special protection (Hague 1954)',
  enhanced: 'Enhanced protection (Second Protocol)',
  world_heritage: 'World Heritage',
  world_heritage_in_danger: 'World Heritage in danger',
};

export const PROTECTION_BASIS_LABELS: Record<ProtectionBasis, string> = {
  gc_iv_art18_hospital: 'GC IV art. 18 — civilian hospital',
  api_art12_medical_unit: 'AP I art. 12 — medical unit',
  api_art52_civilian_object: 'AP I art. 52 — civilian object',
  hague_1954: 'Hague Convention 1954 — cultural property',
  hague_1954_p2_enhanced: 'Second Protocol 1999 — enhanced protection',
  world_heritage_convention: 'World Heritage Convention 1972',
  api_art56_dangerous_forces: 'AP I art. 56 — works containing dangerous forces',
  api_art54_indispensable: 'AP I art. 54 — indispensable to survival',
  safe_schools_declaration: 'Safe Schools Declaration',
  humanitarian_notification: 'Humanitarian notification',
  other: 'Other',
};

export const AGREEMENT_KIND_LABELS: Record<AgreementKind, string> = {
  ceasefire: 'Ceasefire',
  local_peace_agreement: 'Local peace agreement',
  humanitarian_pause: 'Humanitarian pause',
  other: 'Other',
};

export const COMMITMENT_LABELS: Record<CommitmentCode, string> = {
  cessation_of_hostilities: 'Cessation of hostilities',
  heavy_weapons_withdrawal: 'Withdrawal of heavy weapons',
  humanitarian_access: 'Humanitarian access',
  prisoner_exchange: 'Prisoner exchange',
  other: 'Other',
};

export const ZONE_KIND_CHOICES: Choice[] = choicesOf(ZONE_KINDS, (k) => ZONE_KIND_LABELS[k]);
export const ZONE_STATUS_CHOICES: Choice[] = choicesOf(ZONE_STATUSES, (s) => ZONE_STATUS_LABELS[s]);
export const SITE_CATEGORY_CHOICES: Choice[] = choicesOf(SITE_CATEGORIES, (c) => SITE_CATEGORY_LABELS[c]);
export const SITE_STATUS_CHOICES: Choice[] = choicesOf(SITE_STATUSES, (s) => SITE_STATUS_LABELS[s]);
export const CULTURAL_PROTECTION_CHOICES: Choice[] = choicesOf(CULTURAL_PROTECTION_LEVELS, (l) => CULTURAL_PROTECTION_LABELS[l]);
export const PROTECTION_BASIS_CHOICES: Choice[] = choicesOf(PROTECTION_BASES, (b) => PROTECTION_BASIS_LABELS[b]);
export const AGREEMENT_KIND_CHOICES: Choice[] = choicesOf(AGREEMENT_KINDS, (k) => AGREEMENT_KIND_LABELS[k]);
export const COMMITMENT_CHOICES: Choice[] = choicesOf(COMMITMENT_CODES, (c) => COMMITMENT_LABELS[c]);

/** A small coloured mark before a name; the colour is set through the CSSOM, which the CSP allows. */
export function colourMark(colour: string, shape: 'dot' | 'bar' = 'dot'): HTMLElement {
  const mark = h('span', { class: `place-mark ${shape}`, 'aria-hidden': 'true' });
  mark.style.background = colour;
  return mark;
}

/** "5 Mar 2022 – 4 May 2022", "from 1 Jan 2026", or one day. */
export function validityText(from: string, to: string | undefined): string {
  if (to === undefined) return `from ${from}`;
  return from === to ? `on ${from}` : `${from} – ${to}`;
}
