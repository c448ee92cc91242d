import { ZONE_KINDS, type ZoneCollection, type ZoneFeature } from '../../../src/core/places/zone.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import type { ZoneFilterInput } from '../../../src/core/places/zone.schema.js';
import { h } from '../shared/dom.js';
import { RegisterList } from '../shared/register-list.js';
import { formatCount } from '../shared/format.js';
import { oneOf } from './place-form.js';
import { ZONE_COLORS, ZONE_KIND_CHOICES, ZONE_KIND_LABELS, colourMark, validityText, zoneStatusText } from './place-labels.js';

export interface ZoneListOptions {
  onOpen(zone: ZoneFeature): void;
  /** The zones the filter matches, for the map and the agreement form. */
  onLoaded(zones: ZoneCollection): void;
}

/** "Line, 10 km wide", "Area", "Point, 2 km across". */
export function zoneShapeText(zone: Pick<ZoneFeature, 'geometry'> & { properties: { widthKm?: number | undefined } }): string {
  const width = zone.properties.widthKm;
  switch (zone.geometry.type) {
    case 'Point':
      return `Point, ${width ?? '?'} km across`;
    case 'LineString':
    case 'MultiLineString':
      return `Line, ${width ?? '?'} km wide`;
    case 'Polygon':
    case 'MultiPolygon':
      return 'Area';
  }
}

/**
 * The zones, with filters by kind and by the day they are valid on; each row opens its zone. The filter also decides
 * what the map shows, and the export link downloads the same zones as GeoJSON.
 */
export class ZoneList {
  readonly element: HTMLElement;
  private readonly kind = h(
    'select',
    { 'aria-label': 'Kind of zone', 'data-testid': 'zone-kind-filter', onchange: () => this.reload() },
    h('option', { value: '' }, 'Every kind'),
    ZONE_KIND_CHOICES.map((c) => h('option', { value: c.value }, c.label)),
  );
  private readonly activeOn = h('input', { type: 'date', 'aria-label': 'Valid on', 'data-testid': 'zone-active-filter', onchange: () => this.reload() });
  private readonly exportLink = h('a', { class: 'link-button', 'data-testid': 'zone-export', download: 'zones.geojson' }, 'Export GeoJSON');
  private zones: ZoneFeature[] = [];
  private readonly list: RegisterList<ZoneCollection, ZoneFeature>;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ZoneListOptions,
  ) {
    this.list = new RegisterList({
      attrs: { class: 'place-list zone-list-panel', 'aria-label': 'Zones' },
      rowsAttrs: { class: 'queue-rows place-rows', 'data-testid': 'zone-list', 'aria-label': 'Zones' },
      above: [h('div', { class: 'place-filters' }, h('label', {}, 'Kind ', this.kind), h('label', {}, 'Valid on ', this.activeOn), this.exportLink)],
      fetch: (signal) => {
        const query = this.query();
        this.exportLink.href = this.api.zonesExportUrl(query);
        return this.api.listZones(query, signal);
      },
      items: (collection) => (this.zones = collection.features),
      row: (zone) => this.row(zone),
      summary: (_, zones) => (zones.length === 0 ? 'No zones match.' : `${formatCount(zones.length)} zone${zones.length === 1 ? '' : 's'}`),
      onShown: (collection) => this.options.onLoaded(collection),
      failed: 'The zones could not be loaded',
    });
    this.element = this.list.element;
  }

  get all(): readonly ZoneFeature[] {
    return this.zones;
  }

  reload(): void {
    this.list.reload();
  }

  select(id: string | undefined): void {
    this.list.select(id);
  }

  destroy(): void {
    this.list.destroy();
  }

  private query(): ZoneFilterInput {
    return { kind: oneOf(ZONE_KINDS, this.kind.value), activeOn: this.activeOn.value || undefined };
  }

  private row(zone: ZoneFeature): HTMLElement {
    const p = zone.properties;
    return h(
      'button',
      { type: 'button', class: 'queue-row', 'data-testid': 'zone-row', 'data-id': zone.id, 'data-kind': p.kind, onclick: () => this.options.onOpen(zone) },
      h('span', { class: 'queue-top' }, colourMark(ZONE_COLORS[p.kind], 'bar'), ZONE_KIND_LABELS[p.kind], h('span', { class: 'place-status' }, zoneStatusText(p))),
      h('span', { class: 'queue-mission' }, p.name),
      h('span', { class: 'queue-purpose' }, [validityText(p.validFrom, p.validTo), zoneShapeText(zone), p.partiesBound.join(', ')].filter(Boolean).join(' · ')),
    );
  }
}
