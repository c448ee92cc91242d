import type { Paradigm, RuleFinding, RuleSetId, Verdict } from '../../../src/core/use-of-force/assessment.js';
import type {
  ArmedConflictType,
  AssemblyKind,
  BindingTreaty,
  AutonomyLevel,
  ForcePurpose,
  ForceRequest,
  JudgementKind,
  LegalReviewStanding,
  ObjectTargetStatus,
  PersonTargetStatus,
  WeaponClass,
} from '../../../src/core/use-of-force/force-request.schema.js';
import type { LedgerEntryKind } from '../../../src/core/ledger/hash-chain.js';
import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';
import { humanize } from '../shared/format.js';

/**
 * How the use-of-force vocabulary reads to a person, in one place: the form, the verdicts, the trace and the timeline
 * say the same thing. The records are typed by the core's own enums and keys, so a value added there fails the web
 * app's type check until it has a label here.
 */

/** An assessment is advice: no verdict ever reads "authorised" (only a named person authorises). */
export const VERDICT_LABELS: Record<Verdict, string> = {
  prohibited: 'Prohibited',
  needs_information: 'Needs information',
  needs_human_judgement: 'Needs a human judgement',
  permitted_with_conditions: 'Permitted with conditions',
  permitted: 'Permitted',
};

export const VERDICT_HINTS: Record<Verdict, string> = {
  prohibited: 'The rules forbid this use of force.',
  needs_information: 'Facts the rules depend on are unknown; give them and check again.',
  needs_human_judgement: 'A named person must make a judgement the rules leave to people.',
  permitted_with_conditions: 'Not forbidden, provided every condition below is met.',
  permitted: 'No rule considered forbids it. Advice only: a person decides.',
};

export const PARADIGM_LABELS: Record<Paradigm | 'undetermined', string> = {
  conduct_of_hostilities: 'Conduct of hostilities',
  law_enforcement: 'Law enforcement',
  undetermined: 'Not determined',
};

export const REGIME_TITLES = { ihl: 'International humanitarian law', humanSecurity: 'Human security' } as const;
export const REGIME_SUBTITLES = {
  ihl: 'The legal floor in armed conflict',
  humanSecurity: 'Law enforcement, human rights and the human-security treaties',
} as const;

const NO_ARMED_CONFLICT_SUBTITLE = 'The legal floor where there is no armed conflict: the right to life (ECHR Art. 2, ICCPR Art. 6)';

/** A column's heading: the label the engine gave it, or — for an assessment stored before columns had one — the title. */
export const regimeTitle = (key: keyof typeof REGIME_TITLES, regime: { label?: string }): string => regime.label ?? REGIME_TITLES[key];

export const regimeSubtitle = (key: keyof typeof REGIME_TITLES, regime: { label?: string }): string =>
  key === 'ihl' && regime.label?.startsWith('International human rights law') ? NO_ARMED_CONFLICT_SUBTITLE : REGIME_SUBTITLES[key];

/** The short label beside a verdict: "IHL", or "Human rights law" where there is no armed conflict. */
export const shortRegimeLabel = (regime: { label?: string } | undefined): string => (regime?.label?.startsWith('International human rights law') ? 'Human rights law' : 'IHL');

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  awaiting_review: 'Awaiting review',
  awaiting_decision: 'Awaiting decision',
  awaiting_approval: 'Awaiting civilian approval',
  authorised: 'Authorised by the commander',
  approved: 'Approved by the civilian authority',
  denied: 'Denied by the commander',
  rejected: 'Rejected by the civilian authority',
  reviewed_after_emergency: 'Reviewed after the emergency',
};

export const PURPOSE_LABELS: Record<ForcePurpose, string> = {
  protect_civilians_from_imminent_threat: 'Protect civilians from an imminent threat',
  self_defence: 'Self-defence',
  defence_of_others: 'Defence of others',
  arrest: 'Arrest',
  prevent_escape: 'Prevent an escape',
  protect_humanitarian_space: 'Protect humanitarian space',
  protect_ceasefire: 'Protect a ceasefire',
  crowd_control: 'Crowd control',
  prevent_serious_crime: 'Prevent a particularly serious crime involving grave threat to life',
  seize_military_objective: 'Seize a military objective',
  neutralise_military_objective: 'Neutralise a military objective',
  other: 'Other',
};

export const purposeLabel = (purpose: string): string => PURPOSE_LABELS[purpose as ForcePurpose] ?? humanize(purpose);

export const ARMED_CONFLICT_LABELS: Record<ArmedConflictType, string> = {
  international: 'International armed conflict',
  non_international: 'Non-international armed conflict',
  none: 'No armed conflict',
  unknown: 'Unknown',
};

