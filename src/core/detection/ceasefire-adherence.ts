import type { CountedViolation } from './ceasefire.js';
import type { DetectionAgreement } from './detection-inputs.js';

/** How well the agreements in force in a period held: the figures the principles scorecard reads. */
export interface CeasefireAdherenceFigures {
  /** Agreements in force at some time in the period. */
  agreementsInForce: number;
  /** Incidents that violated one of them in the period (counted once per agreement), probable or possible. */
  violations: number;
  /** Days of the period on which at least one of them was in force, and of those the days with a violation. */
  daysInForce: number;
  daysWithViolation: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/**
 * Adherence over [from, to] (inclusive days): the union of the agreements' validity within the period, the
 * violations of those agreements dated within it (on their earliest date, moved up to the period's or the agreement's
 * start when earlier), and the days on which any fell.
 */
export function ceasefireAdherence(
  period: { from: string; to: string },
  agreements: readonly Pick<DetectionAgreement, 'id' | 'validFrom' | 'validTo'>[],
  violations: readonly CountedViolation[],
): CeasefireAdherenceFigures {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  const inForce = new Map<string, [number, number]>();
  for (const a of agreements) {
    const start = Math.max(from, dayNumber(a.validFrom));
    const end = Math.min(to, a.validTo ? dayNumber(a.validTo) : Number.POSITIVE_INFINITY);
    if (start <= end) inForce.set(a.id, [start, end]);
  }
  const days = new Set<number>();
  for (const [start, end] of inForce.values()) for (let d = start; d <= end; d++) days.add(d);
  const counted = new Set<string>();
  const violationDays = new Set<number>();
  for (const v of violations) {
    const window = inForce.get(v.agreementId);
    if (!window) continue;
    const day = Math.max(window[0], dayNumber(v.date));
    if (day > window[1]) continue;
    counted.add(`${v.agreementId}\u0000${v.incidentId}`);
    violationDays.add(day);
  }
  return { agreementsInForce: inForce.size, violations: counted.size, daysInForce: days.size, daysWithViolation: violationDays.size };
}
