import { siteInputSchema, siteUpdateSchema, type Site } from '../../../src/core/places/site.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { errorSlot, issuesOf } from '../shared/field-errors.js';
import { checkboxGroup, field, numberInput, select, textArea, textInput } from '../shared/form-controls.js';
import { readForm } from '../shared/form-value.js';
import { asApiError, conflictBanner, factsList, isStale, saveRegisterEntry, sourceFields, sourceText } from './place-form.js';
import {
  CULTURAL_PROTECTION_CHOICES,
  CULTURAL_PROTECTION_LABELS,
  PROTECTION_BASIS_CHOICES,
  PROTECTION_BASIS_LABELS,
  SITE_CATEGORY_CHOICES,
  SITE_CATEGORY_LABELS,
  SITE_COLORS,
  SITE_STATUS_CHOICES,
  SITE_STATUS_LABELS,
  colourMark,
} from './place-labels.js';
import type { PlacesMap } from './places-map.js';

const SCOPE = 'site';

export interface SiteFormOptions {
  map: PlacesMap;
  canWrite: boolean;
  onSaved(site: Site): void;
  onDeleted(id: string): void;
  onClose(): void;
}

/**
 * One protected site: for those who may write, a form (its point typed or clicked on the map; an area keeps its
 * shape); for the others, what the register says about it. Issues from the core's schema and from the server are shown
 * beside the fields; a stale edit (409) is said plainly.
 */
