import { z } from 'zod';
import { AUTONOMOUS_FUNCTIONS, HUMAN_ROLES, LEGAL_REVIEW_CONCLUSIONS, LEGAL_REVIEW_STATUSES, TARGET_TYPES, type Capability, type HumanRole } from '../capabilities/capability.schema.js';
import { PROGRAMME_CLASSES } from '../spending/rebalancing.js';
import type { TraceEntry } from './assessment.js';
import type { AutonomyLevel, ForceRequest, LegalReviewStanding, TriState } from './force-request.schema.js';

/**
 * A force request that names a system from the capability register is assessed on the register's facts about it —
 * who decides, what it targets, whether it is predictable and can be stopped, where its legal review stands — not on
 * what the request re-enters. The application reads the record (as the requester may see it) and hands the engine
 * this snapshot, which the assessment keeps, so a decision can be re-explained on the facts it was made on.
 */

const tri = z.enum(['yes', 'no', 'unknown']);

export const registeredSystemSchema = z.object({
  capabilityId: z.string(),
  /** The register's version of the record the assessment read. */
  version: z.number().int(),
  name: z.string(),
  designation: z.string().optional(),
  purpose: z.enum(PROGRAMME_CLASSES),
  isWeapon: z.boolean(),
  humanRole: z.enum(HUMAN_ROLES),
  autonomousFunctions: z.array(z.enum(AUTONOMOUS_FUNCTIONS)),
  targetTypes: z.enum(TARGET_TYPES),
  predictable: tri,
  humanCanDeactivateInTime: tri,
  legalReview: z.object({
    status: z.enum(LEGAL_REVIEW_STATUSES),
    conclusion: z.enum(LEGAL_REVIEW_CONCLUSIONS).optional(),
    date: z.string().optional(),
    reviewer: z.string().optional(),
    restrictions: z.string().optional(),
  }),
});
export type RegisteredSystem = z.output<typeof registeredSystemSchema>;

/** The snapshot of a register record that an assessment reads and keeps. */
export function registeredSystemOf(record: { id: string; version: number; capability: Capability }): RegisteredSystem {
  const c = record.capability;
  const review = c.legalReview;
  return {
    capabilityId: record.id,
    version: record.version,
    name: c.name,
    ...(c.designation ? { designation: c.designation } : {}),
    purpose: c.purpose,
    isWeapon: c.isWeapon,
    humanRole: c.autonomy.humanRole,
    autonomousFunctions: [...c.autonomy.autonomousFunctions],
    targetTypes: c.targetTypes,
    predictable: c.autonomy.predictable,
    humanCanDeactivateInTime: c.autonomy.humanCanDeactivateInTime,
    legalReview: {
      status: review.status,
      ...(review.conclusion ? { conclusion: review.conclusion } : {}),
      ...(review.date ? { date: review.date } : {}),
      ...(review.reviewer ? { reviewer: review.reviewer } : {}),
      ...(review.restrictions ? { restrictions: review.restrictions } : {}),
    },
  };
}

const LEVEL_OF_ROLE: Record<HumanRole, AutonomyLevel> = { human_decides: 'human_operated', human_supervises: 'human_supervised', no_human_in_loop: 'autonomous_target_selection' };

/** The request's means facts the register decides, as the register states them. */
export interface RegisterMeans {
  autonomy: { level: AutonomyLevel; targetsPeople: TriState; predictable: TriState; humanCanIntervene: TriState };
  legalReview: LegalReviewStanding;
}

/**
 * The register's facts in the request's terms. Who decides is what the register says: a person deciding each use is
 * `human_operated`; a person supervising, `human_supervised`; no person in the loop, `autonomous_target_selection` —
 * whichever functions the record lists as autonomous, so a record that leaves the decision to the system is never
 * read as operated by a person.
 */
export function registerMeans(s: RegisteredSystem): RegisterMeans {
  const level: AutonomyLevel = LEVEL_OF_ROLE[s.humanRole];
  const targetsPeople: TriState = s.targetTypes === 'persons' || s.targetTypes === 'persons_and_objects' ? 'yes' : 'no';
  return { autonomy: { level, targetsPeople, predictable: s.predictable, humanCanIntervene: s.humanCanDeactivateInTime }, legalReview: reviewStanding(s) };
}

function reviewStanding(s: RegisteredSystem): LegalReviewStanding {
  if (!s.isWeapon) return 'not_required';
  switch (s.legalReview.status) {
    case 'unknown':
      return 'unknown';
    case 'not_started':
    case 'in_progress':
      return 'not_completed';
    case 'completed':
      return s.legalReview.conclusion === 'unlawful' ? 'unlawful' : 'lawful';
  }
}

