import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { ApiClient } from '../shared/api-client.js';
import { CaseDetailView } from './case-detail.js';
import { CaseForm } from './case-form.js';
import { caseList } from './case-list.js';
import { h, mount } from '../shared/dom.js';
import { NEW_CASE, type ViewChange, type ViewState, type ViewStateStore } from '../view-state.js';
import '../force/force.css';
import './cases.css';

export interface CasesAreaOptions {
  role: Role;
  state: ViewStateStore;
}

/**
 * The accountability cases: on the left the list, on the right the open case, or the form for a new one
 * (`?view=cases&case=new`), or a word on what the area is for. Laid out like the use-of-force area.
 */
export class CasesArea {
  readonly element: HTMLElement;
  private readonly main = h('main', { class: 'force-main', 'data-testid': 'cases-main', 'aria-label': 'Case' });
  private readonly list: ReturnType<typeof caseList>;
  private readonly detail: CaseDetailView;
  private form: CaseForm | undefined;
  private readonly canWrite: boolean;

  constructor(
    private readonly api: ApiClient,
    private readonly options: CasesAreaOptions,
  ) {
    const { role, state } = options;
    this.canWrite = hasPermission(role, 'case:write');
    this.list = caseList(api, (id) => state.setCase(id), this.canWrite);
    this.detail = new CaseDetailView(api, {
      canWrite: this.canWrite,
      onChanged: () => this.list.reload(),
      // The register first, then the incident: the register opens it as the incident part of its own state.
      openIncident: (id) => {
        state.setArea('incidents');
        state.setIncident(id);
      },
    });
    this.element = h(
      'div',
      { class: 'force-area cases-area', 'data-testid': 'cases-area' },
      h(
        'aside',
        { class: 'force-sidebar', 'aria-label': 'Cases' },
        this.canWrite ? h('div', { class: 'sidebar-actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'new-case', onclick: () => state.setCase(NEW_CASE) }, 'Open a case')) : null,
        this.list.element,
      ),
      this.main,
    );
    this.show(state.current.caseId);
  }

  update(current: ViewState, changed: ViewChange): void {
    if (changed.has('caseId')) this.show(current.caseId);
  }

  reshow(current: ViewState): void {
    this.show(current.caseId);
    this.list.reload();
  }

  destroy(): void {
    this.list.destroy();
    this.detail.destroy();
    this.form?.destroy();
    this.element.remove();
  }

  private show(caseId: string | undefined): void {
    this.list.select(caseId === NEW_CASE ? undefined : caseId);
    if (caseId === NEW_CASE && this.canWrite) {
      this.form ??= new CaseForm(this.api, {
        onOpened: (detail) => {
          this.dropForm();
          this.list.reload();
          this.options.state.setCase(detail.id);
        },
        onCancel: () => {
          this.dropForm();
          this.options.state.setCase(undefined);
        },
      });
      if (this.form.element.parentElement !== this.main) {
        mount(this.main, this.form.element);
        this.form.focus();
      }
      return;
    }
    if (caseId && caseId !== NEW_CASE) {
      if (this.detail.element.parentElement !== this.main) mount(this.main, this.detail.element);
      void this.detail.open(caseId);
      return;
    }
    mount(
      this.main,
      h(
        'section',
        { class: 'force-intro', 'data-testid': 'cases-intro' },
        h('h2', {}, 'Accountability cases'),
        h(
          'p',
          {},
          'Human security is law-based security: violations are documented and those responsible are held to account, with arrest preferred to killing. A case links incidents and evidence to alleged perpetrators and to the legal qualifications considered, and follows its path: documented, referred, warrant, arrest, trial, outcome — each step dated and sourced.',
        ),
        h('p', { class: 'hint' }, 'Choose a case on the left', this.canWrite ? ', or open a new one.' : '.'),
      ),
    );
  }

  private dropForm(): void {
    this.form?.destroy();
    this.form = undefined;
  }
}
