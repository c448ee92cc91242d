import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Estimate } from './numbers.js';

/**
 * The monitoring API's answers as the contract of issue 6 defines them (GET /api/v1/monitoring/…, /detections,
 * /sites/geojson, /zones): what the report and the dashboard read. Structural types only, so the server's own types
 * and the browser's JSON both fit them.
 */

/** GET /monitoring/aggregate */
export interface AggregateGroup {
  /** The grouping's values, e.g. { month: '2023-04', status: 'civilian' }. */
  keys: Record<string, string>;
  incidents: number;
  killed: Estimate;
  injured: Estimate;
}

export interface AggregateResult {
  groups: AggregateGroup[];
  /** Incidents too imprecise to place in the area unit asked for: counted, never misplaced. */
  unplaced: { incidents: number; killed: Estimate; injured: Estimate };
  /** Events whose date precision is coarser than the time bucket. */
  coarseDates: number;
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
  incidentIds: string[];
}

export interface EscalationResult {
  method: string;
  alerts: EscalationAlert[];
}

/** GET /monitoring/hotspots */
export interface HotspotProperties {
  cell: string;
  value: number;
  z: number;
  p: number;
  class: 'hot99' | 'hot95' | 'hot90' | 'none' | 'cold90' | 'cold95' | 'cold99';
}
export type HotspotCollection = FeatureCollection<Polygon | MultiPolygon, HotspotProperties>;

/** GET /monitoring/scorecard */
export interface ScorecardMeasure {
  id: string;
  label: string;
  /** null: not measurable yet (e.g. no force requests recorded). */
  value: number | null;
  low?: number;
  high?: number;
  trend?: string;
  note?: string;
}

export interface ScorecardPrinciple {
  id: string;
  title: string;
  measures: ScorecardMeasure[];
}

export interface Scorecard {
  period: { from?: string; to?: string } | string;
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
  review?: { by: string; at: string; reason: string };
}

/** GET /sites/geojson */
export interface SiteProperties {
  id: string;
  name: string;
  category: string;
  status: string;
}
export type SiteCollection = FeatureCollection<Point, SiteProperties>;

/** Ceasefire violations per party over months, as the chart draws them. */
export interface ViolationSeries {
  /** Month keys `YYYY-MM`. */
  periods: string[];
  parties: { party: string; counts: number[] }[];
  /** Who broke the agreement first, where known. */
  first?: { party: string; date: string; commitment?: string };
}
