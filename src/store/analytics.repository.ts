import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import {
  assembleAggregate,
  EVENT_SUBTYPE_SEPARATOR,
  isAreaDimension,
  isTimeDimension,
  zeroTotals,
  type AggregateQuery,
  type AggregateResult,
  type AggregateRow,
  type GroupDimension,
  type Totals,
} from '../core/analytics/aggregation.js';
import type { ForceRequestFacts } from '../core/analytics/force-request-figures.js';
import { addDays, AREA_PRECISIONS, BUCKET_PRECISIONS, type TimeBucket } from '../core/analytics/placement.js';
import type { IncidentFilter, BoundingBox } from '../core/incident-filter.schema.js';
import type { Estimate } from '../core/incident.schema.js';
import { FORCE_PURPOSES, WEAPON_CLASSES } from '../core/use-of-force/force-request.schema.js';
import { REQUEST_STATUSES } from '../core/use-of-force/request-workflow.js';
import { LOCATION_PRECISIONS, type DatePrecision, type LocationPrecision, type Theme } from '../core/taxonomy.js';
import type { DatabaseKind, Db } from './database.js';
import type { IncidentRepository } from './incident.repository.js';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './database.js';
import type { Audience } from './record-visibility.js';

/** Area levels the database groups by itself (H3 cells are binned in the application from points). */
export type NamedAreaLevel = 'country' | 'admin1';

export interface WeeklyAreaCount {
  country: string;
  /** Set for level admin1. */
  admin1: string | null;
  week: string;
  incidents: number;
  deaths: number;
}

export interface PeriodFigures {
  inside: Totals;
  /** Deaths per casualty status (civilian, own_force …) among the incidents inside the period. */
  killedByStatus: Record<string, Estimate>;
  /** Incidents whose date window overlaps the period without lying inside it. */
  straddling: number;
}

export interface PointQuery {
  country?: string | undefined;
  bbox?: BoundingBox | undefined;
  from?: string | undefined;
  to?: string | undefined;
  exercise?: boolean | undefined;
  /** Only incidents with these location precisions (those precise enough for the cells asked for). */
  precisions: readonly LocationPrecision[];
}

/** Incidents as columns: compact enough for a country's hundred thousand points. */
export interface IncidentPointColumns {
  length: number;
  lat: Float64Array;
  lon: Float64Array;
  /** Index into LOCATION_PRECISIONS. */
  precision: Uint8Array;
  killedBest: Float64Array;
  ids: string[];
  dateEarliest: string[];
  dateLatest: string[];
  datePrecision: DatePrecision[];
}

const PRECISION_INDEX = new Map<string, number>(LOCATION_PRECISIONS.map((p, i) => [p, i]));
/** The stored payload is `{ request, roe }` (see force-request.service.ts); the scorecard needs only the weapon. */
const storedWeapon = z
  .object({ request: z.object({ means: z.object({ weapon: z.enum(WEAPON_CLASSES) }) }) })
  .transform((p) => p.request.means.weapon)
  .optional()
  .catch(undefined);
const requestColumns = z.object({ purpose: z.enum(FORCE_PURPOSES), status: z.enum(REQUEST_STATUSES) });

type IncidentQuery<O> = SelectQueryBuilder<Database, 'incidents', O>;

const num = (value: number | string | bigint | null | undefined) => Number(value ?? 0);

/**
 * The monitoring reads: grouped counts done by the database (GROUP BY over the register, in one query), weekly series
 * per area, and points for hexagonal binning. Every read answers for an audience, as the register's own list does.
 */
export class AnalyticsRepository {
  constructor(
    private readonly kind: DatabaseKind,
    private readonly incidents: IncidentRepository,
  ) {}

  /** The week's Monday of a date column, as YYYY-MM-DD. */
  private weekOf(column: RawBuilder<unknown>): RawBuilder<string> {
    return this.kind === 'sqlite' ? sql<string>`date(${column}, 'weekday 0', '-6 days')` : sql<string>`to_char(date_trunc('week', cast(${column} as date)), 'YYYY-MM-DD')`;
  }

  private bucketOf(column: RawBuilder<unknown>, bucket: TimeBucket): RawBuilder<string> {
    switch (bucket) {
      case 'week':
        return this.weekOf(column);
      case 'month':
        return sql<string>`substr(${column}, 1, 7)`;
      case 'year':
        return sql<string>`substr(${column}, 1, 4)`;
    }
  }

