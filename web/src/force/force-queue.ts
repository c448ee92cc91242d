import type { Role } from '../../../src/core/access-control.js';
import type { RequestStatus } from '../../../src/core/use-of-force/request-workflow.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { RegisterList } from '../shared/register-list.js';
import { emergencyMarker, requestStatusBadge, verdictBadge } from './force-badges.js';
import { purposeLabel } from './force-labels.js';
import type { ForceRequestSummary } from '../shared/force-types.js';
import { timestampText } from '../shared/format.js';
import { exerciseMarker } from '../incidents/badges.js';

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
  private readonly awaiting: { statuses: RequestStatus[]; label: string } | undefined;
  private scope: Scope;
  private readonly list: RegisterList<ForceRequestSummary[], ForceRequestSummary>;
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
    this.list = new RegisterList({
      attrs: { class: 'force-queue', 'aria-labelledby': 'force-queue-title' },
      rowsAttrs: { class: 'queue-rows', 'data-testid': 'force-queue', 'aria-label': 'Force requests' },
      above: [
        h(
          'div',
          { class: 'queue-head' },
          h('h2', { class: 'panel-title', id: 'force-queue-title' }, 'Requests'),
          h('button', { type: 'button', class: 'link-button', 'data-testid': 'queue-refresh', onclick: () => this.reload() }, 'Refresh'),
        ),
        scopes,
      ],
      fetch: (signal) => this.api.listForceRequests(this.scope === 'mine' ? this.awaiting?.statuses : undefined, signal),
      items: (items) => items,
      row: (item) => this.row(item),
      summary: (_, items) => (items.length > 0 ? '' : this.scope === 'mine' ? 'Nothing waits on you.' : 'No requests yet.'),
      failed: 'The requests could not be loaded',
    });
    this.element = this.list.element;
  }

  select(id: string | undefined): void {
    this.list.select(id);
  }

  reload(): void {
    this.list.reload();
  }

  destroy(): void {
    this.list.destroy();
  }

  private setScope(scope: Scope): void {
    this.scope = scope;
    for (const [key, button] of this.scopeButtons) button.setAttribute('aria-pressed', String(key === scope));
    this.reload();
  }

  private row(item: ForceRequestSummary): HTMLElement {
    return h(
      'button',
      { type: 'button', class: 'queue-row', 'data-testid': 'queue-row', 'data-id': item.id, 'data-status': item.status, onclick: () => this.onOpen(item.id) },
      h('span', { class: 'queue-top' }, requestStatusBadge(item.status), item.emergency ? emergencyMarker() : null, item.exercise ? exerciseMarker() : null, h('time', { datetime: item.requestedAt }, timestampText(item.requestedAt))),
      h('span', { class: 'queue-mission' }, item.missionName),
      h('span', { class: 'queue-purpose' }, purposeLabel(item.purpose)),
      h('span', { class: 'queue-verdicts' }, h('span', { class: 'regime-label' }, item.request?.request?.situation?.armedConflict === 'none' ? 'Human rights law' : 'IHL'), verdictBadge(item.ihlVerdict), h('span', { class: 'regime-label' }, 'Human security'), verdictBadge(item.hsVerdict)),
    );
  }
}
