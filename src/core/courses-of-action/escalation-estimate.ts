import { addDays } from '../analytics/placement.js';
import { mulberry32 } from '../seeded-random.js';
import { HOSTILITIES_PURPOSES, LAW_ENFORCEMENT_PURPOSES, LIFE_PROTECTING_PURPOSES } from '../use-of-force/purposes.js';
import type { ForcePurpose } from '../use-of-force/force-request.schema.js';
import { PROTECTIVE_ACTION_KINDS, type PlannedAction } from './planning.schema.js';
import { DEFAULT_SEED, nearestRank } from './uncertainty.js';

/**
 * How violence changed after comparable actions, read from the register: for each past action of the same kind, the
 * incidents and deaths (best estimates) recorded in its area cell in the N weeks after it, against the N weeks before.
 * The changes are summarised by their mean and median, a bootstrap interval for the mean and a sign test on their
 * direction. Below a stated minimum of comparable actions it answers "not enough data" — never an invented number.
 * Design and limits (confounding, where actions happen, small samples): docs/courses-of-action.md.
 */

/**
 * What makes two actions comparable: the same protective kind, or force in the same family of purposes (an air strike
 * on a military objective is not compared with an arrest team's force, nor with force that protects civilians).
 */
export const COMPARABLE_KINDS = [...PROTECTIVE_ACTION_KINDS, 'force_hostilities', 'force_law_enforcement', 'force_protection', 'force_other'] as const;
export type ComparableKind = (typeof COMPARABLE_KINDS)[number];

export function forceKindOf(purpose: ForcePurpose): ComparableKind {
  if (HOSTILITIES_PURPOSES.includes(purpose)) return 'force_hostilities';
  if (LAW_ENFORCEMENT_PURPOSES.includes(purpose)) return 'force_law_enforcement';
  if (LIFE_PROTECTING_PURPOSES.includes(purpose)) return 'force_protection';
  return 'force_other';
}

export function comparableKindOf(action: PlannedAction): ComparableKind {
  return action.kind === 'force' ? forceKindOf(action.request.purpose) : action.kind;
}

/** An incident as the estimate reads it: its date range (YYYY-MM-DD, inclusive), its area cell, its deaths (best). */
export interface RegisterIncident {
  dateEarliest: string;
  dateLatest: string;
  /** The area cell the incident's location fits (an H3 cell, an admin area): the caller places it, as precision allows. */
  cell: string;
  deaths: number;
}

/** A past action recorded in the register: a force request carried out, a protective action recorded. */
export interface PastAction {
  kind: ComparableKind;
  date: string;
  cell: string;
  /** The record it comes from, for the reader to look up. */
  ref?: string;
}

export interface EscalationRegister {
  /** The days the register's incidents cover (inclusive): a window reaching outside them cannot be counted. */
  coverage: { from: string; to: string };
  incidents: readonly RegisterIncident[];
  pastActions: readonly PastAction[];
}

export interface EscalationOptions {
  /** Weeks before and after each action (default 4). */
  weeks?: number;
  /** The fewest comparable actions an estimate is given for (default 6). */
  minimumActions?: number;
  /** Bootstrap resamples (default 2,000) and the seed of their generator. */
  resamples?: number;
  seed?: number;
}

export const DEFAULT_ESCALATION_WEEKS = 4;
/**
 * Six: the fewest actions at which the two-sided sign test can say anything at the 5 % level (all six in one
 * direction gives p = 2/64 ≈ 0.031; five give 2/32 ≈ 0.063). Fewer, and no direction could be told from chance.
 */
export const DEFAULT_MINIMUM_ACTIONS = 6;
export const DEFAULT_RESAMPLES = 2000;
/** The bootstrap interval: 5th to 95th percentile of the resampled means. */
export const BOOTSTRAP_INTERVAL = { lower: 0.05, upper: 0.95 } as const;

