import { countryName, isCountryCode } from '../../../src/core/countries.js';
import { dataOf } from '../../../src/core/incident-diff.js';
import { incidentInputSchema, incidentUpdateSchema, type IncidentDetail } from '../../../src/core/incident.schema.js';
import { themesOfCategory, type Category, type Theme } from '../../../src/core/taxonomy.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { concernsTouched, errorSlot, issuesOf, placeIssues } from '../shared/field-errors.js';
import { readForm } from '../shared/form-value.js';
import { FORM_SCOPE, incidentFormFields, newIncidentSeed, type FormSeed } from './incident-form-fields.js';
import { LocationPicker } from './location-picker.js';

type Mode = { kind: 'create' } | { kind: 'edit'; id: string; version: number };

export interface IncidentFormOptions {
  withSensitive: boolean;
  onSaved(incident: IncidentDetail): void;
}

/**
 * Record or edit an incident, in a modal dialog. As the user types, the form runs the core's own schema (the one the
 * server runs) over its current value and shows each issue beside the input it names. Saving always asks the server,
 * which has the last word: its issues are shown the same way, and a concurrent edit (409) is said plainly.
 */
export class IncidentForm {
  readonly element = h('dialog', { class: 'form-dialog', 'data-testid': 'incident-form-dialog', 'aria-labelledby': 'incident-form-title' });
  private readonly form = h('form', { class: 'incident-form', 'data-testid': 'incident-form', novalidate: true });
  private mode: Mode = { kind: 'create' };
  private submitted = false;
  private saving = false;
  private locationPicker: LocationPicker | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly options: IncidentFormOptions,
  ) {
    this.element.append(this.form);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    const touch = (event: Event) => {
      const target = event.target as HTMLInputElement;
      if (!target.name) return;
      target.dataset.touched = 'true';
      if (target.name === 'location.country') this.showCountryName();
      if (target.name === 'location.lat' || target.name === 'location.lon') this.locationPicker?.fieldsChanged();
      if (target.name === 'themes') this.highlightCategories();
      this.validate();
    };
    this.form.addEventListener('input', touch);
    this.form.addEventListener('change', touch);
    this.element.addEventListener('close', () => {
      this.dropLocationPicker();
      this.form.replaceChildren();
    });
  }

  openCreate(): void {
    this.mode = { kind: 'create' };
    this.render('Record an incident', newIncidentSeed(new Date().toISOString().slice(0, 10)));
  }

  openEdit(incident: IncidentDetail): void {
    this.mode = { kind: 'edit', id: incident.id, version: incident.version };
    this.render(`Edit incident (version ${incident.version})`, dataOf(incident));
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  private dropLocationPicker(): void {
    this.locationPicker?.destroy();
    this.locationPicker = undefined;
  }

  private render(title: string, seed: FormSeed): void {
    this.submitted = false;
    this.dropLocationPicker();
    this.locationPicker = new LocationPicker(this.api, this.form);
    this.form.replaceChildren(
      h(
        'header',
        { class: 'form-header' },
        h('h2', { id: 'incident-form-title' }, title),
        h('button', { type: 'button', class: 'close', 'aria-label': 'Close without saving', onclick: () => this.close() }, '×'),
      ),
      h(
        'div',
        { class: 'form-body' },
        incidentFormFields(seed, { withSensitive: this.options.withSensitive, onChange: () => this.validate(), locationTools: this.locationPicker.element }),
      ),
      h(
        'footer',
        { class: 'form-footer' },
        h('div', { class: 'conflict-banner', role: 'alert', 'data-testid': 'form-conflict', hidden: true }),
        errorSlot(FORM_SCOPE, ''),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', 'data-testid': 'form-save' }, this.mode.kind === 'create' ? 'Record incident' : 'Save changes'),
          h('button', { type: 'button', 'data-testid': 'form-cancel', onclick: () => this.close() }, 'Cancel'),
        ),
      ),
    );
    this.element.dataset.mode = this.mode.kind;
    if (!this.element.open) this.element.showModal();
    this.showCountryName();
    this.highlightCategories();
    this.form.querySelector<HTMLInputElement>('[name="title"]')?.focus();
  }

  /** The document the form describes, as the schema and the server see it. */
  private value(): Record<string, unknown> {
    const value = readForm(this.form);
    if (this.mode.kind === 'edit') value['expectedVersion'] = this.mode.version;
    return value;
  }

  private validate(): void {
    const schema = this.mode.kind === 'create' ? incidentInputSchema : incidentUpdateSchema;
    const result = schema.safeParse(this.value());
    const issues = result.success ? [] : issuesOf(result.error);
    const touched = [...this.form.querySelectorAll<HTMLInputElement>('[data-touched]')].map((control) => control.name);
    placeIssues(this.form, this.submitted ? issues : issues.filter((issue) => concernsTouched(issue, touched)), 'client');
    this.form.dataset.valid = String(result.success);
  }

  private async save(): Promise<void> {
    if (this.saving) return;
    this.submitted = true;
    this.saving = true;
    const save = this.form.querySelector<HTMLButtonElement>('[data-testid="form-save"]')!;
    save.disabled = true;
    this.showConflict(undefined);
    try {
      const mode = this.mode;
      const saved = mode.kind === 'create' ? await this.api.createIncident(this.value()) : await this.api.updateIncident(mode.id, this.value());
      this.close();
      this.options.onSaved(saved);
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error));
      if (failure.status === 409) {
        this.showConflict(failure.message);
        placeIssues(this.form, failure.issues.filter((issue) => issue.path !== 'expectedVersion'), 'server');
      } else {
        placeIssues(this.form, failure.issues.length > 0 ? failure.issues : [{ path: '', message: failure.message }], 'server');
      }
      this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
      save.disabled = false;
    }
  }

  private showConflict(message: string | undefined): void {
    const banner = this.form.querySelector<HTMLElement>('[data-testid="form-conflict"]');
    if (!banner) return;
    banner.hidden = message === undefined;
    if (message === undefined || this.mode.kind !== 'edit') return banner.replaceChildren();
    const { id } = this.mode;
    banner.replaceChildren(
      h('strong', {}, 'Not saved: someone else changed this incident while you were editing. '),
      message,
      ' ',
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void this.api.getIncident(id).then(
              (latest) => this.openEdit(latest),
              (error: unknown) => placeIssues(this.form, [{ path: '', message: `The latest version could not be loaded: ${String(error)}` }], 'client'),
            ),
        },
        'Load the latest version (discards your changes)',
      ),
    );
  }

  private showCountryName(): void {
    const input = this.form.querySelector<HTMLInputElement>('[name="location.country"]');
    const label = this.form.querySelector('[data-testid="form-country-name"]');
    if (!input || !label) return;
    const code = input.value.trim().toUpperCase();
    label.textContent = code === '' ? 'e.g. NGA for Nigeria' : isCountryCode(code) ? countryName(code) : 'unknown code';
  }

  /** Categories that belong to a chosen theme stand out; the others are still there, dimmed. */
  private highlightCategories(): void {
    const themes = new Set([...this.form.querySelectorAll<HTMLInputElement>('input[name="themes"]:checked')].map((input) => input.value as Theme));
    for (const option of this.form.querySelectorAll<HTMLElement>('[data-testid="form-categories"] [data-choice]')) {
      const fits = themesOfCategory(option.dataset.choice as Category).some((theme) => themes.has(theme));
      option.classList.toggle('fits', fits);
      option.classList.toggle('dimmed', themes.size > 0 && !fits);
    }
  }
}
