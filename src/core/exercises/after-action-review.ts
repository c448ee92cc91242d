import { forceRequestFigures, type ForceRequestFacts } from '../analytics/force-request-figures.js';
import { principlesScorecard, type Measure, type PrincipleId } from '../analytics/scorecard.js';
import type { Verdict } from '../use-of-force/assessment.js';
import type { ForceRequest } from '../use-of-force/force-request.schema.js';
import { LIFE_PROTECTING_PURPOSES } from '../use-of-force/purposes.js';
import type { Approval, Decision, RequestStatus, ReviewPosition } from '../use-of-force/request-workflow.js';
import { INHERENTLY_LETHAL, OFFENSIVE_MEANS } from '../use-of-force/weapon-classes.js';
import type { ExerciseRole, ExerciseScript, ExpectedPractice, Inject } from './exercise-script.schema.js';

/**
 * The after-action review of one run of an exercise: every decision with its exercise time, the advice given, what the
 * engine said under both regimes and what came of it; how long the players took to answer each inject; the principles
 * scorecard's measures over the run; and the points where the players' choices departed from the human-security
 * principles, each with its rule and the inject it answered. Pure: the caller gathers the run's records and passes them
 * as plain data. Exercise time is in minutes since the start of the run.
 */

export interface RecordedAdvice {
  position: ReviewPosition;
  text: string;
  by: string;
  atMinute: number;
}

export interface RecordedDecision {
  decision: Decision;
  /** The commander's reasons; blank when none were recorded. */
  reasons: string;
  by: string;
  atMinute: number;
}

export interface RecordedApproval {
  approval: Approval;
  by: string;
  atMinute: number;
}

/** What was done in the end: arrest, force short of lethal, lethal force, or nothing. */
export const OUTCOME_METHODS = ['arrest', 'less_lethal', 'lethal_force', 'no_force'] as const;
export type OutcomeMethod = (typeof OUTCOME_METHODS)[number];

export interface RecordedOutcome {
  atMinute: number;
  method: OutcomeMethod;
  warningGiven: boolean;
  suspectsArrested: number;
  suspectsKilled: number;
  /** People killed; `opposingForce` null: the opponents' deaths were not counted. */
  killed: { civilians: number; ownForce: number; opposingForce: number | null };
}

/** The engine's verdicts under both regimes, as an assessment holds them. */
export interface EngineVerdicts {
  ihl: { verdict: Verdict; decisiveRules: readonly string[] };
  humanSecurity: { verdict: Verdict; decisiveRules: readonly string[] };
}

export interface RecordedForceRequest {
  requestId: string;
  /** The inject the request answers; null when a player raised it unprompted. */
  injectId: string | null;
  submittedAtMinute: number;
  request: ForceRequest;
  /** Force already used in self-defence before anyone could be asked. */
  emergency: boolean;
  assessment: EngineVerdicts;
  advice?: RecordedAdvice | undefined;
  decision?: RecordedDecision | undefined;
  approval?: RecordedApproval | undefined;
  outcome?: RecordedOutcome | undefined;
}

