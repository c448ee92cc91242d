import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectForIncident, detectHumanitarianSpace, prepareDetection } from '../../../src/core/detection/detect-incidents.js';
import type { DetectionZone } from '../../../src/core/detection/detection-inputs.js';
import { gradeZoneIncident } from '../../../src/core/detection/zone-containment.js';
import { LOCATION_PRECISIONS } from '../../../src/core/taxonomy.js';
import { KM_PER_DEGREE, incidentAt, siteAt, zone } from './detection-fixtures.js';

describe('detection for one incident', () => {
  const context = prepareDetection({
    sites: [siteAt(47, 36.01, 'school', 0, 'school-1'), siteAt(47, 37, 'health_facility', 0, 'clinic-far')],
    zones: [
      zone({ type: 'LineString', coordinates: [[36, 46], [36, 48]] }, { id: 'corridor-1', name: 'Vasylivka – Zaporizhzhia', widthKm: 10 }),
      zone({ type: 'LineString', coordinates: [[36, 46], [36, 48]] }, { id: 'line-1', kind: 'ceasefire_line', widthKm: 10 }),
      zone({ type: 'LineString', coordinates: [[36, 46], [36, 48]] }, { id: 'failed-1', status: 'failed', widthKm: 10 }),
    ],
    agreements: [
      {
        id: 'agreement-1',
        name: 'March truce',
        parties: ['Government of Russia'],
        validFrom: '2022-03-01',
        zoneIds: ['line-1'],
        commitments: [{ code: 'cessation_of_hostilities' }],
      },
    ],
  });

  it('finds the school (possibly hit: shelled nearby, not coded as an attack on it), the corridor in force and the truce violation, each with its key', () => {
    const incident = incidentAt(47, 36, 'exact', {
      id: '00000000-0000-4000-8000-0000000000aa',
      title: 'Shelling of Vasylivka',
      violenceType: 'one_sided',
      actors: [{ name: 'Government of Russia', actorType: 'state_force', role: 'perpetrator' }],
    });
    const found = detectForIncident(incident, context);
    expect(found.map((d) => [d.kind, d.key, d.grade])).toEqual([
      ['protected_site', 'protected_site:00000000-0000-4000-8000-0000000000aa:school-1', 'possible'],
      ['humanitarian_space', 'humanitarian_space:00000000-0000-4000-8000-0000000000aa:corridor-1', 'probable'],
      ['ceasefire_violation', 'ceasefire_violation:00000000-0000-4000-8000-0000000000aa:agreement-1:government of russia:cessation_of_hostilities', 'probable'],
    ]);
    const site = found[0];
    expect(site?.distanceKm).toBeCloseTo(0.01 * KM_PER_DEGREE * Math.cos((47 * Math.PI) / 180), 2);
    expect(site?.summary).toBe(
      'Possible harm to Site school-1 (school): "Shelling of Vasylivka". Violence located exactly, within the 1.0 km alert distance; nothing recorded says the site was harmed.',
    );
    expect(site?.evidence).toMatchObject({ basis: 'violence_nearby', coded: false, text: [], vicinity: false, reachKm: 1, uncertaintyKm: 1, inReach: 1, rank: 1 });
    expect(site?.evidence?.reasons.slice(1)).toEqual(["0.8 km from the incident's point, located exactly (within 1.0 km).", 'The only school in reach.']);
    expect(found[1]?.summary).toBe('Probably inside the humanitarian corridor Vasylivka – Zaporizhzhia while it was in force: "Shelling of Vasylivka".');
    expect(found[2]).toMatchObject({ agreementId: 'agreement-1', party: 'Government of Russia', commitment: 'cessation_of_hostilities', zoneId: 'line-1' });
  });

  it('a region-level record is tied to no site or corridor', () => {
    expect(detectForIncident(incidentAt(47, 36, 'region', { categories: ['attack_on_school'], themes: ['children_and_armed_conflict'] }), context)).toEqual([]);
  });

  it('a corridor that is not in force on the day finds nothing', () => {
    expect(detectForIncident(incidentAt(47, 36, 'exact', { dateEarliest: '2022-04-02', dateLatest: '2022-04-02', violenceType: 'other' }), context)).toEqual([]);
  });
});

describe('humanitarian-space detection over many zones', () => {
  const position = fc.tuple(fc.double({ min: 30, max: 34, noNaN: true }), fc.double({ min: 46, max: 49, noNaN: true }));
  const zoneArbitrary = (id: number) =>
    fc
      .record({
        shape: fc.constantFrom('line', 'point', 'polygon'),
        points: fc.array(position, { minLength: 3, maxLength: 5 }),
        widthKm: fc.double({ min: 0.5, max: 30, noNaN: true }),
        kind: fc.constantFrom('humanitarian_corridor', 'safe_haven', 'ceasefire_line') satisfies fc.Arbitrary<DetectionZone['kind']>,
        status: fc.constantFrom('agreed', 'failed', 'disputed') satisfies fc.Arbitrary<DetectionZone['status']>,
        day: fc.integer({ min: 1, max: 9 }),
      })
      .map(({ shape, points, widthKm, kind, status, day }): DetectionZone =>
        zone(
          shape === 'point'
            ? { type: 'Point', coordinates: points[0]! }
            : shape === 'line'
              ? { type: 'LineString', coordinates: points }
              : { type: 'Polygon', coordinates: [[...points, points[0]!]] },
          { id: `zone-${id}`, kind, status, widthKm, validFrom: `2022-03-0${day}`, validTo: `2022-03-0${day}` },
        ),
      );

  it('finds exactly the zones that grading every zone finds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => zoneArbitrary(i)))),
        fc.array(fc.record({ at: position, precision: fc.constantFrom(...LOCATION_PRECISIONS), day: fc.integer({ min: 1, max: 9 }), span: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 10 }),
        (zones, incidents) => {
          const context = prepareDetection({ sites: [], zones, agreements: [] });
          for (const i of incidents) {
            const incident = incidentAt(i.at[1], i.at[0], i.precision, { dateEarliest: `2022-03-0${i.day}`, dateLatest: `2022-03-0${Math.min(9, i.day + i.span)}` });
            const expected = zones
              .filter((z) => z.kind !== 'ceasefire_line')
              .flatMap((z) => {
                const graded = gradeZoneIncident(incident, z);
                return graded ? [`${z.id}:${graded.grade}`] : [];
              });
            expect(detectHumanitarianSpace(incident, context).map((d) => `${d.zoneId}:${d.grade}`)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
