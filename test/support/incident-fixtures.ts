import type { IncidentInput } from '../../src/core/incident.schema.js';

/** A complete, valid incident; tests change one thing at a time. */
export const validIncident = (): IncidentInput => ({
  title: 'Shelling of the central market',
  dateEarliest: '2024-03-01',
  dateLatest: '2024-03-02',
  datePrecision: 'days',
  location: { lat: 11.85, lon: 13.16, precision: 'exact', country: 'NGA', admin1: 'Borno' },
  themes: ['protection_of_civilians', 'children_and_armed_conflict'],
  categories: ['killing', 'attack_on_school'],
  violenceType: 'one_sided',
  actors: [{ name: 'Armed group X', actorType: 'non_state_armed_group', role: 'perpetrator' }],
  casualties: [
    {
      kind: 'killed',
      status: 'civilian',
      low: 3,
      best: 5,
      high: 9,
      breakdown: [
        { sex: 'female', ageGroup: 'child', low: 1, best: 2, high: 2 },
        { sex: 'male', ageGroup: 'adult', low: 2, best: 3, high: 4 },
      ],
    },
    { kind: 'killed', status: 'opposing_force', best: 2 },
  ],
  sources: [{ ref: 'S1', sourceType: 'media', description: 'Local radio report', reliability: 'B', credibility: 2 }],
});
