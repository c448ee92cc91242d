import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULE_SETS } from '../../../src/core/use-of-force/rule-sets/catalogue.js';
import { fingerprintOf, readGolden } from '../../../tools/rule-set-fingerprints.js';

/**
 * A rule set's version names its data and behaviour: the golden file records, for each version, the fingerprint of
 * the rules' data and of the code that decides them. Changing either without bumping the version fails here, so an
 * assessment that names a rule-set version can be re-explained years later by exactly the rules it ran.
 */
const golden = readGolden();

describe('rule-set versions', () => {
  it('lists every built-in rule set in the golden file', () => {
    expect(Object.keys(golden).sort()).toEqual(BUILT_IN_RULE_SETS.map((set) => set.version.id).sort());
  });

  it.each(BUILT_IN_RULE_SETS.map((set) => [set.version.id, set] as const))('%s: its data and behaviour match its version', (id, set) => {
    const now = fingerprintOf(set);
    const expected = golden[id];
    if (expected && now.sha256 !== expected.sha256 && now.version === expected.version) {
      expect.fail(
        `rule set ${id} changed (its data or the code in ${now.code.join(', ')}) but its version is still ${now.version}: ` +
          `bump its version and date in src/core/use-of-force/rule-sets, then update the golden file with npm run rules:golden`,
      );
    }
    if (expected && (now.version !== expected.version || now.date !== expected.date || now.sha256 !== expected.sha256)) {
      expect.fail(`rule set ${id} is now ${now.version} (${now.date}) but the golden file records ${expected.version} (${expected.date}): update it with npm run rules:golden`);
    }
    expect(expected).toBeDefined();
  });

  it('changes the fingerprint when a rule changes, and only then', () => {
    const ihl = BUILT_IN_RULE_SETS.find((set) => set.version.id === 'ihl')!;
    const same = fingerprintOf({ ...ihl, rules: [...ihl.rules] });
    expect(same.sha256).toBe(fingerprintOf(ihl).sha256);
    const [first, ...rest] = ihl.rules;
    const edited = fingerprintOf({ ...ihl, rules: [{ ...first!, statement: `${first!.statement} (edited)` }, ...rest] });
    expect(edited.sha256).not.toBe(same.sha256);
    const remarked = fingerprintOf({ ...ihl, rules: [{ ...first!, verification: 'M', unchecked: 'not checked' }, ...rest] });
    expect(remarked.sha256).not.toBe(same.sha256);
  });
});
