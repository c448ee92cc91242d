import { z } from 'zod';
import type { EvaluationContext, RuleDefinition, RuleFinding, RuleSetVersion } from './assessment.js';
import { AUTONOMY_LEVELS, OBJECT_TARGET_STATUSES, PERSON_TARGET_STATUSES, WEAPON_CLASSES, type ForceRequest } from './force-request.schema.js';
import { conditional, lethality, needsFact, notApplicable, prohibits, threatImminence, unknownPaths } from './rule-helpers.js';
import { WEAPON_NAMES } from './weapon-classes.js';

/**
 * A mission's rules of engagement, as soldiers carry them on an ROE card: numbered rules grouped in series, each a
 * typed restriction. ROE may be stricter than the law, never looser (Sanremo Handbook on ROE, 2009), so a card holds
 * only restrictions; self-defence and the law's permissions come from the other rule sets. Compiled, each rule can
 * only prohibit, attach a condition or ask for a fact — it has no way to say "permitted".
 */

/** The grounds an ROE may keep open for lethal force; each reads facts of the request. */
export const LETHAL_FORCE_GROUNDS = ['hostile_act', 'demonstrated_hostile_intent', 'imminent_threat_to_life'] as const;
export type LethalForceGround = (typeof LETHAL_FORCE_GROUNDS)[number];

const weapons = z.array(z.enum(WEAPON_CLASSES)).min(1).max(WEAPON_CLASSES.length);

export const roeRestrictionSchema = z.discriminatedUnion('type', [
  /** These means are not to be used at all. */
  z.object({ type: z.literal('prohibit_means'), weapons }),
  /** No lethal force unless one of these grounds is present. */
  z.object({ type: z.literal('prohibit_lethal_force_unless'), grounds: z.array(z.enum(LETHAL_FORCE_GROUNDS)).min(1) }),
  /** A warning before any force. */
  z.object({ type: z.literal('require_warning') }),
  /** A named level of command or authority approves first (for lethal force only, or for any force). */
  z.object({ type: z.literal('require_approval'), level: z.string().trim().min(1).max(200), lethalOnly: z.boolean().default(false) }),
  /** These means are not to be used in populated areas. */
  z.object({ type: z.literal('prohibit_in_populated_areas'), weapons }),
  /** No force against these targets. */
  z.object({
    type: z.literal('prohibit_targets'),
    persons: z.array(z.enum(PERSON_TARGET_STATUSES)).default([]),
    objects: z.array(z.enum(OBJECT_TARGET_STATUSES)).default([]),
  }),
  /** Systems at these levels of autonomy are not to be used. */
  z.object({ type: z.literal('prohibit_autonomy'), levels: z.array(z.enum(AUTONOMY_LEVELS)).min(1) }),
]);
export type RoeRestriction = z.output<typeof roeRestrictionSchema>;

export const roeRuleSchema = z
  .object({
    number: z.number().int().min(1).max(99),
    /** The rule's words as printed on the card. */
    text: z.string().trim().min(3).max(2000),
    restriction: roeRestrictionSchema,
  })
  .superRefine((rule, ctx) => {
    if (rule.restriction.type === 'prohibit_targets' && rule.restriction.persons.length + rule.restriction.objects.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['restriction'], message: 'name at least one person or object status' });
    }
  });

export const missionRoeSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The competent authority that issued the card. */
    issuedBy: z.string().trim().min(1).max(200),
    version: z.string().trim().min(1).max(50),
    date: z.iso.date(),
    series: z
      .array(z.object({ number: z.number().int().min(1).max(99), title: z.string().trim().min(1).max(200), rules: z.array(roeRuleSchema).min(1).max(50) }))
      .min(1)
      .max(20),
  })
  .superRefine((roe, ctx) => {
    const seriesSeen = new Set<number>();
    roe.series.forEach((series, s) => {
      if (seriesSeen.has(series.number)) ctx.addIssue({ code: 'custom', path: ['series', s, 'number'], message: `series ${series.number} appears twice` });
      seriesSeen.add(series.number);
      const rulesSeen = new Set<number>();
      series.rules.forEach((rule, i) => {
        if (rulesSeen.has(rule.number)) ctx.addIssue({ code: 'custom', path: ['series', s, 'rules', i, 'number'], message: `ROE ${series.number}.${rule.number} appears twice` });
        rulesSeen.add(rule.number);
      });
    });
  });

export type MissionRoeInput = z.input<typeof missionRoeSchema>;
export type MissionRoe = z.output<typeof missionRoeSchema>;

/** What a compiled ROE rule may find: never `satisfied` — an ROE restricts or stays silent. */
export type RoeFinding = Exclude<RuleFinding, { outcome: 'satisfied' }>;

/** Whether a ground for lethal force is present: yes, no, or unknown with the facts that would settle it. */
function groundPresent(ground: LethalForceGround, r: ForceRequest, context: EvaluationContext): { value: 'yes' | 'no' | 'unknown'; missing: string[] } {
  switch (ground) {
    case 'hostile_act':
      return { value: r.threat.hostileAct, missing: unknownPaths([[r.threat.hostileAct, 'threat.hostileAct']]) };
    case 'demonstrated_hostile_intent':
      return { value: r.threat.hostileIntent, missing: unknownPaths([[r.threat.hostileIntent, 'threat.hostileIntent']]) };
    case 'imminent_threat_to_life': {
      const imminence = threatImminence(r, context).value;
      if (imminence === 'not_imminent' || r.threat.toLife === 'no') return { value: 'no', missing: [] };
      if (imminence === 'imminent' && r.threat.toLife === 'yes') return { value: 'yes', missing: [] };
      return { value: 'unknown', missing: unknownPaths([[imminence, 'threat.imminence'], [r.threat.toLife, 'threat.toLife']]) };
    }
  }
}

