import { SITE_PRESETS, type SitePreset } from '../../../src/core/places/site-presets.js';
import type { ApiClient, UploadProgress } from '../shared/api-client.js';
import type { PlaceImportReport } from '../shared/place-api-types.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { errorSlot, placeIssues } from '../shared/field-errors.js';
import { field, select, textArea, textInput, type Choice } from '../shared/form-controls.js';
import { formatBytes, formatCount, percentOf } from '../shared/format.js';
import { sentence } from '../shared/import-progress.js';
import { oneOf } from './place-form.js';
import { asApiError } from '../shared/register-save.js';

/** The lists Haven knows how to read (docs/formats/sites.md), as people know them. */
const PRESET_LABELS: Record<SitePreset, string> = {
  'unesco-whc': 'UNESCO World Heritage List (2021 export)',
  'ss-moh-health': 'South Sudan Ministry of Health facilities',
  'wri-gppd': 'Global Power Plant Database (WRI)',
  'ukraine-nuclear-2022': 'Ukraine’s nuclear power plants and their 2022 status',
};

const SITE_FORMATS = ['csv', 'geojson', 'hxl'] as const;
const ZONE_FORMATS = ['geojson', 'corridors-csv'] as const;

/** How many rejected rows the dialog lists; the rest are counted. */
const SHOWN_REJECTIONS = 500;

type Register = 'sites' | 'zones';

const TEXT: Record<Register, { title: string; formats: Choice[]; accept: string; hint: string; datasetExample: string }> = {
  sites: {
    title: 'Import protected sites',
    formats: [
      { value: '', label: 'Detect (or the preset’s)' },
      { value: 'csv', label: 'CSV with a column mapping' },
      { value: 'geojson', label: 'GeoJSON' },
      { value: 'hxl', label: 'HXL' },
    ],
    accept: '.csv,.tsv,.txt,.json,.geojson,.gz',
    hint: 'A known list with its preset, a CSV with a column mapping, GeoJSON or HXL. Importing the same file again updates the same sites.',
    datasetExample: 'e.g. osm-schools',
  },
  zones: {
    title: 'Import zones',
    formats: [
      { value: '', label: 'Detect' },
      { value: 'geojson', label: 'GeoJSON (a FeatureCollection of zones)' },
      { value: 'corridors-csv', label: 'Ukraine humanitarian corridors 2022 (PeaceRep CSV)' },
    ],
    accept: '.csv,.json,.geojson,.gz',
    hint: 'A GeoJSON FeatureCollection whose properties are the zones’ fields, or the 2022 Ukraine corridors compilation. Importing again updates the same zones.',
    datasetExample: 'e.g. mission-zones',
  },
};

export interface PlaceImportDialogOptions {
  /** Something may have been created or changed. */
  onImported(report: PlaceImportReport): void;
}

/**
 * Import a register file: choose it (and, for sites, a preset or a mapping), watch it upload, then read what the
 * server did — created, updated, unchanged — and every rejected row with its row, field and reason. The server reads
 * the whole file in the request, so the answer is the report.
 */
