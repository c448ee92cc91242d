import { describe, expect, it } from 'vitest';
import { forceRequestFigures } from '../../../src/core/analytics/force-request-figures.js';
import { holdingsIn, type HeldSystem } from '../../../src/core/capabilities/posture-balance.js';
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
    for (const id of ['ceasefire_adherence', 'ceasefire_violations', 'protective_purpose_share', 'defensive_means_share', 'less_lethal_means_share', 'defensive_share_of_holdings', 'civilian_approval_share', 'emergency_uses_of_force', 'arrests_versus_killings']) {
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

  it('lists the defensive posture’s measures, the register’s holdings last', () => {
    const card = principlesScorecard(base);
    expect(card.principles.find((p) => p.id === 'defensive_posture')!.measures.map((m) => m.id)).toEqual(['protective_purpose_share', 'defensive_means_share', 'less_lethal_means_share', 'defensive_share_of_holdings']);
  });

  it('gives the defensive and protective share of the register’s holdings in the period’s last year, naming its source and the systems without a quantity', () => {
    const systems: HeldSystem[] = [
      { name: 'Air defence battery', purpose: 'defensive', quantity: 6 },
      { name: 'Military police company', purpose: 'protective', quantity: 2 },
      { name: 'Engineer company (UN)', purpose: 'peace_operations', quantity: 1 },
      { name: 'Strike aircraft', purpose: 'offensive', quantity: 8 },
      { name: 'Retired bombers', purpose: 'nuclear', quantity: 12, inService: { to: 2020 } },
      { name: 'Reconnaissance drone', purpose: 'dual_use', quantity: 3 },
      { name: 'Counter-drone jammer', purpose: 'defensive' },
    ];
    const card = principlesScorecard({ ...base, holdings: { year: 2024, registered: systems.length, holdings: holdingsIn(systems, 2024) } });
    const m = measure(card, 'defensive_share_of_holdings');
    expect(m).toMatchObject({ label: 'Defensive and protective share of holdings (capability register)', unit: 'share', better: 'higher' });
    // 6 + 2 + 1 of 6 + 2 + 1 + 8 + 3 units: the bombers left service before 2024, the jammer has no quantity.
    expect(m.value).toBeCloseTo(9 / 20);
    expect(m.note).toContain('source: the capability register, systems in service in 2024: 9 of 20 unit(s)');
    expect(m.note).toContain('1 system(s) in service without a quantity not counted (Counter-drone jammer)');
  });

  it('shows the holdings as no data when the register holds no quantities, or nothing', () => {
    const noQuantities: HeldSystem[] = [{ name: 'Counter-drone jammer', purpose: 'defensive' }];
    const unquantified = measure(principlesScorecard({ ...base, holdings: { year: 2024, registered: 1, holdings: holdingsIn(noQuantities, 2024) } }), 'defensive_share_of_holdings');
    expect(unquantified.value).toBeNull();
    expect(unquantified.note).toMatch(/^no data: the capability register holds no quantities for systems in service in 2024 \(1 of 1 system\(s\) in service; 1 system\(s\) in service without a quantity/);
    const empty = measure(principlesScorecard({ ...base, holdings: { year: 2024, registered: 0, holdings: holdingsIn([], 2024) } }), 'defensive_share_of_holdings');
    expect(empty).toMatchObject({ value: null, note: 'no data: the capability register holds no systems' });
    const unreadable = measure(principlesScorecard({ ...base, holdingsUnavailable: 'reading the capability register needs the posture:read permission' }), 'defensive_share_of_holdings');
    expect(unreadable.note).toBe('no data: reading the capability register needs the posture:read permission');
  });

  it('calls a change of a tenth or less steady', () => {
    expect([trendOf(110, 100), trendOf(111, 100), trendOf(89, 100), trendOf(0, 0), trendOf(1, 0)]).toEqual(['steady', 'rising', 'falling', 'steady', 'rising']);
  });
});
