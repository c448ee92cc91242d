import type { ImportFormat, ImportJob, UploadProgress } from './api-client.js';
import { h, mount, type Child } from './dom.js';
import { formatBytes, formatCount, percentOf, timestampText } from './format.js';
import './import-progress.css';

/** How the formats read to a person, in the order the import dialog offers them. */
export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  ged: 'UCDP GED',
  acled: 'ACLED',
  hxl: 'HXL',
  geojson: 'GeoJSON',
  csv: 'Haven CSV',
};

export const importFormatLabel = (format: string | null): string =>
  format === null ? 'format not recognised' : ((IMPORT_FORMAT_LABELS as Record<string, string | undefined>)[format] ?? format);

/** The server's messages are lower-case clauses ("the file is empty"); shown alone they read as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export const countsText = (job: Pick<ImportJob, 'created' | 'updated' | 'unchanged' | 'rejected'>): string =>
  `${formatCount(job.created)} created, ${formatCount(job.updated)} updated, ${formatCount(job.unchanged)} unchanged, ${formatCount(job.rejected)} rejected`;

/** A labelled progress bar with "done of total (percent)" beside its label; indeterminate while the total is unknown. */
class Meter {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;

  constructor(id: string, kind: 'upload' | 'read', label: string) {
    this.bar = h('progress', { class: 'meter-bar', max: 100, 'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-text`, 'data-testid': `${id}-bar` });
    this.text = h('span', { class: 'meter-text', id: `${id}-text`, 'data-testid': `${id}-text` });
    this.element = h('div', { class: `meter ${kind}` }, h('div', { class: 'meter-head' }, h('span', { class: 'meter-label', id: `${id}-label` }, label), this.text), this.bar);
  }

  show(done: number, total: number | null): void {
    if (total === null || total <= 0) {
      this.bar.removeAttribute('value');
      this.text.textContent = formatBytes(done);
      return;
    }
    const percent = percentOf(done, total);
    this.bar.value = percent;
    this.text.textContent = `${formatBytes(done)} of ${formatBytes(total)} (${percent}%)`;
    this.element.dataset.percent = String(percent);
  }
}

type Phase = 'uploading' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const COUNTS = [
  ['rows', 'Rows read'],
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['unchanged', 'Unchanged'],
  ['rejected', 'Rejected'],
] as const satisfies readonly (readonly [keyof ImportJob, string])[];

/**
 * One import as it happens: the upload, then the server reading the file with its counts so far, its warnings, and at
 * the end the outcome in plain words with the report of rejected rows. `data-state` names the phase.
 */
export class ImportProgressView {
  readonly element: HTMLElement;
  private readonly heading = h('h3', { class: 'progress-heading', 'data-testid': 'import-phase' });
  private readonly upload = new Meter('import-upload', 'upload', 'Upload');
  private readonly reading = new Meter('import-read', 'read', 'Import');
  private readonly counts = h('dl', { class: 'import-counts', 'data-testid': 'import-counts' });
  private readonly warnings = h('ul', { class: 'import-warnings', 'data-testid': 'import-warnings' });
  private readonly warningsBox = h('div', { class: 'import-warnings-box', hidden: true }, h('h4', {}, 'Warnings'), this.warnings);
  private readonly note = h('p', { class: 'hint', 'data-testid': 'import-note', hidden: true });
  private readonly outcome = h('div', { class: 'import-outcome', 'data-testid': 'import-outcome', hidden: true });

  constructor(private readonly rejectionsUrl: (id: string) => string) {
    this.element = h(
      'section',
      { class: 'import-progress', 'data-testid': 'import-progress', 'aria-label': 'Progress of the import', hidden: true },
      this.heading,
      this.upload.element,
      this.reading.element,
      this.counts,
      this.note,
      this.warningsBox,
      // A live region must be in the page before its text changes for a screen reader to announce the change.
      h('div', { role: 'status' }, this.outcome),
    );
  }

  begin(file: File): void {
    this.setPhase('uploading', `Uploading ${file.name}`);
    this.upload.show(0, file.size);
    this.reading.element.hidden = true;
    this.counts.hidden = true;
    this.warningsBox.hidden = true;
    this.showNote(undefined);
    this.outcome.hidden = true;
    this.element.hidden = false;
  }

  showUpload(progress: UploadProgress): void {
    this.upload.show(progress.loaded, progress.total);
  }

  showJob(job: ImportJob): void {
    const running = job.status === 'running';
    this.setPhase(job.status, running ? `Importing ${job.fileName}` : job.status === 'succeeded' ? `Imported ${job.fileName}` : `${job.fileName} was not imported`);
    if (job.bytesTotal !== null) this.upload.show(job.bytesTotal, job.bytesTotal);
    // A finished job has read everything it is going to; a failed one says where it stopped, if the server knows.
    this.reading.element.hidden = job.status === 'failed' && job.bytesRead === 0;
    this.reading.show(job.status === 'succeeded' && job.bytesTotal !== null ? job.bytesTotal : job.bytesRead, job.bytesTotal);
    this.counts.hidden = false;
    this.counts.replaceChildren(
      ...COUNTS.map(([key, label]) =>
        h('div', { class: key === 'rejected' && job.rejected > 0 ? 'count warn' : 'count' }, h('dt', {}, label), h('dd', { 'data-testid': `import-count-${key}` }, formatCount(job[key]))),
      ),
    );
    this.warningsBox.hidden = job.warnings.length === 0;
    this.warnings.replaceChildren(...job.warnings.map((warning) => h('li', {}, sentence(warning))));
    if (!running) this.showNote(undefined);
    this.outcome.hidden = running;
    if (!running) mount(this.outcome, this.outcomeOf(job));
    this.outcome.className = `import-outcome ${job.status === 'succeeded' ? (job.rejected > 0 ? 'partial' : 'success') : 'failure'}`;
  }

  /** A passing remark while the job runs (e.g. a poll that did not get through). */
  showNote(text: string | undefined): void {
    this.note.hidden = text === undefined;
    this.note.textContent = text ?? '';
  }

  /** The upload was stopped by the user, or the job could no longer be followed. */
  stop(phase: 'cancelled' | 'failed', message: string): void {
    this.setPhase(phase, phase === 'cancelled' ? 'Upload cancelled' : 'Progress unknown');
    this.outcome.hidden = false;
    this.outcome.className = `import-outcome ${phase === 'cancelled' ? 'partial' : 'failure'}`;
    this.outcome.replaceChildren(h('p', {}, sentence(message)));
  }

  hide(): void {
    this.element.hidden = true;
  }

  private setPhase(phase: Phase, heading: string): void {
    this.element.dataset.state = phase;
    this.heading.textContent = heading;
  }

  private outcomeOf(job: ImportJob): Child[] {
    const format = importFormatLabel(job.format);
    const report =
      job.rejected > 0
        ? h(
            'p',
            {},
            `${formatCount(job.rejected)} ${job.rejected === 1 ? 'row was' : 'rows were'} rejected. `,
            h('a', { href: this.rejectionsUrl(job.id), download: '', 'data-testid': 'import-rejections' }, 'Download the rejected rows (CSV)'),
            ' — each with the field and the reason.',
          )
        : null;
    if (job.status === 'succeeded') {
      return [
        h('p', {}, h('strong', {}, 'Done: '), h('span', { 'data-testid': 'import-outcome-counts' }, countsText(job)), ` — ${formatCount(job.rows)} rows read as ${format}.`),
        report,
      ];
    }
    return [
      h('p', {}, h('strong', {}, 'The import failed. '), h('span', { 'data-testid': 'import-error' }, sentence(job.error ?? 'the server gave no reason'))),
      job.format === null ? h('p', {}, 'If the format was not recognised, choose it in the Format list and try again.') : null,
      report,
    ];
  }
}

/** The user's own recent imports, newest first, each with its outcome and its report of rejected rows. */
export class ImportHistory {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'import-history-body', 'data-testid': 'import-history' });
  private jobs: readonly ImportJob[] = [];

