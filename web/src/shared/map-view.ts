import maplibregl, { type ExpressionSpecification, type GeoJSONSource, type LngLatBounds, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { BoundingBox } from '../../../src/core/incident-filter.schema.js';
import { VERIFICATION_STATUSES } from '../../../src/core/verification.js';
import type { ApiClient, ClusterCollection } from './api-client.js';
import { COUNT_IMAGE_PREFIX, countImageId, drawCountLabel } from './cluster-label-image.js';
import { debounce, h, isAbort } from './dom.js';
import type { Filter } from './filter-query.js';
import { shortCount } from './format.js';
import { mapLegend } from './map-legend.js';
import { motionOptions, offlineWorldStyle } from './map-style.js';
import { MAP_ATTRIBUTION, PlaceNames } from './place-names.js';
import { withOperatorBasemap } from './basemap.js';
import { withAdmin1Boundaries } from './admin1-layer.js';
import { CLUSTER_STEPS, MAP_COLORS, STATUS_COLORS, UNKNOWN_STATUS_COLOR } from './palette.js';
import './map.css';

declare global {
  interface Window {
    /** The live map, for the browser tests (queryRenderedFeatures) and for debugging from the console. */
    havenMap?: maplibregl.Map;
  }
}

const SOURCE = 'incidents';
const isCluster: ExpressionSpecification = ['==', ['get', 'cluster'], true];
const isSingle: ExpressionSpecification = ['==', ['get', 'cluster'], false];

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** The viewport as the API wants it. The map draws one world (no copies), so nothing lies beyond ±180°. */
function viewportBox(bounds: LngLatBounds): BoundingBox {
  return [clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90), clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)];
}

/** Adds the name of each cluster's label image; the images themselves are drawn when the map first asks for them. */
function withLabelImages(collection: ClusterCollection): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f) => ({
      ...f,
      properties: f.properties.cluster ? { ...f.properties, labelImage: countImageId(shortCount(f.properties.count)) } : f.properties,
    })),
  };
}

function extentOf(collection: ClusterCollection): [[number, number], [number, number]] {
  const lons = collection.features.map((f) => f.geometry.coordinates[0]);
  const lats = collection.features.map((f) => f.geometry.coordinates[1]);
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}

export interface MapViewOptions {
  onOpenIncident(id: string): void;
  /** Keep the map's position in the link (#map=zoom/lat/lon) and be `window.havenMap`: the register's map. Default true. */
  syncHash?: boolean;
  /** Where to look first (west, south, east, north), instead of fitting to the first answer. */
  initialBounds?: BoundingBox;
}

/** The question for where a filter's incidents are: the whole world at the lowest zoom. */
const WORLD_VIEW = { zoom: 0, bbox: [-180, -85, 180, 85] as [number, number, number, number] };