const GROUND_NAMES: Record<LethalForceGround, string> = {
  hostile_act: 'a hostile act',
  demonstrated_hostile_intent: 'demonstrated hostile intent',
  imminent_threat_to_life: 'an imminent threat to life',
};

function evaluateRestriction(id: string, restriction: RoeRestriction, r: ForceRequest, context: EvaluationContext): RoeFinding {
  switch (restriction.type) {
    case 'prohibit_means':
      return restriction.weapons.includes(r.means.weapon)
        ? prohibits(`Not to be used under ${id}: ${WEAPON_NAMES[r.means.weapon]}.`, ['means.weapon'])
        : notApplicable(`${id} does not restrict ${WEAPON_NAMES[r.means.weapon]}.`);
    case 'prohibit_lethal_force_unless': {
      const lethal = lethality(r);
      if (lethal === 'no') return notApplicable('No lethal force is proposed.');
      const grounds = restriction.grounds.map((g) => ({ name: GROUND_NAMES[g], ...groundPresent(g, r, context) }));
      if (grounds.some((g) => g.value === 'yes')) return notApplicable(`A ground ${id} keeps open is present: ${grounds.filter((g) => g.value === 'yes').map((g) => g.name).join(', ')}.`);
      const missing = grounds.flatMap((g) => g.missing);
      const names = grounds.map((g) => g.name).join(', or ');
      if (missing.length > 0 || lethal === 'unknown') return needsFact(`${id} allows lethal force only on ${names}: say whether one is present.`, [...missing, ...unknownPaths([[lethal, 'means.lethal']])]);
      return prohibits(`${id} allows lethal force only on ${names}, and none is present.`, ['means.lethal', 'threat']);
    }
    case 'require_warning':
      return r.alternatives.warningGiven === 'yes'
        ? notApplicable(`The warning ${id} requires was given.`)
        : conditional(`${id} requires a warning before force.`, `Warn before using force (${id})`, ['alternatives.warningGiven']);
    case 'require_approval':
      if (restriction.lethalOnly && lethality(r) === 'no') return notApplicable(`${id} requires approval for lethal force only.`);
      return conditional(`${id} requires approval by ${restriction.level}.`, `Approval by ${restriction.level} before ${restriction.lethalOnly ? 'lethal ' : ''}force is used (${id})`, [
        'means.lethal',
      ]);
    case 'prohibit_in_populated_areas': {
      const populated = r.expectedEffects.populatedArea;
      if (!restriction.weapons.includes(r.means.weapon)) return notApplicable(`${id} does not restrict ${WEAPON_NAMES[r.means.weapon]}.`);
      if (populated === 'no') return notApplicable('The area is not populated.');
      return populated === 'yes'
        ? prohibits(`Not to be used in a populated area under ${id}: ${WEAPON_NAMES[r.means.weapon]}.`, ['means.weapon', 'expectedEffects.populatedArea'])
        : needsFact(`${id} restricts ${WEAPON_NAMES[r.means.weapon]} in populated areas: say whether the area is populated.`, ['expectedEffects.populatedArea']);
    }
    case 'prohibit_targets': {
      const listed: readonly string[] = r.target.kind === 'person' ? restriction.persons : restriction.objects;
      if (listed.includes(r.target.status)) return prohibits(`No force against this target (${r.target.status.replaceAll('_', ' ')}) under ${id}.`, ['target.status']);
      if (r.target.status === 'unknown' && listed.length > 0) return needsFact(`${id} protects some targets, and this target's status is unknown.`, ['target.status']);
      return notApplicable(`${id} does not protect this target.`);
    }
    case 'prohibit_autonomy':
      return restriction.levels.includes(r.means.autonomy.level)
        ? prohibits(`Systems at this level of autonomy (${r.means.autonomy.level.replaceAll('_', ' ')}) are not to be used under ${id}.`, ['means.autonomy.level'])
        : notApplicable(`${id} does not restrict this level of autonomy.`);
  }
}

/** The card as rule definitions of the `mission_roe` set, with the version the assessment records. */
export function compileRoe(roe: MissionRoe): { version: RuleSetVersion; rules: readonly RuleDefinition[] } {
  const rules = roe.series.flatMap((series) =>
    series.rules.map((rule): RuleDefinition => {
      const id = `ROE ${series.number}.${rule.number}`;
      return {
        id,
        ruleSet: 'mission_roe',
        source: `${roe.name}, issued by ${roe.issuedBy} (version ${roe.version}, ${roe.date}), series ${series.number} "${series.title}", rule ${series.number}.${rule.number}`,
        scope: 'all',
        statement: rule.text,
        // The card is its own source, read as issued.
        verification: 'V',
        evaluate: (r, context) => evaluateRestriction(id, rule.restriction, r, context),
      };
    }),
  );
  return { version: { id: 'mission_roe', version: roe.version, date: roe.date, title: `${roe.name} (${roe.issuedBy})` }, rules };
}
