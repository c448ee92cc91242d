import type { Paradigm, RuleDefinition, RuleFinding, RuleSetVersion } from '../assessment.js';
import type { ForceRequest, WeaponClass } from '../force-request.schema.js';
import {
  arrestFeasibility,
  civilianHarm,
  conditional,
  exception,
  indiscriminateLimbs,
  isAutonomous,
  isFirearm,
  judgedBy,
  lessExtremeMeansSuffice,
  lethality,
  needsFact,
  needsJudgement,
  notApplicable,
  objectTarget,
  personTarget,
  prohibits,
  satisfied,
  threatImminence,
  unknownPaths,
} from '../rule-helpers.js';

/**
 * Law enforcement under international human rights law: the legal floor wherever force is policing, and the paradigm
 * the human-security column always applies. Statements paraphrase the instruments (docs/use-of-force.md). Marks: V where the rule's `quotes` give the passage found in a copy of the source; M where it was not found, with
 * `unchecked` saying precisely what was not checked (docs/use-of-force.md lists both).
 */
export const LAW_ENFORCEMENT_RULE_SET: RuleSetVersion = {
  id: 'law_enforcement',
  version: '2026.12',
  date: '2026-12-06',
  title: 'Law enforcement under human rights law: UN Code of Conduct, UN Basic Principles, McCann, OHCHR less-lethal guidance',
};

const LAW_ENFORCEMENT: readonly Paradigm[] = ['law_enforcement'];
const le = { ruleSet: 'law_enforcement', scope: 'law_enforcement', paradigms: LAW_ENFORCEMENT } as const;
const bpuff = (principle: number) => `UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle ${principle}`;

/** BPUFF P9 and P10 speak to firearms against persons; intentional lethal force by any means is held to the same. */
const firearmsOrLethalForceAgainstPerson = (r: ForceRequest): boolean => personTarget(r) !== undefined && (isFirearm(r) || lethality(r) !== 'no');