const LINK_POSITION = /(?:^#|&)map=(-?[\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/;

/** The map's position in the link's hash (`#map=zoom/lat/lon`, as MapLibre writes it), if there is a valid one. */
function positionInLink(hash = window.location.hash): { zoom: number; lat: number; lon: number } | undefined {
  const match = LINK_POSITION.exec(hash);
  if (!match) return undefined;
  const [zoom, lat, lon] = match.slice(1).map(Number) as [number, number, number];
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && zoom >= 0 && zoom <= 22 ? { zoom, lat, lon } : undefined;
}

function writePositionToLink(map: maplibregl.Map): void {
  const { lat, lng } = map.getCenter();
  const zoom = map.getZoom();
  const digits = Math.ceil((zoom * Math.LN2 + Math.log(512 / 360 / 0.5)) / Math.LN10);
  const hash = `#map=${Math.round(zoom * 100) / 100}/${lat.toFixed(digits)}/${lng.toFixed(digits)}`;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/**
 * The incident map. Incidents come only from the server's clusters for the current viewport, zoom and filter, so the
 * browser never holds every record; each pan or zoom asks again (debounced, and a newer request cancels an older one).
 *
 * The container's `data-state` is `loading` until the latest answer is drawn, then `ready` (or `error`).
 */
export class MapView {
  readonly map: maplibregl.Map;
  private filter: Filter;
  private selectedId: string | undefined;
  private inFlight: AbortController | undefined;
  private requestSeq = 0;
  private readonly message = h('p', { class: 'map-message', role: 'status', hidden: true });
  private readonly notDrawnNote = h('p', { class: 'map-note', 'data-testid': 'map-not-drawn', hidden: true });
  private readonly loadSoon = debounce(() => void this.load(), 200);
  private readonly resizeObserver: ResizeObserver;
  private readonly placeNames: PlaceNames;
  /** No position in the link: the first answer decides where to look. */
  private fitToFirstAnswer: boolean;

  constructor(
    private readonly container: HTMLElement,
    private readonly api: ApiClient,
    filter: Filter,
    private readonly options: MapViewOptions,
  ) {
    this.filter = filter;
    const syncHash = options.syncHash ?? true;
    const linked = syncHash ? positionInLink() : undefined;
    this.fitToFirstAnswer = options.initialBounds === undefined && linked === undefined;
    container.dataset.state = 'loading';
    const canvasHost = h('div', { class: 'map-canvas' });
    container.replaceChildren(canvasHost, mapLegend(), this.message, this.notDrawnNote);
    this.map = new maplibregl.Map({
      container: canvasHost,
      style: offlineWorldStyle(),
      ...motionOptions(),
      center: linked ? [linked.lon, linked.lat] : [20, 12],
      zoom: linked?.zoom ?? 1.5,
      ...(options.initialBounds && { bounds: options.initialBounds, fitBoundsOptions: { padding: 40 } }),
      minZoom: 0.5,
      maxZoom: 18,
      renderWorldCopies: false,
      // The position lives in the link (#map=zoom/lat/lon, written below) so a shared view opens where it was.
      hash: false,
      attributionControl: { compact: true, customAttribution: MAP_ATTRIBUTION },
    });
    this.placeNames = new PlaceNames(this.map, api);
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    withOperatorBasemap(this.map, api);
    withAdmin1Boundaries(this.map, api);
    // The map is built before the page lays it out, and the columns around it can change size. A hidden map (its
    // area left for another) is not resized: a resize moves the map, which would write its position into the other
    // area's link.
    this.resizeObserver = new ResizeObserver(() => {
      if (container.offsetWidth > 0 && container.offsetHeight > 0) this.map.resize();
    });
    this.resizeObserver.observe(container);
    this.map.on('styleimagemissing', (event) => {
      if (!event.id.startsWith(COUNT_IMAGE_PREFIX)) return;
      const { image, pixelRatio } = drawCountLabel(event.id.slice(COUNT_IMAGE_PREFIX.length));
      this.map.addImage(event.id, image, { pixelRatio });
    });
    this.map.on('load', () => {
      this.addIncidentLayers();
      void this.load();
    });
    // What is drawn is out of date from the moment the map starts to move until the answer for where it stopped is drawn.
    this.map.on('movestart', () => (this.container.dataset.state = 'loading'));
    this.map.on('moveend', () => this.loadSoon());
    // Written only while the map is shown: its area's link holds the position, another area's link does not.
    if (syncHash) this.map.on('moveend', () => container.offsetWidth > 0 && writePositionToLink(this.map));
    if (syncHash) window.havenMap = this.map;
    if (syncHash) window.addEventListener('hashchange', this.onHashChange);
  }

  /**
   * A link with another position opened in this page (pasted, or followed): the map goes there at once, before its
   * own moves write the old position back, and no first answer moves it away again. Read from the event's new URL, as
   * the map may already have rewritten the address.
   */
  private readonly onHashChange = (event: HashChangeEvent): void => {
    const linked = positionInLink(new URL(event.newURL).hash);
    if (!linked) return;
    this.fitToFirstAnswer = false;
    this.map.jumpTo({ center: [linked.lon, linked.lat], zoom: linked.zoom });
  };

  /** The layers that draw incidents, for showing or hiding them together. */
  static readonly INCIDENT_LAYERS = ['clusters', 'cluster-counts', 'incidents', 'selected'] as const;

  /** Looks at an area (west, south, east, north); the answer for it is then asked for as the map stops moving. */
  fitTo(bounds: BoundingBox): void {
    this.fitToFirstAnswer = false;
    this.map.fitBounds(bounds, { padding: 40, maxZoom: 9, duration: 0 });
  }

  /** Shows what another filter matches, and moves to where those incidents are. */
  setFilter(filter: Filter): void {
    this.filter = filter;
    this.fitToFirstAnswer = true;
    this.refresh();
  }

  /** Asks the server again, e.g. after an incident was saved. */
  refresh(): void {
    if (this.map.getSource(SOURCE)) void this.load();
  }

  /** Rings the incident whose detail is open. */
  select(id: string | undefined): void {
    this.selectedId = id;
    if (this.map.getLayer('selected')) this.map.setFilter('selected', ['all', isSingle, ['==', ['get', 'id'], id ?? '']]);
  }

  destroy(): void {
    this.loadSoon.cancel();
    this.inFlight?.abort();
    this.placeNames.destroy();
    window.removeEventListener('hashchange', this.onHashChange);
    this.resizeObserver.disconnect();
    this.map.remove();
    if (window.havenMap === this.map) delete window.havenMap;
  }

  private addIncidentLayers(): void {
    const map = this.map;
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const clusterColor: ExpressionSpecification = ['step', ['get', 'count'], CLUSTER_STEPS[0]![1], ...CLUSTER_STEPS.slice(1).flatMap(([min, color]) => [min, color])];
    map.addLayer({
      id: 'clusters',
      type: 'circle',
      source: SOURCE,
      filter: isCluster,
      paint: {
        'circle-color': clusterColor,
        'circle-opacity': 0.88,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 12, 10, 20, 40, 34],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: 'cluster-counts',
      type: 'symbol',
      source: SOURCE,
      filter: isCluster,
      layout: { 'icon-image': ['get', 'labelImage'], 'icon-allow-overlap': true, 'icon-ignore-placement': true },
    });
    const [first, ...others] = VERIFICATION_STATUSES;
    const statusColor: ExpressionSpecification = [
      'match',
      ['get', 'status'],
      first,
      STATUS_COLORS[first],
      ...others.flatMap((status) => [status, STATUS_COLORS[status]]),
      UNKNOWN_STATUS_COLOR,
    ];
    map.addLayer({
      id: 'incidents',
      type: 'circle',
      source: SOURCE,
      filter: isSingle,
      paint: {
        'circle-color': statusColor,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 5, 10, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
    map.addLayer({
      id: 'selected',
      type: 'circle',
      source: SOURCE,
      filter: ['all', isSingle, ['==', ['get', 'id'], this.selectedId ?? '']],
      paint: { 'circle-radius': 12, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': MAP_COLORS.selected, 'circle-stroke-width': 2.5 },
    });

    map.on('click', 'clusters', (event) => this.zoomIntoCluster(event));
    map.on('click', 'incidents', (event) => {
      const id: unknown = event.features?.[0]?.properties['id'];
      if (typeof id === 'string') this.options.onOpenIncident(id);
    });
    for (const layer of ['clusters', 'incidents']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
  }

  private zoomIntoCluster(event: MapLayerMouseEvent): void {
    const feature = event.features?.[0];
    if (!feature) return;
    const zoom = Number(feature.properties['expansionZoom']);
    const [lon, lat] = (feature.geometry as Point).coordinates as [number, number];
    this.map.easeTo({ center: [lon, lat], zoom: clamp(Number.isFinite(zoom) ? zoom : this.map.getZoom() + 2, 0, 18) });
  }

  private async load(): Promise<void> {
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    const seq = ++this.requestSeq;
    this.container.dataset.state = 'loading';
    // To fit the map to what matches, ask for the whole world first; then for the view, as the map stops moving.
    const view = this.fitToFirstAnswer ? WORLD_VIEW : { zoom: clamp(Math.floor(this.map.getZoom()), 0, 20), bbox: viewportBox(this.map.getBounds()) };
    try {
      const collection = await this.api.clusters(this.filter, view, request.signal);
      if (seq !== this.requestSeq) return;
      if (this.fitToFirstAnswer && collection.features.length > 0) {
        this.fitToFirstAnswer = false;
        this.map.fitBounds(extentOf(collection), { padding: 80, maxZoom: 6, duration: 0 });
        // Ask again for the new view (moving the map would too, but a fit that does not move fires nothing).
        this.loadSoon();
        return;
      }
      (this.map.getSource(SOURCE) as GeoJSONSource).setData(withLabelImages(collection));
      this.container.dataset.total = String(collection.total);
      this.showMessage(collection.total === 0 ? 'No incidents match the filter.' : undefined);
      const notDrawn = collection.notDrawn;
      this.container.dataset.notDrawn = String(notDrawn);
      this.notDrawnNote.hidden = notDrawn === 0;
      this.notDrawnNote.textContent =
        notDrawn === 1 ? '1 incident is located only to a region or a country: counted, not drawn.' : `${notDrawn.toLocaleString('en')} incidents are located only to a region or a country: counted, not drawn.`;
      const drawn = () => {
        this.map.off('idle', drawn);
        if (seq === this.requestSeq) this.container.dataset.state = 'ready';
      };
      this.map.on('idle', drawn);
      // A map that is already idle (nothing to draw) would not fire again until it next moves.
      this.map.triggerRepaint();
    } catch (error) {
      if (isAbort(error) || seq !== this.requestSeq) return;
      this.container.dataset.state = 'error';
      this.showMessage(`The map could not load incidents: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
  }
}
