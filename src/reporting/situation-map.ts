import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { ZoneKind } from '../core/places/zone.schema.js';
import { closeChart, INK, MUTED_INK, openChart, type ChartText } from './chart-kit.js';
import { boundsOf, boxesOverlap } from './geometry-bounds.js';
import { clipRing, fitProjection, type BoundingBox, type Projection } from './map-projection.js';
import { escapeMarkup, safeId } from './markup.js';
import { formatCount, px } from './numbers.js';

/** Incidents as the map draws them: a place (one incident, or a cell of several) with how many died there. */
export interface MapIncidentPoint {
  lon: number;
  lat: number;
  /** Incidents at this point (1 for a single incident). */
  count: number;
  /** People killed, best estimate, all statuses. */
  killed: number;
}

export interface MapSite {
  lon: number;
  lat: number;
  name: string;
  category: string;
  status?: string;
}

export interface MapZone {
  name: string;
  kind: string;
  geometry: Geometry;
  /** Full width around a line or a point, in km. */
  widthKm?: number;
}

export type HotspotClass = 'hot99' | 'hot95' | 'hot90' | 'none' | 'cold90' | 'cold95' | 'cold99';

export interface MapHotspot {
  geometry: Polygon | MultiPolygon;
  class: HotspotClass;
  /** The metric's value (deaths in the report). */
  value: number;
  /** Incidents in the cell: a cell without any is context, never drawn as a hot spot. */
  incidents: number;
  z: number;
  context: boolean;
}

export interface MapAlertArea {
  geometry: Polygon | MultiPolygon;
  label: string;
}

/** A planned action's place (the courses-of-action report): numbered within its course, coloured by course. */
export interface MapActionPoint {
  lon: number;
  lat: number;
  /** Shown beside the mark: the course's letter or number and the action's ("A2"). */
  label: string;
  title: string;
  color: string;
}

export interface SituationMapInput extends ChartText {
  /** The area to show (west, south, east, north in degrees). */
  bbox: BoundingBox;
  /** Country shapes for the background (Natural Earth via world-atlas); features keep their ISO numeric `id`. */
  countries: FeatureCollection<Geometry, { name?: string } | null>;
  /** The country the report is about, drawn a shade darker (ISO 3166-1 numeric, as world-atlas ids are). */
  focusCountryId?: string;
  incidents: readonly MapIncidentPoint[];
  sites: readonly MapSite[];
  zones: readonly MapZone[];
  hotspots: readonly MapHotspot[];
  alerts?: readonly MapAlertArea[];
  /** An area outlined (a planning situation's area). */
  outline?: { geometry: Polygon | MultiPolygon; label: string };
  /** Planned actions, drawn as triangles on top. */
  actions?: readonly MapActionPoint[];
  width?: number;
}

const COLORS = {
  water: '#dfe9f2',
  land: '#f7f6f2',
  focus: '#ecebe4',
  border: '#a8a293',
  incident: '#b2182b',
  alert: '#d55e00',
};

/**
 * One colour per kind of zone, on every map Haven draws (the report, the dashboard, the Places area): distinct hues
 * that stay apart for the common forms of colour blindness (Okabe–Ito), dark enough for white text.
 */
export const ZONE_COLORS: Readonly<Record<ZoneKind, string>> = {
  humanitarian_corridor: '#007a5e',
  safe_haven: '#0067a5',
  demilitarised_zone: '#8a3f8f',
  ceasefire_line: '#c2410c',
  area_of_operations: '#4b5563',
};
const zoneColorByKind: ReadonlyMap<string, string> = new Map(Object.entries(ZONE_COLORS));
const zoneColor = (kind: string) => zoneColorByKind.get(kind) ?? '#4b5563';

export const ZONE_LABELS: Record<string, string> = {
  humanitarian_corridor: 'Humanitarian corridor',
  safe_haven: 'Safe haven / protected area',
  demilitarised_zone: 'Demilitarised zone',
  ceasefire_line: 'Ceasefire line',
  area_of_operations: 'Area of operations',
};

