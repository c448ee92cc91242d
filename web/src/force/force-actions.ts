import type { Role } from '../../../src/core/access-control.js';
import { JUDGEMENT_KINDS, type JudgementKind } from '../../../src/core/use-of-force/force-request.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h, mount, type Child } from '../shared/dom.js';
import { errorSlot, placeIssues } from '../shared/field-errors.js';
import { field, numberInput, radioGroup, select, textArea } from '../shared/form-controls.js';
import { VERDICT_LABELS, JUDGEMENT_LABELS, JUDGEMENT_QUESTIONS, shortRegimeLabel } from './force-labels.js';
import { acceptableToHumanSecurity, turnOf, type ForceAction } from './force-turn.js';
import type { ForceRequestView, ForceStepPath } from '../shared/force-types.js';
import { readForm } from '../shared/form-value.js';

export interface ForceActionsOptions {
  user: { id: string; role: Role };
  /** The server answered with the request as it now is. */
  onChanged(view: ForceRequestView): void;
  /** Read the request again (after a 409: someone changed it meanwhile). */
  onReload(): void;
}

const TITLES: Record<ForceAction, string> = {
  judgement: 'Enter a human judgement',
  review: 'Review as the human-security advisor',
  decision: 'Decide as commander',
  approval: 'Approve or reject as the civilian authority',
  outcome: 'Record what happened',
};

const STEP_PATHS: Record<ForceAction, ForceStepPath> = { judgement: 'judgements', review: 'review', decision: 'decision', approval: 'approval', outcome: 'outcome' };

/** "the request changed since you read it." → without the full stop, to go on the sentence. */
const clause = (message: string) => message.replace(/\.\s*$/, '');

const reasonsField = (scope: string, label: string, hint: string) =>
  field(scope, 'reasons', label, textArea('text', '', { rows: 3, 'data-testid': `${scope}-reasons` }), { wide: true, hint });

/**
 * The forms for the steps it is this user's turn to take on a request, and nothing for anyone else. Each form sends
 * one step; the server's refusals are said plainly beside the form: 403 (separation of duties) as it words it, 409
 * (the request changed meanwhile) with a button to read it again.
 */
export class ForceActions {
  constructor(
    private readonly api: ApiClient,
    private readonly options: ForceActionsOptions,
  ) {}

  render(view: ForceRequestView): HTMLElement | null {
    const turn = turnOf(view, this.options.user);
    if (turn.actions.length === 0) return null;
    return h(
      'section',
      { class: 'force-actions', 'data-testid': 'force-actions', 'aria-labelledby': 'force-actions-title' },
      h('h3', { id: 'force-actions-title' }, 'Your turn'),
      turn.caution ? h('p', { class: 'caution', role: 'note', 'data-testid': 'turn-caution' }, turn.caution) : null,
      turn.actions.map((action) => this.panel(action, view)),
    );
  }

