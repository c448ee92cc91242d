import type { RuleDefinition, RuleSetVersion } from '../assessment.js';
import { AUTONOMY_RULE_SET, AUTONOMY_RULES } from './autonomy.rules.js';
import { HUMAN_SECURITY_RULE_SET, HUMAN_SECURITY_RULES } from './human-security.rules.js';
import { IHL_RULE_SET, IHL_RULES } from './ihl.rules.js';
import { LAW_ENFORCEMENT_RULE_SET, LAW_ENFORCEMENT_RULES } from './law-enforcement.rules.js';
import { TREATY_RULE_SET, TREATY_RULES } from './treaty.rules.js';

/** A versioned rule set: the version an assessment records, and the rules it ran. */
export interface RuleSet {
  version: RuleSetVersion;
  rules: readonly RuleDefinition[];
}

export const IHL: RuleSet = { version: IHL_RULE_SET, rules: IHL_RULES };
export const LAW_ENFORCEMENT: RuleSet = { version: LAW_ENFORCEMENT_RULE_SET, rules: LAW_ENFORCEMENT_RULES };
export const HUMAN_SECURITY: RuleSet = { version: HUMAN_SECURITY_RULE_SET, rules: HUMAN_SECURITY_RULES };
export const TREATIES: RuleSet = { version: TREATY_RULE_SET, rules: TREATY_RULES };
export const AUTONOMY: RuleSet = { version: AUTONOMY_RULE_SET, rules: AUTONOMY_RULES };

/** Every built-in rule set, in the order the human-security column runs them. A mission's ROE come on top. */
export const BUILT_IN_RULE_SETS: readonly RuleSet[] = [IHL, LAW_ENFORCEMENT, HUMAN_SECURITY, TREATIES, AUTONOMY];
