import { siteInputSchema, siteUpdateSchema, type Site } from '../../../src/core/places/site.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, type Child } from '../shared/dom.js';
import { errorSlot, issuesOf } from '../shared/field-errors.js';
import type { RowIssue } from '../../../src/core/rejected-row.schema.js';
import { checkboxGroup, field, numberInput, select, textArea, textInput } from '../shared/form-controls.js';
import { readForm } from '../shared/form-value.js';
import { sourceFields, sourceText } from './place-form.js';
import { factsList, RegisterEditor } from '../shared/register-editor.js';
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

/** One protected site: its form (the point typed or clicked on the map; an area keeps its shape), or its facts. */
export class SiteForm {
  readonly element: HTMLElement;
  private readonly editor: RegisterEditor<Site>;
  private readonly lat = numberInput(undefined, { 'data-testid': 'site-lat', name: 'point.lat' });
  private readonly lon = numberInput(undefined, { 'data-testid': 'site-lon', name: 'point.lon' });
  private readonly pick = h('button', { type: 'button', 'data-testid': 'site-pick', onclick: () => this.startPicking() }, 'Pick on the map');

  constructor(
    private readonly api: ApiClient,
    private readonly options: SiteFormOptions,
  ) {
    // The point is not a field of the site as such: the form builds the geometry from it.
    for (const input of [this.lat, this.lon]) {
      input.removeAttribute('data-kind');
      input.addEventListener('input', () => this.options.map.showSitePoint(this.point()));
    }
    this.editor = new RegisterEditor<Site>({
      what: SCOPE,
      back: '← Sites',
      newTitle: 'New protected site',
      createLabel: 'Save the site',
      canWrite: options.canWrite,
      idOf: (site) => site.id,
      versionOf: (site) => site.version,
      nameOf: (site) => site.name,
      facts: (site) => this.facts(site),
      fields: (site) => this.fields(site),
      firstField: 'name',
      read: (form, site) => this.read(form, site),
      save: (value, site) => (site ? this.api.updateSite(site.id, value) : this.api.createSite(value)),
      get: (id) => this.api.getSite(id),
      remove: (site) => this.api.deleteSite(site.id, site.version),
      opened: (site) => this.options.map.showSitePoint(site ? { lon: site.lon, lat: site.lat } : undefined),
      closing: () => {
        this.options.map.pickPoint(undefined);
        this.options.map.showSitePoint(undefined);
      },
      onSaved: (site) => options.onSaved(site),
      onDeleted: (id) => options.onDeleted(id),
      onClose: () => options.onClose(),
    });
    this.element = this.editor.element;
  }

  get openId(): string | undefined {
    return this.editor.openId;
  }

  open(site: Site | undefined): void {
    this.editor.open(site);
  }

  close(notify = true): void {
    this.editor.close(notify);
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

  private fields(site: Site | undefined): Child[] {
    const isArea = site !== undefined && site.geometry.type !== 'Point';
    this.lat.value = site ? String(site.lat) : '';
    this.lon.value = site ? String(site.lon) : '';
    this.lat.disabled = this.lon.disabled = this.pick.disabled = isArea;
    const category = select('text', SITE_CATEGORY_CHOICES, site?.category, 'Choose…');
    category.setAttribute('data-testid', 'site-category');
    const cultural = select('optional', CULTURAL_PROTECTION_CHOICES, site?.culturalProtection, 'None');
    const statusSelect = select('text', SITE_STATUS_CHOICES, site?.status ?? 'unknown');
    statusSelect.setAttribute('data-testid', 'site-status');
    return [
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
    ];
  }

  private point(): { lon: number; lat: number } | undefined {
    const lat = this.lat.valueAsNumber;
    const lon = this.lon.valueAsNumber;
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;
  }

  private startPicking(): void {
    this.editor.status.textContent = 'Click on the map where the site is.';
    this.pick.setAttribute('aria-pressed', 'true');
    this.options.map.pickPoint(({ lon, lat }) => {
      this.pick.removeAttribute('aria-pressed');
      this.lat.value = lat.toFixed(6);
      this.lon.value = lon.toFixed(6);
      this.editor.status.textContent = '';
      this.options.map.showSitePoint({ lon: Number(this.lon.value), lat: Number(this.lat.value) });
    });
  }

  /** The site the form describes, as the server takes it, and what the core's schema finds wrong with it. */
  private read(form: HTMLFormElement, site: Site | undefined): { value: Record<string, unknown>; issues: readonly RowIssue[] } {
    const value = readForm(form);
    if (site && site.geometry.type !== 'Point') value.geometry = site.geometry;
    else {
      const point = this.point();
      if (point) value.geometry = { type: 'Point', coordinates: [point.lon, point.lat] };
    }
    if (site) value.version = site.version;
    if (value.geometry === undefined) return { value, issues: [{ path: 'geometry', message: 'give the latitude and longitude, or pick the point on the map' }] };
    const result = (site ? siteUpdateSchema : siteInputSchema).safeParse(value);
    return { value, issues: result.success ? [] : issuesOf(result.error) };
  }
}
