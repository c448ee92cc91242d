import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCapability, CAPABILITY_RULES, type CapabilityAssessment } from '../../../src/core/capabilities/capability-assessment.js';
import { capabilitySchema, type CapabilityInput } from '../../../src/core/capabilities/capability.schema.js';
import { anyCapability, weaponEngagesPersonsWithoutDecision, weaponWithoutCompletedReview, weaponWithUnknownReview } from '../../support/capability-arbitrary.js';

const reviewed = { status: 'completed', date: '2024-05-02', reviewer: 'Legal adviser, weapons review board', conclusion: 'lawful' } as const;
const system = (input: Partial<CapabilityInput> & Pick<CapabilityInput, 'name'>) =>
  capabilitySchema.parse({ purpose: 'defensive', isWeapon: true, targetTypes: 'objects_only', autonomy: { humanRole: 'human_decides' }, legalReview: reviewed, ...input });
const outcomeOf = (assessment: CapabilityAssessment, ruleId: string) => assessment.findings.find((f) => f.ruleId === ruleId)?.outcome;

/** A close-in weapon system against incoming rockets and missiles: autonomous, objects only, bounded, switchable off. */
const closeInDefence = system({
  name: 'Close-in weapon system',
  autonomy: { humanRole: 'human_supervises', autonomousFunctions: ['search', 'identify', 'track', 'select', 'engage'], predictable: 'yes', humanCanDeactivateInTime: 'yes', parametersSetBy: 'the ship’s weapons officer sets the defended sector and engagement envelope' },
  limits: { duration: 'activated only while a threat is tracked', area: 'a defended sector of 2 km', scale: 'one ship', environment: 'at sea, away from civilian air traffic' },
  seniorReview: { beforeDevelopment: 'yes', beforeFielding: 'yes' },
  dutyHolder: 'the ship’s commanding officer',
  documentationEvidenceId: '0195e1c2-7a3b-7c00-8000-000000000001',
});

describe('a system judged by the texts that govern autonomy and new weapons', () => {
  it('may permit an autonomous defence against objects, bounded and supervised, with every requirement met', () => {
    const assessment = assessCapability(closeInDefence);
    expect(assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    expect(assessment.reasons).toEqual([]);
    expect(assessment.findings.filter((f) => f.outcome !== 'met').map((f) => f.ruleId)).toEqual(['HS-CAP-1']);
    expect(outcomeOf(assessment, 'HS-CAP-1')).toBe('not_applicable');
  });

  it('rules out an autonomous weapon against persons, under the ICRC and under human security, whatever its review', () => {
    const loiteringAgainstPeople = system({ ...closeInDefence, name: 'Loitering munition with person recognition', purpose: 'offensive', targetTypes: 'persons' });
    const assessment = assessCapability(loiteringAgainstPeople);
    expect(assessment.humanSecurity).toBe('cannot_be_permitted');
    expect(outcomeOf(assessment, 'ICRC-2021-2')).toBe('ruled_out');
    expect(outcomeOf(assessment, 'HS-CAP-1')).toBe('ruled_out');
    expect(outcomeOf(assessment, 'API-36')).toBe('met');
  });

  it('rules out under human security a weapon without a completed legal review, though IHL only asks for the review', () => {
    const unreviewed = system({ name: 'Rifle of a new calibre', legalReview: { status: 'in_progress' } });
    const assessment = assessCapability(unreviewed);
    expect(outcomeOf(assessment, 'API-36')).toBe('unmet');
    expect(outcomeOf(assessment, 'HS-CAP-2')).toBe('ruled_out');
    expect(assessment.humanSecurity).toBe('cannot_be_permitted');
    expect(assessment.reasons).toEqual(['HS-CAP-2: Its legal review is not completed.']);
  });

  it('asks for the facts it lacks rather than guessing: an autonomous weapon of unknown predictability', () => {
    const unknown = system({ ...closeInDefence, name: 'Counter-drone interceptor', autonomy: { ...closeInDefence.autonomy, predictable: 'unknown' } });
    const assessment = assessCapability(unknown);
    expect(assessment.humanSecurity).toBe('needs_facts');
    expect(outcomeOf(assessment, 'ICRC-2021-1')).toBe('needs_fact');
  });

  it('names the limits an autonomous weapon lacks, the reviews it did not have, and who answers for it when no one is named', () => {
    const { dutyHolder: _named, ...unnamed } = closeInDefence;
    const unbounded = system({ ...unnamed, name: 'Anti-radiation loitering munition', purpose: 'offensive', limits: { area: 'a 40 km box' }, seniorReview: { beforeDevelopment: 'yes', beforeFielding: 'no' } });
    const assessment = assessCapability(unbounded);
    expect(assessment.findings.find((f) => f.ruleId === 'ICRC-2021-3')!.explanation).toBe('Its limits are not stated: duration, scale, environment.');
    expect(outcomeOf(assessment, 'DODD-3000.09-4')).toBe('unmet');
    expect(assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    expect(assessment.reasons).toEqual([
      'ICRC-2021-3: Its limits are not stated: duration, scale, environment.',
      'DODD-3000.09-4: No senior review before fielding.',
      'UK-MOD-RESPONSIBILITY: Not on record: who is responsible and accountable for its use (the duty holder).',
    ]);
    expect(outcomeOf(assessCapability(closeInDefence), 'UK-MOD-RESPONSIBILITY')).toBe('met');
  });

  it('leaves a system that applies no force to the rules that concern it: none', () => {
    const ambulance = capabilitySchema.parse({ name: 'Armoured ambulance', purpose: 'protective', isWeapon: false, targetTypes: 'none', autonomy: { humanRole: 'human_decides' }, legalReview: { status: 'not_started' } });
    const assessment = assessCapability(ambulance);
    expect(assessment.findings.every((f) => f.outcome === 'not_applicable')).toBe(true);
    expect(assessment.humanSecurity).toBe('may_be_permitted_within_limits');
  });

  it('refuses a record that contradicts itself, naming the field', () => {
    const issues = (input: Record<string, unknown>) => capabilitySchema.safeParse({ name: 'x', purpose: 'defensive', isWeapon: true, targetTypes: 'objects_only', autonomy: { humanRole: 'human_decides' }, legalReview: reviewed, ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ isWeapon: false })).toEqual(['targetTypes: a system that is not a weapon applies force to nothing: choose none']);
    expect(issues({ legalReview: { status: 'completed' } })).toEqual(['legalReview.conclusion: a completed review has a conclusion']);
    expect(issues({ autonomy: { humanRole: 'human_decides', autonomousFunctions: ['select', 'engage'] } })).toEqual(['autonomy.humanRole: a system that selects and engages by itself does not leave each decision to a person']);
  });

  it('never lets human security permit a weapon that engages persons without a person deciding, or lacks a completed review (any system)', () => {
    fc.assert(
      fc.property(anyCapability, (c) => {
        const { humanSecurity, findings } = assessCapability(c);
        expect(findings).toHaveLength(CAPABILITY_RULES.length);
        if (weaponEngagesPersonsWithoutDecision(c) || weaponWithoutCompletedReview(c)) expect(humanSecurity).toBe('cannot_be_permitted');
        if (weaponWithUnknownReview(c)) expect(humanSecurity).not.toBe('may_be_permitted_within_limits');
      }),
    );
  });
});