/** Sites grouped as the map tells them apart: by what an attack on them threatens. */
export const SITE_GROUPS: readonly { key: string; label: string; color: string; categories: readonly string[] }[] = [
  { key: 'care', label: 'Health and humanitarian sites', color: '#0072B2', categories: ['health_facility', 'humanitarian_premises'] },
  { key: 'people', label: 'Schools, places of worship, camps', color: '#009E73', categories: ['school', 'place_of_worship', 'displacement_camp'] },
  { key: 'culture', label: 'Cultural property', color: '#CC79A7', categories: ['cultural_property'] },
  { key: 'forces', label: 'Water, power, dams, nuclear plants', color: '#E69F00', categories: ['water', 'power', 'dam_or_dyke', 'nuclear_power_station'] },
];
export const OTHER_SITES = { key: 'other', label: 'Other protected sites', color: '#4b5563', categories: [] as readonly string[] };
export const siteGroupOf = (category: string) => SITE_GROUPS.find((g) => g.categories.includes(category)) ?? OTHER_SITES;

export const HOTSPOT_COLORS: Record<Exclude<HotspotClass, 'none'>, string> = {
  hot99: '#b2182b',
  hot95: '#ef8a62',
  hot90: '#fddbc7',
  cold90: '#d1e5f0',
  cold95: '#67a9cf',
  cold99: '#2166ac',
};
export const HOTSPOT_LABELS: Record<Exclude<HotspotClass, 'none'>, string> = {
  hot99: 'Hot spot, 99% confidence',
  hot95: 'Hot spot, 95%',
  hot90: 'Hot spot, 90%',
  cold90: 'Cold spot, 90%',
  cold95: 'Cold spot, 95%',
  cold99: 'Cold spot, 99%',
};

/** A hot or cold cell in words: its class, deaths, incidents and z, so a reader sees what the colour rests on. */
export function hotspotText(h: Pick<MapHotspot, 'value' | 'incidents' | 'z'>, cls: Exclude<HotspotClass, 'none'>): string {
  return `${HOTSPOT_LABELS[cls]}: ${formatCount(h.value)} deaths in ${formatCount(h.incidents)} incident${h.incidents === 1 ? '' : 's'}, z = ${h.z.toFixed(2)}`;
}

const MARGIN = 40;

function ringsOf(geometry: Geometry): Position[][] {
  switch (geometry.type) {
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
    case 'GeometryCollection':
      return geometry.geometries.flatMap(ringsOf);
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
      return [];
  }
}

function linesOf(geometry: Geometry): Position[][] {
  switch (geometry.type) {
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
      return geometry.coordinates;
    case 'GeometryCollection':
      return geometry.geometries.flatMap(linesOf);
    case 'Point':
    case 'MultiPoint':
    case 'Polygon':
    case 'MultiPolygon':
      return [];
  }
}

function pointsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
      return geometry.coordinates;
    case 'GeometryCollection':
      return geometry.geometries.flatMap(pointsOf);
    case 'LineString':
    case 'MultiLineString':
    case 'Polygon':
    case 'MultiPolygon':
      return [];
  }
}

/** A path for rings, clipped to a little beyond the frame and without points closer than half a pixel. */
function ringPath(projection: Projection, rings: readonly Position[][]): string {
  const parts: string[] = [];
  for (const ring of rings) {
    const projected = ring.map(([lon = 0, lat = 0]) => projection.project(lon, lat));
    const clipped = clipRing(projected, -MARGIN, -MARGIN, projection.width + MARGIN, projection.height + MARGIN);
    const kept: [number, number][] = [];
    for (const p of clipped) {
      const last = kept[kept.length - 1];
      if (!last || Math.abs(last[0] - p[0]) >= 0.5 || Math.abs(last[1] - p[1]) >= 0.5) kept.push(p);
    }
    if (kept.length < 3) continue;
    parts.push(`M${kept.map(([x, y]) => `${px(x)} ${px(y)}`).join('L')}Z`);
  }
  return parts.join('');
}

