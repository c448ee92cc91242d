import { debounce, h } from './dom.js';
import { errorSlot, errorSlotId } from './field-errors.js';
import { controlId } from './form-controls.js';
import { nextActive } from './listbox-keys.js';
import { loadable } from './loadable.js';
import './record-picker.css';

/** A record as the picker shows it: its title, and a line that tells it from others like it. */
export interface PickedRecord {
  id: string;
  title: string;
  detail: string;
}

export interface RecordPickerOptions<T> {
  /** The form's scope and the value's path (`incidentIds`): the search box's id, and the slot its issues are shown in. */
  scope: string;
  path: string;
  label: string;
  hint?: string;
  /** "incident", "evidence item": said when nothing matches and on the chips' remove buttons. */
  noun: string;
  /** The prefix of the parts' test ids: `<testid>-search`, `-options`, `-option`, `-chip`, `-remove`. */
  testid: string;
  /** The records that match a text (the server's search, as the reader may see them); aborted when the text changes. */
  search(text: string, signal: AbortSignal): Promise<readonly T[]>;
  describe(record: T): PickedRecord;
  /** Chosen already (a prefilled link). */
  picked?: readonly PickedRecord[];
  /** At most this many (one, for a single link): the search box goes away while that many are chosen. */
  max?: number;
}

const SEARCH_DELAY_MS = 250;

/**
 * Choose records by searching them: a text box (an ARIA combobox) whose text is searched on the server as the user
 * types (after a pause, an older search abandoned), a list of matches to choose from with the arrows and Enter (Escape
 * closes it) or the mouse, and the records chosen, as chips with their titles that each remove their record.
 */
export class RecordPicker<T> {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly listbox: HTMLUListElement;
  private readonly chips: HTMLUListElement;
  private readonly box: HTMLElement;
  private readonly status: HTMLElement;
  private readonly chosen = new Map<string, PickedRecord>();
  private results: PickedRecord[] = [];
  private active = -1;
  private readonly loader;
  private readonly searchSoon = debounce((text: string) => void this.loader.load(text), SEARCH_DELAY_MS);

  constructor(private readonly options: RecordPickerOptions<T>) {
    const id = controlId(options.scope, options.path);
    const listId = `${id}-options`;
    const hintId = options.hint ? `${id}-hint` : undefined;
    this.input = h('input', {
      type: 'text',
      id,
      // Named for its issues (placeIssues marks the control of a path); without data-kind, readForm leaves it out.
      name: options.path,
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: false,
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-describedby': [hintId, errorSlotId(options.scope, options.path)].filter(Boolean).join(' '),
      placeholder: 'Type to search…',
      'data-testid': `${options.testid}-search`,
    });
    this.listbox = h('ul', { id: listId, role: 'listbox', class: 'picker-options', 'aria-label': `Matching ${options.noun}s`, 'data-testid': `${options.testid}-options`, hidden: true });
    this.chips = h('ul', { class: 'picker-chips', 'aria-label': `Chosen: ${options.label.toLowerCase()}`, 'data-testid': `${options.testid}-chips` });
    this.status = h('p', { class: 'picker-status hint', role: 'status', 'aria-live': 'polite' });
    this.box = h('div', { class: 'picker-box' }, this.input, this.listbox);
    this.element = h(
      'div',
      { class: 'field wide record-picker', 'data-testid': options.testid },
      h('label', { for: id }, options.label),
      this.chips,
      this.box,
      this.status,
      options.hint ? h('small', { class: 'hint', id: hintId }, options.hint) : null,
      errorSlot(options.scope, options.path),
    );
    this.loader = loadable(
      this.element,
      (signal, text: string) => options.search(text, signal),
      (records) => this.show(records.map((r) => options.describe(r)).filter((r) => !this.chosen.has(r.id))),
      { stateKey: 'search', status: this.status, loading: 'Searching…', failed: 'The search failed' },
    );
    this.input.addEventListener('input', () => this.typed());
    this.input.addEventListener('keydown', (event) => this.key(event));
    // Leaving the box closes the list (a click on an option lands first: options take the mouse down without the focus).
    this.input.addEventListener('blur', () => this.close());
    for (const record of options.picked ?? []) this.add(record, false);
  }

  /** The ids chosen, in the order they were chosen. */
  get ids(): string[] {
    return [...this.chosen.keys()];
  }

