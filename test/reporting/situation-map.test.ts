import type { FeatureCollection, Geometry, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { clipRing, fitProjection } from '../../src/reporting/map-projection.js';
import { situationMap, type SituationMapInput } from '../../src/reporting/situation-map.js';
import { markupProblems, textOf } from './markup-check.js';

const square = (w: number, s: number, e: number, n: number): Polygon => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const countries: FeatureCollection<Geometry, { name?: string } | null> = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: '104', properties: { name: 'Inside' }, geometry: square(92, 10, 101, 28) },
    { type: 'Feature', id: '999', properties: { name: 'Far away' }, geometry: square(-80, -40, -60, -20) },
  ],
};
const base: SituationMapInput = {
  id: 'map',
  title: 'Map of the area',
  description: 'Test map.',
  bbox: [92, 10, 101, 28],
  countries,
  focusCountryId: '104',
  incidents: [],
  sites: [],
  zones: [],
  hotspots: [],
};

describe('projection fitted to an area', () => {
  it('puts the area inside the frame, keeps its shape, and measures kilometres', () => {
    const p = fitProjection([30, 0, 40, 10], { width: 700, minHeight: 100, maxHeight: 2000 });
    for (const [lon, lat] of [[30, 0], [40, 10], [35, 5]] as const) {
      const [x, y] = p.project(lon, lat);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(p.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(p.height);
    }
    // Near the equator a degree is about as wide as it is high.
    expect(p.height / p.width).toBeCloseTo(1, 1);
    // 111.32 km per degree of latitude.
    const [, y0] = p.project(35, 5);
    const [, y1] = p.project(35, 6);
    expect((y0 - y1) * p.kmPerPixel).toBeCloseTo(111.32, 1);
  });

  it('widens a box around a single point and treats a box over the antimeridian as the world', () => {
    const point = fitProjection([10, 10, 10, 10], { width: 500, minHeight: 200, maxHeight: 800 });
    expect(point.view[2] - point.view[0]).toBeGreaterThanOrEqual(0.5);
    expect(Number.isFinite(point.kmPerPixel)).toBe(true);
    const wrapped = fitProjection([170, -10, -170, 10], { width: 500, minHeight: 200, maxHeight: 800 });
    expect(wrapped.view[0]).toBeLessThanOrEqual(-180);
  });

  it('clips a ring to a rectangle', () => {
    const clipped = clipRing([[-10, -10], [20, -10], [20, 20], [-10, 20]], 0, 0, 10, 10);
    for (const [x, y] of clipped) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(10);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(10);
    }
    expect(clipRing([[50, 50], [60, 50], [60, 60]], 0, 0, 10, 10)).toEqual([]);
  });
});

describe('situation map', () => {
  it('draws the countries near the area only, the focus country darker, and a scale bar', () => {
    const svg = situationMap(base);
    expect(markupProblems(svg)).toEqual([]);
    expect(svg.match(/<path d="M/g)).toHaveLength(1);
    expect(svg).toContain('data-focus="true"');
    expect(textOf(svg)).toMatch(/\d+ km/);
    expect(textOf(svg)).toContain('Country shapes: Natural Earth');
  });

  it('sizes incident dots by deaths and draws sites, zones, hot spots and alerts with a legend of what is shown', () => {
    const svg = situationMap({
      ...base,
      incidents: [
        { lon: 96, lat: 20, count: 3, killed: 100 },
        { lon: 97, lat: 21, count: 1, killed: 1 },
        { lon: 95, lat: 15, count: 1, killed: 0 },
      ],
      sites: [{ lon: 96.5, lat: 19, name: 'District hospital', category: 'health_facility', status: 'functioning' }],
      zones: [
        { name: 'Corridor north', kind: 'humanitarian_corridor', geometry: { type: 'LineString', coordinates: [[95, 18], [97, 22]] }, widthKm: 10 },
        { name: 'Safe area', kind: 'safe_haven', geometry: square(98, 16, 99, 17) },
      ],
      hotspots: [
        { geometry: square(96, 20, 96.5, 20.5), class: 'hot99', value: 12, incidents: 3, z: 3.1, context: false },
        { geometry: square(94, 14, 94.5, 14.5), class: 'none', value: 0, incidents: 0, z: 2.9, context: true },
      ],
      alerts: [{ geometry: square(96, 19, 97, 20), label: 'Escalation: deaths in week of 6 Nov 2023' }],
    });
    expect(markupProblems(svg)).toEqual([]);
    const radii = [...svg.matchAll(/class="incident"[^>]*r="([\d.]+)"[^>]*data-killed="(\d+)"/g)].map((m) => ({ r: Number(m[1]), killed: Number(m[2]) }));
    expect(radii).toHaveLength(3);
    const byKilled = (k: number) => radii.find((d) => d.killed === k)!.r;
    expect(byKilled(100)).toBeGreaterThan(byKilled(1));
    expect(byKilled(1)).toBeGreaterThanOrEqual(byKilled(0));
    expect(svg.match(/class="site"/g)).toHaveLength(1);
    expect(svg.match(/class="zone"/g)).toHaveLength(2);
    expect(svg.match(/data-class="hot99"/g)).toHaveLength(1);
    expect(svg).not.toContain('data-class="none"');
    expect(svg).toContain('data-alert="true"');
    const text = textOf(svg);
    for (const label of ['Killed', 'Health and humanitarian sites', 'Humanitarian corridor', 'Safe haven / protected area', 'Hot spot, 99% confidence', 'escalation alert']) expect(text).toContain(label);
    // A hot cell says what its colour rests on: deaths, incidents and z.
    expect(svg).toContain('<title>Hot spot, 99% confidence: 12 deaths in 3 incidents, z = 3.10</title>');
    expect(/<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]).toContain('5 incidents drawn, 101 killed');
  });

  it('escapes the names of sites and zones', () => {
    const svg = situationMap({
      ...base,
      sites: [{ lon: 96, lat: 20, name: '<img src=x onerror=alert(1)>', category: 'school' }],
      zones: [{ name: '"><script>alert(1)</script>', kind: '<b>', geometry: square(96, 20, 97, 21) }],
    });
    expect(markupProblems(svg)).toEqual([]);
    expect(textOf(svg)).toContain('<img src=x onerror=alert(1)>');
  });
});
