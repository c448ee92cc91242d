import { OUTCOME_METHODS, type OutcomeMethod } from '../../../src/core/exercises/after-action-review.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { placeIssues } from '../shared/field-errors.js';
import { OUTCOME_METHOD_LABELS } from './exercise-labels.js';

let formCount = 0;

/**
 * What came of a force request in play, as the facilitator (the umpire) rules it: the method used, whether a warning
 * was given, suspects arrested and killed, and the dead on every side. An empty count of the opponents' dead is "not
 * counted", never zero: the review marks lethal force whose opponents' deaths nobody counted.
 */
export function outcomeForm(api: ApiClient, exerciseId: string, forceRequestId: string): HTMLElement {
  const scope = `exercise-outcome-${++formCount}`;
  const id = (name: string) => `${scope}-${name}`;
  const count = (name: string, attrs: Record<string, string | number | boolean> = {}) => h('input', { type: 'number', min: 0, step: 1, id: id(name), name, value: 0, class: 'exercise-count', ...attrs });
  const method = h('select', { id: id('method'), name: 'method', 'data-testid': 'outcome-method' }, OUTCOME_METHODS.map((m) => h('option', { value: m }, OUTCOME_METHOD_LABELS[m])));
  const warning = h('input', { type: 'checkbox', id: id('warning'), name: 'warningGiven', 'data-testid': 'outcome-warning' });
  const arrested = count('suspectsArrested');
  const suspectsKilled = count('suspectsKilled');
  const civilians = count('killed.civilians');
  const ownForce = count('killed.ownForce');
  const opposing = h('input', { type: 'number', min: 0, step: 1, id: id('opposing'), name: 'killed.opposingForce', class: 'exercise-count', placeholder: 'not counted', 'data-testid': 'outcome-opposing' });
  const result = h('span', { class: 'hint', role: 'status', 'data-testid': 'outcome-result' });
  const submit = h('button', { type: 'submit', 'data-testid': 'outcome-submit' }, 'Record the outcome');
  const slot = (path: string) => h('span', { class: 'field-error', 'data-error-for': path, hidden: true });
  const labelled = (label: string, control: HTMLElement, path: string) => h('div', { class: 'exercise-outcome-field' }, h('label', { for: control.id }, label), control, slot(path));
  const form = h(
    'form',
    {
      class: 'exercise-outcome-form',
      'data-testid': 'outcome-form',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        result.textContent = 'Recording…';
        placeIssues(form, [], 'server');
        api
          .recordExerciseOutcome(exerciseId, {
            forceRequestId,
            method: method.value as OutcomeMethod,
            warningGiven: warning.checked,
            suspectsArrested: Number(arrested.value),
            suspectsKilled: Number(suspectsKilled.value),
            killed: { civilians: Number(civilians.value), ownForce: Number(ownForce.value), opposingForce: opposing.value === '' ? null : Number(opposing.value) },
          })
          .then(
            () => {
              result.textContent = 'Recorded.';
              form.dataset.recorded = 'true';
            },
            (error: unknown) => {
              result.textContent = `Not recorded: ${error instanceof Error ? error.message : String(error)}`;
              if (error instanceof ApiError) placeIssues(form, error.issues, 'server');
            },
          )
          .finally(() => (submit.disabled = false));
      },
    },
    h(
      'div',
      { class: 'exercise-outcome-fields' },
      labelled('Method', method, 'method'),
      h('div', { class: 'exercise-outcome-field' }, h('label', { class: 'checkbox' }, warning, ' Warning given')),
      labelled('Suspects arrested', arrested, 'suspectsArrested'),
      labelled('Suspects killed', suspectsKilled, 'suspectsKilled'),
      labelled('Civilians killed', civilians, 'killed.civilians'),
      labelled('Own force killed', ownForce, 'killed.ownForce'),
      labelled('Opponents killed', opposing, 'killed.opposingForce'),
    ),
    slot(''),
    h('div', { class: 'form-actions' }, submit, result),
  );
  return h('details', { class: 'exercise-outcome' }, h('summary', {}, 'Record what came of it'), form);
}