  focus(): void {
    this.input.focus();
  }

  destroy(): void {
    this.searchSoon.cancel();
    this.loader.abort();
  }

  private typed(): void {
    const text = this.input.value.trim();
    if (text === '') {
      this.searchSoon.cancel();
      this.loader.abort();
      delete this.element.dataset.search;
      this.status.textContent = '';
      this.close();
      return;
    }
    // `data-search` says where the search is: waiting for the pause, then loading, then ready (or error).
    this.element.dataset.search = 'waiting';
    this.searchSoon(text);
  }

  private show(records: PickedRecord[]): string {
    this.results = records;
    this.active = -1;
    this.listbox.replaceChildren(
      ...records.map((record, i) =>
        h(
          'li',
          {
            id: `${this.listbox.id}-${i}`,
            role: 'option',
            class: 'picker-option',
            'aria-selected': 'false',
            'data-id': record.id,
            'data-testid': `${this.options.testid}-option`,
            onmousedown: (event: MouseEvent) => event.preventDefault(),
            onclick: () => this.pick(i),
          },
          h('span', { class: 'picker-title' }, record.title),
          record.detail ? h('span', { class: 'picker-detail' }, record.detail) : null,
        ),
      ),
    );
    const open = records.length > 0 && document.activeElement === this.input;
    this.listbox.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.input.removeAttribute('aria-activedescendant');
    if (records.length === 0) return `No ${this.options.noun} matches “${this.input.value.trim()}”.`;
    return `${records.length} ${records.length === 1 ? 'match' : 'matches'}: use the arrow keys and Enter to choose.`;
  }

  private key(event: KeyboardEvent): void {
    const open = !this.listbox.hidden;
    if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        this.close();
      }
      return;
    }
    if (event.key === 'Enter') {
      // Enter in the box chooses; it never submits the form around it.
      event.preventDefault();
      if (open && this.active >= 0) this.pick(this.active);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    if (!open) {
      if (this.results.length === 0) return;
      this.listbox.hidden = false;
      this.input.setAttribute('aria-expanded', 'true');
    }
    const next = nextActive(this.active, event.key, this.results.length);
    if (next !== undefined) this.activate(next);
  }

  private activate(index: number): void {
    this.active = index;
    const options = [...this.listbox.children] as HTMLElement[];
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    const option = options[index];
    if (option) {
      this.input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  private close(): void {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  private pick(index: number): void {
    const record = this.results[index];
    if (!record) return;
    this.searchSoon.cancel();
    this.loader.abort();
    delete this.element.dataset.search;
    this.add(record, true);
    this.input.value = '';
    this.results = [];
    this.listbox.replaceChildren();
    this.close();
    this.status.textContent = `Added ${record.title}.`;
    // With the box gone (the most chosen), the focus goes to the chip's remove button.
    if (this.box.hidden) this.chips.querySelector<HTMLButtonElement>(`[data-id="${CSS.escape(record.id)}"] button`)?.focus();
    else this.input.focus();
  }

  private add(record: PickedRecord, announce: boolean): void {
    if (this.chosen.has(record.id)) return;
    this.chosen.set(record.id, record);
    const chip: HTMLLIElement = h(
      'li',
      { class: 'picker-chip', 'data-testid': `${this.options.testid}-chip`, 'data-id': record.id, title: record.detail },
      h('span', { class: 'picker-chip-title' }, record.title),
      h(
        'button',
        {
          type: 'button',
          class: 'picker-remove',
          'aria-label': `Remove ${this.options.noun} “${record.title}”`,
          'data-testid': `${this.options.testid}-remove`,
          onclick: () => {
            this.chosen.delete(record.id);
            chip.remove();
            this.fitBox();
            this.status.textContent = `Removed ${record.title}.`;
            this.input.focus();
            this.changed();
          },
        },
        '×',
      ),
    );
    this.chips.append(chip);
    this.fitBox();
    if (announce) this.changed();
  }

  /** The search box is there while more may be chosen. */
  private fitBox(): void {
    this.box.hidden = this.options.max !== undefined && this.chosen.size >= this.options.max;
  }

  /** The choice changed (a record added or removed by the user): a `change` event bubbles from the picker. */
  private changed(): void {
    this.element.dispatchEvent(new Event('change', { bubbles: true }));
  }
}
