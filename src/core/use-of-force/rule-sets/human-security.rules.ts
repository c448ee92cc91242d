import type { RuleDefinition, RuleSetVersion } from '../assessment.js';
import type { ForceRequest } from '../force-request.schema.js';
import { LIFE_PROTECTING_PURPOSES, PURPOSE_NAMES } from '../purposes.js';
import {
  arrestFeasibility,
  atDangerousForces,
  exception,
  conditional,
  isFirearm,
  judgedBy,
  lethality,
  needsFact,
  needsJudgement,
  notApplicable,
  objectTarget,
  personTarget,
  prohibits,
  satisfied,
  threatImminence,
} from '../rule-helpers.js';
import { isIn, OFFENSIVE_MEANS, WEAPON_NAMES } from '../weapon-classes.js';

/**
 * The human-security principles (Kaldor & Rangelov, as docs/use-of-force.md states what each asks of an assessment).
 * They are policy a force adopts on top of the law, so they only ever restrict. No text of theirs was found to check
 * the wording against, so they are marked M, and each says so in `unchecked`.
 */
export const HUMAN_SECURITY_RULE_SET: RuleSetVersion = {
  id: 'human_security',
  version: '2026.12.2',
  date: '2026-12-07',
  title: 'Human-security principles: every life counts, stability not victory, defensive posture, civilian control, arrest and accountability',
};

const source = (principle: string) => `Human-security principles (Kaldor & Rangelov): ${principle}`;
const hs = { ruleSet: 'human_security', scope: 'all', verification: 'M' } as const;

/** Everyone's expected deaths, group by group, with the paths of the estimates that are missing. */
function everyonesDeaths(r: ForceRequest) {
  const groups = [
    ['civilians', r.expectedEffects.civilians.deaths, 'expectedEffects.civilians.deaths'],
    ['own force', r.expectedEffects.ownForce.deaths, 'expectedEffects.ownForce.deaths'],
    ['opposing force', r.expectedEffects.opposingForce.deaths, 'expectedEffects.opposingForce.deaths'],
  ] as const;
  const missing = groups.filter(([, estimate]) => !estimate).map(([, , path]) => path);
  const best = groups.reduce((sum, [, e]) => sum + (e?.best ?? 0), 0);
  const high = groups.reduce((sum, [, e]) => sum + (e?.high ?? 0), 0);
  const detail = groups.map(([name, e]) => `${name} ${e ? e.best : 'unknown'}`).join(', ');
  return { missing, best, high, detail };
}

