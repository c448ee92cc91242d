import maplibregl, { type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { numericFromAlpha3 } from '../../../src/core/countries.js';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import type { SiteMapCollection } from '../../../src/core/places/site-geojson.mapping.js';
import { boxesOverlap, geometryBounds } from '../../../src/reporting/geometry-bounds.js';
import { h3ResolutionFor } from '../../../src/reporting/map-projection.js';
import type { EscalationAlert, HotspotProperties, ZoneCollection } from '../../../src/reporting/monitoring-views.js';
import { HOTSPOT_COLORS, HOTSPOT_LABELS, hotspotText, OTHER_SITES, SITE_GROUPS, ZONE_COLORS, ZONE_LABELS } from '../../../src/reporting/situation-map.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { debounce, h, isAbort } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import { unavailableReason } from './unavailable.js';
import { countryShapes } from '../shared/map-style.js';
import { MapView } from '../shared/map-view.js';

declare global {
  interface Window {
    /** The monitoring dashboard's map, for the browser tests and for debugging from the console. */
    havenMonitorMap?: maplibregl.Map;
  }
}

export const MONITOR_LAYERS = ['incidents', 'sites', 'zones', 'hotspots', 'alerts'] as const;
export type MonitorLayer = (typeof MONITOR_LAYERS)[number];

/** The MapLibre layers behind each toggle. */
export const LAYER_IDS: Record<MonitorLayer, readonly string[]> = {
  incidents: MapView.INCIDENT_LAYERS,
  sites: ['monitor-sites'],
  zones: ['monitor-zone-areas', 'monitor-zone-bands', 'monitor-zone-lines', 'monitor-zone-points'],
  hotspots: ['monitor-hotspots'],
  alerts: ['monitor-alerts'],
};

const LAYER_LABELS: Record<MonitorLayer, string> = {
  incidents: 'Incidents',
  sites: 'Protected sites',
  zones: 'Zones (corridors, safe havens, ceasefire lines)',
  hotspots: 'Hot spots (deaths)',
  alerts: 'Escalation alerts',
};

export interface MonitorScope {
  country?: string | undefined;
  from: string;
  to: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const WORLD: BoundingBox = [-180, -60, 180, 85];
/** Metres per pixel at zoom 0 on the equator (512-pixel tiles): widths in km become pixels at every zoom. */
const METRES_PER_PIXEL_Z0 = 78271.517;
/** The period's most extreme alerts drawn on the map. */
const ALERTS_DRAWN = 50;

export function countryBox(alpha3: string | undefined): BoundingBox | undefined {
  const numeric = alpha3 ? numericFromAlpha3(alpha3) : undefined;
  const shape = numeric ? countryShapes().features.find((f) => String(f.id) === numeric) : undefined;
  const box = shape ? geometryBounds(shape.geometry) : undefined;
  return box && box[2] - box[0] <= 180 ? box : undefined;
}

function match(property: string, colours: Record<string, string>, fallback: string): ExpressionSpecification {
  const [first, ...rest] = Object.entries(colours);
  if (!first) return ['literal', fallback];
  return ['match', ['get', property], first[0], first[1], ...rest.flat(), fallback];
}

const siteColour = match('category', Object.fromEntries(SITE_GROUPS.flatMap((g) => g.categories.map((c) => [c, g.color]))), OTHER_SITES.color);

function swatch(colour: string, shape: 'dot' | 'box' | 'line' | 'outline'): HTMLElement {
  const element = h('span', { class: `layer-swatch ${shape}`, 'aria-hidden': 'true' });
  // Colours come from the same palette as the report; set through the CSSOM, which the CSP allows.
  if (shape === 'outline') element.style.borderColor = colour;
  else element.style.background = colour;
  return element;
}

function keyOf(layer: MonitorLayer): HTMLElement {
  const items: [string, string, 'dot' | 'box' | 'line' | 'outline'][] =
    layer === 'sites'
      ? [...SITE_GROUPS, OTHER_SITES].map((g) => [g.label, g.color, 'dot'])
      : layer === 'zones'
        ? Object.entries(ZONE_COLORS).map(([kind, colour]) => [ZONE_LABELS[kind] ?? kind, colour, 'line'])
        : layer === 'hotspots'
          ? Object.entries(HOTSPOT_COLORS).map(([c, colour]) => [HOTSPOT_LABELS[c as keyof typeof HOTSPOT_LABELS], colour, 'box'])
          : layer === 'alerts'
            ? [['Area with an escalation alert', '#d55e00', 'outline']]
            : [];
  return h('ul', { class: 'layer-key' }, items.map(([label, colour, shape]) => h('li', {}, swatch(colour, shape), label)));
}

/**
 * The dashboard's map: the register's incident clusters (the same server-side clusters as the incident map, so a
 * million incidents cost the browser nothing) with protected sites, zones, hot spots and escalation alerts on top,
 * each behind a labelled toggle. `data-layers` on the element says which layers are shown.
 */
export class MonitorMap {
  readonly element: HTMLElement;
  private readonly view: MapView;
  private readonly visible: Record<MonitorLayer, boolean> = { incidents: true, sites: true, zones: true, hotspots: true, alerts: true };
  private readonly counts = new Map<MonitorLayer, HTMLElement>();
  private readonly notes = h('p', { class: 'map-note', role: 'status', 'data-testid': 'monitor-map-note' });
  private readonly layerNotes = new Map<MonitorLayer, string>();
  private scope: MonitorScope;
  private ready = false;
  private readonly scopeLoader: Loadable<[]>;
  private readonly sitesLoader: Loadable<[]>;
  private readonly loadSitesSoon = debounce(() => void this.sitesLoader.load(), 250);

  constructor(
    private readonly api: ApiClient,
    scope: MonitorScope,
    options: { onOpenIncident(id: string): void },
  ) {
    this.scope = scope;
    const mapHost = h('div', { class: 'map-view monitor-map-view', 'data-testid': 'monitor-map', role: 'region', 'aria-label': 'Map of incidents, protected sites, zones, hot spots and alerts' });
    const toggles = h(
      'fieldset',
      { class: 'layer-toggles', 'data-testid': 'layer-toggles' },
      h('legend', {}, 'Map layers'),
      MONITOR_LAYERS.map((layer) => {
        const count = h('span', { class: 'layer-count', 'data-testid': `layer-count-${layer}` });
        this.counts.set(layer, count);
        const id = `layer-toggle-${layer}`;
        return h(
          'div',
          { class: 'layer-toggle' },
          h('input', { type: 'checkbox', id, checked: this.visible[layer], 'data-testid': id, onchange: (event: Event) => this.setVisible(layer, (event.target as HTMLInputElement).checked) }),
          h('label', { for: id }, LAYER_LABELS[layer], ' ', count),
          keyOf(layer),
        );
      }),
    );
    this.element = h('div', { class: 'monitor-map', 'data-layers': this.visibleList() }, toggles, mapHost, this.notes);
    // Each layer shows its own failure (loadScopeLayers never fails as a whole); the state says when all have answered.
    this.scopeLoader = loadable(this.element, (signal) => this.loadScopeLayers(signal), () => undefined, { failed: () => undefined });
    this.sitesLoader = loadable(this.element, (signal) => this.api.siteMapFeatures(this.viewBox(), undefined, signal), (sites) => this.showSites(sites), {
      stateKey: 'sites',
      failed: (error) => this.sitesFailed(error),
    });
    const box = countryBox(scope.country);
    this.view = new MapView(mapHost, api, this.incidentFilter(), { onOpenIncident: (id) => options.onOpenIncident(id), syncHash: false, ...(box && { initialBounds: box }) });
    const map = this.view.map;
    window.havenMonitorMap = map;
    map.on('load', () => {
      this.addLayers();
      this.ready = true;
      this.applyVisibility();
      void this.scopeLoader.load();
      void this.sitesLoader.load();
    });
    map.on('moveend', () => this.loadSitesSoon());
  }

  get map(): maplibregl.Map {
    return this.view.map;
  }

  /** The area and period changed: incidents, zones, hot spots and alerts are asked for again, and the map moves to the country. */
  setScope(scope: MonitorScope): void {
    const countryChanged = scope.country !== this.scope.country;
    this.scope = scope;
    this.view.setFilter(this.incidentFilter());
    if (countryChanged) {
      const box = countryBox(scope.country);
      if (box) this.view.fitTo(box);
    }
    if (this.ready) void this.scopeLoader.load();
  }

  /** The box the map shows, for a report of "what I am looking at" when no country is chosen. */
  viewBox(): BoundingBox {
    const b = this.view.map.getBounds();
    const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
  }

  destroy(): void {
    this.loadSitesSoon.cancel();
    this.scopeLoader.abort();
    this.sitesLoader.abort();
    this.view.destroy();
    if (window.havenMonitorMap === this.view.map) delete window.havenMonitorMap;
  }

  private incidentFilter() {
    return { ...(this.scope.country && { countries: [this.scope.country] }), from: this.scope.from, to: this.scope.to };
  }

  private visibleList(): string {
    return MONITOR_LAYERS.filter((l) => this.visible[l]).join(' ');
  }

  private setVisible(layer: MonitorLayer, visible: boolean): void {
    this.visible[layer] = visible;
    this.applyVisibility();
  }

  private applyVisibility(): void {
    this.element.dataset.layers = this.visibleList();
    if (!this.ready) return;
    for (const layer of MONITOR_LAYERS) {
      for (const id of LAYER_IDS[layer]) {
        if (this.view.map.getLayer(id)) this.view.map.setLayoutProperty(id, 'visibility', this.visible[layer] ? 'visible' : 'none');
      }
    }
  }

  /** Below the incident clusters, so counts stay readable on top. */
  private addLayers(): void {
    const map = this.view.map;
    const below = 'clusters';
    for (const source of ['monitor-sites', 'monitor-zones', 'monitor-hotspots', 'monitor-alerts']) map.addSource(source, { type: 'geojson', data: EMPTY });
    map.addLayer(
      { id: 'monitor-hotspots', type: 'fill', source: 'monitor-hotspots', filter: ['!=', ['get', 'class'], 'none'], paint: { 'fill-color': match('class', HOTSPOT_COLORS, '#cccccc'), 'fill-opacity': 0.55, 'fill-outline-color': '#ffffff' } },
      below,
    );
    const zoneColour = match('kind', ZONE_COLORS, '#6b7280');
    const isArea: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
    const isLine: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
    // A corridor's width in km, drawn to scale at every zoom (metres per pixel halve with each zoom level).
    const widthKm: ExpressionSpecification = ['coalesce', ['get', 'widthKm'], 1];
    // `zoom` may only be the input of the outermost interpolation, so each stop computes its own pixels.
    const toScale = (share: number, atLeast: number): ExpressionSpecification => [
      'interpolate',
      ['exponential', 2],
      ['zoom'],
      0,
      ['max', atLeast, ['*', widthKm, (share * 1000) / METRES_PER_PIXEL_Z0]],
      20,
      ['max', atLeast, ['*', widthKm, ((share * 1000) / METRES_PER_PIXEL_Z0) * 2 ** 20]],
    ];
    const band = toScale(1, 2);
    map.addLayer({ id: 'monitor-zone-areas', type: 'fill', source: 'monitor-zones', filter: isArea, paint: { 'fill-color': zoneColour, 'fill-opacity': 0.15, 'fill-outline-color': zoneColour } }, below);
    map.addLayer({ id: 'monitor-zone-bands', type: 'line', source: 'monitor-zones', filter: isLine, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': zoneColour, 'line-opacity': 0.3, 'line-width': band } }, below);
    map.addLayer({ id: 'monitor-zone-lines', type: 'line', source: 'monitor-zones', filter: ['any', isLine, isArea], paint: { 'line-color': zoneColour, 'line-width': 2, 'line-dasharray': [3, 2] } }, below);
    map.addLayer({ id: 'monitor-zone-points', type: 'circle', source: 'monitor-zones', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': zoneColour, 'circle-opacity': 0.25, 'circle-stroke-color': zoneColour, 'circle-stroke-width': 1.5, 'circle-radius': toScale(0.5, 4) } }, below);
    map.on('click', 'monitor-hotspots', (event) => this.describeHotspot(event));
    map.on('mouseenter', 'monitor-hotspots', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'monitor-hotspots', () => (map.getCanvas().style.cursor = ''));
    map.addLayer({ id: 'monitor-alerts', type: 'line', source: 'monitor-alerts', paint: { 'line-color': '#d55e00', 'line-width': 3 } }, below);
    map.addLayer(
      { id: 'monitor-sites', type: 'circle', source: 'monitor-sites', paint: { 'circle-color': siteColour, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 3, 10, 6], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } },
      below,
    );
  }

  /** A hot or cold cell says what its colour rests on: its deaths, its incidents and z. */
  private describeHotspot(event: MapLayerMouseEvent): void {
    const properties = event.features?.[0]?.properties as Partial<Record<keyof HotspotProperties, unknown>> | undefined;
    const cls = properties?.class;
    if (!properties || typeof cls !== 'string' || !(cls in HOTSPOT_LABELS)) return;
    const text = hotspotText({ value: Number(properties.value), incidents: Number(properties.incidents), z: Number(properties.z) }, cls as keyof typeof HOTSPOT_LABELS);
    new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setDOMContent(h('p', { class: 'hotspot-popup', 'data-testid': 'hotspot-popup' }, text)).addTo(this.view.map);
  }

  private setData(source: string, data: FeatureCollection): void {
    this.view.map.getSource<GeoJSONSource>(source)?.setData(data);
  }

  private showCount(layer: MonitorLayer, text: string): void {
    this.counts.get(layer)!.textContent = text;
  }

  private showNote(layer: MonitorLayer, note: string | undefined): void {
    if (note) this.layerNotes.set(layer, note);
    else this.layerNotes.delete(layer);
    this.notes.textContent = [...this.layerNotes.values()].join(' ');
  }

  /** A layer whose service is missing or refuses says so beside the map; the others still draw. */
  private failed(layer: MonitorLayer, error: unknown): void {
    if (isAbort(error)) return;
    this.showCount(layer, '(not available)');
    this.showNote(layer, `${LAYER_LABELS[layer]}: ${unavailableReason(error)}.`);
  }

  /** The zones, hot spots and alerts of the scope; a layer that fails says so and the others still draw. */
  private async loadScopeLayers(signal: AbortSignal): Promise<void> {
    const box = countryBox(this.scope.country) ?? WORLD;
    await Promise.all([
      this.api
        .listZones({}, signal)
        .then((zones) => {
          const shown = zonesInScope(zones, box, this.scope);
          this.setData('monitor-zones', shown);
          this.showCount('zones', `(${shown.features.length})`);
          this.showNote('zones', undefined);
        })
        .catch((error: unknown) => this.failed('zones', error)),
      this.api
        .hotspots({ country: this.scope.country, ...(!this.scope.country && { bbox: this.viewBox() }), from: this.scope.from, to: this.scope.to }, { resolution: h3ResolutionFor(box), metric: 'deaths' }, signal)
        .then((cells) => {
          this.setData('monitor-hotspots', cells);
          this.showCount('hotspots', `(${cells.features.filter((f) => f.properties.class.startsWith('hot')).length} hot)`);
          this.showNote('hotspots', undefined);
        })
        .catch((error: unknown) => this.failed('hotspots', error)),
      this.api
        .escalation({ level: 'country', country: this.scope.country, from: this.scope.from, asOf: this.scope.to, limit: ALERTS_DRAWN }, signal)
        .then(async (result) => {
          const areas = await alertShapes(result.alerts);
          this.setData('monitor-alerts', areas);
          this.showCount('alerts', `(${result.alerts.length})`);
          this.showNote('alerts', undefined);
        })
        .catch((error: unknown) => this.failed('alerts', error)),
    ]);
  }

  /** Sites in view, asked for again as the map moves: the server refuses a box that holds too many to draw. */
  private sitesFailed(error: unknown): void {
    if (error instanceof ApiError && error.status === 400 && error.issues.some((i) => i.code === 'too_many')) {
      this.setData('monitor-sites', EMPTY);
      this.showCount('sites', '(zoom in)');
      this.showNote('sites', `Protected sites: ${error.message}.`);
      return;
    }
    this.failed('sites', error);
  }

  private showSites(sites: SiteMapCollection): void {
    this.setData('monitor-sites', sites);
    this.showCount('sites', `(${sites.features.length} in view)`);
    this.showNote('sites', undefined);
  }

}

/** Zones valid at some time in the period that touch the area. */
function zonesInScope(zones: ZoneCollection, box: BoundingBox, scope: MonitorScope): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: zones.features.filter((f) => {
      const valid = f.properties.validFrom <= scope.to && (f.properties.validTo === undefined || f.properties.validTo >= scope.from);
      const where = geometryBounds(f.geometry);
      return valid && where !== undefined && boxesOverlap(where, box);
    }),
  };
}

/** Alert areas as outlines: a country as its shape, an H3 cell as its hexagon (h3-js is loaded only when needed). */
async function alertShapes(alerts: readonly EscalationAlert[]): Promise<FeatureCollection> {
  const features: Feature<Geometry>[] = [];
  const cells = alerts.filter((a) => a.area.level === 'h3');
  const h3 = cells.length > 0 ? await import('h3-js') : undefined;
  for (const alert of alerts) {
    const properties = { key: alert.key, metric: alert.metric };
    if (alert.area.level === 'country') {
      const numeric = numericFromAlpha3(alert.area.code);
      const shape = countryShapes().features.find((f) => String(f.id) === numeric);
      if (shape && (shape.geometry.type === 'Polygon' || shape.geometry.type === 'MultiPolygon')) features.push({ type: 'Feature', geometry: shape.geometry, properties });
    } else if (alert.area.level === 'h3' && h3) {
      try {
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [h3.cellToBoundary(alert.area.code, true)] }, properties });
      } catch {
        // Not a cell: listed beside the map, not drawn.
      }
    }
  }
  return { type: 'FeatureCollection', features };
}
