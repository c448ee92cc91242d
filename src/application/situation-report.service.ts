import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { cellToBoundary } from 'h3-js';
import { countryName, numericFromAlpha3 } from '../core/countries.js';
import { DomainError } from '../core/errors.js';
import type { BoundingBox, IncidentFilter } from '../core/incident-filter.schema.js';
import { situationReportQuerySchema, type SituationReportQuery } from '../core/situation-report-query.schema.js';
import type { LocationPrecision } from '../core/taxonomy.js';
import { breakdownsFromAggregate, figuresFromAggregates, timelineFromAggregate } from '../reporting/chart-inputs.js';
import { datasetCitation } from '../reporting/dataset-citations.js';
import { boundsOf, boxesOverlap, geometryBounds } from '../reporting/geometry-bounds.js';
import type { AggregateResult, DetectionView, EscalationResult, HotspotCollection, Scorecard, SiteCollection, ViolationSeries } from '../reporting/monitoring-views.js';
import { renderSituationReport } from '../reporting/situation-report.js';
import { available, unavailable, type ReportArea, type ReportMap, type ReportViolations, type Section, type SituationReportData, type ViolationList } from '../reporting/situation-report-data.js';
import type { MapAlertArea, MapZone } from '../reporting/situation-map.js';
import { themeLabelOf } from '../reporting/status-labels.js';
import { IncidentReportQueries } from '../store/incident-report.queries.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { countryBounds, countryShapes } from './country-shapes.js';
import { renderPdf } from './pdf-renderer.js';
import { parseInput } from './validation.js';

/** The area part of the monitoring queries: a country or a box, as the report was asked for. */
export type AreaQuery = { country: string; bbox?: undefined } | { country?: undefined; bbox: BoundingBox };
export type PeriodQuery = AreaQuery & { from: string; to: string };

/**
 * The monitoring services a report reads, each optional: a service that is not connected leaves its part of the
 * report "not available", with the reason, instead of a number. Each takes the same inputs as its API route.
 */
export interface MonitoringReaders {
  /** GET /monitoring/aggregate */
  aggregate?(actor: Actor, query: PeriodQuery & { groupBy: string }): Promise<AggregateResult>;
  /** GET /monitoring/escalation: the alerts of the weeks up to `asOf`. */
  escalation?(actor: Actor, query: AreaQuery & { asOf: string; weeks: number }): Promise<EscalationResult>;
  /** GET /monitoring/hotspots */
  hotspots?(actor: Actor, query: PeriodQuery): Promise<HotspotCollection>;
  /** GET /monitoring/scorecard */
  scorecard?(actor: Actor, query: PeriodQuery): Promise<Scorecard>;
  /** GET /detections, of one kind, in the area and period, newest first. */
  detections?(actor: Actor, query: PeriodQuery & { kind: DetectionView['kind']; limit: number }): Promise<{ items: DetectionView[]; total: number }>;
  /** GET /detections/ceasefire-violations, as counts per party per month. */
  ceasefireViolations?(actor: Actor, query: PeriodQuery): Promise<ViolationSeries>;
  /** GET /sites/geojson in a box. */
  sites?(actor: Actor, query: { bbox: BoundingBox }): Promise<SiteCollection>;
  /** GET /zones: every zone as a Feature whose properties are the zone. */
  zones?(actor: Actor): Promise<FeatureCollection<Geometry, ZoneProperties>>;
}

export interface ZoneProperties {
  name: string;
  kind: string;
  widthKm?: number;
  validFrom: string;
  validTo?: string;
}

/**
 * The readers this server has. The monitoring services land one by one; until one is wired here its part of the
 * report says it is not available.
 */
export function connectedMonitoringReaders(_ctx: AppContext): MonitoringReaders {
  return {};
}

/** Located to a province or better: drawn on the map. Coarser ones are counted and said to be left off. */
const MAPPABLE: readonly LocationPrecision[] = ['exact', 'within_25km', 'admin2', 'admin1'];
const TOO_IMPRECISE: readonly LocationPrecision[] = ['region', 'country', 'water_or_air'];
/** About this many grid cells across the map: dots a reader can tell apart, whatever the number of incidents. */
const GRID_CELLS_ACROSS = 80;
const MAX_SITES_DRAWN = 3000;
const DETECTIONS_LISTED = 50;
const WORLD: BoundingBox = [-180, -60, 180, 85];

const notConnected = (what: string, route: string) => `${what} (${route}) is not connected to this server yet.`;

/** A part that the reader may not see, or that its service refuses, becomes "not available" with the reason. */
async function part<T>(read: (() => Promise<T>) | undefined, missing: string): Promise<Section<T>> {
  if (!read) return unavailable(missing);
  try {
    return available(await read());
  } catch (error) {
    if (error instanceof DomainError) return unavailable(error.message);
    throw error;
  }
}

