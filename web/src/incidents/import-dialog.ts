import type { ColumnMapping } from '../../../src/core/formats/column-mapping.js';
import { ApiError, type ApiClient, type ImportFormat, type ImportJob, type ImportPreview } from '../shared/api-client.js';
import type { DateOrder } from '../../../src/core/formats/dates.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { errorSlot, placeIssues } from '../shared/field-errors.js';
import { checkbox, field, select, textInput } from '../shared/form-controls.js';
import { formatBytes } from '../shared/format.js';
import { IMPORT_FORMAT_LABELS, ImportHistory, ImportProgressView, sentence } from '../shared/import-progress.js';
import { previewTable } from './mapping-preview.js';
import { MappingStep } from './mapping-step.js';

const SCOPE = 'import';
const POLL_MS = 500;
/** Polls that may fail in a row (the server restarting, a network blip) before the dialog stops following the job. */
const POLL_RETRIES = 20;
const RECENT = 8;
/** Rows the mapping preview shows. */
const PREVIEW_ROWS = 20;
/** A text file is previewed by its head only (the server reads 200 rows for the samples): a large file is not sent twice. */
const PREVIEW_HEAD_BYTES = 1024 ** 2;

/** Files whose columns may need a mapping: spreadsheets and delimited text (gzip-compressed or not). */
const MAPPABLE = /\.(csv|tsv|txt|xlsx|ods)(\.gz)?$/i;
const SPREADSHEET = /\.(xlsx|ods)$/i;

/** What the preview is sent: a workbook whole (a zip has no head), text up to its last whole line within the limit. */
async function previewBody(file: File): Promise<Blob> {
  if (SPREADSHEET.test(file.name) || /\.gz$/i.test(file.name) || file.size <= PREVIEW_HEAD_BYTES) return file;
  const head = new Uint8Array(await file.slice(0, PREVIEW_HEAD_BYTES).arrayBuffer());
  const end = head.lastIndexOf(10);
  return file.slice(0, end > 0 ? end + 1 : PREVIEW_HEAD_BYTES);
}

/** A name for a downloaded preset: what the user typed, made safe for a file system, ending in .json. */
export function presetFileName(typed: string, fallback: string): string {
  const base = (typed.trim() || fallback)
    .replace(/\.json$/i, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\p{Cc}+/gu, '')
    .slice(0, 120);
  return `${base || 'mapping'}.json`;
}

const FORMAT_CHOICES = [
  { value: '', label: 'Detect automatically' },
  ...Object.entries(IMPORT_FORMAT_LABELS).map(([value, label]) => ({ value, label })),
];

/** The failure code of a job whose file's dates fit both orders: the dialog asks which and imports again. */
export const DATE_ORDER_AMBIGUOUS = 'date_order_ambiguous';

const DATE_ORDER_CHOICES = [
  { value: 'dmy', label: 'Day first (31/12/2024)' },
  { value: 'mdy', label: 'Month first (12/31/2024)' },
];

/** Resolves after `ms`, or rejects with an AbortError as soon as the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new DOMException('stopped', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

const asApiError = (error: unknown): ApiError => (error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error)));

export interface ImportDialogOptions {
  /** A job finished (whatever its outcome): incidents may have been added or changed. */
  onFinished(job: ImportJob): void;
}

/**
 * Import a file: pick or drop it, say its format (or let the server detect it), then watch the upload and the job
 * until it ends. The job runs on the server, so closing the dialog does not stop it; reopening shows where it is.
 */
