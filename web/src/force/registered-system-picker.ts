import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import { registeredSystemOf, registerMeans, type RegisterMeans } from '../../../src/core/use-of-force/registered-system.js';
import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { errorSlot, errorSlotId } from '../shared/field-errors.js';
import { controlId } from '../shared/form-controls.js';
import { loadable } from '../shared/loadable.js';
import { postureToParams } from '../posture/posture-filter.js';
import { HUMAN_ROLE_LABELS, legalReviewText, TARGET_TYPE_LABELS, VERDICT_LABELS } from '../posture/capability-labels.js';
import { MEANS_FIELDS } from './force-labels.js';

const PATH = 'means.capabilityId';

/**
 * The system a request names from the capability register. Choosing one fills the request's autonomy and legal-review
 * facts with the register's and locks them (a locked control is not sent: the server reads the register itself, and
 * the assessment shows the system it read); choosing none unlocks them for a means that is not in the register.
 */
export class RegisteredSystemPicker {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly summary = h('div', { class: 'registered-system-summary', 'data-testid': 'force-system-summary', 'aria-live': 'polite', hidden: true });
  private readonly records = new Map<string, CapabilityRecord>();
  private readonly loader;

  constructor(
    private readonly api: ApiClient,
    /** The fieldset of the facts the register decides. */
    private readonly facts: HTMLFieldSetElement,
    private readonly scope: string,
  ) {
    const id = controlId(scope, PATH);
    this.select = h('select', { id, name: PATH, 'data-kind': 'optional', 'data-testid': 'force-system', 'aria-describedby': `${id}-hint ${errorSlotId(scope, PATH)}` });
    this.select.append(h('option', { value: '' }, 'Loading the register…'));
    // Before the form's own listener (which checks the form again): this runs at the target, the form's as it bubbles.
    this.select.addEventListener('change', () => this.apply(this.select.value));
    this.element = h(
      'div',
      { class: 'field wide registered-system', 'data-testid': 'force-system-field' },
      h('label', { for: id }, MEANS_FIELDS.capabilityId),
      this.select,
      h('small', { class: 'hint', id: `${id}-hint` }, "A system from the force's capability register: its autonomy, targets and legal review are then read from the register."),
      errorSlot(scope, PATH),
      this.summary,
    );
    this.loader = loadable(
      this.element,
      async (signal) => (await this.api.listCapabilities(signal)).items,
      (items) => this.fill(items),
      { failed: () => this.fill([], 'The register could not be read: enter the facts below') },
    );
  }

  load(): void {
    void this.loader.load();
  }

  abort(): void {
    this.loader.abort();
  }

  private fill(items: readonly CapabilityRecord[], failure?: string): void {
    const chosen = this.select.value;
    this.records.clear();
    for (const record of items) this.records.set(record.id, record);
    const none = failure ?? (items.length === 0 ? 'The register holds no systems: enter the facts below' : 'None: a means not in the register (enter its facts below)');
    this.select.replaceChildren(
      h('option', { value: '' }, none),
      ...[...items]
        .sort((a, b) => a.capability.name.localeCompare(b.capability.name))
        .map((record) =>
          h(
            'option',
            { value: record.id },
            `${record.capability.name}${record.capability.designation ? ` (${record.capability.designation})` : ''} — ${VERDICT_LABELS[record.assessment.humanSecurity].toLowerCase()}`,
          ),
        ),
    );
    this.select.value = this.records.has(chosen) ? chosen : '';
  }

  private apply(id: string): void {
    const record = this.records.get(id);
    this.facts.disabled = record !== undefined;
    this.facts.dataset.fromRegister = String(record !== undefined);
    if (!record) {
      this.summary.hidden = true;
      this.summary.replaceChildren();
      return;
    }
    const means = registerMeans(registeredSystemOf(record));
    this.setFacts(means);
    const c = record.capability;
    const link = `?${new URLSearchParams([['view', 'posture'], ...postureToParams({ section: 'capabilities', capability: record.id })])}`;
    this.summary.hidden = false;
    this.summary.replaceChildren(
      h('p', {}, h('strong', {}, `From the register, version ${record.version}: `), 'the facts below are read from it and cannot be changed here.'),
      h(
        'ul',
        {},
        h('li', {}, HUMAN_ROLE_LABELS[c.autonomy.humanRole]),
        h('li', {}, c.isWeapon ? `Applies force to ${TARGET_TYPE_LABELS[c.targetTypes].toLowerCase()}` : 'Not a weapon'),
        h('li', {}, `Legal review: ${legalReviewText(c.legalReview).toLowerCase()}`),
        h('li', {}, `The register's verdict under human security: ${VERDICT_LABELS[record.assessment.humanSecurity].toLowerCase()}`),
      ),
      h('a', { href: link, target: '_blank', rel: 'noopener' }, 'Open its record in the register'),
    );
  }

  /** Shows the register's values in the locked controls, so the form reads as the engine will. */
  private setFacts(means: RegisterMeans): void {
    const set = (path: string, value: string) => {
      for (const control of this.facts.querySelectorAll<HTMLInputElement | HTMLSelectElement>(`[name="${path}"]`)) {
        if (control instanceof HTMLInputElement && control.type === 'radio') control.checked = control.value === value;
        else control.value = value;
      }
    };
    set('means.autonomy.level', means.autonomy.level);
    set('means.autonomy.targetsPeople', means.autonomy.targetsPeople);
    set('means.autonomy.predictable', means.autonomy.predictable);
    set('means.autonomy.humanCanIntervene', means.autonomy.humanCanIntervene);
    set('means.legalReview', means.legalReview);
  }
}
