import { countryName, isCountryCode } from '../../../src/core/countries.js';
import { dataOf } from '../../../src/core/incident-diff.js';
import { incidentCreateSchema, incidentUpdateSchema, type IncidentDetail } from '../../../src/core/incident.schema.js';
import { themesOfCategory, type Category, type Theme } from '../../../src/core/taxonomy.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { concernsTouched, errorSlot, issuesOf, placeIssues } from '../shared/field-errors.js';
import { readForm } from '../shared/form-value.js';
import { FORM_SCOPE, incidentFormFields, newIncidentSeed, type FormSeed } from './incident-form-fields.js';
import { LocationPicker } from './location-picker.js';
import type { OutboxController } from '../outbox/outbox-controller.js';
import { captureFile, type CapturedFile } from '../outbox/outbox-store.js';

/** A new incident carries the id chosen here, so sending it again (after a cut, from the outbox) never records it twice. */
type Mode = { kind: 'create'; id: string } | { kind: 'edit'; id: string; version: number };

export interface IncidentFormOptions {
  withSensitive: boolean;
  onSaved(incident: IncidentDetail): void;
  /**
   * Where a new incident is kept when there is no network (offline, or the POST fails unreachable), with the photos and
   * documents attached to it; without it the form records online only and attaches no files.
   */
  outbox?: OutboxController | undefined;
  /** Told when an incident was kept in the outbox rather than recorded. */
  onKept?(message: string): void;
}

/** Location precision from the device's stated accuracy (metres): exact within 100 m, within 25 km up to that. */
export function precisionOfAccuracy(metres: number): 'exact' | 'within_25km' | undefined {
  if (!Number.isFinite(metres) || metres < 0) return undefined;
  if (metres <= 100) return 'exact';
  if (metres <= 25_000) return 'within_25km';
  return undefined;
}

const isNetworkFailure = (error: unknown) => (error instanceof ApiError ? error.status === 0 : error instanceof TypeError);

/**
 * Record or edit an incident, in a modal dialog. As the user types, the form runs the core's own schema (the one the
 * server runs) over its current value and shows each issue beside the input it names. Saving always asks the server,
 * which has the last word: its issues are shown the same way, and a concurrent edit (409) is said plainly.
 */
export class IncidentForm {
  readonly element = h('dialog', { class: 'form-dialog', 'data-testid': 'incident-form-dialog', 'aria-labelledby': 'incident-form-title' });
  private readonly form = h('form', { class: 'incident-form', 'data-testid': 'incident-form', novalidate: true });
  private mode: Mode = { kind: 'create', id: '' };
  /** Files attached to a new incident, each hashed when it was chosen (the custody chain starts here). */
  private attached: CapturedFile[] = [];
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
      this.attached = [];
      this.form.replaceChildren();
    });
  }

  openCreate(): void {
    this.mode = { kind: 'create', id: crypto.randomUUID() };
    this.attached = [];
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
        this.positionTool(),
        this.mode.kind === 'create' && this.options.outbox ? this.attachmentsField() : null,
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
    else value['id'] = this.mode.id;
    return value;
  }

  private validate(): void {
    const schema = this.mode.kind === 'create' ? incidentCreateSchema : incidentUpdateSchema;
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
      if (mode.kind === 'create' && this.options.outbox) {
        await this.create(this.options.outbox);
        return;
      }
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

  /**
   * A new incident, with an outbox to fall back on: recorded at once when the server answers, with its files sent after
   * it; kept in the outbox (encrypted, sent later) when there is no network or it fails on the way. Whatever reached
   * the server before a cut is recognised by its id when the outbox sends it again.
   */
  private async create(outbox: OutboxController): Promise<void> {
    const incident = { ...this.value(), id: (this.mode as { id: string }).id };
    const files = [...this.attached];
    const keep = async (why: string) => {
      // Online, the server has the last word; kept for later, the core's own schema must accept it now.
      const parsed = incidentCreateSchema.safeParse(incident);
      if (!parsed.success) {
        placeIssues(this.form, issuesOf(parsed.error), 'client');
        this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      if (!(await outbox.keep(incident, files))) {
        placeIssues(this.form, [{ path: '', message: `${why}, and the outbox was not unlocked: nothing was kept. Unlock it to keep this incident on the device.` }], 'client');
        return;
      }
      this.close();
      this.options.onKept?.(`${why}: the incident${files.length ? ` and ${files.length} file${files.length === 1 ? '' : 's'}` : ''} are kept on this device, encrypted, and will be sent when the network returns.`);
    };
    if (!navigator.onLine) return keep('No network');
    let saved: IncidentDetail;
    try {
      saved = await this.api.createIncident(incident);
      for (const file of files) {
        const bytes = new Uint8Array(file.bytes);
        await this.api.uploadEvidence(new File([bytes], file.name, { type: file.type }), { incidentIds: [saved.id], clientId: file.id, capturedSha256: file.sha256, capturedAt: file.capturedAt }, () => undefined);
      }
    } catch (error) {
      if (isNetworkFailure(error)) return keep('The server could not be reached');
      throw error;
    }
    this.close();
    this.options.onSaved(saved);
  }

  /** Photos and documents for a new incident: each hashed (SHA-256) the moment it is chosen. */
  private attachmentsField(): HTMLElement {
    const list = h('ul', { class: 'attachments-list', 'data-testid': 'form-attachments' });
    const input = h('input', { type: 'file', multiple: true, accept: 'image/*,video/*,audio/*,application/pdf,.docx,.xlsx,.odt,.ods,.txt', 'data-testid': 'form-files' });
    input.addEventListener('change', () => {
      void (async () => {
        for (const file of input.files ?? []) this.attached.push(await captureFile(file));
        input.value = '';
        list.replaceChildren(...this.attached.map((file) => h('li', { 'data-testid': 'form-attachment', 'data-sha256': file.sha256 }, `${file.name} · SHA-256 `, h('code', {}, `${file.sha256.slice(0, 12)}…`))));
      })();
    });
    return h(
      'fieldset',
      { class: 'form-section' },
      h('legend', {}, 'Photos and documents'),
      h('p', { class: 'hint' }, 'Hashed on this device when chosen; sent as evidence with the incident (kept encrypted here until then).'),
      input,
      list,
    );
  }

  /** "Use my position": the device's GPS fills latitude and longitude, and the precision from its accuracy. */
  private positionTool(): HTMLElement | null {
    if (!('geolocation' in navigator)) return null;
    const note = h('span', { class: 'hint', 'data-testid': 'form-position-note' });
    const button = h('button', {
      type: 'button',
      'data-testid': 'form-use-position',
      onclick: () => {
        note.textContent = 'Finding your position…';
        navigator.geolocation.getCurrentPosition(
          (position) => {
            const { latitude, longitude, accuracy } = position.coords;
            const set = (name: string, value: string) => {
              const control = this.form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
              if (!control) return;
              control.value = value;
              control.dispatchEvent(new Event('input', { bubbles: true }));
            };
            set('location.lat', latitude.toFixed(6));
            set('location.lon', longitude.toFixed(6));
            const precision = precisionOfAccuracy(accuracy);
            if (precision) set('location.precision', precision);
            note.textContent = `From this device, ± ${Math.round(accuracy)} m`;
          },
          (error) => (note.textContent = `The position could not be read: ${error.message || 'permission refused or no signal'}`),
          { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
        );
      },
    }, 'Use my position');
    return h('div', { class: 'position-tool' }, button, ' ', note);
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
