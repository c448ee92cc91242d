import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeRank } from '../../../src/core/detection/site-proximity.js';
import { gradeZoneIncident, gradeZonePlacement, timeCover, zoneTimeCover } from '../../../src/core/detection/zone-containment.js';
import { distanceToSegmentKm, insidePolygon, zoneAreaKm2 } from '../../../src/core/detection/zone-geometry.js';
import { greatCircleKm } from '../../../src/core/great-circle.js';
import { LOCATION_PRECISIONS, type LocationPrecision } from '../../../src/core/taxonomy.js';
import { KM_PER_DEGREE, incidentAt, zone } from './detection-fixtures.js';

// A corridor along the meridian 36°E from 46°N to 48°N, 10 km wide: its inside is within 5 km of the line.
const corridor = zone({ type: 'LineString', coordinates: [[36, 46], [36, 48]] }, { widthKm: 10 });
// From (47°N, 36.1°E) the nearest point of that meridian is (47°N, 36°E): haversine 2R · asin(cos 47° · sin 0.05°).
const CROSS_TRACK_KM = 2 * 6371.0088 * Math.asin(Math.cos((47 * Math.PI) / 180) * Math.sin((0.05 * Math.PI) / 180));

describe('zone geometry', () => {
  it('measures the distance to the nearest point of a segment, and to the nearer end beyond it', () => {
    expect(CROSS_TRACK_KM).toBeCloseTo(7.5836, 3);
    expect(distanceToSegmentKm({ lat: 47, lon: 36.1 }, { lat: 46, lon: 36 }, { lat: 48, lon: 36 })).toBeCloseTo(CROSS_TRACK_KM, 6);
    expect(distanceToSegmentKm({ lat: 49, lon: 36 }, { lat: 46, lon: 36 }, { lat: 48, lon: 36 })).toBeCloseTo(KM_PER_DEGREE, 6);
    expect(distanceToSegmentKm({ lat: 45.5, lon: 36.2 }, { lat: 46, lon: 36 }, { lat: 48, lon: 36 })).toBeCloseTo(greatCircleKm({ lat: 45.5, lon: 36.2 }, { lat: 46, lon: 36 }), 6);
  });

  it('agrees with the nearest of many points sampled along the segment, straight in lon/lat as GeoJSON draws it', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: 40, max: 60, noNaN: true }), fc.double({ min: 20, max: 40, noNaN: true })),
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true })),
        fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
        ([aLat, aLon], [dLat, dLon], [offLat, offLon, along]) => {
          const a = { lat: aLat, lon: aLon };
          const b = { lat: aLat + dLat, lon: aLon + dLon };
          // A point near the segment (within about a degree of some point of it).
          const p = { lat: aLat + along * dLat + offLat, lon: aLon + along * dLon + offLon };
          let sampled = Number.POSITIVE_INFINITY;
          for (let k = 0; k <= 4000; k++) {
            const t = k / 4000;
            sampled = Math.min(sampled, greatCircleKm(p, { lat: a.lat + t * (b.lat - a.lat), lon: a.lon + t * (b.lon - a.lon) }));
          }
          const measured = distanceToSegmentKm(p, a, b);
          // The samples are at most ~0.2 km apart; the projection's nearest point is off by a little more far away.
          expect(Math.abs(measured - sampled)).toBeLessThan(0.05 + 0.005 * sampled);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('respects holes in polygons', () => {
    const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const hole = [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6], [0.4, 0.4]];
    expect(insidePolygon({ lat: 0.2, lon: 0.2 }, [square, hole])).toBe(true);
    expect(insidePolygon({ lat: 0.5, lon: 0.5 }, [square, hole])).toBe(false);
    expect(insidePolygon({ lat: 1.5, lon: 0.5 }, [square, hole])).toBe(false);
  });
});

describe('zone area', () => {
  it('measures polygons (holes taken out) and bands along lines and around points', () => {
    // A square of 0.1° at the equator: (0.1 · 111.195 km)², less a hole of a quarter of it.
    const side = 0.1 * 111.195;
    const square: [number, number][] = [[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]];
    const hole: [number, number][] = [[0.025, 0.025], [0.075, 0.025], [0.075, 0.075], [0.025, 0.075], [0.025, 0.025]];
    expect(zoneAreaKm2({ type: 'Polygon', coordinates: [square] })).toBeCloseTo(side * side, 0);
    expect(zoneAreaKm2({ type: 'Polygon', coordinates: [square, hole] })).toBeCloseTo(side * side * 0.75, 0);
    // 2° along a meridian, 4 km wide, with round ends: length × width + π · 2².
    expect(zoneAreaKm2({ type: 'LineString', coordinates: [[36, 46], [36, 48]] }, 4)).toBeCloseTo(2 * KM_PER_DEGREE * 4 + Math.PI * 4, 3);
    expect(zoneAreaKm2({ type: 'Point', coordinates: [30, 50] }, 8)).toBeCloseTo(Math.PI * 16, 6);
  });
});

