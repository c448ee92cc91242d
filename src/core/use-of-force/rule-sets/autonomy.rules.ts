import type { RuleDefinition, RuleSetVersion } from '../assessment.js';
import { conditional, isAutonomous, needsFact, notApplicable, prohibits, satisfied, systemTargetsPeople } from '../rule-helpers.js';

/**
 * Autonomy and human control. The ICRC's position (May 2021) is quoted from its recommendations; the engine's own
 * rule that no system selects and engages people without a human decision is Haven's (docs/use-of-force.md, "AI-enabled
 * and autonomous systems"), so M, with no outside text to check it against. Under IHL the same concerns appear through
 * CIHL R71 (predictability) and R19 (the power to cancel); here they are rules of their own.
 */
export const AUTONOMY_RULE_SET: RuleSetVersion = {
  id: 'autonomy',
  version: '2026.12',
  date: '2026-12-06',
  title: 'Autonomy and human control: the ICRC position on autonomous weapon systems (2021) and the human decision',
};

const icrc = 'ICRC position on autonomous weapon systems (May 2021)';
const autonomy = { ruleSet: 'autonomy', scope: 'all' } as const;
const NOT_AUTONOMOUS = 'A person selects and engages the target: the system is not autonomous.';

export const AUTONOMY_RULES: readonly RuleDefinition[] = [
  {
    ...autonomy,
    id: 'ICRC-2021-1',
    source: `${icrc}: unpredictable autonomous weapons`,
    statement: 'Unpredictable autonomous weapon systems are to be ruled out: their effects cannot be sufficiently understood, predicted and explained.',
    verification: 'V',
    quotes: [
      {
        quote: 'Unpredictable autonomous weapon systems should be expressly ruled out, notably because of their indiscriminate effects.',
        at: 'ICRC position on autonomous weapon systems (12 May 2021, icrc.org/en/document/icrc-position-autonomous-weapon-systems), Recommendations, first bullet, as reproduced from the ICRC\'s page',
        url: 'https://ai-for-less-suffering.pages.dev/sources/src_icrc_aws_position_2021/',
      },
    ],
    evaluate(r) {
      if (!isAutonomous(r)) return notApplicable(NOT_AUTONOMOUS);
      switch (r.means.autonomy.predictable) {
        case 'no':
          return prohibits('The autonomous system is unpredictable.', ['means.autonomy.level', 'means.autonomy.predictable']);
        case 'unknown':
          return needsFact('The system selects or engages targets itself: say whether its effects can be predicted.', ['means.autonomy.predictable']);
        case 'yes':
          return satisfied('The autonomous system is predictable.', ['means.autonomy.level', 'means.autonomy.predictable']);
      }
    },
  },
  {
    ...autonomy,
    id: 'ICRC-2021-2',
    source: `${icrc}: autonomous weapons that target people`,
    statement: 'Autonomous weapon systems designed or used to apply force against persons are to be ruled out.',
    verification: 'V',
    quotes: [
      {
        quote: 'use of autonomous weapon systems to target human beings should be ruled out',
        at: 'ICRC position on autonomous weapon systems (12 May 2021, icrc.org/en/document/icrc-position-autonomous-weapon-systems), Recommendations, second bullet, as reproduced from the ICRC\'s page',
        url: 'https://ai-for-less-suffering.pages.dev/sources/src_icrc_aws_position_2021/',
      },
    ],
    evaluate(r) {
      if (!isAutonomous(r)) return notApplicable(NOT_AUTONOMOUS);
      switch (systemTargetsPeople(r)) {
        case 'yes':
          return prohibits('The autonomous system applies force against persons.', ['means.autonomy.level', 'means.autonomy.targetsPeople', 'target.kind']);
        case 'unknown':
          return needsFact('The system selects or engages targets itself: say whether it targets people.', ['means.autonomy.targetsPeople']);
        case 'no':
          return satisfied('The autonomous system targets objects only.', ['means.autonomy.level', 'means.autonomy.targetsPeople']);
      }
    },
  },
  {
    ...autonomy,
    id: 'ICRC-2021-3',
    source: `${icrc}: restrictions on the autonomous weapons not ruled out`,
    statement:
      'Autonomous weapon systems not ruled out are restricted: in the types of target, the duration, area and scale of use, the situations of use, and by human supervision with timely intervention and deactivation.',
    verification: 'V',
    quotes: [
      {
        quote: 'the design and use of autonomous weapon systems that would not be prohibited should be regulated, including through a combination of: limits on the types of target ... limits on the duration, geographical scope and scale of use ... limits on situations of use ... requirements for human-machine interaction',
        at: 'ICRC position on autonomous weapon systems (12 May 2021, icrc.org/en/document/icrc-position-autonomous-weapon-systems), Recommendations, third bullet, as reproduced (with omissions) from the ICRC\'s page',
        url: 'https://ai-for-less-suffering.pages.dev/sources/src_icrc_aws_position_2021/',
      },
    ],
    unchecked: 'The sub-bullets were seen only with omissions: that human–machine interaction means human supervision with timely intervention and deactivation was seen only in a summary (centerconsulting.com), not in the ICRC\'s words.',
    evaluate(r) {
      if (!isAutonomous(r)) return notApplicable(NOT_AUTONOMOUS);
      if (systemTargetsPeople(r) === 'yes') return notApplicable('A system that targets people is ruled out altogether (ICRC-2021-2).');
      switch (r.means.autonomy.humanCanIntervene) {
        case 'no':
          return prohibits('No person supervises the system with the power to intervene and deactivate it in time.', ['means.autonomy.humanCanIntervene']);
        case 'unknown':
          return needsFact('Say whether a person supervises the system and can intervene and deactivate it in time.', ['means.autonomy.humanCanIntervene']);
        case 'yes':
          return conditional(
            'An autonomous system against objects, under human supervision.',
            'Limit the system to objects that are military objectives by nature; limit the duration, area and scale of its use and the situations it is used in (where civilians are not present); keep a person supervising who can intervene and deactivate it in time',
            ['means.autonomy.level', 'means.autonomy.targetsPeople', 'means.autonomy.humanCanIntervene'],
          );
      }
    },
  },
  {
    ...autonomy,
    id: 'HS-HUMAN-DECISION',
    source: 'Human security, docs/use-of-force.md ("AI-enabled and autonomous systems": for the engine)',
    statement:
      'A system that selects and engages people without a human decision is prohibited under human security; every AI recommendation feeding a decision is logged with its inputs, and the deciding person is named.',
    verification: 'M',
    unchecked: 'Haven\'s own rule: it extends the ICRC\'s recommendation (ICRC-2021-2) with the logging of every AI recommendation and a named deciding person; no external text states it, so there is nothing to check it against.',
    evaluate(r) {
      if (!isAutonomous(r)) return notApplicable(NOT_AUTONOMOUS);
      const people = systemTargetsPeople(r);
      if (people === 'no') return notApplicable('The system targets objects only.');
      if (people === 'unknown') return needsFact('Say whether the system selects and engages people.', ['means.autonomy.targetsPeople']);
      if (r.means.autonomy.level === 'autonomous_target_selection') {
        return prohibits('The system selects and engages people with no human decision.', ['means.autonomy.level', 'means.autonomy.targetsPeople']);
      }
      switch (r.means.autonomy.humanCanIntervene) {
        case 'no':
          return prohibits('The system is nominally supervised, but nobody can intervene: it selects and engages people with no human decision.', ['means.autonomy.level', 'means.autonomy.humanCanIntervene']);
        case 'unknown':
          return needsFact('The system engages people under supervision: say whether the supervisor can intervene in time.', ['means.autonomy.humanCanIntervene']);
        case 'yes':
          return conditional(
            'The system engages people under the supervision of a person who can intervene.',
            "A named person decides each engagement of a person; the system's inputs and recommendation are logged with the decision",
            ['means.autonomy.level', 'means.autonomy.humanCanIntervene'],
          );
      }
    },
  },
];
