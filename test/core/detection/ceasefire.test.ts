import { describe, expect, it } from 'vitest';
import { ceasefireAdherence } from '../../../src/core/detection/ceasefire-adherence.js';
import { breaksCommitment, ceasefireViolations, normalisePartyName, summariseCeasefireViolations } from '../../../src/core/detection/ceasefire.js';
import type { DetectionAgreement, DetectionIncident } from '../../../src/core/detection/detection-inputs.js';
import { incidentAt, zone } from './detection-fixtures.js';

const agreement: DetectionAgreement = {
  id: 'agreement-1',
  name: 'Local ceasefire of Avdiivka',
  parties: ['Government of Ukraine', 'DPR'],
  partyAliases: { DPR: ["Donetsk People's Republic"] },
  validFrom: '2022-03-01',
  validTo: '2022-03-31',
  zoneIds: [],
  commitments: [
    { code: 'cessation_of_hostilities', description: 'No firing' },
    { code: 'humanitarian_access', description: 'Let convoys through' },
    { code: 'heavy_weapons_withdrawal', description: 'Artillery 15 km back', distanceKm: 15 },
  ],
};

const shelling = (extra: Partial<DetectionIncident> = {}) =>
  incidentAt(48.14, 37.75, 'exact', {
    id: '00000000-0000-4000-8000-00000000000a',
    violenceType: 'one_sided',
    categories: ['killing'],
    themes: ['protection_of_civilians'],
    actors: [
      { name: 'Donetsk People’s Republic', actorType: 'non_state_armed_group', role: 'perpetrator' },
      { name: 'Civilians', actorType: 'civilians', role: 'target' },
    ],
    ...extra,
  });

describe('party names', () => {
  it('ignore case, accents, punctuation and a leading "the"', () => {
    expect(normalisePartyName('The Government of  Ukraine.')).toBe('government of ukraine');
    expect(normalisePartyName('Forces Armées de la République')).toBe('forces armees de la republique');
    expect(normalisePartyName("Donetsk People's Republic")).toBe(normalisePartyName('DONETSK PEOPLE’S REPUBLIC'));
  });
});

describe('ceasefire violations', () => {
  it('a perpetrator named by an alias is a probable violation of the cessation of hostilities, filed under the party', () => {
    expect(ceasefireViolations(shelling(), agreement, new Map())).toEqual([
      {
        agreementId: 'agreement-1',
        party: 'DPR',
        commitment: 'cessation_of_hostilities',
        grade: 'probable',
        attribution: 'perpetrator',
        incidentId: '00000000-0000-4000-8000-00000000000a',
        date: '2022-03-05',
      },
    ]);
  });

  it('the target of an attack has not violated anything', () => {
    const attacked = shelling({ actors: [{ name: 'Government of Ukraine', actorType: 'state_force', role: 'target' }] });
    expect(ceasefireViolations(attacked, agreement, new Map())).toEqual([]);
  });

  it('both sides of a clash are possible violators: the record does not say who fired first', () => {
    const clash = shelling({
      violenceType: 'state_based',
      actors: [
        { name: 'Government of Ukraine', actorType: 'state_force', role: 'other' },
        { name: 'DPR', actorType: 'non_state_armed_group', role: 'other' },
      ],
    });
    const found = ceasefireViolations(clash, agreement, new Map());
    expect(found.map((v) => `${v.party}:${v.grade}:${v.attribution}`).sort()).toEqual(['DPR:possible:party_to_clash', 'Government of Ukraine:possible:party_to_clash']);
  });

  it('blocking a convoy breaks humanitarian access, and the cessation of hostilities only if violent', () => {
    const blocked = shelling({ violenceType: 'other', categories: ['denial_of_humanitarian_access'], themes: ['humanitarian_space'] });
    expect(ceasefireViolations(blocked, agreement, new Map()).map((v) => v.commitment)).toEqual(['humanitarian_access']);
    const attacked = shelling({ categories: ['attack_on_convoy'], themes: ['humanitarian_space'] });
    expect(ceasefireViolations(attacked, agreement, new Map()).map((v) => v.commitment)).toEqual(['cessation_of_hostilities', 'humanitarian_access']);
    expect(breaksCommitment(attacked, 'heavy_weapons_withdrawal')).toBe(false);
  });

  it('outside the validity nothing; straddling its end, possible', () => {
    expect(ceasefireViolations(shelling({ dateEarliest: '2022-04-01', dateLatest: '2022-04-01' }), agreement, new Map())).toEqual([]);
    expect(ceasefireViolations(shelling({ dateEarliest: '2022-03-30', dateLatest: '2022-04-02' }), agreement, new Map())[0]?.grade).toBe('possible');
  });

  it("with zones, only inside one of them, graded by the incident's placement", () => {
    const line = zone({ type: 'LineString', coordinates: [[37.7, 48.0], [37.7, 48.3]] }, { id: 'line-1', kind: 'ceasefire_line', widthKm: 10 });
    const zoned = { ...agreement, zoneIds: ['line-1', 'missing-zone'] };
    const zones = new Map([['line-1', line]]);
    const inside = ceasefireViolations(shelling(), zoned, zones);
    expect(inside.map((v) => `${v.grade}:${v.zoneId}`)).toEqual(['probable:line-1']);
    expect(ceasefireViolations(shelling({ location: { lat: 48.14, lon: 38.5, precision: 'exact' } }), zoned, zones)).toEqual([]);
    expect(ceasefireViolations(shelling({ location: { lat: 48.14, lon: 37.75, precision: 'admin2' } }), zoned, zones)[0]?.grade).toBe('possible');
  });

  it('a country-level record by a bound party still violates an agreement that applies everywhere', () => {
    expect(ceasefireViolations(shelling({ location: { lat: 49, lon: 31, precision: 'country' } }), agreement, new Map())[0]?.grade).toBe('probable');
  });
});

