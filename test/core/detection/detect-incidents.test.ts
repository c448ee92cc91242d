import { describe, expect, it } from 'vitest';
import { detectForIncident, prepareDetection } from '../../../src/core/detection/detect-incidents.js';
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

  it('finds the school, the corridor in force and the truce violation, each with its idempotency key', () => {
    const incident = incidentAt(47, 36, 'exact', {
      id: '00000000-0000-4000-8000-0000000000aa',
      title: 'Shelling of Vasylivka',
      violenceType: 'one_sided',
      actors: [{ name: 'Government of Russia', actorType: 'state_force', role: 'perpetrator' }],
    });
    const found = detectForIncident(incident, context);
    expect(found.map((d) => [d.kind, d.key, d.grade])).toEqual([
      ['protected_site', 'protected_site:00000000-0000-4000-8000-0000000000aa:school-1', 'probable'],
      ['humanitarian_space', 'humanitarian_space:00000000-0000-4000-8000-0000000000aa:corridor-1', 'probable'],
      ['ceasefire_violation', 'ceasefire_violation:00000000-0000-4000-8000-0000000000aa:agreement-1:government of russia:cessation_of_hostilities', 'probable'],
    ]);
    const site = found[0];
    expect(site?.distanceKm).toBeCloseTo(0.01 * KM_PER_DEGREE * Math.cos((47 * Math.PI) / 180), 2);
    expect(site?.summary).toBe('Probable attack on or near Site school-1 (school): "Shelling of Vasylivka" was 0.8 km from it, located exactly.');
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
