import type { Role } from '../../../src/core/access-control.js';
import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, isAbort } from '../shared/dom.js';
import { emergencyMarker, requestStatusBadge, verdictBadge } from './force-badges.js';
import { purposeLabel } from './force-labels.js';
import type { ForceRequestSummary } from '../shared/force-types.js';
import { timestampText } from '../shared/format.js';

/** What waits on each role; the others see every request. */
const AWAITING: Partial<Record<Role, { statuses: RequestStatus[]; label: string }>> = {
  human_security_advisor: { statuses: ['awaiting_review'], label: 'Awaiting review' },
  commander: { statuses: ['awaiting_decision'], label: 'Awaiting decision' },
  civilian_authority: { statuses: ['awaiting_approval'], label: 'Awaiting approval' },
};

type Scope = 'mine' | 'all';

/**
 * The approvals queue: the requests that wait on the user's role (the advisor's reviews, the commanders' decisions,
 * the civilian authority's approvals), or every request. Each row shows the mission, the purpose, both verdicts, the
 * status and when it was requested, and opens the request.
 */
export class ForceQueue {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'queue-rows', 'data-testid': 'force-queue', 'aria-label': 'Force requests' });
  private readonly status = h('p', { class: 'list-status', role: 'status' });
  private readonly awaiting: { statuses: RequestStatus[]; label: string } | undefined;
  private scope: Scope;
  private selectedId: string | undefined;
  private inFlight: AbortController | undefined;
  private readonly scopeButtons = new Map<Scope, HTMLButtonElement>();

  constructor(
    private readonly api: ApiClient,
    role: Role,
    private readonly onOpen: (id: string) => void,
  ) {
    this.awaiting = AWAITING[role];
    this.scope = this.awaiting ? 'mine' : 'all';
    const scopes = this.awaiting
      ? h(
          'div',
          { class: 'queue-scopes', role: 'group', 'aria-label': 'Which requests' },
          (['mine', 'all'] as const).map((scope) => {
            const button = h(
              'button',
              { type: 'button', 'data-testid': `queue-scope-${scope}`, 'aria-pressed': String(scope === this.scope), onclick: () => this.setScope(scope) },
              scope === 'mine' ? this.awaiting!.label : 'All requests',
            );
            this.scopeButtons.set(scope, button);
            return button;
          }),
        )
      : null;
    this.element = h(
      'section',
      { class: 'force-queue', 'aria-labelledby': 'force-queue-title', 'data-state': 'loading' },
      h(
        'div',
        { class: 'queue-head' },
        h('h2', { class: 'panel-title', id: 'force-queue-title' }, 'Requests'),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'queue-refresh', onclick: () => this.reload() }, 'Refresh'),
      ),
      scopes,
      this.list,
      this.status,
    );
    this.reload();
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const row of this.list.querySelectorAll<HTMLElement>('[data-id]')) {
      if (row.dataset.id === id) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  reload(): void {
    void this.load();
  }

  destroy(): void {
    this.inFlight?.abort();
  }

  private setScope(scope: Scope): void {
    this.scope = scope;
    for (const [key, button] of this.scopeButtons) button.setAttribute('aria-pressed', String(key === scope));
    this.reload();
  }

  private async load(): Promise<void> {
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    this.element.dataset.state = 'loading';
    this.status.textContent = 'Loading…';
    try {
      const items = await this.api.listForceRequests(this.scope === 'mine' ? this.awaiting?.statuses : undefined, request.signal);
      this.list.replaceChildren(...items.map((item) => this.row(item)));
      this.status.textContent = items.length === 0 ? (this.scope === 'mine' ? 'Nothing waits on you.' : 'No requests yet.') : '';
      this.element.dataset.state = 'ready';
      this.element.dataset.count = String(items.length);
      this.select(this.selectedId);
    } catch (error) {
      if (isAbort(error)) return;
      this.status.textContent = `The requests could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      this.element.dataset.state = 'error';
    }
  }

  private row(item: ForceRequestSummary): HTMLElement {
    return h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'queue-row', 'data-testid': 'queue-row', 'data-id': item.id, 'data-status': item.status, onclick: () => this.onOpen(item.id) },
        h('span', { class: 'queue-top' }, requestStatusBadge(item.status), item.emergency ? emergencyMarker() : null, h('time', { datetime: item.requestedAt }, timestampText(item.requestedAt))),
        h('span', { class: 'queue-mission' }, item.missionName),
        h('span', { class: 'queue-purpose' }, purposeLabel(item.purpose)),
        h('span', { class: 'queue-verdicts' }, h('span', { class: 'regime-label' }, item.request?.request?.situation?.armedConflict === 'none' ? 'Human rights law' : 'IHL'), verdictBadge(item.ihlVerdict), h('span', { class: 'regime-label' }, 'Human security'), verdictBadge(item.hsVerdict)),
      ),
    );
  }
}
