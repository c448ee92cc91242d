import type { RuleDefinition, RuleSetVersion } from '../assessment.js';
import type { WeaponClass } from '../force-request.schema.js';
import { HOSTILITIES_PURPOSES } from '../purposes.js';
import { conditional, exception, isChild, needsFact, notApplicable, personTarget, prohibits, satisfied, unknownPaths } from '../rule-helpers.js';

/**
 * The treaties that constrain means — the "human-security treaties" of shared/domain/use-of-force.md. The
 * human-security column applies them whatever the target; marks are as the domain reference gives them, M where it
 * gives none.
 */
export const TREATY_RULE_SET: RuleSetVersion = {
  id: 'treaties',
  version: '2026.11',
  date: '2026-11-26',
  title: 'Treaties constraining means: Ottawa, Cluster Munitions, CCW Protocols III and IV, Chemical and Biological Weapons Conventions, CRC Optional Protocol',
};

const treaty = { ruleSet: 'treaties' } as const;

function banned(id: string, source: string, scope: RuleDefinition['scope'], verification: 'V' | 'M', statement: string, weapon: WeaponClass, reason: string): RuleDefinition {
  return {
    ...treaty,
    id,
    source,
    scope,
    statement,
    verification,
    evaluate(r) {
      if (r.means.weapon !== weapon) return notApplicable(`The means is not ${weapon.replaceAll('_', ' ')}.`);
      return prohibits(reason, ['means.weapon']);
    },
  };
}