  private panel(action: ForceAction, view: ForceRequestView): HTMLElement {
    const scope = `action-${action}`;
    const form = h('form', { class: `action-form action-${action}`, 'data-testid': scope, novalidate: true, 'aria-labelledby': `${scope}-title` });
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': `${scope}-submit` }, this.submitLabel(action));
    form.append(
      h('h4', { id: `${scope}-title` }, TITLES[action]),
      h('div', { class: 'form-grid' }, this.fields(action, scope, view, form)),
      h('div', { class: 'action-failure', role: 'alert', 'data-testid': `${scope}-failure`, hidden: true }),
      errorSlot(scope, ''),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(action, view, form, submit);
    });
    return form;
  }

  private submitLabel(action: ForceAction): string {
    switch (action) {
      case 'judgement':
        return 'Sign judgement';
      case 'review':
        return 'Submit review';
      case 'decision':
        return 'Record decision';
      case 'approval':
        return 'Record approval decision';
      case 'outcome':
        return 'Record outcome';
    }
  }

  private fields(action: ForceAction, scope: string, view: ForceRequestView, form: HTMLFormElement): Child[] {
    switch (action) {
      case 'judgement':
        return this.judgementFields(scope, view);
      case 'review':
        return [
          radioGroup(
            scope,
            'position',
            'Your position on the request',
            [
              { value: 'concur', label: 'Concur' },
              { value: 'do_not_concur', label: 'Do not concur' },
            ],
            '',
            { class: 'radio-group wide', 'data-testid': `${scope}-position` },
          ),
          reasonsField(scope, 'Reasons', 'At least 10 characters. Signed with your name and kept in the ledger.'),
        ];
      case 'decision':
        return this.decisionFields(scope, view, form);
      case 'approval':
        return [
          radioGroup(
            scope,
            'approval',
            'The mission’s civilian authority',
            [
              { value: 'approve', label: 'Approve' },
              { value: 'reject', label: 'Reject' },
            ],
            '',
            { class: 'radio-group wide', 'data-testid': `${scope}-choice` },
          ),
          reasonsField(scope, 'Reasons', 'At least 10 characters. Signed with your name and kept in the ledger.'),
        ];
      case 'outcome':
        return [
          field(scope, 'summary', 'What happened', textArea('text', '', { rows: 3 }), { wide: true, hint: 'At least 10 characters: what was done, to whom, with what result.' }),
          field(scope, 'deaths.civilians', 'Civilians killed', numberInput(0, { min: 0, step: 1 })),
          field(scope, 'deaths.ownForce', 'Own force killed', numberInput(0, { min: 0, step: 1 })),
          field(scope, 'deaths.opposingForce', 'Opposing force killed', numberInput(0, { min: 0, step: 1 })),
          field(scope, 'arrests', 'Arrests', numberInput(0, { min: 0, step: 1 })),
        ];
    }
  }

  private judgementFields(scope: string, view: ForceRequestView): Child[] {
    const required = new Set<JudgementKind>([...view.assessment.ihl.requiredJudgements, ...view.assessment.humanSecurity.requiredJudgements]);
    const kinds = [...JUDGEMENT_KINDS].sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
    const kind = select(
      'text',
      kinds.map((k) => ({ value: k, label: `${JUDGEMENT_LABELS[k]}${required.has(k) ? ' (required by the assessment)' : ''}` })),
      kinds[0],
    );
    kind.setAttribute('data-testid', `${scope}-kind`);
    const question = h('small', { class: 'hint judgement-question' }, JUDGEMENT_QUESTIONS[kinds[0]!]);
    kind.addEventListener('change', () => (question.textContent = JUDGEMENT_QUESTIONS[kind.value as JudgementKind] ?? ''));
    return [
      h('div', { class: 'wide' }, field(scope, 'kind', 'Judgement', kind), question),
      radioGroup(
        scope,
        'value',
        'Your judgement',
        [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
        '',
        { class: 'radio-group wide', 'data-testid': `${scope}-value` },
      ),
      field(scope, 'reasoning', 'Reasoning', textArea('text', '', { rows: 3, 'data-testid': `${scope}-reasoning` }), {
        wide: true,
        hint: 'Signed with your name, role and the time; the request is assessed again with it.',
      }),
    ];
  }

  /** Authorising against human security is possible — a person decides — but never by accident. */
  private decisionFields(scope: string, view: ForceRequestView, form: HTMLFormElement): Child[] {
    const hs = view.verdicts.humanSecurity;
    const ihlProhibits = view.verdicts.ihl === 'prohibited';
    // The first column is IHL in an armed conflict and human-rights law where there is none.
    const floor = shortRegimeLabel(view.assessment.ihl);
    const acknowledge = h('input', { type: 'checkbox', id: `${scope}-acknowledge`, 'data-testid': `${scope}-acknowledge` });
    const warning = h(
      'div',
      { class: 'decision-warning wide', role: 'alert', 'data-testid': 'decision-warning', hidden: true },
      h(
        'p',
        {},
        h('strong', {}, 'You are about to authorise force against the human-security assessment'),
        ` (${VERDICT_LABELS[hs]}${ihlProhibits ? `; ${floor}: Prohibited` : ''}). `,
        ihlProhibits ? `${floor}, the legal floor, prohibits it too. ` : '',
        'The ledger will record this decision as taken against advice, with your name and your reasons.',
      ),
      h('div', { class: 'check' }, acknowledge, h('label', { for: acknowledge.id }, 'I have read both assessments and take this decision against the advice.')),
    );
    const decision = radioGroup(
      scope,
      'decision',
      'Your decision',
      [
        { value: 'authorise', label: 'Authorise' },
        { value: 'deny', label: 'Deny' },
      ],
      '',
      { class: 'radio-group wide', 'data-testid': `${scope}-choice` },
    );
    decision.addEventListener('change', () => {
      warning.hidden = !(decision.dataset.value === 'authorise' && (!acceptableToHumanSecurity(hs) || ihlProhibits));
      form.dataset.againstAdvice = String(!warning.hidden);
    });
    return [
      decision,
      warning,
      reasonsField(scope, 'Reasons', 'At least 10 characters. Decided by name: yours, kept in the ledger.'),
    ];
  }

  private body(action: ForceAction, view: ForceRequestView, form: HTMLFormElement): Record<string, unknown> {
    const value = readForm(form);
    if (action === 'decision' || action === 'approval') value['expectedVersion'] = view.version;
    return value;
  }

  private async send(action: ForceAction, view: ForceRequestView, form: HTMLFormElement, submit: HTMLButtonElement): Promise<void> {
    const failure = form.querySelector<HTMLElement>('.action-failure')!;
    failure.hidden = true;
    failure.replaceChildren();
    placeIssues(form, [], 'client');
    if (action === 'decision' && form.dataset.againstAdvice === 'true' && !form.querySelector<HTMLInputElement>(`#action-decision-acknowledge`)?.checked) {
      this.showFailure(failure, 'Tick the box to confirm that you decide against the advice, or choose Deny.');
      return;
    }
    const body = this.body(action, view, form);
    submit.disabled = true;
    try {
      this.options.onChanged(await this.api.forceStep(view.id, STEP_PATHS[action], body));
    } catch (error) {
      submit.disabled = false;
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error));
      if (apiError.issues.length > 0) placeIssues(form, apiError.issues, 'server');
      if (apiError.status === 409) {
        this.showFailure(
          failure,
          h('strong', {}, 'Not recorded: '),
          `${clause(apiError.message)}. `,
          h('button', { type: 'button', 'data-testid': 'reload-request', onclick: () => this.options.onReload() }, 'Reload the request'),
        );
      } else if (apiError.issues.length === 0) {
        this.showFailure(failure, h('strong', {}, apiError.status === 403 ? 'Refused: ' : 'Not recorded: '), apiError.message);
      }
    }
  }

  private showFailure(failure: HTMLElement, ...content: Child[]): void {
    mount(failure, ...content);
    failure.hidden = false;
  }
}
