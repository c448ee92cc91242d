import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CapabilityRecord } from '../../src/core/capabilities/capability-api.schema.js';
import { assessCapability } from '../../src/core/capabilities/capability-assessment.js';
import { capabilitySchema, type CapabilityInput } from '../../src/core/capabilities/capability.schema.js';
import { legalReviewText } from '../../web/src/posture/capability-labels.js';
import { issuesUnderCapability, matchesFilter, rowFacts } from '../../web/src/posture/capability-record.js';

/** A record as the API answers it: the docs' example system, changed as a test needs, with its assessment. */
function recordOf(change: (c: CapabilityInput) => CapabilityInput = (c) => c): CapabilityRecord {
  const example = JSON.parse(readFileSync(new URL('../../docs/examples/capabilities/close-in-weapon-system.json', import.meta.url), 'utf8')) as CapabilityInput;
  const capability = capabilitySchema.parse(change(example));
  return { id: 'c1', version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', capability, assessment: assessCapability(capability) };
}

describe('the capability register in the web app', () => {
  it('moves the issues of a refused PUT from under `capability.` to the fields that name them, and leaves the version’s where it is', () => {
    const issues = [
      { path: 'capability.autonomy.humanRole', code: 'custom', message: 'a system that selects and engages by itself does not leave each decision to a person' },
      { path: 'capability', code: 'invalid_type', message: 'is required' },
      { path: 'version', code: 'stale_version', message: 'the record is now at version 3' },
      { path: 'capabilityX', code: 'custom', message: 'not under capability' },
    ];
    expect(issuesUnderCapability(issues)).toEqual([
      { path: 'autonomy.humanRole', code: 'custom', message: issues[0]!.message },
      { path: '', code: 'invalid_type', message: 'is required' },
      issues[2],
      issues[3],
    ]);
    expect(issuesUnderCapability([])).toEqual([]);
  });

  it('filters the list by purpose class and by the human-security verdict the assessment reached', () => {
    const permitted = recordOf();
    const munition = recordOf((c) => ({ ...c, purpose: 'offensive', targetTypes: 'persons', autonomy: { ...c.autonomy, humanRole: 'no_human_in_loop' } }));
    expect(permitted.assessment.humanSecurity).toBe('may_be_permitted_within_limits');
    expect(munition.assessment.humanSecurity).toBe('cannot_be_permitted');
    const shown = (filter: Parameters<typeof matchesFilter>[1]) => [permitted, munition].filter((r) => matchesFilter(r, filter)).map((r) => r.capability.purpose);
    expect(shown({})).toEqual(['defensive', 'offensive']);
    expect(shown({ purpose: 'offensive' })).toEqual(['offensive']);
    expect(shown({ verdict: 'may_be_permitted_within_limits' })).toEqual(['defensive']);
    expect(shown({ purpose: 'defensive', verdict: 'cannot_be_permitted' })).toEqual([]);
  });

  it('says in a row what the system is for, who decides, against what, its legal review and how many are held', () => {
    expect(rowFacts(recordOf())).toBe('Defensive · A person supervises and can intervene · against objects only · legal review completed: lawful · 4 held');
    const sensor = recordOf((c) => ({ ...c, purpose: 'dual_use', isWeapon: false, targetTypes: 'none', quantity: undefined, autonomy: { ...c.autonomy, humanRole: 'human_decides', autonomousFunctions: ['search', 'track'] } }));
    expect(rowFacts(sensor)).toBe('Dual-use · A person decides each use · not a weapon');
    expect(legalReviewText({ status: 'in_progress' })).toBe('In progress');
    expect(legalReviewText({ status: 'completed', conclusion: 'lawful_with_restrictions' })).toBe('Completed: lawful within restrictions');
  });
});