  /** The event type without its sub-type, as `topLevelEventType` in the core. */
  private topLevelEventType(column: Expression<string | null>): RawBuilder<string | null> {
    const separator = EVENT_SUBTYPE_SEPARATOR;
    return this.kind === 'sqlite'
      ? sql<string | null>`case when instr(${column}, ${separator}) > 0 then substr(${column}, 1, instr(${column}, ${separator}) - 1) else ${column} end`
      : sql<string | null>`split_part(${column}, ${separator}, 1)`;
  }

  /** The incident fits the bucket: a fine enough date precision, and its whole window in one bucket. */
  private fitsBucket(bucket: TimeBucket): RawBuilder<SqlBool> {
    const earliest = sql.ref('incidents.date_earliest');
    const latest = sql.ref('incidents.date_latest');
    return sql<SqlBool>`(incidents.date_precision in (${sql.join(BUCKET_PRECISIONS[bucket])}) and ${this.bucketOf(earliest, bucket)} = ${this.bucketOf(latest, bucket)})`;
  }

  private fitsArea(level: 'country' | 'admin1' | 'admin2'): RawBuilder<SqlBool> {
    const precise = sql<SqlBool>`incidents.location_precision in (${sql.join(AREA_PRECISIONS[level])})`;
    if (level === 'country') return precise;
    const name = sql.ref(`incidents.${level}`);
    return sql<SqlBool>`(${precise} and ${name} is not null and ${name} <> '')`;
  }

  private filterOf(query: { from?: string | undefined; to?: string | undefined; country?: string | undefined; theme?: Theme | undefined; bbox?: BoundingBox | undefined; exercise?: boolean | undefined }): IncidentFilter {
    return {
      ...(query.from && { from: query.from }),
      ...(query.to && { to: query.to }),
      ...(query.country && { countries: [query.country] }),
      ...(query.theme && { themes: [query.theme] }),
      ...(query.bbox && { bbox: query.bbox }),
      ...(query.exercise !== undefined && { exercise: query.exercise }),
    };
  }

