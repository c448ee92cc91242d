import type { CapabilityRecord } from '../../../src/core/capabilities/capability-api.schema.js';
import { AUTONOMOUS_FUNCTIONS, capabilitySchema, HUMAN_ROLES, LEGAL_REVIEW_CONCLUSIONS, LEGAL_REVIEW_STATUSES, TARGET_TYPES } from '../../../src/core/capabilities/capability.schema.js';
import type { EvidenceItem } from '../../../src/core/evidence/evidence.js';
import { PROGRAMME_CLASSES } from '../../../src/core/spending/rebalancing.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { evidenceLine } from '../cases/linked-record-text.js';
import { h, type Child } from '../shared/dom.js';
import { errorSlot, errorSlotId, issuesOf } from '../shared/field-errors.js';
import { checkbox, checkboxGroup, choicesOf, controlId, dateInput, field, numberInput, radioGroup, select, textArea, textInput } from '../shared/form-controls.js';
import { repeater } from '../shared/form-repeater.js';
import { readForm } from '../shared/form-value.js';
import { RecordPicker, type PickedRecord } from '../shared/record-picker.js';
import { factsList, RegisterEditor } from '../shared/register-editor.js';
import {
  AUTONOMOUS_FUNCTION_LABELS,
  HUMAN_ROLE_HELP,
  HUMAN_ROLE_LABELS,
  LEGAL_REVIEW_CONCLUSION_LABELS,
  LEGAL_REVIEW_STATUS_LABELS,
  PURPOSE_CLASS_LABELS,
  TARGET_TYPE_LABELS,
  TRI_LABELS,
  type TriState,
} from './capability-labels.js';
import { issuesUnderCapability } from './capability-record.js';

const SCOPE = 'capability';
/** How many evidence items the documentation search shows. */
const MATCHES = 8;

type Capability = CapabilityRecord['capability'];

/** The help the form gives beside its fields: what each question asks, and which text asks it. */
const HELP = {
  purpose: 'Defensive: air and missile defence, counter-drone, demining. Protective: policing, arrest, less-lethal means. Offensive: long-range strike, armour for manoeuvre. Dual-use: sensors, drones, decision support (judged by their use).',
  quantity: 'How many the force holds: the posture review adds these up by purpose. Left empty, the system is named there and not counted.',
  inService: 'The first year it is held. Without service years, the posture review counts it in every year.',
  isWeapon: 'A weapon applies force (it needs a legal review); a sensor, a vehicle or an ambulance does not.',
  targetTypes: 'What it applies force to. A system that is not a weapon applies force to nothing.',
  autonomousFunctions: 'Tick what it does without a person. A system that selects and engages targets by itself is an autonomous weapon (the ICRC’s and DoD Directive 3000.09’s definition).',
  predictable: 'Can its effects be sufficiently understood, predicted and explained? The ICRC asks that unpredictable autonomous weapons be ruled out.',
  humanCanDeactivateInTime: 'Can a person intervene and deactivate it in time, before it applies force no one intended?',
  parametersSetBy: 'Who sets its target profiles, area and duration, and how. NATO’s principles ask that this be traceable.',
  dutyHolder: 'The person or post responsible and accountable for its use. The UK MOD’s Responsibility principle (implemented by JSP 936) asks for one for every AI-enabled system.',
  limits:
    'Where an autonomous weapon is not ruled out, the ICRC (2021) asks for limits: on the types of target (such as objects that are military objectives by nature), on the duration, geographical scope and scale of use, and on the situations of use (such as where no civilians are present). State each limit in words.',
  legalReview: 'Additional Protocol I, Art. 36: a new weapon, means or method of warfare is reviewed for whether its use would be prohibited in some or all circumstances. Human security uses no weapon before that review is completed.',
  seniorReview: 'DoD Directive 3000.09: senior officials review an autonomous weapon before formal development and again before fielding (or the force’s equivalent of these reviews).',
  treaties: 'The treaties that constrain it, by name (CCW Protocol II, the Ottawa Convention, the Arms Trade Treaty…).',
  documentation: 'The evidence item holding its documentation (a manual, a review report). NATO’s principles ask that it be on record.',
} as const;

