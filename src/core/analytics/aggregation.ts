import { z } from 'zod';
import { countryCodeSchema } from '../countries.js';
import { boundingBoxSchema } from '../incident-filter.schema.js';
import { isoDate, type Estimate } from '../incident.schema.js';
import { THEMES, type DatePrecision, type LocationPrecision, type PersonStatus, type Theme, type ViolenceType } from '../taxonomy.js';
import { placeableInArea, placeInTime, type AreaLevel, type TimeBucket } from './placement.js';

/**
 * Aggregation with uncertainty: counts and casualty totals by time bucket, area, theme, party, casualty status and type
 * of violence.
 * Low, best and high are summed separately (a sum of bounds is a bound). An incident that cannot be placed in the unit
 * asked for is counted in `unplaced`, never put in a neighbouring unit; `coarseDates` says how many of those failed
 * because their date is coarser than the time bucket.
 */

/**
 * `violence` is UCDP's type of violence (state-based, non-state, one-sided; `other` for events outside organised
 * armed violence, null where none was given). `eventType` is the source data set's own event type as it classified
 * the event (ACLED's event type, its sub-event type left out; UCDP's type of violence in UCDP's words); null for
 * records entered in Haven.
 */
export const GROUP_DIMENSIONS = ['week', 'month', 'year', 'country', 'admin1', 'admin2', 'theme', 'actor', 'status', 'violence', 'eventType'] as const;

/** Where a stored source event type joins its sub-type (`Battles / Armed clash`): grouping takes the part before it. */
export const EVENT_SUBTYPE_SEPARATOR = ' / ';

export const topLevelEventType = (eventType: string): string => eventType.split(EVENT_SUBTYPE_SEPARATOR)[0]!;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

const TIME_DIMENSIONS: readonly GroupDimension[] = ['week', 'month', 'year'];
const AREA_DIMENSIONS: readonly GroupDimension[] = ['country', 'admin1', 'admin2'];
/** Dimensions an incident may have several values of: its counts then appear in each of its groups. */
export const MULTI_VALUED_DIMENSIONS: readonly GroupDimension[] = ['theme', 'actor', 'status'];

export const isTimeDimension = (d: GroupDimension): d is TimeBucket => TIME_DIMENSIONS.includes(d);
export const isAreaDimension = (d: GroupDimension): d is AreaLevel => AREA_DIMENSIONS.includes(d);

const groupBySchema = z
  .preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
    z.array(z.enum(GROUP_DIMENSIONS, { error: `must be one or two of ${GROUP_DIMENSIONS.join(', ')}` })).min(1).max(2, 'group by at most two dimensions'),
  )
  .refine((dims) => new Set(dims).size === dims.length, 'a dimension appears twice')
  .refine((dims) => dims.filter(isTimeDimension).length <= 1, 'group by one time bucket at most')
  .refine((dims) => dims.filter(isAreaDimension).length <= 1, 'group by one area level at most');

