import type { SiteMapCollection } from '../../../src/core/places/site-geojson.mapping.js';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import maplibregl, { type ExpressionSpecification, type GeoJSONSource, type LngLatBounds } from 'maplibre-gl';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import { boundingBoxOf } from '../../../src/core/places/geometry.js';
import type { SiteCategory } from '../../../src/core/places/site.schema.js';
import { ZONE_KINDS, type ZoneCollection, type ZoneFeature } from '../../../src/core/places/zone.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { debounce, h } from '../shared/dom.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';
import { motionOptions, offlineWorldStyle } from '../shared/map-style.js';
import { MAP_ATTRIBUTION, PlaceNames } from '../shared/place-names.js';
import { withOperatorBasemap } from '../shared/basemap.js';
import { withAdmin1Boundaries } from '../shared/admin1-layer.js';
import { OTHER_SITES, SITE_GROUPS } from '../../../src/reporting/situation-map.js';
import { MAP_COLORS } from '../shared/palette.js';
import { SITE_COLORS, ZONE_COLORS, ZONE_KIND_LABELS, colourMark } from './place-labels.js';
import { ZoneDrawing, type DrawingState, type DrawnGeometry } from './zone-drawing.js';

declare global {
  interface Window {
    /** The place registers' map, for the browser tests and for debugging from the console. */
    havenPlacesMap?: maplibregl.Map;
  }
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** MapLibre's world is 512 pixels wide at zoom 0. */
const EQUATOR_M = 40_075_016.686;
const WORLD_PX_Z0 = 512;

/**
 * How many pixels `widthKm` covers at zoom 0 at this latitude: a band drawn this wide at zoom 0 and doubled with each
 * zoom level shows a corridor's true width on the map (Web Mercator stretches distances by 1 / cos(latitude)).
 */
export function bandPixelsAtZoomZero(widthKm: number, lat: number): number {
  const metresPerPixel = (EQUATOR_M * Math.cos((lat * Math.PI) / 180)) / WORLD_PX_Z0;
  return (widthKm * 1000) / metresPerPixel;
}

const band: ExpressionSpecification = ['interpolate', ['exponential', 2], ['zoom'], 0, ['get', 'bandPx'], 22, ['*', ['get', 'bandPx'], 2 ** 22]];
/** A circle's radius is half the band; a zone point stays visible (4 px) however narrow its width. */
const halfBand = (atLeast: number): ExpressionSpecification => ['interpolate', ['exponential', 2], ['zoom'], 0, ['max', atLeast, ['/', ['get', 'bandPx'], 2]], 22, ['max', atLeast, ['*', ['get', 'bandPx'], 2 ** 21]]];

/** A zone as the map draws it: its id, kind and the width of its band. */
function drawable(geometry: Geometry, properties: { id: string; kind: string; widthKm?: number | undefined }): Feature {
  const [, south, , north] = boundingBoxOf(geometry as ZoneFeature['geometry']);
  const bandPx = properties.widthKm ? bandPixelsAtZoomZero(properties.widthKm, (south + north) / 2) : 0;
  return { type: 'Feature', geometry, properties: { id: properties.id, kind: properties.kind, bandPx } };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

function viewportBox(bounds: LngLatBounds): BoundingBox {
  return [clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90), clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)];
}

const match = (property: string, colours: Record<string, string>, fallback: string): ExpressionSpecification => [
  'match',
  ['get', property],
  ...Object.entries(colours).flat(),
  fallback,
] as unknown as ExpressionSpecification;

const isArea: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const isLine: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

const ZONE_LAYERS: readonly (readonly [id: string, shape: ExpressionSpecification])[] = [
  ['zone-areas', isArea],
  ['zone-bands', isLine],
  ['zone-point-bands', isPoint],
  ['zone-lines', ['any', isLine, isArea]],
];

export interface PlacesMapOptions {
  onOpenZone(id: string): void;
  onOpenSite(id: string): void;
}

/**
 * The map of the place registers: zones coloured by kind, lines and points with their width drawn to scale as a band,
 * and the protected sites in view as dots coloured by category (asked for again whenever the map stops moving). The
 * zone being edited is taken off the zone layers and put on the drawing layer (see ZoneDrawing).
 *
 * The element's `data-sites` says where the sites stand: `loading`, `ready`, `too-many` or `error`.
 */