const TRI_CHOICES = choicesOf(['yes', 'no', 'unknown'] as const, (t) => TRI_LABELS[t]);

/** A control group (radio buttons, checkboxes) with a hint its fieldset is described by. */
function withHint(group: HTMLFieldSetElement, path: string, hint: string): HTMLFieldSetElement {
  const id = `${controlId(SCOPE, path)}-hint`;
  const slot = group.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
  group.insertBefore(h('small', { class: 'hint', id }, hint), slot);
  group.setAttribute('aria-describedby', `${id} ${group.getAttribute('aria-describedby') ?? ''}`.trim());
  return group;
}

const tri = (path: string, legend: string, value: TriState, hint: string) => withHint(radioGroup(SCOPE, path, legend, TRI_CHOICES, value, { class: 'radio-group tri-state', 'data-testid': `capability-${path}` }), path, hint);

const section = (legend: string, testid: string, ...children: Child[]) => h('fieldset', { class: 'form-section', 'data-testid': testid }, h('legend', {}, legend), ...children);

export interface CapabilityFormOptions {
  canWrite: boolean;
  /** The reader may search evidence (evidence:read): the documentation is chosen with a picker, and shown by its name. */
  canReadEvidence: boolean;
  onSaved(record: CapabilityRecord): void;
  onClose(): void;
  /** The stored version was loaded again after a stale edit. */
  onReloaded(record: CapabilityRecord): void;
}

/**
 * One system of the capability register, in the shared register editor: every field of the record with plain labels
 * and the help each question needs, the autonomous functions as checkboxes, the three-way facts as yes / no / unknown,
 * the legal and senior reviews, the treaties as a list and the documentation chosen from the evidence. The core's
 * schema checks the form as the server will; a save names the version it was read at (a stale one offers the latest).
 * Read-only, as facts, for those who may not write.
 */
export class CapabilityForm {
  readonly element: HTMLElement;
  private readonly editor: RegisterEditor<CapabilityRecord>;
  private picker: RecordPicker<EvidenceItem> | undefined;
  /** Evidence items as the documentation shows them, by id: those met in searches and those read for a record. */
  private readonly documents = new Map<string, PickedRecord>();

  constructor(
    private readonly api: ApiClient,
    private readonly options: CapabilityFormOptions,
  ) {
    this.editor = new RegisterEditor<CapabilityRecord>({
      what: SCOPE,
      back: '← Close',
      newTitle: 'New system',
      createLabel: 'Add to the register',
      canWrite: options.canWrite,
      idOf: (record) => record.id,
      versionOf: (record) => record.version,
      nameOf: (record) => record.capability.name,
      facts: (record) => this.facts(record.capability, record.version),
      fields: (record) => this.fields(record?.capability),
      firstField: 'name',
      read: (form) => {
        const value = readForm(form);
        value.treaties ??= [];
        const documentation = this.picker ? this.picker.ids[0] : undefined;
        if (documentation !== undefined) value.documentationEvidenceId = documentation;
        const result = capabilitySchema.safeParse(value);
        return { value, issues: result.success ? [] : issuesOf(result.error) };
      },
      save: async (value, record) => {
        // Only a value the schema found nothing wrong with is saved (read's issues stop it first).
        const capability = capabilitySchema.parse(value);
        if (!record) return api.createCapability(capability);
        try {
          return await api.updateCapability(record.id, { version: record.version, capability });
        } catch (error) {
          throw error instanceof ApiError ? new ApiError(error.status, error.code, error.message, issuesUnderCapability(error.issues), error.requestId) : error;
        }
      },
      get: async (id) => {
        const record = await api.getCapability(id);
        await this.prepare(record);
        options.onReloaded(record);
        return record;
      },
      onSaved: (record) => options.onSaved(record),
      onClose: () => options.onClose(),
    });
    this.element = this.editor.element;
  }