  /**
   * Grouped counts and casualty sums, in one GROUP BY. Keys are computed only for incidents that fit the units (the
   * others group under their placement flags), and multi-valued dimensions are joined only for placed incidents, so
   * an unplaced incident is counted once.
   */
  async aggregate(db: Db, query: AggregateQuery, audience: Audience): Promise<AggregateResult> {
    const dims = query.groupBy;
    const timeDim = dims.find(isTimeDimension);
    const areaDim = dims.find(isAreaDimension);
    const timeOk: Expression<SqlBool> = timeDim ? this.fitsBucket(timeDim) : sql<SqlBool>`1 = 1`;
    const areaOk: Expression<SqlBool> = areaDim ? this.fitsArea(areaDim) : sql<SqlBool>`1 = 1`;
    const placed = sql<SqlBool>`(${timeOk} and ${areaOk})`;
    const byStatus = dims.includes('status');

    const scoped = () => {
      const base = this.incidents.filtered(db, this.filterOf(query), audience);
      return query.admin1 ? base.where('incidents.admin1', '=', query.admin1) : base;
    };
    let q = scoped();
    if (dims.includes('theme')) {
      q = this.joinPlaced(q, 'incident_themes', 't', sql<SqlBool>`${placed} ${query.theme ? sql`and t.theme = ${query.theme}` : sql``}`);
    }
    if (dims.includes('actor')) {
      // Parties only (not those who were only targets), each name once per incident.
      q = this.joinPlaced(
        q,
        'incident_actors',
        'a',
        sql<SqlBool>`${placed} and a.role <> 'target' and not exists (select 1 from incident_actors a2 where a2.incident_seq = a.incident_seq and a2.name = a.name and a2.role <> 'target' and a2.position < a.position)`,
      );
    }
    if (byStatus) {
      q = this.joinPlaced(q, 'incident_casualties', 'c', sql<SqlBool>`${placed} and c.sex = 'all' and c.age_group = 'all' and c.population_group = 'all'`);
    }
    // With a multi-valued dimension an incident spans several rows, so the grand total is counted apart, once per
    // incident, from the incidents alone: an indexed pass, cheaper than finding each incident's first row in the join.
    const multiValued = dims.includes('theme') || dims.includes('actor') || byStatus;

    const keyExpression = (d: GroupDimension): RawBuilder<string | null> => {
      switch (d) {
        case 'week':
        case 'month':
        case 'year':
          return sql<string | null>`case when ${placed} then ${this.bucketOf(sql.ref('incidents.date_earliest'), d)} end`;
        case 'country':
        case 'admin1':
        case 'admin2':
          return sql<string | null>`case when ${placed} then ${sql.ref(`incidents.${d}`)} end`;
        case 'theme':
          return sql<string | null>`t.theme`;
        case 'actor':
          return sql<string | null>`a.name`;
        case 'status':
          return sql<string | null>`c.status`;
        case 'violence':
          return sql<string | null>`case when ${placed} then incidents.violence_type end`;
        case 'eventType':
          return sql<string | null>`case when ${placed} then ${this.topLevelEventType(sql.ref('incidents.origin_event_type'))} end`;
      }
    };
    // An admin area is named within its country.
    const keyDims: GroupDimension[] = areaDim && areaDim !== 'country' ? ['country', ...dims] : [...dims];
    const casualty = (kind: 'killed' | 'injured', bound: 'low' | 'best' | 'high') =>
      byStatus
        ? sql<number>`sum(case when c.incident_seq is null then ${sql.ref(`incidents.${kind}_${bound}`)} when c.kind = ${kind} then ${sql.ref(`c.${bound}`)} else 0 end)`
        : sql<number>`sum(${sql.ref(`incidents.${kind}_${bound}`)})`;

    const rowsQuery = q
      .select([
        sql<number>`case when ${timeOk} then 1 else 0 end`.as('placed_time'),
        sql<number>`case when ${areaOk} then 1 else 0 end`.as('placed_area'),
        ...keyDims.map((d) => keyExpression(d).as(`k_${d}`)),
        (byStatus ? sql<number>`count(distinct incidents.seq)` : sql<number>`count(*)`).as('n'),
        casualty('killed', 'low').as('killed_low'),
        casualty('killed', 'best').as('killed_best'),
        casualty('killed', 'high').as('killed_high'),
        casualty('injured', 'low').as('injured_low'),
        casualty('injured', 'best').as('injured_best'),
        casualty('injured', 'high').as('injured_high'),
      ])
      // Positions, not names: an output name equal to a column name would group by the column in PostgreSQL.
      .groupBy(Array.from({ length: keyDims.length + 2 }, (_, i) => sql.raw(String(i + 1))));

    const [rows, totalRow] = await Promise.all([
      rowsQuery.execute(),
      multiValued
        ? scoped()
            .select([
              sql<number>`count(*)`.as('n'),
              sql<number>`sum(incidents.killed_low)`.as('kl'),
              sql<number>`sum(incidents.killed_best)`.as('kb'),
              sql<number>`sum(incidents.killed_high)`.as('kh'),
              sql<number>`sum(incidents.injured_low)`.as('il'),
              sql<number>`sum(incidents.injured_best)`.as('ib'),
              sql<number>`sum(incidents.injured_high)`.as('ih'),
            ])
            .executeTakeFirst()
        : undefined,
    ]);
    const total = totalRow && {
      incidents: num(totalRow.n),
      killed: { low: num(totalRow.kl), best: num(totalRow.kb), high: num(totalRow.kh) },
      injured: { low: num(totalRow.il), best: num(totalRow.ib), high: num(totalRow.ih) },
    };
    const aggregateRows = rows.map((r): AggregateRow => {
      const record = r as Record<string, number | string | null | undefined>;
      return {
        keys: Object.fromEntries(keyDims.map((d) => [d, record[`k_${d}`] === undefined || record[`k_${d}`] === null ? null : String(record[`k_${d}`])])),
        placedInTime: num(r.placed_time) === 1,
        placedInArea: num(r.placed_area) === 1,
        incidents: num(r.n),
        killed: { low: num(r.killed_low), best: num(r.killed_best), high: num(r.killed_high) },
        injured: { low: num(r.injured_low), best: num(r.injured_best), high: num(r.injured_high) },
      };
    });
    return assembleAggregate(aggregateRows, dims, total);
  }

