import { hasPermission, type Role } from '../../../src/core/access-control.js';
import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, mount } from '../shared/dom.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';
import { restrictionSection } from '../shared/restriction-section.js';
import type { ViewStateStore } from '../view-state.js';
import { capabilityAssessmentView } from './capability-assessment-view.js';
import { CapabilityForm } from './capability-form.js';
import { capabilityList } from './capability-list.js';
import { PostureBalancePanel } from './posture-balance-panel.js';
import { NEW_CAPABILITY } from './posture-filter.js';
import './capabilities.css';

export interface CapabilityRegisterOptions {
  role: Role;
  state: ViewStateStore;
}

/**
 * The capability register, the Posture area's second section: the systems on the left, each with its human-security
 * verdict and filtered by purpose and verdict; on the right the open system — its form, or its facts for those who
 * may not write — and beside it its assessment, made again on every save. The open system is in the link
 * (`?view=posture&section=capabilities&capability=<id>`, or `capability=new` for the form of a new one).
 */
export class CapabilityRegister {
  readonly element: HTMLElement;
  private readonly canWrite: boolean;
  private readonly list: ReturnType<typeof capabilityList>;
  private readonly form: CapabilityForm;
  private readonly message = h('p', { class: 'form-status capability-message', role: 'status', 'data-testid': 'capability-message' });
  private readonly body = h('div', { class: 'capability-body' });
  private readonly main: HTMLElement;
  private readonly assessment = h('aside', { class: 'capability-assessment-slot', 'data-testid': 'capability-assessment-slot', 'aria-label': 'Assessment' });
  private readonly recordLoad: Loadable<[string]>;
  /** The posture review, shown under the register's introduction when no system is open. */
  private readonly balance: PostureBalancePanel;

  constructor(
    private readonly api: ApiClient,
    private readonly options: CapabilityRegisterOptions,
  ) {
    const { role } = options;
    this.canWrite = hasPermission(role, 'posture:write');
    this.list = capabilityList(api, (id) => this.go(id, 'push'), this.canWrite);
    this.balance = new PostureBalancePanel(api);
    this.form = new CapabilityForm(api, {
      canWrite: this.canWrite,
      canReadEvidence: hasPermission(role, 'evidence:read'),
      onSaved: (record) => this.saved(record),
      onClose: () => this.go(undefined, 'replace'),
      onReloaded: (record) => this.showAssessment(record),
    });
    this.main = h('main', { class: 'capability-main', 'data-testid': 'capability-record', 'aria-label': 'System' }, this.message, this.body);
    this.recordLoad = loadable(
      this.main,
      async (signal, id: string) => {
        const record = await api.getCapability(id, signal);
        await this.form.prepare(record);
        return record;
      },
      (record) => this.showRecord(record),
      {
        failed: (error) => {
          this.form.close(false);
          mount(this.body, h('p', { class: 'capability-intro', role: 'alert', 'data-testid': 'capability-load-error' }, `The system could not be loaded: ${errorMessage(error)}`));
        },
      },
    );
    this.element = h(
      'div',
      { class: 'capability-register', 'data-testid': 'capability-register', 'data-can-write': String(this.canWrite) },
      h(
        'aside',
        { class: 'capability-sidebar', 'aria-label': 'Systems of the register' },
        this.canWrite ? h('div', { class: 'sidebar-actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'new-capability', onclick: () => this.go(NEW_CAPABILITY, 'push') }, 'New system')) : null,
        this.list.element,
      ),
      this.main,
    );
  }

  /** The system named in the link: opened, or the form of a new one, or a word on what the register is for. */
  show(id: string | undefined): void {
    this.list.select(id === NEW_CAPABILITY ? undefined : id);
    if (id === undefined || (id === NEW_CAPABILITY && !this.canWrite)) {
      this.recordLoad.abort();
      this.form.close(false);
      this.main.dataset.state = 'empty';
      mount(this.body, this.intro(), this.balance.element);
      void this.balance.load();
      return;
    }
    if (id === NEW_CAPABILITY) {
      this.recordLoad.abort();
      this.say(undefined);
      this.main.dataset.state = 'new';
      mount(this.assessment, h('p', { class: 'capability-intro', 'data-testid': 'capability-assessment-pending' }, 'The assessment is made when the system is saved: against the ICRC’s recommendations (2021), DoD Directive 3000.09, Additional Protocol I Art. 36, NATO’s principles and human-security rules.'));
      // In the page first, so that the form's first field can take the focus.
      mount(this.body, this.layout());
      this.form.open(undefined);
      return;
    }
    // Already open (just saved, or the link written back): nothing to load.
    if (this.form.openId === id) return;
    this.say(undefined);
    void this.recordLoad.load(id);
  }

  /** Shown again after another area or section: the list catches up with what others changed. */
  reshow(id: string | undefined): void {
    this.list.reload();
    this.show(id);
  }

  hide(): void {
    this.recordLoad.abort();
    this.balance.abort();
  }

  destroy(): void {
    this.recordLoad.abort();
    this.balance.abort();
    this.list.destroy();
    this.form.destroy();
    this.element.remove();
  }

  private go(id: string | undefined, how: 'push' | 'replace'): void {
    const { state } = this.options;
    state.setPosture({ ...state.current.posture, section: 'capabilities', capability: id }, how);
  }

  private showRecord(record: CapabilityRecord): void {
    this.showAssessment(record);
    // Who may see it: a classified system can be restricted to named users and groups, as incidents are.
    mount(this.body, this.layout(), restrictionSection(this.api, { collection: 'capabilities', id: record.id, noun: 'system', readers: 'read the capability register' }, this.canWrite));
    this.form.open(record);
  }

  private showAssessment(record: CapabilityRecord): void {
    mount(this.assessment, capabilityAssessmentView(record, { version: record.version, onFact: this.canWrite ? (path) => this.form.focusField(path) : undefined }));
  }

  private layout(): HTMLElement {
    return h('div', { class: 'capability-record' }, this.form.element, this.assessment);
  }

  private saved(record: CapabilityRecord): void {
    this.list.reload();
    this.list.select(record.id);
    this.main.dataset.state = 'ready';
    this.showRecord(record);
    this.say(`Saved “${record.capability.name}” (version ${record.version}): the assessment beside the form is of this version.`);
    // A new system gets its own link; the form stays open on it.
    if (this.options.state.current.posture.capability !== record.id) this.go(record.id, 'replace');
  }

  private say(text: string | undefined): void {
    this.message.textContent = text ?? '';
  }

  private intro(): HTMLElement {
    return h(
      'section',
      { class: 'capability-intro', 'data-testid': 'capability-intro' },
      h('h2', {}, 'The capability register'),
      h(
        'p',
        {},
        'One record per system: what it is for, what it does without a person, against what, within which limits, and whether its legal review is done. Each is assessed against the ICRC’s recommendations on autonomous weapons (2021), DoD Directive 3000.09, Additional Protocol I Art. 36, NATO’s Principles of Responsible Use and human-security rules, every finding citing its source. A system that would select and engage persons without a human decision, or that lacks a completed legal review, cannot be permitted under human security.',
      ),
      h('p', { class: 'hint' }, 'Choose a system on the left', this.canWrite ? ', or add one with “New system”.' : '.'),
    );
  }
}
