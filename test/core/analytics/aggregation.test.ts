import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateIncidents,
  aggregateQuerySchema,
  GROUP_DIMENSIONS,
  MULTI_VALUED_DIMENSIONS,
  type AggregatedIncident,
  type Totals,
} from '../../../src/core/analytics/aggregation.js';
import { AREA_PRECISIONS, h3Precisions, TIME_BUCKETS, placeableInArea, placeInTime, weekStartOf } from '../../../src/core/analytics/placement.js';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, PERSON_STATUSES, THEMES, VIOLENCE_TYPES } from '../../../src/core/taxonomy.js';

const estimate = fc.tuple(fc.nat(500), fc.nat(500), fc.nat(500)).map((xs) => {
  const [low, best, high] = xs.sort((a, b) => a - b);
  return { low, best, high };
});

const day = fc.integer({ min: 0, max: 3 * 365 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

const incident: fc.Arbitrary<AggregatedIncident> = fc
  .record({
    start: day,
    span: fc.oneof(fc.constant(0), fc.nat(40), fc.nat(400)),
    datePrecision: fc.constantFrom(...DATE_PRECISIONS),
    precision: fc.constantFrom(...LOCATION_PRECISIONS),
    country: fc.constantFrom('MMR', 'NGA', 'UKR'),
    admin1: fc.option(fc.constantFrom('North', 'South', ''), { nil: undefined }),
    admin2: fc.option(fc.constantFrom('D1', 'D2'), { nil: undefined }),
    themes: fc.uniqueArray(fc.constantFrom(...THEMES), { maxLength: 3 }),
    parties: fc.uniqueArray(fc.constantFrom('Army', 'Group A', 'Group B'), { maxLength: 2 }),
    violenceType: fc.option(fc.constantFrom(...VIOLENCE_TYPES), { nil: undefined }),
    eventType: fc.option(fc.constantFrom('Battles / Armed clash', 'Battles', 'Protests / Peaceful protest'), { nil: undefined }),
    casualties: fc.uniqueArray(fc.record({ kind: fc.constantFrom('killed', 'injured', 'displaced'), status: fc.constantFrom(...PERSON_STATUSES), e: estimate }), {
      selector: (c) => `${c.kind}/${c.status}`,
      maxLength: 5,
    }),
  })
  .map((r) => {
    const sum = (kind: string) =>
      r.casualties.filter((c) => c.kind === kind).reduce((s, c) => ({ low: s.low + c.e.low, best: s.best + c.e.best, high: s.high + c.e.high }), { low: 0, best: 0, high: 0 });
    return {
      dateEarliest: r.start,
      dateLatest: new Date(Date.parse(r.start) + r.span * 86_400_000).toISOString().slice(0, 10),
      datePrecision: r.datePrecision,
      precision: r.precision,
      country: r.country,
      admin1: r.admin1,
      admin2: r.admin2,
      themes: r.themes,
      parties: r.parties,
      violenceType: r.violenceType,
      eventType: r.eventType,
      casualties: r.casualties.map((c) => ({ kind: c.kind, status: c.status, ...c.e })),
      killed: sum('killed'),
      injured: sum('injured'),
    };
  });

const groupBy = fc
  .uniqueArray(fc.constantFrom(...GROUP_DIMENSIONS), { minLength: 1, maxLength: 2 })
  .filter((dims) => aggregateQuerySchema.safeParse({ groupBy: dims.join(',') }).success);

const FIELDS = [(t: Totals) => t.incidents, ...(['killed', 'injured'] as const).flatMap((k) => (['low', 'best', 'high'] as const).map((b) => (t: Totals) => t[k][b]))];

describe('aggregation with uncertainty', () => {
  it('groups plus unplaced add up to the grand total in every field, for single-valued dimensions', () => {
    fc.assert(
      fc.property(fc.array(incident, { maxLength: 60 }), groupBy.filter((d) => !d.some((x) => MULTI_VALUED_DIMENSIONS.includes(x))), (incidents, dims) => {
        const result = aggregateIncidents(incidents, dims);
        expect(result.total.incidents).toBe(incidents.length);
        for (const field of FIELDS) {
          const grand = incidents.reduce((s, i) => s + field({ incidents: 1, killed: i.killed, injured: i.injured }), 0);
          expect(field(result.total)).toBe(grand);
          expect(result.groups.reduce((s, g) => s + field(g), 0) + field(result.unplaced)).toBe(grand);
        }
        expect(result.countsOverlap).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps low ≤ best ≤ high in every group and in the unplaced count', () => {
    fc.assert(
      fc.property(fc.array(incident, { maxLength: 60 }), groupBy, (incidents, dims) => {
        const result = aggregateIncidents(incidents, dims);
        for (const t of [...result.groups, result.unplaced, result.total]) {
          for (const k of ['killed', 'injured'] as const) {
            expect(t[k].low).toBeLessThanOrEqual(t[k].best);
            expect(t[k].best).toBeLessThanOrEqual(t[k].high);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('counts an incident once in unplaced even when a dimension is multi-valued, and in each of its groups otherwise', () => {
    fc.assert(
      fc.property(fc.array(incident, { maxLength: 40 }), groupBy.filter((d) => d.some((x) => MULTI_VALUED_DIMENSIONS.includes(x))), (incidents, dims) => {
        const result = aggregateIncidents(incidents, dims);
        expect(result.countsOverlap).toBe(true);
        const placed = result.total.incidents - result.unplaced.incidents;
        const inGroups = result.groups.reduce((s, g) => s + g.incidents, 0);
        expect(inGroups).toBeGreaterThanOrEqual(placed);
        // Deaths split by casualty status or counted per theme: never fewer than the placed incidents' deaths.
        if (!dims.includes('status')) {
          const placedKilled = result.total.killed.best - result.unplaced.killed.best;
          expect(result.groups.reduce((s, g) => s + g.killed.best, 0)).toBeGreaterThanOrEqual(placedKilled);
        } else if (dims.length === 1) {
          // Casualty statuses partition the deaths: their sum is exactly the placed incidents' deaths.
          expect(result.groups.reduce((s, g) => s + g.killed.best, 0)).toBe(result.total.killed.best - result.unplaced.killed.best);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never puts an incident in a bucket its date window or precision does not fit', () => {
    fc.assert(
      fc.property(incident, fc.constantFrom(...TIME_BUCKETS), (i, bucket) => {
        const key = placeInTime(i, bucket);
        if (key === undefined) return;
        const first = bucket === 'week' ? weekStartOf(i.dateEarliest) : i.dateEarliest.slice(0, bucket === 'month' ? 7 : 4);
        const last = bucket === 'week' ? weekStartOf(i.dateLatest) : i.dateLatest.slice(0, bucket === 'month' ? 7 : 4);
        expect(first).toBe(key);
        expect(last).toBe(key);
        const order = DATE_PRECISIONS.indexOf(i.datePrecision);
        expect(order).toBeLessThanOrEqual(bucket === 'week' ? 2 : bucket === 'month' ? 3 : 4);
      }),
    );
  });

  it('places by area only precisions that name the area', () => {
    expect(AREA_PRECISIONS.admin1).toEqual(['exact', 'within_25km', 'admin2', 'admin1']);
    expect(AREA_PRECISIONS.admin2).toEqual(['exact', 'within_25km', 'admin2']);
    expect(placeableInArea('admin1', 'admin1', 'Rakhine')).toBe(true);
    expect(placeableInArea('admin1', 'region', 'Rakhine')).toBe(false);
    expect(placeableInArea('admin1', 'exact', undefined)).toBe(false);
    expect(placeableInArea('admin2', 'admin1', 'Sittwe')).toBe(false);
    expect(placeableInArea('country', 'country', undefined)).toBe(true);
    expect(placeableInArea('country', 'water_or_air', undefined)).toBe(false);
  });

  it('lets an H3 cell take only precisions whose radius is below its edge', () => {
    expect(h3Precisions(0)).toEqual(['exact', 'within_25km', 'admin2', 'admin1', 'region']);
    expect(h3Precisions(3)).toEqual(['exact', 'within_25km', 'admin2']);
    expect(h3Precisions(4)).toEqual(['exact', 'within_25km']);
    expect(h3Precisions(5)).toEqual(['exact']);
    expect(h3Precisions(9)).toEqual([]);
  });

  it('a worked example: a month series with a province-level event under admin1 and a year-precision one', () => {
    const base: AggregatedIncident = {
      dateEarliest: '2023-05-03',
      dateLatest: '2023-05-03',
      datePrecision: 'day',
      precision: 'exact',
      country: 'MMR',
      admin1: 'Sagaing',
      themes: ['protection_of_civilians'],
      parties: ['Army'],
      casualties: [{ kind: 'killed', status: 'civilian', low: 2, best: 3, high: 5 }],
      killed: { low: 2, best: 3, high: 5 },
      injured: { low: 0, best: 0, high: 0 },
    };
    const result = aggregateIncidents(
      [
        base,
        { ...base, dateEarliest: '2023-05-20', dateLatest: '2023-05-21', datePrecision: 'days', precision: 'admin1' },
        { ...base, dateEarliest: '2023-01-01', dateLatest: '2023-12-31', datePrecision: 'year' },
        { ...base, precision: 'country', admin1: undefined },
      ],
      ['month', 'admin1'],
    );
    expect(result.groups).toEqual([{ keys: { country: 'MMR', month: '2023-05', admin1: 'Sagaing' }, incidents: 2, killed: { low: 4, best: 6, high: 10 }, injured: { low: 0, best: 0, high: 0 } }]);
    expect(result.unplaced.incidents).toBe(2);
    expect(result.coarseDates).toBe(1);
  });

  it('groups by the source event type without its sub-type, and by type of violence', () => {
    const base: AggregatedIncident = {
      dateEarliest: '2023-05-03',
      dateLatest: '2023-05-03',
      datePrecision: 'day',
      precision: 'exact',
      country: 'UKR',
      themes: [],
      parties: [],
      casualties: [],
      killed: { low: 1, best: 1, high: 1 },
      injured: { low: 0, best: 0, high: 0 },
    };
    const result = aggregateIncidents(
      [
        { ...base, eventType: 'Battles / Armed clash', violenceType: 'state_based' },
        { ...base, eventType: 'Battles / Government regains territory', violenceType: 'non_state' },
        { ...base, eventType: 'Violence against civilians / Attack', violenceType: 'one_sided' },
        { ...base, violenceType: 'one_sided' },
      ],
      ['eventType', 'violence'],
    );
    expect(result.groups.map((g) => [g.keys.eventType, g.keys.violence, g.incidents])).toEqual([
      ['Battles', 'non_state', 1],
      ['Battles', 'state_based', 1],
      ['Violence against civilians', 'one_sided', 1],
      [null, 'one_sided', 1],
    ]);
    expect(aggregateIncidents([{ ...base, eventType: 'Battles / Armed clash' }, { ...base, eventType: 'Battles' }], ['eventType']).groups).toEqual([
      { keys: { eventType: 'Battles' }, incidents: 2, killed: { low: 2, best: 2, high: 2 }, injured: { low: 0, best: 0, high: 0 } },
    ]);
  });

  it('refuses two time buckets, two area levels, a repeated or unknown dimension', () => {
    for (const groupBy of ['month,year', 'country,admin1', 'theme,theme', 'district', 'month,theme,actor']) {
      expect(aggregateQuerySchema.safeParse({ groupBy }).success, groupBy).toBe(false);
    }
    expect(aggregateQuerySchema.parse({ groupBy: 'month,theme' }).groupBy).toEqual(['month', 'theme']);
    expect(aggregateQuerySchema.parse({}).groupBy).toEqual(['month']);
  });
});

