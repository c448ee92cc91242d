import { sql, type RawBuilder } from 'kysely';
import type { IncidentFilter } from '../core/incident-filter.schema.js';
import type { LocationPrecision } from '../core/taxonomy.js';
import type { DatabaseKind, Db } from './database.js';
import type { IncidentRepository } from './incident.repository.js';
import { incidentVisibleTo, type Audience } from './record-visibility.js';

/** A cell of the report map's grid: where its incidents are on average, how many, how many killed. */
export interface IncidentGridCell {
  lat: number;
  lon: number;
  incidents: number;
  killed: number;
}

/**
 * The few questions a situation report asks the register directly, each one aggregate query however many incidents
 * match: where incidents are (on a grid, for the map), how many are too imprecise to draw, and which data sets they
 * come from. The filter is the register's own, so visibility and restrictions apply as everywhere else.
 */
export class IncidentReportQueries {
  constructor(
    private readonly kind: DatabaseKind,
    private readonly incidents: IncidentRepository,
  ) {}

  /** Incidents located at least as precisely as `precisions`, binned on a grid of `cellDegrees`. */
  async grid(db: Db, filter: IncidentFilter, audience: Audience, precisions: readonly LocationPrecision[], cellDegrees: number): Promise<IncidentGridCell[]> {
    if (precisions.length === 0) return [];
    if (!(Number.isFinite(cellDegrees) && cellDegrees > 0)) throw new RangeError(`a grid cell must be a positive number of degrees, not ${cellDegrees}`);
    // A literal, not a parameter: PostgreSQL matches the grouped expression to the selected one only when they are
    // written the same, and two parameters are two different expressions to it.
    const size = sql.lit(cellDegrees);
    // Shifted to be positive, so truncation is the floor on both databases (PostgreSQL's integer cast rounds).
    const row = this.floor(sql`(incidents.lat + 90) / ${size}`);
    const column = this.floor(sql`(incidents.lon + 180) / ${size}`);
    const rows = await this.incidents
      .filtered(db, filter, audience)
      .where('incidents.location_precision', 'in', [...precisions])
      .select((eb) => [
        row.as('cell_row'),
        column.as('cell_column'),
        eb.fn.avg<number | string>('incidents.lat').as('lat'),
        eb.fn.avg<number | string>('incidents.lon').as('lon'),
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('incidents.killed_best').as('killed'),
      ])
      .groupBy([row, column])
      .execute();
    return rows.map((r) => ({ lat: Number(r.lat), lon: Number(r.lon), incidents: Number(r.n), killed: Number(r.killed ?? 0) }));
  }

  async countWithPrecision(db: Db, filter: IncidentFilter, audience: Audience, precisions: readonly LocationPrecision[]): Promise<number> {
    if (precisions.length === 0) return 0;
    const row = await this.incidents
      .filtered(db, filter, audience)
      .where('incidents.location_precision', 'in', [...precisions])
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many incidents come from each data set (their origin), the largest first. */
  async countByDataset(db: Db, filter: IncidentFilter, audience: Audience): Promise<{ dataset: string; incidents: number }[]> {
    const rows = await this.incidents
      .filtered(db, filter, audience)
      .select((eb) => ['incidents.origin_dataset', eb.fn.countAll<number | string>().as('n')])
      .groupBy('incidents.origin_dataset')
      .execute();
    return rows.map((r) => ({ dataset: r.origin_dataset, incidents: Number(r.n) })).sort((a, b) => b.incidents - a.incidents || a.dataset.localeCompare(b.dataset));
  }

  /** Where the given incidents are, for those the audience may see (at most a few thousand ids at a time). */
  async placesOf(db: Db, ids: readonly string[], audience: Audience): Promise<Map<string, { country: string; lat: number; lon: number }>> {
    const places = new Map<string, { country: string; lat: number; lon: number }>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = await db.selectFrom('incidents').where(incidentVisibleTo(audience)).where('incidents.id', 'in', chunk).select(['incidents.id', 'incidents.country', 'incidents.lat', 'incidents.lon']).execute();
      for (const r of rows) places.set(r.id, { country: r.country, lat: r.lat, lon: r.lon });
    }
    return places;
  }

  private floor(expression: RawBuilder<unknown>): RawBuilder<number> {
    return this.kind === 'sqlite' ? sql<number>`cast(${expression} as integer)` : sql<number>`floor(${expression})::integer`;
  }
}
