import type { VerificationStatus } from '../../../src/core/verification.js';
import { h } from '../shared/dom.js';
import { STATUS_LABELS } from '../shared/format.js';

export function statusBadge(status: VerificationStatus): HTMLElement {
  return h('span', { class: `badge status-badge status-${status}`, 'data-testid': 'status-badge' }, STATUS_LABELS[status]);
}

/** Exercise data must never be mistaken for a real report: it is marked wherever it appears. */
export function exerciseMarker(): HTMLElement {
  return h('span', { class: 'badge exercise-badge', 'data-testid': 'exercise-marker', title: 'Exercise data, not a real report' }, 'Exercise');
}

/** Fields changed on both sides wait for a person: marked on the incident's row until resolved. */
export function conflictMarker(open: number): HTMLElement {
  const text = open === 1 ? '1 conflict' : `${open} conflicts`;
  return h('span', { class: 'badge conflict-badge', 'data-testid': 'conflict-marker', title: 'Fields changed on both sides, to be resolved' }, text);
}
