import type { RuleDefinition, RuleSetVersion } from '../assessment.js';
import type { WeaponClass } from '../force-request.schema.js';
import { HOSTILITIES_PURPOSES } from '../purposes.js';
import { conditional, exception, isChild, needsFact, notApplicable, personTarget, prohibits, satisfied, unknownPaths } from '../rule-helpers.js';

/**
 * The treaties that constrain means — the "human-security treaties" of docs/use-of-force.md. The human-security
 * column applies them whatever the target. Marks: V where the rule's `quotes` give the passage found in a copy of the source; M where it was not found, with
 * `unchecked` saying precisely what was not checked (docs/use-of-force.md lists both).
 */
export const TREATY_RULE_SET: RuleSetVersion = {
  id: 'treaties',
  version: '2026.12',
  date: '2026-12-06',
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
  {
    ...banned(
      'OTTAWA-1',
      'Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines and on their Destruction (Ottawa, 1997), Art. 1',
      'all',
      'V',
      'Anti-personnel mines may never be used, stockpiled or transferred, under any circumstances.',
      'anti_personnel_mine',
      'Anti-personnel mines are prohibited, whatever the target.',
    ),
    quotes: [
      {
        quote: 'Each State Party undertakes never under any circumstances: (a) to use anti-personnel mines; (b) to develop, produce, otherwise acquire, stockpile, retain or transfer to anyone, directly or indirectly, anti-personnel landmines;',
        at: 'Ottawa Convention (1997), Art. 1(1), as quoted in ICRC, Banning Anti-Personnel Mines: The Ottawa Treaty Explained (1998), section 2.2',
        url: 'https://www.nzdl.org/cgi-bin/library?e=d-00000-00---off-0aedl--00-0----0-10-0---0---0direct-10---4-------0-1l--11-en-50---20-help---00-0-1-00-0-0-11-1-0utfZz-8-00&a=d&c=aedl&cl=CL2.2.6&d=HASHe3388f99ca8a6e2a103f87.4.3.1',
      },
    ],
  },
  {
    ...treaty,
    id: 'CCM-1',
    source: 'Convention on Cluster Munitions (2008), Art. 1; the definition and its exclusion in Art. 2(2)',
    scope: 'all',
    statement:
      'Cluster munitions — munitions dispersing or releasing explosive submunitions each weighing less than 20 kg — may never be used, whatever the target.',
    verification: 'V',
    quotes: [
      {
        quote: 'a conventional munition that is designed to disperse or release explosive submunitions each weighing less than 20 kilograms, and includes those explosive submunitions',
        at: 'Convention on Cluster Munitions (2008), Art. 2(2), as quoted by the Dutch Authority for the Financial Markets',
        url: 'https://www.afm.nl/en/professionals/veelgestelde-vragen/clustermunitie-investeringsverbod/wat-is-clustermunitie',
      },
      {
        quote: 'A munition that, in order to avoid indiscriminate area effects and the risks posed by unexploded submunitions, has all of the following characteristics',
        at: 'Convention on Cluster Munitions, Art. 2(2)(c), the exclusion (its five criteria follow in the same source)',
        url: 'https://www.afm.nl/en/professionals/veelgestelde-vragen/clustermunitie-investeringsverbod/wat-is-clustermunitie',
      },
    ],
    unchecked: 'The wording of Art. 1(1) itself (never under any circumstances to use cluster munitions) was seen only in summaries (clusterconvention.org, mineactionreview.org), not in the text.',
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
    quotes: [
      {
        quote: '(1) Es ist unter allen Umständen verboten, die Zivilbevölkerung als solche, einzelne Zivilpersonen oder zivile Objekte zum Ziel von Angriffen mit Brandwaffen zu machen. (2) Es ist unter allen Umständen verboten, ein innerhalb einer Konzentration von Zivilpersonen gelegenes militärisches Ziel zum Ziel eines Angriffs mit Brandwaffen aus der Luft zu machen.',
        at: 'CCW Protocol III (1980), Art. 2(1)–(2), in the German translation (not an authentic text of the Protocol)',
        url: 'https://vilp.de/compare_article?lid=en&aid=1799&cid=135&bid=protocol_full',
      },
    ],
    unchecked: 'The authentic texts of Protocol III, Art. 2 (English, French, Spanish, Russian, Arabic, Chinese) were not found in the stored copies: its content (no incendiary attack on civilians; no air-delivered incendiaries against a military objective within a concentration of civilians) was checked only against the German translation quoted, and summaries (Wikipedia\'s article on the Protocol; the ICRC Customary IHL Study\'s commentary on Rule 84).',
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
  {
    ...banned(
      'CCW-IV-1',
      'Convention on Certain Conventional Weapons, Protocol IV (blinding laser weapons), Art. 1',
      'armed_conflict',
      'V',
      'Laser weapons specifically designed to cause permanent blindness to unenhanced vision may not be used.',
      'blinding_laser',
      'Blinding laser weapons are prohibited.',
    ),
    quotes: [
      {
        quote: 'It is prohibited to employ laser weapons specifically designed, as their sole combat function or as one of their combat functions, to cause permanent blindness to unenhanced vision, that is to the naked eye or to the eye with corrective eyesight devices.',
        at: 'CCW Protocol IV (1995), Art. 1, as reproduced in Wikipedia\'s article on the Protocol (matching the Italian text published by the University of Padua\'s human rights centre)',
        url: 'https://en.wikipedia.org/wiki/Protocol_on_Blinding_Laser_Weapons',
      },
    ],
  },
  {
    ...treaty,
    id: 'CWC-I(5)',
    source: 'Chemical Weapons Convention (1993), Art. I(5)',
    scope: 'all',
    statement: 'Riot-control agents may not be used as a method of warfare.',
    verification: 'V',
    quotes: [
      {
        quote: 'Each State Party undertakes not to use riot control agents as a method of warfare.',
        at: 'Chemical Weapons Convention (1993), Art. I(5), as quoted in the ICRC Customary IHL Study, practice relating to Rule 75',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v2_rul_rule75',
      },
    ],
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
  {
    ...banned(
      'CWC-I',
      'Chemical Weapons Convention (1993), Art. I',
      'all',
      'V',
      'Chemical weapons may never be developed, produced, stockpiled or used, under any circumstances.',
      'chemical_weapon',
      'Chemical weapons are prohibited under any circumstances.',
    ),
    quotes: [
      {
        quote: 'Each State Party undertakes never under any circumstances: … To develop, produce, otherwise acquire, stockpile or retain chemical weapons, or transfer, directly or indirectly, chemical weapons to anyone; … To use chemical weapons;',
        at: 'Chemical Weapons Convention (1993), Art. I(1)(a)–(b), as quoted by India\'s National Authority for the Chemical Weapons Convention',
        url: 'https://nacwc.gov.in/content.php?page=523',
      },
    ],
  },
  {
    ...banned(
      'BWC-I',
      'Biological Weapons Convention (1972), Art. I',
      'all',
      'V',
      'Biological weapons may never be developed, produced, stockpiled, acquired or retained — so a force has none to use.',
      'biological_weapon',
      'Biological weapons are prohibited under any circumstances.',
    ),
    quotes: [
      {
        quote: 'Each State Party to this Convention undertakes never in any circumstances to develop, produce, stockpile or otherwise acquire or retain: … (2) Weapons, equipment or means of delivery designed to use such agents or toxins for hostile purposes or in armed conflict.',
        at: 'Biological Weapons Convention (1972), Art. I, as scheduled to South Africa\'s Non-Proliferation of Weapons of Mass Destruction Act, 1993',
        url: 'http://acts.co.za/non-proliferation-of-weapons-of-mass-destruction-act-1993/article_i.php',
      },
    ],
  },
  {
    ...treaty,
    id: 'CRC-OPAC',
    source: 'Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict (2000)',
    scope: 'armed_conflict',
    statement:
      'No child under 18 takes a direct part in hostilities, and armed groups must never recruit or use children under 18; under human security a child fighter is a victim first.',
    verification: 'V',
    quotes: [
      {
        quote: 'Armed groups that are distinct from the armed forces of a State should not, under any circumstances, recruit or use in hostilities persons under the age of 18 years.',
        at: 'Optional Protocol to the CRC on the involvement of children in armed conflict (2000), Art. 4(1), as scheduled to the UNCRC (Incorporation) (Scotland) Act 2024',
        url: 'http://www.legislation.gov.uk./asp/2024/1/schedule/part/2/crossheading/1/data.xht?view=snippet&wrap=true',
      },
    ],
    unchecked: 'Art. 1 (no direct part in hostilities for members of a State\'s armed forces under 18) was seen only in summaries (reliefweb.int), not in the text; "a child fighter is a victim first" is the human-security stance, not the Protocol\'s words.',
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
