import type { ApiClient } from '../shared/api-client.js';
import type { EvidenceItem } from '../../../src/core/evidence/evidence.js';
import { ApiError } from '../shared/api-client.js';
import { h, isAbort, mount } from '../shared/dom.js';
import { formatBytes, humanize, percentOf, timestampText } from '../shared/format.js';

export interface EvidencePermissions {
  canRead: boolean;
  canWrite: boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The evidence of one incident: each item with its type, size, the start of its SHA-256 and who received it when;
 * links to the working copy and the printable custody report; an upload control with progress for those who may add.
 */
export function evidenceSection(api: ApiClient, incidentId: string, permissions: EvidencePermissions): HTMLElement {
  const list = h('div', { class: 'evidence-list', 'data-testid': 'evidence-list' }, h('p', { class: 'detail-loading', role: 'status' }, 'Loading evidence…'));
  const element = h(
    'section',
    { class: 'detail-section', 'data-testid': 'detail-evidence' },
    h('h3', {}, 'Evidence'),
    permissions.canWrite ? uploadControl(api, incidentId, () => void load()) : null,
    list,
  );

  async function load(): Promise<void> {
    try {
      const items = await api.listEvidence(incidentId);
      mount(list, items.length ? table(api, items) : h('p', { class: 'empty' }, 'No evidence yet.'));
      element.dataset.state = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      mount(list, h('p', { class: 'error-banner', role: 'alert' }, `Evidence could not be loaded: ${messageOf(error)}`));
      element.dataset.state = 'error';
    }
  }
  void load();
  return element;
}

function table(api: ApiClient, items: EvidenceItem[]): HTMLElement {
  return h(
    'table',
    { class: 'data-table evidence-table' },
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'Size', 'SHA-256', 'Received', ''].map((heading) => h('th', { scope: 'col' }, heading)))),
    h(
      'tbody',
      {},
      items.map((item) =>
        h(
          'tr',
          { 'data-testid': 'evidence-item', 'data-id': item.id },
          h('td', { class: 'evidence-name' }, item.originalName),
          h('td', {}, `${humanize(item.kind)} (${item.mediaType})`),
          h('td', {}, formatBytes(item.sizeBytes)),
          h('td', {}, h('code', { class: 'evidence-hash', title: item.sha256, 'data-testid': 'evidence-hash' }, `${item.sha256.slice(0, 12)}…`)),
          h('td', {}, `${item.receivedBy.name}, ${timestampText(item.receivedAt)}`),
          h(
            'td',
            { class: 'evidence-links' },
            item.workingCopy
              ? h('a', { href: api.evidenceWorkingUrl(item.id), download: '', title: item.workingNote, 'data-testid': 'evidence-working' }, 'Working copy')
              : h('span', { title: item.workingNote }, 'No working copy'),
            ' ',
            h('a', { href: api.custodyReportUrl(item.id), target: '_blank', rel: 'noopener', 'data-testid': 'evidence-custody-report' }, 'Custody report'),
          ),
        ),
      ),
    ),
  );
}

function uploadControl(api: ApiClient, incidentId: string, onUploaded: () => void): HTMLElement {
  const file = h('input', { type: 'file', id: `evidence-file-${incidentId}`, name: 'file', required: true, 'data-testid': 'evidence-file' });
  const source = h('input', { type: 'text', id: `evidence-source-${incidentId}`, name: 'source', maxlength: 500, 'data-testid': 'evidence-source' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'data-testid': 'evidence-progress' });
  const status = h('p', { class: 'evidence-status', role: 'status', 'data-testid': 'evidence-status' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'evidence-upload' }, 'Upload');
  const form = h(
    'form',
    { class: 'evidence-upload', novalidate: true },
    h('label', { for: file.id }, 'File (photo, video, audio or document)'),
    file,
    h('label', { for: source.id }, 'Source (who or where it came from)'),
    source,
    h('div', { class: 'actions' }, submit),
    progress,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      status.textContent = 'Choose a file first.';
      return;
    }
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = `Uploading ${chosen.name}…`;
    api
      .uploadEvidence(chosen, { incidentIds: [incidentId], source: source.value }, ({ loaded, total }) => {
        progress.value = percentOf(loaded, total);
      })
      .then((item) => {
        status.textContent = `Received ${item.originalName}: SHA-256 ${item.sha256}`;
        form.reset();
        onUploaded();
      })
      .catch((error: unknown) => {
        status.textContent = error instanceof ApiError ? `Not uploaded: ${error.message}` : `Not uploaded: ${messageOf(error)}`;
      })
      .finally(() => {
        submit.disabled = false;
        progress.hidden = true;
      });
  });
  return form;
}
