import { conflictInputText, conflictInputValue, conflictValueInput } from '../../../src/core/conflict-value-input.js';
import type { IncidentDetail } from '../../../src/core/incident.schema.js';
import type { ConflictResolutionInput, IncidentConflict } from '../../../src/core/incident-conflict.schema.js';
import { ApiError } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { humanize } from '../shared/format.js';

/** Told to the main screen after a conflict is resolved anywhere, so the navigation's count follows. */
export const CONFLICTS_CHANGED = 'haven:conflicts-changed';

/** The server's refusal in words: its message, and each field it names with why. */
function refusalText(failure: unknown): string {
  if (failure instanceof ApiError) {
    const issues = failure.issues.map((i) => `${i.path}: ${i.message}`);
    return issues.length > 0 ? issues.join('; ') : failure.message;
  }
  return failure instanceof Error ? failure.message : String(failure);
}

/**
 * The three ways to resolve a conflict, for a person who may edit: keep the held value, take the other one, or enter
 * a value of one's own in an input suited to the field (text, number, date, a list of choices; lists and objects as
 * JSON), started from the held value. The server validates the value as part of the whole incident; its refusal is
 * shown next to the input, and nothing changes.
 */
export function conflictResolution(conflict: IncidentConflict, resolve: (resolution: ConflictResolutionInput) => Promise<IncidentDetail>, onResolved: (incident: IncidentDetail) => void): HTMLElement {
  const input = conflictValueInput(conflict.path);
  const id = `conflict-value-${conflict.id}`;
  const text = conflictInputText(input, conflict.held);
  const attrs = { id, 'data-testid': 'conflict-value-input', 'aria-describedby': `${id}-error` };
  const field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =
    input.kind === 'longText' || input.kind === 'json'
      ? h('textarea', { ...attrs, rows: input.kind === 'json' ? 6 : 4 })
      : input.kind === 'select'
        ? h('select', attrs, input.options.map((option) => h('option', { value: option }, humanize(option))))
        : input.kind === 'boolean'
          ? h('select', attrs, h('option', { value: 'true' }, 'Yes'), h('option', { value: 'false' }, 'No'))
          : h('input', { ...attrs, type: input.kind === 'number' ? 'number' : input.kind === 'date' ? 'date' : 'text', ...(input.kind === 'number' && { step: 'any' }) });
  field.value = text;
  const error = h('p', { class: 'field-error', role: 'alert', id: `${id}-error`, 'data-testid': 'conflict-error', hidden: true });
  const buttons: HTMLButtonElement[] = [];
  const submit = async (resolution: () => ConflictResolutionInput) => {
    error.hidden = true;
    let chosen: ConflictResolutionInput;
    try {
      chosen = resolution();
    } catch (reason) {
      error.hidden = false;
      error.textContent = `The value ${reason instanceof Error ? reason.message : String(reason)}`;
      return;
    }
    for (const button of buttons) button.disabled = true;
    try {
      const incident = await resolve(chosen);
      document.dispatchEvent(new CustomEvent(CONFLICTS_CHANGED));
      onResolved(incident);
    } catch (failure) {
      for (const button of buttons) button.disabled = false;
      error.hidden = false;
      error.textContent = `Not resolved: ${refusalText(failure)}`;
      field.setAttribute('aria-invalid', 'true');
    }
  };
  const button = (testId: string, label: string, resolution: () => ConflictResolutionInput) => {
    const made = h('button', { type: 'button', 'data-testid': testId, onclick: () => void submit(resolution) }, label);
    buttons.push(made);
    return made;
  };
  return h(
    'div',
    { class: 'conflict-resolution' },
    h('div', { class: 'actions' }, button('conflict-keep', 'Keep held value', () => ({ keep: 'held' })), button('conflict-take', 'Take other value', () => ({ take: 'proposed' }))),
    h(
      'div',
      { class: 'conflict-own-value' },
      h('label', { for: id }, 'Or enter a value of your own'),
      field,
      button('conflict-value-submit', 'Use this value', () => ({ value: conflictInputValue(input, field.value) })),
      error,
    ),
  );
}
