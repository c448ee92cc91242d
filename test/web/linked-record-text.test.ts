import { describe, expect, it } from 'vitest';
import { evidenceLine, incidentFactsOf, incidentLine } from '../../web/src/cases/linked-record-text.js';
import { validIncident } from '../support/incident-fixtures.js';

describe('the line that tells a linked record from others like it', () => {
  const facts = { dateEarliest: '2024-03-01', dateLatest: '2024-03-02', country: 'NGA', place: 'Gwoza', violenceType: 'one_sided', killedBest: 5 };

  it('says when, where, what kind of violence and how many were killed', () => {
    expect(incidentLine(facts)).toBe('2024-03-01 – 2024-03-02 · Gwoza, Nigeria · One-sided (against civilians) · 5 killed');
    expect(incidentLine({ ...facts, dateLatest: '2024-03-01', place: null, killedBest: 0 })).toBe('2024-03-01 · Nigeria · One-sided (against civilians) · no one killed');
  });

  it('leaves out what is not known', () => {
    expect(incidentLine({ dateEarliest: null, dateLatest: null, country: null, place: null, violenceType: null, killedBest: null })).toBe('');
    expect(incidentLine({ ...facts, violenceType: null, killedBest: null })).toBe('2024-03-01 – 2024-03-02 · Gwoza, Nigeria');
  });

  it('reads an incident of the register: the place name, else the administrative levels', () => {
    const incident = { ...validIncident(), violenceType: 'state_based' as const, killed: { low: 1, best: 1234, high: 2000 } };
    expect(incidentFactsOf(incident)).toEqual({ dateEarliest: '2024-03-01', dateLatest: '2024-03-02', country: 'NGA', place: 'Borno', violenceType: 'state_based', killedBest: 1234 });
    expect(incidentLine(incidentFactsOf({ ...incident, location: { ...incident.location, admin2: 'Gwoza LGA', placeName: 'Pulka' } }))).toContain('Pulka, Nigeria · State-based · 1,234 killed');
  });

  it('says an evidence item’s kind, when it was received and what it is, a long description cut', () => {
    expect(evidenceLine({ kind: 'document', receivedAt: '2026-12-06T15:40:00.000Z', description: 'Trader’s account' })).toBe('Document · received 6 Dec 2026, 15:40 UTC · Trader’s account');
    const long = evidenceLine({ kind: 'photo', receivedAt: null, description: 'x'.repeat(200) });
    expect(long.startsWith('Photo · xxx')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
    expect(long.length).toBeLessThan(100);
    expect(evidenceLine({ kind: null, receivedAt: null, description: '  ' })).toBe('');
  });
});