  /**
   * Left-joins an incident's child rows (as `alias`) that meet `condition`, for placed incidents only. PostgreSQL gets a
   * LATERAL subquery behind OFFSET 0, so it probes the child's index per matching incident (as a hand-written join
   * with a selective filter does) instead of hashing the whole child table when the placement test hides the
   * selectivity from its estimates; SQLite always joins by index.
   */
  private joinPlaced<O>(q: IncidentQuery<O>, table: 'incident_themes' | 'incident_actors' | 'incident_casualties', alias: 't' | 'a' | 'c', condition: Expression<SqlBool>): IncidentQuery<O> {
    const own = sql<SqlBool>`${sql.ref(`${alias}.incident_seq`)} = incidents.seq and ${condition}`;
    // The joined rows are read through raw SQL only (keys and sums), so the builder keeps the register's row type.
    if (this.kind === 'sqlite') return q.leftJoin(sql`${sql.table(table)}`.as(alias), (join) => join.on(own));
    const lateral = sql`lateral (select ${sql.ref(alias)}.* from ${sql.table(table)} as ${sql.ref(alias)} where ${own} offset 0)`;
    return q.leftJoin(lateral.as(alias), (join) => join.onTrue());
  }

  /** The weekly-series conditions: a date that fits one week inside [fromWeek, last day of toWeek], a place that fits the level. */
  private weeklyConditions(level: NamedAreaLevel, fromWeek: string, toWeek: string): Expression<SqlBool> {
    return sql<SqlBool>`(incidents.date_earliest >= ${fromWeek} and incidents.date_latest <= ${addDays(toWeek, 6)} and ${this.fitsBucket('week')} and ${this.fitsArea(level)})`;
  }

