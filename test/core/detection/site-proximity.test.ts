import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTION_SITE_CATEGORIES } from '../../../src/core/detection/detection-inputs.js';
import { LOCATION_UNCERTAINTY_KM } from '../../../src/core/detection/location-uncertainty.js';
import { SITE_ALERT_DISTANCE_KM, fitsSiteCategory, gradeRank, gradeSiteProximity } from '../../../src/core/detection/site-proximity.js';
import { CATEGORIES, LOCATION_PRECISIONS, VIOLENCE_TYPES, type LocationPrecision } from '../../../src/core/taxonomy.js';
import { KM_PER_DEGREE, incidentAt, siteAt } from './detection-fixtures.js';

const north = (km: number) => 50 + km / KM_PER_DEGREE;

describe('site proximity grading (golden cases)', () => {
  const school = siteAt(50, 30, 'school');

  it('an exactly located shelling 0.56 km from a school is a possible attack near it; coded as an attack on a school, probable', () => {
    const result = gradeSiteProximity(incidentAt(50.005, 30, 'exact'), school);
    expect(result?.grade).toBe('possible');
    expect(result?.distanceKm).toBeCloseTo(0.005 * KM_PER_DEGREE, 6);
    const coded = incidentAt(50.005, 30, 'exact', { categories: ['attack_on_school'], themes: ['children_and_armed_conflict'] });
    expect(gradeSiteProximity(coded, school)?.grade).toBe('probable');
  });

  it('1.5 km away, exactly located, is beyond the 1 km alert distance: nothing, unless coded as an attack on a school (then possible)', () => {
    expect(gradeSiteProximity(incidentAt(north(1.5), 30, 'exact'), school)).toBeUndefined();
    const coded = incidentAt(north(1.5), 30, 'exact', { categories: ['attack_on_school'], themes: ['children_and_armed_conflict'] });
    expect(gradeSiteProximity(coded, school)?.grade).toBe('possible');
    // 2.5 km is beyond alert + exact uncertainty (1 + 1 km).
    expect(gradeSiteProximity({ ...coded, location: { ...coded.location, lat: north(2.5) } }, school)).toBeUndefined();
  });

  it('a province-centroid attack on a school 100 km away is possible, never probable; without that coding it is nothing', () => {
    const coded = incidentAt(north(100), 30, 'admin1', { categories: ['attack_on_school'], themes: ['children_and_armed_conflict'] });
    expect(gradeSiteProximity(coded, school)?.grade).toBe('possible');
    expect(gradeSiteProximity({ ...coded, location: { ...coded.location, lat: north(0) } }, school)?.grade).toBe('possible');
    expect(gradeSiteProximity(incidentAt(north(0.1), 30, 'admin1'), school)).toBeUndefined();
    // 252 km: beyond 250 km uncertainty + 1 km alert.
    expect(gradeSiteProximity({ ...coded, location: { ...coded.location, lat: north(252) } }, school)).toBeUndefined();
  });

  it('a country-level record is never tied to a site, even at the site itself', () => {
    const coded = incidentAt(50, 30, 'country', { categories: ['attack_on_school'], themes: ['children_and_armed_conflict'] });
    expect(gradeSiteProximity(coded, school)).toBeUndefined();
  });

  it("a site's extent adds to its alert distance: 6.5 km from a nuclear power station 2 km across its point is probable", () => {
    const plant = siteAt(50, 30, 'nuclear_power_station', 2);
    expect(gradeSiteProximity(incidentAt(north(6.5), 30, 'exact'), plant)?.grade).toBe('probable');
    // Beyond it, within the 1 km an exact record may be off by, shelling in the vicinity is possible (API art. 56).
    expect(gradeSiteProximity(incidentAt(north(7.5), 30, 'exact'), plant)?.grade).toBe('possible');
    expect(gradeSiteProximity(incidentAt(north(8.5), 30, 'exact'), plant)).toBeUndefined();
  });

  it('extortion at a checkpoint next to a school is no attack on it', () => {
    const extortion = incidentAt(50.001, 30, 'exact', { violenceType: 'other', categories: ['checkpoint_extortion'], themes: ['building_integrity'] });
    expect(gradeSiteProximity(extortion, school)).toBeUndefined();
    // Any death makes it violent: the school may have been hit.
    expect(gradeSiteProximity({ ...extortion, killed: { best: 1 } }, school)?.grade).toBe('possible');
  });

  it('cultural property fits incidents by theme as well as category', () => {
    const heritage = siteAt(50, 30, 'cultural_property');
    const themed = incidentAt(north(20), 30, 'within_25km', { themes: ['cultural_property'], violenceType: undefined });
    expect(fitsSiteCategory(themed, 'cultural_property')).toBe(true);
    expect(gradeSiteProximity(themed, heritage)?.grade).toBe('possible');
    expect(gradeSiteProximity(themed, school)).toBeUndefined();
  });
});