function filterOf(query: SituationReportQuery): IncidentFilter {
  return { from: query.from, to: query.to, ...(query.country ? { countries: [query.country] } : { bbox: query.bbox }) };
}

function areaQueryOf(query: SituationReportQuery): AreaQuery {
  if (query.country) return { country: query.country };
  if (query.bbox) return { bbox: query.bbox };
  throw new DomainError('validation_failed', 'a report needs a country or a bbox');
}

const extentOf = (points: readonly { lat: number; lon: number }[]): BoundingBox | undefined => boundsOf(points.map((p) => [p.lon, p.lat]));

/** Zones valid at some time in the period that touch the area. */
function zonesFor(collection: FeatureCollection<Geometry, ZoneProperties>, box: BoundingBox, from: string, to: string): MapZone[] {
  return collection.features
    .filter((f) => f.properties.validFrom <= to && (f.properties.validTo === undefined || f.properties.validTo >= from))
    .filter((f) => {
      const zoneBox = geometryBounds(f.geometry);
      return zoneBox !== undefined && boxesOverlap(zoneBox, box);
    })
    .map((f) => ({ name: f.properties.name, kind: f.properties.kind, geometry: f.geometry, ...(f.properties.widthKm !== undefined && { widthKm: f.properties.widthKm }) }));
}

/** Areas of alerts the map can draw: H3 cells as their hexagon, a country as its shape; admin-1 areas have no shape here. */
function alertAreas(result: EscalationResult): MapAlertArea[] {
  const areas: MapAlertArea[] = [];
  for (const alert of result.alerts) {
    const label = `Escalation (${alert.metric}): ${alert.observed} observed, ${alert.expected.toFixed(1)} expected, week of ${alert.weekStart}`;
    if (alert.area.level === 'h3') {
      try {
        areas.push({ label, geometry: { type: 'Polygon', coordinates: [cellToBoundary(alert.area.code, true)] } });
      } catch {
        // Not a valid H3 cell: listed in the table, not drawn.
      }
    } else if (alert.area.level === 'country') {
      const numeric = numericFromAlpha3(alert.area.code);
      const shape = countryShapes().features.find((f: Feature<Geometry, unknown>) => numeric !== undefined && String(f.id) === numeric);
      if (shape && (shape.geometry.type === 'Polygon' || shape.geometry.type === 'MultiPolygon')) areas.push({ label, geometry: shape.geometry });
    }
  }
  return areas;
}

const inPeriod = (date: string, from: string, to: string) => date.slice(0, 10) >= from && date.slice(0, 10) <= to;

/**
 * Gathers what a situation report shows for an area and period, from the register (the map's incidents, how many
 * are too imprecise to draw, the data sets they come from) and from the monitoring services that are connected.
 */