function linePath(projection: Projection, lines: readonly Position[][]): string {
  return lines
    .filter((line) => line.length >= 2)
    .map((line) => `M${line.map(([lon = 0, lat = 0]) => projection.project(lon, lat).map(px).join(' ')).join('L')}`)
    .join('');
}

/** A round distance that fills about a fifth of the map's width. */
function scaleBar(projection: Projection): string {
  const target = (projection.width / 5) * projection.kmPerPixel;
  const power = 10 ** Math.floor(Math.log10(target));
  const km = [1, 2, 5, 10].map((m) => m * power).filter((d) => d <= target).pop() ?? power;
  const length = km / projection.kmPerPixel;
  const x = 12;
  const y = projection.height - 14;
  return `<g class="scale-bar" aria-hidden="true"><rect x="${x - 4}" y="${y - 16}" width="${px(length + 50)}" height="24" fill="#ffffff" fill-opacity="0.8"/><line x1="${x}" x2="${px(x + length)}" y1="${y}" y2="${y}" stroke="${INK}" stroke-width="2"/><line x1="${x}" x2="${x}" y1="${y - 4}" y2="${y + 2}" stroke="${INK}"/><line x1="${px(x + length)}" x2="${px(x + length)}" y1="${y - 4}" y2="${y + 2}" stroke="${INK}"/><text x="${px(x + length + 6)}" y="${y}" dy="0.32em">${escapeMarkup(`${formatCount(km)} km`)}</text></g>`;
}

const dotRadius = (killed: number, maxKilled: number) => (maxKilled <= 0 || killed <= 0 ? 2.5 : 3 + 13 * Math.sqrt(killed / maxKilled));

function describe(input: SituationMapInput, drawn: { incidents: number; killed: number; sites: number; zones: number; hotspots: number }): string {
  const parts = [
    `${formatCount(drawn.incidents)} incidents drawn, ${formatCount(drawn.killed)} killed (best estimate), dots sized by deaths`,
    `${formatCount(drawn.sites)} protected sites`,
    `${formatCount(drawn.zones)} zones`,
    `${formatCount(drawn.hotspots)} hot or cold spot cells`,
  ];
  if (input.alerts?.length) parts.push(`${formatCount(input.alerts.length)} areas with escalation alerts`);
  return `${input.description} ${parts.join('; ')}.`.trim();
}

/**
 * The report's map as SVG: country outlines (no tiles, nothing fetched), hot-spot cells, zones, alert areas,
 * protected sites, and incidents as dots sized by deaths; a legend and a scale bar below. Everything outside the
 * area is clipped, and country outlines far from it are left out of the file.
 */