export interface ChangeSummary {
  /** Per week, averaged over the actions: before, after, and the change (after − before). */
  meanBefore: number;
  meanAfter: number;
  meanChange: number;
  medianChange: number;
  /** Percentile bootstrap interval (5th–95th) of the mean change, resampling actions with replacement. */
  interval: { low: number; high: number };
  /** The direction of each action's change, and the two-sided exact sign test on rises against falls (ties left out). */
  signTest: { rises: number; falls: number; ties: number; pValue: number };
}

/** One comparable action as counted: its windows' counts, per week. */
export interface CountedAction {
  kind: ComparableKind;
  date: string;
  cell: string;
  ref?: string;
  before: { incidents: number; deaths: number };
  after: { incidents: number; deaths: number };
}

export type EscalationEstimate =
  | {
      status: 'estimated';
      kind: ComparableKind;
      weeks: number;
      sample: { actions: number; areas: number; excludedOutsideCoverage: number; straddlingIncidents: number };
      incidentsPerWeek: ChangeSummary;
      deathsPerWeek: ChangeSummary;
      actions: CountedAction[];
      method: string;
    }
  | {
      status: 'not_enough_data';
      kind: ComparableKind;
      weeks: number;
      /** Comparable actions needed, and those the register holds with both windows inside its coverage. */
      needed: number;
      have: number;
      excludedOutsideCoverage: number;
      reason: string;
      method: string;
    };

