import { mulberry32 } from '../seeded-random.js';
import { CASUALTY_GROUPS, HARM_MEASURES, type CasualtyGroup, type GroupHarm, type HarmMeasure, type LowBestHigh } from './planning.schema.js';

/**
 * Propagates each planned action's low/best/high to a course of action's totals by Monte Carlo, so that the total's
 * interval says how uncertain the plan is, rather than adding up best guesses as if each were sure. The choices, and
 * why, are in docs/courses-of-action.md ("Casualties: how uncertainty is propagated"):
 * - each estimate is a triangular distribution on [low, high] with its mode at best;
 * - within one action, all its estimates move together (one uniform draw per action per run: an action that goes
 *   worse than expected does so for everyone it touches); between actions, draws are independent;
 * - each action draws from its own seeded stream (mulberry32), so the same plan and seed give the same result, and
 *   adding an action changes nothing in the others' draws;
 * - the central interval is the 5th to 95th percentile of the draws (nearest rank); beside it stand the plain bounds
 *   [sum of lows, sum of highs], which hold whatever the dependence between actions.
 */

export const DEFAULT_DRAWS = 10_000;
export const MAX_DRAWS = 200_000;
/** The default seed: any fixed number would do; it is fixed so that a projection can be re-run and checked. */
export const DEFAULT_SEED = 19;
export const CENTRAL_INTERVAL = { lower: 0.05, upper: 0.95 } as const;

/** One action's estimates, as the projection reads them; a group or measure left out is not estimated. */
export interface ActionHarm {
  /** How the action is named where an estimate is missing ("action 2 (patrol)"). */
  label: string;
  effects: Readonly<Partial<Record<CasualtyGroup, GroupHarm>>>;
}

export interface ProjectionOptions {
  draws?: number;
  seed?: number;
}

export interface ProjectedTotal {
  /** Mean of the draws. */
  mean: number;
  /** 50th percentile of the draws (nearest rank). */
  median: number;
  /** The central interval of the draws: 5th and 95th percentiles (nearest rank). */
  interval: { low: number; high: number };
  /** Sum of lows and sum of highs: the total cannot fall outside them, however the actions depend on each other. */
  bounds: { low: number; high: number };
  /** The sum of the best estimates, for comparison with the mean (they differ when estimates are skewed). */
  sumOfBests: number;
  /** False when some action has no estimate for this group and measure: then every figure is a floor. */
  complete: boolean;
  /** The actions without an estimate, as "<action label>: <group> <measure>". */
  notEstimated: string[];
}

export interface CasualtyProjection {
  method: { distribution: 'triangular'; draws: number; seed: number; interval: { lower: number; upper: number }; description: string };
  byGroup: Record<CasualtyGroup, Record<HarmMeasure, ProjectedTotal>>;
  /** Everyone, every side: civilians, own forces, allies and opponents together. */
  all: Record<HarmMeasure, ProjectedTotal>;
}

/**
 * The u-quantile of the triangular distribution on [low, high] with mode best (its inverse CDF). It rises with each of
 * low, best and high for a fixed u, so two plans drawn with the same uniforms keep the order of their estimates.
 * Clamped to [low, high] against rounding at the ends; a point estimate (low = high) is returned as it is.
 */
export function triangularQuantile({ low, best, high }: LowBestHigh, u: number): number {
  if (high === low) return low;
  const width = high - low;
  const x = u * width < best - low ? low + Math.sqrt(u * width * (best - low)) : high - Math.sqrt((1 - u) * width * (high - best));
  return Math.min(high, Math.max(low, x));
}