  /** The record open (its id), if any. */
  get openId(): string | undefined {
    return this.editor.openId;
  }

  /** The form while one is open (for the findings' links to its fields). */
  get form(): HTMLFormElement | undefined {
    return this.editor.form;
  }

  get status(): HTMLElement {
    return this.editor.status;
  }

  /** A system of the register (its documentation `prepare`d first, or shown by its id), or a new one. */
  open(record: CapabilityRecord | undefined): void {
    this.editor.open(record);
  }

  close(notify = true): void {
    this.picker?.destroy();
    this.picker = undefined;
    this.editor.close(notify);
  }

  destroy(): void {
    this.picker?.destroy();
  }

  /** Takes the user to the field a finding rests on. */
  focusField(path: string): void {
    const form = this.editor.form;
    if (!form) return;
    const escaped = CSS.escape(path);
    const controls = [...form.querySelectorAll<HTMLElement>(`[name="${escaped}"], [name^="${escaped}."]`)].filter((c) => !(c instanceof HTMLInputElement && c.type === 'hidden') && c.offsetParent !== null);
    const target = controls.find((c) => c instanceof HTMLInputElement && c.type === 'radio' && c.checked) ?? controls[0] ?? form.querySelector<HTMLElement>(`[data-testid="capability-documentation-remove"]`);
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
  }

  /** Looks up the documentation's evidence item, to show it by its name when the reader may read evidence. */
  async prepare(record: CapabilityRecord): Promise<void> {
    const id = record.capability.documentationEvidenceId;
    if (id === undefined || this.documents.has(id) || !this.options.canReadEvidence) return;
    try {
      this.documents.set(id, this.describe(await this.api.getEvidence(id)));
    } catch {
      // Restricted or gone: the link is kept, and said to be unreadable.
      this.documents.set(id, { id, title: `Evidence item ${id}`, detail: 'not readable by you, or no longer held' });
    }
  }

  private describe(item: EvidenceItem): PickedRecord {
    const picked = { id: item.id, title: item.originalName, detail: evidenceLine(item) };
    this.documents.set(item.id, picked);
    return picked;
  }

  private documentationText(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    const known = this.documents.get(id);
    return known ? `${known.title}${known.detail ? ` — ${known.detail}` : ''}` : `Evidence item ${id}`;
  }