/** Two-sided exact sign test: P(a split at least as uneven as k of n) under a fair coin, capped at 1. */
export function signTestPValue(rises: number, falls: number): number {
  const n = rises + falls;
  if (n === 0) return 1;
  const k = Math.min(rises, falls);
  let tail = 0;
  let choose = 1; // C(n, 0)
  for (let i = 0; i <= k; i++) {
    tail += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mean = (values: readonly number[]): number => values.reduce((s, x) => s + x, 0) / values.length;

/** Percentile bootstrap of the mean: resample with replacement, `resamples` times, from a seeded generator. */
export function bootstrapMeanInterval(values: readonly number[], resamples: number, seed: number): { low: number; high: number } {
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
    means[r] = sum / values.length;
  }
  means.sort();
  return { low: nearestRank(means, BOOTSTRAP_INTERVAL.lower), high: nearestRank(means, BOOTSTRAP_INTERVAL.upper) };
}

function summarise(before: readonly number[], after: readonly number[], resamples: number, seed: number): ChangeSummary {
  const changes = after.map((a, i) => a - before[i]!);
  const rises = changes.filter((c) => c > 0).length;
  const falls = changes.filter((c) => c < 0).length;
  return {
    meanBefore: mean(before),
    meanAfter: mean(after),
    meanChange: mean(changes),
    medianChange: median(changes),
    interval: bootstrapMeanInterval(changes, resamples, seed),
    signTest: { rises, falls, ties: changes.length - rises - falls, pValue: signTestPValue(rises, falls) },
  };
}

export function describeEscalationEstimate(weeks: number, minimumActions: number, resamples: number, seed: number): string {
  return (
    `For each past action of the same kind, incidents and deaths (best estimates) recorded in its area cell in the ${weeks} ` +
    `weeks after it (from the next day) against the ${weeks} weeks before it (to the day before); the day of the action is ` +
    `in neither, and an incident counts only when its whole date range lies in one window. Actions whose windows reach ` +
    `outside the register's coverage are left out. Changes are per week; summarised by mean and median, a percentile ` +
    `bootstrap interval (${BOOTSTRAP_INTERVAL.lower * 100}th–${BOOTSTRAP_INTERVAL.upper * 100}th, ${resamples.toLocaleString('en')} ` +
    `resamples, seed ${seed}) for the mean, and a two-sided exact sign test on rises against falls. At least ${minimumActions} ` +
    `comparable actions are needed; with fewer the answer is "not enough data". Before-and-after in the same place, no ` +
    `control areas: a change that follows actions is not shown to be caused by them.`
  );
}

function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}`);
}

export function estimateEscalation(kind: ComparableKind, register: EscalationRegister | undefined, options: EscalationOptions = {}): EscalationEstimate {
  const weeks = options.weeks ?? DEFAULT_ESCALATION_WEEKS;
  const minimumActions = options.minimumActions ?? DEFAULT_MINIMUM_ACTIONS;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  checkWhole('weeks', weeks, 1, 52);
  checkWhole('minimumActions', minimumActions, 2, 10_000);
  checkWhole('resamples', resamples, 100, 100_000);
  const method = describeEscalationEstimate(weeks, minimumActions, resamples, seed);
  const days = 7 * weeks;

  if (!register) {
    return { status: 'not_enough_data', kind, weeks, needed: minimumActions, have: 0, excludedOutsideCoverage: 0, reason: 'no register data was given for the estimate', method };
  }

  const sameKind = register.pastActions.filter((a) => a.kind === kind);
  const inCoverage = sameKind.filter((a) => addDays(a.date, -days) >= register.coverage.from && addDays(a.date, days) <= register.coverage.to);
  const excludedOutsideCoverage = sameKind.length - inCoverage.length;

  if (inCoverage.length < minimumActions) {
    return {
      status: 'not_enough_data',
      kind,
      weeks,
      needed: minimumActions,
      have: inCoverage.length,
      excludedOutsideCoverage,
      reason:
        `${inCoverage.length} comparable ${kind.replaceAll('_', ' ')} action(s) with ${weeks} weeks of register before and after` +
        (excludedOutsideCoverage > 0 ? ` (${excludedOutsideCoverage} more too close to the edge of the register's coverage)` : '') +
        `; at least ${minimumActions} are needed`,
      method,
    };
  }

  const byCell = new Map<string, RegisterIncident[]>();
  for (const incident of register.incidents) {
    const list = byCell.get(incident.cell);
    if (list) list.push(incident);
    else byCell.set(incident.cell, [incident]);
  }

  let straddlingIncidents = 0;
  const counted: CountedAction[] = inCoverage.map((action) => {
    const before = { from: addDays(action.date, -days), to: addDays(action.date, -1) };
    const after = { from: addDays(action.date, 1), to: addDays(action.date, days) };
    const counts = { before: { incidents: 0, deaths: 0 }, after: { incidents: 0, deaths: 0 } };
    for (const incident of byCell.get(action.cell) ?? []) {
      // Outside the whole span: not this action's business.
      if (incident.dateLatest < before.from || incident.dateEarliest > after.to) continue;
      const window = incident.dateEarliest >= before.from && incident.dateLatest <= before.to ? counts.before : incident.dateEarliest >= after.from && incident.dateLatest <= after.to ? counts.after : undefined;
      if (!window) {
        // Dated too loosely to say which side of the action (or on its day): counted nowhere, and said so.
        straddlingIncidents++;
        continue;
      }
      window.incidents++;
      window.deaths += incident.deaths;
    }
    const perWeek = (c: { incidents: number; deaths: number }) => ({ incidents: c.incidents / weeks, deaths: c.deaths / weeks });
    return { kind, date: action.date, cell: action.cell, ...(action.ref !== undefined && { ref: action.ref }), before: perWeek(counts.before), after: perWeek(counts.after) };
  });

  return {
    status: 'estimated',
    kind,
    weeks,
    sample: { actions: counted.length, areas: new Set(counted.map((a) => a.cell)).size, excludedOutsideCoverage, straddlingIncidents },
    incidentsPerWeek: summarise(
      counted.map((a) => a.before.incidents),
      counted.map((a) => a.after.incidents),
      resamples,
      seed,
    ),
    deathsPerWeek: summarise(
      counted.map((a) => a.before.deaths),
      counted.map((a) => a.after.deaths),
      resamples,
      seed + 1,
    ),
    actions: counted,
    method,
  };
}
