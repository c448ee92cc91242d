/**
 * Tail probabilities of count distributions, computed in log space so large counts neither overflow nor underflow.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error below 1e-13). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * A count distribution with mean μ and variance σ² ≥ μ: negative binomial with size r = μ²/(σ² − μ) when the variance
 * exceeds the mean, Poisson (r = ∞) when it does not.
 */
export interface CountModel {
  mean: number;
  /** The negative binomial's size (dispersion) parameter; Infinity for Poisson. */
  size: number;
}

export function countModel(mean: number, variance: number): CountModel {
  if (!(mean > 0)) throw new RangeError(`a count model needs a positive mean, not ${mean}`);
  return { mean, size: variance > mean ? (mean * mean) / (variance - mean) : Number.POSITIVE_INFINITY };
}

/** ln P(X = k). */
export function logProbability(model: CountModel, k: number): number {
  const { mean, size } = model;
  if (!Number.isFinite(size)) return k * Math.log(mean) - mean - logGamma(k + 1);
  const p = size / (size + mean);
  return logGamma(k + size) - logGamma(size) - logGamma(k + 1) + size * Math.log(p) + k * Math.log1p(-p);
}

/** P(X ≥ x): the upper tail, summed from x outward (or 1 − the lower tail when x is below the mean). */
export function upperTail(model: CountModel, x: number): number {
  if (x <= 0) return 1;
  if (x <= model.mean) {
    let lower = 0;
    for (let k = 0; k < x; k++) lower += Math.exp(logProbability(model, k));
    return Math.min(1, Math.max(0, 1 - lower));
  }
  // Above the mean the terms fall; the ratio of successive terms bounds what is left once it drops below 1.
  let sum = 0;
  let term = Math.exp(logProbability(model, x));
  const ratio = (k: number) => (Number.isFinite(model.size) ? ((k + model.size) / (k + 1)) * (model.mean / (model.size + model.mean)) : model.mean / (k + 1));
  for (let k = x; k < x + 1_000_000; k++) {
    sum += term;
    const r = ratio(k);
    if (term < sum * 1e-15 && r < 1) break;
    term *= r;
    if (term === 0) break;
  }
  return Math.min(1, sum);
}

/** Φ(z), the standard normal distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** erfc(x), Numerical Recipes' Chebyshev fit: relative error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
