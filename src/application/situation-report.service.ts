import type { Feature, Geometry } from 'geojson';
import { cellToBoundary, cellToLatLng } from 'h3-js';
import { countryName, numericFromAlpha3 } from '../core/countries.js';
import { DomainError } from '../core/errors.js';
import type { BoundingBox, IncidentFilter } from '../core/incident-filter.schema.js';
import { situationReportQuerySchema, type SituationReportQuery } from '../core/situation-report-query.schema.js';
import { LOCATION_PRECISIONS, MAPPABLE_PRECISIONS, isMappable, type LocationPrecision } from '../core/taxonomy.js';
import { EVENT_TYPE_NONE_LABEL, breakdownsFromAggregate, figuresFromAggregates, timelineFromAggregate, violationSeriesFromDetections } from '../reporting/chart-inputs.js';
import { byExtremity } from '../core/analytics/escalation.js';
import { datasetCitation } from '../reporting/dataset-citations.js';
import { escalationWhat } from '../reporting/escalation-text.js';
import { boundsOf, boxesOverlap, geometryBounds } from '../reporting/geometry-bounds.js';
import { h3ResolutionFor } from '../reporting/map-projection.js';
import type { AggregateResult, DetectionView, EscalationResult, HotspotCollection, Scorecard, SiteRecord, ViolationSeries, ZoneCollection } from '../reporting/monitoring-views.js';
import { renderSituationReport } from '../reporting/situation-report.js';
import { available, unavailable, type ReportArea, type ReportMap, type ReportViolations, type Section, type SituationReportData, type ViolationList } from '../reporting/situation-report-data.js';
import type { MapAlertArea, MapZone } from '../reporting/situation-map.js';
import { themeLabelOf, violenceTypeLabelOf } from '../reporting/status-labels.js';
import { IncidentReportQueries } from '../store/incident-report.queries.js';
import type { Actor, AppContext } from './app-context.js';
import { audienceOf, requirePermission } from './authorization.js';
import { countryBounds, countryShapes, countryShapesForMaps } from '../infrastructure/country-shapes.js';
import { aggregateHarm, escalationAlerts, hotspots as hotspotCells } from './analytics.service.js';
import { listDetections } from './detection.service.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { principlesScorecardFor } from './scorecard.service.js';
import { listAgreements } from './agreement.service.js';
import type { Agreement } from '../core/places/agreement.schema.js';
import { listSites } from './site.service.js';
import { listZones } from './zone.service.js';
import { parseInput } from './validation.js';

/** The area part of the monitoring queries: a country or a box, as the report was asked for. */
export type AreaQuery = { country: string; bbox?: undefined } | { country?: undefined; bbox: BoundingBox };
export type PeriodQuery = AreaQuery & { from: string; to: string };

/**
 * The monitoring services a report reads, each optional: a service that is not connected leaves its part of the
 * report "not available", with the reason, instead of a number. Each takes what its API route takes.
 */
export interface MonitoringReaders {
  /** GET /monitoring/aggregate */
  aggregate?: (actor: Actor, query: PeriodQuery & { groupBy: string }) => Promise<AggregateResult>;
  /** GET /monitoring/escalation: alerts in every complete week from `from` up to `asOf`, at most `limit` of them, most extreme first. */
  escalation?: (actor: Actor, query: { level: 'country' | 'admin1' | 'h3'; country?: string; resolution?: number; from: string; asOf: string; limit?: number }) => Promise<EscalationResult>;
  /** GET /monitoring/hotspots */
  hotspots?: (actor: Actor, query: PeriodQuery & { resolution: number; metric: 'incidents' | 'deaths' }) => Promise<HotspotCollection>;
  /** GET /monitoring/scorecard: for a country, or (no country) the whole register. */
  scorecard?: (actor: Actor, query: { country?: string; from: string; to: string }) => Promise<Scorecard>;
  /** GET /detections: one page of one kind whose incidents' dates overlap the period. */
  detections?: (actor: Actor, query: { kind: DetectionView['kind']; from: string; to: string; country?: string; limit: number; offset: number }) => Promise<{ items: DetectionView[]; total: number }>;
  /** GET /sites in a box: a page, and how many there are. */
  sites?: (actor: Actor, query: { bbox: BoundingBox; limit: number }) => Promise<{ items: SiteRecord[]; total: number }>;
  /** GET /zones */
  zones?: (actor: Actor) => Promise<ZoneCollection>;
  /** GET /agreements */
  agreements?: (actor: Actor) => Promise<Agreement[]>;
}

