import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { ApiClient } from '../shared/api-client.js';
import type { SessionUser } from '../../../src/core/account.schema.js';
import { h, mount } from '../shared/dom.js';
import { ForceQueue } from './force-queue.js';
import { ForceRequestDetail } from './force-request-detail.js';
import { ForceRequestForm } from './force-request-form.js';
import { LedgerPanel } from '../admin/ledger-panel.js';
import { COA_LIST, CoaPanel, isCoaView } from './coa-panel.js';
import { PROTECTIVE_LIST, ProtectiveActionsPanel } from './protective-actions-panel.js';
import { NEW_REQUEST, type ViewChange, type ViewState, type ViewStateStore } from '../view-state.js';
import './force.css';

export interface ForceAreaOptions {
  user: SessionUser;
  role: Role;
  state: ViewStateStore;
}

/**
 * The use-of-force area: on the left the queue of requests (what waits on the user's role, or all) and the ledger;
 * on the right the open request, or the form for a new one (`?view=force&request=new`), or a word on what the area is.
 */
export class ForceArea {
  readonly element: HTMLElement;
  private readonly main = h('main', { class: 'force-main', 'data-testid': 'force-main', 'aria-label': 'Force request' });
  private readonly queue: ForceQueue;
  private readonly ledger: LedgerPanel | undefined;
  private readonly detail: ForceRequestDetail;
  private form: ForceRequestForm | undefined;
  private coa: CoaPanel | undefined;
  private protective: ProtectiveActionsPanel | undefined;
  private readonly canRequest: boolean;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ForceAreaOptions,
  ) {
    const { role, state } = options;
    this.canRequest = hasPermission(role, 'force:request');
    this.queue = new ForceQueue(api, role, (id) => state.setRequest(id));
    this.ledger = hasPermission(role, 'ledger:read') ? new LedgerPanel(api) : undefined;
    this.detail = new ForceRequestDetail(api, { user: { id: options.user.id, role }, onChanged: () => this.queue.reload() });
    this.element = h(
      'div',
      { class: 'force-area', 'data-testid': 'force-area' },
      h(
        'aside',
        { class: 'force-sidebar', 'aria-label': 'Requests and ledger' },
        this.canRequest
          ? h('div', { class: 'sidebar-actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'new-force-request', onclick: () => state.setRequest(NEW_REQUEST) }, 'New request'))
          : null,
        // Planning: courses of action compared before any request is made.
        h(
          'div',
          { class: 'sidebar-actions' },
          h('button', { type: 'button', 'data-testid': 'open-courses-of-action', onclick: () => state.setRequest(COA_LIST) }, 'Courses of action'),
          h('button', { type: 'button', 'data-testid': 'open-protective-actions', onclick: () => state.setRequest(PROTECTIVE_LIST) }, 'Protective actions'),
        ),
        this.queue.element,
        this.ledger?.element,
      ),
      this.main,
    );
    this.showRequest(state.current.request);
  }

  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('request')) this.showRequest(current.request);
  }

  reshow(current: ViewState): void {
    this.showRequest(current.request);
    this.queue.reload();
  }

  destroy(): void {
    this.queue.destroy();
    this.ledger?.destroy();
    this.detail.destroy();
    this.form?.destroy();
    this.coa?.destroy();
    this.protective?.destroy();
    this.element.remove();
  }

  private showRequest(request: string | undefined): void {
    if (request === PROTECTIVE_LIST) {
      this.queue.select(undefined);
      this.protective ??= new ProtectiveActionsPanel(this.api, this.options.role);
      if (this.protective.element.parentElement !== this.main) mount(this.main, this.protective.element);
      this.main.scrollTop = 0;
      this.protective.show();
      return;
    }
    if (isCoaView(request)) {
      this.queue.select(undefined);
      this.coa ??= new CoaPanel(this.api, { role: this.options.role, open: (next) => this.options.state.setRequest(next) });
      if (this.coa.element.parentElement !== this.main) mount(this.main, this.coa.element);
      this.main.scrollTop = 0;
      this.coa.show(request!);
      return;
    }
    this.queue.select(request === NEW_REQUEST ? undefined : request);
    if (request === NEW_REQUEST && this.canRequest) {
      // A form already open keeps what was typed (coming back to the area, or the back button).
      this.form ??= new ForceRequestForm(this.api, {
        onSubmitted: (view) => {
          this.dropForm();
          this.queue.reload();
          this.options.state.setRequest(view.id);
        },
        onCancel: () => {
          this.dropForm();
          this.options.state.setRequest(undefined);
        },
      });
      if (this.form.element.parentElement !== this.main) {
        mount(this.main, this.form.element);
        this.main.scrollTop = 0;
        this.form.focus();
      }
      return;
    }
    if (request && request !== NEW_REQUEST) {
      if (this.detail.element.parentElement !== this.main) mount(this.main, this.detail.element);
      if (this.detail.element.dataset.id !== request || this.detail.element.dataset.state !== 'ready') {
        this.detail.element.replaceChildren();
        this.main.scrollTop = 0;
      }
      void this.detail.open(request);
      return;
    }
    mount(this.main, this.intro());
  }

  private dropForm(): void {
    this.form?.destroy();
    this.form = undefined;
  }

  private intro(): HTMLElement {
    return h(
      'section',
      { class: 'force-intro', 'data-testid': 'force-intro' },
      h('h2', {}, 'Use of force'),
      h(
        'p',
        {},
        'A proposed use of force is assessed side by side under international humanitarian law — the legal floor in armed conflict — and under human-security rules, which allow force against a person only when necessary to protect life, with arrest preferred wherever feasible.',
      ),
      h(
        'ol',
        { class: 'intro-steps' },
        h('li', {}, h('strong', {}, 'Request. '), 'Whoever proposes the force gives the facts; what is not known stays unknown.'),
        h('li', {}, h('strong', {}, 'Assessment. '), 'The engine gives both verdicts, why they differ, and the rules behind them. It is advice, never an authorisation.'),
        h('li', {}, h('strong', {}, 'Review. '), 'A named human-security advisor enters the judgements the law leaves to people, and reviews.'),
        h('li', {}, h('strong', {}, 'Decision. '), 'A named commander — never the requester — decides.'),
        h('li', {}, h('strong', {}, 'Civilian approval. '), 'The mission’s civilian authority approves or rejects.'),
      ),
      h('p', { class: 'hint' }, 'Every step is signed and chained in the ledger. Choose a request on the left', this.canRequest ? ', or start a new one.' : '.'),
    );
  }
}