export async function gatherSituationReport(ctx: AppContext, actor: Actor, input: unknown, readers: MonitoringReaders = connectedMonitoringReaders(ctx)): Promise<SituationReportData> {
  requirePermission(actor, 'monitoring:read');
  requirePermission(actor, 'incident:read');
  const query = parseInput(situationReportQuerySchema, input, 'report query');
  const db = ctx.store.connection.db;
  const audience = audienceOf(actor);
  const filter = filterOf(query);
  const area = areaQueryOf(query);
  const period: PeriodQuery = { ...area, from: query.from, to: query.to };
  const register = new IncidentReportQueries(ctx.store.connection.kind, ctx.store.incidents);

  const numeric = query.country ? numericFromAlpha3(query.country) : undefined;
  const shapeBox = numeric ? countryBounds(numeric) : undefined;
  let box: BoundingBox = query.bbox ?? shapeBox ?? WORLD;
  const cell = Math.max(0.01, Math.max(box[2] - box[0], box[3] - box[1]) / GRID_CELLS_ACROSS);
  const [grid, tooImprecise, datasets] = await Promise.all([
    register.grid(db, filter, audience, MAPPABLE, cell),
    register.countWithPrecision(db, filter, audience, TOO_IMPRECISE),
    register.countByDataset(db, filter, audience),
  ]);
  // A country without a usable shape is shown where its incidents are.
  if (query.country && !shapeBox) box = extentOf(grid) ?? WORLD;

  const reportArea: ReportArea = query.country
    ? { kind: 'country', country: query.country, ...(numeric !== undefined && { countryNumeric: numeric }), name: countryName(query.country), bbox: box }
    : { kind: 'bbox', name: 'Area of interest', bbox: box };

  const aggregate = readers.aggregate?.bind(readers);
  const aggregateMissing = notConnected('The monitoring aggregation', 'GET /api/v1/monitoring/aggregate');
  const byGroup = (groupBy: string) => part(aggregate && (() => aggregate(actor, { ...period, groupBy })), aggregateMissing);
  const weeks = Math.min(520, Math.max(1, Math.ceil((Date.parse(query.to) - Date.parse(query.from)) / (7 * 86_400_000)) + 1));
  const detections = readers.detections?.bind(readers);
  const detectionsOf = (kind: DetectionView['kind']) => detections!(actor, { ...period, kind, limit: DETECTIONS_LISTED });

  const [byMonth, byStatus, byTheme, byParty, escalation, hotspots, scorecard, ceasefire, sites, zones, violations] = await Promise.all([
    byGroup('month'),
    byGroup('status'),
    byGroup('theme,status'),
    byGroup('actor,status'),
    part(readers.escalation && (() => readers.escalation!(actor, { ...area, asOf: query.to, weeks })), notConnected('Escalation detection', 'GET /api/v1/monitoring/escalation')),
    part(readers.hotspots && (() => readers.hotspots!(actor, period)), notConnected('Hot-spot analysis', 'GET /api/v1/monitoring/hotspots')),
    part(readers.scorecard && (() => readers.scorecard!(actor, period)), notConnected('The principles scorecard', 'GET /api/v1/monitoring/scorecard')),
    part(readers.ceasefireViolations && (() => readers.ceasefireViolations!(actor, period)), notConnected('The ceasefire monitor', 'GET /api/v1/detections/ceasefire-violations')),
    part(readers.sites && (() => readers.sites!(actor, { bbox: box })), notConnected('The register of protected sites', 'GET /api/v1/sites/geojson')),
    part(readers.zones && (() => readers.zones!(actor)), notConnected('The register of zones', 'GET /api/v1/zones')),
    part(
      detections &&
        (async (): Promise<ReportViolations> => {
          const [protectedSites, humanitarianSpace, ceasefire]: ViolationList[] = await Promise.all([detectionsOf('protected_site'), detectionsOf('humanitarian_space'), detectionsOf('ceasefire_violation')]);
          return { protectedSites: protectedSites!, humanitarianSpace: humanitarianSpace!, ceasefire: ceasefire! };
        }),
      notConnected('Detections', 'GET /api/v1/detections'),
    ),
  ]);

  const alerts: Section<EscalationResult> = escalation.available
    ? available({ method: escalation.value.method, alerts: escalation.value.alerts.filter((a) => inPeriod(a.weekStart, query.from, query.to)) })
    : escalation;
  const siteFeatures = sites.available ? sites.value.features : [];
  const map: ReportMap = {
    incidents: available(grid.map((c) => ({ lon: c.lon, lat: c.lat, count: c.incidents, killed: c.killed }))),
    sites: sites.available
      ? available(
          siteFeatures.slice(0, MAX_SITES_DRAWN).map((f) => ({ lon: f.geometry.coordinates[0] ?? 0, lat: f.geometry.coordinates[1] ?? 0, name: f.properties.name, category: f.properties.category, status: f.properties.status })),
        )
      : sites,
    zones: zones.available ? available(zonesFor(zones.value, box, query.from, query.to)) : zones,
    hotspots: hotspots.available ? available(hotspots.value.features.map((f) => ({ geometry: f.geometry, class: f.properties.class, value: f.properties.value }))) : hotspots,
    alerts: alerts.available ? alertAreas(alerts.value) : [],
    tooImpreciseToMap: available(tooImprecise),
    ...(siteFeatures.length > MAX_SITES_DRAWN && { sitesNotDrawn: siteFeatures.length - MAX_SITES_DRAWN }),
  };

  return {
    area: reportArea,
    period: { from: query.from, to: query.to },
    generatedAt: ctx.now().toISOString(),
    generatedBy: actor.username,
    figures: byMonth.available && byStatus.available ? available(figuresFromAggregates(byMonth.value, byStatus.value)) : unavailable(aggregateMissing),
    timeline: byMonth.available ? available(timelineFromAggregate(byMonth.value, query.from, query.to)) : byMonth,
    byTheme: byTheme.available ? available(breakdownsFromAggregate(byTheme.value, 'theme', themeLabelOf)) : byTheme,
    byParty: byParty.available ? available(breakdownsFromAggregate(byParty.value, 'actor', (name) => name)) : byParty,
    ceasefireViolations: ceasefire,
    map,
    scorecard,
    alerts,
    violations,
    sources: available(datasets.map((d) => ({ dataset: d.dataset, incidents: d.incidents, ...datasetCitation(d.dataset) }))),
  };
}

/** The situation report as a printable, self-contained HTML page. */
export async function situationReportHtml(ctx: AppContext, actor: Actor, input: unknown, readers?: MonitoringReaders): Promise<string> {
  const data = await gatherSituationReport(ctx, actor, input, readers);
  return renderSituationReport(data, { countries: countryShapes() });
}

/** The situation report as an A4 PDF, printed from the same page by headless Chromium. */
export async function situationReportPdf(ctx: AppContext, actor: Actor, input: unknown, readers?: MonitoringReaders): Promise<Buffer> {
  return renderPdf(await situationReportHtml(ctx, actor, input, readers));
}