  private facts(c: Capability, version: number): HTMLElement {
    const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
    const limits = (['duration', 'area', 'scale', 'environment', 'targetTypes'] as const).filter((limit) => c.limits[limit]);
    const LIMIT_WORDS = { duration: 'Duration', area: 'Area', scale: 'Scale', environment: 'Situations of use', targetTypes: 'Target types' };
    const review = c.legalReview;
    return factsList('capability-facts', [
      ['Designation', c.designation],
      ['Purpose', PURPOSE_CLASS_LABELS[c.purpose]],
      ['Description', c.description],
      ['A weapon', yesNo(c.isWeapon)],
      ['Held', c.quantity === undefined ? undefined : String(c.quantity)],
      ['In service', c.inService && (c.inService.from !== undefined || c.inService.to !== undefined) ? `${c.inService.from ?? 'before records'}–${c.inService.to ?? 'now'}` : 'Years not given (counted in every year)'],
      ['Applies force to', TARGET_TYPE_LABELS[c.targetTypes]],
      ['Who decides', HUMAN_ROLE_LABELS[c.autonomy.humanRole]],
      ['Done without a person', c.autonomy.autonomousFunctions.length === 0 ? 'Nothing' : c.autonomy.autonomousFunctions.map((f) => AUTONOMOUS_FUNCTION_LABELS[f]).join(', ')],
      ['Predictable', TRI_LABELS[c.autonomy.predictable]],
      ['Can be deactivated in time', TRI_LABELS[c.autonomy.humanCanDeactivateInTime]],
      ['Who sets its parameters', c.autonomy.parametersSetBy],
      ['Responsible for its use', c.dutyHolder],
      ['Limits on its use', limits.length === 0 ? 'None stated' : h('ul', {}, limits.map((limit) => h('li', {}, `${LIMIT_WORDS[limit]}: ${c.limits[limit]}`)))],
      [
        'Legal review (AP I Art. 36)',
        [
          LEGAL_REVIEW_STATUS_LABELS[review.status],
          review.conclusion ? `: ${LEGAL_REVIEW_CONCLUSION_LABELS[review.conclusion].toLowerCase()}` : '',
          review.date ? `, ${review.date}` : '',
          review.reviewer ? `, by ${review.reviewer}` : '',
          review.restrictions ? `. Restrictions: ${review.restrictions}` : '',
        ].join(''),
      ],
      ['Senior review (DoD 3000.09)', `before development: ${TRI_LABELS[c.seniorReview.beforeDevelopment].toLowerCase()}; before fielding: ${TRI_LABELS[c.seniorReview.beforeFielding].toLowerCase()}`],
      ['Treaties', c.treaties.length === 0 ? undefined : h('ul', {}, c.treaties.map((t) => h('li', {}, t)))],
      ['Documentation', this.documentationText(c.documentationEvidenceId)],
      ['Version', String(version)],
    ]);
  }