export const aggregateQuerySchema = z
  .object({
    /** Incidents whose date window overlaps [from, to], as in the register's filter. */
    from: isoDate.optional(),
    to: isoDate.optional(),
    country: countryCodeSchema.optional(),
    admin1: z.string().trim().min(1).max(200).optional(),
    theme: z.enum(THEMES).optional(),
    bbox: boundingBoxSchema.optional(),
    exercise: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
    groupBy: groupBySchema.default(['month']),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type AggregateQuery = z.output<typeof aggregateQuerySchema>;

const estimateSchema = z.object({ low: z.number(), best: z.number(), high: z.number() });
const totalsShape = { incidents: z.number().int(), killed: estimateSchema, injured: estimateSchema };

/** What GET /monitoring/aggregate answers: an AggregateResult. */
export const aggregateResultSchema = z.object({
  groups: z.array(z.object({ keys: z.partialRecord(z.enum(GROUP_DIMENSIONS), z.string().nullable()), ...totalsShape })),
  unplaced: z.object(totalsShape),
  coarseDates: z.number().int(),
  total: z.object(totalsShape),
  countsOverlap: z.boolean(),
});

export interface Totals {
  incidents: number;
  killed: Estimate;
  injured: Estimate;
}

/** A group's keys: the dimension asked for (an admin area also names its country); null = none (no theme, no party). */
export type GroupKeys = Partial<Record<GroupDimension, string | null>>;

export interface AggregateGroup extends Totals {
  keys: GroupKeys;
}

export interface AggregateResult {
  groups: AggregateGroup[];
  /** Incidents too imprecise (in place or date) for the units asked for; each counted once. */
  unplaced: Totals;
  /** Of those, the incidents whose date is coarser than the time bucket (or whose window spans two buckets). */
  coarseDates: number;
  /** Everything the filter matched, placed or not: groups (for single-valued dimensions) + unplaced = total. */
  total: Totals;
  /** True when a dimension is multi-valued (theme, actor, status): an incident's counts appear in each of its groups. */
  countsOverlap: boolean;
}

/** One row of a grouped count, as a database returns it: the keys and whether the rows were placed in them. */
export interface AggregateRow extends Totals {
  keys: GroupKeys;
  placedInArea: boolean;
  placedInTime: boolean;
}

export const zeroTotals = (): Totals => ({ incidents: 0, killed: { low: 0, best: 0, high: 0 }, injured: { low: 0, best: 0, high: 0 } });

export function addTotals(into: Totals, add: Totals): void {
  into.incidents += add.incidents;
  for (const field of ['killed', 'injured'] as const) {
    into[field].low += add[field].low;
    into[field].best += add[field].best;
    into[field].high += add[field].high;
  }
}

const keyString = (keys: GroupKeys, dims: readonly GroupDimension[]) => JSON.stringify(dims.map((d) => keys[d] ?? null));

function compareKeys(a: GroupKeys, b: GroupKeys, dims: readonly GroupDimension[]): number {
  for (const d of dims) {
    const x = a[d] ?? null;
    const y = b[d] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Builds the result from grouped rows. `total` must be counted separately when a dimension is multi-valued (the rows
 * then repeat incidents); for single-valued dimensions it is the sum of the rows.
 */
export function assembleAggregate(rows: readonly AggregateRow[], groupBy: readonly GroupDimension[], total?: Totals): AggregateResult {
  const dims: GroupDimension[] = [...groupBy];
  if (dims.includes('admin1') || dims.includes('admin2')) dims.unshift('country');
  const groups = new Map<string, AggregateGroup>();
  const unplaced = zeroTotals();
  const sum = zeroTotals();
  let coarseDates = 0;
  for (const row of rows) {
    addTotals(sum, row);
    if (!row.placedInArea || !row.placedInTime) {
      addTotals(unplaced, row);
      if (!row.placedInTime) coarseDates += row.incidents;
      continue;
    }
    const keys: GroupKeys = Object.fromEntries(dims.map((d) => [d, row.keys[d] ?? null]));
    const id = keyString(keys, dims);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { keys, ...zeroTotals() }));
    addTotals(group, row);
  }
  const countsOverlap = groupBy.some((d) => MULTI_VALUED_DIMENSIONS.includes(d));
  return {
    groups: [...groups.values()].sort((a, b) => compareKeys(a.keys, b.keys, dims)),
    unplaced,
    coarseDates,
    total: total ?? sum,
    countsOverlap,
  };
}

/** What aggregation reads of an incident. */
export interface AggregatedIncident {
  dateEarliest: string;
  dateLatest: string;
  datePrecision: DatePrecision;
  precision: LocationPrecision;
  country: string;
  admin1?: string | undefined;
  admin2?: string | undefined;
  themes: readonly Theme[];
  /** Names of the parties (actors that are not only targets). */
  parties: readonly string[];
  violenceType?: ViolenceType | undefined;
  /** The source data set's own event type (origin.eventType). */
  eventType?: string | undefined;
  /** Casualty totals per kind and status. */
  casualties: readonly { kind: string; status: PersonStatus; group?: string | undefined; low: number; best: number; high: number }[];
  killed: Estimate;
  injured: Estimate;
}

/**
 * The reference aggregation in memory, rule for rule what the store's SQL does: used by the tests as the
 * specification, and by callers that already hold the incidents.
 */
export function aggregateIncidents(incidents: readonly AggregatedIncident[], groupBy: readonly GroupDimension[]): AggregateResult {
  const rows: AggregateRow[] = [];
  const total = zeroTotals();
  for (const incident of incidents) {
    const own: Totals = { incidents: 1, killed: { ...incident.killed }, injured: { ...incident.injured } };
    addTotals(total, own);
    let placedInTime = true;
    let placedInArea = true;
    const fixed: GroupKeys = {};
    for (const d of groupBy) {
      if (isTimeDimension(d)) {
        const key = placeInTime(incident, d);
        if (key === undefined) placedInTime = false;
        else fixed[d] = key;
      } else if (isAreaDimension(d)) {
        const name = d === 'country' ? incident.country : d === 'admin1' ? incident.admin1 : incident.admin2;
        if (!placeableInArea(d, incident.precision, name)) placedInArea = false;
        else {
          fixed[d] = name ?? null;
          fixed.country = incident.country;
        }
      } else if (d === 'violence') {
        fixed.violence = incident.violenceType ?? null;
      } else if (d === 'eventType') {
        fixed.eventType = incident.eventType ? topLevelEventType(incident.eventType) : null;
      }
    }
    if (!placedInTime || !placedInArea) {
      rows.push({ keys: {}, placedInArea, placedInTime, ...own });
      continue;
    }
    // Expand multi-valued dimensions: one row per combination of values (or one null when the incident has none).
    let combos: { keys: GroupKeys; totals: Totals }[] = [{ keys: fixed, totals: own }];
    for (const d of groupBy) {
      if (d === 'theme' || d === 'actor') {
        const values = d === 'theme' ? [...new Set(incident.themes)] : [...new Set(incident.parties)];
        const options = values.length ? values : [null];
        combos = combos.flatMap((c) => options.map((v) => ({ keys: { ...c.keys, [d]: v }, totals: c.totals })));
      } else if (d === 'status') {
        const statuses = [...new Set(incident.casualties.map((c) => c.status))];
        combos = combos.flatMap((c): { keys: GroupKeys; totals: Totals }[] => {
          if (statuses.length === 0) return [{ keys: { ...c.keys, status: null }, totals: c.totals }];
          return statuses.map((status) => {
            const of = (kind: string) => {
              const e = { low: 0, best: 0, high: 0 };
              for (const x of incident.casualties) {
                // A group count (health workers …) is a part of the ungrouped count, never added to it.
                if (x.group !== undefined || x.kind !== kind || x.status !== status) continue;
                e.low += x.low;
                e.best += x.best;
                e.high += x.high;
              }
              return e;
            };
            return { keys: { ...c.keys, status }, totals: { incidents: 1, killed: of('killed'), injured: of('injured') } };
          });
        });
      }
    }
    for (const c of combos) rows.push({ keys: c.keys, placedInArea: true, placedInTime: true, ...c.totals });
  }
  return assembleAggregate(rows, groupBy, total);
}