describe('violations summarised per party, commitment and month', () => {
  it('counts incidents once, lists every party, and names who broke it first', () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const violations = [
      ...ceasefireViolations(shelling({ id: id(1), dateEarliest: '2022-03-04', dateLatest: '2022-03-04' }), agreement, new Map()),
      ...ceasefireViolations(shelling({ id: id(2), dateEarliest: '2022-03-20', dateLatest: '2022-03-20' }), agreement, new Map()),
      // A clash two days earlier: possible for both sides, so it does not decide who broke it first.
      ...ceasefireViolations(
        shelling({
          id: id(3),
          violenceType: 'state_based',
          dateEarliest: '2022-03-02',
          dateLatest: '2022-03-02',
          actors: [
            { name: 'Government of Ukraine', actorType: 'state_force', role: 'other' },
            { name: 'DPR', actorType: 'non_state_armed_group', role: 'other' },
          ],
        }),
        agreement,
        new Map(),
      ),
    ];
    const summary = summariseCeasefireViolations(agreement, [...violations, ...violations]);
    expect(summary.first).toEqual({ date: '2022-03-04', parties: ['DPR'], incidentIds: [id(1)], grade: 'probable' });
    const dpr = summary.parties.find((p) => p.party === 'DPR');
    expect(dpr).toMatchObject({ total: 3, probable: 2, commitments: [{ commitment: 'cessation_of_hostilities', total: 3, months: [{ month: '2022-03', count: 3, probable: 2 }] }] });
    expect(dpr?.first).toEqual({ date: '2022-03-04', parties: ['DPR'], incidentIds: [id(1)], grade: 'probable' });
    const ukraine = summary.parties.find((p) => p.party === 'Government of Ukraine');
    expect(ukraine).toMatchObject({ total: 1, probable: 0 });
    expect(ukraine?.first).toEqual({ date: '2022-03-02', parties: ['Government of Ukraine'], incidentIds: [id(3)], grade: 'possible' });
  });

  it('an agreement nobody broke lists its parties with zeros', () => {
    expect(summariseCeasefireViolations(agreement, [])).toEqual({
      agreementId: 'agreement-1',
      parties: [
        { party: 'Government of Ukraine', total: 0, probable: 0, commitments: [] },
        { party: 'DPR', total: 0, probable: 0, commitments: [] },
      ],
    });
  });
});

describe('ceasefire adherence over a period', () => {
  const v = (agreementId: string, incidentId: string, date: string) => ({ agreementId, party: 'DPR', commitment: 'cessation_of_hostilities' as const, grade: 'possible' as const, incidentId, date });

  it('counts the days in force (union), the violations once per agreement and incident, and the days they fell on', () => {
    const agreements = [
      { id: 'a', validFrom: '2022-03-01', validTo: '2022-03-10' },
      { id: 'b', validFrom: '2022-03-08', validTo: '2022-03-20' },
      { id: 'c', validFrom: '2021-01-01', validTo: '2021-12-31' },
    ];
    const figures = ceasefireAdherence({ from: '2022-03-05', to: '2022-03-14' }, agreements, [
      v('a', 'i1', '2022-03-06'),
      v('a', 'i1', '2022-03-06'),
      v('b', 'i1', '2022-03-06'), // dated from before b began and found to reach into it: counted on b's first day, 8 March
      v('b', 'i2', '2022-03-09'),
      v('a', 'i3', '2022-03-01'), // earlier than the period: moved to its first day
      v('b', 'i4', '2022-03-18'), // after the period
      v('c', 'i5', '2021-06-01'),
    ]);
    // a: 5–10 March (6 days), b: 8–14 March: the union is 5–14 March, 10 days.
    expect(figures).toEqual({ agreementsInForce: 2, violations: 4, daysInForce: 10, daysWithViolation: 4 });
  });

  it('is all zeros with no agreement in force', () => {
    expect(ceasefireAdherence({ from: '2022-01-01', to: '2022-01-31' }, [], [])).toEqual({ agreementsInForce: 0, violations: 0, daysInForce: 0, daysWithViolation: 0 });
  });
});
