import { h, type Attrs, type Child } from './dom.js';
import { errorSlot, errorSlotId } from './field-errors.js';
import { NONE_OF_THESE } from './form-value.js';
import './forms.css';

/**
 * Form controls named by the dotted path of the value they edit (`location.lat`, `actors.0.name`); `data-kind` says how
 * the text becomes a value (see form-value.ts). Every control has a label and an error slot next to it.
 */
export type ValueKind = 'text' | 'optional' | 'number' | 'multi' | 'bool' | 'choice';

export interface Choice {
  value: string;
  label: string;
}

export const controlId = (scope: string, path: string): string => `${scope}-${path}`;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control with its hint and its error slot. */
export function field(scope: string, path: string, label: string, control: Control, options: { hint?: Child; wide?: boolean } = {}): HTMLElement {
  control.id = controlId(scope, path);
  control.name = path;
  const hintId = options.hint ? `${control.id}-hint` : undefined;
  control.setAttribute('aria-describedby', [hintId, errorSlotId(scope, path)].filter(Boolean).join(' '));
  return h(
    'div',
    { class: options.wide ? 'field wide' : 'field' },
    h('label', { for: control.id }, label),
    control,
    options.hint ? h('small', { class: 'hint', id: hintId }, options.hint) : null,
    errorSlot(scope, path),
  );
}

export function textInput(kind: 'text' | 'optional', value: string | undefined, attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'text', value: value ?? '', 'data-kind': kind, autocomplete: 'off', ...attrs });
}

export function textArea(kind: 'text' | 'optional', value: string | undefined, attrs: Attrs = {}): HTMLTextAreaElement {
  const area = h('textarea', { 'data-kind': kind, rows: 3, ...attrs });
  area.value = value ?? '';
  return area;
}

export function numberInput(value: number | undefined, attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'number', step: 'any', inputmode: 'decimal', value: value ?? '', 'data-kind': 'number', ...attrs });
}

export function dateInput(kind: 'text' | 'optional', value: string | undefined, attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'date', value: value ?? '', 'data-kind': kind, ...attrs });
}

/** A select; `empty` adds a first option that means "not given". */
export function select(kind: 'text' | 'optional' | 'number', choices: readonly Choice[], value: string | number | undefined, empty?: string): HTMLSelectElement {
  const element = h(
    'select',
    { 'data-kind': kind },
    empty !== undefined ? h('option', { value: '' }, empty) : null,
    choices.map((c) => h('option', { value: c.value }, c.label)),
  );
  element.value = value === undefined ? '' : String(value);
  return element;
}

export function checkbox(scope: string, path: string, label: string, checked: boolean, attrs: Attrs = {}): HTMLElement {
  const id = controlId(scope, path);
  const input = h('input', { type: 'checkbox', id, name: path, 'data-kind': 'bool', checked, ...attrs });
  return h('div', { class: 'check' }, input, h('label', { for: id }, label), errorSlot(scope, path));
}

/** Several checkboxes that together are one list value. */
/**
 * Checkboxes for a list. With `noneLabel`, the group also offers "none of these": then nothing ticked and that box
 * unticked leaves the list unstated (absent from the value), so an unknown is never read as an empty list.
 */
export function checkboxGroup(scope: string, path: string, legend: string, choices: readonly Choice[], checked: readonly string[], attrs: Attrs = {}, noneLabel?: string): HTMLFieldSetElement {
  const options = noneLabel ? [...choices, { value: NONE_OF_THESE, label: noneLabel }] : choices;
  return h(
    'fieldset',
    { class: 'check-group', 'aria-describedby': errorSlotId(scope, path), ...attrs },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'check-options' },
      options.map((choice) => {
        const id = controlId(scope, `${path}-${choice.value}`);
        return h(
          'div',
          { class: 'check', 'data-choice': choice.value },
          h('input', { type: 'checkbox', id, name: path, value: choice.value, 'data-kind': 'multi', checked: checked.includes(choice.value) }),
          h('label', { for: id }, choice.label),
        );
      }),
    ),
    errorSlot(scope, path),
  );
}

/**
 * One value chosen from a few, all visible at once (radio buttons drawn as a segmented control): for the three-way
 * facts (yes / no / unknown) and short enums. The group is a fieldset whose legend is the question.
 */
export function radioGroup(scope: string, path: string, legend: string, choices: readonly Choice[], value: string, attrs: Attrs = {}): HTMLFieldSetElement {
  const group = h(
    'fieldset',
    { class: 'radio-group', 'aria-describedby': errorSlotId(scope, path), 'data-path': path, 'data-value': value, ...attrs },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'segmented' },
      choices.map((choice) => {
        const id = controlId(scope, `${path}-${choice.value}`);
        return h(
          'span',
          { class: 'segment', 'data-choice': choice.value },
          h('input', { type: 'radio', id, name: path, value: choice.value, 'data-kind': 'choice', checked: choice.value === value }),
          h('label', { for: id }, choice.label),
        );
      }),
    ),
    errorSlot(scope, path),
  );
  // The group carries its value, so the stylesheet can mark a fact still unknown.
  group.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.checked) group.dataset.value = target.value;
  });
  return group;
}

export const choicesOf = <T extends string>(values: readonly T[], label: (value: T) => string): Choice[] =>
  values.map((value) => ({ value, label: label(value) }));
