import type { Assessment } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';

/**
 * Everyone's expected deaths — civilians, the force's own, the opposing force's — summed: under human security every
 * life counts. An estimate not given counts as nothing in the sum and makes the total not `known`, so the sum is a
 * floor, never a silent zero.
 */
export function expectedDeaths(r: ForceRequest): Assessment['expectedDeaths'] {
  const groups = [
    ['expectedEffects.civilians.deaths', r.expectedEffects.civilians.deaths],
    ['expectedEffects.ownForce.deaths', r.expectedEffects.ownForce.deaths],
    ['expectedEffects.opposingForce.deaths', r.expectedEffects.opposingForce.deaths],
  ] as const;
  const estimates = groups.map(([, e]) => e);
  const sum = (pick: (e: { low: number; best: number; high: number }) => number) => estimates.reduce((total, e) => total + (e ? pick(e) : 0), 0);
  return {
    low: sum((e) => e.low),
    best: sum((e) => e.best),
    high: sum((e) => e.high),
    known: estimates.every((e) => e !== undefined),
    // Not a bar to permission (HS-ALL-LIFE): the deaths in these groups are to be recorded when they happen.
    toRecord: groups.filter(([, e]) => e === undefined).map(([path]) => path),
  };
}
