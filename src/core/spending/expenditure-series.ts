import type { MilexFlag, MilexMeasure, MilexObservation } from './military-expenditure.js';
import { SUMMABLE_MEASURES } from './military-expenditure.js';

/** One year of one series: `value` null is a gap (with the reason in `flags`), drawn as a break, never as zero. */
export interface SeriesPoint {
  year: number;
  value: number | null;
  flags: MilexFlag[];
}

export interface ExpenditureSeries {
  entity: string;
  country: string | null;
  measure: MilexMeasure;
  points: SeriesPoint[];
}

/** Each entity's series of one measure over [from, to], one point per year (a year absent from the data is a gap). */
export function expenditureSeries(observations: readonly MilexObservation[], entities: readonly string[], measure: MilexMeasure, from: number, to: number): ExpenditureSeries[] {
  return entities.map((entity) => {
    const byYear = new Map(observations.filter((o) => o.entity === entity).map((o) => [o.year, o]));
    const first = byYear.values().next().value;
    const points: SeriesPoint[] = [];
    for (let year = from; year <= to; year += 1) {
      const o = byYear.get(year);
      points.push(o ? { year, value: o[measure], flags: o.flags } : { year, value: null, flags: ['some_unavailable'] });
    }
    return { entity, country: first?.country ?? null, measure, points };
  });
}

/**
 * A total over a group of countries for one year, with what it leaves out: a country that existed that year but has
 * no figure is named in `missing`, so a total over incomplete data says it is incomplete.
 */
export interface GroupTotal {
  group: string;
  year: number;
  /** Null when no state of the group has a figure that year: a gap, not a total of 0. */
  total: number | null;
  counted: number;
  /** Independent states that year without a figure for the measure. */
  missing: string[];
  /** Counted figures SIPRI marks as estimates or highly uncertain. */
  estimated: number;
}

export type Grouping = 'world' | 'region' | 'subregion';

/**
 * Totals of a summable measure (constant or current US$) by year for the world, or by SIPRI region or subregion.
 * Counted: the states SIPRI counts in its totals — countries and former states in the years they existed; a body such
 * as the European Union is left out, as its members' own spending already counts.
 */
export function groupTotals(observations: readonly MilexObservation[], measure: MilexMeasure, grouping: Grouping, from: number, to: number): GroupTotal[] {
  if (!SUMMABLE_MEASURES.has(measure)) throw new RangeError(`${measure} does not add up across countries; only amounts in US$ have totals`);
  const totals = new Map<string, GroupTotal>();
  for (const o of observations) {
    if (o.kind === 'organisation' || o.year < from || o.year > to || o.flags.includes('not_independent')) continue;
    const group = grouping === 'world' ? 'World' : (grouping === 'region' ? o.region : o.subregion) ?? 'Not given';
    const key = `${group}\u0000${o.year}`;
    const total = totals.get(key) ?? { group, year: o.year, total: null, counted: 0, missing: [], estimated: 0 };
    const value = o[measure];
    if (value === null) total.missing.push(o.entity);
    else {
      total.total = (total.total ?? 0) + value;
      total.counted += 1;
      if (o.flags.includes('estimate') || o.flags.includes('uncertain')) total.estimated += 1;
    }
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => a.group.localeCompare(b.group) || a.year - b.year);
}
