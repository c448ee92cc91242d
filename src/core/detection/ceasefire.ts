import type { Category } from '../taxonomy.js';
import { z } from 'zod';
import { COMMITMENT_CODES, type CommitmentCode, type DetectionAgreement, type DetectionIncident, type DetectionZone } from './detection-inputs.js';
import { isViolent } from './incident-harm.js';
import { DETECTION_GRADES, gradeRank, type DetectionGrade } from './site-proximity.js';
import { gradeZonePlacement, timeCover } from './zone-containment.js';

/**
 * Party names compared as people write them: case, accents, punctuation and a leading "the" do not matter
 * ("Government of Ukraine", "government of ukraine", "The Government of Ukraine." are one party).
 */
export function normalisePartyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/** Denial of access in any of its forms breaks a humanitarian-access commitment. */
const HUMANITARIAN_ACCESS_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'denial_of_humanitarian_access',
  'starvation_or_denial_of_access',
  'attack_on_aid_workers',
  'attack_on_convoy',
  'attack_on_medical_transport',
  'obstruction_of_corridor',
]);

/**
 * Which commitments an incident can break, from its coding alone.
 * - cessation_of_hostilities: any violent incident (armed violence, a violent category or deaths);
 * - humanitarian_access: an incident coded as denial of access or an attack on aid, convoys or medical transport;
 * - other: an incident coded explicitly as a ceasefire violation;
 * - heavy_weapons_withdrawal and prisoner_exchange: never: incidents record neither weapons nor detainees, so a
 *   monitor records those breaches by hand.
 */
export function breaksCommitment(incident: DetectionIncident, commitment: CommitmentCode): boolean {
  switch (commitment) {
    case 'cessation_of_hostilities':
      return isViolent(incident);
    case 'humanitarian_access':
      return incident.categories.some((c) => HUMANITARIAN_ACCESS_CATEGORIES.has(c));
    case 'other':
      return incident.categories.includes('ceasefire_violation');
    case 'heavy_weapons_withdrawal':
    case 'prisoner_exchange':
      return false;
  }
}

export type ViolationAttribution = 'perpetrator' | 'party_to_clash';

export interface CeasefireViolation {
  agreementId: string;
  /** The party as the agreement names it. */
  party: string;
  commitment: CommitmentCode;
  grade: DetectionGrade;
  attribution: ViolationAttribution;
  incidentId: string;
  /** The incident's earliest date, or the agreement's start if the incident's dates began before it. */
  date: string;
  /** The agreement's zone the incident was in; absent when the agreement applies everywhere. */
  zoneId?: string;
}

const weaker = (a: DetectionGrade, b: DetectionGrade): DetectionGrade => (gradeRank(a) <= gradeRank(b) ? a : b);

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);

/** Every name under which each party of the agreement may appear in incident records, normalised. */
export function partyNames(agreement: DetectionAgreement): Map<string, string> {
  const names = new Map<string, string>();
  for (const party of agreement.parties) {
    names.set(normalisePartyName(party), party);
    for (const alias of agreement.partyAliases?.[party] ?? []) names.set(normalisePartyName(alias), party);
  }
  return names;
}

/**
 * The violations of one agreement by one incident: one per bound party and commitment broken.
 * - who: an actor named as a bound party (or an alias) who is the perpetrator — probable; or, in a clash between
 *   organised armed sides (state-based or non-state violence) where the record names no perpetrator, a side to
 *   it — possible, since one of the sides broke the ceasefire but the record does not say which. Targets never.
 * - where: inside one of the agreement's zones (by place, graded as for zones), or anywhere if it lists none;
 * - when: within the agreement's validity; an incident dated to a range only partly within it is possible.
 * The grade is the weakest of the three.
 */
export function ceasefireViolations(
  incident: DetectionIncident,
  agreement: DetectionAgreement,
  zonesById: ReadonlyMap<string, DetectionZone>,
  names: ReadonlyMap<string, string> = partyNames(agreement),
): CeasefireViolation[] {
  const cover = timeCover(
    [[dayNumber(agreement.validFrom), agreement.validTo ? dayNumber(agreement.validTo) : Number.POSITIVE_INFINITY]],
    dayNumber(incident.dateEarliest),
    dayNumber(incident.dateLatest),
  );
  if (cover === 'none') return [];
  const commitments = agreement.commitments.filter((c) => breaksCommitment(incident, c.code));
  if (commitments.length === 0) return [];

  const clash = incident.violenceType === 'state_based' || incident.violenceType === 'non_state';
  const attributed = new Map<string, ViolationAttribution>();
  for (const actor of incident.actors) {
    const party = names.get(normalisePartyName(actor.name));
    if (party === undefined) continue;
    if (actor.role === 'perpetrator') attributed.set(party, 'perpetrator');
    else if (actor.role === 'other' && clash && !attributed.has(party)) attributed.set(party, 'party_to_clash');
  }
  if (attributed.size === 0) return [];

  let place: { grade: DetectionGrade; zoneId?: string } | undefined;
  if (agreement.zoneIds.length === 0) place = { grade: 'probable' };
  else {
    for (const zoneId of agreement.zoneIds) {
      const zone = zonesById.get(zoneId);
      const placement = zone && gradeZonePlacement(incident, zone);
      if (placement && (!place || gradeRank(placement.grade) > gradeRank(place.grade))) place = { grade: placement.grade, zoneId };
    }
  }
  if (!place) return [];

  const violations: CeasefireViolation[] = [];
  for (const [party, attribution] of attributed) {
    const grade = weaker(weaker(place.grade, attribution === 'perpetrator' ? 'probable' : 'possible'), cover === 'whole' ? 'probable' : 'possible');
    for (const { code } of commitments) {
      violations.push({
        agreementId: agreement.id,
        party,
        commitment: code,
        grade,
        attribution,
        incidentId: incident.id,
        date: incident.dateEarliest < agreement.validFrom ? agreement.validFrom : incident.dateEarliest,
        ...(place.zoneId !== undefined && { zoneId: place.zoneId }),
      });
    }
  }
  return violations;
}

