import { forceRequestSchema, type ForceRequest } from '../../../src/core/use-of-force/force-request.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { assessmentView } from './assessment-view.js';
import { h, isAbort } from '../shared/dom.js';
import { concernsTouched, errorSlot, issuesOf, placeIssues } from '../shared/field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { FORCE_SCOPE, forceRequestFields } from './force-request-fields.js';
import type { ForceRequestView } from '../shared/force-types.js';
import type { ForceSubmissionInput } from '../../../src/core/use-of-force/force-request-view.schema.js';
import { readForm } from '../shared/form-value.js';
import { RegisteredSystemPicker } from './registered-system-picker.js';

export interface ForceRequestFormOptions {
  onSubmitted(view: ForceRequestView): void;
  onCancel(): void;
}

/** The server names a request's fields under `request.` (its body is `{ request, emergency }`); the form does not. */
const inRequest = (issue: RowIssue): RowIssue => ({ ...issue, path: issue.path.replace(/^request(\.|$)/, '') });

const asApiError = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error)));

/** `2024-05-01T10:00` from a datetime-local input, read as UTC, as the schema's ISO datetime. */
const utcFromLocalInput = (value: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value);

/**
 * Propose a use of force. Every fact a requester may not know is three-way and starts as "unknown". As the user
 * types, the core's own schema checks the form and each issue shows beside its field. "Check assessment" asks the
 * engine without storing anything and shows both verdicts below the form; "Submit request" stores it, assessed, in
 * the ledger.
 */
