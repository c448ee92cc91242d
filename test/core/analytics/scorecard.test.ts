import { describe, expect, it } from 'vitest';
import { forceRequestFigures } from '../../../src/core/analytics/force-request-figures.js';
import { previousPeriodOf, principlesScorecard, trendOf, type Measure, type ScorecardFigures } from '../../../src/core/analytics/scorecard.js';

const period = { from: '2024-01-01', to: '2024-03-31' };
const base: ScorecardFigures = {
  period,
  previousPeriod: previousPeriodOf(period),
  country: 'NGA',
  incidents: { current: 26, previous: 13 },
  deaths: {
    current: { low: 40, best: 50, high: 70 },
    previous: { low: 55, best: 60, high: 80 },
    byStatus: { civilian: { low: 30, best: 35, high: 50 }, own_force: { low: 1, best: 2, high: 2 }, opposing_force: { low: 9, best: 13, high: 18 } },
  },
};

const measure = (card: ReturnType<typeof principlesScorecard>, id: string): Measure => card.principles.flatMap((p) => p.measures).find((m) => m.id === id)!;

describe('principles scorecard', () => {
  it('has the four principles in order, each with its measures', () => {
    const card = principlesScorecard(base);
    expect(card.principles.map((p) => p.id)).toEqual(['minimise_loss_of_life', 'stability', 'defensive_posture', 'civilian_control_law_based']);
    expect(card.previousPeriod).toEqual({ from: '2023-10-02', to: '2023-12-31' });
  });

  it('counts every side’s dead with its range and trend', () => {
    const card = principlesScorecard(base);
    expect(measure(card, 'deaths_all')).toMatchObject({ value: 50, low: 40, high: 70, previous: 60, trend: 'falling' });
    expect(measure(card, 'deaths_civilian')).toMatchObject({ value: 35, low: 30, high: 50 });
    expect(measure(card, 'deaths_own_and_allied')).toMatchObject({ value: 2 });
    expect(measure(card, 'deaths_opposing_and_combatants')).toMatchObject({ value: 13 });
    expect(measure(card, 'deaths_status_unknown')).toMatchObject({ value: 0 });
  });

  it('shows missing inputs as no data, never as 0', () => {
    const card = principlesScorecard({ ...base, arrestsUnavailable: 'the reader may not see accountability cases' });
    for (const id of ['ceasefire_adherence', 'ceasefire_violations', 'protective_purpose_share', 'defensive_means_share', 'less_lethal_means_share', 'civilian_approval_share', 'emergency_uses_of_force', 'arrests_versus_killings']) {
      expect(measure(card, id).value, id).toBeNull();
      expect(measure(card, id).note, id).toMatch(/^no data/);
    }
    expect(measure(card, 'arrests_versus_killings').note).toContain('accountability cases');
    // No requests made at all is no data too, not a share of 0.
    const none = principlesScorecard({ ...base, forceRequests: forceRequestFigures([]), arrests: { takenAlive: 0, killed: 0 }, ceasefire: { agreementsInForce: 0, violations: 0, daysInForce: 0, daysWithViolation: 0 } });
    for (const id of ['protective_purpose_share', 'civilian_approval_share', 'arrests_versus_killings', 'ceasefire_adherence']) expect(measure(none, id).value, id).toBeNull();
    expect(measure(none, 'emergency_uses_of_force').value).toBe(0);
  });

  it('computes the shares from the figures', () => {
    const forceRequests = forceRequestFigures([
      { purpose: 'protect_civilians_from_imminent_threat', weapon: 'water_cannon', status: 'approved', emergency: false },
      { purpose: 'self_defence', weapon: 'small_arms', status: 'reviewed_after_emergency', emergency: true },
      { purpose: 'neutralise_military_objective', weapon: 'artillery', status: 'rejected', emergency: false },
      { purpose: 'arrest', weapon: 'baton', status: 'authorised', emergency: false },
      { purpose: 'seize_military_objective', weapon: 'air_strike', status: 'awaiting_approval', emergency: false },
    ]);
    expect(forceRequests).toEqual({
      total: 5,
      protectivePurpose: 2,
      defensiveMeans: 3,
      lessLethalMeans: 2,
      approvedByCivilianAuthority: 1,
      rejectedByCivilianAuthority: 1,
      authorisedWithoutApproval: 1,
      awaitingApproval: 1,
      emergencyUses: 1,
    });
    const card = principlesScorecard({ ...base, forceRequests, arrests: { takenAlive: 3, killed: 1 }, ceasefire: { agreementsInForce: 1, violations: 4, daysInForce: 40, daysWithViolation: 3 } });
    expect(measure(card, 'protective_purpose_share').value).toBeCloseTo(2 / 5);
    expect(measure(card, 'defensive_means_share').value).toBeCloseTo(3 / 5);
    expect(measure(card, 'less_lethal_means_share').value).toBeCloseTo(2 / 5);
    expect(measure(card, 'civilian_approval_share').value).toBeCloseTo(1 / 3);
    expect(measure(card, 'emergency_uses_of_force').value).toBe(1);
    expect(measure(card, 'arrests_versus_killings').value).toBeCloseTo(3 / 4);
    expect(measure(card, 'ceasefire_adherence').value).toBeCloseTo(37 / 40);
    expect(measure(card, 'ceasefire_violations').value).toBe(4);
    // 26 incidents in 91 days (13 weeks) against 13 in the 91 days before.
    expect(measure(card, 'incident_rate')).toMatchObject({ value: 2, previous: 1, trend: 'rising' });
  });

  it('calls a change of a tenth or less steady', () => {
    expect([trendOf(110, 100), trendOf(111, 100), trendOf(89, 100), trendOf(0, 0), trendOf(1, 0)]).toEqual(['steady', 'rising', 'falling', 'steady', 'rising']);
  });
});