describe('zone placement (golden cases)', () => {
  it('a small safe haven is never possibly hit by a record placed only to its district or province', () => {
    // An 8 km haven (50 km²) against a 50 km disc (7,854 km²: 0.6 %) or a 250 km one (0.03 %): below the 1 % floor.
    const haven = zone({ type: 'Point', coordinates: [14.467, 12.283] }, { kind: 'safe_haven', widthKm: 8 });
    expect(gradeZonePlacement(incidentAt(12.283 + 30 / KM_PER_DEGREE, 14.467, 'admin1'), haven)).toBeUndefined();
    expect(gradeZonePlacement(incidentAt(12.283 + 30 / KM_PER_DEGREE, 14.467, 'admin2'), haven)).toBeUndefined();
    // Within 25 km (1,963 km²: the haven is 2.6 % of it) it may have been inside.
    expect(gradeZonePlacement(incidentAt(12.283 + 20 / KM_PER_DEGREE, 14.467, 'within_25km'), haven)?.grade).toBe('possible');
    // A province-wide record in a large area of operations is still placed there: possibly 111 km from its edge,
    // probably when its whole disc is inside.
    const operations = zone({ type: 'Polygon', coordinates: [[[10, 8], [16, 8], [16, 14], [10, 14], [10, 8]]] }, { kind: 'area_of_operations' });
    expect(gradeZonePlacement(incidentAt(9, 13, 'admin1'), operations)?.grade).toBe('possible');
    expect(gradeZonePlacement(incidentAt(11, 13, 'admin1'), operations)?.grade).toBe('probable');
  });

  it('an exactly located incident 7.6 km from the line of a 10 km-wide corridor is 2.6 km outside it; a within-25-km record there may be inside', () => {
    const placement = gradeZonePlacement(incidentAt(47, 36.1, 'exact'), corridor);
    expect(placement).toBeUndefined();
    const within25 = gradeZonePlacement(incidentAt(47, 36.1, 'within_25km'), corridor);
    expect(within25?.grade).toBe('possible');
    expect(within25?.distanceKm).toBeCloseTo(CROSS_TRACK_KM - 5, 6);
  });

  it('exactly on the corridor is probable; a within-25-km record on its line is only possible, since its disc spills out', () => {
    expect(gradeZonePlacement(incidentAt(47, 36.03, 'exact'), corridor)).toEqual({ grade: 'probable', distanceKm: 0 });
    expect(gradeZonePlacement(incidentAt(47, 36, 'within_25km'), corridor)?.grade).toBe('possible');
    // A corridor 60 km wide holds the whole 25 km disc of a record on its line.
    expect(gradeZonePlacement(incidentAt(47, 36, 'within_25km'), { ...corridor, widthKm: 60 })?.grade).toBe('probable');
  });

  it('a point zone is a disc of widthKm/2', () => {
    const haven = zone({ type: 'Point', coordinates: [30, 50] }, { kind: 'safe_haven', widthKm: 4 });
    expect(gradeZonePlacement(incidentAt(50 + 1.9 / KM_PER_DEGREE, 30, 'exact'), haven)?.grade).toBe('probable');
    expect(gradeZonePlacement(incidentAt(50 + 2.9 / KM_PER_DEGREE, 30, 'exact'), haven)?.grade).toBe('possible');
    expect(gradeZonePlacement(incidentAt(50 + 3.1 / KM_PER_DEGREE, 30, 'exact'), haven)).toBeUndefined();
  });

  it('a polygon with a hole: the hole is outside; a disc deep inside the polygon is probable even when imprecise', () => {
    const square: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const hole: [number, number][] = [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6], [0.4, 0.4]];
    const haven = zone({ type: 'Polygon', coordinates: [square, hole] }, { kind: 'safe_haven' });
    expect(gradeZonePlacement(incidentAt(0.2, 0.2, 'exact'), haven)?.grade).toBe('probable');
    // 0.2° from the nearest edge is 22.2 km: inside the 25 km disc's reach, so only possible.
    expect(gradeZonePlacement(incidentAt(0.2, 0.2, 'within_25km'), haven)?.grade).toBe('possible');
    // In the hole's centre: 0.1° (11.1 km) from its edge.
    expect(gradeZonePlacement(incidentAt(0.5, 0.5, 'exact'), haven)).toBeUndefined();
    expect(gradeZonePlacement(incidentAt(0.5, 0.5, 'within_25km'), haven)?.grade).toBe('possible');
    const big = zone({ type: 'MultiPolygon', coordinates: [[[[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]]], [square.map(([x, y]): [number, number] => [x + 10, y])]] });
    expect(gradeZonePlacement(incidentAt(1.5, 1.5, 'admin2'), big)?.grade).toBe('probable');
    expect(gradeZonePlacement(incidentAt(0.5, 10.5, 'exact'), big)?.grade).toBe('probable');
    expect(gradeZonePlacement(incidentAt(1.5, 1.5, 'country'), big)).toBeUndefined();
  });
});

