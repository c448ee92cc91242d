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
    expect(binPoints(points, 5, 'deaths')).toEqual({ values: new Map([[clusterCell, 4]]), incidents: new Map([[clusterCell, 1]]), excluded: 2 });
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

describe('cells without incidents are context, not hot spots', () => {
  // Away from H3's pentagons every cell has six neighbours: gridDisk(c, k) holds 1, 7, 19, 37 cells for k = 0…3.
  const centre = latLngToCell(21.97, 96.08, 5);
  const ringAt = (k: number) => {
    const inner = new Set(k === 0 ? [] : gridDisk(centre, k - 1));
    return gridDisk(centre, k).filter((c) => !inner.has(c));
  };
  const pointsIn = (cell: string, n: number, killed = 0) => {
    const [lat, lon] = cellToLatLng(cell);
    return Array.from({ length: n }, () => ({ lat, lon, killed }));
  };

  it('an empty cell surrounded by busy cells keeps its z but is neither classed nor ranked', () => {
    // Centre empty, its six neighbours 5 incidents each. Study area: the 19 cells of gridDisk(centre, 2): n = 19,
    // Σx = 30, mean 30/19, Σx² = 150, s = √(150/19 − 900/361) = √1950/19. Every cell of rings 0–1 has W = 7, so the
    // denominator is s·√((19·7 − 49)/18) = s·√(14/3).
    //   centre: Σ = 30 → (30 − 210/19)/(s√(14/3)) = 360/√(1950·14/3) = 360/√9100 ≈ 3.77: hot at 99 % as Gi* stands.
    //   a ring cell: Σ = 5 + 5 + 5 (itself and two ring neighbours) → (15 − 210/19)/(s√(14/3)) = 75/√9100 ≈ 0.79.
    const ring = ringAt(1);
    const { cells } = computeHotspots(columns(ring.flatMap((c) => pointsIn(c, 5))), 5, 'incidents');
    expect(cells).toHaveLength(19);
    const empty = cells.find((c) => c.cell === centre)!;
    expect(empty.z).toBeCloseTo(360 / Math.sqrt(9100), 10);
    expect(hotspotClass(empty.z)).toBe('hot99');
    expect(empty).toMatchObject({ value: 0, incidents: 0, class: 'none', context: true });
    const busy = cells.find((c) => c.cell === ring[0])!;
    expect(busy.z).toBeCloseTo(75 / Math.sqrt(9100), 10);
    expect(busy).toMatchObject({ value: 5, incidents: 5, class: 'none', context: false });
    const features = hotspotFeatures({ cells, excluded: 0 }, 5, 'incidents').features;
    // The six cells with incidents come first, the thirteen empty ones (the centre among them) after.
    expect(features.slice(0, 6).map((f) => f.properties.cell).sort()).toEqual([...ring].sort());
    expect(features.slice(6).every((f) => f.properties.context && f.properties.class === 'none' && f.properties.incidents === 0)).toBe(true);
    expect(features.filter((f) => f.properties.class !== 'none')).toEqual([]);
  });

  it('ranks a dense capital-like cell first among the cells with incidents, where empty neighbours out-scored it', () => {
    // Centre 100 incidents, its six neighbours empty, the twelve cells of ring 2 two each. Study area: gridDisk(centre, 3),
    // n = 37, Σx = 124, Σx² = 10 048, s = √(10 048/37 − 124²/37²) = √356 400/37; W = 7 inside ring 2, so the
    // denominator is s·√((37·7 − 49)/36) = s·√(35/6) and z = (37·Σ − 7·124)/√(356 400·35/6) = (37·Σ − 868)/√2 079 000.
    //   centre: Σ = 100 → 2832/√2 079 000 ≈ 1.96 (hot at 95 %).
    //   each empty neighbour: Σ = 100 + 3·2 → 3054/√2 079 000 ≈ 2.12: under Gi* alone, six empty cells outrank the centre.
    //   a ring-2 cell: Σ = 2 + 2·2 (two ring-2 neighbours) → (222 − 868)/√2 079 000 < 0.
    const points = [...pointsIn(centre, 100), ...ringAt(2).flatMap((c) => pointsIn(c, 2))];
    const { cells } = computeHotspots(columns(points), 5, 'incidents');
    expect(cells).toHaveLength(37);
    const zOf = (cell: string) => cells.find((c) => c.cell === cell)!.z;
    expect(zOf(centre)).toBeCloseTo(2832 / Math.sqrt(2_079_000), 10);
    for (const neighbour of ringAt(1)) expect(zOf(neighbour)).toBeCloseTo(3054 / Math.sqrt(2_079_000), 10);
    expect(zOf(ringAt(2)[0]!)).toBeCloseTo(-646 / Math.sqrt(2_079_000), 10);

    const ranked = hotspotFeatures({ cells, excluded: 0 }, 5, 'incidents').features.map((f) => f.properties);
    expect(ranked[0]).toMatchObject({ cell: centre, value: 100, incidents: 100, class: 'hot95', context: false });
    expect(ranked.slice(1, 13).every((c) => !c.context && c.incidents === 2)).toBe(true);
    expect(ranked.slice(13).every((c) => c.context)).toBe(true);
    expect(ranked.filter((c) => c.class.startsWith('hot')).map((c) => c.cell)).toEqual([centre]);
  });

  it('reports each cell’s incidents beside z when the metric is deaths; a cell with incidents but no deaths is not context', () => {
    // Centre: 3 incidents, 40 deaths; one neighbour: 2 incidents, no deaths.
    const neighbour = ringAt(1)[0]!;
    const points = [...pointsIn(centre, 1, 40), ...pointsIn(centre, 2, 0), ...pointsIn(neighbour, 2, 0)];
    const features = hotspotFeatures(computeHotspots(columns(points), 5, 'deaths'), 5, 'deaths').features.map((f) => f.properties);
    expect(features.find((c) => c.cell === centre)).toMatchObject({ value: 40, incidents: 3, context: false });
    expect(features.find((c) => c.cell === neighbour)).toMatchObject({ value: 0, incidents: 2, context: false });
    expect(features.filter((c) => c.context).every((c) => c.incidents === 0 && c.value === 0)).toBe(true);
    expect(features.filter((c) => !c.context)).toHaveLength(2);
    for (const c of features) expect(typeof c.z).toBe('number');
  });
});
