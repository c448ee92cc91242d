import { h, type Child } from './dom.js';
import { errorSlot } from './field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { asApiError, conflictBanner, isStale, saveRegisterEntry } from './register-save.js';
import './register-editor.css';

/** What one register (zones, sites, agreements, capabilities) gives the editor. */
export interface RegisterEditorSpec<Entry> {
  /** "site", "zone", "agreement": the test ids' and field ids' prefix, and how the titles and banners name an entry. */
  what: string;
  /** The back link ("← Sites"). */
  back: string;
  /** The title of a new entry's form ("New protected site") and its save button ("Save the site"). */
  newTitle: string;
  createLabel: string;
  canWrite: boolean;
  idOf(entry: Entry): string;
  versionOf(entry: Entry): number;
  /** The title of the read-only view. */
  nameOf(entry: Entry): string;
  /** What the register says about the entry, for those who may not write. */
  facts(entry: Entry): HTMLElement | Promise<HTMLElement>;
  /** The form's fields; the footer (status, save, cancel, delete) is the editor's. */
  fields(entry: Entry | undefined): Child[];
  /** The name of the field that has the focus when the form opens. */
  firstField: string;
  /** The entry the form describes, as the server takes it, and what the core's schema finds wrong with it. */
  read(form: HTMLFormElement, entry: Entry | undefined): { value: unknown; issues: readonly RowIssue[] };
  save(value: unknown, entry: Entry | undefined): Promise<Entry>;
  /** Reads the stored version again: offered when an edit was stale. */
  get?(id: string): Promise<Entry>;
  /** Deletes the entry: offered, with a confirmation, when there is a way to. */
  remove?(entry: Entry): Promise<void>;
  /** The form is shown / is about to go: the map follows. */
  opened?(entry: Entry | undefined): void;
  closing?(): void;
  onSaved(entry: Entry): void;
  onDeleted?(id: string): void;
  onClose(): void;
}

/**
 * One entry of a register: for those who may write, its form (issues from the core's schema and from the server
 * beside the fields, a stale edit said plainly, with the latest version a click away); for the others, its facts.
 */
export class RegisterEditor<Entry> {
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  private readonly conflict: ReturnType<typeof conflictBanner>;
  private shownForm: HTMLFormElement | undefined;
  private entry: Entry | undefined;
  private saving = false;

  constructor(private readonly spec: RegisterEditorSpec<Entry>) {
    this.element = h('section', { class: `register-editor ${spec.what}-editor`, 'data-testid': `${spec.what}-editor` });
    this.status = h('p', { class: 'form-status', role: 'status', 'data-testid': `${spec.what}-form-status` });
    this.conflict = conflictBanner(`${spec.what}-conflict`);
  }

  get openId(): string | undefined {
    return this.entry === undefined ? undefined : this.spec.idOf(this.entry);
  }

  /** The form while one is open. */
  get form(): HTMLFormElement | undefined {
    return this.shownForm;
  }

  /** An entry of the register, or a new one (undefined). */
  open(entry: Entry | undefined): void {
    const { spec } = this;
    this.close(false);
    this.entry = entry;
    const id = entry === undefined ? 'new' : spec.idOf(entry);
    this.element.dataset.id = id;
    this.element.dataset.version = String(entry === undefined ? 0 : spec.versionOf(entry));
    if (!spec.canWrite) {
      if (entry !== undefined) void this.showFacts(entry, id);
      return;
    }
    this.element.replaceChildren(this.header(entry === undefined ? spec.newTitle : `Edit ${spec.what} (version ${spec.versionOf(entry)})`), this.buildForm(entry));
    spec.opened?.(entry);
    this.shownForm?.querySelector<HTMLInputElement>(`[name="${spec.firstField}"]`)?.focus();
  }

  close(notify = true): void {
    if (this.shownForm) this.spec.closing?.();
    this.shownForm = undefined;
    this.entry = undefined;
    this.element.replaceChildren();
    if (notify) this.spec.onClose();
  }

