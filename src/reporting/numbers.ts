/** Numbers as a reader sees them, the same in the server's report and in the browser. */

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 12345 → "12,345"; anything not finite → "–". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? whole.format(n) : '–';
}

export interface Estimate {
  low: number;
  best: number;
  high: number;
}

/** "120 (80–150)", or just "120" when the bounds agree with the best estimate. */
export function formatEstimate(e: Estimate): string {
  if (e.low === e.best && e.high === e.best) return formatCount(e.best);
  return `${formatCount(e.best)} (${formatCount(e.low)}–${formatCount(e.high)})`;
}

export const ZERO_ESTIMATE: Estimate = Object.freeze({ low: 0, best: 0, high: 0 });

/** Sums of bounds are bounds: lows add to a low, highs to a high. */
export function addEstimates(a: Estimate, b: Estimate): Estimate {
  return { low: a.low + b.low, best: a.best + b.best, high: a.high + b.high };
}

/** 0.0123 → "1.2%"; a share with no denominator → "–". */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  return `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
}

/** A p-value a reader can compare: "< 0.001" below that, three decimals otherwise. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Coordinates in SVG: one decimal is a tenth of a pixel, and keeps the files small. */
export const px = (n: number): string => (Math.round(n * 10) / 10).toString();