export class ImportDialog {
  readonly element = h('dialog', { class: 'form-dialog import-dialog', 'data-testid': 'import-dialog', 'aria-labelledby': 'import-title' });
  private readonly form = h('form', { class: 'import-form', 'data-testid': 'import-form', novalidate: true });
  private readonly fileInput = h('input', { type: 'file', accept: '.csv,.tsv,.txt,.json,.geojson,.gz,.xlsx,.ods', 'data-testid': 'import-file' });
  private readonly chosen = h('p', { class: 'chosen-file', 'data-testid': 'import-chosen' }, 'No file chosen yet.');
  private readonly format = select('optional', FORMAT_CHOICES, '');
  private readonly dataset = textInput('optional', '', { placeholder: 'e.g. unhcr-3w', spellcheck: 'false', 'data-testid': 'import-dataset' });
  private readonly datasetField: HTMLElement;
  private readonly dateOrder = select('optional', DATE_ORDER_CHOICES, '', 'Choose the order…');
  private readonly dateOrderQuestion = h('p', { class: 'hint', 'data-testid': 'import-date-order-question' });
  /** Shown only when the server could not tell the file's date order from its data. */
  private readonly dateOrderField: HTMLElement;
  private readonly options = h('fieldset', { class: 'import-options' });
  private readonly submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'import-submit' }, 'Import');
  private readonly cancelUpload = h('button', { type: 'button', 'data-testid': 'import-cancel-upload', hidden: true }, 'Cancel upload');
  private readonly progress: ImportProgressView;
  private readonly history: ImportHistory;
  private file: File | undefined;
  private readonly mappingLoad = h('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'mapping-load' });
  private readonly mappingFileName = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. who-ssa.json', 'data-testid': 'mapping-file-name' });
  private readonly mappingSave = h('button', { type: 'button', 'data-testid': 'mapping-save' }, 'Save mapping');
  private readonly mappingPreview = h('button', { type: 'button', 'data-testid': 'mapping-preview' }, 'Preview');
  private readonly previewBox = h('section', { class: 'mapping-preview', 'data-testid': 'mapping-preview-box', 'aria-label': 'Preview of the first rows', 'aria-live': 'polite', 'aria-busy': 'false', hidden: true });
  private readonly mapping: MappingStep;
  /** The file's columns as the server read them; the mapping step shows them when the format is not recognised. */
  private preview: ImportPreview | undefined;
  /** The upload or the job being followed; aborting it stops the upload, or only the following of the job. */
  private busy: AbortController | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly callbacks: ImportDialogOptions,
  ) {
    const rejectionsUrl = (id: string) => api.importRejectionsUrl(id);
    this.progress = new ImportProgressView(rejectionsUrl);
    this.mappingLoad.id = 'mapping-load';
    this.mappingFileName.id = 'mapping-file-name';
    this.mapping = new MappingStep(
      (sheet) => void this.inspect(sheet),
      h(
        'div',
        { class: 'mapping-actions' },
        h('div', { class: 'field' }, h('label', { for: this.mappingLoad.id }, 'Load mapping (JSON)'), this.mappingLoad),
        h('div', { class: 'field' }, h('label', { for: this.mappingFileName.id }, 'Save as'), this.mappingFileName),
        this.mappingSave,
        this.mappingPreview,
      ),
    );
    this.history = new ImportHistory(rejectionsUrl);
    this.format.setAttribute('data-testid', 'import-format');
    this.datasetField = field(SCOPE, 'dataset', 'Data set name', this.dataset, {
      hint: 'HXL files do not name one. Import again under the same name to update the same incidents.',
    });
    this.dateOrder.setAttribute('data-testid', 'import-date-order');
    this.dateOrderField = h(
      'div',
      { class: 'date-order-option', 'data-testid': 'import-date-order-field', hidden: true },
      this.dateOrderQuestion,
      field(SCOPE, 'dateOrder', 'How are the dates written?', this.dateOrder, { hint: 'Every date in the file fits both orders; say which one it uses and import again.' }),
    );
    this.options.append(
      h(
        'div',
        { class: 'drop-zone' },
        field(SCOPE, 'file', 'File', this.fileInput, { hint: 'CSV, TSV, JSON or GeoJSON, gzip-compressed or not; or an .xlsx or .ods workbook. Or drop the file anywhere on this window.' }),
        this.chosen,
      ),
      h('div', { class: 'form-grid' }, field(SCOPE, 'format', 'Format', this.format), this.datasetField),
      h(
        'div',
        { class: 'strict-option' },
        checkbox(SCOPE, 'strict', 'Strict: all or nothing', false, { 'data-testid': 'import-strict', 'aria-describedby': 'import-strict-hint' }),
        h('small', { class: 'hint', id: 'import-strict-hint' }, 'If any row is rejected, nothing at all is imported. Otherwise the valid rows are imported and the others listed.'),
      ),
      this.dateOrderField,
    );
    this.form.append(
      h(
        'header',
        { class: 'form-header' },
        h('h2', { id: 'import-title' }, 'Import data'),
        h('button', { type: 'button', class: 'close', 'aria-label': 'Close', 'data-testid': 'import-close', onclick: () => this.close() }, '×'),
      ),
      h(
        'div',
        { class: 'form-body' },
        this.options,
        this.mapping.element,
        this.previewBox,
        errorSlot(SCOPE, ''),
        h('div', { class: 'actions' }, this.submit, this.cancelUpload),
        this.progress.element,
        this.history.element,
      ),
    );
    this.element.append(this.form);

    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    this.fileInput.addEventListener('change', () => this.choose(this.fileInput.files?.[0]));
    this.format.addEventListener('change', () => {
      this.showDatasetField();
      // A format chosen by hand is read as that format: no mapping.
      if (this.format.value !== '') this.forgetColumns();
    });
    this.mappingLoad.addEventListener('change', () => void this.loadMapping(this.mappingLoad.files?.[0]));
    this.mappingSave.addEventListener('click', () => this.saveMapping());
    this.mappingPreview.addEventListener('click', () => void this.previewMapping());
    this.cancelUpload.addEventListener('click', () => this.busy?.abort());
    this.listenForDrops();
    this.showDatasetField();
  }

  open(): void {
    if (!this.element.open) this.element.showModal();
    void this.loadHistory();
    // While an import runs the form is disabled; the dialog's own first focus (its close button) stands.
    if (!this.busy) this.fileInput.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  /** Stops following (the server finishes the job anyway). */
  destroy(): void {
    this.busy?.abort();
    this.close();
  }

  private listenForDrops(): void {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    this.element.addEventListener('dragover', (event) => {
      if (!carriesFiles(event) || this.busy) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
      this.element.classList.add('dragging');
    });
    this.element.addEventListener('dragleave', (event) => {
      if (!(event.relatedTarget instanceof Node) || !this.element.contains(event.relatedTarget)) this.element.classList.remove('dragging');
    });
    this.element.addEventListener('drop', (event) => {
      event.preventDefault();
      this.element.classList.remove('dragging');
      const files = event.dataTransfer?.files;
      if (!files?.length || this.busy) return;
      this.fileInput.files = files;
      this.choose(files[0]);
    });
  }

  private choose(file: File | undefined): void {
    this.file = file;
    this.chosen.textContent = file ? `${file.name} — ${formatBytes(file.size)}` : 'No file chosen yet.';
    this.chosen.classList.toggle('has-file', file !== undefined);
    placeIssues(this.form, [], 'client');
    // Another file: its dates have not been looked at yet.
    this.askDateOrder(undefined);
    this.forgetColumns();
  }

  /** Shows the date-order question with the server's reason (it names the file's column and sample values), or hides it. */
  private askDateOrder(job: ImportJob | undefined): void {
    this.dateOrderField.hidden = job === undefined;
    this.dateOrderQuestion.textContent = job?.error ?? '';
    if (!job) this.dateOrder.value = '';
  }

  private forgetColumns(): void {
    this.preview = undefined;
    this.mapping.hide();
    this.previewBox.hidden = true;
    this.previewBox.replaceChildren();
  }

  /**
   * Asks the server what the file holds (its columns and samples); if it does not recognise them, shows the mapping
   * step. Resolves true if the file can be imported as it is. If the preview itself fails (a compressed file past the
   * preview's size limit, say), the import goes ahead as before and the job says what it makes of the file; for
   * another sheet, asked for in the step, the failure is shown.
   */
  private async inspect(sheet?: string): Promise<boolean> {
    const file = this.file;
    if (!file) return false;
    this.setBusy(new AbortController(), false);
    try {
      const preview = await this.api.previewImport(await previewBody(file), { sheet }, this.busy?.signal);
      if (this.file !== file) return false;
      this.preview = preview;
    } catch (error) {
      if (isAbort(error)) return false;
      if (sheet === undefined) return true;
      this.mapping.showProblems([`The sheet “${sheet}” could not be read: ${asApiError(error).message}`]);
      return false;
    } finally {
      this.setBusy(undefined, false);
    }
    if (this.preview.recognised !== null) return true;
    this.previewBox.hidden = true;
    this.mapping.show(this.preview, file.name);
    if (!this.mappingFileName.value) this.mappingFileName.value = presetFileName('', file.name.replace(/\.[^.]+$/, ''));
    this.mapping.element.querySelector<HTMLElement>('[data-testid="mapping-role"]')?.focus();
    return false;
  }

  private async loadMapping(file: File | undefined): Promise<void> {
    if (!file) return;
    this.mappingLoad.value = '';
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      this.mapping.showProblems([`${file.name} is not a mapping: it is not readable JSON (${error instanceof Error ? error.message : String(error)})`]);
      return;
    }
    const problem = this.mapping.fill(value as ColumnMapping);
    if (problem) {
      this.mapping.showProblems([`${file.name} was not loaded: ${problem}`]);
      return;
    }
    this.mapping.showProblems([]);
    this.mappingFileName.value = file.name;
    this.previewBox.hidden = true;
  }

  private saveMapping(): void {
    const mapping = this.mapping.checked();
    if (!mapping) return;
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(mapping, null, 2)}\n`], { type: 'application/json' }));
    const link = h('a', { href: url, download: presetFileName(this.mappingFileName.value, mapping.dataset), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async previewMapping(): Promise<void> {
    const file = this.file;
    const mapping = this.mapping.checked();
    if (!file || !mapping || this.busy) return;
    const control = new AbortController();
    this.setBusy(control, false);
    this.previewBox.hidden = false;
    this.previewBox.setAttribute('aria-busy', 'true');
    this.previewBox.replaceChildren(h('p', { class: 'hint' }, 'Reading the first rows…'));
    try {
      const preview = await this.api.previewImport(await previewBody(file), { sheet: this.mapping.sheetName, mapping, rows: PREVIEW_ROWS }, control.signal);
      this.previewBox.replaceChildren(h('h3', {}, 'Preview'), previewTable(preview));
      this.previewBox.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      if (isAbort(error)) return;
      const failure = asApiError(error);
      const details = failure.issues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
      mount(
        this.previewBox,
        h('p', { class: 'import-outcome failure', 'data-testid': 'mapping-preview-error' }, sentence(failure.message)),
        details.length > 0 ? h('ul', {}, details.map((d) => h('li', {}, d))) : null,
      );
    } finally {
      this.previewBox.setAttribute('aria-busy', 'false');
      if (this.busy === control) this.setBusy(undefined, false);
    }
  }

  /** The data set name matters only for HXL, which detection may also find. */
  private showDatasetField(): void {
    this.datasetField.hidden = !['', 'hxl'].includes(this.format.value);
  }

  private setBusy(busy: AbortController | undefined, uploading: boolean): void {
    this.busy = busy;
    this.options.disabled = busy !== undefined;
    this.submit.disabled = busy !== undefined;
    this.mapping.element.toggleAttribute('inert', busy !== undefined);
    this.cancelUpload.hidden = !uploading;
    this.element.dataset.busy = String(busy !== undefined);
  }

  private async start(): Promise<void> {
    if (this.busy) return;
    const file = this.file;
    if (!file) {
      placeIssues(this.form, [{ path: 'file', message: 'choose a file to import' }], 'client');
      this.fileInput.focus();
      return;
    }
    const dateOrder = this.dateOrderField.hidden ? undefined : (this.dateOrder.value as DateOrder | '') || undefined;
    if (!this.dateOrderField.hidden && !dateOrder) {
      placeIssues(this.form, [{ path: 'dateOrder', message: 'say whether the dates are day first or month first' }], 'client');
      this.dateOrder.focus();
      return;
    }
    placeIssues(this.form, [], 'client');
    const format = this.format.value === '' ? undefined : (this.format.value as ImportFormat);
    let mapping: ColumnMapping | undefined;
    if (this.mapping.visible) {
      mapping = this.mapping.checked();
      if (!mapping) {
        this.mapping.element.querySelector<HTMLElement>('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
        return;
      }
    } else if (format === undefined && MAPPABLE.test(file.name) && !this.preview) {
      // Columns Haven may not recognise: look first, and ask for a mapping rather than fail the job.
      if (!(await this.inspect())) return;
    }
    const control = new AbortController();
    this.setBusy(control, true);
    this.progress.begin(file);
    const dataset = this.datasetField.hidden || mapping ? undefined : this.dataset.value.trim() || undefined;
    const sheet = mapping ? this.mapping.sheetName : undefined;
    let job: ImportJob;
    try {
      job = await this.api.startImport(file, { format, dataset, strict: this.strict(), dateOrder, mapping, sheet }, (sent) => this.progress.showUpload(sent), control.signal);
    } catch (error) {
      this.setBusy(undefined, false);
      if (isAbort(error)) return this.progress.stop('cancelled', 'the upload was cancelled; nothing was imported');
      this.progress.hide();
      const failure = asApiError(error);
      placeIssues(this.form, failure.issues.length > 0 ? failure.issues : [{ path: '', message: failure.message }], 'server');
      this.form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.setBusy(control, false);
    let finished: ImportJob | undefined;
    try {
      finished = await this.follow(job, control.signal);
    } finally {
      if (this.busy === control) this.setBusy(undefined, false);
    }
    if (finished?.status === 'failed' && finished.errorCode === DATE_ORDER_AMBIGUOUS) {
      this.askDateOrder(finished);
      this.dateOrder.focus();
    }
  }

  private strict(): boolean {
    return this.form.querySelector<HTMLInputElement>('[name="strict"]')?.checked ?? false;
  }

  /** Asks for the job's progress every half second until it has finished; the finished job, unless following stopped. */
  private async follow(started: ImportJob, signal: AbortSignal): Promise<ImportJob | undefined> {
    let job = started;
    let misses = 0;
    this.progress.showJob(job);
    void this.loadHistory();
    while (job.status === 'running') {
      try {
        await pause(POLL_MS, signal);
        job = await this.api.importJob(job.id, signal);
        misses = 0;
        this.progress.showNote(undefined);
      } catch (error) {
        if (isAbort(error)) return;
        const failure = asApiError(error);
        const passing = failure.status === 0 || failure.status >= 500;
        if (passing && ++misses < POLL_RETRIES) {
          this.progress.showNote('The progress could not be read just now; asking again…');
          continue;
        }
        this.progress.stop('failed', `the progress of the import can no longer be read (${failure.message}); it may still finish: see your recent imports later`);
        return;
      }
      this.progress.showJob(job);
      this.history.update(job);
    }
    this.callbacks.onFinished(job);
    void this.loadHistory();
    return job;
  }

  private async loadHistory(): Promise<void> {
    try {
      this.history.show((await this.api.recentImports()).slice(0, RECENT));
    } catch (error) {
      this.history.showError(asApiError(error).message);
    }
  }
}
