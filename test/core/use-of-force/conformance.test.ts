import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/use-of-force/assess.js';
import { hasFired, type Assessment, type RegimeAssessment } from '../../../src/core/use-of-force/assessment.js';
import { forceRequestSchema } from '../../../src/core/use-of-force/force-request.schema.js';
import { roeRestrictionSchema } from '../../../src/core/use-of-force/mission-roe.js';
import { BUILT_IN_RULE_SETS } from '../../../src/core/use-of-force/rule-sets/catalogue.js';
import { loadScenarios, type Scenario } from './scenarios.js';

/**
 * The conformance suite: each scenario in test/fixtures/use-of-force is a request (with, sometimes, an ROE card) and
 * the verdicts and rules it must produce. "Fired" means the rule's finding bears on the verdict — it prohibits,
 * attaches a condition, or asks for a fact or a judgement (`hasFired`); `notFired` lists rules that must stay
 * satisfied or not applicable (an exception accepted, a paradigm that excludes them).
 */
const scenarios = loadScenarios();
const assessed = scenarios.map((scenario) => ({
  scenario,
  assessment: assess(scenario.request, { ...(scenario.roe ? { roe: scenario.roe } : {}), ...(scenario.system ? { system: scenario.system } : {}) }),
}));

const firedIds = (a: RegimeAssessment): string[] => a.trace.filter(hasFired).map((e) => e.ruleId);
const columns = (a: Assessment) => ({ ihl: a.ihl, humanSecurity: a.humanSecurity }) as const;

