import type { FeatureCollection } from 'geojson';
import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import type { GazetteerPlace } from '../../../src/core/gazetteer/gazetteer.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { debounce, h, isAbort } from '../shared/dom.js';
import { nextActive } from '../shared/listbox-keys.js';
import { motionOptions, offlineWorldStyle } from '../shared/map-style.js';
import { MAP_ATTRIBUTION, PlaceNames } from '../shared/place-names.js';
import { MAP_COLORS } from '../shared/palette.js';
import './location-picker.css';

declare global {
  interface Window {
    /** The incident form's small map, for the browser tests and for debugging from the console. */
    havenLocationMap?: maplibregl.Map;
  }
}

/** The precision a populated place of the gazetteer is recorded with: GED and ACLED code a named town as "exact". */
const PLACE_PRECISION = 'exact';
/** Five decimals of a degree: about a metre, finer than any incident is located. */
const round = (n: number) => Math.round(n * 1e5) / 1e5;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

let nextId = 0;

/**
 * The incident form's "where" helpers: a search of the gazetteer (choosing a place fills latitude, longitude, place
 * name and country, at the populated-place precision), and a small map to pick the point on (the dialog holds the
 * form, so the register's map behind it cannot be clicked). The map is made when first asked for; while it waits for
 * a click its cursor is a crosshair, and Escape stops waiting without closing the form.
 */
