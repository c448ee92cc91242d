import { sql, type Expression, type SqlBool } from 'kysely';
import type { BoundingBox } from '../core/incident-filter.schema.js';
import type { DatabaseKind } from './database.js';

/**
 * The spatial seam: a bounding-box condition on `incidents` answered by the database's own spatial index
 * (SQLite R*Tree, PostGIS GiST). A box whose west edge is east of its east edge crosses the antimeridian and is split.
 */
export function withinBoundingBox(kind: DatabaseKind, [west, south, east, north]: BoundingBox): Expression<SqlBool> {
  const boxes: BoundingBox[] = west <= east ? [[west, south, east, north]] : [[west, south, 180, north], [-180, south, east, north]];
  const parts = boxes.map(([w, s, e, n]) =>
    kind === 'sqlite'
      ? sql<SqlBool>`incidents.seq in (select seq from incident_rtree where min_lon >= ${w} and max_lon <= ${e} and min_lat >= ${s} and max_lat <= ${n})`
      : sql<SqlBool>`incidents.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`,
  );
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