describe('use-of-force conformance scenarios', () => {
  it('has at least 120 scenarios, each named and sourced', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(120);
    for (const s of scenarios) expect(s.source.length, s.file).toBeGreaterThan(5);
  });

  describe.each(assessed)('$scenario.file', ({ scenario, assessment }: { scenario: Scenario; assessment: Assessment }) => {
    it(`${scenario.name}: verdicts`, () => {
      expect({ ihl: assessment.ihl.verdict, humanSecurity: assessment.humanSecurity.verdict }).toEqual({
        ihl: scenario.expect.ihl,
        humanSecurity: scenario.expect.humanSecurity,
      });
    });

    it('fires the rules it names, and not those it excludes', () => {
      for (const [column, regime] of Object.entries(columns(assessment)) as ['ihl' | 'humanSecurity', RegimeAssessment][]) {
        const fired = firedIds(regime);
        for (const id of scenario.expect.fired[column]) expect(fired, `${column} should fire ${id}`).toContain(id);
        for (const id of scenario.expect.notFired?.[column] ?? []) {
          expect(regime.trace.some((e) => e.ruleId === id), `${column} should consider ${id}`).toBe(true);
          expect(fired, `${column} should not fire ${id}`).not.toContain(id);
        }
      }
    });

    it('reads a named system from the register, and names where the request said otherwise', () => {
      const entry = assessment.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-REGISTER');
      expect(assessment.ihl.trace.find((e) => e.ruleId === 'ENGINE-REGISTER')).toEqual(entry);
      if (!scenario.system) {
        expect(entry?.finding.outcome).toBe(scenario.request.means.capabilityId === undefined ? 'not_applicable' : 'needs_fact');
        return;
      }
      expect(assessment.registeredSystem).toEqual(scenario.system);
      expect(entry?.finding).toMatchObject({ outcome: 'satisfied', facts: ['means.capabilityId', ...(scenario.expect.differences ?? [])] });
    });

    it('names the missing facts it expects, and the paradigm', () => {
      for (const column of ['ihl', 'humanSecurity'] as const) {
        for (const path of scenario.expect.missingFacts?.[column] ?? []) expect(assessment[column].missingFacts, `${column} missing ${path}`).toContain(path);
      }
      if (scenario.expect.paradigm) expect(assessment.ihl.paradigm).toBe(scenario.expect.paradigm.ihl);
      expect(assessment.humanSecurity.paradigm).toBe('law_enforcement');
    });
  });

  it('fires every rule of every built-in rule set in at least one scenario', () => {
    const fired = new Set(assessed.flatMap(({ assessment }) => [...firedIds(assessment.ihl), ...firedIds(assessment.humanSecurity)]));
    const never = BUILT_IN_RULE_SETS.flatMap((set) => set.rules.map((rule) => rule.id)).filter((id) => !fired.has(id));
    expect(never).toEqual([]);
  });

  it('fires every kind of ROE restriction in at least one scenario', () => {
    const kinds = roeRestrictionSchema.options.map((option) => option.shape.type.value);
    const firedKinds = new Set(
      assessed.flatMap(({ scenario, assessment }) => {
        const fired = new Set(firedIds(assessment.humanSecurity));
        return (scenario.roe?.series ?? []).flatMap((series) =>
          series.rules.filter((rule) => fired.has(`ROE ${series.number}.${rule.number}`)).map((rule) => rule.restriction.type),
        );
      }),
    );
    expect(kinds.filter((kind) => !firedKinds.has(kind))).toEqual([]);
  });

  it('covers both paradigms, every autonomy level, every specially protected object and every prohibited means', () => {
    const requests = scenarios.map((s) => s.request);
    const paradigms = new Set(assessed.map(({ assessment }) => assessment.ihl.paradigm));
    expect([...paradigms].sort()).toEqual(['conduct_of_hostilities', 'law_enforcement', 'undetermined']);
    expect(new Set(requests.map((r) => r.means.autonomy.level)).size).toBe(3);
    const objects = new Set(requests.map((r) => r.target).filter((t) => t.kind === 'object').map((t) => t.status));
    for (const status of ['medical', 'humanitarian_relief', 'peacekeeping', 'cultural_property', 'dangerous_forces', 'indispensable_to_survival'] as const) {
      expect(objects, status).toContain(status);
    }
    const weapons = new Set(requests.map((r) => r.means.weapon));
    for (const weapon of [
      'anti_personnel_mine',
      'cluster_munition',
      'incendiary',
      'blinding_laser',
      'riot_control_agent',
      'expanding_bullets',
      'chemical_weapon',
      'biological_weapon',
      'poison',
    ] as const) {
      expect(weapons, weapon).toContain(weapon);
    }
  });

  it('records the deaths of every group not estimated, rather than waiting for the estimate (HS-ALL-LIFE)', () => {
    const { assessment } = assessed.find(({ scenario }) => scenario.file.startsWith('96-'))!;
    expect(assessment.expectedDeaths.toRecord).toEqual(['expectedEffects.ownForce.deaths', 'expectedEffects.opposingForce.deaths']);
    expect(assessment.humanSecurity.verdict).toBe('permitted_with_conditions');
    expect(assessment.humanSecurity.conditions.join(' ')).toMatch(/record every death/i);
  });

  it('heads the first column with the law it applies: human rights law where there is no armed conflict', () => {
    for (const { scenario, assessment } of assessed) {
      const conflict = scenario.request.situation.armedConflict;
      expect(assessment.ihl.label, scenario.file).toBe(
        conflict === 'none'
          ? 'International human rights law (no armed conflict)'
          : conflict === 'unknown'
            ? 'International humanitarian law (whether there is an armed conflict is unknown)'
            : 'International humanitarian law',
      );
      expect(assessment.humanSecurity.label).toBe('Human security');
    }
  });

  it('names only missing facts that are real paths into the request', () => {
    const parsed = forceRequestSchema.parse(scenarios[0]!.request);
    const exists = (path: string) =>
      path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' && key in node ? (node as Record<string, unknown>)[key] : undefined), {
        ...parsed,
        // Optional estimates, the treaty list, and the other branch of the target are absent from this request; their paths are real.
        mission: { ...parsed.mission, treatiesBinding: [] },
        means: { ...parsed.means, capabilityId: 'a registered system' },
        target: {
          ...parsed.target,
          child: 'unknown',
          usedForHarmfulActs: 'unknown',
          warningWithTimeLimitUnheeded: 'unknown',
          imperativeMilitaryNecessity: 'unknown',
          atWorksContainingDangerousForces: 'unknown',
          releaseOfDangerousForces: 'unknown',
          specialProtectionCeased: 'unknown',
        },
        expectedEffects: { ...parsed.expectedEffects, civilians: { deaths: 0, injuries: 0 }, ownForce: { deaths: 0 }, opposingForce: { deaths: 0 } },
      }) !== undefined;
    const paths = new Set(assessed.flatMap(({ assessment }) => [...assessment.ihl.missingFacts, ...assessment.humanSecurity.missingFacts]));
    expect([...paths].filter((path) => !exists(path))).toEqual([]);
  });
});
