import type { z } from 'zod';
import type { aggregateResultSchema } from '../core/analytics/aggregation.js';
import type { escalationResultSchema } from '../core/analytics/escalation.js';
import type { scorecardResultSchema } from '../core/analytics/scorecard.js';
import type { Estimate } from './numbers.js';
import type { HotspotCollection } from '../core/analytics/hotspots.js';
import type { Detection } from '../core/detection/detection.js';
import type { SiteMapCollection } from '../core/places/site-geojson.mapping.js';
import type { Site } from '../core/places/site.schema.js';
import type { ZoneCollection } from '../core/places/zone.schema.js';

/**
 * What the report and the dashboard read of the monitoring API's answers (GET /api/v1/monitoring/…, /detections,
 * /sites/geojson, /zones). Where they read a whole answer, the type is the route's response schema's (src/core). The
 * aggregate, escalation and scorecard types stay structural and narrower than their schemas: the server's report
 * assembles reduced ones (alerts without the test parameters) and its tests give only what a section reads; the
 * schemas' answers must fit them, which the guards below check at compile time.
 */

/** GET /monitoring/aggregate */
export interface AggregateTotals {
  incidents: number;
  killed: Estimate;
  injured: Estimate;
}

export interface AggregateGroup extends AggregateTotals {
  /** The grouping's values, e.g. { month: '2023-04', status: 'civilian' }; null where an incident has none (no party). */
  keys: Partial<Record<string, string | null>>;
}

export interface AggregateResult {
  groups: AggregateGroup[];
  /** Incidents too imprecise to place in the unit asked for (in place or in time): counted, never misplaced. */
  unplaced: AggregateTotals;
  /** Of those, the events whose date precision is coarser than the time bucket. */
  coarseDates: number;
  /** Everything the filter matched, placed or not. */
  total?: AggregateTotals;
  /** True when an incident's counts appear in several groups (theme, party, status). */
  countsOverlap?: boolean;
}

/** GET /monitoring/escalation */
export interface EscalationAlert {
  key: string;
  area: { level: string; code: string; name?: string };
  weekStart: string;
  metric: 'incidents' | 'deaths';
  observed: number;
  expected: number;
  pValue: number;
  /** Incidents in the area's week. */
  incidents: number;
  /** The alert rests on one incident. */
  singleEvent: boolean;
  incidentIds: string[];
}

export interface EscalationResult {
  method: string;
  /** Most extreme first. */
  alerts: EscalationAlert[];
  /** Alerts raised, listed or not. */
  total: number;
}

/** GET /monitoring/hotspots */
export type { HotspotCollection };
export type HotspotProperties = HotspotCollection['features'][number]['properties'];

/** GET /monitoring/scorecard */
export interface ScorecardMeasure {
  id: string;
  label: string;
  /** null: no data (the note says why). Shares are fractions 0–1. */
  value: number | null;
  low?: number;
  high?: number;
  /** Against the previous period of the same length: 'rising', 'falling' or 'steady'. */
  trend?: string;
  previous?: number;
  unit?: 'people' | 'incidents' | 'per_week' | 'share' | 'count';
  /** Whether lower or higher values are the better ones under the principle. */
  better?: 'lower' | 'higher';
  note?: string;
}

export interface ScorecardPrinciple {
  id: string;
  title: string;
  measures: ScorecardMeasure[];
}

export interface Scorecard {
  period: { from: string; to: string };
  previousPeriod?: { from: string; to: string };
  principles: ScorecardPrinciple[];
}

/** GET /detections (items) */
export type DetectionView = Detection;

/** GET /sites (items): what the report's map needs of a site. */
export type SiteRecord = Pick<Site, 'id' | 'name' | 'category' | 'status' | 'lat' | 'lon'>;

/** GET /sites/geojson */
export type SiteCollection = SiteMapCollection;

/** GET /zones: zones as Features whose properties are the zone without its geometry. */
export type { ZoneCollection };

/** Fails the typecheck when an API answer no longer fits what the report reads of it. */
type Fits<Answer extends Read, Read> = Answer;
type _AggregateFits = Fits<z.output<typeof aggregateResultSchema>, AggregateResult>;
type _EscalationFits = Fits<z.output<typeof escalationResultSchema>, EscalationResult>;
type _ScorecardFits = Fits<z.output<typeof scorecardResultSchema>, Scorecard>;

/** Ceasefire violations per party over months, as the chart draws them. */
export interface ViolationSeries {
  /** Month keys `YYYY-MM`. */
  periods: string[];
  parties: { party: string; counts: number[] }[];
  /** Who broke the ceasefire first (the earliest violation, probable ones preferred), where known. */
  first?: { parties: string[]; date: string; grade?: string };
}
