import { hasFired, isMorePermissive, type RegimeAssessment, type TraceEntry } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';
import { personTarget } from './rule-helpers.js';
import { WEAPON_NAMES } from './weapon-classes.js';

/**
 * Why the two verdicts differ, in plain words, derived from the findings — never from the verdicts alone. Each
 * reason names the rules it stands for; any decisive human-security rule no reason covers is stated on its own, so no
 * difference goes unexplained.
 */

const entryOf = (a: RegimeAssessment, ruleId: string): TraceEntry | undefined => a.trace.find((e) => e.ruleId === ruleId);
const prohibitsIn = (a: RegimeAssessment, ruleId: string): boolean => entryOf(a, ruleId)?.finding.outcome === 'prohibits';
const firedIn = (a: RegimeAssessment, ruleId: string): boolean => {
  const entry = entryOf(a, ruleId);
  return entry !== undefined && hasFired(entry);
};

interface Reason {
  text: string;
  /** The rules the reason explains. */
  covers: string[];
}

function reasonsFor(r: ForceRequest, ihl: RegimeAssessment, hs: RegimeAssessment): Reason[] {
  const reasons: Reason[] = [];
  const add = (when: boolean, text: string, covers: string[] = []) => {
    if (when) reasons.push({ text, covers });
  };
  const person = personTarget(r);
  const hostilities = ihl.paradigm === 'conduct_of_hostilities';

  add(hostilities, 'IHL governs this act as conduct of hostilities; human security applies law enforcement, whatever the situation.');
  add(
    ihl.paradigm === 'undetermined',
    'Whether there is an armed conflict is unknown, so IHL cannot be applied yet; human security applies law enforcement regardless, and still needs to know whether the IHL floor applies.',
  );

  const byStatus = person?.status === 'fighter' ? 'a fighter by status' : person?.status === 'civilian_directly_participating' ? 'a civilian directly participating in hostilities, for such time as they participate' : undefined;
  add(
    hostilities && byStatus !== undefined && !prohibitsIn(ihl, 'CIHL-R1') && (firedIn(hs, 'BPUFF-P9') || firedIn(hs, 'HS-ARREST') || firedIn(hs, 'MCCANN')),
    `IHL permits attacking ${byStatus}; human security requires an imminent threat to life and that arrest be infeasible.`,
    ['BPUFF-P9', 'HS-ARREST', 'MCCANN', 'BPUFF-P10', 'BPUFF-P4', 'CCLEO-3'],
  );

  add(
    prohibitsIn(ihl, 'CIHL-R75') && !prohibitsIn(hs, 'CWC-I(5)'),
    'Riot-control agents are prohibited as a method of warfare (CIHL R75, CWC Art. I(5)) but may be used in law enforcement, judged weapon by weapon (OHCHR guidance).',
    ['CIHL-R75', 'OHCHR-LLW'],
  );
  add(prohibitsIn(ihl, 'CIHL-R77'), 'Expanding bullets are prohibited in the conduct of hostilities (CIHL R77) but may be lawful in law enforcement.', ['CIHL-R77']);

  add(
    prohibitsIn(hs, 'OTTAWA-1'),
    'The Ottawa Convention prohibits anti-personnel mines whatever the target; customary IHL regulates them (particular care, recording, removal: CIHL R81–R83).',
    ['OTTAWA-1'],
  );
  add(prohibitsIn(hs, 'CCM-1'), 'The Convention on Cluster Munitions prohibits them whatever the target; IHL judges the attack by distinction, precautions and proportionality.', ['CCM-1']);
  add(prohibitsIn(hs, 'CCW-III-2'), 'CCW Protocol III prohibits this use of incendiary weapons.', ['CCW-III-2']);
  add(prohibitsIn(hs, 'CCW-IV-1') && !prohibitsIn(ihl, 'CIHL-R86'), 'CCW Protocol IV prohibits blinding laser weapons.', ['CCW-IV-1']);
  add(prohibitsIn(hs, 'CWC-I(5)'), 'Riot-control agents used to take or neutralise a military objective are a method of warfare, which the Chemical Weapons Convention prohibits.', ['CWC-I(5)']);

  add(
    prohibitsIn(hs, 'HS-PROTECTIVE-PURPOSE'),
    'Human security asks for a protective purpose — stability, not victory: neutralising a military objective is the defeat of an enemy as such, which IHL allows and human security does not.',
    ['HS-PROTECTIVE-PURPOSE', 'CCLEO-3'],
  );
  add(
    prohibitsIn(hs, 'HS-DEFENSIVE'),
    `Human security keeps offensive means (${WEAPON_NAMES[r.means.weapon]}) for the protection of life; IHL asks for no protective purpose.`,
    ['HS-DEFENSIVE'],
  );

  const { ownForce, opposingForce } = r.expectedEffects;
  const combatantDeaths = (ownForce.deaths?.high ?? 0) + (opposingForce.deaths?.high ?? 0);
  const count = (e: { best: number; high: number } | undefined) => (e ? `${e.best}, up to ${e.high}` : 'not yet estimated');
  add(
    firedIn(hs, 'HS-ALL-LIFE') && combatantDeaths > 0,
    `IHL weighs only the incidental harm to civilians; human security counts every expected death, the force's own (${count(ownForce.deaths)}) and the opposing force's (${count(opposingForce.deaths)}) included.`,
    ['HS-ALL-LIFE'],
  );

  add(
    (prohibitsIn(hs, 'HS-HUMAN-DECISION') || prohibitsIn(hs, 'ICRC-2021-2')) && !prohibitsIn(ihl, 'CIHL-R71') && !prohibitsIn(ihl, 'CIHL-R19'),
    'A system that selects and engages people without a human decision is prohibited under human security; IHL subjects it to predictability (CIHL R71) and to human judgement and the power to cancel (CIHL R15, R19).',
    ['HS-HUMAN-DECISION', 'ICRC-2021-2', 'ICRC-2021-1', 'ICRC-2021-3', 'BPUFF-P9'],
  );

  const medical = entryOf(ihl, 'CIHL-R28')?.finding;
  add(
    medical?.outcome === 'satisfied' && medical.exception?.accepted === true && hs.verdict === 'prohibited',
    'Under IHL the medical unit lost its protection (used for harmful acts, and a warning with a time limit went unheeded); human security still prefers seizing what is stored there to destroying the unit.',
  );

  add(firedIn(hs, 'CRC-OPAC'), 'Under human security a child is a victim first, whatever the child is doing.', ['CRC-OPAC']);

  const roe = hs.trace.filter((e) => e.ruleSet === 'mission_roe' && hasFired(e)).map((e) => e.ruleId);
  add(roe.length > 0, `The mission's ROE restrict further: ${roe.join(', ')}.`, roe);
  return reasons;
}

export function explainDivergence(r: ForceRequest, ihl: RegimeAssessment, hs: RegimeAssessment): string[] {
  if (ihl.verdict === hs.verdict) return [];
  const reasons = reasonsFor(r, ihl, hs);
  const covered = new Set(reasons.flatMap((reason) => reason.covers));
  const ihlDecisive = new Set(ihl.decisiveRules);
  // Where human security is the stricter, every rule that made it so is explained, if not above then by its statement.
  const uncovered = isMorePermissive(ihl.verdict, hs.verdict)
    ? hs.trace.filter((e) => !e.floor && e.ruleSet !== 'engine' && hs.decisiveRules.includes(e.ruleId) && !covered.has(e.ruleId) && !ihlDecisive.has(e.ruleId))
    : [];
  return [...reasons.map((reason) => reason.text), ...uncovered.map((e) => `Human security adds ${e.ruleId}: ${e.statement}`)];
}
