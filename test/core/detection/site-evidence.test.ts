import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTION_SITE_CATEGORIES, type DetectionIncident, type DetectionSite } from '../../../src/core/detection/detection-inputs.js';
import { MAX_LISTED_POSSIBLE_SITES, assessSite, gradeAssessments, incidentSiteFacts, matchSites } from '../../../src/core/detection/site-evidence.js';
import { SHARED_POINT_MIN_INCIDENTS } from '../../../src/core/detection/settlement-point.js';
import { SITE_ALERT_DISTANCE_KM, fitsSiteCategory, gradeRank } from '../../../src/core/detection/site-proximity.js';
import { LOCATION_UNCERTAINTY_KM, isPlaceable } from '../../../src/core/location-uncertainty.js';
import { CATEGORIES, LOCATION_PRECISIONS, VIOLENCE_TYPES, type LocationPrecision } from '../../../src/core/taxonomy.js';
import { KM_PER_DEGREE, incidentAt, siteAt } from './detection-fixtures.js';

const north = (km: number) => 50 + km / KM_PER_DEGREE;
const gradeOf = (incident: DetectionIncident, site: DetectionSite) => matchSites(incident, [site])[0]?.grade;
const schoolAttack = { categories: ['attack_on_school' as const], themes: ['children_and_armed_conflict' as const] };

describe('site detection on a pinned spot (golden cases)', () => {
  const school = siteAt(50, 30, 'school');

  it('a shelling pinned 0.56 km from a school is a possible harm to it; coded as an attack on a school, probable', () => {
    const [match] = matchSites(incidentAt(50.005, 30, 'exact'), [school]);
    expect(match?.grade).toBe('possible');
    expect(match?.basis).toBe('violence_nearby');
    expect(match?.distanceKm).toBeCloseTo(0.005 * KM_PER_DEGREE, 6);
    expect(gradeOf(incidentAt(50.005, 30, 'exact', schoolAttack), school)).toBe('probable');
  });

  it('one uncertainty disc for coded and uncoded incidents: alert 1 km + 1 km for a pin', () => {
    // 1.5 km: inside the disc (2 km) for both; the coded one is probable as the only school in reach.
    expect(gradeOf(incidentAt(north(1.5), 30, 'exact'), school)).toBe('possible');
    expect(gradeOf(incidentAt(north(1.5), 30, 'exact', schoolAttack), school)).toBe('probable');
    // 2.5 km is beyond the disc for both.
    expect(gradeOf(incidentAt(north(2.5), 30, 'exact'), school)).toBeUndefined();
    expect(gradeOf(incidentAt(north(2.5), 30, 'exact', schoolAttack), school)).toBeUndefined();
  });

  it('a district-centroid attack on a school 40 km away is possible, never probable; without that coding nothing', () => {
    expect(gradeOf(incidentAt(north(40), 30, 'admin2', schoolAttack), school)).toBe('possible');
    expect(gradeOf(incidentAt(north(0.1), 30, 'admin2'), school)).toBeUndefined();
    // A province reaches 250 km, plus the 1 km alert distance.
    expect(gradeOf(incidentAt(north(250.5), 30, 'admin1', schoolAttack), school)).toBe('possible');
    expect(gradeOf(incidentAt(north(251.5), 30, 'admin1', schoolAttack), school)).toBeUndefined();
  });

  it('a record placed to a region or a country is never tied to a site, even at the site itself', () => {
    expect(gradeOf(incidentAt(50, 30, 'region', schoolAttack), school)).toBeUndefined();
    expect(gradeOf(incidentAt(50, 30, 'country', schoolAttack), school)).toBeUndefined();
  });

  it("a site's extent adds to its alert distance: 6.5 km from a nuclear station 2 km across its point is probable (AP I art. 56)", () => {
    const plant = siteAt(50, 30, 'nuclear_power_station', 2);
    expect(gradeOf(incidentAt(north(6.5), 30, 'exact'), plant)).toBe('probable');
    // Beyond the alert distance but within the 1 km a pin may be off by: possible.
    expect(gradeOf(incidentAt(north(7.5), 30, 'exact'), plant)).toBe('possible');
    expect(gradeOf(incidentAt(north(8.5), 30, 'exact'), plant)).toBeUndefined();
  });

  it('extortion at a checkpoint next to a school is no attack on it; a death makes it violence nearby', () => {
    const extortion = incidentAt(50.001, 30, 'exact', { violenceType: 'other', categories: ['checkpoint_extortion'], themes: ['building_integrity'] });
    expect(gradeOf(extortion, school)).toBeUndefined();
    expect(gradeOf({ ...extortion, killed: { best: 1 } }, school)).toBe('possible');
  });

  it('cultural property fits incidents by theme as well as category', () => {
    const heritage = siteAt(50, 30, 'cultural_property');
    const themed = incidentAt(north(20), 30, 'within_25km', { themes: ['cultural_property'], violenceType: undefined });
    expect(fitsSiteCategory(themed, 'cultural_property')).toBe(true);
    expect(gradeOf(themed, heritage)).toBe('possible');
    expect(gradeOf(themed, school)).toBeUndefined();
  });
});

