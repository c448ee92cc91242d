import type { Role } from '../../../src/core/access-control.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { assessmentView } from './assessment-view.js';
import { h, mount, type Child } from '../shared/dom.js';
import { errorMessage, loadable } from '../shared/loadable.js';
import { emergencyMarker, requestStatusBadge, verdictBadge } from './force-badges.js';
import { ForceActions } from './force-actions.js';
import { actorText, purposeLabel, shortRegimeLabel } from './force-labels.js';
import { requestFacts } from './force-request-facts.js';
import { forceTimeline } from './force-timeline.js';
import { WAITING_ON } from './force-turn.js';
import type { ForceRequestView } from '../shared/force-types.js';
import { timestampText } from '../shared/format.js';
import { ledgerEntries } from './ledger-entries.js';
import { exerciseBanner } from '../shared/exercise-banner.js';

export interface ForceRequestDetailOptions {
  user: { id: string; role: Role };
  /** The request changed here (a step was taken): the queue should ask again. */
  onChanged(view: ForceRequestView): void;
}

const section = (title: string, testid: string, ...children: Child[]) =>
  h('section', { class: 'detail-section', 'data-testid': testid }, h('h3', {}, title), ...children);

/**
 * One force request: where it stands (the status timeline, with who acted when and why), the forms for the step it is
 * this user's turn to take, the assessment side by side with its trace, the facts asked about, and its ledger entries.
 * The element's `data-state` is `loading`, `ready` or `error`; `data-version` and `data-status` follow the request.
 */
export class ForceRequestDetail {
  readonly element = h('article', { class: 'request-detail', 'data-testid': 'request-detail', 'aria-labelledby': 'request-title', tabindex: -1 });
  private readonly actions: ForceActions;
  private readonly loader = loadable(this.element, (signal, id: string) => this.api.getForceRequest(id, signal), (view) => this.show(view), {
    failed: (error) => {
      const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
      mount(this.element, h('p', { class: 'error-banner', role: 'alert' }, missing ? 'This request does not exist.' : `The request could not be loaded: ${errorMessage(error)}`));
    },
  });

  constructor(
    private readonly api: ApiClient,
    private readonly options: ForceRequestDetailOptions,
  ) {
    this.actions = new ForceActions(api, {
      user: options.user,
      onChanged: (view) => {
        this.show(view);
        this.options.onChanged(view);
      },
      onReload: () => void this.open(this.element.dataset.id ?? ''),
    });
  }

  open(id: string): Promise<void> {
    this.element.dataset.id = id;
    const loading = this.loader.load(id);
    if (!this.element.hasChildNodes()) this.element.append(h('p', { class: 'hint', role: 'status' }, 'Loading the request…'));
    return loading;
  }

  destroy(): void {
    this.loader.abort();
    this.element.remove();
  }

  private show(view: ForceRequestView): void {
    const scroll = this.element.closest('.force-main')?.scrollTop;
    const refreshing = this.element.dataset.state === 'ready' && this.element.dataset.id === view.id;
    const first = view.ledger.find((e) => e.kind === 'force.request' || e.kind === 'force.emergency');
    const title = h('h2', { id: 'request-title', tabindex: -1 }, view.missionName, h('span', { class: 'request-purpose' }, ` — ${purposeLabel(view.purpose)}`));
    const waiting = WAITING_ON[view.status];
    mount(
      this.element,
      view.exercise ? exerciseBanner('a request in a training exercise, not a real request for force.') : null,
      h(
        'header',
        { class: 'request-header' },
        h('div', { class: 'request-toolbar' }, h('button', { type: 'button', 'data-testid': 'request-reload', onclick: () => void this.open(view.id) }, 'Reload')),
        title,
        h('div', { class: 'detail-badges' }, requestStatusBadge(view.status), view.emergency ? emergencyMarker() : null),
        h(
          'p',
          { class: 'request-meta' },
          'Requested by ',
          h('strong', { 'data-testid': 'requested-by' }, first ? actorText(first.actor) : 'unknown'),
          ` · ${timestampText(view.requestedAt)} · version ${view.version}`,
        ),
        h(
          'p',
          { class: 'verdict-pair', 'data-testid': 'verdict-pair' },
          h('span', { class: 'regime-label' }, shortRegimeLabel(view.assessment.ihl)),
          verdictBadge(view.verdicts.ihl),
          h('span', { class: 'regime-label' }, 'Human security'),
          verdictBadge(view.verdicts.humanSecurity),
        ),
        waiting ? h('p', { class: 'hint waiting-on' }, waiting) : null,
      ),
      this.progress(view),
      section(
        'Assessment',
        'request-assessment',
        assessmentView(view.assessment, { request: view.request, onFact: (path) => this.pointAt(path) }),
      ),
      section('The request', 'request-facts-section', requestFacts(view.request, view.assessment.registeredSystem)),
      section('Ledger entries', 'request-ledger', ledgerEntries(this.api, view.ledger)),
    );
    this.element.dataset.state = 'ready';
    this.element.dataset.version = String(view.version);
    this.element.dataset.status = view.status;
    const main = this.element.closest('.force-main');
    if (refreshing && main && scroll !== undefined) main.scrollTop = scroll;
    else title.focus();
  }

  /** The timeline, and beside it the forms for this user's turn, if it is their turn. */
  private progress(view: ForceRequestView): HTMLElement {
    const actions = this.actions.render(view);
    return h(
      'div',
      { class: actions ? 'request-progress with-actions' : 'request-progress' },
      section('Status', 'request-status-section', forceTimeline(view)),
      actions,
    );
  }

  /** A missing fact was clicked: show it among the request's facts. */
  private pointAt(path: string): void {
    const rows = [...this.element.querySelectorAll<HTMLElement>('.request-facts [data-path]')];
    const row = rows.find((r) => r.dataset.path === path) ?? rows.find((r) => path.startsWith(`${r.dataset.path}.`) || (r.dataset.path ?? '').startsWith(`${path}.`));
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('attention');
    void row.offsetWidth;
    row.classList.add('attention');
  }
}
