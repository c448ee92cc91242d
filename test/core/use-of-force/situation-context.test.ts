import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/use-of-force/assess.js';
import type { SituationContext } from '../../../src/core/use-of-force/situation-context.js';
import { loadScenarios } from './scenarios.js';

const scenario = (file: string) => loadScenarios().find((s) => s.file === file)!;

const context = (sites: SituationContext['protectedSites']['sites'], available = true): SituationContext => ({
  asOf: '2026-11-20',
  radiusKm: 10,
  sinceDays: 90,
  recentIncidents: {
    count: 3,
    killed: { low: 4, best: 6, high: 9 },
    civilianKilled: { low: 2, best: 4, high: 6 },
    childrenKilledOrInjured: 2,
    nearest: [],
  },
  protectedSites: { available, sites },
});
const hospital = { id: 'h1', name: 'Kalma clinic', category: 'hospital', distanceKm: 0.4 };

describe('the register brought to bear on a request', () => {
  const base = scenario('09-mccann-operation-planned-for-arrest.json');

  it('without a location nothing from the register applies, and the verdicts are those of the facts alone', () => {
    const a = assess(base.request);
    expect(a.situationContext).toBeNull();
    expect(a.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-CONTEXT')?.finding.outcome).toBe('not_applicable');
  });

  it('reads the history of harm without deciding on it, and says when no site register is connected', () => {
    const a = assess(base.request, { context: context([], false) });
    const entry = a.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-CONTEXT')!;
    expect(entry.finding.outcome).toBe('satisfied');
    expect(entry.finding.reason).toMatch(/3 incidents within 10 km .* 6 \(4–9\) killed, 4 \(2–6\) of them civilians, 2 children/);
    expect(entry.finding.reason).toMatch(/No register of protected sites/);
    expect(a.humanSecurity.verdict).toBe(assess(base.request).humanSecurity.verdict);
  });

  it('asks to confirm "no damage to civilian objects" when a protected site is close to the target', () => {
    const request = { ...base.request, expectedEffects: { ...base.request.expectedEffects, civilianObjectDamage: 'none' as const } };
    const a = assess(request, { context: context([hospital]) });
    for (const column of [a.ihl, a.humanSecurity]) {
      expect(column.verdict).toBe('needs_information');
      expect(column.missingFacts).toContain('expectedEffects.civilianObjectDamage');
    }
    expect(a.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-CONTEXT')!.finding.reason).toContain('Kalma clinic (hospital, 400 m)');
  });

  it('otherwise makes keeping the sites out of the effects a condition, and ignores sites beyond a kilometre', () => {
    const request = { ...base.request, expectedEffects: { ...base.request.expectedEffects, civilianObjectDamage: 'minor' as const } };
    const near = assess(request, { context: context([hospital]) });
    expect(near.humanSecurity.conditions.join(' ')).toContain('Kalma clinic');
    const far = assess(request, { context: context([{ ...hospital, distanceKm: 3 }]) });
    expect(far.humanSecurity.conditions.join(' ')).not.toContain('Kalma clinic');
  });
});