export const ACTION_KINDS = ['verification', 'investigation', 'report', 'reply', 'movement', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Any other thing a player did in the normal workflow: verified an incident, opened an investigation, moved a patrol. */
export interface RecordedAction {
  injectId: string | null;
  atMinute: number;
  role: ExerciseRole;
  by: string;
  kind: ActionKind;
  description: string;
  /** Raises the level of violence or threat (a show of force, an offensive patrol): judged against any ceasefire. */
  escalatory: boolean;
}

export interface ExerciseRunRecord {
  run: number;
  /** The injects released in the run, with the exercise minute each was released at. */
  released: readonly { injectId: string; atMinute: number }[];
  forceRequests: readonly RecordedForceRequest[];
  actions: readonly RecordedAction[];
}

/** Every departure rule, the principle it answers to and where the rule comes from. */
export const DEPARTURE_RULES = {
  lethal_force_where_arrest_feasible: {
    principle: 'minimise_loss_of_life',
    source: 'HS-ARREST; BPUFF P9 (arrest rather than kill)',
    statement: 'Lethal force authorised although the engine under human-security rules said prohibited and arrest was feasible.',
  },
  authorised_where_prohibited: {
    principle: 'civilian_control_law_based',
    source: 'human-security rules of the engine (law-based security)',
    statement: 'Force authorised or used although the engine under human-security rules said prohibited.',
  },
  force_without_civilian_approval: {
    principle: 'civilian_control_law_based',
    source: 'civilian control: the mission requires its civilian authority to approve force',
    statement: 'Force authorised or used without the civilian approval the mission requires.',
  },
  decided_against_advice_without_reasons: {
    principle: 'civilian_control_law_based',
    source: 'accountability: a decision against the human-security advisor is reasoned',
    statement: 'Force authorised against the advisor’s advice without recorded reasons.',
  },
  decided_without_advice: {
    principle: 'civilian_control_law_based',
    source: 'the request workflow: the advisor reviews before the commander decides',
    statement: 'The commander decided before the human-security advisor had given advice.',
  },
  opponents_deaths_not_counted: {
    principle: 'minimise_loss_of_life',
    source: 'HS-ALL-LIFE: every death counts, the opponents’ included',
    statement: 'Lethal force without the opponents’ deaths estimated beforehand or counted afterwards.',
  },
  escalation_during_ceasefire: {
    principle: 'stability',
    source: 'stability rather than victory: a ceasefire is protected, not exploited',
    statement: 'An escalatory action while a ceasefire was in force.',
  },
  expected_practice_not_followed: {
    principle: 'minimise_loss_of_life',
    source: 'the exercise script’s expected good practice',
    statement: 'What was done departs from the good practice the script expects for this request.',
  },
} as const satisfies Record<string, { principle: PrincipleId; source: string; statement: string }>;
export type DepartureRuleId = keyof typeof DEPARTURE_RULES;

/** The principle each expected practice answers to (civilian_approval is checked by force_without_civilian_approval). */
const PRACTICE_PRINCIPLE: Record<Exclude<ExpectedPractice, 'civilian_approval'>, PrincipleId> = {
  arrest: 'minimise_loss_of_life',
  warning: 'minimise_loss_of_life',
  less_lethal_first: 'defensive_posture',
  deny: 'stability',
};

export interface Departure {
  rule: DepartureRuleId;
  principle: PrincipleId;
  /** Why it is a departure, with the facts of this case. */
  reason: string;
  /** The inject the choice answered; null when the request or action answered none. */
  injectId: string | null;
  requestId: string | null;
  atMinute: number;
}

export type TimelineEntryKind = 'inject' | 'request' | 'advice' | 'decision' | 'approval' | 'outcome' | 'action';

export interface TimelineEntry {
  atMinute: number;
  kind: TimelineEntryKind;
  injectId: string | null;
  requestId: string | null;
  role: ExerciseRole | 'facilitator';
  by: string | null;
  summary: string;
}

export interface DecisionReview {
  requestId: string;
  injectId: string | null;
  injectReleasedAtMinute: number | null;
  submittedAtMinute: number;
  advice: RecordedAdvice | null;
  engine: { ihl: Verdict; humanSecurity: Verdict; decisiveRules: string[] };
  decision: RecordedDecision | null;
  approval: RecordedApproval | null;
  outcome: RecordedOutcome | null;
  /** Where the request stands in the workflow at the end of the run. */
  status: RequestStatus;
  expectedPractice: ExpectedPractice[];
  /** From the inject's release to the commander's decision (or, for an emergency, to the advisor's review). */
  responseMinutes: number | null;
}

export interface InjectResponse {
  injectId: string;
  kind: Inject['kind'];
  releasedAtMinute: number;
  firstResponseAtMinute: number | null;
  minutes: number | null;
}

export interface AfterActionReview {
  exercise: true;
  scriptId: string;
  title: string;
  run: number;
  timeline: TimelineEntry[];
  decisions: DecisionReview[];
  responseTimes: { injects: InjectResponse[]; unanswered: string[]; medianMinutes: number | null; longestMinutes: number | null };
  scorecard: { id: PrincipleId; title: string; measures: Measure[] }[];
  departures: Departure[];
}

/** The injects a player is expected to answer; the others (an agreement, a corridor opening) set the scene. */
const ANSWERABLE: readonly Inject['kind'][] = ['incident', 'report', 'force_request', 'ceasefire_breakdown', 'message', 'corridor_closing'];

/** Kills by design, or firearms not stated to be used less-lethally. */
export function isLethalMeans(request: ForceRequest): boolean {
  const weapon = request.means.weapon;
  if (request.means.lethal === 'yes' || INHERENTLY_LETHAL.includes(weapon)) return true;
  return (weapon === 'small_arms' || weapon === 'expanding_bullets') && request.means.lethal !== 'no';
}

/** Force not for protecting life, or with offensive means: it raises the level of violence. */
export function isEscalatory(request: ForceRequest): boolean {
  return !LIFE_PROTECTING_PURPOSES.includes(request.purpose) || OFFENSIVE_MEANS.includes(request.means.weapon);
}

/** The request was authorised, or force was used in an emergency before anyone was asked. */
const forceGoesAhead = (r: RecordedForceRequest): boolean => r.emergency || r.decision?.decision === 'authorise';

/** When force went ahead: the decision, or for an emergency the outcome (else the submission). */
const goAheadMinute = (r: RecordedForceRequest): number => (r.emergency ? (r.outcome?.atMinute ?? r.submittedAtMinute) : (r.decision?.atMinute ?? r.submittedAtMinute));

/** What was done: the outcome when recorded, otherwise what the decision implies. */
function methodUsed(r: RecordedForceRequest): OutcomeMethod {
  if (r.outcome) return r.outcome.method;
  if (!forceGoesAhead(r)) return 'no_force';
  return isLethalMeans(r.request) ? 'lethal_force' : 'less_lethal';
}

export function statusOf(r: RecordedForceRequest): RequestStatus {
  if (r.emergency) return r.advice ? 'reviewed_after_emergency' : 'awaiting_review';
  if (!r.decision) return r.advice ? 'awaiting_decision' : 'awaiting_review';
  if (r.decision.decision === 'deny') return 'denied';
  if (!r.request.mission.civilianApprovalRequired) return 'authorised';
  if (!r.approval) return 'awaiting_approval';
  return r.approval.approval === 'approve' ? 'approved' : 'rejected';
}

/** Whether a ceasefire was in force at a minute, from the terrain and the agreement injects released before it. */
function ceasefireTimeline(script: ExerciseScript, record: ExerciseRunRecord): (minute: number) => string[] {
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  const changes = record.released
    .map((r) => ({ inject: injects.get(r.injectId), atMinute: r.atMinute }))
    .filter((c): c is { inject: Extract<Inject, { kind: 'agreement' }>; atMinute: number } => c.inject?.kind === 'agreement')
    .sort((a, b) => a.atMinute - b.atMinute);
  return (minute) => {
    const inForce = new Map(script.terrain.agreements.map((a) => [a.ref, a.inForceAtStart]));
    for (const change of changes) if (change.atMinute <= minute) inForce.set(change.inject.agreement, change.inject.effect === 'in_force');
    return script.terrain.agreements.filter((a) => inForce.get(a.ref)).map((a) => a.name);
  };
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function departuresOf(script: ExerciseScript, record: ExerciseRunRecord): Departure[] {
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  const ceasefiresAt = ceasefireTimeline(script, record);
  const departures: Departure[] = [];
  const depart = (rule: DepartureRuleId, reason: string, where: { injectId: string | null; requestId: string | null; atMinute: number }, principle?: PrincipleId) =>
    departures.push({ rule, principle: principle ?? DEPARTURE_RULES[rule].principle, reason, ...where });

  for (const r of record.forceRequests) {
    const where = { injectId: r.injectId, requestId: r.requestId, atMinute: goAheadMinute(r) };
    const goesAhead = forceGoesAhead(r);
    const lethal = isLethalMeans(r.request);
    const hsProhibited = r.assessment.humanSecurity.verdict === 'prohibited';
    const rules = r.assessment.humanSecurity.decisiveRules.join(', ') || 'no rule named';
    let arrestDeparture = false;

    if (goesAhead && hsProhibited) {
      if (lethal && r.request.alternatives.arrestFeasible === 'yes') {
        arrestDeparture = true;
        depart('lethal_force_where_arrest_feasible', `lethal force (${r.request.means.weapon}) ${r.emergency ? 'used' : 'authorised'} where arrest was feasible; the engine under human-security rules said prohibited (${rules})`, where);
      } else {
        depart('authorised_where_prohibited', `force (${r.request.means.weapon}) ${r.emergency ? 'used' : 'authorised'} although the engine under human-security rules said prohibited (${rules})`, where);
      }
    }

    if (goesAhead && !r.emergency && r.request.mission.civilianApprovalRequired) {
      const forceUsed = r.outcome && r.outcome.method !== 'no_force' ? r.outcome : undefined;
      const usedAt = forceUsed ? { ...where, atMinute: forceUsed.atMinute } : where;
      if (!r.approval) {
        depart('force_without_civilian_approval', forceUsed ? `force used at minute ${forceUsed.atMinute} without the civilian approval the mission requires` : 'force authorised and the civilian approval the mission requires was never given', usedAt);
      } else if (r.approval.approval === 'reject' && forceUsed) {
        depart('force_without_civilian_approval', `force used at minute ${forceUsed.atMinute} although the civilian authority rejected it`, usedAt);
      } else if (r.approval.approval === 'approve' && forceUsed && forceUsed.atMinute < r.approval.atMinute) {
        depart('force_without_civilian_approval', `force used at minute ${forceUsed.atMinute}, before the civilian approval at minute ${r.approval.atMinute}`, usedAt);
      }
    }

    if (r.decision && !r.emergency) {
      if (!r.advice || r.advice.atMinute > r.decision.atMinute) {
        depart('decided_without_advice', `the commander decided at minute ${r.decision.atMinute}${r.advice ? `, before the advice at minute ${r.advice.atMinute}` : ' and no advice was given'}`, where);
      } else if (r.advice.position === 'do_not_concur' && r.decision.decision === 'authorise' && r.decision.reasons.trim() === '') {
        depart('decided_against_advice_without_reasons', `the advisor did not concur (“${r.advice.text}”) and the commander authorised without recorded reasons`, where);
      }
    }

    if (goesAhead && lethal && r.request.target.kind === 'person') {
      if (r.request.expectedEffects.opposingForce.deaths === undefined) {
        depart('opponents_deaths_not_counted', 'lethal force against people went ahead with no estimate of the opponents’ deaths (expectedEffects.opposingForce.deaths)', where);
      } else if (r.outcome && r.outcome.method === 'lethal_force' && r.outcome.killed.opposingForce === null) {
        depart('opponents_deaths_not_counted', 'lethal force was used and the opponents killed were not counted in the outcome', { ...where, atMinute: r.outcome.atMinute });
      }
    }

    if (goesAhead && isEscalatory(r.request)) {
      const ceasefires = ceasefiresAt(where.atMinute);
      if (ceasefires.length > 0) {
        depart('escalation_during_ceasefire', `force for ${r.request.purpose.replaceAll('_', ' ')} with ${r.request.means.weapon.replaceAll('_', ' ')} went ahead while ${ceasefires.join(' and ')} was in force`, where);
      }
    }

    const inject = r.injectId ? injects.get(r.injectId) : undefined;
    if (inject?.kind === 'force_request') {
      const used = methodUsed(r);
      const forceUsed = used === 'lethal_force' || used === 'less_lethal';
      const warned = r.outcome ? r.outcome.warningGiven : r.request.alternatives.warningGiven === 'yes';
      for (const practice of inject.expectedPractice) {
        let missed: string | undefined;
        if (practice === 'arrest' && !arrestDeparture && (used === 'lethal_force' || (r.outcome?.suspectsKilled ?? 0) > 0)) missed = 'arrest was expected and the person was met with lethal force';
        if (practice === 'warning' && forceUsed && !warned) missed = 'a warning was expected before force and none was given';
        if (practice === 'less_lethal_first' && used === 'lethal_force') missed = 'less-lethal means were expected first and lethal force was used';
        if (practice === 'deny' && goesAhead) missed = `the request should have been refused, and force went ahead`;
        if (missed) depart('expected_practice_not_followed', `${missed} (${inject.expectedPracticeReason})`, where, PRACTICE_PRINCIPLE[practice as Exclude<ExpectedPractice, 'civilian_approval'>]);
      }
    }
  }

  for (const action of record.actions) {
    if (!action.escalatory) continue;
    const ceasefires = ceasefiresAt(action.atMinute);
    if (ceasefires.length > 0) {
      depart('escalation_during_ceasefire', `${action.role.replace('_', ' ')} ${action.by}: ${action.description}, while ${ceasefires.join(' and ')} was in force`, { injectId: action.injectId, requestId: null, atMinute: action.atMinute });
    }
  }
  return departures.sort((a, b) => a.atMinute - b.atMinute);
}

/** The scorecard measures that apply to an exercise run (docs/exercises.md lists them), computed by the scorecard itself. */
const EXERCISE_MEASURES = new Set([
  'deaths_all',
  'deaths_civilian',
  'deaths_own_and_allied',
  'deaths_opposing_and_combatants',
  'protective_purpose_share',
  'defensive_means_share',
  'less_lethal_means_share',
  'civilian_approval_share',
  'emergency_uses_of_force',
  'arrests_versus_killings',
]);

function scorecardOf(script: ExerciseScript, record: ExerciseRunRecord, departures: Departure[]): AfterActionReview['scorecard'] {
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  const outcomes = record.forceRequests.flatMap((r) => (r.outcome ? [r.outcome] : []));
  const sum = (pick: (o: RecordedOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const civilians = sum((o) => o.killed.civilians);
  const own = sum((o) => o.killed.ownForce);
  const opposing = sum((o) => o.killed.opposingForce ?? 0);
  const uncounted = outcomes.filter((o) => o.method === 'lethal_force' && o.killed.opposingForce === null).length;
  const exact = (n: number) => ({ low: n, best: n, high: n });
  const facts: ForceRequestFacts[] = record.forceRequests.map((r) => ({ purpose: r.request.purpose, weapon: r.request.means.weapon, status: statusOf(r), emergency: r.emergency }));
  // The scorecard is built for periods of days; an exercise has one nominal day and no previous period to compare with.
  const day = { from: '2000-01-01', to: '2000-01-01' };
  const card = principlesScorecard({
    period: day,
    previousPeriod: day,
    country: null,
    mission: null,
    incidents: { current: record.released.filter((r) => injects.get(r.injectId)?.kind === 'incident').length, previous: 0 },
    deaths: {
      current: exact(civilians + own + opposing),
      previous: exact(0),
      byStatus: { civilian: exact(civilians), own_force: exact(own), opposing_force: exact(opposing) },
    },
    forceRequests: forceRequestFigures(facts),
    arrests: { takenAlive: sum((o) => o.suspectsArrested), killed: sum((o) => o.suspectsKilled) },
  });
  const escalations = departures.filter((d) => d.rule === 'escalation_during_ceasefire').length;
  return card.principles.map((p) => ({
    id: p.id,
    title: p.title,
    measures: [
      ...p.measures
        .filter((m) => EXERCISE_MEASURES.has(m.id))
        .map(({ trend: _trend, previous: _previous, ...m }): Measure => {
          const note = m.id === 'deaths_all' || m.id === 'deaths_opposing_and_combatants' ? (uncounted ? `${uncounted} use(s) of lethal force did not count the opponents killed` : undefined) : m.note;
          const { note: _note, ...rest } = m;
          return note === undefined ? rest : { ...rest, note };
        }),
      ...(p.id === 'stability'
        ? [{ id: 'escalations_during_ceasefire', label: 'Escalatory actions while a ceasefire was in force', value: escalations, unit: 'count', better: 'lower' } satisfies Measure]
        : []),
    ],
  }));
}

export function afterActionReview(script: ExerciseScript, record: ExerciseRunRecord): AfterActionReview {
  const injects = new Map(script.injects.map((i) => [i.id, i]));
  const releasedAt = new Map(record.released.map((r) => [r.injectId, r.atMinute]));
  const timeline: TimelineEntry[] = [];
  const push = (e: TimelineEntry) => timeline.push(e);

  for (const r of record.released) {
    const inject = injects.get(r.injectId);
    if (!inject) continue;
    push({ atMinute: r.atMinute, kind: 'inject', injectId: inject.id, requestId: null, role: 'facilitator', by: null, summary: `${inject.kind.replace('_', ' ')}: ${inject.title}` });
  }
  const decisions: DecisionReview[] = [];
  for (const r of record.forceRequests) {
    const ids = { injectId: r.injectId, requestId: r.requestId };
    const verdicts = `IHL ${r.assessment.ihl.verdict.replaceAll('_', ' ')}, human security ${r.assessment.humanSecurity.verdict.replaceAll('_', ' ')}`;
    push({ atMinute: r.submittedAtMinute, kind: 'request', ...ids, role: 'commander', by: null, summary: `${r.emergency ? 'emergency use of force recorded' : 'force requested'}: ${r.request.purpose.replaceAll('_', ' ')} with ${r.request.means.weapon.replaceAll('_', ' ')}; the engine: ${verdicts}` });
    if (r.advice) push({ atMinute: r.advice.atMinute, kind: 'advice', ...ids, role: 'advisor', by: r.advice.by, summary: `${r.advice.position === 'concur' ? 'concurs' : 'does not concur'}: ${r.advice.text}` });
    if (r.decision) push({ atMinute: r.decision.atMinute, kind: 'decision', ...ids, role: 'commander', by: r.decision.by, summary: `${r.decision.decision === 'authorise' ? 'authorised' : 'denied'}${r.decision.reasons.trim() ? `: ${r.decision.reasons}` : ' (no reasons recorded)'}` });
    if (r.approval) push({ atMinute: r.approval.atMinute, kind: 'approval', ...ids, role: 'civilian_authority', by: r.approval.by, summary: r.approval.approval === 'approve' ? 'approved' : 'rejected' });
    if (r.outcome) {
      const o = r.outcome;
      const opposing = o.killed.opposingForce === null ? 'opponents killed not counted' : `${o.killed.opposingForce} opponent(s)`;
      push({ atMinute: o.atMinute, kind: 'outcome', ...ids, role: 'commander', by: null, summary: `${o.method.replace('_', ' ')}: ${o.suspectsArrested} arrested, ${o.suspectsKilled} suspect(s) killed; killed ${o.killed.civilians} civilian(s), ${o.killed.ownForce} own, ${opposing}` });
    }
    const inject = r.injectId ? injects.get(r.injectId) : undefined;
    const released = r.injectId ? (releasedAt.get(r.injectId) ?? null) : null;
    const answeredAt = r.emergency ? r.advice?.atMinute : r.decision?.atMinute;
    decisions.push({
      ...ids,
      injectReleasedAtMinute: released,
      submittedAtMinute: r.submittedAtMinute,
      advice: r.advice ?? null,
      engine: { ihl: r.assessment.ihl.verdict, humanSecurity: r.assessment.humanSecurity.verdict, decisiveRules: [...r.assessment.humanSecurity.decisiveRules] },
      decision: r.decision ?? null,
      approval: r.approval ?? null,
      outcome: r.outcome ?? null,
      status: statusOf(r),
      expectedPractice: inject?.kind === 'force_request' ? [...inject.expectedPractice] : [],
      responseMinutes: released !== null && answeredAt !== undefined ? answeredAt - released : null,
    });
  }
  for (const a of record.actions) {
    push({ atMinute: a.atMinute, kind: 'action', injectId: a.injectId, requestId: null, role: a.role, by: a.by, summary: `${a.kind}: ${a.description}` });
  }
  const order: TimelineEntryKind[] = ['inject', 'request', 'advice', 'decision', 'approval', 'outcome', 'action'];
  timeline.sort((a, b) => a.atMinute - b.atMinute || order.indexOf(a.kind) - order.indexOf(b.kind));

  // The first answer to each inject: a decision (or an emergency's review) for a force request, any action otherwise.
  const responses: InjectResponse[] = record.released.flatMap((r) => {
    const inject = injects.get(r.injectId);
    if (!inject || !ANSWERABLE.includes(inject.kind)) return [];
    const times =
      inject.kind === 'force_request'
        ? decisions.filter((d) => d.injectId === inject.id && d.responseMinutes !== null).map((d) => r.atMinute + d.responseMinutes!)
        : [...record.actions.filter((a) => a.injectId === inject.id).map((a) => a.atMinute), ...record.forceRequests.filter((f) => f.injectId === inject.id).map((f) => f.submittedAtMinute)];
    const first = times.filter((t) => t >= r.atMinute).sort((a, b) => a - b)[0] ?? null;
    return [{ injectId: inject.id, kind: inject.kind, releasedAtMinute: r.atMinute, firstResponseAtMinute: first, minutes: first === null ? null : first - r.atMinute }];
  });
  const answered = responses.flatMap((r) => (r.minutes === null ? [] : [r.minutes]));
  const departures = departuresOf(script, record);

  return {
    exercise: true,
    scriptId: script.id,
    title: script.title,
    run: record.run,
    timeline,
    decisions,
    responseTimes: {
      injects: responses,
      unanswered: responses.filter((r) => r.minutes === null).map((r) => r.injectId),
      medianMinutes: median(answered),
      longestMinutes: answered.length ? Math.max(...answered) : null,
    },
    scorecard: scorecardOf(script, record, departures),
    departures,
  };
}
