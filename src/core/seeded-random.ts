/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state pseudo-random generator, fast and well enough
 * distributed for synthetic data, so that the exercise scenario, benchmarks and randomised tests repeat exactly for a
 * seed. Returns numbers in [0, 1). Not for anything cryptographic.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
