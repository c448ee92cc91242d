import { cellToBoundary, gridDisk, latLngToCell } from 'h3-js';
import { z } from 'zod';
import { countryCodeSchema } from '../countries.js';
import { boundingBoxSchema } from '../incident-filter.schema.js';
import { isoDate } from '../incident.schema.js';
import { LOCATION_PRECISIONS, type LocationPrecision } from '../taxonomy.js';
import { normalCdf } from './count-distributions.js';
import { h3Precisions, MAX_H3_RESOLUTION, MIN_H3_RESOLUTION } from './placement.js';

/**
 * Hotspots: incidents binned in H3 hexagons, and the Getis–Ord Gi* statistic of each cell over its ring of neighbours
 * (the cell itself and the six around it, binary weights). The study area is every cell with data and its neighbours
 * (zero where nothing happened), so a lone busy cell is compared with the quiet around it.
 *
 * Gi* sums a neighbourhood, so a cell where nothing happened but whose neighbours are busy gets a high z of its own.
 * Such a cell is context, not a place a reviewer should go to: it keeps its z but is never classed hot or cold
 * (class `none`, `context: true`) and is listed after the cells with incidents. See docs/monitoring-methods.md.
 */

export const HOTSPOT_METRICS = ['incidents', 'deaths'] as const;
export type HotspotMetric = (typeof HOTSPOT_METRICS)[number];

