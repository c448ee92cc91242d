import type { Paradigm, RuleDefinition, RuleSetVersion } from '../assessment.js';
import type { ForceRequest } from '../force-request.schema.js';
import {
  arrestFeasibility,
  atDangerousForces,
  isChild,
  isInterception,
  civilianHarm,
  civiliansMayBeAffected,
  conditional,
  exception,
  indiscriminateLimbs,
  isAutonomous,
  judgedBy,
  lethality,
  needsFact,
  needsJudgement,
  notApplicable,
  objectTarget,
  personTarget,
  prohibits,
  satisfied,
  unknownPaths,
} from '../rule-helpers.js';

/**
 * International humanitarian law as the engine applies it: the ICRC Customary IHL Study's rules (cited "CIHL-Rn"),
 * with the Additional Protocol I, Geneva Convention I and Hague 1954 provisions the domain reference names.
 * Statements paraphrase the rules (docs/use-of-force.md). Marks: V where the rule's `quotes` give the passage found in a copy of the source; M where it was not found, with
 * `unchecked` saying precisely what was not checked (docs/use-of-force.md lists both).
 */
export const IHL_RULE_SET: RuleSetVersion = {
  id: 'ihl',
  version: '2026.12',
  date: '2026-12-06',
  title: 'International humanitarian law: distinction, proportionality, precautions, special protection, weapons',
};

const cihl = (rule: number) => `ICRC Customary IHL Study, Rule ${rule}`;
const HOSTILITIES: readonly Paradigm[] = ['conduct_of_hostilities'];
const ihl = { ruleSet: 'ihl', scope: 'armed_conflict' } as const;

/** Objects normally dedicated to civilian purposes, to which the doubt rule of AP I 52(3) speaks. */
const NORMALLY_CIVILIAN_OBJECTS: readonly string[] = ['civilian_object', 'medical', 'humanitarian_relief', 'peacekeeping'];

/** Protected objects that, used for military action, may become military objectives — to be judged under R8. */
function mayHaveBecomeMilitaryObjective(r: ForceRequest): boolean {
  const object = objectTarget(r);
  if (!object) return false;
  if (object.status === 'dual_use' || object.status === 'dangerous_forces') return true;
  if (object.status === 'medical') return object.usedForHarmfulActs === 'yes' && object.warningWithTimeLimitUnheeded === 'yes';
  return ['civilian_object', 'humanitarian_relief', 'peacekeeping'].includes(object.status) && object.usedForHarmfulActs === 'yes';
}

const SPECIALLY_PROTECTED_OBJECT: Record<string, string> = {
  medical: 'R28',
  humanitarian_relief: 'R32',
  peacekeeping: 'R33',
  cultural_property: 'R38',
  dangerous_forces: 'R42',
  indispensable_to_survival: 'R54',
};

/** Where non-international armed conflicts take the rule from: AP II and common Art. 3, cited where they govern. */
const niac = (r: ForceRequest, text: string): string => (r.situation.armedConflict === 'non_international' ? ` ${text}` : '');

const SPECIALLY_PROTECTED_PERSON: Record<string, string> = { medical_personnel: 'R25', relief_personnel: 'R31', peacekeeper: 'R33' };

/** The exception common to relief and peacekeeping objects: used for military action, they may become military objectives. */
function protectedUnlessUsedForMilitaryAction(r: ForceRequest, what: string, ruleId: string) {
  const object = objectTarget(r);
  if (!object) return undefined;
  const note = (accepted: boolean, reason: string) =>
    exception(`${ruleId}-military-use`, `Protection is lost if and for such time as the ${what} is used for military action, making it a military objective (R10, judged under R8)`, accepted, reason);
  switch (object.usedForHarmfulActs) {
    case 'yes':
      return satisfied(`The ${what} is used for military action: it may have become a military objective, which R8 decides.`, ['target.status', 'target.usedForHarmfulActs'], {
        exception: note(true, 'The request says it is used for acts harmful to the adversary.'),
      });
    case 'no':
      return prohibits(`The ${what} is protected and is not used for military action: it may not be attacked.`, ['target.status', 'target.usedForHarmfulActs'], {
        exception: note(false, 'The request says it is not used for acts harmful to the adversary.'),
      });
    case 'unknown':
      return needsFact(`Whether the ${what} is used for military action is unknown; meanwhile it is presumed not to be (AP I 52(3)).`, ['target.usedForHarmfulActs']);
  }
}

function protectedPerson(r: ForceRequest, status: string, who: string, ruleId: string, lossOfProtection: string) {
  const person = personTarget(r);
  if (!person || person.status !== status) return undefined;
  return prohibits(`The target is ${who}: protected, and may not be attacked.`, ['target.status'], {
    exception: exception(
      `${ruleId}-loss`,
      lossOfProtection,
      false,
      'Not on these facts: acting in self-defence, or defending patients or charges, does not forfeit protection. If the person has in fact taken up hostile acts outside that function, give their status as a fighter or a civilian directly participating, and the rules for that status apply.',
    ),
  });
}