export class ForceRequestForm {
  readonly element: HTMLElement;
  private readonly form = h('form', { class: 'force-form', 'data-testid': 'force-form', novalidate: true, 'aria-labelledby': 'force-form-title' });
  private readonly result = h('div', { class: 'check-result', 'data-testid': 'check-result', 'aria-live': 'polite', hidden: true });
  private readonly emergency = h('input', { type: 'checkbox', id: 'force-emergency', 'data-testid': 'force-emergency' });
  private readonly checkButton = h('button', { type: 'button', 'data-testid': 'force-check' }, 'Check assessment');
  private readonly submitButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'force-submit' }, 'Submit request');
  private submitted = false;
  private busy = false;
  private checking: AbortController | undefined;
  private readonly systemPicker: RegisteredSystemPicker;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ForceRequestFormOptions,
  ) {
    this.form.append(
      h(
        'header',
        { class: 'force-form-header' },
        h('h2', { id: 'force-form-title' }, 'Propose a use of force'),
        h(
          'p',
          { class: 'lede' },
          'The request is assessed at once under international humanitarian law and under human-security rules. Facts left as ',
          h('strong', {}, 'Unknown'),
          ' stay unknown — never read as “no” — and the assessment names those it needs.',
        ),
      ),
      h(
        'div',
        { class: 'emergency-option' },
        h(
          'div',
          { class: 'check' },
          this.emergency,
          h('label', { for: 'force-emergency' }, h('strong', {}, 'Emergency self-defence record (after the fact)')),
        ),
        h('p', { class: 'hint' }, 'Force already used in self-defence before anyone could be asked. The record goes straight to the human-security advisor for review.'),
      ),
      h('div', { class: 'force-form-body' }, forceRequestFields(() => this.validate())),
      h(
        'footer',
        { class: 'force-form-footer' },
        errorSlot(FORCE_SCOPE, ''),
        h(
          'div',
          { class: 'actions' },
          this.checkButton,
          this.submitButton,
          h('button', { type: 'button', class: 'link-button', 'data-testid': 'force-cancel', onclick: () => this.options.onCancel() }, 'Cancel'),
          h('span', { class: 'hint' }, 'Checking stores nothing. Submitting records the request and its assessment in the ledger.'),
        ),
      ),
    );
    this.element = h('div', { class: 'force-compose', 'data-testid': 'force-compose' }, this.form, this.result);
    const facts = this.form.querySelector<HTMLFieldSetElement>('[data-testid="force-form-autonomy"]')!;
    this.systemPicker = new RegisteredSystemPicker(api, facts, FORCE_SCOPE);
    this.form.querySelector('[data-slot="registered-system"]')!.replaceWith(this.systemPicker.element);
    this.systemPicker.load();
    const touch = (event: Event) => {
      const target = event.target as HTMLInputElement;
      if (!target.name) return;
      target.dataset.touched = 'true';
      this.validate();
      this.markResultStale();
    };
    this.form.addEventListener('input', touch);
    this.form.addEventListener('change', touch);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.checkButton.addEventListener('click', () => void this.check());
    this.emergency.addEventListener('change', () => {
      this.submitButton.textContent = this.emergency.checked ? 'Submit emergency record' : 'Submit request';
    });
  }

  focus(): void {
    this.form.querySelector<HTMLInputElement>('[name="mission.name"]')?.focus();
  }

  destroy(): void {
    this.checking?.abort();
    this.systemPicker.abort();
    this.element.remove();
  }

  /** The request the form describes, as the schema and the server see it. */
  private value(): Record<string, unknown> {
    const value = readForm(this.form);
    if (typeof value['at'] === 'string') value['at'] = utcFromLocalInput(value['at']);
    return value;
  }

  /** The form's value as it is: each caller has just passed it through the request schema (validate), and the server does again. */
  private submission(): ForceSubmissionInput {
    return { request: this.value() as ForceSubmissionInput['request'], emergency: this.emergency.checked };
  }

  private validate(): ForceRequest | undefined {
    const result = forceRequestSchema.safeParse(this.value());
    const issues = result.success ? [] : issuesOf(result.error);
    const touched = [...this.form.querySelectorAll<HTMLInputElement>('[data-touched]')].map((control) => control.name);
    placeIssues(this.form, this.submitted ? issues : issues.filter((issue) => concernsTouched(issue, touched)), 'client');
    this.form.dataset.valid = String(result.success);
    return result.success ? result.data : undefined;
  }

  private showServerIssues(error: unknown): void {
    const failure = asApiError(error);
    const issues = failure.issues.map(inRequest);
    placeIssues(this.form, issues.length > 0 ? issues : [{ path: '', message: failure.message }], 'server');
    this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** Ask the engine, store nothing. */
  private async check(): Promise<void> {
    this.submitted = true;
    const request = this.validate();
    this.checking?.abort();
    // The engine reads only a valid request, and the server runs the same schema: say so here, without asking.
    if (!request) return this.showIncomplete();
    const checking = new AbortController();
    this.checking = checking;
    this.checkButton.disabled = true;
    this.result.hidden = false;
    this.result.dataset.state = 'loading';
    this.result.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Assessing under both regimes…'));
    try {
      const assessment = await this.api.assessForce(this.submission(), checking.signal);
      this.result.dataset.state = 'ready';
      delete this.result.dataset.stale;
      this.result.replaceChildren(
        h(
          'header',
          { class: 'check-result-header' },
          h('h2', {}, 'Assessment of this draft'),
          h('p', { class: 'stale-note', 'data-testid': 'check-stale' }, 'The form has changed since this check: check again.'),
        ),
        assessmentView(assessment, { request, onFact: (path) => this.showField(path) }),
      );
      this.result.scrollIntoView({ block: 'start' });
    } catch (error) {
      if (isAbort(error)) return;
      this.result.dataset.state = 'error';
      this.result.replaceChildren(h('p', { class: 'error-banner', role: 'alert' }, `The assessment could not be made: ${asApiError(error).message}`));
      this.showServerIssues(error);
    } finally {
      if (this.checking === checking) this.checkButton.disabled = false;
    }
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    this.submitted = true;
    if (!this.validate()) return this.showIncomplete();
    this.busy = true;
    this.submitButton.disabled = true;
    try {
      const view = await this.api.submitForceRequest(this.submission());
      this.options.onSubmitted(view);
    } catch (error) {
      this.showServerIssues(error);
    } finally {
      this.busy = false;
      this.submitButton.disabled = false;
    }
  }

  /** The form does not yet describe a request: the issues are beside their fields; go to the first. */
  private showIncomplete(): void {
    const count = this.form.querySelectorAll('.field-error:not([hidden]) .issue').length;
    placeIssues(this.form, [...this.currentIssues(), { path: '', message: `${count === 1 ? 'One field needs' : `${count} fields need`} attention before the request can be assessed: see the messages in red.` }], 'client');
    this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private currentIssues(): RowIssue[] {
    const result = forceRequestSchema.safeParse(this.value());
    return result.success ? [] : issuesOf(result.error);
  }

  private markResultStale(): void {
    if (this.result.dataset.state === 'ready') this.result.dataset.stale = 'true';
  }

  /** A missing fact was clicked in the assessment: bring its field into view and put the cursor there. */
  private showField(path: string): void {
    const controls = [...this.form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(path)}"]`)];
    // Missing `expectedEffects.civilians.deaths` has controls named `…deaths.low` and so on.
    if (controls.length === 0) controls.push(...this.form.querySelectorAll<HTMLInputElement>(`[name^="${CSS.escape(path)}."]`));
    const control = controls.find((c) => c.type === 'radio' && c.checked) ?? controls[0];
    if (!control) return;
    const holder = control.closest<HTMLElement>('.radio-group, .field, .estimate-row, .check') ?? control;
    holder.scrollIntoView({ block: 'center' });
    holder.classList.remove('attention');
    // Restart the highlight even when the same field is asked for twice.
    void holder.offsetWidth;
    holder.classList.add('attention');
    control.focus({ preventScroll: true });
  }
}