describe('gazetteer coincidence: a settlement point is not the spot', () => {
  // Maridi (South Sudan) as UCDP GED codes it: "Maridi town", a facility 0.36 km from the town's point.
  const clinic = siteAt(50, 30, 'health_facility', 0, 'maridi-phcc');
  const townEvent = (extra: Partial<DetectionIncident> = {}) =>
    incidentAt(north(0.36), 30, 'exact', {
      title: 'Government of South Sudan - SPLM/A-IO, Maridi town',
      location: { lat: north(0.36), lon: 30, precision: 'exact', placeName: 'Maridi town' },
      ...extra,
    });

  it('violence at a town point 0.36 km from a clinic, nothing said about the clinic: in the same town, no detection', () => {
    expect(matchSites(townEvent(), [clinic])).toEqual([]);
    // The same coordinates pinned by hand (no settlement named, not shared, entered in Haven) are the spot.
    expect(gradeOf(incidentAt(north(0.36), 30, 'exact'), clinic)).toBe('possible');
  });

  it('a point many incidents share, or a data set that geocodes to settlements, is a settlement point too', () => {
    const shared = incidentAt(north(0.36), 30, 'exact', { pointShare: SHARED_POINT_MIN_INCIDENTS });
    expect(matchSites(shared, [clinic])).toEqual([]);
    expect(gradeOf({ ...shared, pointShare: SHARED_POINT_MIN_INCIDENTS - 1 }, clinic)).toBe('possible');
    expect(matchSites(incidentAt(north(0.36), 30, 'exact', { origin: { dataset: 'ucdp-ged' } }), [clinic])).toEqual([]);
    expect(matchSites(incidentAt(north(0.36), 30, 'exact', { origin: { dataset: 'acled' } }), [clinic])).toEqual([]);
  });

  it('when the text says the clinic was hit, the whole town is in reach: 2.5 km from the point is probable for the only clinic', () => {
    const hit = townEvent({ narrative: 'Shelling hit the hospital in Maridi.', location: { lat: north(2.5), lon: 30, precision: 'exact', placeName: 'Maridi town' } });
    const [match] = matchSites(hit, [clinic]);
    expect(match).toMatchObject({ grade: 'probable', basis: 'evidence', identified: 'only_one_in_reach', inReach: 1 });
    // A town reaches 3 km, plus the 1 km alert distance; a city reaches 10 km.
    expect(match?.uncertaintyKm).toBe(3);
    expect(matchSites({ ...hit, location: { ...hit.location, lat: north(4.5) } }, [clinic])).toEqual([]);
    expect(matchSites({ ...hit, location: { ...hit.location, lat: north(4.5), placeName: 'Maridi city' } }, [clinic])[0]?.grade).toBe('probable');
  });
});

