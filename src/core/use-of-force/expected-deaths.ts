import type { Assessment } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';

/**
 * Everyone's expected deaths — civilians, the force's own, the opposing force's — summed: under human security every
 * life counts. An estimate not given counts as nothing in the sum and makes the total not `known`, so the sum is a
 * floor, never a silent zero.
 */
export function expectedDeaths(r: ForceRequest): Assessment['expectedDeaths'] {
  const estimates = [r.expectedEffects.civilians.deaths, r.expectedEffects.ownForce.deaths, r.expectedEffects.opposingForce.deaths];
  const sum = (pick: (e: { low: number; best: number; high: number }) => number) => estimates.reduce((total, e) => total + (e ? pick(e) : 0), 0);
  return { low: sum((e) => e.low), best: sum((e) => e.best), high: sum((e) => e.high), known: estimates.every((e) => e !== undefined) };
}