  private fields(c: Capability | undefined): Child[] {
    const purpose = select('text', choicesOf(PROGRAMME_CLASSES, (p) => PURPOSE_CLASS_LABELS[p]), c?.purpose, 'Choose the purpose…');
    purpose.setAttribute('data-testid', 'capability-purpose');
    const status = select('text', choicesOf(LEGAL_REVIEW_STATUSES, (s) => LEGAL_REVIEW_STATUS_LABELS[s]), c?.legalReview.status ?? 'not_started');
    status.setAttribute('data-testid', 'capability-legal-status');
    const conclusion = select('optional', choicesOf(LEGAL_REVIEW_CONCLUSIONS, (s) => LEGAL_REVIEW_CONCLUSION_LABELS[s]), c?.legalReview.conclusion, 'Not concluded');
    conclusion.setAttribute('data-testid', 'capability-legal-conclusion');
    const limit = (name: 'duration' | 'area' | 'scale' | 'environment' | 'targetTypes', label: string, hint: string) =>
      field(SCOPE, `limits.${name}`, label, textArea('optional', c?.limits[name], { rows: 2, 'data-testid': `capability-limit-${name}` }), { hint, wide: true });
    const isWeaponHint = `${controlId(SCOPE, 'isWeapon')}-hint`;
    const isWeapon = h(
      'div',
      { class: 'capability-check' },
      checkbox(SCOPE, 'isWeapon', 'It is a weapon: it applies force', c?.isWeapon ?? true, { 'data-testid': 'capability-is-weapon', 'aria-describedby': `${isWeaponHint} ${errorSlotId(SCOPE, 'isWeapon')}` }),
      h('small', { class: 'hint', id: isWeaponHint }, HELP.isWeapon),
    );
    return [
      section(
        'The system',
        'capability-section-system',
        h(
          'div',
          { class: 'form-grid' },
          field(SCOPE, 'name', 'Name', textInput('text', c?.name, { 'data-testid': 'capability-name' }), { wide: true }),
          field(SCOPE, 'designation', 'Designation', textInput('optional', c?.designation, { 'data-testid': 'capability-designation' }), { hint: 'The maker’s or the force’s, if any.' }),
          field(SCOPE, 'quantity', 'Number held', numberInput(c?.quantity, { min: 0, step: 1, inputmode: 'numeric', 'data-testid': 'capability-quantity' }), { hint: HELP.quantity }),
          field(SCOPE, 'inService.from', 'In service from (year)', numberInput(c?.inService?.from, { min: 1900, max: 2200, step: 1, inputmode: 'numeric', 'data-testid': 'capability-in-service-from' }), { hint: HELP.inService }),
          field(SCOPE, 'inService.to', 'In service until (year)', numberInput(c?.inService?.to, { min: 1900, max: 2200, step: 1, inputmode: 'numeric', 'data-testid': 'capability-in-service-to' }), { hint: 'The last year it is held; empty while it is still held.' }),
          field(SCOPE, 'purpose', 'Purpose', purpose, { hint: HELP.purpose, wide: true }),
          field(SCOPE, 'description', 'Description', textArea('optional', c?.description, { rows: 2, 'data-testid': 'capability-description' }), { wide: true }),
        ),
        isWeapon,
        withHint(radioGroup(SCOPE, 'targetTypes', 'Applies force to', choicesOf(TARGET_TYPES, (t) => TARGET_TYPE_LABELS[t]), c?.targetTypes ?? '', { class: 'radio-group capability-stacked', 'data-testid': 'capability-targetTypes' }), 'targetTypes', HELP.targetTypes),
      ),
      section(
        'Autonomy and human control',
        'capability-section-autonomy',
        withHint(radioGroup(SCOPE, 'autonomy.humanRole', 'Who decides', choicesOf(HUMAN_ROLES, (r) => HUMAN_ROLE_LABELS[r]), c?.autonomy.humanRole ?? '', { class: 'radio-group capability-stacked', 'data-testid': 'capability-autonomy.humanRole' }), 'autonomy.humanRole', HUMAN_ROLE_HELP),
        withHint(checkboxGroup(SCOPE, 'autonomy.autonomousFunctions', 'Done without a person', choicesOf(AUTONOMOUS_FUNCTIONS, (f) => AUTONOMOUS_FUNCTION_LABELS[f]), c?.autonomy.autonomousFunctions ?? [], { class: 'check-group capability-functions', 'data-testid': 'capability-autonomy.autonomousFunctions' }), 'autonomy.autonomousFunctions', HELP.autonomousFunctions),
        tri('autonomy.predictable', 'Are its effects predictable?', c?.autonomy.predictable ?? 'unknown', HELP.predictable),
        tri('autonomy.humanCanDeactivateInTime', 'Can a person deactivate it in time?', c?.autonomy.humanCanDeactivateInTime ?? 'unknown', HELP.humanCanDeactivateInTime),
        field(SCOPE, 'autonomy.parametersSetBy', 'Who sets its parameters, and how', textArea('optional', c?.autonomy.parametersSetBy, { rows: 2, 'data-testid': 'capability-parameters' }), { hint: HELP.parametersSetBy, wide: true }),
        field(SCOPE, 'dutyHolder', 'Responsible for its use (duty holder)', textInput('optional', c?.dutyHolder, { 'data-testid': 'capability-duty-holder' }), { hint: HELP.dutyHolder, wide: true }),
      ),
      section(
        'Limits on its use',
        'capability-section-limits',
        h('p', { class: 'hint' }, HELP.limits),
        h(
          'div',
          { class: 'form-grid' },
          limit('duration', 'Duration', 'How long it may operate once activated.'),
          limit('area', 'Area', 'The geographical scope it may operate in.'),
          limit('scale', 'Scale', 'How many at once, how many engagements.'),
          limit('environment', 'Situations of use', 'Where and when: away from civilians, at sea, in the air.'),
          limit('targetTypes', 'Target types', 'Which targets it may engage (such as incoming munitions only).'),
        ),
        errorSlot(SCOPE, 'limits'),
      ),
      section(
        'Legal review (Additional Protocol I, Art. 36)',
        'capability-section-legal',
        h('p', { class: 'hint' }, HELP.legalReview),
        h(
          'div',
          { class: 'form-grid' },
          field(SCOPE, 'legalReview.status', 'Status', status),
          field(SCOPE, 'legalReview.date', 'Date', dateInput('optional', c?.legalReview.date, { 'data-testid': 'capability-legal-date' })),
          field(SCOPE, 'legalReview.reviewer', 'Reviewer', textInput('optional', c?.legalReview.reviewer, { 'data-testid': 'capability-legal-reviewer' })),
          field(SCOPE, 'legalReview.conclusion', 'Conclusion', conclusion, { hint: 'A completed review has one.' }),
          field(SCOPE, 'legalReview.restrictions', 'Restrictions it sets', textArea('optional', c?.legalReview.restrictions, { rows: 2, 'data-testid': 'capability-legal-restrictions' }), { wide: true }),
        ),
      ),
      section(
        'Senior reviews (DoD Directive 3000.09)',
        'capability-section-senior',
        h('p', { class: 'hint' }, HELP.seniorReview),
        h(
          'div',
          { class: 'capability-tri-row' },
          tri('seniorReview.beforeDevelopment', 'Before formal development?', c?.seniorReview.beforeDevelopment ?? 'unknown', 'Reviewed by senior officials before development began.'),
          tri('seniorReview.beforeFielding', 'Before fielding?', c?.seniorReview.beforeFielding ?? 'unknown', 'Reviewed again before it was put into use.'),
        ),
      ),
      section(
        'Treaties and documentation',
        'capability-section-treaties',
        h('p', { class: 'hint' }, HELP.treaties),
        repeater<string>({
          scope: SCOPE,
          path: 'treaties',
          legend: 'Treaties that constrain it',
          noun: 'Treaty',
          items: c?.treaties ?? [],
          testid: 'capability-treaties',
          onChange: () => undefined,
          renderRow: (rowPath, treaty) => {
            // The row's own error slot (the repeater's) is the input's: a treaty is the row's whole value.
            const input = textInput('text', treaty, { 'data-testid': 'capability-treaty' });
            input.id = controlId(SCOPE, rowPath);
            input.name = rowPath;
            input.setAttribute('aria-describedby', errorSlotId(SCOPE, rowPath));
            return [h('div', { class: 'field wide' }, h('label', { for: input.id }, 'Name of the treaty'), input)];
          },
        }),
        this.documentationField(c?.documentationEvidenceId),
      ),
    ];
  }