export const PERSON_STATUS_LABELS: Record<PersonTargetStatus, string> = {
  civilian: 'Civilian',
  civilian_directly_participating: 'Civilian directly participating in hostilities',
  fighter: 'Fighter (member of an armed force or group)',
  child: 'Child',
  hors_de_combat: 'Hors de combat',
  surrendering: 'Surrendering',
  medical_personnel: 'Medical personnel',
  relief_personnel: 'Humanitarian relief personnel',
  peacekeeper: 'Peacekeeper',
  unknown: 'Unknown',
};

export const OBJECT_STATUS_LABELS: Record<ObjectTargetStatus, string> = {
  military_objective: 'Military objective',
  civilian_object: 'Civilian object',
  dual_use: 'Dual use',
  medical: 'Medical unit or transport',
  humanitarian_relief: 'Humanitarian relief',
  peacekeeping: 'Peacekeeping installation',
  cultural_property: 'Cultural property',
  dangerous_forces: 'Works containing dangerous forces (dam, dyke, nuclear plant)',
  indispensable_to_survival: 'Indispensable to the survival of the population',
  munition_in_flight: 'Munition or aircraft in flight (rocket, shell, missile, drone)',
  unknown: 'Unknown',
};

export const WEAPON_LABELS: Record<WeaponClass, string> = {
  small_arms: 'Small arms',
  warning_shot: 'Warning shot',
  baton: 'Baton',
  kinetic_impact_projectile: 'Kinetic impact projectile',
  electric_weapon: 'Electric weapon',
  riot_control_agent: 'Riot-control agent',
  water_cannon: 'Water cannon',
  explosive_weapon: 'Explosive weapon',
  artillery: 'Artillery',
  air_strike: 'Air strike',
  drone_strike: 'Drone strike',
  cluster_munition: 'Cluster munition',
  anti_personnel_mine: 'Anti-personnel mine',
  incendiary: 'Incendiary weapon',
  blinding_laser: 'Blinding laser',
  expanding_bullets: 'Expanding bullets',
  chemical_weapon: 'Chemical weapon',
  biological_weapon: 'Biological weapon',
  poison: 'Poison',
  interceptor: 'Defensive interceptor (counter-rocket, counter-drone, air defence)',
  arrest_team: 'Arrest team',
  autonomous_system: 'Autonomous system',
  other: 'Other',
};

export const LEGAL_REVIEW_STANDING_LABELS: Record<LegalReviewStanding, string> = {
  lawful: 'Completed: lawful',
  unlawful: 'Completed: prohibited',
  not_completed: 'Not completed',
  not_required: 'Not needed (not a weapon)',
  unknown: 'Unknown',
};

export const AUTONOMY_LABELS: Record<AutonomyLevel, string> = {
  human_operated: 'Operated by a human',
  human_supervised: 'Supervised by a human',
  autonomous_target_selection: 'Selects its targets itself',
};

export const JUDGEMENT_LABELS: Record<JudgementKind, string> = {
  incidental_harm_excessive: 'Incidental harm to civilians excessive?',
  precautions_feasible_taken: 'All feasible precautions taken?',
  threat_imminent: 'Threat imminent?',
  lethal_force_strictly_unavoidable: 'Lethal force strictly unavoidable to protect life?',
  arrest_feasible: 'Arrest feasible?',
  military_advantage_concrete_and_direct: 'Military advantage concrete and direct?',
  object_is_military_objective: 'Object a military objective in the circumstances?',
};

/** The question a judgement answers, in full. */
export const JUDGEMENT_QUESTIONS: Record<JudgementKind, string> = {
  incidental_harm_excessive:
    'Would the expected incidental harm to civilians be excessive in relation to the concrete and direct military advantage anticipated?',
  precautions_feasible_taken: 'Has everything feasible been done to verify the target and to avoid or minimise incidental harm?',
  threat_imminent: 'Is the threat of death or serious injury imminent?',
  lethal_force_strictly_unavoidable: 'Is intentional lethal force strictly unavoidable to protect life?',
  arrest_feasible: 'Can the person be arrested instead?',
  military_advantage_concrete_and_direct: 'Is the military advantage anticipated concrete and direct?',
  object_is_military_objective: 'By its nature, location, purpose or use, is this object a military objective in the circumstances ruling at the time?',
};

export const judgementLabel = (kind: string): string => JUDGEMENT_LABELS[kind as JudgementKind] ?? humanize(kind);

export const RULE_SET_LABELS: Record<RuleSetId, string> = {
  ihl: 'International humanitarian law',
  law_enforcement: 'Law enforcement (human rights)',
  human_security: 'Human-security principles',
  treaties: 'Human-security treaties',
  autonomy: 'Autonomous and AI-enabled systems',
  mission_roe: 'Mission rules of engagement',
  engine: 'Engine step (not law)',
};

export const ruleSetLabel = (id: string): string => RULE_SET_LABELS[id as RuleSetId] ?? humanize(id);

