import type { ImportPreview } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { dateWindowText, humanize } from '../shared/format.js';

type PreviewRow = ImportPreview['rows'][number];

const categoriesText = (row: PreviewRow): string => (row.record.categories ?? []).map(humanize).join(', ') || '—';
const casualtiesText = (row: PreviewRow): string => (row.record.casualties ?? []).map((c) => `${c.best ?? c.low ?? '?'} ${c.kind} (${c.status})`).join(', ') || '—';
const datesText = (row: PreviewRow): string => {
  const { dateEarliest, dateLatest } = row.record;
  return dateEarliest && dateLatest ? dateWindowText(dateEarliest, dateLatest) : '—';
};
const placeText = (row: PreviewRow): string => {
  const location = row.record.location;
  if (!location?.country) return '—';
  return `${location.country} (${location.precision ?? '?'})`;
};

/**
 * The first rows of a file as the mapping would store them, each with every problem: the row number of the file, the
 * file's own column and what is wrong. Nothing has been written.
 */
export function previewTable(preview: ImportPreview): HTMLElement {
  const refused = preview.rows.filter((r) => r.issues.length > 0).length;
  return h(
    'div',
    { class: 'mapping-preview-body' },
    h(
      'p',
      { 'data-testid': 'mapping-preview-summary' },
      `The first ${preview.rows.length} rows: ${preview.rows.length - refused} would be imported, ${refused} would be rejected. Nothing has been imported yet.`,
    ),
    h(
      'div',
      { class: 'mapping-table-wrap' },
      h(
        'table',
        { class: 'data-table mapping-preview-table', 'data-testid': 'mapping-preview-table' },
        h('caption', { class: 'visually-hidden' }, 'The first rows as they would be stored'),
        h('thead', {}, h('tr', {}, ['Row', 'Title', 'Dates', 'Country (precision)', 'Categories', 'Casualties', 'Problems'].map((heading) => h('th', { scope: 'col' }, heading)))),
        h(
          'tbody',
          {},
          preview.rows.map((row) =>
            h(
              'tr',
              { 'data-testid': 'mapping-preview-row', 'data-row': row.rowNumber, class: row.issues.length > 0 ? 'refused' : 'accepted' },
              h('th', { scope: 'row' }, String(row.rowNumber)),
              h('td', { 'data-testid': 'preview-title' }, row.record.title ?? '—'),
              h('td', { class: 'nowrap', 'data-testid': 'preview-dates' }, datesText(row)),
              h('td', { 'data-testid': 'preview-country' }, placeText(row)),
              h('td', { 'data-testid': 'preview-categories' }, categoriesText(row)),
              h('td', { 'data-testid': 'preview-casualties' }, casualtiesText(row)),
              h(
                'td',
                { 'data-testid': 'preview-issues' },
                row.issues.length === 0
                  ? h('span', { class: 'hint' }, 'none')
                  : h(
                      'ul',
                      { class: 'mapping-issues' },
                      row.issues.map((issue) =>
                        h('li', { 'data-testid': 'preview-issue', 'data-column': issue.path }, h('span', { class: 'issue-column' }, issue.path || 'row'), ': ', issue.message),
                      ),
                    ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