  /** The documentation: chosen from the evidence by those who may read it; kept as it is for the others. */
  private documentationField(id: string | undefined): HTMLElement {
    this.picker?.destroy();
    this.picker = undefined;
    if (!this.options.canReadEvidence) {
      return h(
        'div',
        { class: 'field wide capability-documentation-readonly', 'data-testid': 'capability-documentation' },
        h('span', { class: 'hint' }, h('strong', {}, 'Documentation')),
        h('p', {}, id === undefined ? 'None linked.' : `Evidence item ${id}.`),
        h('small', { class: 'hint' }, 'Your role may not read evidence: the documentation is kept as it is; an analyst or an investigator can link another item.'),
        id === undefined ? null : h('input', { type: 'hidden', name: 'documentationEvidenceId', value: id, 'data-kind': 'optional' }),
        errorSlot(SCOPE, 'documentationEvidenceId'),
      );
    }
    const known = id === undefined ? undefined : (this.documents.get(id) ?? { id, title: `Evidence item ${id}`, detail: '' });
    this.picker = new RecordPicker<EvidenceItem>({
      scope: SCOPE,
      path: 'documentationEvidenceId',
      label: 'Documentation (an evidence item)',
      hint: `${HELP.documentation} Search by file name, description, source or place.`,
      noun: 'evidence item',
      testid: 'capability-documentation',
      max: 1,
      search: (text, signal) => this.api.searchEvidence(text, MATCHES, signal),
      describe: (item) => this.describe(item),
      picked: known ? [known] : [],
    });
    return this.picker.element;
  }
}