export class LocationPicker {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly status = h('p', { class: 'hint location-status', role: 'status', 'data-testid': 'location-status' });
  private readonly pickButton: HTMLButtonElement;
  private readonly mapHost = h('div', { class: 'location-map', 'data-testid': 'location-map', hidden: true, role: 'region', 'aria-label': 'Map to pick the incident’s location on' });
  private map: maplibregl.Map | undefined;
  private placeNames: PlaceNames | undefined;
  private loaded: Promise<void> | undefined;
  private places: GazetteerPlace[] = [];
  private active = -1;
  private inFlight: AbortController | undefined;
  private picking = false;
  private readonly searchSoon = debounce(() => void this.search(), 200);
  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.picking) {
      event.preventDefault();
      event.stopPropagation();
      this.stopPicking('Picking cancelled.');
    }
  };
  private readonly onDialogCancel = (event: Event) => {
    // Escape while the map waits for a click, or while the list of places is open, closes those, not the form.
    if (this.picking || !this.list.hidden) event.preventDefault();
  };

  constructor(
    private readonly api: ApiClient,
    private readonly form: HTMLFormElement,
  ) {
    const id = `place-search-${++nextId}`;
    this.list = h('ul', { class: 'place-options', id: `${id}-list`, role: 'listbox', 'aria-label': 'Places found', hidden: true, 'data-testid': 'place-options' });
    this.input = h('input', {
      type: 'search',
      id,
      class: 'place-search',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': this.list.id,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'Town or village, e.g. Maiduguri',
      'data-testid': 'place-search',
    });
    this.input.addEventListener('input', (event) => {
      // Not a field of the incident: the form's own listeners must not read it as one.
      event.stopPropagation();
      this.searchSoon();
    });
    this.input.addEventListener('keydown', (event) => this.onSearchKey(event));
    this.input.addEventListener('blur', () => setTimeout(() => this.closeList(), 150));
    this.pickButton = h('button', { type: 'button', 'data-testid': 'pick-on-map', 'aria-pressed': 'false', onclick: () => void this.togglePicking() }, 'Pick on map');
    this.element = h(
      'div',
      { class: 'location-picker wide', 'data-testid': 'location-picker' },
      h('label', { for: id }, 'Find a place (GeoNames towns and villages)'),
      h('div', { class: 'location-tools' }, h('div', { class: 'place-combo' }, this.input, this.list), this.pickButton),
      this.status,
      this.mapHost,
    );
    window.addEventListener('keydown', this.onKey, true);
    form.closest('dialog')?.addEventListener('cancel', this.onDialogCancel);
  }

  destroy(): void {
    this.searchSoon.cancel();
    this.inFlight?.abort();
    window.removeEventListener('keydown', this.onKey, true);
    this.form.closest('dialog')?.removeEventListener('cancel', this.onDialogCancel);
    this.placeNames?.destroy();
    this.map?.remove();
    if (window.havenLocationMap === this.map) delete window.havenLocationMap;
  }

  /** The point in the latitude and longitude fields follows onto the map when they are typed in. */
  fieldsChanged(): void {
    if (this.map) void this.showPoint();
  }

  // ---- Searching the gazetteer ----

  private async search(): Promise<void> {
    const q = this.input.value.trim();
    this.inFlight?.abort();
    if (q.length < 2) return this.closeList();
    const request = new AbortController();
    this.inFlight = request;
    try {
      const { places } = await this.api.searchPlaces(q, { limit: 8 }, request.signal);
      if (request.signal.aborted) return;
      this.places = places;
      this.active = places.length > 0 ? 0 : -1;
      this.renderList(q);
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.status.textContent = `Places could not be searched: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private renderList(q: string): void {
    this.list.replaceChildren(
      ...(this.places.length === 0
        ? [h('li', { class: 'place-none', role: 'presentation' }, `No town or village called “${q}”.`)]
        : this.places.map((place, i) =>
            h(
              'li',
              {
                id: `${this.input.id}-${i}`,
                role: 'option',
                'aria-selected': String(i === this.active),
                'data-testid': 'place-option',
                onmousedown: (event: Event) => event.preventDefault(),
                onclick: () => this.choose(place),
              },
              h('span', { class: 'place-name' }, place.name),
              h('span', { class: 'place-meta' }, [place.country ?? '', place.population > 0 ? `${place.population.toLocaleString('en')} people` : ''].filter(Boolean).join(' · ')),
            ),
          )),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.markActive();
  }

  private markActive(): void {
    [...this.list.querySelectorAll('[role="option"]')].forEach((option, i) => option.setAttribute('aria-selected', String(i === this.active)));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.input.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private closeList(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private onSearchKey(event: KeyboardEvent): void {
    const open = !this.list.hidden && this.places.length > 0;
    const next = open ? nextActive(this.active, event.key, this.places.length) : undefined;
    if (next !== undefined) {
      event.preventDefault();
      this.active = next;
      this.markActive();
    } else if (event.key === 'Enter') {
      // Enter chooses a place; it never submits the incident.
      event.preventDefault();
      const place = this.places[this.active];
      if (open && place) this.choose(place);
    } else if (event.key === 'Escape' && !this.list.hidden) {
      event.preventDefault();
      this.closeList();
    }
  }

  private choose(place: GazetteerPlace): void {
    this.closeList();
    this.input.value = place.name;
    this.setField('location.lat', String(round(place.lat)));
    this.setField('location.lon', String(round(place.lon)));
    this.setField('location.placeName', place.name);
    if (place.country) this.setField('location.country', place.country);
    this.setField('location.precision', PLACE_PRECISION);
    this.status.textContent = `${place.name}${place.country ? ` (${place.country})` : ''}: position, place name and country filled in, located to the place itself.`;
    if (this.map) void this.showPoint(true);
  }

  /** Sets a field of the form as if typed, so the form validates it and marks it touched. */
  private setField(name: string, value: string): void {
    const control = this.form.elements.namedItem(name);
    if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) return;
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private fieldNumber(name: string): number | undefined {
    const control = this.form.elements.namedItem(name);
    const text = control instanceof HTMLInputElement ? control.value.trim() : '';
    const n = Number(text);
    return text === '' || !Number.isFinite(n) ? undefined : n;
  }

  private currentPoint(): { lon: number; lat: number } | undefined {
    const lat = this.fieldNumber('location.lat');
    const lon = this.fieldNumber('location.lon');
    return lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
  }

  // ---- Picking on the map ----

  private async togglePicking(): Promise<void> {
    if (this.picking) return this.stopPicking('Picking cancelled.');
    await this.openMap();
    this.picking = true;
    this.pickButton.setAttribute('aria-pressed', 'true');
    this.pickButton.textContent = 'Cancel picking';
    this.mapHost.dataset.picking = 'true';
    this.map!.getCanvas().style.cursor = 'crosshair';
    this.status.textContent = 'Click the map where the incident happened (Escape cancels).';
    this.map!.getCanvas().focus();
  }

  private stopPicking(message: string): void {
    this.picking = false;
    this.pickButton.setAttribute('aria-pressed', 'false');
    this.pickButton.textContent = 'Pick on map';
    this.mapHost.dataset.picking = 'false';
    if (this.map) this.map.getCanvas().style.cursor = '';
    this.status.textContent = message;
  }

  private openMap(): Promise<void> {
    if (this.loaded) return this.loaded;
    this.mapHost.hidden = false;
    const point = this.currentPoint();
    const map = new maplibregl.Map({
      container: this.mapHost,
      style: offlineWorldStyle(),
      ...motionOptions(),
      center: point ? [point.lon, point.lat] : [14, 12],
      zoom: point ? 8 : 4,
      minZoom: 0.5,
      maxZoom: 18,
      renderWorldCopies: false,
      attributionControl: { compact: true, customAttribution: MAP_ATTRIBUTION },
    });
    this.map = map;
    window.havenLocationMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.placeNames = new PlaceNames(map, this.api);
    map.on('click', (event) => {
      if (!this.picking) return;
      const lon = round(event.lngLat.lng);
      const lat = round(event.lngLat.lat);
      this.setField('location.lat', String(lat));
      this.setField('location.lon', String(lon));
      this.stopPicking(`Position set to ${lat}, ${lon}.`);
      void this.showPoint();
      this.pickButton.focus();
    });
    this.loaded = new Promise((resolve) => {
      map.on('load', () => {
        map.addSource('picked-location', { type: 'geojson', data: EMPTY });
        map.addLayer({
          id: 'picked-location',
          type: 'circle',
          source: 'picked-location',
          paint: { 'circle-radius': 7, 'circle-color': MAP_COLORS.selected, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
        });
        void this.showPoint();
        this.mapHost.dataset.state = 'ready';
        resolve();
      });
    });
    return this.loaded;
  }

  /** The marker at the point the fields hold; `move` looks at it. */
  private async showPoint(move = false): Promise<void> {
    await this.loaded;
    const map = this.map!;
    const point = this.currentPoint();
    map.getSource<GeoJSONSource>('picked-location')?.setData(point ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lon, point.lat] }, properties: {} }] } : EMPTY);
    if (point && move) map.jumpTo({ center: [point.lon, point.lat], zoom: Math.max(map.getZoom(), 8) });
  }
}