export const HUMAN_SECURITY_RULES: readonly RuleDefinition[] = [
  {
    ...hs,
    id: 'HS-ALL-LIFE',
    source: source('minimise all loss of life'),
    statement:
      "Every expected death counts — civilians', the force's own and enemy fighters' — and is shown; an option that kills fewer is preferred; force that may kill needs the judgement that it is strictly unavoidable.",
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked.',
    evaluate(r, context) {
      // Every death is to be recorded, estimated or not: a missing estimate is a duty to record, not a bar to permission.
      const deaths = everyonesDeaths(r);
      const facts = ['expectedEffects.civilians.deaths', 'expectedEffects.ownForce.deaths', 'expectedEffects.opposingForce.deaths', 'means.lethal'];
      const lethal = lethality(r);
      const counted = `expected deaths, best estimate ${deaths.best} and up to ${deaths.high} (${deaths.detail})${deaths.missing.length > 0 ? '; not estimated: ' + deaths.missing.join(', ') : ''}`;
      const record = `Count and record every death — civilians', the force's own and the opposing force's: ${counted}; prefer any option that would kill fewer`;
      if (deaths.high === 0 && lethal === 'no') {
        if (deaths.missing.length === 0) return satisfied('No one is expected to die, and the means is not lethal.', facts);
        // Someone judged that force which may kill is not strictly unavoidable: whether this force may kill now rests on
        // the estimates not given, and their silence must not permit what a stated death would prohibit.
        if (personTarget(r) && context.judgement('lethal_force_strictly_unavoidable')?.value === 'no') {
          return needsFact(`Force that may kill was judged not strictly unavoidable, and whether this force may kill is not known: ${deaths.missing.join(', ')} not estimated.`, deaths.missing);
        }
        return conditional('The means is not lethal; some expected deaths are not estimated.', record, facts);
      }
      if (!personTarget(r)) {
        // Against an object — a tank, a mortar, a rocket in flight — the strictly-unavoidable test for force against a
        // person does not run; the deaths the force may cause are still counted and recorded.
        return conditional(`Force against an object that may kill: ${counted}.`, record, facts);
      }
      if (deaths.high === 0 && lethal === 'unknown') return needsFact('No one is expected to die, but whether the means may kill is unknown.', ['means.lethal']);
      const judged = context.judgement('lethal_force_strictly_unavoidable');
      if (!judged) return needsJudgement(`Force that may kill: ${counted}. Whether it is strictly unavoidable to protect life is a human judgement.`, 'lethal_force_strictly_unavoidable');
      if (judged.value === 'no') return prohibits(`Force that may kill (${counted}) is not strictly unavoidable: ${judgedBy(judged)}.`, facts, { judgement: judged });
      return conditional(`Force that may kill, judged strictly unavoidable (${judgedBy(judged)}).`, record, facts, { judgement: judged });
    },
  },
  {
    ...hs,
    id: 'HS-HARD-LIMITS',
    source:
      'Human-security principles (Kaldor & Rangelov): minimise all loss of life; the hard limits — AP I Art. 56 and AP II Art. 15 (works and installations containing dangerous forces), and the mission\'s own ceiling on expected civilian deaths',
    statement:
      'Limits no signed judgement overrides: no attack on works or installations containing dangerous forces, or on objectives at or near them, that may release those forces; no force expected to kill more civilians than the mission\'s ceiling.',
    unchecked:
      'The ceiling on expected civilian deaths is the mission\'s own setting: no outside text states it, so there is nothing to check it against. The dangerous-forces limit rests on AP I Art. 56(1) and AP II Art. 15, whose texts were found and are quoted under API-56 and APII-15, but that these limits hold with no exception and override any signed judgement (AP I Art. 56(2) admits exceptions) is Haven\'s own choice; and no text of Kaldor and Rangelov\'s was found, so the attribution to them was not checked.',
    evaluate(r) {
      const failures: string[] = [];
      const missing: string[] = [];
      const facts: string[] = [];
      const object = objectTarget(r);
      // What the object is decides whether a hard limit protects it: its status is never presumed.
      if (object?.status === 'unknown') missing.push('target.status');
      if (object && atDangerousForces(r) === 'yes') {
        facts.push('target.atWorksContainingDangerousForces', 'target.releaseOfDangerousForces');
        if (object.releaseOfDangerousForces === 'no') {
          // Not engaged: the attack cannot release the forces.
        } else {
          failures.push(
            `${object.releaseOfDangerousForces === 'yes' ? 'the attack may release' : 'it is not shown that the attack cannot release'} the dangerous forces of a dam, dyke or nuclear electrical generating station — whatever AP I 56(2) allows under IHL`,
          );
        }
      }
      const ceiling = r.mission.hardLimits.maxExpectedCivilianDeaths;
      if (ceiling !== undefined) {
        const deaths = r.expectedEffects.civilians.deaths;
        facts.push('mission.hardLimits.maxExpectedCivilianDeaths', 'expectedEffects.civilians.deaths');
        if (!deaths) missing.push('expectedEffects.civilians.deaths');
        else if (deaths.best > ceiling) failures.push(`the best estimate of civilian deaths (${deaths.best}) is above the mission's ceiling of ${ceiling}`);
      }
      const override = exception('HS-HARD-LIMITS-no-override', 'A signed judgement (not excessive, strictly unavoidable, precautions taken) overrides the limit', false, 'Hard limits are not open to judgement.');
      if (failures.length > 0) return prohibits(`A hard limit is crossed: ${failures.join('; ')}.`, facts, { exception: override });
      if (missing.length > 0) return needsFact('A hard limit may bear on this request: say what the object is, and estimate the civilian deaths where the mission sets a ceiling.', missing);
      if (facts.length === 0) return notApplicable('No hard limit bears on this request: no works containing dangerous forces, and no ceiling on civilian deaths set by the mission.');
      return satisfied('No hard limit is crossed.', facts);
    },
  },
  {
    ...hs,
    id: 'HS-PROTECTIVE-PURPOSE',
    source: source('stability rather than victory'),
    statement:
      'The purpose of force must be protection — of civilians, of life, of humanitarian space, of a ceasefire — never the defeat of an enemy as such; the risk of escalation is a stated factor.',
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked.',
    evaluate(r) {
      const purpose = PURPOSE_NAMES[r.purpose];
      if (r.purpose === 'neutralise_military_objective') return prohibits(`The purpose is ${purpose}: defeat of an enemy as such, not protection.`, ['purpose']);
      if (r.purpose === 'seize_military_objective') {
        return conditional(
          `The purpose is ${purpose}: it can serve protection (removing weapons, securing a site), but is not protective in itself.`,
          'State the protective purpose the seizure serves, and weigh the risk of escalation',
          ['purpose'],
        );
      }
      if (r.purpose === 'other') return needsFact('The purpose is not one of those listed: state the protective purpose it serves.', ['purpose']);
      return satisfied(`The purpose is ${purpose}: ${LIFE_PROTECTING_PURPOSES.includes(r.purpose) ? 'the protection of life' : 'policing, which serves protection'}.`, ['purpose']);
    },
  },
  {
    ...hs,
    id: 'HS-DEFENSIVE',
    source: source('defensive rather than offensive'),
    statement: 'Defensive capabilities and postures are preferred; offensive means need a protective purpose.',
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked.',
    evaluate(r) {
      const weapon = r.means.weapon;
      if (weapon === 'other') return needsFact('The weapon is not classified, so whether it is an offensive capability cannot be judged.', ['means.weapon']);
      if (!isIn(OFFENSIVE_MEANS, weapon)) return satisfied(`Not an offensive capability: ${WEAPON_NAMES[weapon]}.`, ['means.weapon']);
      if (LIFE_PROTECTING_PURPOSES.includes(r.purpose)) {
        return conditional(
          `An offensive capability (${WEAPON_NAMES[weapon]}), for a protective purpose (${PURPOSE_NAMES[r.purpose]}).`,
          'Use the offensive means only for the protective purpose stated, within a defensive posture, weighing the risk of escalation',
          ['means.weapon', 'purpose'],
        );
      }
      return prohibits(`An offensive capability (${WEAPON_NAMES[weapon]}), and the purpose (${PURPOSE_NAMES[r.purpose]}) is not the protection of life.`, ['means.weapon', 'purpose']);
    },
  },
  {
    ...hs,
    id: 'HS-CIVILIAN-CONTROL',
    source: source('civilian control'),
    statement:
      "The mission's civilian authority approves the use of force, or the force is recorded as taken under emergency self-defence and reported to it at once.",
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked.',
    evaluate(r, context) {
      if (!r.mission.civilianApprovalRequired) {
        return conditional('The mission does not require prior approval by its civilian authority.', "Report the use of force to the mission's civilian authority at once", [
          'mission.civilianApprovalRequired',
        ]);
      }
      const emergency = LIFE_PROTECTING_PURPOSES.includes(r.purpose) && threatImminence(r, context).value === 'imminent';
      if (emergency) {
        return conditional(
          'An imminent threat to protect against may leave no time to ask.',
          "The mission's civilian authority approves before force is used — or, if there is no time, the force is recorded as emergency self-defence and reported to it at once",
          ['mission.civilianApprovalRequired', 'purpose', 'threat.imminence'],
        );
      }
      return conditional("The mission requires its civilian authority's approval.", "The mission's civilian authority approves before force is used", ['mission.civilianApprovalRequired']);
    },
  },
  {
    ...hs,
    id: 'HS-ARREST',
    source: source('arrest rather than kill'),
    statement: 'Where arrest is feasible, lethal force is not permitted.',
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked.',
    evaluate(r, context) {
      if (!personTarget(r)) return notApplicable('The target is an object.');
      const lethal = isFirearm(r) ? 'yes' : lethality(r);
      if (lethal === 'no') return notApplicable('No lethal force is proposed: arrest with less-lethal force is judged under the law-enforcement rules.');
      const arrest = arrestFeasibility(r, context);
      switch (arrest.value) {
        case 'yes':
          return lethal === 'yes'
            ? prohibits('Arrest is feasible: lethal force is not permitted.', ['means.lethal', ...arrest.facts], { judgement: arrest.judgement })
            : needsFact('Arrest is feasible: say whether the force proposed may kill.', ['means.lethal']);
        case 'unknown':
          return needsFact('Whether arrest is feasible decides whether lethal force may be considered at all.', ['alternatives.arrestFeasible']);
        case 'no':
          return satisfied('Arrest is not feasible.', [...arrest.facts], { judgement: arrest.judgement });
      }
    },
  },
  {
    ...hs,
    id: 'HS-WEAPON-REVIEW',
    source: 'Human security: no weapon used without a completed legal review; AP I Art. 36',
    statement:
      'A weapon from the capability register, or an autonomous system, is used only once its legal review (AP I Art. 36) is completed and did not find it prohibited.',
    quotes: [
      {
        quote:
          'In the study, development, acquisition or adoption of a new weapon, means or method of warfare, a High Contracting Party is under an obligation to determine whether its employment would, in some or all circumstances, be prohibited by this Protocol or by any other rule of international law applicable to the High Contracting Party.',
        at: 'Protocol Additional to the Geneva Conventions of 12 August 1949 (Protocol I), Art. 36, ICRC IHL databases',
        url: 'https://ihl-databases.icrc.org/applic/ihl/ihl.nsf/Article.xsp?action=openDocument&documentId=FEB84E9C01DDC926C12563CD0051DAF7',
      },
    ],
    unchecked:
      "Article 36 obliges a state to review a new weapon; that no weapon may be used in a human-security operation before its review is completed is Haven's rule (docs/posture-and-spending.md, capability rule HS-CAP-2): no outside text states it, so it was not checked. Means in general service and not in the register are not asked about: their review is the force's, not each request's.",
    evaluate(r) {
      const named = r.means.capabilityId !== undefined;
      if (!named && r.means.autonomy.level === 'human_operated' && r.means.weapon !== 'autonomous_system') {
        return notApplicable("A means in general service, not named from the register: its weapons review is the force's, not asked of each request.");
      }
      switch (r.means.legalReview) {
        case 'not_required':
          return satisfied('Not a weapon: it needs no weapons review.', ['means.legalReview']);
        case 'lawful':
          return satisfied('Its legal review is completed and found it lawful.', ['means.legalReview']);
        case 'unlawful':
          return prohibits('Its legal review found its use prohibited.', ['means.legalReview']);
        case 'not_completed':
          return prohibits('Its legal review is not completed: it may not be used.', ['means.legalReview']);
        case 'unknown':
          return needsFact('Say whether the system has completed its legal review (AP I Art. 36), or name it from the capability register.', ['means.legalReview', 'means.capabilityId']);
      }
    },
  },
  {
    ...hs,
    id: 'HS-ACCOUNTABILITY',
    source: `${source('accountability')}; UN Basic Principles 6 and 22 on reporting [M]`,
    statement: 'Every use of force is reported and reviewable.',
    unchecked: 'The wording is Haven\'s statement of the principle; no text of Kaldor and Rangelov\'s was found in the stored copies, so neither the wording nor its attribution to them was checked. The Basic Principles 6 and 22 on reporting, named in the source, were not checked against their text either.',
    evaluate() {
      return conditional(
        'Every use of force is reported and open to review.',
        'Report the use of force and every death and injury it causes at once; keep the record open to review, and to independent investigation where anyone is killed or seriously injured',
        [],
      );
    },
  },
];