export class SiteForm {
  readonly element = h('section', { class: 'place-editor site-editor', 'data-testid': 'site-editor' });
  private form: HTMLFormElement | undefined;
  private site: Site | undefined;
  private readonly lat = numberInput(undefined, { 'data-testid': 'site-lat', name: 'point.lat' });
  private readonly lon = numberInput(undefined, { 'data-testid': 'site-lon', name: 'point.lon' });
  private readonly pick = h('button', { type: 'button', 'data-testid': 'site-pick', onclick: () => this.startPicking() }, 'Pick on the map');
  private readonly conflict = conflictBanner('site-conflict');
  private readonly status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'site-form-status' });
  private saving = false;

  constructor(
    private readonly api: ApiClient,
    private readonly options: SiteFormOptions,
  ) {
    // The point is not a field of the site as such: the form builds the geometry from it.
    for (const input of [this.lat, this.lon]) {
      input.removeAttribute('data-kind');
      input.addEventListener('input', () => this.options.map.showSitePoint(this.point()));
    }
  }

  get openId(): string | undefined {
    return this.site?.id;
  }

  open(site: Site | undefined): void {
    this.close(false);
    this.site = site;
    this.element.dataset.id = site?.id ?? 'new';
    this.element.dataset.version = String(site?.version ?? 0);
    if (!this.options.canWrite) {
      if (site) this.element.replaceChildren(this.header(site.name), this.facts(site));
      return;
    }
    this.element.replaceChildren(this.header(site ? `Edit site (version ${site.version})` : 'New protected site'), this.buildForm(site));
    this.options.map.showSitePoint(site ? { lon: site.lon, lat: site.lat } : undefined);
    this.form?.querySelector<HTMLInputElement>('[name="name"]')?.focus();
  }

  close(notify = true): void {
    if (this.form) {
      this.options.map.pickPoint(undefined);
      this.options.map.showSitePoint(undefined);
    }
    this.form = undefined;
    this.site = undefined;
    this.element.replaceChildren();
    if (notify) this.options.onClose();
  }

  private header(title: string): HTMLElement {
    return h(
      'header',
      { class: 'place-editor-head' },
      h('button', { type: 'button', class: 'link-button', 'data-testid': 'site-back', onclick: () => this.close() }, '← Sites'),
      h('h2', { 'data-testid': 'site-editor-title' }, title),
    );
  }

  private facts(site: Site): HTMLElement {
    return factsList('site-facts', [
      ['Category', [colourMark(SITE_COLORS[site.category]), SITE_CATEGORY_LABELS[site.category]]],
      ['Cultural protection', site.culturalProtection ? CULTURAL_PROTECTION_LABELS[site.culturalProtection] : undefined],
      ['Status', SITE_STATUS_LABELS[site.status]],
      ['Protected by', site.protectionBasis.map((b) => PROTECTION_BASIS_LABELS[b]).join('; ')],
      ['Where', `${site.lat.toFixed(5)}, ${site.lon.toFixed(5)}${site.radiusKm > 0 ? ` (an area reaching ${site.radiusKm} km from there)` : ''}`],
      ['Country', [site.country, site.admin1].filter(Boolean).join(', ')],
      ['Source', sourceText(site.source)],
      ['Notes', site.notes],
      ['Version', String(site.version)],
    ]);
  }

  private buildForm(site: Site | undefined): HTMLFormElement {
    const isArea = site !== undefined && site.geometry.type !== 'Point';
    this.lat.value = site ? String(site.lat) : '';
    this.lon.value = site ? String(site.lon) : '';
    this.lat.disabled = this.lon.disabled = this.pick.disabled = isArea;
    const category = select('text', SITE_CATEGORY_CHOICES, site?.category, 'Choose…');
    category.setAttribute('data-testid', 'site-category');
    const cultural = select('optional', CULTURAL_PROTECTION_CHOICES, site?.culturalProtection, 'None');
    const statusSelect = select('text', SITE_STATUS_CHOICES, site?.status ?? 'unknown');
    statusSelect.setAttribute('data-testid', 'site-status');
    const form: HTMLFormElement = h(
      'form',
      { class: 'place-form', 'data-testid': 'site-form', novalidate: true, onsubmit: (event: SubmitEvent) => void this.save(event) },
      h(
        'div',
        { class: 'form-grid' },
        field(SCOPE, 'name', 'Name', textInput('text', site?.name, { 'data-testid': 'site-name' }), { wide: true }),
        field(SCOPE, 'category', 'Category', category),
        field(SCOPE, 'status', 'Status', statusSelect),
        field(SCOPE, 'culturalProtection', 'Cultural protection', cultural, { wide: true, hint: 'For cultural property: its level of protection.' }),
      ),
      h(
        'fieldset',
        { class: 'form-section' },
        h('legend', {}, 'Where'),
        isArea ? h('p', { class: 'hint' }, 'An area: its shape is kept as imported; the point below is its centre.') : null,
        h('div', { class: 'form-grid' }, field(SCOPE, 'point.lat', 'Latitude', this.lat), field(SCOPE, 'point.lon', 'Longitude', this.lon), h('div', { class: 'field pick-field' }, this.pick)),
        errorSlot(SCOPE, 'geometry'),
        h(
          'div',
          { class: 'form-grid' },
          field(SCOPE, 'country', 'Country (ISO3)', textInput('optional', site?.country, { class: 'code-input', maxlength: 3, 'data-testid': 'site-country' })),
          field(SCOPE, 'admin1', 'Province / state', textInput('optional', site?.admin1)),
        ),
      ),
      checkboxGroup(SCOPE, 'protectionBasis', 'Protected by (none ticked: the usual basis of the category)', PROTECTION_BASIS_CHOICES, site?.protectionBasis ?? [], { 'data-testid': 'site-basis' }),
      field(SCOPE, 'notes', 'Notes', textArea('optional', site?.notes, { rows: 3 }), { wide: true }),
      sourceFields(SCOPE, '', site?.source, 'mission'),
      h(
        'footer',
        { class: 'place-form-footer' },
        this.conflict.element,
        errorSlot(SCOPE, ''),
        this.status,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', 'data-testid': 'site-save' }, site ? 'Save changes' : 'Save the site'),
          h('button', { type: 'button', 'data-testid': 'site-cancel', onclick: () => this.close() }, 'Cancel'),
          site ? this.deleteControl(site) : null,
        ),
      ),
    );
    this.form = form;
    this.conflict.show(undefined, 'site');
    this.status.textContent = '';
    return form;
  }

  private deleteControl(site: Site): HTMLElement {
    const confirm = h(
      'span',
      { class: 'confirm-delete', hidden: true },
      'Delete this site from the register? ',
      h('button', { type: 'button', class: 'danger', 'data-testid': 'site-delete-confirm', onclick: () => void this.remove(site) }, 'Delete'),
      h('button', { type: 'button', onclick: () => (confirm.hidden = true) }, 'Keep it'),
    );
    return h('span', { class: 'delete-control' }, h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'site-delete', onclick: () => (confirm.hidden = false) }, 'Delete'), confirm);
  }

  private point(): { lon: number; lat: number } | undefined {
    const lat = this.lat.valueAsNumber;
    const lon = this.lon.valueAsNumber;
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;
  }

  private startPicking(): void {
    this.status.textContent = 'Click on the map where the site is.';
    this.pick.setAttribute('aria-pressed', 'true');
    this.options.map.pickPoint(({ lon, lat }) => {
      this.pick.removeAttribute('aria-pressed');
      this.lat.value = lat.toFixed(6);
      this.lon.value = lon.toFixed(6);
      this.status.textContent = '';
      this.options.map.showSitePoint({ lon: Number(this.lon.value), lat: Number(this.lat.value) });
    });
  }

  /** The site the form describes, as the server takes it. */
  private value(): Record<string, unknown> {
    const value = readForm(this.form!);
    const site = this.site;
    if (site && site.geometry.type !== 'Point') value.geometry = site.geometry;
    else {
      const point = this.point();
      if (point) value.geometry = { type: 'Point', coordinates: [point.lon, point.lat] };
    }
    if (site) value.version = site.version;
    return value;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.saving || !this.form) return;
    const form = this.form;
    const value = this.value();
    const result = (this.site ? siteUpdateSchema : siteInputSchema).safeParse(value);
    const issues = value.geometry === undefined ? [{ path: 'geometry', message: 'give the latitude and longitude, or pick the point on the map' }] : result.success ? [] : issuesOf(result.error);
    this.saving = true;
    try {
      const site = this.site;
      const saved = await saveRegisterEntry({
        form,
        status: this.status,
        conflict: this.conflict,
        what: 'site',
        button: form.querySelector<HTMLButtonElement>('[data-testid="site-save"]')!,
        clientIssues: issues,
        save: () => (site ? this.api.updateSite(site.id, value) : this.api.createSite(value)),
        reload: () => void this.reload(),
      });
      if (saved) {
        this.close(false);
        this.options.onSaved(saved);
      }
    } finally {
      this.saving = false;
    }
  }

  private async reload(): Promise<void> {
    if (!this.site) return;
    try {
      this.open(await this.api.getSite(this.site.id));
    } catch (error) {
      this.status.textContent = `The latest version could not be loaded: ${asApiError(error).message}`;
    }
  }

  private async remove(site: Site): Promise<void> {
    this.status.textContent = 'Deleting…';
    try {
      await this.api.deleteSite(site.id, site.version);
      this.close(false);
      this.options.onDeleted(site.id);
    } catch (error) {
      const failure = asApiError(error);
      if (isStale(failure)) this.conflict.show(failure.message, 'site', () => void this.reload());
      this.status.textContent = `Not deleted: ${failure.message}`;
    }
  }
}