export const IHL_RULES: readonly RuleDefinition[] = [
  // ── Distinction: persons ────────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R1',
    source: cihl(1),
    statement: 'The parties must at all times distinguish between civilians and combatants: attacks may be directed only against combatants, never against civilians.',
    verification: 'V',
    quotes: [
      {
        quote: 'The parties to the conflict must at all times distinguish between civilians and combatants. Attacks may only be directed against combatants. Attacks must not be directed against civilians.',
        at: 'ICRC Customary IHL Study, Rule 1',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_cha_chapter1_rule1',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const person = personTarget(r);
      if (!person) return notApplicable('The target is an object: R7 governs.');
      switch (person.status) {
        case 'fighter':
          return satisfied('The target is a fighter — a member of the armed forces or of an organised armed group — who may be attacked by status.', ['target.status']);
        case 'civilian_directly_participating':
          return satisfied('The target is a civilian directly participating in hostilities: R6 and its exception decide.', ['target.status']);
        case 'civilian':
          return prohibits('The target is a civilian: an attack may not be directed against civilians.', ['target.status']);
        case 'child':
          return prohibits('The target is a child: a civilian unless shown to be a member of an armed group or directly participating, which the request does not say.', ['target.status']);
        case 'hors_de_combat':
        case 'surrendering':
          return notApplicable('The target is hors de combat or surrendering: R47 decides, whatever their status.');
        case 'medical_personnel':
        case 'relief_personnel':
        case 'peacekeeper':
          return notApplicable(`The target is specially protected: ${SPECIALLY_PROTECTED_PERSON[person.status]} decides.`);
        case 'unknown':
          return needsFact("The target's status is unknown, and whether they are a combatant decides this rule; meanwhile AP I 50(1) presumes a civilian.", ['target.status']);
      }
    },
  },
  {
    ...ihl,
    id: 'CIHL-R6',
    source: cihl(6),
    statement: 'Civilians are protected against attack, unless and for such time as they take a direct part in hostilities.',
    verification: 'V',
    quotes: [
      {
        quote: 'Civilians are protected against attack, unless and for such time as they take a direct part in hostilities.',
        at: 'ICRC Customary IHL Study, Rule 6',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule6',
      },
    ],
    unchecked: 'The ICRC Interpretive Guidance on direct participation in hostilities (2009), which the finding names for its three criteria, was not checked against its text.',
    paradigms: HOSTILITIES,
    evaluate(r) {
      const person = personTarget(r);
      if (!person) return notApplicable('The target is an object: R10 governs.');
      const dph = (accepted: boolean, reason: string) =>
        exception('CIHL-R6-DPH', 'Direct participation in hostilities, for such time as it lasts', accepted, reason);
      switch (person.status) {
        case 'civilian_directly_participating':
          return conditional(
            'A civilian directly participating in hostilities loses protection, but only while the participation lasts.',
            'Attack only for such time as the person directly participates in hostilities (the ICRC Interpretive Guidance, 2009 [M], asks for all three of: a threshold of harm, direct causation and a belligerent nexus)',
            ['target.status'],
            { exception: dph(true, 'The request gives the status as a civilian directly participating in hostilities.') },
          );
        case 'civilian':
        case 'child':
          return prohibits(`The target is ${person.status === 'child' ? 'a child, a civilian' : 'a civilian'}, protected against attack.`, ['target.status'], {
            exception: dph(false, 'The request does not say the person is directly participating in hostilities.'),
          });
        case 'unknown':
          return notApplicable("The target's status is unknown: AP I 50(1) resolves the doubt.");
        case 'fighter':
          return notApplicable('The target is a fighter, not a civilian: R1 governs.');
        case 'hors_de_combat':
        case 'surrendering':
          return notApplicable('The target is hors de combat or surrendering: R47 governs.');
        case 'medical_personnel':
        case 'relief_personnel':
        case 'peacekeeper':
          return notApplicable(`The target is specially protected: ${SPECIALLY_PROTECTED_PERSON[person.status]} governs.`);
      }
    },
  },
  {
    ...ihl,
    id: 'APII-4(3)(d)',
    source: 'Additional Protocol II, Art. 4(3)(c)–(d); Additional Protocol I, Art. 77(2)–(3); the Paris Principles (2007), principle 3.6',
    statement:
      'Children under fifteen shall not be recruited nor allowed to take part in hostilities; a child who nonetheless takes a direct part in hostilities and is captured remains entitled to the special protection of children.',
    verification: 'M',
    unchecked:
      'AP II Art. 4(3)(c)–(d) was found (English text, statengeneraal/laws-markdown copy of the Dutch treaty series): (c) bars recruiting children under fifteen or allowing them to take part in hostilities; (d) keeps their special protection "if they take a direct part in hostilities despite the provisions of sub-paragraph (c) and are captured", as the statement says. The Paris Principles (2007), principle 3.6, and AP I Art. 77(2)–(3), cited beside it, were not found in the stored copies, so those were not checked.',
    evaluate(r) {
      const person = personTarget(r);
      if (!person) return notApplicable('The target is an object.');
      if (person.status === 'child' || (person.status !== 'fighter' && person.status !== 'civilian_directly_participating')) {
        return notApplicable('The target is not stated to be a child who fights: R1 and R6 protect a child who does not.');
      }
      switch (isChild(r)) {
        case 'no':
        case 'unknown':
          return notApplicable('The target is not stated to be a child.');
        case 'yes':
          return conditional(
            'The target is a child who directly participates in hostilities: a lawful target only while participating, and still a child, specially protected.',
            'Prefer capture to attack; a captured child keeps the special protection of children (AP II 4(3)(d)) and is handed to child-protection actors (the Paris Principles)',
            ['target.status', 'target.child'],
          );
      }
    },
  },
  {
    ...ihl,
    id: 'API-50(1)',
    source: 'Additional Protocol I, Art. 50(1) — a treaty rule of international armed conflicts; the engine applies it in every armed conflict, so that doubt never counts against a person',
    statement: 'In case of doubt whether a person is a civilian, that person shall be considered a civilian.',
    verification: 'V',
    quotes: [
      {
        quote: 'In case of doubt whether a person is a civilian, that person shall be considered to be a civilian.',
        at: 'Additional Protocol I, Art. 50(1), as quoted in the ICRC Customary IHL Study, practice relating to Rule 6, section C',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v2_cha_chapter1_rule6_sectionc',
      },
    ],
    evaluate(r, context) {
      const person = personTarget(r);
      if (!person) return notApplicable('The target is an object: AP I 52(3) speaks to doubt about objects.');
      if (person.status !== 'unknown') return notApplicable("The person's status is given: there is no doubt to resolve.");
      if (context.paradigm === 'law_enforcement') {
        return satisfied(
          "The person's status is in doubt, so they are considered a civilian: no attack by status. Force against them can be lawful only on law-enforcement grounds, which the law-enforcement rules assess.",
          ['target.status'],
        );
      }
      return prohibits(
        "The person's status is in doubt, so they are considered a civilian, and a civilian may not be attacked. Establish the status before any attack.",
        ['target.status'],
      );
    },
  },
  // ── Distinction: objects ────────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R7',
    source: cihl(7),
    statement: 'The parties must at all times distinguish between civilian objects and military objectives: attacks may be directed only against military objectives, never against civilian objects.',
    verification: 'V',
    quotes: [
      {
        quote: 'The parties to the conflict must at all times distinguish between civilian objects and military objectives. Attacks may only be directed against military objectives. Attacks must not be directed against civilian objects.',
        at: 'ICRC Customary IHL Study, Rule 7',
        url: 'https://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule7',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const object = objectTarget(r);
      if (!object) return notApplicable('The target is a person: R1 governs.');
      switch (object.status) {
        case 'military_objective':
          return satisfied('The target is given as a military objective.', ['target.status']);
        case 'munition_in_flight':
          return satisfied('The target is a munition or aircraft in flight: a military objective by its nature.', ['target.status']);
        case 'dual_use':
          return satisfied('The target is dual-use: whether it is a military objective is judged under R8, and its civilian use counts in proportionality (R14).', ['target.status']);
        case 'civilian_object':
          return object.usedForHarmfulActs === 'yes'
            ? satisfied('A civilian object used for military action: R10 and R8 decide whether it has become a military objective.', ['target.status', 'target.usedForHarmfulActs'])
            : prohibits('The target is a civilian object: an attack may not be directed against it.', ['target.status']);
        case 'unknown':
          return needsFact("The object's status is unknown; meanwhile AP I 52(3) presumes it civilian.", ['target.status']);
        case 'medical':
        case 'humanitarian_relief':
        case 'peacekeeping':
        case 'cultural_property':
        case 'dangerous_forces':
        case 'indispensable_to_survival':
          return notApplicable(`The target is specially protected: ${SPECIALLY_PROTECTED_OBJECT[object.status]} decides.`);
      }
    },
  },
  {
    ...ihl,
    id: 'CIHL-R8',
    source: `${cihl(8)}; Additional Protocol I, Art. 52(2)`,
    statement:
      'Military objectives are objects which by their nature, location, purpose or use make an effective contribution to military action and whose destruction, capture or neutralisation, in the circumstances ruling at the time, offers a definite military advantage.',
    verification: 'V',
    quotes: [
      {
        quote: 'In so far as objects are concerned, military objectives are limited to those objects which by their nature, location, purpose or use make an effective contribution to military action and whose partial or total destruction, capture or neutralization, in the circumstances ruling at the time, offers a definite military advantage.',
        at: 'ICRC Customary IHL Study, Rule 8 (which notes the definition "is set forth in Article 52(2) of Additional Protocol I")',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule8',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r, context) {
      const object = objectTarget(r);
      if (!object) return notApplicable('The target is a person.');
      if (object.status === 'military_objective') return satisfied('The target is given as a military objective (R16 asks that it be verified).', ['target.status']);
      if (object.status === 'munition_in_flight') return satisfied('A munition or aircraft in flight makes an effective contribution to military action by its nature.', ['target.status']);
      if (!mayHaveBecomeMilitaryObjective(r)) return notApplicable('Whether the object may be attacked turns on its protection, not on this definition.');
      const judged = context.judgement('object_is_military_objective');
      if (!judged) {
        return needsJudgement(
          'Whether this object, by its nature, location, purpose or use, makes an effective contribution to military action and its destruction offers a definite military advantage now is a human judgement.',
          'object_is_military_objective',
        );
      }
      return judged.value === 'yes'
        ? satisfied(`The object is a military objective: ${judgedBy(judged)}.`, ['target.status'], { judgement: judged })
        : prohibits(`The object is not a military objective: ${judgedBy(judged)}. It may not be attacked.`, ['target.status'], { judgement: judged });
    },
  },
  {
    ...ihl,
    id: 'CIHL-R10',
    source: cihl(10),
    statement: 'Civilian objects are protected against attack, unless and for such time as they are military objectives.',
    verification: 'V',
    quotes: [
      {
        quote: 'Civilian objects are protected against attack, unless and for such time as they are military objectives.',
        at: 'ICRC Customary IHL Study, Rule 10',
        url: 'https://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule10',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const object = objectTarget(r);
      if (!object || object.status !== 'civilian_object') return notApplicable('The target is not given as a civilian object.');
      return protectedUnlessUsedForMilitaryAction(r, 'civilian object', 'CIHL-R10') ?? notApplicable('The target is a person.');
    },
  },
  {
    ...ihl,
    id: 'API-52(3)',
    source: 'Additional Protocol I, Art. 52(3) — a treaty rule of international armed conflicts; the engine applies it in every armed conflict, so that doubt never counts against an object',
    statement: 'In case of doubt whether an object normally dedicated to civilian purposes is being used to make an effective contribution to military action, it shall be presumed not to be so used.',
    verification: 'V',
    quotes: [
      {
        quote: 'in case of doubt whether an object which is normally dedicated to civilian purposes, such as a place of worship, a house or other dwelling or a school, is being used to make an effective contribution to military action, it shall be presumed not to be so used',
        at: 'Additional Protocol I, Art. 52(3), as quoted in the ICRC Customary IHL Study, commentary on Rule 10',
        url: 'https://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule10',
      },
    ],
    evaluate(r, context) {
      const object = objectTarget(r);
      if (!object) return notApplicable('The target is a person: AP I 50(1) speaks to doubt about persons.');
      const inDoubt =
        object.status === 'unknown'
          ? "The object's status is in doubt"
          : NORMALLY_CIVILIAN_OBJECTS.includes(object.status) && object.usedForHarmfulActs === 'unknown'
            ? 'The object is normally dedicated to civilian purposes, and whether it is used for military action is in doubt'
            : undefined;
      if (!inDoubt) return notApplicable('There is no doubt about the object to resolve.');
      const facts = object.status === 'unknown' ? ['target.status'] : ['target.status', 'target.usedForHarmfulActs'];
      if (context.paradigm === 'law_enforcement') {
        return satisfied(`${inDoubt}: it is presumed civilian, so it is not attacked as a military objective; force against it is assessed on law-enforcement grounds.`, facts);
      }
      return prohibits(`${inDoubt}: it is presumed civilian and may not be attacked until shown to be a military objective.`, facts);
    },
  },
  // ── Indiscriminate attacks ──────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R11',
    source: cihl(11),
    statement: 'Indiscriminate attacks are prohibited.',
    verification: 'V',
    quotes: [
      {
        quote: 'Indiscriminate attacks are prohibited.',
        at: 'ICRC Customary IHL Study, Rule 11',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule11',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const { met, missing } = indiscriminateLimbs(r);
      if (met.length > 0) return prohibits(`The attack is indiscriminate (R12 ${met.join('; ')}).`, ['means.directedAtSpecificObjective', 'means.effectsCanBeLimited']);
      if (missing.length > 0) return needsFact('Whether the attack is indiscriminate turns on the facts R12 asks for.', missing);
      return satisfied('The attack is not indiscriminate on the facts given (R12).', ['means.weapon', 'means.autonomy.level']);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R12',
    source: cihl(12),
    statement:
      'An attack is indiscriminate if it is not directed at a specific military objective, employs a method or means that cannot be so directed, or employs a method or means whose effects cannot be limited as IHL requires.',
    verification: 'V',
    quotes: [
      {
        quote: 'Indiscriminate attacks are those: (a) which are not directed at a specific military objective; (b) which employ a method or means of combat which cannot be directed at a specific military objective; or (c) which employ a method or means of combat the effects of which cannot be limited as required by international humanitarian law; and consequently, in each such case, are of a nature to strike military objectives and civilians or civilian objects without distinction.',
        at: 'ICRC Customary IHL Study, Rule 12',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule12',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const { met, missing } = indiscriminateLimbs(r);
      if (met.length > 0) return prohibits(`Indiscriminate: ${met.join('; ')}.`, ['means.directedAtSpecificObjective', 'means.effectsCanBeLimited']);
      if (missing.length > 0) {
        return needsFact(
          'The means is not one a person aims at a single target with effects that stay there: say whether the attack is directed at a specific objective and whether its effects can be limited.',
          missing,
        );
      }
      return satisfied('Directed at a specific objective, by a means whose effects can be limited.', ['means.weapon', 'means.directedAtSpecificObjective', 'means.effectsCanBeLimited']);
    },
  },
  // ── Proportionality: a human judgement, never computed ─────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R14',
    source: `${cihl(14)}; Additional Protocol I, Art. 51(5)(b)`,
    statement:
      'An attack is prohibited if the incidental civilian death, injury and damage expected from it would be excessive in relation to the concrete and direct military advantage anticipated.',
    verification: 'V',
    quotes: [
      {
        quote: 'Launching an attack which may be expected to cause incidental loss of civilian life, injury to civilians, damage to civilian objects, or a combination thereof, which would be excessive in relation to the concrete and direct military advantage anticipated, is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 14 (which notes the principle "is codified in Article 51(5)(b) of Additional Protocol I")',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_cha_chapter4_rule14',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r, context) {
      const excessive = context.judgement('incidental_harm_excessive');
      const advantage = context.judgement('military_advantage_concrete_and_direct');
      const harm = civilianHarm(r);
      const facts = ['expectedEffects.civilians', 'expectedEffects.civilianObjectDamage'];
      if (excessive?.value === 'yes') return prohibits(`The expected incidental harm is excessive: ${judgedBy(excessive)}.`, facts, { judgement: excessive });
      if (advantage?.value === 'no' && harm.possible) {
        return prohibits(`Incidental civilian harm is expected (${harm.summary}) and no concrete and direct military advantage is anticipated (${judgedBy(advantage)}): any such harm is excessive.`, facts, {
          judgement: advantage,
        });
      }
      if (isInterception(r)) {
        // Intercepting a munition in flight stands between civilians and the harm it would do: the debris and the failed
        // interceptions are weighed as a duty, not a bar — unless someone has judged them excessive (above).
        return conditional(
          `A munition in flight intercepted: the incidental harm (${harm.summary}) is that of debris and failed interceptions, set against the harm the munition would do.`,
          'Estimate the harm from debris and failed interceptions, intercept where it falls on open ground when you can, and stop if it would be excessive',
          facts,
        );
      }
      // Once "not excessive" is signed on what is known, a missing estimate can no longer change this rule's finding: the
      // duty to cancel if the harm proves excessive (R19) remains.
      if (excessive?.value === 'no' && advantage?.value !== 'no' && harm.missing.length > 0 && harm.missing.length < 3) {
        return satisfied(`The expected incidental harm (${harm.summary}) is not excessive: ${judgedBy(excessive)}. What was not estimated is for R19 to watch.`, facts, { judgement: excessive });
      }
      if (harm.missing.length > 0) {
        return needsFact(
          'Proportionality weighs the expected incidental civilian death, injury and damage, and the estimate is missing. The engine never computes the answer: once the harm is estimated, a named person judges whether it is excessive.',
          harm.missing,
        );
      }
      if (harm.none) return satisfied('No incidental civilian death, injury or damage is expected: there is nothing to weigh.', facts);
      if (advantage?.value === 'no') {
        return prohibits(`Incidental civilian harm is expected (${harm.summary}) and no concrete and direct military advantage is anticipated (${judgedBy(advantage)}): any such harm is excessive.`, facts, {
          judgement: advantage,
        });
      }
      if (!excessive) {
        return needsJudgement(
          `Incidental civilian harm is expected (${harm.summary}). Whether it would be excessive in relation to the concrete and direct military advantage anticipated is a human judgement.`,
          'incidental_harm_excessive',
        );
      }
      return satisfied(`The expected incidental harm (${harm.summary}) is not excessive: ${judgedBy(excessive)}.`, facts, { judgement: excessive });
    },
  },
  // ── Precautions in attack ───────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R15',
    source: `${cihl(15)}; Additional Protocol I, Art. 57(1) and 57(2)(a)(ii) (international armed conflicts; in non-international ones the customary rule)`,
    statement:
      'In the conduct of military operations, constant care must be taken to spare civilians and civilian objects; all feasible precautions must be taken to avoid, and in any event to minimise, incidental civilian harm.',
    verification: 'V',
    quotes: [
      {
        quote: 'In the conduct of military operations, constant care must be taken to spare the civilian population, civilians and civilian objects. All feasible precautions must be taken to avoid, and in any event to minimize, incidental loss of civilian life, injury to civilians and damage to civilian objects.',
        at: 'ICRC Customary IHL Study, Rule 15',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule15',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(_r, context) {
      const judged = context.judgement('precautions_feasible_taken');
      if (!judged) {
        // A duty to carry out, not a fact that decides legality: it is attached as a condition until someone judges it.
        return conditional(
          'The precautions are a duty to carry out: none has yet been judged not taken.',
          'Take constant care to spare civilians and civilian objects, and every feasible precaution in the choice of means, method and timing of the attack (a named person confirms before the attack)',
          [],
        );
      }
      return judged.value === 'yes'
        ? satisfied(`All feasible precautions have been taken: ${judgedBy(judged)}.`, [], { judgement: judged })
        : prohibits(`Feasible precautions have not all been taken (${judgedBy(judged)}): the attack may not go ahead as proposed.`, [], { judgement: judged });
    },
  },
  {
    ...ihl,
    id: 'CIHL-R16',
    source: `${cihl(16)}; Additional Protocol I, Art. 57(2)(a)(i) (international armed conflicts; in non-international ones the customary rule)`,
    statement: 'Each party must do everything feasible to verify that targets are military objectives.',
    verification: 'V',
    quotes: [
      {
        quote: 'Each party to the conflict must do everything feasible to verify that targets are military objectives.',
        at: 'ICRC Customary IHL Study, Rule 16',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_cha_chapter5_rule16',
      },
      {
        quote: 'do everything feasible to verify that the objectives to be attacked are neither civilians nor civilian objects and are not subject to special protection but are military objectives within the meaning of paragraph 2 of Article 52',
        at: 'Additional Protocol I, Art. 57(2)(a)(i), as quoted in the ICRC Customary IHL Study, practice relating to Rule 16',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/print/v2_cha_chapter5_rule16',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      // The target's status decides legality, and R1, R7 and the doubt rules ask for it; verifying it is a duty, attached
      // as a condition whether the request says it is not yet verified or does not say (unknown is never worse than no).
      if (r.alternatives.targetVerified !== 'yes') {
        return conditional(
          r.alternatives.targetVerified === 'no' ? 'The target has not been verified.' : 'Whether the target has been verified is not stated: verification is a duty before the attack.',
          'Verify that the target is a military objective — or a fighter, or a civilian directly participating — before the attack',
          ['alternatives.targetVerified'],
        );
      }
      return satisfied('The target has been verified.', ['alternatives.targetVerified']);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R17',
    source: `${cihl(17)}; Additional Protocol I, Art. 57(2)(a)(ii) (international armed conflicts; in non-international ones the customary rule)`,
    statement: 'All feasible precautions must be taken in the choice of means and methods of warfare to avoid, and in any event to minimise, incidental civilian harm.',
    verification: 'V',
    quotes: [
      {
        quote: 'Each party to the conflict must take all feasible precautions in the choice of means and methods of warfare with a view to avoiding, and in any event to minimizing, incidental loss of civilian life, injury to civilians and damage to civilian objects.',
        at: 'ICRC Customary IHL Study, Rule 17',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule17',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      if (isInterception(r)) return satisfied('Intercepting a munition in flight is itself the means that spares civilians the harm it would do.', ['means.weapon', 'target.status']);
      const affected = civiliansMayBeAffected(r);
      const less = r.alternatives.lessHarmfulMeansFeasible;
      if (affected.value === 'no') return satisfied('No civilians are expected to be affected.', ['expectedEffects']);
      if (less === 'no') return satisfied('No less harmful means or method is feasible.', ['alternatives.lessHarmfulMeansFeasible']);
      if (less === 'yes') {
        return prohibits('Civilians may be affected and a less harmful means or method is feasible: it must be chosen instead.', ['alternatives.lessHarmfulMeansFeasible', 'expectedEffects']);
      }
      return needsFact('Civilians may be affected: say whether a less harmful means or method is feasible.', [
        'alternatives.lessHarmfulMeansFeasible',
        ...(affected.value === 'unknown' ? affected.missing : []),
      ]);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R19',
    source: `${cihl(19)}; Additional Protocol I, Art. 57(2)(b) (international armed conflicts; in non-international ones the customary rule)`,
    statement:
      'Each party must do everything feasible to cancel or suspend an attack if it becomes apparent that the target is not a military objective or that the attack may be expected to cause excessive incidental harm.',
    verification: 'V',
    quotes: [
      {
        quote: 'Each party to the conflict must do everything feasible to cancel or suspend an attack if it becomes apparent that the target is not a military objective or that the attack may be expected to cause incidental loss of civilian life, injury to civilians, damage to civilian objects, or a combination thereof, which would be excessive in relation to the concrete and direct military advantage anticipated.',
        at: 'ICRC Customary IHL Study, Rule 19',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule19',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const cancel = 'Be ready to cancel or suspend the attack if it becomes apparent that the target is not a military objective or that the incidental harm would be excessive';
      if (!isAutonomous(r)) return conditional('A person controls the attack to the end.', cancel, ['means.autonomy.level']);
      switch (r.means.autonomy.humanCanIntervene) {
        case 'no':
          return prohibits('Once launched, the system cannot be stopped by anyone: nobody could cancel or suspend the attack if the target proved not to be a military objective or the harm excessive.', [
            'means.autonomy.level',
            'means.autonomy.humanCanIntervene',
          ]);
        case 'unknown':
          return needsFact('The system selects or engages targets itself: say whether a person can intervene in time to cancel or suspend an attack.', ['means.autonomy.humanCanIntervene']);
        case 'yes':
          return conditional('A person supervises the system and can intervene.', cancel, ['means.autonomy.level', 'means.autonomy.humanCanIntervene']);
      }
    },
  },
  {
    ...ihl,
    id: 'CIHL-R20',
    source: `${cihl(20)}; Additional Protocol I, Art. 57(2)(c) (international armed conflicts; in non-international ones the customary rule)`,
    statement: 'Each party must give effective advance warning of attacks which may affect the civilian population, unless circumstances do not permit.',
    verification: 'V',
    quotes: [
      {
        quote: 'Each party to the conflict must give effective advance warning of attacks which may affect the civilian population, unless circumstances do not permit.',
        at: 'ICRC Customary IHL Study, Rule 20',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule20',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      const { warningGiven: given, warningFeasible: feasible } = r.alternatives;
      const circumstances = (accepted: boolean, reason: string) => exception('CIHL-R20-circumstances', 'Circumstances do not permit a warning', accepted, reason);
      if (civiliansMayBeAffected(r).value === 'no') return satisfied('The attack is not expected to affect the civilian population: no warning is owed.', ['expectedEffects']);
      if (given === 'yes') return satisfied('An advance warning was given.', ['alternatives.warningGiven']);
      switch (feasible) {
        case 'no':
          return satisfied('No warning was given, and circumstances do not permit one.', ['alternatives.warningFeasible'], {
            exception: circumstances(true, 'The request says a warning is not feasible.'),
          });
        case 'yes':
          return conditional('Civilians may be affected and a warning is feasible.', 'Give the civilian population effective advance warning', ['alternatives.warningFeasible', 'alternatives.warningGiven'], {
            exception: circumstances(false, 'The request says a warning is feasible.'),
          });
        case 'unknown':
          return conditional(
            'Civilians may be affected and no warning has been given; whether circumstances permit one is not stated.',
            'Give the civilian population effective advance warning, unless circumstances do not permit',
            ['alternatives.warningFeasible', 'alternatives.warningGiven'],
          );
      }
    },
  },
  {
    ...ihl,
    id: 'CIHL-R21',
    source: `${cihl(21)}; Additional Protocol I, Art. 57(3) (international armed conflicts; in non-international ones the customary rule)`,
    statement:
      'When a choice is possible between several military objectives for a similar military advantage, the objective to be selected is the one whose attack may be expected to cause the least danger to civilians and civilian objects.',
    verification: 'V',
    quotes: [
      {
        quote: 'When a choice is possible between several military objectives for obtaining a similar military advantage, the objective to be selected must be that the attack on which may be expected to cause the least danger to civilian lives and to civilian objects.',
        at: 'ICRC Customary IHL Study, Rule 21',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule21',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r) {
      if (!objectTarget(r)) return notApplicable('The target is a person: the rule concerns the choice between military objectives.');
      if (isInterception(r)) return notApplicable('A munition in flight is the threat itself: there is no choice between objectives.');
      const affected = civiliansMayBeAffected(r);
      if (affected.value === 'no') return satisfied('No danger to civilians is expected from this attack.', ['expectedEffects']);
      switch (r.alternatives.similarObjectiveLessDangerous) {
        case 'yes':
          return prohibits('Another military objective offers a similar advantage with less danger to civilians: it must be selected instead.', ['alternatives.similarObjectiveLessDangerous']);
        case 'no':
          return satisfied('No other objective offers a similar advantage with less danger to civilians.', ['alternatives.similarObjectiveLessDangerous']);
        case 'unknown':
          return needsFact('Civilians may be endangered: say whether another objective offers a similar advantage with less danger to them.', [
            'alternatives.similarObjectiveLessDangerous',
            ...(affected.value === 'unknown' ? affected.missing : []),
          ]);
      }
    },
  },
  // ── Specially protected persons and objects ────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R25',
    source: cihl(25),
    statement:
      'Medical personnel exclusively assigned to medical duties must be respected and protected in all circumstances; they lose protection only if they commit, outside their humanitarian function, acts harmful to the enemy.',
    verification: 'V',
    quotes: [
      {
        quote: 'Medical personnel exclusively assigned to medical duties must be respected and protected in all circumstances. They lose their protection if they commit, outside their humanitarian function, acts harmful to the enemy.',
        at: 'ICRC Customary IHL Study, Rule 25',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule25',
      },
    ],
    evaluate(r) {
      return (
        protectedPerson(r, 'medical_personnel', 'medical personnel', 'CIHL-R25', 'Protection is lost if they commit, outside their humanitarian function, acts harmful to the enemy') ??
        notApplicable('The target is not medical personnel.')
      );
    },
  },
  {
    ...ihl,
    id: 'CIHL-R28',
    source: `${cihl(28)} (medical units) and Rule 29 (medical transports); Geneva Convention I, Art. 21; in non-international armed conflicts Additional Protocol II, Art. 11, and common Art. 3`,
    statement:
      'Medical units and transports exclusively assigned to medical purposes must be respected and protected in all circumstances; protection ceases only if they are used, outside their humanitarian function, for acts harmful to the enemy, and only after a warning setting a reasonable time limit has gone unheeded.',
    verification: 'V',
    quotes: [
      {
        quote: 'Medical units exclusively assigned to medical purposes must be respected and protected in all circumstances. They lose their protection if they are being used, outside their humanitarian function, to commit acts harmful to the enemy.',
        at: 'ICRC Customary IHL Study, Rule 28',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule28',
      },
      {
        quote: 'Medical transports assigned exclusively to medical transportation must be respected and protected in all circumstances. They lose their protection if they are being used, outside their humanitarian function, to commit acts harmful to the enemy.',
        at: 'ICRC Customary IHL Study, Rule 29',
        url: 'https://www.icrc.org/applic/ihl/ihl.nsf/WebART/612-029?OpenDocument',
      },
      {
        quote: 'Protection may, however, cease only after a due warning has been given, naming, in all appropriate cases, a reasonable time limit and after such warning has remained unheeded.',
        at: 'Geneva Convention I, Art. 21',
        url: 'https://ihl-databases.icrc.org/applic/ihl/ihl.nsf/WebART/365-570026',
      },
      {
        quote: 'The protection to which medical units and transports are entitled shall not cease unless they are used to commit hostile acts, outside their humanitarian function. Protection may, however, cease only after a warning has been given setting, whenever appropriate, a reasonable time-limit, and after such warning has remained unheeded.',
        at: 'Additional Protocol II, Art. 11(2) (English text in the Dutch treaty series, Trb. 1978, 42, as published by inview.nl)',
        url: 'https://inview.nl/document/idb70560c4a2f2e3f45f2565abe2a19cbf',
      },
    ],
    evaluate(r) {
      const object = objectTarget(r);
      if (!object || object.status !== 'medical') return notApplicable('The target is not a medical unit or transport.');
      const { usedForHarmfulActs: harmful, warningWithTimeLimitUnheeded: warned } = object;
      const facts = ['target.status', 'target.usedForHarmfulActs', 'target.warningWithTimeLimitUnheeded'];
      const gcI21 = (accepted: boolean, reason: string) =>
        exception(
          'GC-I-21',
          'Protection ceases only if the unit is used, outside its humanitarian function, for acts harmful to the enemy, and only after a warning setting a reasonable time limit has gone unheeded (GC I Art. 21 [V])',
          accepted,
          reason,
        );
      if (harmful === 'yes' && warned === 'yes') {
        return satisfied(`Protection has ceased: the unit was used for acts harmful to the enemy and a warning with a time limit went unheeded.${niac(r, 'In a non-international armed conflict: AP II Art. 11(2).')} Whether it is now a military objective is judged under R8.`, facts, {
          exception: gcI21(true, 'Both conditions are met.'),
        });
      }
      if (harmful === 'no') return prohibits(`The medical unit is not used for acts harmful to the enemy: it is protected.${niac(r, 'In a non-international armed conflict: AP II Art. 11(1), and common Art. 3 for the wounded and sick it cares for.')}`, facts, { exception: gcI21(false, 'It is not used for harmful acts.') });
      if (warned === 'no') {
        return prohibits(`Even if the unit is used for acts harmful to the enemy, protection continues until a warning with a reasonable time limit has gone unheeded — and none has.${niac(r, 'In a non-international armed conflict: AP II Art. 11(2).')}`, facts, {
          exception: gcI21(false, 'No warning with a time limit has gone unheeded.'),
        });
      }
      return needsFact('Whether the unit lost its protection depends on both conditions of GC I Art. 21.', unknownPaths([[harmful, 'target.usedForHarmfulActs'], [warned, 'target.warningWithTimeLimitUnheeded']]));
    },
  },
  {
    ...ihl,
    id: 'CIHL-R31',
    source: cihl(31),
    statement: 'Humanitarian relief personnel must be respected and protected.',
    verification: 'V',
    quotes: [
      {
        quote: 'Humanitarian relief personnel must be respected and protected.',
        at: 'ICRC Customary IHL Study, Rule 31',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule31',
      },
    ],
    evaluate(r) {
      return (
        protectedPerson(r, 'relief_personnel', 'humanitarian relief personnel', 'CIHL-R31', 'As civilians, they lose protection only if and for such time as they take a direct part in hostilities (R6)') ??
        notApplicable('The target is not humanitarian relief personnel.')
      );
    },
  },
  {
    ...ihl,
    id: 'CIHL-R32',
    source: cihl(32),
    statement: 'Objects used for humanitarian relief operations must be respected and protected.',
    verification: 'V',
    quotes: [
      {
        quote: 'Objects used for humanitarian relief operations must be respected and protected.',
        at: 'ICRC Customary IHL Study, Rule 32',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule32',
      },
    ],
    evaluate(r) {
      const object = objectTarget(r);
      if (!object || object.status !== 'humanitarian_relief') return notApplicable('The target is not a humanitarian relief object.');
      return protectedUnlessUsedForMilitaryAction(r, 'relief object', 'CIHL-R32') ?? notApplicable('The target is a person.');
    },
  },
  {
    ...ihl,
    id: 'CIHL-R33',
    source: cihl(33),
    statement:
      'Directing an attack against personnel and objects involved in a peacekeeping mission under the UN Charter is prohibited, as long as they are entitled to the protection given to civilians and civilian objects.',
    verification: 'V',
    quotes: [
      {
        quote: 'Directing an attack against personnel and objects involved in a peacekeeping mission in accordance with the Charter of the United Nations, as long as they are entitled to the protection given to civilians and civilian objects under international humanitarian law, is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 33',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule33',
      },
    ],
    evaluate(r) {
      const person = protectedPerson(
        r,
        'peacekeeper',
        'a peacekeeper',
        'CIHL-R33',
        'Protection lasts as long as peacekeepers are entitled to the protection given to civilians: it is lost only by taking a direct part in hostilities, not by self-defence',
      );
      if (person) return person;
      const object = objectTarget(r);
      if (!object || object.status !== 'peacekeeping') return notApplicable('The target is neither peacekeeping personnel nor a peacekeeping object.');
      return protectedUnlessUsedForMilitaryAction(r, 'peacekeeping object', 'CIHL-R33') ?? notApplicable('The target is a person.');
    },
  },
  {
    ...ihl,
    id: 'CIHL-R38',
    source: `${cihl(38)} (Rules 38–40 on cultural property); Hague Convention 1954, Art. 4`,
    statement: 'Property of great importance to the cultural heritage of every people must not be the object of attack unless imperatively required by military necessity.',
    verification: 'V',
    quotes: [
      {
        quote: 'B. Property of great importance to the cultural heritage of every people must not be the object of attack unless imperatively required by military necessity.',
        at: 'ICRC Customary IHL Study, Rule 38',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule38',
      },
    ],
    unchecked: 'Hague Convention 1954, Art. 4, named in the source, was not checked against the treaty text.',
    evaluate(r) {
      const object = objectTarget(r);
      if (!object || object.status !== 'cultural_property') return notApplicable('The target is not cultural property.');
      const necessity = (accepted: boolean, reason: string) =>
        exception('HAGUE-1954-4(2)', 'Imperative military necessity waives the obligation to respect cultural property (Hague 1954 Art. 4(2))', accepted, reason);
      switch (object.imperativeMilitaryNecessity) {
        case 'yes':
          return satisfied('Attacking the cultural property is imperatively required by military necessity.', ['target.status', 'target.imperativeMilitaryNecessity'], {
            exception: necessity(true, 'The request says the attack is imperatively required by military necessity.'),
          });
        case 'no':
          return prohibits('Cultural property may not be attacked: no imperative military necessity requires it.', ['target.status', 'target.imperativeMilitaryNecessity'], {
            exception: necessity(false, 'The request says no imperative military necessity requires it.'),
          });
        case 'unknown':
          return needsFact('Cultural property may be attacked only if imperatively required by military necessity: say whether it is.', ['target.imperativeMilitaryNecessity']);
      }
    },
  },
  {
    ...ihl,
    id: 'CIHL-R42',
    source: `${cihl(42)}; Additional Protocol I, Art. 56`,
    statement:
      'Particular care must be taken if works and installations containing dangerous forces — dams, dykes, nuclear electrical generating stations — are attacked, to avoid the release of dangerous forces and consequent severe losses among the civilian population.',
    verification: 'V',
    quotes: [
      {
        quote: 'Particular care must be taken if works and installations containing dangerous forces, namely dams, dykes and nuclear electrical generating stations, and other installations located at or in their vicinity are attacked, in order to avoid the release of dangerous forces and consequent severe losses among the civilian population.',
        at: 'ICRC Customary IHL Study, Rule 42',
        url: 'https://www.icrc.org/applic/ihl/ihl.nsf/ART/612-042?OpenDocument',
      },
    ],
    unchecked: 'Additional Protocol I, Art. 56, named in the source, was not checked against the treaty text.',
    evaluate(r) {
      if (atDangerousForces(r) !== 'yes') return notApplicable('The target is not a work or installation containing dangerous forces, nor said to be at or near one.');
      return conditional(
        'The target is, or is at or near, a work or installation containing dangerous forces (whether it is a military objective is judged under R8; AP I 56 and AP II 15 decide whether it may be attacked).',
        'Take particular care to avoid releasing the dangerous forces and the severe losses among civilians that would follow',
        ['target.status'],
      );
    },
  },
  {
    ...ihl,
    id: 'API-56',
    scope: 'international',
    source: 'Additional Protocol I, Art. 56(1)–(3)',
    statement:
      'Works and installations containing dangerous forces — dams, dykes, nuclear electrical generating stations — and military objectives at or near them shall not be attacked, even where they are military objectives, if the attack may cause the release of dangerous forces and consequent severe losses among the civilian population; the special protection ceases only on the conditions of Art. 56(2), which the attacker must show.',
    verification: 'V',
    quotes: [
      {
        quote: 'Works and installations containing dangerous forces, namely dams, dykes and nuclear electrical generating stations, shall not be made the object of attack, even where these objects are military objectives, if such attack may cause the release of dangerous forces and consequent severe losses among the civilian population.',
        at: 'Additional Protocol I, Art. 56(1), first sentence, as quoted in the ICRC Customary IHL Study, Practice Relating to Rule 42',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v2_rul_rule42',
      },
      {
        quote: 'Other military objectives located at or in the vicinity of these works or installations shall not be made the object of attack if such attack may cause the release of dangerous forces from the works or installations and consequent severe losses among the civilian population.',
        at: 'Additional Protocol I, Art. 56(1), second sentence, as quoted in the ICRC Customary IHL Study, Practice Relating to Rule 42',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v2_rul_rule42',
      },
      {
        quote: 'The special protection against attack provided for in paragraph 1 shall cease:',
        at: 'Additional Protocol I, Art. 56(2), opening words (followed by sub-paragraphs (a)–(c), each "only if" the object is used in "regular, significant and direct support of military operations and if such attack is the only feasible way to terminate such support"), as quoted in the ICRC Customary IHL Study, Practice Relating to Rule 42',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v2_rul_rule42',
      },
      {
        quote: 'In all cases, the civilian population and individual civilians shall remain entitled to all the protection accorded them by international law, including the protection of the precautionary measures provided for in Article 57.',
        at: 'Additional Protocol I, Art. 56(3), first sentence, as quoted in the ICRC Customary IHL Study, Practice Relating to Rule 42',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v2_rul_rule42',
      },
    ],
    evaluate(r) {
      return dangerousForcesRule(r, 'AP I 56', true);
    },
  },
  {
    ...ihl,
    id: 'APII-15',
    scope: 'non_international',
    source: 'Additional Protocol II, Art. 15',
    statement:
      'In a non-international armed conflict, works and installations containing dangerous forces shall not be made the object of attack, even where they are military objectives, if the attack may cause the release of dangerous forces and consequent severe losses among the civilian population — with no exception.',
    verification: 'V',
    quotes: [
      {
        quote: 'Works or installations containing dangerous forces, namely dams, dykes and nuclear electrical generating stations, shall not be made the object of attack, even where these objects are military objectives, if such attack may cause the release of dangerous forces and consequent severe losses among the civilian population.',
        at: 'Additional Protocol II, Art. 15, English text as published in the Dutch treaty series (Trb. 1978, 42) on inview.nl',
        url: 'https://inview.nl/document/id352116db74515dc4cd9b192305287ad9/protocol-additional-to-the-geneva-conventions-of-12-august-1949-and-relating-to-the-protection-of-victims-of-non-international-armed-conflicts-protocol-ii-article-15-protection-of-works-and-installations-containing-dangerous-forces-07-12-1978-tot',
      },
      {
        quote: 'unlike Article 56 of Protocol I \' (Protection of works and installations containing dangerous forces), \' it expresses the general principle without providing for any exceptions, which means that the rule is stated more categorically.',
        at: 'ICRC Commentary of 1987 on Additional Protocol II, Art. 15, para. 4816 (ICRC IHL Databases copy)',
        url: 'https://ihl-databases.icrc.org/en/ihl-treaties/apii-1977/article-15/commentary/1987?activeTab=default',
      },
    ],
    evaluate(r) {
      return dangerousForcesRule(r, 'AP II 15', false);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R54',
    source: cihl(54),
    statement: 'Attacking, destroying, removing or rendering useless objects indispensable to the survival of the civilian population is prohibited.',
    verification: 'V',
    quotes: [
      {
        quote: 'Attacking, destroying, removing or rendering useless objects indispensable to the survival of the civilian population is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 54',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule54',
      },
    ],
    evaluate(r) {
      const object = objectTarget(r);
      if (!object || object.status !== 'indispensable_to_survival') return notApplicable('The target is not an object indispensable to the survival of the civilian population.');
      return prohibits('The target is indispensable to the survival of the civilian population: it may not be attacked, destroyed, removed or rendered useless.', ['target.status']);
    },
  },
  // ── Persons hors de combat ──────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R46',
    source: cihl(46),
    statement: 'Ordering that no quarter will be given, threatening an adversary with it, or conducting hostilities on that basis is prohibited.',
    verification: 'V',
    quotes: [
      {
        quote: 'Ordering that no quarter will be given, threatening an adversary therewith or conducting hostilities on this basis is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 46',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule46',
      },
    ],
    paradigms: HOSTILITIES,
    evaluate(r, context) {
      const person = personTarget(r);
      if (!person || (person.status !== 'surrendering' && person.status !== 'hors_de_combat')) return notApplicable('The target is not surrendering or hors de combat.');
      const arrest = arrestFeasibility(r, context);
      if (lethality(r) === 'no' || arrest.value !== 'no') return notApplicable('Lethal force is not proposed on the ground that prisoners cannot be taken.');
      return prohibits(
        'Lethal force is proposed against people who surrender or are hors de combat, because taking them prisoner is not feasible: that is to deny quarter. Being unable to take prisoners never permits killing them.',
        ['target.status', 'means.lethal', ...arrest.facts],
        { judgement: arrest.judgement },
      );
    },
  },
  {
    ...ihl,
    id: 'CIHL-R47',
    source: cihl(47),
    statement:
      'Attacking persons recognised as hors de combat is prohibited: anyone in the power of an adverse party, defenceless, or clearly expressing an intention to surrender — provided they abstain from any hostile act and do not attempt to escape.',
    verification: 'V',
    quotes: [
      {
        quote: 'Attacking persons who are recognized as hors de combat is prohibited. A person hors de combat is: (a) anyone who is in the power of an adverse party; (b) anyone who is defenceless because of unconsciousness, shipwreck, wounds or sickness; or (c) anyone who clearly expresses an intention to surrender; provided he or she abstains from any hostile act and does not attempt to escape.',
        at: 'ICRC Customary IHL Study, Rule 47',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule47',
      },
    ],
    evaluate(r) {
      const person = personTarget(r);
      if (!person || (person.status !== 'surrendering' && person.status !== 'hors_de_combat')) return notApplicable('The target is not surrendering or hors de combat.');
      const lapse = (accepted: boolean, reason: string) =>
        exception('CIHL-R47-hostile-act-or-escape', 'Protection lapses if the person commits a hostile act or attempts to escape', accepted, reason);
      if (r.threat.hostileAct === 'yes') {
        return satisfied('The person commits a hostile act, so is not hors de combat; the facts conflict with the status given, and the consistency check asks which is true.', ['target.status', 'threat.hostileAct'], {
          exception: lapse(true, 'The request says the person commits a hostile act.'),
        });
      }
      if (r.purpose === 'prevent_escape') {
        return satisfied('The person is attempting to escape, so protection from attack lapses; the law-enforcement rules govern force to prevent the escape.', ['target.status', 'purpose'], {
          exception: lapse(true, 'The purpose is to prevent an escape.'),
        });
      }
      return prohibits(`The target is ${person.status === 'surrendering' ? 'surrendering' : 'hors de combat'}: they may not be attacked.`, ['target.status', 'threat.hostileAct', 'purpose'], {
        exception: lapse(false, 'The request does not say the person commits a hostile act or attempts to escape.'),
      });
    },
  },
  {
    ...ihl,
    scope: 'all',
    id: 'ICRC-2021-DEFENSIVE',
    source: 'ICRC position on autonomous weapon systems (May 2021), on systems used to defend against munitions; CIHL R71 (predictability)',
    statement:
      'A defensive interceptor — counter-rocket, artillery and mortar, counter-drone, air defence — applies force to munitions and aircraft in flight, not to persons; it must be predictable, limited to such targets, and supervised by a person who can intervene.',
    verification: 'M',
    unchecked:
      'What the ICRC position of 12 May 2021 says about systems that defend against munitions and aircraft in flight was not found: only its recommendation bullets were seen, and only as reproduced at second hand (ai-for-less-suffering.pages.dev; see ICRC-2021-1 to ICRC-2021-3), and they do not name defensive interceptors. CIHL Rule 71 ("The use of weapons which are by nature indiscriminate is prohibited", icrc.org) was found, but it does not state this rule; the limits to munitions and aircraft and the supervising person are Haven\'s reading, not checked against an ICRC text.',
    evaluate(r) {
      if (r.means.weapon !== 'interceptor') return notApplicable('The means is not a defensive interceptor.');
      const person = personTarget(r);
      if (person) return prohibits('A defensive interceptor is for munitions and aircraft in flight: it is not a means of force against persons.', ['means.weapon', 'target.kind']);
      const facts = ['means.weapon', 'target.status', 'means.autonomy.predictable'];
      switch (r.means.autonomy.predictable) {
        case 'no':
          return prohibits('The interceptor\'s effects cannot be sufficiently predicted (CIHL R71).', facts);
        case 'unknown':
          return needsFact('Predictability still applies to an interceptor (CIHL R71): say whether its effects can be predicted.', ['means.autonomy.predictable']);
        case 'yes':
          return conditional(
            'Force against a munition or aircraft in flight, by a predictable interceptor: not force against a person.',
            'Engage only munitions and aircraft in flight identified as hostile; keep a person able to intervene and deactivate the system; account for debris and failed interceptions falling on civilians',
            facts,
          );
      }
    },
  },
  // ── Weapons ─────────────────────────────────────────────────────────────────────────────────────────────────────
  {
    ...ihl,
    id: 'CIHL-R70',
    source: cihl(70),
    statement: 'The use of means and methods of warfare of a nature to cause superfluous injury or unnecessary suffering is prohibited.',
    verification: 'V',
    quotes: [
      {
        quote: 'The use of means and methods of warfare which are of a nature to cause superfluous injury or unnecessary suffering is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 70',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule70',
      },
    ],
    evaluate(r) {
      if (r.means.weapon === 'other') {
        return needsFact('The weapon is not classified, so it cannot be checked against the prohibitions on means: give its class (or the nearest one).', ['means.weapon']);
      }
      return satisfied('The weapon class is known; its specific prohibitions, if any, are the rules that follow.', ['means.weapon']);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R71',
    source: cihl(71),
    statement: 'The use of weapons which are by nature indiscriminate is prohibited.',
    verification: 'V',
    quotes: [
      {
        quote: 'The use of weapons which are by nature indiscriminate is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 71',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_cha_chapter20_rule71',
      },
    ],
    evaluate(r) {
      if (r.means.weapon === 'other') return needsFact('The weapon is not classified, so whether it is indiscriminate by nature cannot be judged.', ['means.weapon']);
      if (!isAutonomous(r) && r.means.weapon !== 'interceptor') return satisfied('The weapon class is not one the engine treats as indiscriminate by nature.', ['means.weapon']);
      switch (r.means.autonomy.predictable) {
        case 'no':
          return prohibits(
            'The system selects or engages targets itself and its effects cannot be sufficiently predicted: it cannot be directed at a specific objective nor its effects limited (the ICRC, May 2021, on unpredictable autonomous weapons).',
            ['means.autonomy.level', 'means.autonomy.predictable'],
          );
        case 'unknown':
          return needsFact('The system selects or engages targets itself, or intercepts in flight: say whether its effects can be predicted.', ['means.autonomy.predictable']);
        case 'yes':
          return satisfied('The system is predictable.', ['means.autonomy.level', 'means.autonomy.predictable']);
      }
    },
  },
  {
    ...weaponBan('CIHL-R72', cihl(72), 'The use of poison or poisoned weapons is prohibited.', 'poison', 'Poison and poisoned weapons are prohibited.'),
    verification: 'V',
    quotes: [
      {
        quote: 'The use of poison or poisoned weapons is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 72',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_cha_chapter21_rule72',
      },
    ],
  },
  {
    ...weaponBan('CIHL-R73', cihl(73), 'The use of biological weapons is prohibited.', 'biological_weapon', 'Biological weapons are prohibited.'),
    verification: 'V',
    quotes: [
      {
        quote: 'The use of biological weapons is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 73',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule73',
      },
    ],
  },
  {
    ...weaponBan('CIHL-R74', cihl(74), 'The use of chemical weapons is prohibited.', 'chemical_weapon', 'Chemical weapons are prohibited.'),
    verification: 'V',
    quotes: [
      {
        quote: 'The use of chemical weapons is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 74',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule74',
      },
    ],
  },
  {
    ...weaponBan(
      'CIHL-R75',
      cihl(75),
      'The use of riot-control agents as a method of warfare is prohibited.',
      'riot_control_agent',
      'Riot-control agents used in the conduct of hostilities are a method of warfare, which is prohibited.',
    ),
    paradigms: HOSTILITIES,
    hostilitiesOnlyMeans: true,
    verification: 'V',
    quotes: [
      {
        quote: 'The use of riot-control agents as a method of warfare is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 75',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule75',
      },
    ],
  },
  {
    ...weaponBan(
      'CIHL-R77',
      cihl(77),
      'The use of bullets which expand or flatten easily in the human body is prohibited in the conduct of hostilities.',
      'expanding_bullets',
      'Expanding bullets are prohibited in the conduct of hostilities.',
    ),
    paradigms: HOSTILITIES,
    hostilitiesOnlyMeans: true,
    verification: 'V',
    quotes: [
      {
        quote: 'The use of bullets which expand or flatten easily in the human body is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 77',
        url: 'https://ihl-databases.icrc.org/en/customary-ihl/v1/rule77',
      },
    ],
  },
  {
    ...landmineRule('CIHL-R81', 81, 'When landmines are used, particular care must be taken to minimise their indiscriminate effects.', 'Take particular care to minimise the indiscriminate effects of the mines'),
    verification: 'V',
    quotes: [
      {
        quote: 'When landmines are used, particular care must be taken to minimize their indiscriminate effects.',
        at: 'ICRC Customary IHL Study, Rule 81',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule81',
      },
    ],
  },
  {
    ...landmineRule('CIHL-R82', 82, 'A party using landmines must record their placement, as far as possible.', 'Record the placement of the mines, as far as possible'),
    verification: 'V',
    quotes: [
      {
        quote: 'A party to the conflict using landmines must record their placement, as far as possible.',
        at: 'ICRC Customary IHL Study, Rule 82',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule82',
      },
    ],
  },
  {
    ...landmineRule(
      'CIHL-R83',
      83,
      'At the end of active hostilities, a party that has used landmines must remove them or otherwise render them harmless to civilians, or facilitate their removal.',
      'At the end of active hostilities, remove the mines or render them harmless to civilians, or facilitate their removal',
    ),
    verification: 'V',
    quotes: [
      {
        quote: 'At the end of active hostilities, a party to the conflict which has used landmines must remove or otherwise render them harmless to civilians, or facilitate their removal.',
        at: 'ICRC Customary IHL Study, Rule 83',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule83',
      },
    ],
  },
  {
    ...ihl,
    id: 'CIHL-R84',
    source: cihl(84),
    statement: 'If incendiary weapons are used, particular care must be taken to avoid, and in any event to minimise, incidental civilian death, injury and damage.',
    verification: 'V',
    quotes: [
      {
        quote: 'If incendiary weapons are used, particular care must be taken to avoid, and in any event to minimize, incidental loss of civilian life, injury to civilians and damage to civilian objects.',
        at: 'ICRC Customary IHL Study, Rule 84',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule84',
      },
    ],
    evaluate(r) {
      if (r.means.weapon !== 'incendiary') return notApplicable('The means is not an incendiary weapon.');
      return conditional('Incendiary weapons are to be used.', 'Take particular care to avoid, and in any event to minimise, incidental civilian death, injury and damage', ['means.weapon']);
    },
  },
  {
    ...ihl,
    id: 'CIHL-R85',
    source: cihl(85),
    statement: 'The anti-personnel use of incendiary weapons is prohibited, unless it is not feasible to use a less harmful weapon to render a person hors de combat.',
    verification: 'V',
    quotes: [
      {
        quote: 'The anti-personnel use of incendiary weapons is prohibited, unless it is not feasible to use a less harmful weapon to render a person hors de combat.',
        at: 'ICRC Customary IHL Study, Rule 85',
        url: 'https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule85',
      },
    ],
    evaluate(r) {
      if (r.means.weapon !== 'incendiary' || !personTarget(r)) return notApplicable('No incendiary weapon is used against persons.');
      const infeasible = (accepted: boolean, reason: string) =>
        exception('CIHL-R85-no-less-harmful-weapon', 'It is not feasible to use a less harmful weapon to render the person hors de combat', accepted, reason);
      switch (r.alternatives.lessHarmfulMeansFeasible) {
        case 'yes':
          return prohibits('An incendiary weapon against persons, when a less harmful weapon is feasible.', ['means.weapon', 'alternatives.lessHarmfulMeansFeasible'], {
            exception: infeasible(false, 'The request says a less harmful means is feasible.'),
          });
        case 'no':
          return satisfied('No less harmful weapon is feasible to render the person hors de combat.', ['means.weapon', 'alternatives.lessHarmfulMeansFeasible'], {
            exception: infeasible(true, 'The request says no less harmful means is feasible.'),
          });
        case 'unknown':
          return needsFact('An incendiary weapon against persons is prohibited unless no less harmful weapon is feasible: say whether one is.', ['alternatives.lessHarmfulMeansFeasible']);
      }
    },
  },
  {
    ...weaponBan(
      'CIHL-R86',
      cihl(86),
      'The use of laser weapons specifically designed, as their sole combat function or as one of them, to cause permanent blindness to unenhanced vision is prohibited.',
      'blinding_laser',
      'Blinding laser weapons are prohibited.',
    ),
    verification: 'V',
    quotes: [
      {
        quote: 'The use of laser weapons that are specifically designed, as their sole combat function or as one of their combat functions, to cause permanent blindness to unenhanced vision is prohibited.',
        at: 'ICRC Customary IHL Study, Rule 86',
        url: 'http://www.icrc.org/customary-ihl/eng/docs/v1_rul_rule86',
      },
    ],
  },
];

/** A rule that prohibits one weapon class outright (in the paradigms the rule belongs to). */
function weaponBan(id: string, source: string, statement: string, weapon: ForceRequest['means']['weapon'], reason: string): RuleDefinition {
  return {
    ...ihl,
    id,
    source,
    statement,
    verification: 'M',
    evaluate(r) {
      if (r.means.weapon !== weapon) return notApplicable(`The means is not ${weapon.replaceAll('_', ' ')}.`);
      return prohibits(reason, ['means.weapon']);
    },
  };
}

function landmineRule(id: string, rule: number, statement: string, condition: string): RuleDefinition {
  return {
    ...ihl,
    id,
    source: cihl(rule),
    statement,
    verification: 'M',
    evaluate(r) {
      if (r.means.weapon !== 'anti_personnel_mine') return notApplicable('No landmines are used.');
      return conditional('Landmines are to be used; customary IHL regulates rather than prohibits them (the Ottawa Convention prohibits anti-personnel mines).', condition, ['means.weapon']);
    },
  };
}

/**
 * AP I 56 and AP II 15: the special protection of works containing dangerous forces. Whether an attack may release them
 * is a fact that decides legality; that the protection has ceased (AP I 56(2), which AP II 15 does not have) is for the
 * user to show: unknown counts as not shown.
 */
function dangerousForcesRule(r: ForceRequest, article: string, ceasesOnConditions: boolean) {
  const object = objectTarget(r);
  if (!object) return notApplicable('The target is a person.');
  const at = atDangerousForces(r);
  if (at === 'no') return notApplicable('The objective is not, and is not at or near, a work or installation containing dangerous forces.');
  if (at === 'unknown') {
    return conditional(
      'Whether the objective is at or near a work or installation containing dangerous forces is not stated.',
      `Verify that the objective is not a dam, dyke or nuclear electrical generating station, nor at or near one; if it is, ${article} decides whether it may be attacked`,
      ['target.atWorksContainingDangerousForces'],
    );
  }
  const facts = ['target.status', 'target.atWorksContainingDangerousForces', 'target.releaseOfDangerousForces'];
  switch (object.releaseOfDangerousForces) {
    case 'no':
      return satisfied(`The attack is not expected to release the dangerous forces: ${article}'s prohibition is not engaged (R42's particular care remains).`, facts);
    case 'unknown':
      return needsFact(`Whether the attack may release the dangerous forces, with severe losses among civilians, decides ${article}: say whether it may.`, ['target.releaseOfDangerousForces']);
    case 'yes':
      break;
  }
  if (!ceasesOnConditions) {
    return prohibits(`The attack may release dangerous forces and cause severe losses among civilians: ${article} prohibits it, even against a military objective, and admits no exception.`, facts);
  }
  const ceased = (accepted: boolean, reason: string) =>
    exception(
      'API-56(2)',
      'The special protection ceases only if the work is used in regular, significant and direct support of military operations (for a dam or dyke: other than its normal function) and the attack is the only feasible way to terminate that support (AP I 56(2)(a)–(c))',
      accepted,
      reason,
    );
  if (object.specialProtectionCeased === 'yes') {
    return conditional(
      'The attack may release dangerous forces, but the special protection has ceased on the conditions of AP I 56(2).',
      'Take every practical precaution to avoid the release of the dangerous forces (AP I 56(3)); the civilian population keeps all its protection',
      [...facts, 'target.specialProtectionCeased'],
      { exception: ceased(true, 'The request shows that the conditions of Art. 56(2) are met.') },
    );
  }
  return prohibits(
    `The attack may release dangerous forces and cause severe losses among civilians: ${article} prohibits it, even against a military objective, unless the conditions of Art. 56(2) are shown.`,
    [...facts, 'target.specialProtectionCeased'],
    { exception: ceased(false, object.specialProtectionCeased === 'no' ? 'The request says the conditions are not met.' : 'The conditions are not shown: the burden is on the attacker, and unknown is not shown.') },
  );
}