  private async showFacts(entry: Entry, id: string): Promise<void> {
    const facts = await this.spec.facts(entry);
    // Another entry may have been opened meanwhile.
    if (this.element.dataset.id === id) this.element.replaceChildren(this.header(this.spec.nameOf(entry)), facts);
  }

  private header(title: string): HTMLElement {
    const { what, back } = this.spec;
    return h(
      'header',
      { class: 'register-editor-head' },
      h('button', { type: 'button', class: 'link-button', 'data-testid': `${what}-back`, onclick: () => this.close() }, back),
      h('h2', { 'data-testid': `${what}-editor-title` }, title),
    );
  }

  private buildForm(entry: Entry | undefined): HTMLFormElement {
    const { what } = this.spec;
    const form: HTMLFormElement = h(
      'form',
      { class: 'register-form', 'data-testid': `${what}-form`, novalidate: true, onsubmit: (event: SubmitEvent) => void this.save(event) },
      this.spec.fields(entry),
      h(
        'footer',
        { class: 'register-form-footer' },
        this.conflict.element,
        errorSlot(what, ''),
        this.status,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', 'data-testid': `${what}-save` }, entry === undefined ? this.spec.createLabel : 'Save changes'),
          h('button', { type: 'button', 'data-testid': `${what}-cancel`, onclick: () => this.close() }, 'Cancel'),
          entry !== undefined && this.spec.remove ? this.deleteControl(entry) : null,
        ),
      ),
    );
    this.shownForm = form;
    this.conflict.show(undefined, what);
    this.status.textContent = '';
    return form;
  }

  private deleteControl(entry: Entry): HTMLElement {
    const { what } = this.spec;
    const confirm = h(
      'span',
      { class: 'confirm-delete', hidden: true },
      `Delete this ${what} from the register? `,
      h('button', { type: 'button', class: 'danger', 'data-testid': `${what}-delete-confirm`, onclick: () => void this.remove(entry) }, 'Delete'),
      h('button', { type: 'button', onclick: () => (confirm.hidden = true) }, 'Keep it'),
    );
    return h('span', { class: 'delete-control' }, h('button', { type: 'button', class: 'danger-outline', 'data-testid': `${what}-delete`, onclick: () => (confirm.hidden = false) }, 'Delete'), confirm);
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.shownForm) return;
    const { spec } = this;
    const form = this.shownForm;
    const entry = this.entry;
    const { value, issues } = spec.read(form, entry);
    this.saving = true;
    try {
      const saved = await saveRegisterEntry({
        form,
        status: this.status,
        conflict: this.conflict,
        what: spec.what,
        button: form.querySelector<HTMLButtonElement>(`[data-testid="${spec.what}-save"]`)!,
        clientIssues: issues,
        save: () => spec.save(value, entry),
        ...(spec.get && { reload: () => void this.reload() }),
      });
      if (saved) {
        this.close(false);
        spec.onSaved(saved);
      }
    } finally {
      this.saving = false;
    }
  }

  private async reload(): Promise<void> {
    if (this.entry === undefined || !this.spec.get) return;
    try {
      this.open(await this.spec.get(this.spec.idOf(this.entry)));
    } catch (error) {
      this.status.textContent = `The latest version could not be loaded: ${asApiError(error).message}`;
    }
  }

  private async remove(entry: Entry): Promise<void> {
    const { spec } = this;
    if (!spec.remove) return;
    this.status.textContent = 'Deleting…';
    try {
      await spec.remove(entry);
      this.close(false);
      spec.onDeleted?.(spec.idOf(entry));
    } catch (error) {
      const failure = asApiError(error);
      if (isStale(failure)) this.conflict.show(failure.message, spec.what, () => void this.reload());
      this.status.textContent = `Not deleted: ${failure.message}`;
    }
  }
}

/** A read-only description list: label, then the value as text. Empty values are left out. */
export function factsList(testid: string, facts: readonly (readonly [string, Child])[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts register-facts', 'data-testid': testid },
    facts.filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}