/** A fact the request stated otherwise than the register: the register's value is the one assessed. */
export interface MeansDifference {
  path: string;
  request: string;
  register: string;
}

/**
 * The request as the engine assesses it when it names a registered system: the register's facts in place of the
 * request's, and each fact the request stated differently (an `unknown` in the request is no claim, so no difference).
 */
export function withRegisteredSystem(r: ForceRequest, s: RegisteredSystem): { request: ForceRequest; differences: MeansDifference[] } {
  const fromRegister = registerMeans(s);
  const stated: [string, string, string][] = [
    ['means.autonomy.level', r.means.autonomy.level, fromRegister.autonomy.level],
    ['means.autonomy.targetsPeople', r.means.autonomy.targetsPeople, fromRegister.autonomy.targetsPeople],
    ['means.autonomy.predictable', r.means.autonomy.predictable, fromRegister.autonomy.predictable],
    ['means.autonomy.humanCanIntervene', r.means.autonomy.humanCanIntervene, fromRegister.autonomy.humanCanIntervene],
    ['means.legalReview', r.means.legalReview, fromRegister.legalReview],
  ];
  // The default control (`human_operated`) is no claim either while the request says nothing else about autonomy.
  const { level, ...autonomyFacts } = r.means.autonomy;
  const saysAutonomy = level !== 'human_operated' || Object.values(autonomyFacts).some((v) => v !== 'unknown');
  const differences = stated
    .filter(([path, request, register]) => request !== 'unknown' && request !== register && (path !== 'means.autonomy.level' || saysAutonomy))
    .map(([path, request, register]) => ({ path, request, register }));
  return { request: { ...r, means: { ...r.means, autonomy: fromRegister.autonomy, legalReview: fromRegister.legalReview } }, differences };
}

const REVIEW_WORDS: Record<LegalReviewStanding, string> = {
  lawful: 'reviewed and found lawful',
  unlawful: 'reviewed and found unlawful',
  not_completed: 'legal review not completed',
  not_required: 'not a weapon: no weapons review needed',
  unknown: 'legal review unknown',
};

function describe(s: RegisteredSystem): string {
  const m = registerMeans(s);
  const review = s.legalReview;
  const reviewed = m.legalReview === 'lawful' || m.legalReview === 'unlawful'
    ? `${REVIEW_WORDS[m.legalReview]}${review.date ? ` on ${review.date}` : ''}${review.reviewer ? ` by ${review.reviewer}` : ''}${review.restrictions ? `, within restrictions: ${review.restrictions}` : ''}`
    : REVIEW_WORDS[m.legalReview];
  const role = { human_decides: 'a person decides each use', human_supervises: 'a person supervises and can intervene', no_human_in_loop: 'no person in the loop' }[s.humanRole];
  const alone = s.autonomousFunctions.length ? `does ${s.autonomousFunctions.join(', ')} by itself` : 'no function is autonomous';
  const targets = { none: 'applies force to nothing', objects_only: 'targets objects only', persons: 'targets persons', persons_and_objects: 'targets persons and objects' }[s.targetTypes];
  return `${s.name}${s.designation ? ` (${s.designation})` : ''}, register version ${s.version}: ${role}; ${alone}; ${targets}; ${reviewed}.`;
}

/**
 * The registered system as the second entry of each trace: which record the means facts came from, and where the
 * request said otherwise. A request that names a system the application could not read stays undecided on it.
 */
export function registeredSystemEntry(r: ForceRequest, s: RegisteredSystem | undefined, differences: readonly MeansDifference[]): TraceEntry {
  const base = {
    ruleId: 'ENGINE-REGISTER',
    ruleSet: 'engine',
    source: 'Haven engine; docs/use-of-force.md ("A registered system")',
    statement: "A request that names a system from the capability register is assessed on the register's facts about its autonomy, targets and legal review.",
    verification: 'V',
  } as const;
  if (r.means.capabilityId === undefined) return { ...base, finding: { outcome: 'not_applicable', reason: "No registered system is named: the request's own entries on the means are assessed." } };
  if (!s || s.capabilityId !== r.means.capabilityId) {
    return { ...base, finding: { outcome: 'needs_fact', reason: `The system ${r.means.capabilityId} is not in the capability register as this assessment may read it (a stored request's assessment reads no restricted system).`, missing: ['means.capabilityId'] } };
  }
  const differ = differences.length
    ? ` The request said otherwise on ${differences.map((d) => `${d.path} (request: ${d.request}; register: ${d.register})`).join(', ')}: the register's facts are assessed.`
    : '';
  return { ...base, finding: { outcome: 'satisfied', reason: `Means: ${describe(s)}${differ}`, facts: ['means.capabilityId', ...differences.map((d) => d.path)] } };
}