export const HOTSPOT_CLASSES = ['hot99', 'hot95', 'hot90', 'none', 'cold90', 'cold95', 'cold99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

export const hotspotQuerySchema = z
  .object({
    country: countryCodeSchema.optional(),
    bbox: boundingBoxSchema.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    resolution: z.coerce.number().int().min(MIN_H3_RESOLUTION).max(MAX_H3_RESOLUTION).default(4),
    metric: z.enum(HOTSPOT_METRICS).default('incidents'),
    exercise: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type HotspotQuery = z.output<typeof hotspotQuerySchema>;

/** A cell's Gi* over the study area. */
export interface GiStarCell {
  cell: string;
  value: number;
  z: number;
  /** Two-sided p-value of z under the normal approximation. */
  p: number;
  class: HotspotClass;
}

export const hotspotCellSchema = z.object({
  cell: z.string().describe('H3 cell index'),
  /** The metric's value: incidents or deaths. */
  value: z.number(),
  /** Incidents binned in the cell, whatever the metric. */
  incidents: z.number().int(),
  /** No incident in the cell: in the study area for its neighbours' sake, never a hot or cold spot itself. */
  context: z.boolean(),
  z: z.number(),
  /** Two-sided p-value of z under the normal approximation. */
  p: z.number(),
  class: z.enum(HOTSPOT_CLASSES),
});
export type HotspotCell = z.output<typeof hotspotCellSchema>;

/** Points in columns: flat arrays, because a country can hold a hundred thousand of them. */
export interface PointColumns {
  lat: ArrayLike<number>;
  lon: ArrayLike<number>;
  /** Index into LOCATION_PRECISIONS. */
  precision: ArrayLike<number>;
  killedBest: ArrayLike<number>;
  length: number;
}

export interface BinnedCells {
  values: Map<string, number>;
  /** Incidents per cell (the same as values for the incidents metric). */
  incidents: Map<string, number>;
  /** Incidents too imprecise for the resolution, left out. */
  excluded: number;
}

/** Sums the metric per cell over the points precise enough for the resolution. */
export function binPoints(points: PointColumns, resolution: number, metric: HotspotMetric): BinnedCells {
  const allowed = new Set<LocationPrecision>(h3Precisions(resolution));
  const precise = LOCATION_PRECISIONS.map((p) => allowed.has(p));
  const values = new Map<string, number>();
  const incidents = new Map<string, number>();
  let excluded = 0;
  for (let i = 0; i < points.length; i++) {
    if (!precise[points.precision[i]!]) {
      excluded++;
      continue;
    }
    const cell = latLngToCell(points.lat[i]!, points.lon[i]!, resolution);
    values.set(cell, (values.get(cell) ?? 0) + (metric === 'incidents' ? 1 : points.killedBest[i]!));
    incidents.set(cell, (incidents.get(cell) ?? 0) + 1);
  }
  return { values, incidents, excluded };
}

/** z thresholds of the two-sided 90/95/99 % levels. */
const Z90 = 1.6448536269514722;
const Z95 = 1.959963984540054;
const Z99 = 2.5758293035489004;

export function hotspotClass(z: number): HotspotClass {
  const a = Math.abs(z);
  const side = z > 0 ? 'hot' : 'cold';
  if (a >= Z99) return `${side}99`;
  if (a >= Z95) return `${side}95`;
  if (a >= Z90) return `${side}90`;
  return 'none';
}

/**
 * Gi* (Getis & Ord 1995, the standardised form): for cell i over the study area of n cells with mean x̄ and standard
 * deviation s, with W = Σⱼ wᵢⱼ over the neighbours j of i in the study area (i included, wᵢⱼ = 1):
 *
 *   Gi* = (Σⱼ wᵢⱼ xⱼ − x̄ W) / (s √((n W − W²) / (n − 1)))
 *
 * `neighbours(cell)` lists the cell's neighbourhood including itself; cells outside the study area are ignored.
 */
export function getisOrdGiStar(values: ReadonlyMap<string, number>, neighbours: (cell: string) => readonly string[]): GiStarCell[] {
  const cells = [...values.keys()];
  const n = cells.length;
  if (n === 0) return [];
  let sum = 0;
  let sumSquares = 0;
  for (const x of values.values()) {
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  const s = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
  return cells.map((cell) => {
    let weights = 0;
    let local = 0;
    for (const j of neighbours(cell)) {
      const x = values.get(j);
      if (x === undefined) continue;
      weights++;
      local += x;
    }
    const denominator = s * Math.sqrt((n * weights - weights * weights) / (n - 1));
    const z = n > 1 && denominator > 0 ? (local - mean * weights) / denominator : 0;
    return { cell, value: values.get(cell)!, z, p: 2 * (1 - normalCdf(Math.abs(z))), class: hotspotClass(z) };
  });
}

/** The study area: every cell with data and its ring-1 neighbours (zero-valued where nothing happened). */
export function studyArea(values: ReadonlyMap<string, number>): Map<string, number> {
  const area = new Map(values);
  for (const cell of values.keys()) for (const neighbour of gridDisk(cell, 1)) if (!area.has(neighbour)) area.set(neighbour, 0);
  return area;
}

/**
 * Gi* cells with their incident counts. A cell without incidents is context: its z stays (it is part of its
 * neighbours' statistic and says what surrounds it) but its class is `none`.
 */
export function withIncidents(cells: readonly GiStarCell[], incidents: ReadonlyMap<string, number>): HotspotCell[] {
  return cells.map((c) => {
    const count = incidents.get(c.cell) ?? 0;
    return count === 0 ? { ...c, class: 'none', incidents: 0, context: true } : { ...c, incidents: count, context: false };
  });
}

/** Binning, study area and Gi* in one step. */
export function computeHotspots(points: PointColumns, resolution: number, metric: HotspotMetric): { cells: HotspotCell[]; excluded: number } {
  const binned = binPoints(points, resolution, metric);
  return { cells: withIncidents(getisOrdGiStar(studyArea(binned.values), (cell) => gridDisk(cell, 1)), binned.incidents), excluded: binned.excluded };
}

/** Cells with incidents first, hottest first; then the context cells, by z too. */
export function rankHotspots(cells: readonly HotspotCell[]): HotspotCell[] {
  return [...cells].sort((a, b) => Number(a.context) - Number(b.context) || b.z - a.z || a.cell.localeCompare(b.cell));
}

export const hotspotFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
  properties: hotspotCellSchema,
});
export type HotspotFeature = z.output<typeof hotspotFeatureSchema>;

export const hotspotCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(hotspotFeatureSchema),
  /** Incidents matched but too imprecise for the resolution. */
  excluded: z.number().int(),
  resolution: z.number().int(),
  metric: z.enum(HOTSPOT_METRICS),
});
export type HotspotCollection = z.output<typeof hotspotCollectionSchema>;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** GeoJSON polygons ([lng, lat], closed rings): cells with incidents hottest first, then the context cells. */
export function hotspotFeatures(result: { cells: HotspotCell[]; excluded: number }, resolution: number, metric: HotspotMetric): HotspotCollection {
  const features = rankHotspots(result.cells).map(
      (c): HotspotFeature => ({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [cellToBoundary(c.cell, true).map(([lng, lat]) => [round(lng, 6), round(lat, 6)] as [number, number])] },
        properties: { cell: c.cell, value: c.value, incidents: c.incidents, z: round(c.z, 4), p: round(c.p, 6), class: c.class, context: c.context },
      }),
    );
  return { type: 'FeatureCollection', features, excluded: result.excluded, resolution, metric };
}