/**
 * The readers this server has. The monitoring services land one by one; until one is wired here its part of the
 * report says it is not available.
 */
export function connectedMonitoringReaders(ctx: AppContext): MonitoringReaders {
  return {
    aggregate: (actor, query) => aggregateHarm(ctx, actor, query),
    escalation: (actor, query) => escalationAlerts(ctx, actor, query),
    hotspots: (actor, query) => hotspotCells(ctx, actor, query),
    scorecard: (actor, query) => principlesScorecardFor(ctx, actor, query),
    detections: (actor, query) => listDetections(ctx, actor, query),
    sites: async (actor, { bbox, limit }) => {
      const items: SiteRecord[] = [];
      let total = 0;
      // The register pages by a thousand.
      for (let offset = 0; offset < limit; offset += 1000) {
        const page = await listSites(ctx, actor, { bbox, limit: Math.min(1000, limit - offset), offset });
        total = page.total;
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= total) break;
      }
      return { items, total };
    },
    zones: (actor) => listZones(ctx, actor, {}),
    agreements: (actor) => listAgreements(ctx, actor, {}),
  };
}

/** Located to a province or better: drawn on the map. Coarser ones are counted and said to be left off. */
const MAPPABLE = MAPPABLE_PRECISIONS;
const TOO_IMPRECISE: readonly LocationPrecision[] = LOCATION_PRECISIONS.filter((p) => !isMappable(p));
/** About this many grid cells across the map: dots a reader can tell apart, whatever the number of incidents. */
const GRID_CELLS_ACROSS = 60;
const MAX_SITES_DRAWN = 3000;
const DETECTIONS_LISTED = 50;
const DETECTION_PAGE = 1000;
const MAX_DETECTIONS_READ = 20_000;
/** The escalation section lists this many alerts, the most extreme of the period, and says how many more there are. */
const ALERTS_LISTED = 20;
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
function zonesFor(collection: ZoneCollection, box: BoundingBox, from: string, to: string): MapZone[] {
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
    const label = `Escalation (${alert.metric}): ${escalationWhat(alert)}, ${alert.expected.toFixed(1)} expected, week of ${alert.weekStart}`;
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

const inBox = (box: BoundingBox, lat: number, lon: number) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];

/** Every detection of a kind in the period, page by page, up to a bound that keeps a report's work finite. */
async function allDetections(
  read: NonNullable<MonitoringReaders['detections']>,
  actor: Actor,
  query: { kind: DetectionView['kind']; from: string; to: string; country?: string },
): Promise<DetectionView[]> {
  const found: DetectionView[] = [];
  for (let offset = 0; offset < MAX_DETECTIONS_READ; offset += DETECTION_PAGE) {
    const page = await read(actor, { ...query, limit: DETECTION_PAGE, offset });
    found.push(...page.items);
    if (page.items.length < DETECTION_PAGE || offset + DETECTION_PAGE >= page.total) break;
  }
  return found;
}

/** Only what a person confirmed is a violation; open detections are counted as awaiting review, dismissed ones as dismissed. */
function violationList(detections: readonly DetectionView[]): ViolationList {
  const confirmed = detections.filter((d) => d.status === 'confirmed').sort((a, b) => (b.dateEarliest ?? b.detectedAt).localeCompare(a.dateEarliest ?? a.detectedAt));
  const count = (status: DetectionView['status']) => detections.filter((d) => d.status === status).length;
  return { items: confirmed.slice(0, DETECTIONS_LISTED), total: confirmed.length, awaitingReview: count('open'), dismissed: count('dismissed') };
}

/** Confirmed attacks per site, most first (then by name), named as the site was when detected. */
function perSite(list: ViolationList, detections: readonly DetectionView[]): ViolationList {
  const sites = new Map<string, { siteId: string; name: string; total: number }>();
  for (const d of detections) {
    if (d.status !== 'confirmed') continue;
    const siteId = d.siteId ?? '';
    const site = sites.get(siteId) ?? { siteId, name: d.evidence?.site.name ?? (siteId || 'Site not recorded'), total: 0 };
    site.total += 1;
    sites.set(siteId, site);
  }
  return { ...list, bySite: [...sites.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)) };
}

