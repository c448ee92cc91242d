import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';
import { h, type Child } from '../shared/dom.js';
import { verdictBadge } from './force-badges.js';
import { actorText, judgementLabel, STEP_VALUE_LABELS } from './force-labels.js';
import type { ForceRequestView, ForceStep } from '../shared/force-types.js';
import { timestampText } from '../shared/format.js';

type StageState = 'done' | 'current' | 'pending' | 'skipped';

interface Stage {
  key: string;
  title: string;
  state: StageState;
  items: Child[];
}

const STATE_TEXT: Record<StageState, string> = { done: 'done', current: 'now', pending: 'to come', skipped: 'not needed' };

const USED: readonly RequestStatus[] = ['authorised', 'approved', 'reviewed_after_emergency'];

/** Who did it and when, then what they said. */
function stepItem(step: ForceStep, headline: Child, extra: Child = null): HTMLElement {
  return h(
    'li',
    { class: 'stage-step', 'data-testid': 'timeline-step', 'data-kind': step.kind, 'data-value': step.value },
    h('div', { class: 'step-headline' }, headline, extra),
    h('div', { class: 'step-meta' }, `${actorText(step.actor)} · `, h('time', { datetime: step.at }, timestampText(step.at))),
    step.reasons ? h('p', { class: 'step-reasons' }, step.reasons) : null,
  );
}

const stepsOf = (view: ForceRequestView, kind: string) => view.steps.filter((s) => s.kind === kind);

function judgementHeadline(step: ForceStep): string {
  const [kind = step.value, value = ''] = step.value.split('=');
  return `${judgementLabel(kind)} ${value === 'yes' ? 'Yes' : value === 'no' ? 'No' : value}`;
}

function againstAdvice(step: ForceStep): boolean {
  return typeof step.payload === 'object' && step.payload !== null && (step.payload as { againstAdvice?: unknown }).againstAdvice === true;
}

function stages(view: ForceRequestView): Stage[] {
  const { status, emergency } = view;
  const first = view.ledger.find((e) => e.kind === 'force.request' || e.kind === 'force.emergency');
  const assessments = view.ledger.filter((e) => e.kind === 'force.assessment');
  const [review] = stepsOf(view, 'review');
  const [decision] = stepsOf(view, 'decision');
  const [approval] = stepsOf(view, 'approval');
  const judgements = stepsOf(view, 'judgement');
  const outcomes = stepsOf(view, 'outcome');
  const open = status === 'awaiting_review' || status === 'awaiting_decision';
  const pendingJudgements = [...view.assessment.ihl.requiredJudgements, ...view.assessment.humanSecurity.requiredJudgements];

  const list: Stage[] = [
    {
      key: 'requested',
      title: emergency ? 'Emergency record' : 'Requested',
      state: 'done',
      items: [
        h(
          'li',
          { class: 'stage-step', 'data-testid': 'timeline-step', 'data-kind': 'request' },
          h('div', { class: 'step-meta' }, first ? `${actorText(first.actor)} · ` : '', h('time', { datetime: view.requestedAt }, timestampText(view.requestedAt))),
        ),
      ],
    },
    {
      key: 'assessed',
      title: 'Assessed by the engine',
      state: 'done',
      items: [
        h(
          'li',
          { class: 'stage-step' },
          h('div', { class: 'step-headline verdict-pair' }, 'IHL ', verdictBadge(view.verdicts.ihl), ' Human security ', verdictBadge(view.verdicts.humanSecurity)),
          h('div', { class: 'step-meta' }, assessments.length > 1 ? `Assessed ${assessments.length} times: again after each judgement.` : 'Advice only: it authorises nothing.'),
        ),
      ],
    },
    {
      key: 'judgements',
      title: 'Human judgements',
      state: judgements.length > 0 ? (open && pendingJudgements.length > 0 ? 'current' : 'done') : open ? (pendingJudgements.length > 0 ? 'current' : 'pending') : 'skipped',
      items: [
        ...judgements.map((step) => stepItem(step, judgementHeadline(step))),
        open && pendingJudgements.length > 0
          ? h('li', { class: 'stage-note' }, `Still to judge: ${[...new Set(pendingJudgements)].map(judgementLabel).join(' ')}`)
          : null,
      ],
    },
    {
      key: 'review',
      title: emergency ? 'Review after the fact' : 'Review by the human-security advisor',
      state: review ? 'done' : status === 'awaiting_review' ? 'current' : 'pending',
      items: review ? [stepItem(review, STEP_VALUE_LABELS[review.value] ?? review.value)] : [],
    },
  ];
  if (!emergency) {
    const approvalNeeded = view.request.mission.civilianApprovalRequired;
    list.push(
      {
        key: 'decision',
        title: 'Decision by a commander',
        state: decision ? 'done' : status === 'awaiting_decision' ? 'current' : 'pending',
        items: decision
          ? [
              stepItem(
                decision,
                STEP_VALUE_LABELS[decision.value] ?? decision.value,
                againstAdvice(decision) ? h('span', { class: 'against-advice', 'data-testid': 'against-advice' }, 'against the human-security assessment') : null,
              ),
            ]
          : [],
      },
      {
        key: 'approval',
        title: 'Approval by the civilian authority',
        state: approval ? 'done' : status === 'awaiting_approval' ? 'current' : !approvalNeeded || status === 'denied' ? 'skipped' : 'pending',
        items: approval
          ? [stepItem(approval, STEP_VALUE_LABELS[approval.value] ?? approval.value)]
          : !approvalNeeded
            ? [h('li', { class: 'stage-note' }, 'This mission does not require it.')]
            : [],
      },
    );
  }
  if (outcomes.length > 0 || USED.includes(status)) {
    list.push({
      key: 'outcome',
      title: 'Outcome',
      state: outcomes.length > 0 ? 'done' : 'current',
      items: outcomes.length > 0 ? outcomes.map((step) => stepItem(step, 'What happened')) : [h('li', { class: 'stage-note' }, 'What happened is still to be recorded.')],
    });
  }
  return list;
}

/** Where a request stands: each step with who took it, when and why; the step it waits on marked "now". */
export function forceTimeline(view: ForceRequestView): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', 'data-testid': 'status-timeline', 'aria-label': 'Status timeline' },
    stages(view).map((stage) =>
      h(
        'li',
        { class: `stage stage-${stage.state}`, 'data-testid': `stage-${stage.key}`, 'data-state': stage.state, 'aria-current': stage.state === 'current' ? 'step' : null },
        h('span', { class: 'stage-marker', 'aria-hidden': 'true' }),
        h('div', { class: 'stage-body' }, h('h4', {}, stage.title, h('span', { class: 'stage-state' }, STATE_TEXT[stage.state])), h('ul', { class: 'stage-steps' }, stage.items)),
      ),
    ),
  );
}
