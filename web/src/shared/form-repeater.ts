import { h, type Child } from './dom.js';
import { errorSlot } from './field-errors.js';

export interface RepeaterOptions<T> {
  scope: string;
  /** The list's path in the document, e.g. `actors` or `casualties.0.breakdown`. */
  path: string;
  legend: string;
  /** Names one row for people: "Actor" → "Actor 1", and the add button "Add actor". */
  noun: string;
  items: readonly T[];
  /** The controls of one row; their paths start with `rowPath`. */
  renderRow(rowPath: string, item: T | undefined): Child[];
  /** After a row was added or removed. */
  onChange(): void;
  testid: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const RENUMBERED_ATTRIBUTES = ['name', 'id', 'for', 'data-error-for', 'aria-describedby', 'data-row-path', 'data-repeater'];

/**
 * Moves a row from one index to another: every path under `list.from` becomes `list.to`, in names, ids, labels and
 * error slots, nested lists included. The lookahead keeps `actors.1` from matching `actors.10`.
 */
function renumber(row: HTMLElement, listPath: string, from: number, to: number): void {
  if (from === to) return;
  const pattern = new RegExp(`(^|[-\\s])${escapeRegExp(`${listPath}.${from}`)}(?=$|[.\\s-])`, 'g');
  for (const element of [row, ...row.querySelectorAll<HTMLElement>('*')]) {
    for (const attribute of RENUMBERED_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value !== null && value.includes(`${listPath}.${from}`)) element.setAttribute(attribute, value.replace(pattern, `$1${listPath}.${to}`));
    }
  }
}

/**
 * A list of rows that the user can grow and shrink (actors, casualties, sources …). A row's paths carry its index, so
 * removing a row renumbers the ones after it; a nested list reads its own path from the page, never from a closure.
 */
export function repeater<T>(options: RepeaterOptions<T>): HTMLFieldSetElement {
  const rows = h('ol', { class: 'repeater-rows' });
  const fieldset = h(
    'fieldset',
    { class: 'repeater', 'data-repeater': options.path, 'data-testid': options.testid },
    h('legend', {}, options.legend),
    rows,
    errorSlot(options.scope, options.path),
  );
  const currentPath = () => fieldset.dataset.repeater ?? options.path;

  const relabel = () => {
    [...rows.children].forEach((row, i) => {
      const title = row.querySelector(':scope > .row-header > .row-title');
      if (title) title.textContent = `${options.noun} ${i + 1}`;
    });
  };

  const addRow = (item: T | undefined) => {
    const index = rows.children.length;
    const rowPath = `${currentPath()}.${index}`;
    const row: HTMLLIElement = h(
      'li',
      { class: 'repeater-row', 'data-row-path': rowPath },
      h(
        'div',
        { class: 'row-header' },
        h('span', { class: 'row-title' }, `${options.noun} ${index + 1}`),
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'data-testid': `${options.testid}-remove`,
            onclick: () => {
              removeRow(row);
            },
          },
          `Remove ${options.noun.toLowerCase()}`,
        ),
      ),
      h('div', { class: 'row-fields' }, options.renderRow(rowPath, item)),
      errorSlot(options.scope, rowPath),
    );
    rows.append(row);
    return row;
  };

  const removeRow = (row: HTMLLIElement) => {
    const path = currentPath();
    const index = [...rows.children].indexOf(row);
    row.remove();
    [...rows.children].forEach((later, i) => {
      if (i >= index) renumber(later as HTMLElement, path, i + 1, i);
    });
    relabel();
    options.onChange();
  };

  for (const item of options.items) addRow(item);
  fieldset.append(
    h(
      'button',
      {
        type: 'button',
        class: 'add-row',
        'data-testid': `${options.testid}-add`,
        onclick: () => {
          const row = addRow(undefined);
          row.querySelector<HTMLElement>('input, select, textarea')?.focus();
          options.onChange();
        },
      },
      `Add ${options.noun.toLowerCase()}`,
    ),
  );
  return fieldset;
}