  constructor(private readonly rejectionsUrl: (id: string) => string) {
    this.element = h('section', { class: 'import-history', 'aria-labelledby': 'import-history-title' }, h('h3', { id: 'import-history-title' }, 'Your recent imports'), this.body);
  }

  /** A job the dialog is following: its row keeps up with it. */
  update(job: ImportJob): void {
    if (this.jobs.some((shown) => shown.id === job.id)) this.show(this.jobs.map((shown) => (shown.id === job.id ? job : shown)));
  }

  show(jobs: readonly ImportJob[]): void {
    this.jobs = jobs;
    if (jobs.length === 0) {
      this.body.replaceChildren(h('p', { class: 'empty' }, 'None yet.'));
      return;
    }
    this.body.replaceChildren(
      h(
        'table',
        { class: 'data-table' },
        h('thead', {}, h('tr', {}, ['Started', 'File', 'Result'].map((heading) => h('th', { scope: 'col' }, heading)))),
        h(
          'tbody',
          {},
          jobs.map((job) =>
            h(
              'tr',
              { 'data-testid': 'import-history-row', 'data-status': job.status },
              h('td', { class: 'nowrap' }, timestampText(job.startedAt)),
              h('td', {}, h('span', { class: 'file-name' }, job.fileName), h('small', { class: 'hint' }, ` ${importFormatLabel(job.format)}`)),
              h('td', {}, this.result(job)),
            ),
          ),
        ),
      ),
    );
  }

  showError(message: string): void {
    this.body.replaceChildren(h('p', { class: 'empty' }, `The list could not be loaded: ${message}`));
  }

  private result(job: ImportJob): Child {
    const status = h('span', { class: `badge import-status import-status-${job.status}` }, { running: 'Running', succeeded: 'Done', failed: 'Failed' }[job.status]);
    const detail = job.status === 'failed' ? sentence(job.error ?? 'no reason given') : job.status === 'running' ? `${formatCount(job.rows)} rows so far` : countsText(job);
    const report = job.rejected > 0 ? h('a', { href: this.rejectionsUrl(job.id), download: '' }, 'rejected rows (CSV)') : null;
    return [status, ' ', detail, report ? [' · ', report] : null];
  }
}
