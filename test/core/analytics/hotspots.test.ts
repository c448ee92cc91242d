import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { binPoints, computeHotspots, getisOrdGiStar, hotspotClass, hotspotFeatures, studyArea, type PointColumns } from '../../../src/core/analytics/hotspots.js';
import { LOCATION_PRECISIONS, type LocationPrecision } from '../../../src/core/taxonomy.js';

function columns(points: { lat: number; lon: number; precision?: LocationPrecision; killed?: number }[]): PointColumns {
  return {
    lat: points.map((p) => p.lat),
    lon: points.map((p) => p.lon),
    precision: points.map((p) => LOCATION_PRECISIONS.indexOf(p.precision ?? 'exact')),
    killedBest: points.map((p) => p.killed ?? 0),
    length: points.length,
  };
}

describe('Getis–Ord Gi*', () => {
  it('matches a hand computation on a line of four cells', () => {
    // a – b – c – d with values 1, 2, 3, 10; each cell's neighbourhood is itself and the cells beside it.
    // n = 4, mean 4, s = √(114/4 − 16) = √12.5.
    //   d: W = 2, Σ = 13 → (13 − 8) / (√12.5 · √((8 − 4)/3)) = √1.5
    //   c: W = 3, Σ = 15 → (15 − 12) / (√12.5 · √((12 − 9)/3)) = 3/√12.5
    //   b: W = 3, Σ = 6  → −6/√12.5
    //   a: W = 2, Σ = 3  → −5/√(50/3) = −√1.5
    const values = new Map([['a', 1], ['b', 2], ['c', 3], ['d', 10]]);
    const line: Record<string, string[]> = { a: ['a', 'b'], b: ['a', 'b', 'c'], c: ['b', 'c', 'd'], d: ['c', 'd'] };
    const z = Object.fromEntries(getisOrdGiStar(values, (cell) => line[cell]!).map((c) => [c.cell, c.z]));
    expect(z.d).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(z.c).toBeCloseTo(3 / Math.sqrt(12.5), 12);
    expect(z.b).toBeCloseTo(-6 / Math.sqrt(12.5), 12);
    expect(z.a).toBeCloseTo(-Math.sqrt(1.5), 12);
  });

  it('gives z = 0 everywhere when every cell has the same value', () => {
    const values = new Map([['a', 2], ['b', 2]]);
    expect(getisOrdGiStar(values, () => ['a', 'b']).map((c) => [c.z, c.class])).toEqual([[0, 'none'], [0, 'none']]);
  });

  it('classes z by the two-sided 90, 95 and 99 % levels', () => {
    expect([2.6, 2.0, 1.7, 1.6, -1.7, -2.0, -2.6].map(hotspotClass)).toEqual(['hot99', 'hot95', 'hot90', 'none', 'cold90', 'cold95', 'cold99']);
  });
});

describe('hotspots on H3', () => {
  // A scatter of single incidents over northern Myanmar, one per cell on a coarse lattice, and one dense cluster.
  const centre = { lat: 21.97, lon: 96.08 };
  const background = Array.from({ length: 15 }, (_, i) => Array.from({ length: 15 }, (_, j) => ({ lat: 20 + i * 0.25, lon: 94 + j * 0.25 }))).flat();
  const clusterCell = latLngToCell(centre.lat, centre.lon, 5);
  const [clusterLat, clusterLon] = cellToLatLng(clusterCell);
  const cluster = Array.from({ length: 60 }, () => ({ lat: clusterLat, lon: clusterLon }));
  const ring = gridDisk(clusterCell, 1)
    .filter((c) => c !== clusterCell)
    .flatMap((c) => {
      const [lat, lon] = cellToLatLng(c);
      return Array.from({ length: 8 }, () => ({ lat, lon }));
    });

  it('finds the dense cluster’s centre hot at 99 % and leaves a far-away cell alone', () => {
    const { cells } = computeHotspots(columns([...background, ...cluster, ...ring]), 5, 'incidents');
    const byCell = new Map(cells.map((c) => [c.cell, c]));
    expect(byCell.get(clusterCell)?.class).toBe('hot99');
    expect(byCell.get(clusterCell)?.value).toBe(60);
    const far = latLngToCell(20, 94, 5);
    expect(byCell.get(far)?.value).toBe(1);
    expect(byCell.get(far)?.class).not.toMatch(/^hot/);
  });

  it('studies every cell with data and its zero-valued neighbours', () => {
    const values = new Map([[clusterCell, 5]]);
    const area = studyArea(values);
    expect(area.size).toBe(7);
    expect([...area.values()].sort()).toEqual([0, 0, 0, 0, 0, 0, 5]);
  });

  it('leaves out incidents too imprecise for the resolution, and sums deaths for the deaths metric', () => {
    const points = columns([
      { ...centre, killed: 4 },
      { ...centre, killed: 6, precision: 'within_25km' },
      { ...centre, killed: 100, precision: 'admin1' },
    ]);
    expect(binPoints(points, 5, 'deaths')).toEqual({ values: new Map([[clusterCell, 4]]), excluded: 2 });
    const at4 = binPoints(points, 4, 'deaths');
    expect([...at4.values.values()]).toEqual([10]);
    expect(at4.excluded).toBe(1);
  });

  it('writes GeoJSON polygons in [lng, lat] order with closed rings', () => {
    const collection = hotspotFeatures(computeHotspots(columns(cluster), 5, 'incidents'), 5, 'incidents');
    expect(collection.features).toHaveLength(7);
    const centreFeature = collection.features.find((f) => f.properties.cell === clusterCell)!;
    expect(centreFeature.properties.value).toBe(60);
    const ring = centreFeature.geometry.coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring.at(-1));
    for (const [lng, lat] of ring) {
      expect(Math.abs(lng - clusterLon)).toBeLessThan(0.2);
      expect(Math.abs(lat - clusterLat)).toBeLessThan(0.2);
    }
  });
});
