import type { ApiClient, RestrictableCollection } from './api-client.js';
import type { RecordRestriction } from '../../../src/core/restriction.schema.js';
import { ApiError } from './api-client.js';
import { h, isAbort, mount } from './dom.js';
import './restriction-section.css';

const names = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The restrictable record a section is about, and how the page names it. */
export interface RestrictedRecord {
  collection: RestrictableCollection;
  id: string;
  /** What the record is, in the singular ("incident", "system"). */
  noun: string;
  /** Who reads such records when it is not restricted ("read incidents"). */
  readers: string;
}

/**
 * Who may see a record (an incident, a system of the capability register). Restricted, it is missing — not merely
 * locked — for everyone not named; those who may restrict set the users and groups here (they stay on the list
 * themselves) or lift the restriction.
 */
export function restrictionSection(api: ApiClient, record: RestrictedRecord, canRestrict: boolean): HTMLElement {
  const body = h('div', {}, h('p', { class: 'detail-loading', role: 'status' }, 'Loading…'));
  const element = h('section', { class: 'detail-section restriction-section', 'data-testid': 'detail-restriction' }, h('h3', {}, 'Who may see this'), body);

  function show(r: RecordRestriction, message?: string): void {
    const summary = r.restricted
      ? h('p', { class: 'restricted-banner', 'data-testid': 'restriction-summary' }, 'Restricted to ', [...r.users, ...r.groups.map((g) => `group ${g}`)].join(', '), `. Everyone else finds no such ${record.noun}.`)
      : h('p', { 'data-testid': 'restriction-summary' }, `Everyone whose role may ${record.readers}.`);
    mount(body, summary, message ? h('p', { class: 'form-status', role: 'status' }, message) : null, canRestrict ? form(r) : null);
    element.dataset.state = 'ready';
    element.dataset.restricted = String(r.restricted);
  }

  function form(r: RecordRestriction): HTMLElement {
    const users = h('input', { id: 'restrict-users', name: 'users', value: r.users.join(', '), placeholder: 'usernames, comma-separated', 'data-testid': 'restrict-users' });
    const groups = h('input', { id: 'restrict-groups', name: 'groups', value: r.groups.join(', '), placeholder: 'groups, comma-separated', 'data-testid': 'restrict-groups' });
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const save = async (to: { users: string[]; groups: string[] }) => {
      try {
        const after = await api.restrict(record.collection, record.id, to);
        show(after, after.restricted ? 'Restriction saved.' : 'Restriction lifted.');
      } catch (e) {
        error.hidden = false;
        error.textContent = e instanceof ApiError ? e.message : String(e);
      }
    };
    const element = h(
      'form',
      {
        class: 'restriction-form',
        'data-testid': 'restriction-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void save({ users: names(users.value), groups: names(groups.value) });
        },
      },
      h('label', { for: 'restrict-users' }, 'Users'),
      users,
      h('label', { for: 'restrict-groups' }, 'Groups'),
      groups,
      error,
      h(
        'div',
        { class: 'restriction-actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'restrict-save' }, 'Restrict to these'),
        r.restricted ? h('button', { type: 'button', 'data-testid': 'restrict-lift', onclick: () => void save({ users: [], groups: [] }) }, 'Lift the restriction') : null,
      ),
    );
    return element;
  }

  api
    .restriction(record.collection, record.id)
    .then((r) => show(r))
    .catch((error: unknown) => {
      if (isAbort(error)) return;
      mount(body, h('p', { class: 'error-banner', role: 'alert' }, `Could not load who may see this: ${error instanceof Error ? error.message : String(error)}`));
      element.dataset.state = 'error';
    });
  return element;
}
