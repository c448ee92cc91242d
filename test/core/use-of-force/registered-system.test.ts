import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/use-of-force/assess.js';
import type { Assessment } from '../../../src/core/use-of-force/assessment.js';
import { AUTONOMY_LEVELS, LEGAL_REVIEW_STANDINGS, TRI_STATES, type ForceRequest } from '../../../src/core/use-of-force/force-request.schema.js';
import { registeredSystemOf, registerMeans } from '../../../src/core/use-of-force/registered-system.js';
import { anyCapability, weaponEngagesPersonsWithoutDecision, weaponWithoutCompletedReview, weaponWithUnknownReview } from '../../support/capability-arbitrary.js';
import { loadScenarios } from './scenarios.js';

/**
 * A request that names a registered system is assessed on the register's facts, whatever the request itself says
 * about the system: over random register records and random request entries.
 */
const scenarios = loadScenarios();
const baseOf = (prefix: string) => scenarios.find((s) => s.file.startsWith(prefix))!.request;
// Drones inbound on a camp (an object), and a supervised system aimed at people.
const bases = [baseOf('21-'), baseOf('23-')];
const ID = '0193a1b2-0000-7000-8000-00000000abcd';

const tri = fc.constantFrom(...TRI_STATES);
const requestEntries = fc.record({
  level: fc.constantFrom(...AUTONOMY_LEVELS),
  targetsPeople: tri,
  predictable: tri,
  humanCanIntervene: tri,
  legalReview: fc.constantFrom(...LEGAL_REVIEW_STANDINGS),
});
type Entries = typeof requestEntries extends fc.Arbitrary<infer E> ? E : never;

const naming = (base: ForceRequest, e: Entries): ForceRequest => ({
  ...base,
  means: { ...base.means, capabilityId: ID, legalReview: e.legalReview, autonomy: { level: e.level, targetsPeople: e.targetsPeople, predictable: e.predictable, humanCanIntervene: e.humanCanIntervene } },
});
const verdicts = (a: Assessment) => ({ ihl: [a.ihl.verdict, a.ihl.decisiveRules], humanSecurity: [a.humanSecurity.verdict, a.humanSecurity.decisiveRules] });
const registerEntry = (a: Assessment) => a.humanSecurity.trace.find((e) => e.ruleId === 'ENGINE-REGISTER')!.finding;

describe('a force request naming a registered system', () => {
  it("is assessed on the register's facts: the request's own entries change nothing but the differences shown", () => {
    fc.assert(
      fc.property(anyCapability, fc.constantFrom(...bases), requestEntries, requestEntries, (capability, base, mine, theirs) => {
        const system = registeredSystemOf({ id: ID, version: 4, capability });
        const a = assess(naming(base, mine), { system });
        const b = assess(naming(base, theirs), { system });
        expect(verdicts(a)).toEqual(verdicts(b));
        expect(a.registeredSystem).toEqual(system);

        // The differences are exactly the facts the request stated (not unknown) otherwise than the register.
        const register = registerMeans(system);
        const saysAutonomy = mine.level !== 'human_operated' || [mine.targetsPeople, mine.predictable, mine.humanCanIntervene].some((v) => v !== 'unknown');
        const expected = [
          ...(saysAutonomy && mine.level !== register.autonomy.level ? ['means.autonomy.level'] : []),
          ...(['targetsPeople', 'predictable', 'humanCanIntervene'] as const).filter((k) => mine[k] !== 'unknown' && mine[k] !== register.autonomy[k]).map((k) => `means.autonomy.${k}`),
          ...(mine.legalReview !== 'unknown' && mine.legalReview !== register.legalReview ? ['means.legalReview'] : []),
        ];
        expect(registerEntry(a)).toMatchObject({ outcome: 'satisfied', facts: ['means.capabilityId', ...expected] });
      }),
      { numRuns: 300 },
    );
  });

  it('is never permitted under human security when the system would engage persons without a person deciding, or its review is not completed or not known', () => {
    fc.assert(
      fc.property(anyCapability, fc.constantFrom(...bases), requestEntries, (capability, base, entries) => {
        const a = assess(naming(base, entries), { system: registeredSystemOf({ id: ID, version: 1, capability }) });
        if (weaponEngagesPersonsWithoutDecision(capability) || weaponWithoutCompletedReview(capability)) expect(a.humanSecurity.verdict).toBe('prohibited');
        if (weaponWithUnknownReview(capability)) expect(a.humanSecurity.verdict).not.toMatch(/^permitted/);
      }),
      { numRuns: 300 },
    );
  });

  it('asks for the system when the register could not be read for it, and is not permitted meanwhile', () => {
    const request = naming(bases[0]!, { level: 'human_supervised', targetsPeople: 'no', predictable: 'yes', humanCanIntervene: 'yes', legalReview: 'lawful' });
    for (const options of [{}, { system: registeredSystemOf({ id: 'another-system', version: 1, capability: fc.sample(anyCapability, 1)[0]! }) }]) {
      const a = assess(request, options);
      expect(registerEntry(a)).toMatchObject({ outcome: 'needs_fact', missing: ['means.capabilityId'] });
      expect(a.registeredSystem).toBeNull();
      expect(a.humanSecurity.verdict).toBe('needs_information');
    }
  });
});