export function situationMap(input: SituationMapInput): string {
  const width = input.width ?? 720;
  const projection = fitProjection(input.bbox, { width, minHeight: 320, maxHeight: 720 });
  const id = safeId(input.id);
  const view = projection.view;
  const margin = (view[2] - view[0]) * 0.1;
  const near: BoundingBox = [view[0] - margin, view[1] - margin, view[2] + margin, view[3] + margin];

  const countries = input.countries.features
    .map((f: Feature<Geometry, { name?: string } | null>) => ({ f, rings: ringsOf(f.geometry) }))
    .filter(({ rings }) => {
      const box = boundsOf(rings.flat());
      return box !== undefined && boxesOverlap(box, near);
    })
    .map(({ f, rings }) => {
      const focus = input.focusCountryId !== undefined && String(f.id) === input.focusCountryId;
      const path = ringPath(projection, rings);
      return path ? `<path d="${path}" fill="${focus ? COLORS.focus : COLORS.land}" stroke="${COLORS.border}" stroke-width="${focus ? 1.2 : 0.6}" stroke-linejoin="round"${focus ? ' data-focus="true"' : ''}/>` : '';
    })
    .join('');

  const hotspots = input.hotspots
    .filter((h) => h.class !== 'none' && !h.context)
    .map((h) => {
      const cls = h.class as Exclude<HotspotClass, 'none'>;
      const path = ringPath(projection, ringsOf(h.geometry));
      return path ? `<path d="${path}" fill="${HOTSPOT_COLORS[cls]}" fill-opacity="0.7" stroke="#ffffff" stroke-width="0.4" data-class="${cls}"><title>${escapeMarkup(hotspotText(h, cls))}</title></path>` : '';
    })
    .join('');

  const zones = input.zones
    .map((z) => {
      const color = zoneColor(z.kind);
      const title = `<title>${escapeMarkup(`${ZONE_LABELS[z.kind] ?? z.kind}: ${z.name}`)}</title>`;
      const areas = ringPath(projection, ringsOf(z.geometry));
      const lines = linePath(projection, linesOf(z.geometry));
      const bandPx = z.widthKm ? Math.max(2, z.widthKm / projection.kmPerPixel) : 3;
      const points = pointsOf(z.geometry).map(([lon = 0, lat = 0]) => {
        const [x, y] = projection.project(lon, lat);
        return `<circle cx="${px(x)}" cy="${px(y)}" r="${px(Math.max(3, bandPx / 2))}" fill="${color}" fill-opacity="0.2" stroke="${color}" stroke-width="1.2"/>`;
      });
      return [
        `<g class="zone" data-kind="${escapeMarkup(z.kind)}">${title}`,
        areas ? `<path d="${areas}" fill="${color}" fill-opacity="0.15" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 3"/>` : '',
        lines ? `<path d="${lines}" fill="none" stroke="${color}" stroke-opacity="0.35" stroke-width="${px(bandPx)}" stroke-linecap="round" stroke-linejoin="round"/><path d="${lines}" fill="none" stroke="${color}" stroke-width="1.5"/>` : '',
        ...points,
        '</g>',
      ].join('');
    })
    .join('');

  const alerts = (input.alerts ?? [])
    .map((a) => {
      const path = ringPath(projection, ringsOf(a.geometry));
      return path ? `<path d="${path}" fill="none" stroke="${COLORS.alert}" stroke-width="2.5" data-alert="true"><title>${escapeMarkup(a.label)}</title></path>` : '';
    })
    .join('');

  const sites = input.sites
    .map((s) => {
      const [x, y] = projection.project(s.lon, s.lat);
      const group = siteGroupOf(s.category);
      const label = `${s.name} (${s.category.replaceAll('_', ' ')}${s.status ? `, ${s.status}` : ''})`;
      return `<rect class="site" x="${px(x - 3.5)}" y="${px(y - 3.5)}" width="7" height="7" fill="${group.color}" stroke="#ffffff" stroke-width="1" transform="rotate(45 ${px(x)} ${px(y)})"><title>${escapeMarkup(label)}</title></rect>`;
    })
    .join('');

  const outline = input.outline ? ringPath(projection, ringsOf(input.outline.geometry)) : '';
  const outlineMarkup = outline ? `<path d="${outline}" fill="none" stroke="${INK}" stroke-width="2" stroke-dasharray="8 4" data-outline="true"><title>${escapeMarkup(input.outline!.label)}</title></path>` : '';
  const actions = (input.actions ?? [])
    .map((a) => {
      const [x, y] = projection.project(a.lon, a.lat);
      return `<g class="action" data-action="${escapeMarkup(a.label)}"><path d="M${px(x)} ${px(y - 7)}L${px(x + 6.5)} ${px(y + 5)}L${px(x - 6.5)} ${px(y + 5)}Z" fill="${escapeMarkup(a.color)}" stroke="#ffffff" stroke-width="1.2"><title>${escapeMarkup(a.title)}</title></path><text x="${px(x + 8)}" y="${px(y)}" dy="0.32em" font-size="10" font-weight="700">${escapeMarkup(a.label)}</text></g>`;
    })
    .join('');

  const maxKilled = Math.max(0, ...input.incidents.map((p) => p.killed));
  const incidents = [...input.incidents]
    .sort((a, b) => b.killed - a.killed)
    .map((p) => {
      const [x, y] = projection.project(p.lon, p.lat);
      const r = dotRadius(p.killed, maxKilled);
      const tip = `${formatCount(p.count)} incident${p.count === 1 ? '' : 's'}, ${formatCount(p.killed)} killed`;
      return p.killed > 0
        ? `<circle class="incident" cx="${px(x)}" cy="${px(y)}" r="${px(r)}" fill="${COLORS.incident}" fill-opacity="0.55" stroke="#ffffff" stroke-width="0.8" data-killed="${p.killed}"><title>${escapeMarkup(tip)}</title></circle>`
        : `<circle class="incident" cx="${px(x)}" cy="${px(y)}" r="${px(r)}" fill="#ffffff" stroke="${COLORS.incident}" stroke-width="1.2" data-killed="0"><title>${escapeMarkup(tip)}</title></circle>`;
    })
    .join('');

  const legendRows = mapLegend(input, maxKilled, width);
  const height = projection.height + legendRows.height;
  const drawn = {
    incidents: input.incidents.reduce((n, p) => n + p.count, 0),
    killed: input.incidents.reduce((n, p) => n + p.killed, 0),
    sites: input.sites.length,
    zones: input.zones.length,
    hotspots: input.hotspots.filter((h) => h.class !== 'none' && !h.context).length,
  };
  return [
    // The map's title is its caption in the page, not text on the map.
    openChart({ ...input, description: describe(input, drawn) }, { width, height }, { visibleTitle: false }),
    `<clipPath id="${id}-clip"><rect width="${width}" height="${projection.height}"/></clipPath>`,
    `<g clip-path="url(#${id}-clip)">`,
    `<rect width="${width}" height="${projection.height}" fill="${COLORS.water}"/>`,
    `<g class="layer-countries">${countries}</g>`,
    `<g class="layer-hotspots">${hotspots}</g>`,
    `<g class="layer-zones">${zones}</g>`,
    `<g class="layer-alerts">${alerts}</g>`,
    `<g class="layer-sites">${sites}</g>`,
    `<g class="layer-incidents">${incidents}</g>`,
    `<g class="layer-outline">${outlineMarkup}</g>`,
    `<g class="layer-actions">${actions}</g>`,
    scaleBar(projection),
    `<text x="${width - 8}" y="${projection.height - 8}" text-anchor="end" font-size="9" fill="${MUTED_INK}">Country shapes: Natural Earth</text>`,
    '</g>',
    `<rect width="${width}" height="${projection.height}" fill="none" stroke="${MUTED_INK}" stroke-width="1"/>`,
    `<g transform="translate(0 ${projection.height})">${legendRows.markup}</g>`,
    closeChart(),
  ].join('');
}

