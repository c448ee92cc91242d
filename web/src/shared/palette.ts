import { VERIFICATION_STATUSES, type VerificationStatus } from '../../../src/core/verification.js';

/**
 * Colours that mean something, defined once: the map's layers read them here and the stylesheet reads them as CSS
 * custom properties (`--status-verified` …), so a badge in the list and a dot on the map always agree.
 */
// Dark enough for white badge text (contrast ≥ 4.5:1), distinct enough as dots on a pale map.
export const STATUS_COLORS: Record<VerificationStatus, string> = {
  reported: '#64748b',
  under_review: '#a15c07',
  verified: '#15803d',
  contested: '#c2410c',
  discounted: '#6d28d9',
};

/** Single incidents from a server that does not say their status. */
export const UNKNOWN_STATUS_COLOR = '#334155';

/** Cluster colour by how many incidents it holds: [minimum count, colour]. */
export const CLUSTER_STEPS: readonly (readonly [number, string])[] = [
  [0, '#3b82c4'],
  [10, '#2563a8'],
  [50, '#b4387a'],
  [200, '#9f1239'],
];

export const MAP_COLORS = {
  water: '#dfe9f2',
  land: '#f7f6f2',
  border: '#b9b3a6',
  selected: '#111827',
};

export function applyPaletteToCss(root: HTMLElement = document.documentElement): void {
  for (const status of VERIFICATION_STATUSES) root.style.setProperty(`--status-${status}`, STATUS_COLORS[status]);
}