export class PlacesMap {
  readonly element: HTMLElement;
  readonly map: maplibregl.Map;
  /** Resolves once the style has loaded and the layers exist. */
  readonly loaded: Promise<void>;
  private drawing: ZoneDrawing | undefined;
  private readonly message = h('p', { class: 'map-message', role: 'status', hidden: true });
  private readonly resizeObserver: ResizeObserver;
  private readonly placeNames: PlaceNames;
  private readonly loadSitesSoon = debounce(() => this.loadSites(), 200);
  private readonly sites: Loadable<[]>;
  private siteCategory: SiteCategory | undefined;
  private hiddenZone = '';
  private selectedZone = '';
  private selectedSite = '';
  private picking: ((lngLat: { lon: number; lat: number }) => void) | undefined;
  private drawingListener: ((geometry: DrawnGeometry | undefined, state: DrawingState) => void) | undefined;
  private draftWidthKm: number | undefined;
  /** A zone's shape that cannot go on the drawing layer, drawn where the drawing would be. */
  private keptShape: Geometry | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly options: PlacesMapOptions,
  ) {
    const canvasHost = h('div', { class: 'map-canvas' });
    this.element = h('div', { class: 'map-view places-map', 'data-testid': 'places-map', role: 'region', 'aria-label': 'Map of zones and protected sites', 'data-sites': 'loading' }, canvasHost, this.legend(), this.message);
    this.sites = loadable(this.element, (signal) => this.api.siteMapFeatures(viewportBox(this.map.getBounds()), this.siteCategory, signal), (collection) => this.showSites(collection), {
      stateKey: 'sites',
      failed: (error) => this.sitesFailed(error),
    });
    this.map = new maplibregl.Map({
      container: canvasHost,
      style: offlineWorldStyle(),
      ...motionOptions(),
      center: [20, 20],
      zoom: 1.5,
      minZoom: 0.5,
      maxZoom: 18,
      renderWorldCopies: false,
      attributionControl: { compact: true, customAttribution: MAP_ATTRIBUTION },
    });
    this.placeNames = new PlaceNames(this.map, api);
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    withOperatorBasemap(this.map, api);
    withAdmin1Boundaries(this.map, api);
    this.resizeObserver = new ResizeObserver(() => this.map.resize());
    this.resizeObserver.observe(this.element);
    this.loaded = new Promise((resolve) => {
      this.map.on('load', () => {
        this.addLayers();
        this.drawing = new ZoneDrawing(this.map, (geometry, state) => {
          this.showDraft(geometry);
          this.drawingListener?.(geometry, state);
        });
        this.drawing.start();
        this.listen();
        this.loadSites();
        resolve();
      });
    });
    this.map.on('moveend', () => this.loadSitesSoon());
    window.havenPlacesMap = this.map;
  }

  destroy(): void {
    this.loadSitesSoon.cancel();
    this.sites.abort();
    this.placeNames.destroy();
    this.resizeObserver.disconnect();
    this.drawing?.destroy();
    this.map.remove();
    if (window.havenPlacesMap === this.map) delete window.havenPlacesMap;
  }

  setZones(collection: ZoneCollection): void {
    const features = collection.features.map((f) => drawable(f.geometry, { id: f.id, kind: f.properties.kind, widthKm: f.properties.widthKm }));
    void this.loaded.then(() => this.source('zones').setData({ type: 'FeatureCollection', features }));
  }

  /** Looks at a shape (a zone, a site's point), or a box. */
  fitTo(target: Geometry | BoundingBox): void {
    const [w, s, e, n] = Array.isArray(target) ? target : boundingBoxOf(target as ZoneFeature['geometry']);
    void this.loaded.then(() => this.map.fitBounds([w, s, e, n], { padding: 60, maxZoom: 9, duration: 0 }));
  }

  selectZone(id: string | undefined): void {
    this.selectedZone = id ?? '';
    void this.loaded.then(() => this.applyZoneFilters());
  }

  selectSite(id: string | undefined): void {
    this.selectedSite = id ?? '';
    void this.loaded.then(() => this.map.setFilter('site-selected', ['==', ['get', 'id'], this.selectedSite]));
  }

  setSiteCategory(category: SiteCategory | undefined): void {
    this.siteCategory = category;
    this.loadSites();
  }

  /** Asks the server again for the sites in view (after an import or an edit). */
  refreshSites(): void {
    this.loadSites();
  }

  // ---- Editing a zone's shape ----

  /** The zone editor follows the drawn shape through this. */
  onDrawing(listener: ((geometry: DrawnGeometry | undefined, state: DrawingState) => void) | undefined): void {
    this.drawingListener = listener;
  }

  /** While a zone is edited it is drawn only on the drawing layer. */
  hideZone(id: string | undefined): void {
    this.hiddenZone = id ?? '';
    void this.loaded.then(() => this.applyZoneFilters());
  }

  async beginDrawing(shape: Parameters<ZoneDrawing['begin']>[0]): Promise<void> {
    await this.loaded;
    this.drawing!.begin(shape);
  }

  async editShape(geometry: DrawnGeometry): Promise<void> {
    await this.loaded;
    this.drawing!.edit(geometry);
  }

  drawnGeometry(): DrawnGeometry | undefined {
    return this.drawing?.geometry();
  }

  get drawingState(): DrawingState {
    return this.drawing?.state ?? 'idle';
  }

  stopDrawing(): void {
    this.drawing?.stop();
    this.keptShape = undefined;
    this.showDraft(undefined);
  }

  /** A shape kept as it is while its zone is edited (see ZoneEditor), or none. */
  showKeptShape(geometry: Geometry | undefined): void {
    this.keptShape = geometry;
    this.showDraft(this.drawing?.geometry());
  }

  /** The width drawn around the shape being edited, as the form says it. */
  setDraftWidth(widthKm: number | undefined): void {
    this.draftWidthKm = widthKm;
    this.showDraft(this.drawing?.geometry());
  }

  // ---- Placing a site ----

  /** The next click on the map gives a point (for a site's position); the cursor says so meanwhile. */
  pickPoint(onPick: ((lngLat: { lon: number; lat: number }) => void) | undefined): void {
    this.picking = onPick;
    this.element.dataset.picking = String(onPick !== undefined);
    this.map.getCanvas().style.cursor = onPick ? 'crosshair' : '';
  }

  /** The point of the site being edited, or none. */
  showSitePoint(point: { lon: number; lat: number } | undefined): void {
    const data: FeatureCollection = point ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lon, point.lat] }, properties: {} }] } : EMPTY;
    void this.loaded.then(() => this.source('site-draft').setData(data));
  }

  private source(id: string): GeoJSONSource {
    return this.map.getSource(id) as GeoJSONSource;
  }

  private addLayers(): void {
    const map = this.map;
    for (const id of ['zones', 'zone-draft', 'sites', 'site-draft']) map.addSource(id, { type: 'geojson', data: EMPTY });
    const colour = match('kind', ZONE_COLORS, '#6b7280');
    map.addLayer({ id: 'zone-areas', type: 'fill', source: 'zones', filter: isArea, paint: { 'fill-color': colour, 'fill-opacity': 0.16 } });
    map.addLayer({ id: 'zone-bands', type: 'line', source: 'zones', filter: isLine, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': colour, 'line-opacity': 0.22, 'line-width': band } });
    map.addLayer({ id: 'zone-point-bands', type: 'circle', source: 'zones', filter: isPoint, paint: { 'circle-color': colour, 'circle-opacity': 0.22, 'circle-radius': halfBand(4), 'circle-stroke-color': colour, 'circle-stroke-width': 1.5 } });
    map.addLayer({ id: 'zone-lines', type: 'line', source: 'zones', filter: ['any', isLine, isArea], layout: { 'line-join': 'round' }, paint: { 'line-color': colour, 'line-width': 2.5 } });
    map.addLayer({ id: 'zone-selected', type: 'line', source: 'zones', filter: ['==', ['get', 'id'], ''], paint: { 'line-color': MAP_COLORS.selected, 'line-width': 5, 'line-opacity': 0.55 } });
    // The shape being edited, with its width: the band shows what the zone will hold as the points move.
    map.addLayer({ id: 'zone-draft-band', type: 'line', source: 'zone-draft', filter: isLine, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#1d4ed8', 'line-opacity': 0.18, 'line-width': band } });
    map.addLayer({ id: 'zone-draft-point', type: 'circle', source: 'zone-draft', filter: isPoint, paint: { 'circle-color': '#1d4ed8', 'circle-opacity': 0.18, 'circle-radius': halfBand(0) } });
    const isKept: ExpressionSpecification = ['==', ['get', 'kind'], 'kept'];
    map.addLayer({ id: 'zone-draft-area', type: 'fill', source: 'zone-draft', filter: ['all', isKept, isArea], paint: { 'fill-color': '#1d4ed8', 'fill-opacity': 0.15 } });
    map.addLayer({ id: 'zone-draft-line', type: 'line', source: 'zone-draft', filter: ['all', isKept, ['any', isLine, isArea]], paint: { 'line-color': '#1d4ed8', 'line-width': 3 } });
    map.addLayer({ id: 'zone-draft-dot', type: 'circle', source: 'zone-draft', filter: ['all', isKept, isPoint], paint: { 'circle-color': '#1d4ed8', 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
    map.addLayer({
      id: 'sites',
      type: 'circle',
      source: 'sites',
      paint: {
        'circle-color': match('category', SITE_COLORS, SITE_COLORS.other),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 3.5, 10, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    });
    map.addLayer({ id: 'site-selected', type: 'circle', source: 'sites', filter: ['==', ['get', 'id'], ''], paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': MAP_COLORS.selected, 'circle-stroke-width': 2.5 } });
    map.addLayer({ id: 'site-draft', type: 'circle', source: 'site-draft', paint: { 'circle-radius': 8, 'circle-color': '#1d4ed8', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 } });
  }

  private listen(): void {
    const map = this.map;
    const idle = () => this.picking === undefined && this.drawing?.state === 'idle';
    map.on('click', (event) => {
      if (this.picking) {
        const pick = this.picking;
        this.pickPoint(undefined);
        pick({ lon: event.lngLat.lng, lat: event.lngLat.lat });
        return;
      }
      if (!idle()) return;
      // A site is smaller than a zone: it wins when both are under the pointer.
      const [site] = map.queryRenderedFeatures(event.point, { layers: ['sites'] });
      const siteId: unknown = site?.properties['id'];
      if (typeof siteId === 'string') return this.options.onOpenSite(siteId);
      const [zone] = map.queryRenderedFeatures(event.point, { layers: ZONE_LAYERS.map(([id]) => id) });
      const zoneId: unknown = zone?.properties['id'];
      if (typeof zoneId === 'string') this.options.onOpenZone(zoneId);
    });
    for (const layer of ['sites', ...ZONE_LAYERS.map(([id]) => id)]) {
      map.on('mouseenter', layer, () => {
        if (idle()) map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', layer, () => {
        if (idle()) map.getCanvas().style.cursor = '';
      });
    }
  }

  private applyZoneFilters(): void {
    const visible: ExpressionSpecification = ['!=', ['get', 'id'], this.hiddenZone];
    for (const [id, shape] of ZONE_LAYERS) this.map.setFilter(id, ['all', shape, visible]);
    this.map.setFilter('zone-selected', ['all', ['==', ['get', 'id'], this.selectedZone], visible]);
  }

  /** The band around the shape being drawn or edited; a kept shape is drawn whole (Terra Draw draws the others). */
  private showDraft(drawn: DrawnGeometry | undefined): void {
    const geometry = drawn ?? this.keptShape;
    const feature = geometry && drawable(geometry, { id: 'draft', kind: drawn ? 'drawn' : 'kept', widthKm: this.draftWidthKm });
    if (this.map.getSource('zone-draft')) this.source('zone-draft').setData(feature ? { type: 'FeatureCollection', features: [feature] } : EMPTY);
  }

  private loadSites(): void {
    if (this.map.getSource('sites')) void this.sites.load();
  }

  private showSites(collection: SiteMapCollection): void {
    this.source('sites').setData(collection);
    this.element.dataset.siteCount = String(collection.features.length);
    this.showMessage(undefined);
  }

  private sitesFailed(error: unknown): void {
    const tooMany = error instanceof ApiError && error.issues.some((issue) => issue.path === 'bbox');
    this.source('sites').setData(EMPTY);
    if (tooMany) this.element.dataset.sites = 'too-many';
    this.showMessage(tooMany ? 'Too many protected sites in view to draw: zoom in, or choose a category.' : `The protected sites could not be loaded: ${errorMessage(error)}`);
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
  }

  private legend(): HTMLElement {
    const item = (colour: string, label: string, shape: 'dot' | 'bar') => h('li', {}, colourMark(colour, shape), label);
    return h(
      'details',
      { class: 'map-legend places-legend', 'data-testid': 'places-legend' },
      h('summary', {}, 'Legend'),
      h('p', { class: 'legend-heading' }, 'Zones — the band is the width'),
      h('ul', { class: 'legend-list' }, ZONE_KINDS.map((kind) => item(ZONE_COLORS[kind], ZONE_KIND_LABELS[kind], 'bar'))),
      h('p', { class: 'legend-heading' }, 'Protected sites'),
      h('ul', { class: 'legend-list' }, [...SITE_GROUPS, OTHER_SITES].map((group) => item(group.color, group.label, 'dot'))),
    );
  }
}