const incidentArbitrary = fc.record({
  precision: fc.constantFrom(...LOCATION_PRECISIONS),
  categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { maxLength: 4 }),
  violenceType: fc.option(fc.constantFrom(...VIOLENCE_TYPES), { nil: undefined }),
  killed: fc.nat(5),
  distanceKm: fc.double({ min: 0, max: 400, noNaN: true }),
});
type IncidentCase = typeof incidentArbitrary extends fc.Arbitrary<infer T> ? T : never;
const siteArbitrary = fc.record({
  category: fc.constantFrom(...DETECTION_SITE_CATEGORIES),
  radiusKm: fc.double({ min: 0, max: 20, noNaN: true }),
  lat: fc.double({ min: -60, max: 60, noNaN: true }),
  lon: fc.double({ min: -179, max: 179, noNaN: true }),
});

const rank = (grade: ReturnType<typeof gradeSiteProximity>) => gradeRank(grade?.grade ?? 'none');
const coarser = (p: LocationPrecision) => LOCATION_PRECISIONS.filter((q) => LOCATION_PRECISIONS.indexOf(q) > LOCATION_PRECISIONS.indexOf(p));

describe('site proximity grading (properties)', () => {
  const build = (i: IncidentCase, precision: LocationPrecision) =>
    incidentAt(0, 0, precision, { categories: i.categories, violenceType: i.violenceType, killed: { best: i.killed } });

  it('lowering precision never makes a hit probable, and never raises a grade beyond possible', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const fine = rank(gradeSiteProximity(build(i, i.precision), site, i.distanceKm));
        for (const precision of coarser(i.precision)) {
          const coarse = rank(gradeSiteProximity(build(i, precision), site, i.distanceKm));
          expect(coarse).toBeLessThanOrEqual(Math.max(fine, gradeRank('possible')));
          expect(coarse).toBeLessThan(gradeRank('probable'));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('lowering precision keeps a fitting hit at least possible while the record can still be placed', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const fine = build(i, i.precision);
        if (!fitsSiteCategory(fine, site.category) || rank(gradeSiteProximity(fine, site, i.distanceKm)) === 0) return;
        for (const precision of coarser(i.precision).filter((p) => Number.isFinite(LOCATION_UNCERTAINTY_KM[p]))) {
          expect(gradeSiteProximity(build(i, precision), site, i.distanceKm)?.grade).toBe('possible');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('moving an incident farther from a site never raises its grade', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, fc.double({ min: 0, max: 300, noNaN: true }), (i, s, extraKm) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        // Along a meridian away from the site, so the true great-circle distance grows with the step.
        const step = (km: number) => {
          const lat = Math.max(-89, Math.min(89, s.lat + (s.lat >= 0 ? -1 : 1) * (km / KM_PER_DEGREE)));
          return { ...build(i, i.precision), location: { lat, lon: s.lon, precision: i.precision } };
        };
        const near = rank(gradeSiteProximity(step(i.distanceKm), site));
        const far = rank(gradeSiteProximity(step(i.distanceKm + extraKm), site));
        expect(far).toBeLessThanOrEqual(near);
      }),
      { numRuns: 5000 },
    );
  });

  it('a record placed to a region, a country or at sea is never probable', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, fc.constantFrom<LocationPrecision>('region', 'country', 'water_or_air'), (i, s, precision) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        expect(gradeSiteProximity(build(i, precision), site, i.distanceKm)?.grade).not.toBe('probable');
      }),
      { numRuns: 2000 },
    );
  });

  it('only an exact location is ever probable, and only within the alert distance plus the extent', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const grade = gradeSiteProximity(build(i, i.precision), site, i.distanceKm);
        if (grade?.grade === 'probable') {
          expect(i.precision).toBe('exact');
          expect(i.distanceKm).toBeLessThanOrEqual(SITE_ALERT_DISTANCE_KM[s.category] + s.radiusKm);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