/** Agreements in force at some time in the period that apply in the box: everywhere their parties fight (no zones), or in a zone touching it. */
function agreementsIn(agreements: readonly Agreement[], zones: ZoneCollection | undefined, box: BoundingBox, from: string, to: string): number {
  const zoneBoxes = new Map((zones?.features ?? []).map((f) => [f.id, geometryBounds(f.geometry)]));
  return agreements.filter(
    (a) =>
      a.validFrom <= to &&
      (a.validTo === undefined || a.validTo >= from) &&
      (a.zoneIds.length === 0 ||
        a.zoneIds.some((id) => {
          const zoneBox = zoneBoxes.get(id);
          // A zone this reader cannot see or place: the agreement may apply here, so it counts.
          return zoneBox === undefined || boxesOverlap(zoneBox, box);
        })),
  ).length;
}

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

  const { aggregate, escalation, hotspots, scorecard, detections, sites, zones, agreements } = readers;
  const aggregateMissing = notConnected('The monitoring aggregation', 'GET /api/v1/monitoring/aggregate');
  const byGroup = (groupBy: string) => part(aggregate && (() => aggregate(actor, { ...period, groupBy })), aggregateMissing);
  // Every complete week of the period is tested; the section lists the most extreme alerts of the whole period.
  const escalationIn = async (): Promise<EscalationResult> => {
    const read = (q: Parameters<NonNullable<MonitoringReaders['escalation']>>[1]) => escalation!(actor, q);
    const weeks = { from: query.from, asOf: query.to };
    if (query.country) {
      const [national, provincial] = await Promise.all([
        read({ level: 'country', country: query.country, ...weeks, limit: ALERTS_LISTED }),
        read({ level: 'admin1', country: query.country, ...weeks, limit: ALERTS_LISTED }),
      ]);
      return { method: national.method, alerts: [...national.alerts, ...provincial.alerts].sort(byExtremity).slice(0, ALERTS_LISTED), total: national.total + provincial.total };
    }
    // Cells are read everywhere and kept in the box here, so no limit: the most extreme may lie outside the box.
    const cells = await read({ level: 'h3', resolution: 4, ...weeks });
    const inArea = cells.alerts.filter((a) => {
      try {
        const [lat, lon] = cellToLatLng(a.area.code);
        return inBox(box, lat, lon);
      } catch {
        return false;
      }
    });
    return { method: cells.method, alerts: [...inArea].sort(byExtremity).slice(0, ALERTS_LISTED), total: inArea.length };
  };

  const detectionsIn = async (): Promise<{ lists: ReportViolations; ceasefire: ViolationSeries }> => {
    const kinds = ['protected_site', 'humanitarian_space', 'ceasefire_violation'] as const;
    const [onSites, inSpace, ceasefire] = await Promise.all(
      kinds.map((kind) => allDetections(detections!, actor, { kind, from: query.from, to: query.to, ...(query.country && { country: query.country }) })),
    );
    // The server narrows to a country; a box is checked here: keep those with an incident in the area, as the reader sees it.
    const places = await register.placesOf(db, [...new Set([...onSites!, ...inSpace!, ...ceasefire!].flatMap((d) => d.incidentIds))], audience);
    const inArea = (d: DetectionView) =>
      d.incidentIds.some((id) => {
        const place = places.get(id);
        return place !== undefined && (query.country ? place.country === query.country : inBox(box, place.lat, place.lon));
      });
    const ceasefireHere = ceasefire!.filter(inArea);
    return {
      lists: { protectedSites: perSite(violationList(onSites!.filter(inArea)), onSites!.filter(inArea)), humanitarianSpace: violationList(inSpace!.filter(inArea)), ceasefire: violationList(ceasefireHere) },
      ceasefire: violationSeriesFromDetections(ceasefireHere, query.from, query.to),
    };
  };

  const [byMonth, byStatus, byTheme, byParty, byViolence, byEventType, alerts, hotspotCells, card, foundDetections, siteRecords, zoneFeatures, agreementList] = await Promise.all([
    byGroup('month'),
    byGroup('status'),
    byGroup('theme,status'),
    byGroup('actor,status'),
    byGroup('violence,status'),
    byGroup('eventType,status'),
    part(escalation && escalationIn, notConnected('Escalation detection', 'GET /api/v1/monitoring/escalation')),
    part(hotspots && (() => hotspots(actor, { ...period, resolution: h3ResolutionFor(box), metric: 'deaths' })), notConnected('Hot-spot analysis', 'GET /api/v1/monitoring/hotspots')),
    query.country
      ? part(scorecard && (() => scorecard(actor, { country: query.country!, from: query.from, to: query.to })), notConnected('The principles scorecard', 'GET /api/v1/monitoring/scorecard'))
      : Promise.resolve(unavailable<Scorecard>('The principles scorecard is kept for a country (or the whole mission), not for a box: ask for the report by country.')),
    part(detections && detectionsIn, notConnected('Detections', 'GET /api/v1/detections')),
    part(sites && (() => sites(actor, { bbox: box, limit: MAX_SITES_DRAWN })), notConnected('The register of protected sites', 'GET /api/v1/sites')),
    part(zones && (() => zones(actor)), notConnected('The register of zones', 'GET /api/v1/zones')),
    part(agreements && (() => agreements(actor)), notConnected('The register of agreements', 'GET /api/v1/agreements')),
  ]);
  const agreementsHere: Section<number> = agreementList.available
    ? available(agreementsIn(agreementList.value, zoneFeatures.available ? zoneFeatures.value : undefined, box, query.from, query.to))
    : agreementList;
  // Data sets that never record injuries: their incidents' injured count is unknown, not zero.
  const noInjuryRecords = datasets.filter((d) => datasetCitation(d.dataset).recordsInjuries === false);
  const injuriesNotRecorded = {
    incidents: noInjuryRecords.reduce((sum, d) => sum + d.incidents, 0),
    sources: noInjuryRecords.map((d) => datasetCitation(d.dataset).short ?? d.dataset),
  };

  const map: ReportMap = {
    incidents: available(grid.map((c) => ({ lon: c.lon, lat: c.lat, count: c.incidents, killed: c.killed }))),
    sites: siteRecords.available ? available(siteRecords.value.items.map((site) => ({ lon: site.lon, lat: site.lat, name: site.name, category: site.category, status: site.status }))) : siteRecords,
    zones: zoneFeatures.available ? available(zonesFor(zoneFeatures.value, box, query.from, query.to)) : zoneFeatures,
    hotspots: hotspotCells.available
      ? available(hotspotCells.value.features.map((f) => ({ geometry: f.geometry, class: f.properties.class, value: f.properties.value, incidents: f.properties.incidents, z: f.properties.z, context: f.properties.context })))
      : hotspotCells,
    alerts: alerts.available ? alertAreas(alerts.value) : [],
    tooImpreciseToMap: available(tooImprecise),
    ...(siteRecords.available && siteRecords.value.total > siteRecords.value.items.length && { sitesNotDrawn: siteRecords.value.total - siteRecords.value.items.length }),
  };

  return {
    area: reportArea,
    period: { from: query.from, to: query.to },
    generatedAt: ctx.now().toISOString(),
    generatedBy: actor.username,
    figures: byMonth.available && byStatus.available ? available({ ...figuresFromAggregates(byMonth.value, byStatus.value), injuriesNotRecorded }) : unavailable(aggregateMissing),
    timeline: byMonth.available ? available(timelineFromAggregate(byMonth.value, query.from, query.to)) : byMonth,
    byTheme: byTheme.available ? available(breakdownsFromAggregate(byTheme.value, 'theme', themeLabelOf, { noneLabel: 'No theme (armed violence only)' })) : byTheme,
    byParty: byParty.available ? available(breakdownsFromAggregate(byParty.value, 'actor', (name) => name, { noneLabel: 'No party recorded' })) : byParty,
    byViolence: byViolence.available ? available(breakdownsFromAggregate(byViolence.value, 'violence', violenceTypeLabelOf, { noneLabel: 'Type not given' })) : byViolence,
    byEventType: byEventType.available ? available(breakdownsFromAggregate(byEventType.value, 'eventType', (type) => type, { noneLabel: EVENT_TYPE_NONE_LABEL })) : byEventType,
    ceasefireViolations: foundDetections.available ? available(foundDetections.value.ceasefire) : foundDetections,
    agreements: agreementsHere,
    map,
    scorecard: card,
    alerts,
    violations: foundDetections.available ? available(foundDetections.value.lists) : foundDetections,
    sources: available(
      datasets.map((d) => {
        const { label, licence } = datasetCitation(d.dataset);
        return { dataset: d.dataset, incidents: d.incidents, label, ...(licence !== undefined && { licence }) };
      }),
    ),
  };
}

/** The situation report as a printable, self-contained HTML page. */
export async function situationReportHtml(ctx: AppContext, actor: Actor, input: unknown, readers?: MonitoringReaders): Promise<string> {
  const data = await gatherSituationReport(ctx, actor, input, readers);
  return renderSituationReport(data, { countries: countryShapesForMaps() });
}

/** The situation report as an A4 PDF, printed from the same page by headless Chromium. */
export async function situationReportPdf(ctx: AppContext, actor: Actor, input: unknown, readers?: MonitoringReaders): Promise<Buffer> {
  return renderPdf(await situationReportHtml(ctx, actor, input, readers));
}
