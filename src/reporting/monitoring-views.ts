import type { SiteDetectionEvidence } from '../core/detection/detection.js';
import type { FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { Estimate } from './numbers.js';

/**
 * The monitoring API's answers as the contract of issue 6 defines them (GET /api/v1/monitoring/…, /detections,
 * /sites/geojson, /zones): what the report and the dashboard read. Structural types only, so the server's own types
 * and the browser's JSON both fit them.
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
export interface HotspotProperties {
  cell: string;
  /** The metric's value: incidents or deaths. */
  value: number;
  /** Incidents in the cell, whatever the metric. */
  incidents: number;
  /** No incident in the cell: part of the study area, never a hot or cold spot (class none). */
  context: boolean;
  z: number;
  p: number;
  class: 'hot99' | 'hot95' | 'hot90' | 'none' | 'cold90' | 'cold95' | 'cold99';
}
export type HotspotCollection = FeatureCollection<Polygon | MultiPolygon, HotspotProperties>;

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
export interface DetectionView {
  id: string;
  kind: 'protected_site' | 'humanitarian_space' | 'ceasefire_violation' | 'escalation';
  key: string;
  grade?: 'probable' | 'possible';
  incidentIds: string[];
  siteId?: string;
  zoneId?: string;
  agreementId?: string;
  party?: string;
  commitment?: string;
  distanceKm?: number;
  summary: string;
  detectedAt: string;
  status: 'open' | 'confirmed' | 'dismissed';
  review?: { by: { id: string; username: string }; at: string; reason: string };
  /** The span of the incidents' dates. */
  dateEarliest?: string;
  dateLatest?: string;
  /** For an attack on or near a protected site: what it rests on. */
  evidence?: SiteDetectionEvidence;
}

/** GET /sites (items): what the report's map needs of a site. */
export interface SiteRecord {
  id: string;
  name: string;
  category: string;
  status: string;
  lat: number;
  lon: number;
}

/** GET /sites/geojson */
export interface SiteProperties {
  id: string;
  name: string;
  category: string;
  status: string;
}
export type SiteCollection = FeatureCollection<Point, SiteProperties>;

/** GET /zones: a zone as a Feature whose properties are the zone without its geometry. */
export interface ZoneProperties {
  id?: string;
  name: string;
  kind: string;
  widthKm?: number;
  validFrom: string;
  validTo?: string;
  status?: string;
}
export type ZoneCollection = FeatureCollection<Geometry, ZoneProperties>;

/** Ceasefire violations per party over months, as the chart draws them. */
export interface ViolationSeries {
  /** Month keys `YYYY-MM`. */
  periods: string[];
  parties: { party: string; counts: number[] }[];
  /** Who broke the ceasefire first (the earliest violation, probable ones preferred), where known. */
  first?: { parties: string[]; date: string; grade?: string };
}