export const LAW_ENFORCEMENT_RULES: readonly RuleDefinition[] = [
  {
    ...le,
    id: 'CCLEO-3',
    source: 'UN Code of Conduct for Law Enforcement Officials (1979), Art. 3',
    statement: 'Force only when strictly necessary and to the extent required for the performance of duty; firearms are an extreme measure.',
    verification: 'V',
    quotes: [
      {
        quote: 'Law enforcement officials may use force only when strictly necessary and to the extent required for the performance of their duty.',
        at: 'UN Code of Conduct for Law Enforcement Officials (1979), Art. 3',
        url: 'http://www.law-ref.org/OFFICIALS/article3.html',
      },
      {
        quote: 'The use of firearms is considered an extreme measure.',
        at: 'UN Code of Conduct for Law Enforcement Officials (1979), commentary (c) on Art. 3',
        url: 'http://www.law-ref.org/OFFICIALS/article3.html',
      },
    ],
    evaluate(r) {
      if (r.purpose === 'neutralise_military_objective') {
        return prohibits('Neutralising an adversary is not a law-enforcement duty: force serves to prevent crime, to arrest, or to protect life.', ['purpose']);
      }
      if (objectTarget(r)) {
        // Art. 3's firearms test speaks to force against persons: against an object it asks only for necessity.
        return conditional('Force against an object, not a person.', 'Use force only when strictly necessary, and only to the extent required', ['target.kind', 'means.weapon']);
      }
      const lethal = lethality(r);
      if (!isFirearm(r) && lethal === 'no') {
        const arrestTeam =
          r.means.weapon === 'arrest_team' ? '; an arrest team escalates only as far as the resistance requires, and to firearms only on the grounds of BPUFF P9' : '';
        return conditional('Force short of firearms or lethal force.', `Use force only when strictly necessary, and only to the extent required${arrestTeam}`, ['means.weapon', 'means.lethal']);
      }
      // Unknown is never "not lethal": whether the force is meant to kill decides which test applies.
      if (!isFirearm(r) && lethal === 'unknown') {
        return needsFact('Say whether this force is meant to be lethal: firearms and lethal force are an extreme measure, judged more strictly.', ['means.lethal']);
      }
      switch (r.alternatives.lessLethalAvailable) {
        case 'unknown':
        case 'yes':
          return conditional(
            'Firearms or lethal force, with less-lethal means available.',
            'Firearms only as an extreme measure: use the less-lethal means available first, unless they would be insufficient',
            ['means.weapon', 'alternatives.lessLethalAvailable'],
          );
        case 'no':
          return conditional('Firearms or lethal force, with no less-lethal means available.', 'Firearms only as an extreme measure, when strictly necessary', ['means.weapon', 'alternatives.lessLethalAvailable']);
      }
    },
  },
  {
    ...le,
    id: 'BPUFF-P4',
    source: bpuff(4),
    statement: 'Non-violent means first: force only if they remain ineffective or hold no promise of achieving the intended result.',
    verification: 'V',
    quotes: [
      {
        quote: 'Law enforcement officials, in carrying out their duty, shall, as far as possible, apply non-violent means before resorting to the use of force and firearms.  They may use force and firearms only if other means remain ineffective or without any promise of achieving the intended result.',
        at: 'UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle 4',
        url: 'http://www.facing-finance.org/en/database/norms-and-standards/un-basic-principles-on-the-use-of-force-and-firearms-by-law-enforcement-officials/',
      },
    ],
    evaluate(r, context) {
      const tried = r.alternatives.nonViolentMeansTried;
      const imminence = threatImminence(r, context);
      const noPromise = (accepted: boolean, reason: string) => exception('BPUFF-P4-no-promise', 'Non-violent means hold no promise of achieving the result', accepted, reason);
      if (tried === 'yes') return satisfied('Non-violent means were tried first.', ['alternatives.nonViolentMeansTried']);
      if (imminence.value === 'imminent') {
        return satisfied('The threat is imminent: there is no time for non-violent means, which hold no promise.', ['alternatives.nonViolentMeansTried', ...imminence.facts], {
          exception: noPromise(true, 'The threat is imminent.'),
          judgement: imminence.judgement,
        });
      }
      return conditional(
        tried === 'no' ? 'Non-violent means have not been tried, and no imminent threat is established.' : 'Whether non-violent means were tried is not stated, and no imminent threat is established.',
        'Try non-violent means first — presence, persuasion, negotiation, a warning; force only if they fail or hold no promise',
        ['alternatives.nonViolentMeansTried', ...imminence.facts],
        { exception: noPromise(false, 'No imminent threat is established that would leave no time for them.') },
      );
    },
  },
  {
    ...le,
    id: 'BPUFF-P5',
    source: bpuff(5),
    statement:
      'When force is unavoidable: restraint, in proportion to the seriousness of the offence and the legitimate aim; minimise damage and injury, respect and preserve human life; medical aid to the injured as soon as possible; relatives informed.',
    verification: 'V',
    quotes: [
      {
        quote: 'Whenever the lawful use of force and firearms is unavoidable, law enforcement officials shall:',
        at: 'UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle 5',
        url: 'http://www.facing-finance.org/en/database/norms-and-standards/un-basic-principles-on-the-use-of-force-and-firearms-by-law-enforcement-officials/',
      },
      {
        quote: '(a)Exercise restraint in such use and act in proportion to the seriousness of the offence and the legitimate objective to be achieved;',
        at: 'UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle 5(a)',
        url: 'https://activistrights.org.au/kb/police-powers-and-your-rights/police-standards/',
      },
    ],
    unchecked: 'Principle 5(b)–(d) (minimise damage and injury and preserve life; medical aid at the earliest possible moment; relatives informed) were seen only in a paraphrase (openlegalblogarchive.org), not in the text.',
    evaluate(r, context) {
      const excessive = context.judgement('incidental_harm_excessive');
      if (excessive?.value === 'yes') {
        return prohibits(`The harm expected to others is excessive (${judgedBy(excessive)}): force that fails even that measure fails restraint and proportionality.`, ['expectedEffects.civilians'], {
          judgement: excessive,
        });
      }
      const limbs = indiscriminateLimbs(r);
      if (limbs.met.length > 0) {
        return prohibits(`The means cannot be used with restraint: ${limbs.met.join('; ')}.`, ['means.directedAtSpecificObjective', 'means.effectsCanBeLimited']);
      }
      if (limbs.missing.length > 0) {
        return needsFact('Restraint and proportionality weigh what the means can be limited to: say whether it can be directed at its target and its effects limited.', limbs.missing);
      }
      const unestimated = civilianHarm(r).missing.length > 0 ? '; estimate the harm to bystanders before acting and record what it proves to be' : '';
      return conditional(
        'Force is to be used.',
        `Exercise restraint in proportion to the seriousness of the offence and the aim; minimise damage and injury; give medical aid to anyone injured as soon as possible; inform relatives${unestimated}`,
        ['expectedEffects', 'means.weapon'],
      );
    },
  },
  {
    ...le,
    id: 'BPUFF-P9',
    source: bpuff(9),
    statement:
      'Firearms against persons only in self-defence or defence of others against the imminent threat of death or serious injury, to prevent a particularly serious crime involving grave threat to life, to arrest a person presenting such a danger and resisting, or to prevent his escape — and only when less extreme means are insufficient. Intentional lethal use only when strictly unavoidable to protect life.',
    verification: 'V',
    quotes: [
      {
        quote: 'Law enforcement officials shall not use firearms against persons except in self-defence or defence of others against the imminent threat of death or serious injury, to prevent the perpetration of a particularly serious crime involving grave threat to life, to arrest a person presenting such a danger and resisting their authority, or to prevent his or her escape, and only when less extreme means are insufficient to achieve these objectives.',
        at: 'UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle 9, as quoted by UNODC (E4J, Crime Prevention and Criminal Justice, Module 4)',
        url: 'https://www.unodc.org/e4j/ru/crime-prevention-criminal-justice/module-4/key-issues/4--the-use-of-firearms.html',
      },
      {
        quote: 'In any event, intentional lethal use of firearms may only be made when strictly unavoidable in order to protect life.',
        at: 'UN Basic Principles on the Use of Force and Firearms by Law Enforcement Officials (1990), Principle 9 (last sentence), as quoted in a presentation on the international rules on police use of firearms',
        url: 'https://slideplayer.com./amp/16295934',
      },
    ],
    evaluate(r, context) {
      if (!personTarget(r)) return notApplicable('Force against an object: P9 governs firearms against persons.');
      if (!firearmsOrLethalForceAgainstPerson(r)) return notApplicable('Neither firearms nor lethal force: less-lethal force is judged under P4, P5 and the OHCHR guidance.');
      const lethal = lethality(r);
      const failures: string[] = [];
      const missing: string[] = unknownPaths([[lethal, 'means.lethal']]);
      const facts = ['means.weapon', 'means.lethal', 'purpose', 'threat.toLife'];
      if (r.means.autonomy.level === 'autonomous_target_selection') {
        failures.push('no person would judge the threat in the moment: the system selects and engages by itself');
      } else if (isAutonomous(r)) {
        if (r.means.autonomy.humanCanIntervene === 'no') failures.push('no person could intervene to judge the threat in the moment');
        missing.push(...unknownPaths([[r.means.autonomy.humanCanIntervene, 'means.autonomy.humanCanIntervene']]));
      }
      const imminence = threatImminence(r, context);
      if (r.purpose === 'arrest' || r.purpose === 'prevent_escape' || r.purpose === 'prevent_serious_crime') {
        // (b), (c) and (d): a particularly serious crime involving grave threat to life, or a person presenting such a
        // danger; the danger need not be imminent at the moment.
        if (r.threat.toLife === 'no') failures.push('there is no grave threat to life, so firearms may not be used to arrest, to stop an escape or to prevent the crime');
        missing.push(...unknownPaths([[r.threat.toLife, 'threat.toLife']]));
      } else {
        if (imminence.value === 'not_imminent') failures.push('the threat is not imminent');
        if (r.threat.toLife === 'no') failures.push('there is no threat of death or serious injury');
        missing.push(...unknownPaths([[imminence.value, 'threat.imminence'], [r.threat.toLife, 'threat.toLife']]));
        facts.push(...imminence.facts);
      }
      // Less extreme means: the stated `lessHarmfulMeansFeasible`, or — when it is not stated — no less-lethal means available.
      const lessExtreme = lessExtremeMeansSuffice(r);
      facts.push(...lessExtreme.facts);
      if (lessExtreme.value === 'yes') failures.push('less extreme means would suffice');
      missing.push(...unknownPaths([[lessExtreme.value, 'alternatives.lessHarmfulMeansFeasible']]));
      if (failures.length > 0) return prohibits(`Firearms or lethal force are not permitted: ${failures.join('; ')}.`, facts, { judgement: imminence.judgement });
      const judged = context.judgement('lethal_force_strictly_unavoidable');
      // A signed "not strictly unavoidable" refuses intentional lethal force whatever else is still to be established.
      if (lethal === 'yes' && judged?.value === 'no') return prohibits(`Lethal force is not strictly unavoidable to protect life: ${judgedBy(judged)}.`, facts, { judgement: judged });
      if (missing.length > 0) return needsFact('Firearms or lethal force against a person need an established threat to life that less extreme means cannot meet.', missing);
      if (lethal !== 'yes') return satisfied('The grounds for firearms are present, and no intentional lethal use is proposed.', facts);
      if (!judged) return needsJudgement('The grounds are present. Whether intentional lethal force is strictly unavoidable to protect life is a human judgement.', 'lethal_force_strictly_unavoidable');
      return judged.value === 'yes'
        ? satisfied(`Lethal force is strictly unavoidable to protect life: ${judgedBy(judged)}.`, facts, { judgement: judged })
        : prohibits(`Lethal force is not strictly unavoidable to protect life: ${judgedBy(judged)}.`, facts, { judgement: judged });
    },
  },
  {
    ...le,
    id: 'BPUFF-P10',
    source: bpuff(10),
    statement:
      'Identify yourselves and give a clear warning of the intent to use firearms, with time for it to be heeded — unless that would put officials or others at risk, or would be clearly inappropriate or pointless.',
    verification: 'M',
    unchecked: 'The text of Principle 10 (identification and warning) was not found in the stored copies of the Basic Principles; the statement is the domain reference\'s paraphrase, not checked against the text.',
    evaluate(r) {
      if (!firearmsOrLethalForceAgainstPerson(r)) return notApplicable('Neither firearms nor lethal force against a person.');
      const atRiskOrPointless = (accepted: boolean, reason: string) =>
        exception('BPUFF-P10-risk-or-pointless', 'A warning would put officials or others at risk, or be clearly inappropriate or pointless', accepted, reason);
      if (r.alternatives.warningGiven === 'yes') return satisfied('A warning was given.', ['alternatives.warningGiven']);
      switch (r.alternatives.warningFeasible) {
        case 'no':
          return satisfied('No warning: it would put people at risk or be pointless.', ['alternatives.warningFeasible'], {
            exception: atRiskOrPointless(true, 'The request says a warning is not feasible.'),
          });
        case 'yes':
          return conditional('A warning is feasible and has not been given.', 'Identify yourselves and give a clear warning of the intent to use firearms, with time for it to be heeded', [
            'alternatives.warningFeasible',
            'alternatives.warningGiven',
          ], { exception: atRiskOrPointless(false, 'The request says a warning is feasible.') });
        case 'unknown':
          return conditional(
            'No warning has been given, and whether one is feasible is not stated.',
            'Identify yourselves and give a clear warning of the intent to use firearms, with time for it to be heeded — unless that would put people at risk or be clearly pointless',
            ['alternatives.warningFeasible', 'alternatives.warningGiven'],
          );
      }
    },
  },
  {
    ...le,
    id: 'MCCANN',
    source: 'McCann and Others v. the United Kingdom, European Court of Human Rights (Grand Chamber), 1995',
    statement:
      'Force must be no more than absolutely necessary, judged over the planning and control of the whole operation, not only the moment of firing: was arrest planned for, and did the operation allow for the intelligence being wrong?',
    verification: 'V',
    quotes: [
      {
        quote: 'The use of force, however, must be no more than “absolutely necessary” for the achievement of one of the purposes set out in sub-paragraphs (a), (b) or (c)',
        at: 'McCann and Others v. the United Kingdom, ECtHR (Grand Chamber), no. 18984/91, judgment of 27 September 1995, § 148',
        url: 'http://policehumanrightsresources.org/?p=5012',
      },
      {
        quote: 'the Court must, in making its assessment, subject deprivations of life to the most careful scrutiny, particularly where deliberate lethal force is used, taking into consideration not only the actions of the agents of the State who actually administer the force but also all the surrounding circumstances including such matters as the planning and …',
        at: 'McCann and Others v. the United Kingdom, § 150',
        url: 'http://policehumanrightsresources.org/?p=5012',
      },
    ],
    unchecked: '§ 150 was seen only as far as "the planning and" (its end, on the control of the operation, was not); the Court\'s findings on the Gibraltar operation that the statement draws on (arrest not planned for; the intelligence not allowed to be wrong) were not checked against the judgment\'s later paragraphs.',
    evaluate(r, context) {
      if (!firearmsOrLethalForceAgainstPerson(r)) return notApplicable('Neither firearms nor lethal force against a person.');
      if (r.situation.plannedOperation === 'no') {
        return notApplicable('Not a planned operation — a spontaneous response, such as returning fire: the test of planning and control applies to planned operations.');
      }
      const arrest = arrestFeasibility(r, context);
      const precautions = context.judgement('precautions_feasible_taken');
      const facts = [...arrest.facts, 'alternatives.targetVerified'];
      if (arrest.value === 'yes') {
        return prohibits('Arrest is feasible: an operation planned and controlled so that lethal force is used when arrest was possible is not absolutely necessary.', facts, {
          judgement: arrest.judgement,
        });
      }
      if (precautions?.value === 'no') {
        return prohibits(`The planning and control of the operation did not take every feasible precaution (${judgedBy(precautions)}).`, facts, { judgement: precautions });
      }
      // Whether arrest is feasible decides; planning, control and verification are duties, attached as conditions.
      if (arrest.value === 'unknown') return needsFact('Whether arrest is feasible decides whether an operation may plan for lethal force: say whether it is.', ['alternatives.arrestFeasible']);
      if (!precautions || r.alternatives.targetVerified !== 'yes') {
        return conditional(
          r.alternatives.targetVerified === 'yes' ? 'The planning and control of the operation are a duty to carry out.' : 'The intelligence is not verified, or not said to be.',
          'Plan and control the operation to minimise recourse to lethal force: plan for arrest, allow for the intelligence being wrong, verify before acting, and do not make lethal force the automatic response (a named person confirms the planning)',
          facts,
          { judgement: precautions },
        );
      }
      return satisfied(`Arrest is not feasible, the intelligence is verified, and the operation was planned with every feasible precaution (${judgedBy(precautions)}).`, facts, {
        judgement: precautions,
      });
    },
  },
  {
    ...le,
    id: 'BPUFF-P12-14',
    source: `${bpuff(12)}–14 (assemblies)`,
    statement:
      'Everyone may take part in lawful and peaceful assemblies (P12); an unlawful but non-violent assembly is dispersed without force, or with the minimum force where that is not practicable (P13); in a violent assembly firearms only when less dangerous means are not practicable, to the minimum extent, and only on the grounds of P9 (P14).',
    verification: 'M',
    unchecked:
      'The text of Principles 12, 13 and 14 was not found: the copies of the Basic Principles seen (facing-finance.org and UNODC E4J, quoted for Principles 4, 5 and 9) were not seen to reach the section on unlawful assemblies, and searches for its wording found no other copy, so the statement of P12–P14 was not checked against the instrument.',
    evaluate(r) {
      const stated = r.situation.assembly;
      if (stated === 'none' || (stated === 'unknown' && r.purpose !== 'crowd_control')) return notApplicable('The force is not used on an assembly.');
      // Not stated, but violence in the crowd is: a hostile act makes the assembly violent (P14).
      const assembly = stated === 'unknown' && r.threat.hostileAct === 'yes' ? 'violent' : stated;
      const person = personTarget(r);
      if (!person) return notApplicable('Force against an object.');
      const firearms = isFirearm(r) || lethality(r) !== 'no';
      const facts = ['situation.assembly', 'means.weapon', 'means.lethal', ...(assembly === stated ? [] : ['threat.hostileAct'])];
      switch (assembly) {
        case 'unknown':
          return needsFact('Force on a crowd: whether the assembly is peaceful, unlawful but non-violent, or violent decides what force, if any, may be used.', ['situation.assembly']);
        case 'lawful_peaceful':
          return prohibits('The assembly is lawful and peaceful: no force may be used to disperse it (P12).', facts);
        case 'unlawful_non_violent':
          return firearms
            ? prohibits('An unlawful but non-violent assembly: firearms and lethal force may not be used to disperse it (P13, P14).', facts)
            : conditional('An unlawful but non-violent assembly (P13).', 'Disperse without force; where that is not practicable, use only the minimum force necessary', facts);
        case 'violent':
          return conditional(
            'A violent assembly (P14).',
            firearms
              ? 'Firearms only when less dangerous means are not practicable, to the minimum extent necessary, and only against a person on the grounds of P9 — never indiscriminately into the crowd'
              : 'Use less dangerous means first and only to the extent necessary; separate the violent from those who are not',
            facts,
          );
      }
    },
  },
  {
    ...le,
    id: 'ECHR-2',
    source:
      'European Convention on Human Rights, Art. 2(2); McCann and Others v. the United Kingdom, ECtHR (Grand Chamber), 18984/91, 27 September 1995, paras. 148–150; ICCPR Art. 6(1)',
    statement:
      'Deprivation of life is not in breach of the right to life only when it results from force no more than absolutely necessary — in defence of any person from unlawful violence, to effect a lawful arrest or prevent an escape, or to quell a riot or insurrection — strictly proportionate to that aim, judged with the planning and control of the operation.',
    verification: 'V',
    quotes: [
      {
        quote: 'Deprivation of life shall not be regarded as inflicted in contravention of this article when it results from the use of force which is no more than absolutely necessary: a. in defence of any person from unlawful violence; b. in order to effect a lawful arrest or to prevent the escape of a person lawfully detained; c. in action lawfully taken for the purpose of quelling a riot or insurrection.',
        at: 'European Convention on Human Rights, Art. 2(2), as reproduced in A. Tymofeyeva (ed.), European Court of Human Rights in Action, ch. IV',
        url: 'https://rozkotova.cld.bz/ECtHR-IN-ACTION/41',
      },
      {
        quote: 'The use of force, however, must be no more than “absolutely necessary” for the achievement of one of the purposes set out in sub-paragraphs (a), (b) or (c)',
        at: 'McCann and Others v. the United Kingdom, ECtHR (Grand Chamber), 18984/91, 27 September 1995, para. 148, as reproduced by policehumanrightsresources.org',
        url: 'http://policehumanrightsresources.org/?p=5012',
      },
      {
        quote: 'In particular, the force used must be strictly proportionate to the achievement of the aims set out in sub-paragraphs 2 (a), (b) and (c) of Article 2 (art. 2-2-a-b-c).',
        at: 'McCann and Others v. the United Kingdom, ECtHR (Grand Chamber), 18984/91, 27 September 1995, para. 149, as reproduced by policehumanrightsresources.org',
        url: 'http://policehumanrightsresources.org/?p=5012',
      },
      {
        quote: 'taking into consideration not only the actions of the agents of the State who actually administer the force but also all the surrounding circumstances including such matters as the planning and',
        at: 'McCann and Others v. the United Kingdom, ECtHR (Grand Chamber), 18984/91, 27 September 1995, para. 150 (the copy seen breaks off at "planning and c…"), as reproduced by policehumanrightsresources.org',
        url: 'http://policehumanrightsresources.org/?p=5012',
      },
    ],
    evaluate(r) {
      if (!firearmsOrLethalForceAgainstPerson(r)) return notApplicable('Neither firearms nor lethal force against a person.');
      if (r.purpose === 'seize_military_objective' || r.purpose === 'neutralise_military_objective' || r.purpose === 'other') {
        return r.purpose === 'other'
          ? needsFact('Art. 2(2) admits force that may kill only for the aims it lists: state the purpose.', ['purpose'])
          : prohibits('Taking or neutralising a military objective is not one of the aims for which Art. 2(2) admits force that may kill.', ['purpose']);
      }
      return conditional(
        'Force that may kill, for an aim Art. 2(2) admits.',
        'No more force than absolutely necessary, strictly proportionate to the aim (McCann, paras. 148–149); the operation is planned and controlled to minimise recourse to lethal force (para. 150)',
        ['purpose', 'means.weapon', 'means.lethal'],
      );
    },
  },
  {
    ...le,
    id: 'OHCHR-LLW',
    source: 'OHCHR Guidance on Less-Lethal Weapons (2020) — weapon-by-weapon uses; thresholds from memory, to be checked',
    statement:
      'Each less-lethal weapon has lawful and unlawful uses — legality, precaution, necessity, proportionality, non-discrimination and accountability, judged weapon by weapon (batons, irritants, kinetic impact projectiles, electric weapons, water cannon).',
    verification: 'M',
    unchecked: 'Only the Guidance\'s contents were seen (general principles of legality, precaution, necessity, proportionality and non-discrimination; accountability; a section per weapon: batons, chemical irritants, electric weapons, kinetic impact projectiles, dazzling weapons, water cannon); the weapon-by-weapon thresholds for lawful and unlawful use were not checked against its text.',
    evaluate(r, context) {
      const imminence = threatImminence(r, context);
      const children = r.expectedEffects.childrenPresent === 'yes' ? '; children are present: take particular care of them' : '';
      const canLeave = (weaponName: string, condition: string) => {
        switch (r.alternatives.evacuationPossible) {
          case 'no':
            return prohibits(`${weaponName} may not be used on people who cannot move away (confined spaces, blocked exits).`, ['means.weapon', 'alternatives.evacuationPossible']);
          case 'unknown':
            return needsFact(`${weaponName} may be used only where people can move away: say whether they can.`, ['alternatives.evacuationPossible']);
          case 'yes':
            return conditional(`${weaponName}, where people can move away.`, condition + children, ['means.weapon', 'alternatives.evacuationPossible']);
        }
      };
      const againstImminentThreat = (weaponName: string, condition: string) => {
        switch (imminence.value) {
          case 'not_imminent':
            return prohibits(`${weaponName} only against a person posing an imminent threat of injury, and none is established.`, ['means.weapon', ...imminence.facts], {
              judgement: imminence.judgement,
            });
          case 'unknown':
            return needsFact(`${weaponName} only against a person posing an imminent threat of injury: say whether the threat is imminent.`, ['threat.imminence']);
          case 'imminent':
            return conditional(`${weaponName} against an imminent threat.`, condition + children, ['means.weapon', ...imminence.facts], { judgement: imminence.judgement });
        }
      };
      const byWeapon: Partial<Record<WeaponClass, () => RuleFinding>> = {
        baton: () => conditional('A baton.', 'Strike only to counter a threat of injury or violent resistance; never at the head, neck, throat or spine' + children, ['means.weapon']),
        kinetic_impact_projectile: () =>
          againstImminentThreat('Kinetic impact projectiles', 'Aim only at the lower body of the person posing the threat; never at the head or face, never fired indiscriminately into a crowd'),
        electric_weapon: () => againstImminentThreat('An electric weapon', 'No repeated or prolonged discharges, never in drive-stun mode to cause pain, and never where a fall could be lethal'),
        riot_control_agent: () => canLeave('Riot-control agents', 'Use irritants only to disperse a crowd whose violence threatens people; never in confined spaces, never fired directly at a person'),
        water_cannon: () =>
          canLeave('A water cannon', 'Use only against serious public disorder with a likelihood of loss of life, serious injury or widespread destruction; never at close range or at the head'),
      };
      return byWeapon[r.means.weapon]?.() ?? notApplicable('The means is not one of the less-lethal weapons the guidance treats.');
    },
  },
];
