import type { ApiClient, AuditLogQuery } from '../shared/api-client.js';
import type { Page } from '../../../src/core/api-contract.schema.js';
import { isFieldChange, type AuditLogEntry } from '../../../src/core/audit-log-entry.js';
import { h } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import { auditActionLabel, timestampText } from '../shared/format.js';
import './audit.css';

/** Entries read at a time; "Older entries" reads the next page. */
const PAGE_SIZE = 50;

/** One value of a change, short: lists and objects as compact JSON, cut at a length a reader can take in. */
function shortValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** What an entry changed: `field: before → after` for a change, `field: value` for a fact (an export's purpose, say). */
function changesOf(entry: AuditLogEntry): HTMLElement {
  const fields = Object.entries(entry.changes);
  if (fields.length === 0) return h('span', { class: 'empty' }, '—');
  return h(
    'ul',
    { class: 'audit-changes' },
    fields.map(([field, value]) =>
      h('li', {}, h('code', {}, field), ': ', isFieldChange(value) ? [shortValue(value.before), ' → ', shortValue(value.after)] : shortValue(value)),
    ),
  );
}

/**
 * The audit log, for those who oversee (audit:read): who did what to which record, and when, newest first — filtered
 * by kind of record, record, person, action (or a family of actions: `group`) and period, read a page at a time. The
 * server leaves out the entries of restricted records the reader is not named on.
 */
export class AuditArea {
  readonly element: HTMLElement;
  private readonly rows = h('tbody', { 'data-testid': 'audit-rows' });
  private readonly status = h('p', { class: 'list-status', role: 'status', 'data-testid': 'audit-status' });
  private readonly more = h('button', { type: 'button', class: 'link-button', 'data-testid': 'audit-more', hidden: true, onclick: () => void this.loader.load(true) }, 'Older entries');
  private readonly log: HTMLElement;
  private readonly error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-testid': 'audit-error' });
  private readonly inputs = {
    entityType: this.input('entity-type', 'text', 'incident, case, group, export …'),
    entityId: this.input('entity-id', 'text', 'a record’s id'),
    actor: this.input('actor', 'text', 'a username'),
    action: this.input('action', 'text', 'group, or group.members'),
    from: this.input('from', 'date'),
    to: this.input('to', 'date'),
  };
  private query: AuditLogQuery = {};
  private cursor: string | null = null;
  private readonly loader: Loadable<[older: boolean]>;

  constructor(private readonly api: ApiClient) {
    const field = (id: keyof typeof this.inputs, label: string) => h('div', { class: 'field' }, h('label', { for: `audit-${this.inputs[id].name}` }, label), this.inputs[id]);
    const form = h(
      'form',
      { class: 'monitor-filters audit-filters', 'data-testid': 'audit-filters', 'aria-label': 'Filter the audit log', novalidate: true },
      field('entityType', 'Kind of record'),
      field('entityId', 'Record'),
      field('actor', 'Who'),
      field('action', 'Action'),
      field('from', 'From'),
      field('to', 'To'),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'audit-apply' }, 'Show'),
      this.error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.apply();
    });
    this.log = h(
      'section',
      { class: 'audit-log', 'data-testid': 'audit-log', 'data-state': 'loading', 'aria-labelledby': 'audit-log-title' },
      h('h2', { class: 'panel-title', id: 'audit-log-title' }, 'Entries, newest first'),
      h(
        'table',
        { class: 'data-table audit-table' },
        h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Record', 'What changed'].map((heading) => h('th', { scope: 'col' }, heading)))),
        this.rows,
      ),
      this.status,
      this.more,
    );
    this.element = h(
      'div',
      { class: 'audit-area', 'data-testid': 'audit-area' },
      h('div', { class: 'monitor-top' }, h('h1', { class: 'monitor-heading' }, 'Audit log'), form),
      h('main', { class: 'audit-body', 'aria-label': 'Audit log' }, this.log),
    );
    this.loader = loadable(this.log, (signal, older: boolean) => this.fetchPage(signal, older), (page, older) => this.show(page, older), {
      status: this.status,
      failed: 'The audit log could not be read',
    });
    this.reload();
  }

  reload(): void {
    void this.loader.load(false);
  }

  /** Shown again: the newest entries, under the same filter. */
  reshow(): void {
    this.reload();
  }

  destroy(): void {
    this.loader.abort();
    this.element.remove();
  }

  private input(name: string, type: 'text' | 'date', placeholder?: string): HTMLInputElement {
    return h('input', { id: `audit-${name}`, name, type, placeholder, spellcheck: 'false', autocomplete: 'off', 'data-testid': `audit-filter-${name}` });
  }

  private apply(): void {
    const value = (input: HTMLInputElement) => input.value.trim() || undefined;
    const { from, to } = { from: value(this.inputs.from), to: value(this.inputs.to) };
    const problem = from && to && to < from ? 'the period ends before it starts' : undefined;
    this.error.hidden = problem === undefined;
    this.error.textContent = problem ?? '';
    if (problem) return;
    this.query = {
      entityType: value(this.inputs.entityType)?.toLowerCase(),
      entityId: value(this.inputs.entityId),
      actor: value(this.inputs.actor),
      action: value(this.inputs.action)?.toLowerCase(),
      from,
      to,
    };
    this.reload();
  }

  /** The first page of the current filter, or (`older`) the next page after what is shown. */
  private fetchPage(signal: AbortSignal, older: boolean): Promise<Page<AuditLogEntry>> {
    this.more.hidden = true;
    return this.api.auditLog({ ...this.query, limit: PAGE_SIZE, ...(older && this.cursor && { cursor: this.cursor }) }, signal);
  }

  private show(page: Awaited<Promise<Page<AuditLogEntry>>>, older: boolean): string {
    const rows = page.items.map((entry) => this.row(entry));
    if (older) this.rows.append(...rows);
    else this.rows.replaceChildren(...rows);
    this.cursor = page.nextCursor;
    this.more.hidden = page.nextCursor === null;
    const shown = this.rows.childElementCount;
    this.log.dataset.count = String(shown);
    return shown === 0 ? 'No entries.' : `${shown} entr${shown === 1 ? 'y' : 'ies'}${page.nextCursor ? ', and older ones' : ''}.`;
  }

  private row(entry: AuditLogEntry): HTMLElement {
    return h(
      'tr',
      { 'data-testid': 'audit-row', 'data-action': entry.action, 'data-id': entry.id },
      h('td', {}, h('time', { datetime: entry.at }, timestampText(entry.at))),
      h('td', {}, entry.username ?? entry.userId ?? 'system'),
      h('td', {}, h('span', { title: entry.action }, auditActionLabel(entry.action))),
      h('td', {}, h('span', { class: 'audit-entity' }, entry.entityType), ' ', h('code', {}, entry.entityId)),
      h('td', {}, changesOf(entry)),
    );
  }
}