describe('many sites in reach: ranked, never silently dropped', () => {
  // 84 clinics within 1 km of the point, the nearest at 0 km.
  const clinics = Array.from({ length: 84 }, (_, i) => siteAt(north(i * 0.0119), 30, 'health_facility', 0, `clinic-${String(i).padStart(2, '0')}`));

  it('a shelling pinned there lists the nearest ten as possible, each saying 84 were in reach; the one at 0 km first', () => {
    const matches = matchSites(incidentAt(50, 30, 'exact'), clinics);
    expect(matches).toHaveLength(MAX_LISTED_POSSIBLE_SITES);
    expect(matches.map((m) => m.site.id)).toEqual(clinics.slice(0, 10).map((c) => c.id));
    expect(matches.every((m) => m.grade === 'possible' && m.inReach === 84)).toBe(true);
    expect(matches.map((m) => m.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('"an attack on a hospital" among them is not 84 probable hits: ten possible, ranked by distance', () => {
    const coded = incidentAt(50, 30, 'exact', { categories: ['attack_on_hospital'] });
    const matches = matchSites(coded, clinics);
    expect(matches.map((m) => m.grade)).toEqual(Array(10).fill('possible'));
    expect(matches[0]?.site.id).toBe('clinic-00');
  });

  it('the clinic the text names is probable and ranks first, wherever it stands among them', () => {
    const named = clinics.map((c, i) => (i === 50 ? { ...c, name: 'Al-Amal Maternity Hospital' } : c));
    const coded = incidentAt(50, 30, 'exact', { categories: ['attack_on_hospital'], narrative: 'An airstrike hit Al-Amal Maternity Hospital.' });
    const matches = matchSites(coded, named);
    expect(matches[0]).toMatchObject({ grade: 'probable', identified: 'named', rank: 1 });
    expect(matches[0]?.site.id).toBe('clinic-50');
    expect(matches.filter((m) => m.grade === 'possible')).toHaveLength(MAX_LISTED_POSSIBLE_SITES);
  });

  it('the only clinic within its alert distance is singled out among others farther in the disc', () => {
    const near = siteAt(north(0.3), 30, 'health_facility', 0, 'near');
    const far = siteAt(north(1.6), 30, 'health_facility', 0, 'far');
    const matches = matchSites(incidentAt(50, 30, 'exact', { categories: ['attack_on_hospital'] }), [far, near]);
    expect(matches.map((m) => [m.site.id, m.grade, m.identified])).toEqual([
      ['near', 'probable', 'only_one_within_alert_distance'],
      ['far', 'possible', undefined],
    ]);
  });
});

const incidentArbitrary = fc.record({
  precision: fc.constantFrom(...LOCATION_PRECISIONS),
  categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { maxLength: 4 }),
  violenceType: fc.option(fc.constantFrom(...VIOLENCE_TYPES), { nil: undefined }),
  killed: fc.nat(5),
  distanceKm: fc.double({ min: 0, max: 400, noNaN: true }),
  settlement: fc.constantFrom(undefined, 'Kor town', 'Aleppo city'),
});
type IncidentCase = typeof incidentArbitrary extends fc.Arbitrary<infer T> ? T : never;
const siteArbitrary = fc.record({
  category: fc.constantFrom(...DETECTION_SITE_CATEGORIES),
  radiusKm: fc.double({ min: 0, max: 20, noNaN: true }),
  lat: fc.double({ min: -60, max: 60, noNaN: true }),
  lon: fc.double({ min: -179, max: 179, noNaN: true }),
});

const build = (i: IncidentCase, precision: LocationPrecision) =>
  incidentAt(0, 0, precision, {
    categories: i.categories,
    violenceType: i.violenceType,
    killed: { best: i.killed },
    location: { lat: 0, lon: 0, precision, ...(i.settlement && { placeName: i.settlement }) },
  });
/** One incident against one site at a given distance. */
const gradeAt = (incident: DetectionIncident, site: DetectionSite, distanceKm: number) => {
  const facts = incidentSiteFacts(incident);
  const assessment = assessSite(incident, facts, site, distanceKm);
  return gradeRank(assessment ? gradeAssessments(incident, facts, [assessment])[0]!.grade : 'none');
};
const coarser = (p: LocationPrecision) => LOCATION_PRECISIONS.filter((q) => LOCATION_PRECISIONS.indexOf(q) > LOCATION_PRECISIONS.indexOf(p));

describe('site detection (properties)', () => {
  it('lowering precision never makes a hit probable, and never raises a grade beyond possible', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const fine = gradeAt(build(i, i.precision), site, i.distanceKm);
        for (const precision of coarser(i.precision)) {
          const coarse = gradeAt(build(i, precision), site, i.distanceKm);
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
        if (!fitsSiteCategory(fine, site.category) || gradeAt(fine, site, i.distanceKm) === 0) return;
        for (const precision of coarser(i.precision).filter(isPlaceable)) {
          // A city's reach (10 km) is wider than a district's? No: but never let the disc shrink below the finer one's.
          if (LOCATION_UNCERTAINTY_KM[precision] < incidentSiteFacts(fine).uncertaintyKm) continue;
          expect(gradeAt(build(i, precision), site, i.distanceKm)).toBe(gradeRank('possible'));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('moving an incident farther from a site never raises its grade', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, fc.double({ min: 0, max: 300, noNaN: true }), (i, s, extraKm) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const incident = build(i, i.precision);
        expect(gradeAt(incident, site, i.distanceKm + extraKm)).toBeLessThanOrEqual(gradeAt(incident, site, i.distanceKm));
      }),
      { numRuns: 5000 },
    );
  });

  it('without text, only a record placed to a settlement or the spot is ever probable, and only within its disc', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        const site = siteAt(s.lat, s.lon, s.category, s.radiusKm);
        const incident = build(i, i.precision);
        if (gradeAt(incident, site, i.distanceKm) === gradeRank('probable')) {
          expect(i.precision).toBe('exact');
          expect(i.distanceKm).toBeLessThanOrEqual(SITE_ALERT_DISTANCE_KM[s.category] + s.radiusKm + incidentSiteFacts(incident).uncertaintyKm);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a settlement point never ties violence to a site without coding or text about it, not even a dam', () => {
    fc.assert(
      fc.property(incidentArbitrary, siteArbitrary, (i, s) => {
        if (!i.settlement || fitsSiteCategory(build(i, 'exact'), s.category)) return;
        expect(gradeAt(build(i, 'exact'), siteAt(s.lat, s.lon, s.category, s.radiusKm), i.distanceKm)).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
});
