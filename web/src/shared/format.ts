import { countryName } from '../../../src/core/countries.js';
import type { Estimate, Source } from '../../../src/core/incident.schema.js';
import {
  CATEGORY_DEFINITIONS,
  type SourceType,
  type ActorType,
  CREDIBILITY_LABELS,
  RELIABILITY_LABELS,
  THEME_LABELS,
  type Category,
  type LocationPrecision,
  type Theme,
} from '../../../src/core/taxonomy.js';
import type { VerificationStatus } from '../../../src/core/verification.js';

/** How values read to a person: one place, so the list, the detail and the form say the same thing. */

/** `non_state_armed_group` → `Non state armed group`, for enums without a label of their own. */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const STATUS_LABELS: Record<VerificationStatus, string> = {
  reported: 'Reported',
  under_review: 'Under review',
  verified: 'Verified',
  contested: 'Contested',
  discounted: 'Discounted',
};

export const LOCATION_PRECISION_LABELS: Record<LocationPrecision, string> = {
  exact: 'Exact location',
  within_25km: 'Within 25 km',
  admin2: 'District (admin 2)',
  admin1: 'Province (admin 1)',
  region: 'Region',
  country: 'Country only',
  water_or_air: 'At sea or in the air',
};

export { VIOLENCE_TYPE_LABELS } from '../../../src/reporting/status-labels.js';

export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  state_force: 'State force',
  non_state_armed_group: 'Non-state armed group',
  militia: 'Militia',
  international_force: 'International force',
  criminal_group: 'Criminal group',
  civilians: 'Civilians',
  humanitarian: 'Humanitarian',
  other: 'Other',
  unknown: 'Unknown',
};

export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  media: 'Media',
  ngo: 'NGO',
  un: 'UN',
  government: 'Government',
  social_media: 'Social media',
  witness: 'Witness',
  own_force: 'Own force',
  dataset: 'Data set',
  other: 'Other',
};

const AUDIT_ACTIONS: Record<string, string> = {
  'incident.create': 'Recorded',
  'incident.update': 'Edited',
  'incident.verification': 'Verification changed',
  'incident.conflict': 'Conflict flagged',
  'incident.conflict_resolved': 'Conflict resolved',
  'import.create': 'Imported',
  'import.update': 'Updated by an import',
};

/** `incident.update` → "Edited"; an action this version does not know reads as its words. */
export const auditActionLabel = (action: string): string => AUDIT_ACTIONS[action] ?? humanize(action.replaceAll('.', ' '));

export const themeLabel = (theme: Theme): string => THEME_LABELS[theme];
export const categoryLabel = (category: Category): string => CATEGORY_DEFINITIONS[category].label;

export const countryLabel = (code: string): string => `${countryName(code)} (${code})`;

/** NATO Admiralty grade, e.g. "B2 — usually reliable / probably true". */
export function gradeText(source: Pick<Source, 'reliability' | 'credibility'>): string {
  const reliability = RELIABILITY_LABELS[source.reliability].toLowerCase();
  const credibility = CREDIBILITY_LABELS[source.credibility].toLowerCase();
  return `${source.reliability}${source.credibility} — ${reliability} / ${credibility}`;
}

/** "5 (3–9)", or just "5" when the estimate is certain. */
export function estimateText(e: Estimate): string {
  return e.low === e.best && e.high === e.best ? formatCount(e.best) : `${formatCount(e.best)} (${formatCount(e.low)}–${formatCount(e.high)})`;
}

const counts = new Intl.NumberFormat('en-GB');
export const formatCount = (n: number): string => counts.format(n);

export function dateWindowText(earliest: string, latest: string): string {
  return earliest === latest ? earliest : `${earliest} – ${latest}`;
}

const timestamps = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
export const timestampText = (iso: string): string => `${timestamps.format(new Date(iso))} UTC`;

/** A map label: 1234 → "1.2k". */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

const UNITS = ['KB', 'MB', 'GB'] as const;

/** 1234 → "1.2 KB", 5_300_000 → "5.1 MB" (binary units, as file managers show them). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatCount(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)} ${UNITS[unit]}`;
}

/** Whole percent, never 100 before the end: 999 of 1000 is "99%". */
export const percentOf = (part: number, whole: number): number => (whole <= 0 ? 0 : Math.min(100, Math.floor((part / whole) * 100)));
