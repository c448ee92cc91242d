import type { Role } from '../../../src/core/access-control.js';
import { hasPermission } from '../../../src/core/access-control.js';
import type { ConflictList, IncidentConflict } from '../../../src/core/incident-conflict.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { loadable, type Loadable } from '../shared/loadable.js';
import type { ViewStateStore } from '../view-state.js';
import { conflictResolution, CONFLICTS_CHANGED } from './conflict-resolution.js';
import { conflictFacts } from './incident-detail.js';

const ALL_FIELDS = '';

/**
 * The conflicts queue: every open conflict across the register (fields changed on both sides, by an edit of an older
 * version, an outbox or another instance), newest first, filtered by field; each links to its incident and, for a
 * person who may edit, is resolved in place — keep, take, or a value of one's own. The server leaves out conflicts of
 * incidents the reader may not see, and withholds sensitive values from a reader without clearance.
 */
export class ConflictsArea {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'conflicts conflict-queue', 'data-testid': 'conflict-queue-items' });
  private readonly status = h('p', { class: 'list-status', role: 'status', 'data-testid': 'conflict-queue-status' });
  private readonly fieldFilter = h('select', { id: 'conflict-queue-field', 'data-testid': 'conflict-queue-field', onchange: () => (this.status.textContent = this.render()) });
  private readonly host: HTMLElement;
  private readonly loader: Loadable<[]>;
  private items: IncidentConflict[] = [];
  private readonly onChanged = () => void this.loader.load();

  constructor(
    private readonly api: ApiClient,
    private readonly options: { role: Role; state: ViewStateStore },
  ) {
    this.host = h(
      'section',
      { class: 'conflict-queue-panel', 'data-testid': 'conflict-queue', 'data-state': 'loading', 'aria-labelledby': 'conflict-queue-title' },
      h('h2', { class: 'panel-title', id: 'conflict-queue-title' }, 'Open conflicts, newest first'),
      h('p', {}, 'Fields changed on both sides. Nothing was overwritten: each keeps its held value until someone decides.'),
      h('div', { class: 'field conflict-queue-filter' }, h('label', { for: 'conflict-queue-field' }, 'Field'), this.fieldFilter),
      this.status,
      this.list,
    );
    this.element = h('div', { class: 'conflicts-area', 'data-testid': 'conflicts-area' }, this.host);
    this.loader = loadable(
      this.host,
      (signal) => this.api.incidentConflicts('open', signal),
      (answer: ConflictList) => {
        this.items = answer.items;
        return this.render();
      },
      { status: this.status, failed: 'The conflicts could not be loaded' },
    );
    document.addEventListener(CONFLICTS_CHANGED, this.onChanged);
    void this.loader.load();
  }

  reshow(): void {
    void this.loader.load();
  }

  destroy(): void {
    document.removeEventListener(CONFLICTS_CHANGED, this.onChanged);
    this.loader.abort();
    this.element.remove();
  }

  /** The list under the chosen field; the field's choices are those with open conflicts (and the one chosen). */
  private render(): string {
    const chosen = this.fieldFilter.value;
    const paths = [...new Set([...this.items.map((c) => c.path), ...(chosen ? [chosen] : [])])].sort();
    mount(this.fieldFilter, h('option', { value: ALL_FIELDS }, 'All fields'), paths.map((path) => h('option', { value: path }, path)));
    this.fieldFilter.value = chosen;
    const shown = this.items.filter((c) => chosen === ALL_FIELDS || c.path === chosen);
    const canEdit = hasPermission(this.options.role, 'incident:write');
    mount(
      this.list,
      shown.map((conflict) =>
        h(
          'li',
          { class: 'conflict', 'data-testid': 'queued-conflict', 'data-path': conflict.path, 'data-incident': conflict.incidentId },
          h(
            'a',
            {
              class: 'conflict-incident',
              href: `?incident=${encodeURIComponent(conflict.incidentId)}`,
              'data-testid': 'queued-conflict-incident',
              onclick: (event: MouseEvent) => {
                if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                this.options.state.setArea('incidents');
                this.options.state.setIncident(conflict.incidentId);
              },
            },
            conflict.incidentTitle,
          ),
          conflictFacts(conflict),
          canEdit && !conflict.redacted ? conflictResolution(conflict, (resolution) => this.api.resolveConflict(conflict.incidentId, conflict.id, resolution), () => undefined) : null,
        ),
      ),
    );
    this.host.dataset.count = String(shown.length);
    if (this.items.length === 0) return 'No open conflicts.';
    if (shown.length === 0) return 'No open conflicts on this field.';
    return shown.length === 1 ? '1 open conflict' : `${shown.length} open conflicts`;
  }
}