export class PlaceImportDialog {
  readonly element: HTMLDialogElement;
  private readonly form: HTMLFormElement;
  private readonly file: HTMLInputElement;
  private readonly format: HTMLSelectElement;
  private readonly preset = select('optional', SITE_PRESETS.map((p) => ({ value: p, label: PRESET_LABELS[p] })), '', 'None: say the format');
  private readonly mapping = textArea('optional', '', { rows: 5, spellcheck: 'false', class: 'code-area', placeholder: '{ "dataset": "field-survey", "columns": { "name": "Facility", "lat": "Latitude", "lon": "Longitude", "category": "Type" } }' });
  private readonly dataset = textInput('optional', '', { spellcheck: 'false' });
  private readonly submit = h('button', { type: 'submit', class: 'primary' }, 'Import');
  private readonly progress = h('progress', { class: 'meter-bar', max: 100, hidden: true });
  private readonly progressText = h('p', { class: 'hint', role: 'status' });
  private readonly report = h('section', { class: 'place-import-report', 'aria-label': 'What the import did', hidden: true });
  private busy: AbortController | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly register: Register,
    private readonly options: PlaceImportDialogOptions,
  ) {
    const text = TEXT[register];
    const scope = `${register}-import`;
    const titleId = `${scope}-title`;
    this.file = h('input', { type: 'file', accept: text.accept, 'data-testid': `${scope}-file` });
    this.format = select('optional', text.formats.slice(1), '', text.formats[0]!.label);
    this.format.setAttribute('data-testid', `${scope}-format`);
    this.dataset.placeholder = text.datasetExample;
    this.preset.setAttribute('data-testid', `${scope}-preset`);
    this.mapping.setAttribute('data-testid', `${scope}-mapping`);
    this.dataset.setAttribute('data-testid', `${scope}-dataset`);
    this.submit.setAttribute('data-testid', `${scope}-submit`);
    this.report.setAttribute('data-testid', `${scope}-report`);
    this.element = h('dialog', { class: 'form-dialog place-import-dialog', 'data-testid': `${scope}-dialog`, 'aria-labelledby': titleId });
    this.form = h(
      'form',
      { class: 'import-form', novalidate: true, onsubmit: (event: SubmitEvent) => void this.start(event) },
      h('header', { class: 'form-header' }, h('h2', { id: titleId }, text.title), h('button', { type: 'button', class: 'close', 'aria-label': 'Close', 'data-testid': `${scope}-close`, onclick: () => this.close() }, '×')),
      h(
        'div',
        { class: 'form-body' },
        h('p', { class: 'hint' }, text.hint),
        h(
          'fieldset',
          { class: 'import-options' },
          field(scope, 'file', 'File', this.file, { hint: 'CSV, GeoJSON or HXL; gzip-compressed or not; at most 50 MB.' }),
          h(
            'div',
            { class: 'form-grid' },
            register === 'sites' ? field(scope, 'preset', 'Known list (preset)', this.preset, { hint: 'Reads the list’s own columns, as documented.' }) : null,
            field(scope, 'format', 'Format', this.format),
            field(scope, 'dataset', 'Data set name', this.dataset, { hint: register === 'sites' ? 'For GeoJSON and HXL files (a CSV mapping names its own).' : 'For GeoJSON zones without one.' }),
            register === 'sites'
              ? field(scope, 'mapping', 'Mapping (JSON)', this.mapping, { wide: true, hint: 'Required for a CSV without a preset: which column is the name, latitude, longitude, category … Optional for GeoJSON and HXL. See docs/formats/sites.md.' })
              : null,
          ),
        ),
        errorSlot(scope, ''),
        errorSlot(scope, 'body'),
        h('div', { class: 'actions' }, this.submit),
        this.progress,
        this.progressText,
        this.report,
      ),
    );
    this.element.append(this.form);
    this.preset.addEventListener('change', () => this.syncFields());
    this.format.addEventListener('change', () => this.syncFields());
    this.syncFields();
  }

  open(): void {
    if (!this.element.open) this.element.showModal();
    if (!this.busy) this.file.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  destroy(): void {
    this.busy?.abort();
    this.close();
  }

  /** A preset reads CSV and names its data set: format, mapping and data set then do not apply. */
  private syncFields(): void {
    const preset = this.register === 'sites' && this.preset.value !== '';
    this.format.disabled = preset;
    this.mapping.disabled = preset;
    this.dataset.disabled = preset || this.format.value === 'corridors-csv';
  }

  private async start(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const file = this.file.files?.[0];
    if (!file) {
      placeIssues(this.form, [{ path: 'file', message: 'choose a file to import' }], 'client');
      return;
    }
    placeIssues(this.form, [], 'client');
    const control = new AbortController();
    this.busy = control;
    this.submit.disabled = true;
    this.report.hidden = true;
    this.element.dataset.state = 'uploading';
    this.showUpload({ loaded: 0, total: file.size });
    try {
      const onUpload = (sent: UploadProgress) => this.showUpload(sent);
      const dataset = this.dataset.disabled ? undefined : this.dataset.value.trim() || undefined;
      const format = this.format.disabled ? undefined : this.format.value;
      const report =
        this.register === 'sites'
          ? await this.api.importSites(file, { preset: oneOf(SITE_PRESETS, this.preset.value), format: oneOf(SITE_FORMATS, format), mapping: this.mapping.disabled ? undefined : this.mapping.value.trim() || undefined, dataset }, onUpload, control.signal)
          : await this.api.importZones(file, { format: oneOf(ZONE_FORMATS, format), dataset }, onUpload, control.signal);
      this.showReport(file.name, report);
      this.element.dataset.state = 'done';
      this.options.onImported(report);
    } catch (error) {
      this.progress.hidden = true;
      if (isAbort(error)) {
        this.progressText.textContent = 'The upload was cancelled; nothing was imported.';
        this.element.dataset.state = 'cancelled';
        return;
      }
      const failure = asApiError(error);
      this.progressText.textContent = '';
      // A mapping or a file refused as a whole: its issues beside the fields; anything else for the whole form.
      const known = new Set(['file', 'format', 'preset', 'mapping', 'dataset', 'body']);
      const issues = failure.issues.map((issue) => (known.has(issue.path.split('.')[0]!) ? { ...issue, path: issue.path.startsWith('mapping') ? 'mapping' : issue.path } : { path: '', message: `${issue.path}: ${issue.message}` }));
      placeIssues(this.form, issues.length > 0 ? issues : [{ path: '', message: sentence(failure.message) }], 'server');
      this.element.dataset.state = 'failed';
    } finally {
      if (this.busy === control) this.busy = undefined;
      this.submit.disabled = false;
    }
  }

  private showUpload({ loaded, total }: UploadProgress): void {
    this.progress.hidden = false;
    this.progress.value = percentOf(loaded, total);
    this.progressText.textContent = loaded >= total ? `Uploaded ${formatBytes(total)}; the server is reading the file…` : `Uploading: ${formatBytes(loaded)} of ${formatBytes(total)}`;
  }

  private showReport(fileName: string, report: PlaceImportReport): void {
    this.progress.hidden = true;
    this.progressText.textContent = '';
    const counts = [
      ['created', 'Created', report.created],
      ['updated', 'Updated', report.updated],
      ['unchanged', 'Unchanged', report.unchanged],
      ['rejected', 'Rejected rows', report.rejectedRows],
    ] as const;
    const scope = `${this.register}-import`;
    const shown = report.rejected.slice(0, SHOWN_REJECTIONS);
    mount(
      this.report,
      h('h3', {}, `${fileName}: imported`, report.preset ? ` with the preset ${report.preset}` : ` as ${report.format}`),
      h('dl', { class: 'import-counts' }, counts.map(([key, label, n]) => h('div', { class: key === 'rejected' && n > 0 ? 'count warn' : 'count' }, h('dt', {}, label), h('dd', { 'data-testid': `${scope}-${key}` }, formatCount(n))))),
      report.namesComposed ? h('p', { class: 'hint', 'data-testid': `${scope}-names-composed` }, `${formatCount(report.namesComposed)} unnamed ${this.register} named from their type and place.`) : null,
      report.rejected.length === 0
        ? h('p', { class: 'hint' }, 'No row was rejected.')
        : [
            h('h4', {}, report.rejected.length === report.rejectedRows ? 'Rejected rows' : `Rejected rows: ${formatCount(report.rejected.length)} issues in ${formatCount(report.rejectedRows)} rows`),
            h(
              'table',
              { class: 'data-table rejections', 'data-testid': `${scope}-rejections` },
              h('thead', {}, h('tr', {}, ['Row', 'Field', 'Why'].map((heading) => h('th', { scope: 'col' }, heading)))),
              h('tbody', {}, shown.map((r) => h('tr', {}, h('td', {}, String(r.row)), h('td', {}, r.field), h('td', {}, r.message)))),
            ),
            report.rejected.length > shown.length ? h('p', { class: 'hint' }, `… and ${formatCount(report.rejected.length - shown.length)} more issues.`) : null,
          ],
      report.created + report.updated > 0 ? this.detectionRun(scope) : null,
    );
    this.report.hidden = false;
  }

  /**
   * A bulk import does not re-examine the incidents already stored (a single edit does): offer the run over history
   * that finds what the new entries make detectable.
   */
  private detectionRun(scope: string): HTMLElement {
    const outcome = h('span', { role: 'status', 'data-testid': `${scope}-detection-outcome` });
    const button = h('button', { type: 'button', 'data-testid': `${scope}-detect` }, 'Run detection over history');
    button.addEventListener('click', () => {
      button.disabled = true;
      outcome.textContent = 'Detecting across every incident…';
      this.api.runDetections().then(
        (run) => {
          outcome.textContent = `${formatCount(run.incidents)} incidents examined: ${formatCount(run.created)} new detections, ${formatCount(run.lapsed)} no longer found.`;
        },
        (error: unknown) => {
          button.disabled = false;
          outcome.textContent = `Detection did not run: ${asApiError(error).message}`;
        },
      );
    });
    return h('p', { class: 'hint' }, 'Incidents already in the register are not yet checked against what was imported. ', button, ' ', outcome);
  }
}