export const FINDING_LABELS: Record<RuleFinding['outcome'], string> = {
  not_applicable: 'Not applicable',
  satisfied: 'Satisfied',
  prohibits: 'Prohibits',
  condition: 'Condition',
  needs_fact: 'Needs a fact',
  needs_judgement: 'Needs a judgement',
};

export const VERIFICATION_MARKS = {
  V: { label: 'V', text: 'V = checked against a copy of the source' },
  M: { label: 'M', text: 'M = from memory, to be checked' },
} as const;

export const LEDGER_KIND_LABELS: Record<LedgerEntryKind, string> = {
  'force.request': 'Request',
  'force.assessment': 'Assessment',
  'force.judgement': 'Judgement',
  'force.review': 'Review',
  'force.decision': 'Decision',
  'force.approval': 'Civilian approval',
  'force.emergency': 'Emergency record',
  'force.outcome': 'Outcome',
  'case.opened': 'Case opened',
  'case.updated': 'Case updated',
  'case.step': 'Case step',
  'case.perpetrator_event': 'Perpetrator event',
  'evidence.captured': 'Evidence captured (hashed on the device)',
  'evidence.received': 'Evidence received',
  'evidence.accessed': 'Evidence accessed',
  'evidence.copied': 'Evidence copied',
  'evidence.transferred': 'Evidence transferred',
  'evidence.verified': 'Evidence verified',
  'sync.bundle_imported': 'Sync bundle imported',
  'coa.choice': 'Course of action chosen',
};

export const ledgerKindLabel = (kind: string): string => LEDGER_KIND_LABELS[kind as LedgerEntryKind] ?? humanize(kind.replace(/^force\./, ''));

export const STEP_VALUE_LABELS: Record<string, string> = {
  concur: 'Concurs',
  do_not_concur: 'Does not concur',
  authorise: 'Authorised',
  deny: 'Denied',
  approve: 'Approved',
  reject: 'Rejected',
  recorded: 'Recorded',
};

/** Every role, so names can say who acted: "advisor (Human security advisor)". */
export const actorText = (actor: { name: string; role: string }): string => `${actor.name} (${humanize(actor.role)})`;

type Keys<T> = Record<keyof T, string>;
type PersonTarget = Extract<ForceRequest['target'], { kind: 'person' }>;
type ObjectTarget = Extract<ForceRequest['target'], { kind: 'object' }>;
type Harm = ForceRequest['expectedEffects']['civilians'];

