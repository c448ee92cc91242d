import type { CasualtyGroup, CasualtyKind, PersonStatus } from './taxonomy.js';
import type { Estimate } from './incident.schema.js';

interface Counted {
  kind: CasualtyKind;
  status: PersonStatus;
  group?: CasualtyGroup | undefined;
  low: number;
  best: number;
  high: number;
}

/**
 * Totals over statuses: lows add to a low, highs to a high. Summing bounds is the conservative choice (it assumes the
 * estimates are not independent), so the total's range never claims more certainty than its parts. Group counts
 * (health workers, patients) are parts of the ungrouped count of their kind and status and are never added: civilian
 * totals already include the health workers whose status is civilian.
 */
export function totalOf(casualties: readonly Counted[], kind: CasualtyKind, statuses?: readonly PersonStatus[]): Estimate {
  const total = { low: 0, best: 0, high: 0 };
  for (const c of casualties) {
    if (c.group !== undefined || c.kind !== kind || (statuses && !statuses.includes(c.status))) continue;
    total.low += c.low;
    total.best += c.best;
    total.high += c.high;
  }
  return total;
}

