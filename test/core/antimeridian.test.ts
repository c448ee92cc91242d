import fc from 'fast-check';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { cutAtAntimeridian } from '../../src/core/antimeridian.js';

const signedArea = (ring: Position[]) => ring.slice(0, -1).reduce((sum, p, i) => sum + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0) / 2;
const rings = (g: MultiPolygon) => g.coordinates.flat();
/** An edge across more than half the map, other than along a pole (where a flat map's edge is the pole itself). */
const jumps = (g: MultiPolygon) => rings(g).some((ring) => ring.some((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180 && !(Math.abs(p[1]!) === 90 && p[1] === ring[i - 1]![1])));
const area = (g: MultiPolygon) => g.coordinates.reduce((sum, [outer, ...holes]) => sum + Math.abs(signedArea(outer!)) - holes.reduce((s, h) => s + Math.abs(signedArea(h)), 0), 0);

describe('cutting shapes at the antimeridian', () => {
  it('leaves a shape that does not cross it as it is, wound counter-clockwise', () => {
    const square: Polygon = { type: 'Polygon', coordinates: [[[10, 10], [10, 20], [20, 20], [20, 10], [10, 10]]] };
    const cut = cutAtAntimeridian(square);
    expect(cut.coordinates).toHaveLength(1);
    expect(signedArea(cut.coordinates[0]![0]!)).toBe(100);
    expect(area(cut)).toBe(100);
  });

  it('cuts an island that straddles it into an east and a west piece of the same total area', () => {
    const fiji: Polygon = { type: 'Polygon', coordinates: [[[178, -16], [-178, -16], [-178, -18], [178, -18], [178, -16]]] };
    const cut = cutAtAntimeridian(fiji);
    expect(cut.coordinates).toHaveLength(2);
    expect(jumps(cut)).toBe(false);
    expect(area(cut)).toBeCloseTo(8, 9);
    const wests = cut.coordinates.map(([outer]) => Math.min(...outer!.map((p) => p[0]!)));
    expect(wests.sort((a, b) => a - b)).toEqual([-180, 178]);
  });

  it('closes a ring that goes round the South Pole through the pole', () => {
    const ring: Position[] = [[-180, -70], [-90, -65], [0, -70], [90, -66], [180, -70]];
    const cut = cutAtAntimeridian({ type: 'Polygon', coordinates: [[...ring.slice(0, -1), [-180, -70]]] });
    expect(jumps(cut)).toBe(false);
    expect(rings(cut).flat().some((p) => p[1] === -90)).toBe(true);
    for (const [outer] of cut.coordinates) expect(signedArea(outer!)).toBeGreaterThan(0);
  });

  it('keeps every point within ±180° and never jumps across the map, whatever the polygon (property)', () => {
    const lon = fc.double({ min: -179.9, max: 179.9, noNaN: true });
    const lat = fc.double({ min: -80, max: 80, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(lon, lat), { minLength: 3, maxLength: 12 }), (points) => {
        const ring = [...points, points[0]!] as Position[];
        const cut = cutAtAntimeridian({ type: 'Polygon', coordinates: [ring] });
        for (const p of rings(cut).flat()) expect(Math.abs(p[0]!)).toBeLessThanOrEqual(180 + 1e-9);
        expect(jumps(cut)).toBe(false);
      }),
    );
  });

  it('fixes the three countries of world-atlas that cross it (Russia, Fiji, Antarctica) and only changes the winding of the rest', () => {
    const topology = JSON.parse(readFileSync(new URL('../../node_modules/world-atlas/countries-50m.json', import.meta.url), 'utf8')) as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topology, topology.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
    const crossing: string[] = [];
    for (const country of countries.features) {
      if (!country.geometry) continue;
      const before = cutAtAntimeridian({ type: 'MultiPolygon', coordinates: country.geometry.type === 'Polygon' ? [country.geometry.coordinates] : country.geometry.coordinates });
      expect(jumps(before), country.properties.name).toBe(false);
      const original = country.geometry.type === 'Polygon' ? [country.geometry.coordinates] : country.geometry.coordinates;
      if (original.flat().some((ring) => ring.some((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180))) crossing.push(country.properties.name);
      else expect(area(before), country.properties.name).toBeCloseTo(area({ type: 'MultiPolygon', coordinates: original }), 6);
    }
    expect(crossing.sort()).toEqual(['Antarctica', 'Fiji', 'Russia']);
  });
});