export const TREATY_RULES: readonly RuleDefinition[] = [
  banned(
    'OTTAWA-1',
    'Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines and on their Destruction (Ottawa, 1997), Art. 1',
    'all',
    'M',
    'Anti-personnel mines may never be used, stockpiled or transferred, under any circumstances.',
    'anti_personnel_mine',
    'Anti-personnel mines are prohibited, whatever the target.',
  ),
  {
    ...treaty,
    id: 'CCM-1',
    source: 'Convention on Cluster Munitions (2008), Art. 1; the definition and its exclusion in Art. 2(2)',
    scope: 'all',
    statement:
      'Cluster munitions — munitions dispersing or releasing explosive submunitions each weighing less than 20 kg — may never be used, whatever the target.',
    verification: 'V',
    evaluate(r) {
      if (r.means.weapon !== 'cluster_munition') return notApplicable('The means is not a cluster munition.');
      const excluded = (accepted: boolean, reason: string) =>
        exception(
          'CCM-2(2)(c)',
          'Excluded from the definition: a munition meeting all five criteria — fewer than 10 submunitions, each over 4 kg, each aimed at a single target object, each with electronic self-destruction and electronic self-deactivation',
          accepted,
          reason,
        );
      switch (r.means.meetsClusterExclusionCriteria) {
        case 'yes':
          return satisfied('The munition meets all five exclusion criteria: it is not a cluster munition in the Convention’s sense.', ['means.meetsClusterExclusionCriteria'], {
            exception: excluded(true, 'The request says all five criteria are met.'),
          });
        case 'no':
          return prohibits('Cluster munitions are prohibited, whatever the target.', ['means.weapon', 'means.meetsClusterExclusionCriteria'], {
            exception: excluded(false, 'The request says the five criteria are not all met.'),
          });
        case 'unknown':
          return prohibits('Cluster munitions are prohibited, whatever the target; that a munition meets the five exclusion criteria is for the user to show, and it is not shown.', ['means.weapon', 'means.meetsClusterExclusionCriteria'], {
            exception: excluded(false, 'Not shown: the exclusion is the user\'s to establish, and unknown is not established.'),
          });
      }
    },
  },
  {
    ...treaty,
    id: 'CCW-III-2',
    source: 'Convention on Certain Conventional Weapons, Protocol III (incendiary weapons), Art. 2',
    scope: 'armed_conflict',
    statement: 'Incendiary weapons may never be used to attack civilians; air-delivered incendiary weapons may not be used against a military objective within a concentration of civilians.',
    verification: 'M',
    evaluate(r) {
      if (r.means.weapon !== 'incendiary') return notApplicable('The means is not an incendiary weapon.');
      const person = personTarget(r);
      if (person && (person.status === 'civilian' || person.status === 'child')) return prohibits('An incendiary attack on civilians.', ['means.weapon', 'target.status']);
      const { airDelivered: air } = r.means;
      const { populatedArea: populated } = r.expectedEffects;
      if (air === 'yes' && populated === 'yes') {
        return prohibits('Air-delivered incendiary weapons against an objective within a concentration of civilians.', ['means.airDelivered', 'expectedEffects.populatedArea']);
      }
      const missing = [
        ...(person?.status === 'unknown' ? ['target.status'] : []),
        ...(air !== 'no' && populated !== 'no' ? unknownPaths([[air, 'means.airDelivered'], [populated, 'expectedEffects.populatedArea']]) : []),
      ];
      if (missing.length > 0) return needsFact('Whether the incendiary attack is on civilians, or air-delivered into a concentration of civilians, is unknown.', missing);
      return satisfied('Not against civilians, and not air-delivered into a concentration of civilians.', ['means.airDelivered', 'expectedEffects.populatedArea', 'target.status']);
    },
  },
  banned(
    'CCW-IV-1',
    'Convention on Certain Conventional Weapons, Protocol IV (blinding laser weapons), Art. 1',
    'armed_conflict',
    'V',
    'Laser weapons specifically designed to cause permanent blindness to unenhanced vision may not be used.',
    'blinding_laser',
    'Blinding laser weapons are prohibited.',
  ),
  {
    ...treaty,
    id: 'CWC-I(5)',
    source: 'Chemical Weapons Convention (1993), Art. I(5)',
    scope: 'all',
    statement: 'Riot-control agents may not be used as a method of warfare.',
    verification: 'M',
    evaluate(r) {
      if (r.means.weapon !== 'riot_control_agent') return notApplicable('The means is not a riot-control agent.');
      if (HOSTILITIES_PURPOSES.includes(r.purpose)) {
        return prohibits('Riot-control agents used to take or neutralise a military objective are a method of warfare, whatever paradigm is applied to the rest.', ['means.weapon', 'purpose'], {
          exception: exception('CWC-law-enforcement', 'Law enforcement, including riot control, is a purpose the Convention does not prohibit [M]', false, 'The purpose is an attack, not policing.'),
        });
      }
      return satisfied('Riot-control agents used to protect life or to police are not a method of warfare; the law-enforcement rules judge their use.', ['means.weapon', 'purpose'], {
        exception: exception('CWC-law-enforcement', 'Law enforcement, including riot control, is a purpose the Convention does not prohibit [M]', true, 'The purpose is not an attack.'),
      });
    },
  },
  banned(
    'CWC-I',
    'Chemical Weapons Convention (1993), Art. I',
    'all',
    'M',
    'Chemical weapons may never be developed, produced, stockpiled or used, under any circumstances.',
    'chemical_weapon',
    'Chemical weapons are prohibited under any circumstances.',
  ),
  banned(
    'BWC-I',
    'Biological Weapons Convention (1972), Art. I',
    'all',
    'M',
    'Biological weapons may never be developed, produced, stockpiled, acquired or retained — so a force has none to use.',
    'biological_weapon',
    'Biological weapons are prohibited under any circumstances.',
  ),
  {
    ...treaty,
    id: 'CRC-OPAC',
    source: 'Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict (2000)',
    scope: 'armed_conflict',
    statement:
      'No child under 18 takes a direct part in hostilities, and armed groups must never recruit or use children under 18; under human security a child fighter is a victim first.',
    verification: 'M',
    evaluate(r) {
      if (isChild(r) !== 'yes') return notApplicable('The target is not stated to be a child.');
      return conditional(
        'The target is a child: whatever they are doing, a victim first.',
        "Treat the child as a victim first: prefer capture and hand-over to child-protection actors; any force only under the strictly-unavoidable test, with the child's death counted",
        ['target.status', 'target.child'],
      );
    },
  },
];
