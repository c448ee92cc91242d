import type { PersonStatus } from '../core/taxonomy.js';
import type { BoundingBox } from './map-projection.js';
import type { DetectionView, EscalationAlert, Scorecard, ViolationSeries } from './monitoring-views.js';
import type { Estimate } from './numbers.js';
import type { MapAlertArea, MapHotspot, MapIncidentPoint, MapSite, MapZone } from './situation-map.js';

/**
 * Everything a situation report shows, gathered by src/application/situation-report.service.ts and rendered by
 * renderSituationReport. A part the server cannot provide (its service is not connected, or it failed) is
 * `unavailable` with the reason, and the report says so in its place: no part is ever filled with guesses.
 */
export type Section<T> = { available: true; value: T } | { available: false; reason: string };

export const available = <T>(value: T): Section<T> => ({ available: true, value });
export const unavailable = <T = never>(reason: string): Section<T> => ({ available: false, reason });

export interface ReportArea {
  kind: 'country' | 'bbox';
  /** ISO 3166-1 alpha-3, for a country. */
  country?: string;
  /** ISO 3166-1 numeric, as the country shapes are keyed (drawn a shade darker on the map). */
  countryNumeric?: string;
  name: string;
  /** What the map shows (west, south, east, north). */
  bbox: BoundingBox;
}

export interface StatusFigures {
  status: PersonStatus;
  killed: Estimate;
  injured: Estimate;
}

export interface KeyFigures {
  incidents: number;
  killed: Estimate;
  injured: Estimate;
  /** Every status, combatants and the mission's own force included: all loss of life counts. */
  byStatus: StatusFigures[];
  /** Incidents that cannot be put in one month (dated more roughly, or over two months): in the totals, not in the monthly chart. */
  coarseDates: number;
  /** Incidents from data sets that never record injuries (their injured count is not a zero), and those data sets' short names. */
  injuriesNotRecorded?: { incidents: number; sources: string[] };
}

export interface CasualtyTimeline {
  /** Month keys `YYYY-MM`, every month of the period. */
  periods: string[];
  incidents: number[];
  killed: Estimate[];
  injured: Estimate[];
}

/** One bar of the charts by theme or by party: killed, split by status. */
export interface Breakdown {
  key: string;
  label: string;
  incidents: number;
  killed: Estimate;
  killedByStatus: Partial<Record<PersonStatus, number>>;
}

export interface ReportMap {
  incidents: Section<MapIncidentPoint[]>;
  sites: Section<MapSite[]>;
  zones: Section<MapZone[]>;
  hotspots: Section<MapHotspot[]>;
  alerts: MapAlertArea[];
  /** Incidents located only to a region or a country (or at sea, in the air): in the figures, not on the map. */
  tooImpreciseToMap: Section<number>;
  /** Sites in the area beyond those drawn (the map draws at most a few thousand). */
  sitesNotDrawn?: number;
}

/** Violations are detections a person confirmed; the others are leads, only counted. */
export interface ViolationList {
  /** The newest confirmed detections of the kind (at most a page), and how many there are in all. */
  items: DetectionView[];
  total: number;
  /** Detections of the kind nobody has reviewed yet: possible violations, not findings. */
  awaitingReview: number;
  /** Detections of the kind dismissed after review: not violations, but said. */
  dismissed: number;
  /** For protected sites: the confirmed violations per site, most first. */
  bySite?: { siteId: string; name: string; total: number }[];
}

export interface ReportViolations {
  protectedSites: ViolationList;
  humanitarianSpace: ViolationList;
  ceasefire: ViolationList;
}

export interface ReportSource {
  /** The data set's name in Haven (an incident's origin), e.g. `ucdp-ged`. */
  dataset: string;
  /** How a reader cites it, e.g. "UCDP Georeferenced Event Dataset (GED) 24.1". */
  label: string;
  licence?: string;
  incidents: number;
}

export interface SituationReportData {
  area: ReportArea;
  period: { from: string; to: string };
  /** ISO date-time. */
  generatedAt: string;
  generatedBy?: string;
  figures: Section<KeyFigures>;
  timeline: Section<CasualtyTimeline>;
  byTheme: Section<Breakdown[]>;
  byParty: Section<Breakdown[]>;
  /** Killed by UCDP type of violence. */
  byViolence: Section<Breakdown[]>;
  /** Killed by the source data sets' own event types. */
  byEventType: Section<Breakdown[]>;
  ceasefireViolations: Section<ViolationSeries>;
  /** Ceasefires and local agreements in force at some time in the period that apply in the area (everywhere their parties fight, or in a zone touching it). */
  agreements: Section<number>;
  map: ReportMap;
  scorecard: Section<Scorecard>;
  /** The most extreme escalation alerts of the whole period (every complete week tested), and how many there are in all. */
  alerts: Section<{ method: string; alerts: EscalationAlert[]; total: number }>;
  violations: Section<ReportViolations>;
  sources: Section<ReportSource[]>;
}