/** The facts of a request, by their path; the form's labels, and the words for a missing fact. */
export const MISSION_FIELDS: Keys<ForceRequest['mission']> = {
  name: 'Mission',
  mandate: 'Mandate',
  civilianApprovalRequired: 'The mission’s civilian authority must approve before force is used',
  treatiesBinding: 'Treaties that bind this force (nothing ticked: not stated, and the IHL column asks when a means they govern is proposed)',
  hardLimits: 'Hard limits',
};
export const HARD_LIMIT_FIELDS: Keys<ForceRequest['mission']['hardLimits']> = { maxExpectedCivilianDeaths: 'Ceiling on expected civilian deaths (no judgement overrides it)' };
export const BINDING_TREATY_LABELS: Record<BindingTreaty, string> = {
  ccw_protocol_iii: 'CCW Protocol III (incendiary weapons)',
  ccw_protocol_iv: 'CCW Protocol IV (blinding lasers)',
  cluster_munitions_convention: 'Convention on Cluster Munitions',
  ottawa_convention: 'Ottawa Convention (anti-personnel mines)',
};
export const ASSEMBLY_LABELS: Record<AssemblyKind, string> = {
  none: 'No assembly',
  lawful_peaceful: 'Lawful and peaceful',
  unlawful_non_violent: 'Unlawful but non-violent',
  violent: 'Violent',
  unknown: 'Unknown',
};
export const SITUATION_FIELDS: Keys<ForceRequest['situation']> = {
  armedConflict: 'Armed conflict',
  description: 'Situation',
  plannedOperation: 'A planned operation (not a spontaneous response, such as returning fire)?',
  assembly: 'Force on an assembly?',
};
export const PERSON_FIELDS: Keys<PersonTarget> = {
  kind: 'Target',
  status: 'Status of the person',
  count: 'Number of persons',
  description: 'Who, and how they were identified',
  child: 'A child (whatever the status)?',
};
export const OBJECT_FIELDS: Keys<ObjectTarget> = {
  kind: 'Target',
  status: 'Status of the object',
  description: 'What, and how it was identified',
  usedForHarmfulActs: 'Used for acts harmful to the enemy?',
  warningWithTimeLimitUnheeded: 'Warned with a time limit, and the warning unheeded?',
  imperativeMilitaryNecessity: 'Imperative military necessity?',
  atWorksContainingDangerousForces: 'A dam, dyke or nuclear plant — or at or near one?',
  releaseOfDangerousForces: 'May the attack release dangerous forces, with severe civilian losses?',
  specialProtectionCeased: 'Special protection ceased on the conditions of AP I 56(2)?',
};
export const THREAT_FIELDS: Keys<ForceRequest['threat']> = {
  imminence: 'Is the threat imminent?',
  toLife: 'Threat of death or serious injury?',
  toWhom: 'Threat to whom?',
  hostileAct: 'Hostile act?',
  hostileIntent: 'Demonstrated hostile intent?',
  evidence: 'Evidence of the threat',
};
export const ALTERNATIVE_FIELDS: Keys<ForceRequest['alternatives']> = {
  nonViolentMeansTried: 'Non-violent means tried?',
  arrestFeasible: 'Is arrest feasible?',
  warningFeasible: 'Is a warning feasible?',
  warningGiven: 'Was a warning given?',
  lessLethalAvailable: 'Less-lethal means available?',
  evacuationPossible: 'Can civilians be moved out of harm’s way?',
  targetVerified: 'Target verified?',
  lessHarmfulMeansFeasible: 'Would a less harmful means achieve the same aim?',
  similarObjectiveLessDangerous: 'Another objective with similar advantage and less danger to civilians?',
};
export const MEANS_FIELDS: Keys<Omit<ForceRequest['means'], 'autonomy'>> = {
  weapon: 'Weapon or means',
  lethal: 'Lethal force?',
  airDelivered: 'Delivered from the air?',
  meetsClusterExclusionCriteria: 'Cluster munition meets all five exclusion criteria (CCM Art. 2)?',
  directedAtSpecificObjective: 'Directed at a specific objective?',
  effectsCanBeLimited: 'Can its effects be limited?',
  capabilityId: 'Registered system',
  legalReview: 'Legal review (AP I Art. 36)',
};
export const AUTONOMY_FIELDS: Keys<ForceRequest['means']['autonomy']> = {
  level: 'Human control',
  targetsPeople: 'Does it select people as targets?',
  predictable: 'Are its effects predictable?',
  humanCanIntervene: 'Can a human intervene and deactivate it in time?',
};
export const EFFECT_GROUPS = { civilians: 'Civilians', ownForce: 'Own force', opposingForce: 'Opposing force' } as const satisfies Partial<
  Keys<ForceRequest['expectedEffects']>
>;
export const HARM_FIELDS: Keys<Harm> = { deaths: 'deaths', injuries: 'injuries' };
export const EFFECT_FIELDS: Keys<Omit<ForceRequest['expectedEffects'], keyof typeof EFFECT_GROUPS>> = {
  civilianObjectDamage: 'Damage to civilian objects',
  childrenPresent: 'Children present?',
  populatedArea: 'In a populated area?',
};
export const LOCATION_FIELDS: Keys<NonNullable<ForceRequest['location']>> = { lat: 'Latitude', lon: 'Longitude', description: 'Place' };

const prefixed = (prefix: string, labels: Record<string, string>) => Object.entries(labels).map(([key, label]) => [`${prefix}.${key}`, label] as const);

const FACT_LABELS = new Map<string, string>([
  ...prefixed('mission', MISSION_FIELDS),
  ...prefixed('situation', SITUATION_FIELDS),
  ['purpose', 'Purpose of the force'],
  ...prefixed('target', { ...PERSON_FIELDS, ...OBJECT_FIELDS, status: 'Status of the target', description: 'Description of the target' }),
  ...prefixed('threat', THREAT_FIELDS),
  ...prefixed('alternatives', ALTERNATIVE_FIELDS),
  ...prefixed('means', MEANS_FIELDS),
  ...prefixed('means.autonomy', AUTONOMY_FIELDS),
  ...Object.entries(EFFECT_GROUPS).flatMap(([key, who]) => [
    [`expectedEffects.${key}`, `Expected harm to ${who.toLowerCase()}`] as const,
    ...Object.entries(HARM_FIELDS).map(([harm, what]) => [`expectedEffects.${key}.${harm}`, `${who}: expected ${what}`] as const),
  ]),
  ...prefixed('expectedEffects', EFFECT_FIELDS),
  ...prefixed('location', LOCATION_FIELDS),
  ['at', 'When'],
]);

/** The engine names facts by their path in the request (some say `request.` first). */
export const factPath = (path: string): string => path.replace(/^request\./, '');

export function factLabel(path: string): string {
  const bare = factPath(path);
  // A signed judgement settles a fact too: `judgements.arrest_feasible`.
  const judged = /^judgements\.(\w+)$/.exec(bare);
  if (judged) return `Judgement: ${judgementLabel(judged[1]!)}`;
  return FACT_LABELS.get(bare) ?? humanize(bare.split('.').pop() ?? bare);
}