/** The seed of one action's stream: the projection's seed mixed with the action's position (golden-ratio step). */
export function actionSeed(seed: number, index: number): number {
  return (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
}

/** Nearest-rank percentile of ascending values: the smallest value with at least p of the values at or below it. */
export function nearestRank(sorted: Float64Array | readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

const SERIES = [...CASUALTY_GROUPS, 'all'] as const;
type Series = (typeof SERIES)[number];
const key = (series: Series, measure: HarmMeasure) => `${series}.${measure}`;

export function describeProjectionMethod(draws: number, seed: number): string {
  return (
    `Monte Carlo, ${draws.toLocaleString('en')} draws, seed ${seed} (mulberry32, one stream per action). Each estimate is a ` +
    `triangular distribution on [low, high] with its mode at best; an action's estimates move together within a draw, ` +
    `actions are independent of one another. Reported: mean, median and the ${CENTRAL_INTERVAL.lower * 100}th–` +
    `${CENTRAL_INTERVAL.upper * 100}th percentile of the draws, and the plain bounds [sum of lows, sum of highs].`
  );
}

function checkOptions(draws: number, seed: number): void {
  if (!Number.isInteger(draws) || draws < 1 || draws > MAX_DRAWS) throw new RangeError(`draws must be a whole number from 1 to ${MAX_DRAWS}`);
  if (!Number.isInteger(seed)) throw new RangeError('seed must be a whole number');
}

export function projectCasualties(actions: readonly ActionHarm[], options: ProjectionOptions = {}): CasualtyProjection {
  const draws = options.draws ?? DEFAULT_DRAWS;
  const seed = options.seed ?? DEFAULT_SEED;
  checkOptions(draws, seed);

  const totals = new Map<string, Float64Array>();
  const bounds = new Map<string, { low: number; best: number; high: number }>();
  const missing = new Map<string, string[]>();
  for (const series of SERIES) {
    for (const measure of HARM_MEASURES) {
      totals.set(key(series, measure), new Float64Array(draws));
      bounds.set(key(series, measure), { low: 0, best: 0, high: 0 });
      missing.set(key(series, measure), []);
    }
  }

  actions.forEach((action, index) => {
    const estimates: { series: string; all: string; estimate: LowBestHigh }[] = [];
    for (const group of CASUALTY_GROUPS) {
      for (const measure of HARM_MEASURES) {
        const estimate = action.effects[group]?.[measure];
        if (!estimate) {
          missing.get(key(group, measure))!.push(`${action.label}: ${group} ${measure}`);
          missing.get(key('all', measure))!.push(`${action.label}: ${group} ${measure}`);
          continue;
        }
        estimates.push({ series: key(group, measure), all: key('all', measure), estimate });
        // Bounds are summed in the same order as the draws, so a draw's total can never round past them.
        for (const k of [key(group, measure), key('all', measure)]) {
          const b = bounds.get(k)!;
          b.low += estimate.low;
          b.best += estimate.best;
          b.high += estimate.high;
        }
      }
    }
    if (estimates.length === 0) return;
    const random = mulberry32(actionSeed(seed, index));
    for (let d = 0; d < draws; d++) {
      const u = random();
      for (const { series, all, estimate } of estimates) {
        const x = triangularQuantile(estimate, u);
        totals.get(series)![d]! += x;
        totals.get(all)![d]! += x;
      }
    }
  });

  const summarise = (series: Series, measure: HarmMeasure): ProjectedTotal => {
    const k = key(series, measure);
    const sorted = totals.get(k)!.sort();
    const b = bounds.get(k)!;
    let sum = 0;
    for (const x of sorted) sum += x;
    // The mean of draws that all lie within the bounds lies within them too; rounding in the sum is not let say otherwise.
    const mean = Math.min(b.high, Math.max(b.low, sum / draws));
    const notEstimated = missing.get(k)!;
    return {
      mean,
      median: nearestRank(sorted, 0.5),
      interval: { low: nearestRank(sorted, CENTRAL_INTERVAL.lower), high: nearestRank(sorted, CENTRAL_INTERVAL.upper) },
      bounds: { low: b.low, high: b.high },
      sumOfBests: b.best,
      complete: notEstimated.length === 0,
      notEstimated,
    };
  };

  const byMeasure = (series: Series) => Object.fromEntries(HARM_MEASURES.map((m) => [m, summarise(series, m)])) as Record<HarmMeasure, ProjectedTotal>;
  return {
    method: { distribution: 'triangular', draws, seed, interval: { ...CENTRAL_INTERVAL }, description: describeProjectionMethod(draws, seed) },
    byGroup: Object.fromEntries(CASUALTY_GROUPS.map((g) => [g, byMeasure(g)])) as Record<CasualtyGroup, Record<HarmMeasure, ProjectedTotal>>,
    all: byMeasure('all'),
  };
}