  /** Incidents and deaths (best) per area and week, for incidents whose date fits one week and whose place fits the level. */
  async weeklyCounts(
    db: Db,
    query: { level: NamedAreaLevel; fromWeek: string; toWeek: string; country?: string | undefined; exercise?: boolean | undefined },
    audience: Audience,
  ): Promise<WeeklyAreaCount[]> {
    const week = this.weekOf(sql.ref('incidents.date_earliest'));
    const rows = await this.incidents
      .filtered(db, this.filterOf({ country: query.country, exercise: query.exercise }), audience)
      .where(this.weeklyConditions(query.level, query.fromWeek, query.toWeek))
      .select([
        'incidents.country',
        (query.level === 'admin1' ? sql<string | null>`incidents.admin1` : sql<string | null>`null`).as('area_admin1'),
        week.as('week'),
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(incidents.killed_best)`.as('deaths'),
      ])
      .groupBy([sql.raw('1'), sql.raw('2'), sql.raw('3')])
      .execute();
    return rows.map((r) => ({ country: r.country, admin1: r.area_admin1, week: r.week, incidents: num(r.n), deaths: num(r.deaths) }));
  }

  /** The ids of the incidents counted in one area-week of weeklyCounts. */
  async weeklyIncidentIds(
    db: Db,
    query: { level: NamedAreaLevel; week: string; country: string; admin1?: string | null | undefined; exercise?: boolean | undefined },
    audience: Audience,
  ): Promise<string[]> {
    let q = this.incidents
      .filtered(db, this.filterOf({ country: query.country, exercise: query.exercise }), audience)
      .where(this.weeklyConditions(query.level, query.week, query.week));
    if (query.level === 'admin1' && query.admin1) q = q.where('incidents.admin1', '=', query.admin1);
    const rows = await q.select('incidents.id').orderBy('incidents.date_earliest').orderBy('incidents.id').execute();
    return rows.map((r) => r.id);
  }

  /** Points for hexagonal binning, streamed into columns. */
  async points(db: Db, query: PointQuery, audience: Audience): Promise<IncidentPointColumns> {
    const out = growableColumns();
    if (query.precisions.length === 0) return out.finish();
    const stream = this.incidents
      .filtered(db, this.filterOf(query), audience)
      .where('incidents.location_precision', 'in', [...query.precisions])
      .select([
        'incidents.id',
        'incidents.lat',
        'incidents.lon',
        'incidents.location_precision',
        'incidents.killed_best',
        'incidents.date_earliest',
        'incidents.date_latest',
        'incidents.date_precision',
      ])
      .stream(5000);
    for await (const r of stream) out.push(r.id, r.lat, r.lon, PRECISION_INDEX.get(r.location_precision) ?? 0, num(r.killed_best), r.date_earliest, r.date_latest, r.date_precision as DatePrecision);
    return out.finish();
  }

  /**
   * Incidents and casualties of a period, for the scorecard: counted only when the incident's whole date window lies
   * in [from, to]; those that only may have happened in it (a window that straddles an end) are counted apart.
   */
  async periodFigures(
    db: Db,
    query: { from: string; to: string; country?: string | undefined; exercise?: boolean | undefined },
    audience: Audience,
  ): Promise<PeriodFigures> {
    const inside = sql<SqlBool>`(incidents.date_earliest >= ${query.from} and incidents.date_latest <= ${query.to})`;
    const filtered = () => this.incidents.filtered(db, this.filterOf(query), audience);
    const [counts, statuses] = await Promise.all([
      filtered()
        .select([
          sql<number>`case when ${inside} then 1 else 0 end`.as('inside'),
          sql<number>`count(*)`.as('n'),
          sql<number>`sum(incidents.killed_low)`.as('kl'),
          sql<number>`sum(incidents.killed_best)`.as('kb'),
          sql<number>`sum(incidents.killed_high)`.as('kh'),
          sql<number>`sum(incidents.injured_low)`.as('il'),
          sql<number>`sum(incidents.injured_best)`.as('ib'),
          sql<number>`sum(incidents.injured_high)`.as('ih'),
        ])
        .groupBy(sql.raw('1'))
        .execute(),
      filtered()
        .innerJoin('incident_casualties as c', 'c.incident_seq', 'incidents.seq')
        .where(inside)
        .where('c.kind', '=', 'killed')
        .where('c.sex', '=', 'all')
        .where('c.age_group', '=', 'all')
        .where('c.population_group', '=', 'all')
        .select(['c.status', sql<number>`sum(c.low)`.as('low'), sql<number>`sum(c.best)`.as('best'), sql<number>`sum(c.high)`.as('high')])
        .groupBy('c.status')
        .execute(),
    ]);
    const totals = zeroTotals();
    let straddling = 0;
    for (const r of counts) {
      if (num(r.inside) !== 1) {
        straddling += num(r.n);
        continue;
      }
      totals.incidents = num(r.n);
      totals.killed = { low: num(r.kl), best: num(r.kb), high: num(r.kh) };
      totals.injured = { low: num(r.il), best: num(r.ib), high: num(r.ih) };
    }
    return {
      inside: totals,
      killedByStatus: Object.fromEntries(statuses.map((r) => [r.status, { low: num(r.low), best: num(r.best), high: num(r.high) }])),
      straddling,
    };
  }

  /** What the scorecard reads of the force requests made in [from, to] (by the day they were made). */
  async forceRequestFacts(db: Db, period: { from: string; to: string; mission?: string | undefined }): Promise<ForceRequestFacts[]> {
    let q = db
      .selectFrom('force_requests')
      .select(['purpose', 'status', 'emergency', 'request'])
      .where('requested_at', '>=', period.from)
      .where('requested_at', '<', addDays(period.to, 1));
    if (period.mission) q = q.where('mission_name', '=', period.mission);
    const rows = await q.execute();
    return rows.flatMap((r) => {
      const columns = requestColumns.safeParse(r);
      if (!columns.success) return [];
      return [{ purpose: columns.data.purpose, status: columns.data.status, weapon: storedWeapon.parse(JSON.parse(r.request)), emergency: r.emergency === 1 }];
    });
  }
}

function growableColumns() {
  let capacity = 1024;
  let length = 0;
  let lat = new Float64Array(capacity);
  let lon = new Float64Array(capacity);
  let precision = new Uint8Array(capacity);
  let killedBest = new Float64Array(capacity);
  const ids: string[] = [];
  const dateEarliest: string[] = [];
  const dateLatest: string[] = [];
  const datePrecision: DatePrecision[] = [];
  const grow = () => {
    capacity *= 2;
    const copy = <T extends Float64Array | Uint8Array>(from: T, make: (n: number) => T) => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    lat = copy(lat, (n) => new Float64Array(n));
    lon = copy(lon, (n) => new Float64Array(n));
    precision = copy(precision, (n) => new Uint8Array(n));
    killedBest = copy(killedBest, (n) => new Float64Array(n));
  };
  return {
    push(id: string, la: number, lo: number, p: number, killed: number, earliest: string, latest: string, datePrec: DatePrecision) {
      if (length === capacity) grow();
      lat[length] = la;
      lon[length] = lo;
      precision[length] = p;
      killedBest[length] = killed;
      ids.push(id);
      dateEarliest.push(earliest);
      dateLatest.push(latest);
      datePrecision.push(datePrec);
      length++;
    },
    finish(): IncidentPointColumns {
      return {
        length,
        lat: lat.subarray(0, length),
        lon: lon.subarray(0, length),
        precision: precision.subarray(0, length),
        killedBest: killedBest.subarray(0, length),
        ids,
        dateEarliest,
        dateLatest,
        datePrecision,
      };
    },
  };
}
