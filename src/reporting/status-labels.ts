import { PERSON_STATUSES, THEME_LABELS, type PersonStatus, type Theme, type ViolenceType } from '../core/taxonomy.js';

/** How casualty statuses read in charts and reports. */
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  civilian: 'Civilians',
  own_force: 'Own force',
  allied_force: 'Allied forces',
  opposing_force: 'Opposing forces',
  combatant: 'Combatants (side not assessed)',
  unknown: 'Status unknown',
};

/** One colour per status, the same in every chart (Okabe–Ito, civilians first and strongest). */
export const PERSON_STATUS_COLORS: Record<PersonStatus, string> = {
  civilian: '#D55E00',
  own_force: '#0072B2',
  allied_force: '#56B4E9',
  opposing_force: '#009E73',
  combatant: '#E69F00',
  unknown: '#999999',
};

export const isPersonStatus = (value: string): value is PersonStatus => (PERSON_STATUSES as readonly string[]).includes(value);

export const themeLabelOf = (key: string): string => (key in THEME_LABELS ? THEME_LABELS[key as Theme] : key.replaceAll('_', ' '));

/** UCDP's terms. */
export const VIOLENCE_TYPE_LABELS: Record<ViolenceType, string> = {
  state_based: 'State-based',
  non_state: 'Non-state',
  one_sided: 'One-sided (against civilians)',
  other: 'Other (no organised armed violence)',
};

export const violenceTypeLabelOf = (key: string): string => (key in VIOLENCE_TYPE_LABELS ? VIOLENCE_TYPE_LABELS[key as ViolenceType] : key.replaceAll('_', ' '));