export const firstViolationSchema = z.object({ date: z.string(), parties: z.array(z.string()), incidentIds: z.array(z.string()), grade: z.enum(DETECTION_GRADES) });
export type FirstViolation = z.output<typeof firstViolationSchema>;

export const partyViolationsSchema = z.object({
  party: z.string(),
  total: z.number().int(),
  probable: z.number().int(),
  commitments: z.array(
    z.object({
      commitment: z.enum(COMMITMENT_CODES),
      total: z.number().int(),
      months: z.array(z.object({ month: z.string(), count: z.number().int(), probable: z.number().int() })),
    }),
  ),
  first: firstViolationSchema.optional(),
});
export type PartyViolations = z.output<typeof partyViolationsSchema>;

export const ceasefireViolationSummarySchema = z.object({
  agreementId: z.string(),
  parties: z.array(partyViolationsSchema),
  /** Who broke it first: the earliest probable violation, or the earliest possible one if none is probable. */
  first: firstViolationSchema.optional(),
});
export type CeasefireViolationSummary = z.output<typeof ceasefireViolationSummarySchema>;

/** GET /detections/ceasefire-violations: its filter, and its answer. */
export const ceasefireViolationsQuerySchema = z.object({ agreementId: z.string().trim().min(1).max(100).optional() });
export const ceasefireViolationListSchema = z.object({ items: z.array(ceasefireViolationSummarySchema) });
export type CeasefireViolationList = z.output<typeof ceasefireViolationListSchema>;

/** What the summary reads of a violation. */
export type CountedViolation = Pick<CeasefireViolation, 'agreementId' | 'party' | 'commitment' | 'grade' | 'incidentId' | 'date'>;

/** The earliest violations among the given ones, preferring probable to possible; ties on the day list every party. */
function firstOf(violations: readonly CountedViolation[]): FirstViolation | undefined {
  const probable = violations.filter((v) => v.grade === 'probable');
  const pool = probable.length > 0 ? probable : violations;
  if (pool.length === 0) return undefined;
  const date = pool.reduce((min, v) => (v.date < min ? v.date : min), pool[0]?.date ?? '');
  const earliest = pool.filter((v) => v.date === date);
  return {
    date,
    parties: [...new Set(earliest.map((v) => v.party))].sort(),
    incidentIds: [...new Set(earliest.map((v) => v.incidentId))].sort(),
    grade: probable.length > 0 ? 'probable' : 'possible',
  };
}

/**
 * Violations per party, per commitment, per month, counted once per incident, and who broke the agreement first. A
 * violation is dated by its incident's earliest date, or by the agreement's start when the incident's dates began
 * before it and reached into it. Every party of the agreement is listed, those without violations with zeros.
 */
export function summariseCeasefireViolations(agreement: Pick<DetectionAgreement, 'id' | 'parties' | 'validFrom'>, violations: readonly CountedViolation[]): CeasefireViolationSummary {
  const own = violations.filter((v) => v.agreementId === agreement.id).map((v) => (v.date < agreement.validFrom ? { ...v, date: agreement.validFrom } : v));
  const unique = new Map<string, CountedViolation>();
  for (const v of own) {
    const key = `${v.party}\u0000${v.commitment}\u0000${v.incidentId}`;
    const seen = unique.get(key);
    if (!seen || gradeRank(v.grade) > gradeRank(seen.grade)) unique.set(key, v);
  }
  const deduplicated = [...unique.values()];
  const parties = [...new Set([...agreement.parties, ...deduplicated.map((v) => v.party)])].map((party): PartyViolations => {
    const mine = deduplicated.filter((v) => v.party === party);
    const commitments = [...new Set(mine.map((v) => v.commitment))].sort().map((commitment) => {
      const ofCommitment = mine.filter((v) => v.commitment === commitment);
      const months = new Map<string, { count: number; probable: number }>();
      for (const v of ofCommitment) {
        const month = v.date.slice(0, 7);
        const cell = months.get(month) ?? { count: 0, probable: 0 };
        cell.count += 1;
        if (v.grade === 'probable') cell.probable += 1;
        months.set(month, cell);
      }
      return {
        commitment,
        total: ofCommitment.length,
        months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, cell]) => ({ month, ...cell })),
      };
    });
    const incidents = new Map<string, DetectionGrade>();
    for (const v of mine) if (incidents.get(v.incidentId) !== 'probable') incidents.set(v.incidentId, v.grade);
    const first = firstOf(mine);
    return {
      party,
      total: incidents.size,
      probable: [...incidents.values()].filter((g) => g === 'probable').length,
      commitments,
      ...(first && { first }),
    };
  });
  const first = firstOf(deduplicated);
  return { agreementId: agreement.id, parties, ...(first && { first }) };
}