/** The legend under the map: only what the map shows. */
function mapLegend(input: SituationMapInput, maxKilled: number, width: number): { markup: string; height: number } {
  const items: string[] = [];
  let x = 8;
  let y = 22;
  const place = (itemWidth: number, draw: (x: number, y: number) => string) => {
    if (x + itemWidth > width - 8 && x > 8) {
      x = 8;
      y += 24;
    }
    items.push(draw(x, y));
    x += itemWidth;
  };
  if (input.incidents.length > 0) {
    const examples = maxKilled > 0 ? [...new Set([roundDown(maxKilled), roundDown(maxKilled / 10), 1].filter((k) => k >= 1))].sort((a, b) => b - a) : [];
    place(60, (lx, ly) => `<text x="${px(lx)}" y="${ly}" dy="0.32em" font-weight="700">Killed</text>`);
    for (const k of examples) {
      const r = dotRadius(k, maxKilled);
      place(2 * r + 14 + String(formatCount(k)).length * 6.5, (lx, ly) => `<circle cx="${px(lx + r)}" cy="${ly}" r="${px(r)}" fill="${COLORS.incident}" fill-opacity="0.55" stroke="#ffffff"/><text x="${px(lx + 2 * r + 4)}" y="${ly}" dy="0.32em">${escapeMarkup(formatCount(k))}</text>`);
    }
    place(150, (lx, ly) => `<circle cx="${px(lx + 4)}" cy="${ly}" r="2.5" fill="#ffffff" stroke="${COLORS.incident}" stroke-width="1.2"/><text x="${px(lx + 12)}" y="${ly}" dy="0.32em">no deaths recorded</text>`);
  }
  const groups = [...SITE_GROUPS, OTHER_SITES].filter((g) => input.sites.some((s) => siteGroupOf(s.category) === g));
  for (const g of groups) {
    place(24 + g.label.length * 6.2, (lx, ly) => `<rect x="${px(lx + 1)}" y="${ly - 3.5}" width="7" height="7" fill="${g.color}" transform="rotate(45 ${px(lx + 4.5)} ${ly})"/><text x="${px(lx + 14)}" y="${ly}" dy="0.32em">${escapeMarkup(g.label)}</text>`);
  }
  const kinds = [...new Set(input.zones.map((z) => z.kind))];
  for (const kind of kinds) {
    const label = ZONE_LABELS[kind] ?? kind;
    place(30 + label.length * 6.2, (lx, ly) => `<line x1="${px(lx)}" x2="${px(lx + 18)}" y1="${ly}" y2="${ly}" stroke="${zoneColor(kind)}" stroke-width="3"/><text x="${px(lx + 24)}" y="${ly}" dy="0.32em">${escapeMarkup(label)}</text>`);
  }
  const classes = (Object.keys(HOTSPOT_COLORS) as Exclude<HotspotClass, 'none'>[]).filter((c) => input.hotspots.some((h) => h.class === c));
  for (const c of classes) {
    place(24 + HOTSPOT_LABELS[c].length * 6.2, (lx, ly) => `<rect x="${px(lx)}" y="${ly - 6}" width="14" height="12" fill="${HOTSPOT_COLORS[c]}"/><text x="${px(lx + 20)}" y="${ly}" dy="0.32em">${escapeMarkup(HOTSPOT_LABELS[c])}</text>`);
  }
  if (input.alerts?.length) {
    place(140, (lx, ly) => `<rect x="${px(lx)}" y="${ly - 6}" width="14" height="12" fill="none" stroke="${COLORS.alert}" stroke-width="2.5"/><text x="${px(lx + 20)}" y="${ly}" dy="0.32em">escalation alert</text>`);
  }
  if (input.outline) {
    const label = input.outline.label;
    place(30 + label.length * 6.2, (lx, ly) => `<line x1="${px(lx)}" x2="${px(lx + 18)}" y1="${ly}" y2="${ly}" stroke="${INK}" stroke-width="2" stroke-dasharray="6 3"/><text x="${px(lx + 24)}" y="${ly}" dy="0.32em">${escapeMarkup(label)}</text>`);
  }
  if (input.actions?.length) {
    place(120, (lx, ly) => `<path d="M${px(lx + 6)} ${ly - 6}L${px(lx + 12)} ${ly + 5}L${lx} ${ly + 5}Z" fill="${MUTED_INK}"/><text x="${px(lx + 18)}" y="${ly}" dy="0.32em">planned action</text>`);
  }
  if (items.length === 0) return { markup: '', height: 0 };
  return { markup: `<g class="legend" font-size="10.5">${items.join('')}</g>`, height: y + 18 };
}

/** 1, 2 or 5 times a power of ten, at most `n`. */
function roundDown(n: number): number {
  if (n < 1) return 0;
  const power = 10 ** Math.floor(Math.log10(n));
  return [5, 2, 1].map((m) => m * power).find((v) => v <= n) ?? power;
}