describe('zone in force', () => {
  it('covers the days of its validity, validTo inclusive, open-ended without one', () => {
    expect(zoneTimeCover(corridor, '2022-03-31', '2022-03-31')).toBe('whole');
    expect(zoneTimeCover(corridor, '2022-04-01', '2022-04-01')).toBe('none');
    expect(zoneTimeCover(corridor, '2022-03-25', '2022-04-05')).toBe('partial');
    expect(zoneTimeCover({ ...corridor, validTo: undefined }, '2030-01-01', '2030-12-31')).toBe('whole');
  });

  it('covers only the days its opening windows touch', () => {
    const scheduled = { ...corridor, schedule: [{ start: '2022-03-05T09:00:00+02:00', end: '2022-03-05T16:00:00+02:00' }, { start: '2022-03-07T09:00:00+02:00', end: '2022-03-08T16:00:00+02:00' }] };
    expect(zoneTimeCover(scheduled, '2022-03-05', '2022-03-05')).toBe('whole');
    expect(zoneTimeCover(scheduled, '2022-03-06', '2022-03-06')).toBe('none');
    expect(zoneTimeCover(scheduled, '2022-03-07', '2022-03-08')).toBe('whole');
    expect(zoneTimeCover(scheduled, '2022-03-05', '2022-03-07')).toBe('partial');
  });

  it('a proposed or failed zone is never in force', () => {
    expect(zoneTimeCover({ ...corridor, status: 'proposed' }, '2022-03-05', '2022-03-05')).toBe('none');
    expect(zoneTimeCover({ ...corridor, status: 'failed' }, '2022-03-05', '2022-03-05')).toBe('none');
    for (const status of ['agreed', 'in_force', 'suspended', 'ended', 'disputed'] as const) {
      expect(zoneTimeCover({ ...corridor, status }, '2022-03-05', '2022-03-05')).toBe('whole');
    }
  });

  it('an incident dated only to the month, in a corridor open one day of it, is at most possible', () => {
    const oneDay = { ...corridor, validFrom: '2022-03-05', validTo: '2022-03-05' };
    const onLine = incidentAt(47, 36, 'exact');
    expect(gradeZoneIncident(onLine, oneDay)?.grade).toBe('probable');
    expect(gradeZoneIncident({ ...onLine, dateEarliest: '2022-03-01', dateLatest: '2022-03-31' }, oneDay)?.grade).toBe('possible');
  });

  it('time cover counts overlapping windows once', () => {
    expect(timeCover([[1, 5], [3, 8], [10, 12]], 2, 8)).toBe('whole');
    expect(timeCover([[1, 5], [3, 8], [10, 12]], 2, 10)).toBe('partial');
    expect(timeCover([[1, 5]], 6, 9)).toBe('none');
  });
});

describe('zone placement (properties)', () => {
  const precisionIndex = (p: LocationPrecision) => LOCATION_PRECISIONS.indexOf(p);
  it('moving away from a corridor never raises the grade; coarsening never raises it beyond possible', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.constantFrom(...LOCATION_PRECISIONS),
        fc.constantFrom(...LOCATION_PRECISIONS),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (km, extra, p1, p2, widthKm) => {
          const z = { ...corridor, widthKm };
          const lonAt = (d: number) => 36 + (d / (KM_PER_DEGREE * Math.cos((47 * Math.PI) / 180)));
          const near = gradeRank(gradeZonePlacement(incidentAt(47, lonAt(km), p1), z)?.grade ?? 'none');
          const far = gradeRank(gradeZonePlacement(incidentAt(47, lonAt(km + extra), p1), z)?.grade ?? 'none');
          expect(far).toBeLessThanOrEqual(near);
          const [fine, coarse] = precisionIndex(p1) <= precisionIndex(p2) ? [p1, p2] : [p2, p1];
          const fineRank = gradeRank(gradeZonePlacement(incidentAt(47, lonAt(km), fine), z)?.grade ?? 'none');
          const coarseRank = gradeRank(gradeZonePlacement(incidentAt(47, lonAt(km), coarse), z)?.grade ?? 'none');
          expect(coarseRank).toBeLessThanOrEqual(Math.max(fineRank, gradeRank('possible')));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
