import { caseInputSchema, type CaseDetail } from '../../../src/core/accountability/case.schema.js';
import { PERPETRATOR_KINDS } from '../../../src/core/accountability/case.schema.js';
import { QUALIFICATION_CATEGORIES, type LegalQualification } from '../../../src/core/accountability/legal-qualifications.js';
import type { EvidenceItem } from '../../../src/core/evidence/evidence.js';
import type { Incident } from '../../../src/core/incident.schema.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { categoryText } from './case-labels.js';
import { h } from '../shared/dom.js';
import { concernsTouched, errorSlot, issuesOf, placeIssues } from '../shared/field-errors.js';
import { field, select, textArea, textInput } from '../shared/form-controls.js';
import { readForm } from '../shared/form-value.js';
import { RecordPicker } from '../shared/record-picker.js';
import { evidenceLine, incidentFactsOf, incidentLine } from './linked-record-text.js';

const SCOPE = 'case';
/** How many matches a picker shows: enough to choose from, few enough to read. */
const MATCHES = 8;

export interface CaseFormOptions {
  onOpened(detail: CaseDetail): void;
  onCancel(): void;
}

/**
 * The form that opens a case: what it is about, the incidents (and evidence items) it rests on, the alleged
 * perpetrators, and the legal qualifications considered, chosen from the catalogue. The server validates; its field
 * issues are shown beside the fields.
 */
export class CaseForm {
  readonly element: HTMLFormElement;
  private readonly perpetrators = h('div', { class: 'case-perpetrator-rows', 'data-testid': 'case-perpetrator-rows' });
  private readonly qualifications = h('div', { class: 'case-qualification-choices', 'data-testid': 'case-qualifications' }, 'Loading the catalogue…');
  private readonly status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'case-form-status' });
  private readonly incidents: RecordPicker<Incident>;
  private readonly evidence: RecordPicker<EvidenceItem>;
  private count = 0;
  private submitted = false;
  private saving = false;

  constructor(
    private readonly api: ApiClient,
    private readonly options: CaseFormOptions,
  ) {
    this.incidents = new RecordPicker<Incident>({
      scope: SCOPE,
      path: 'incidentIds',
      label: 'Linked incidents',
      hint: 'Search the register by words of the title or the narrative.',
      noun: 'incident',
      testid: 'case-incidents',
      search: async (text, signal) => (await api.listIncidents({ q: text }, { limit: MATCHES }, signal)).items,
      describe: (incident) => ({ id: incident.id, title: incident.title, detail: incidentLine(incidentFactsOf(incident)) }),
    });
    this.evidence = new RecordPicker<EvidenceItem>({
      scope: SCOPE,
      path: 'evidenceIds',
      label: 'Linked evidence items',
      hint: 'Search by file name, description, source or place.',
      noun: 'evidence item',
      testid: 'case-evidence',
      search: (text, signal) => api.searchEvidence(text, MATCHES, signal),
      describe: (item) => ({ id: item.id, title: item.originalName, detail: evidenceLine(item) }),
    });
    this.element = h(
      'form',
      { class: 'case-form', 'data-testid': 'case-form', novalidate: true, onsubmit: (event: SubmitEvent) => void this.submit(event) },
      h('h2', {}, 'Open a case'),
      h('p', { class: 'hint' }, 'A case documents a violation so that those responsible can be held to account: it starts as documented, and every later step is dated and sourced.'),
      h(
        'div',
        { class: 'form-grid' },
        field(SCOPE, 'title', 'Title', textInput('text', '', { 'data-testid': 'case-title' }), { wide: true }),
        field(SCOPE, 'summary', 'Summary', textArea('text', '', { rows: 4, 'data-testid': 'case-summary' }), { wide: true }),
        this.incidents.element,
        this.evidence.element,
      ),
      h('fieldset', { class: 'form-section' }, h('legend', {}, 'Alleged perpetrators'), this.perpetrators, h('button', { type: 'button', 'data-testid': 'case-add-perpetrator', onclick: () => this.addPerpetrator() }, 'Add a person or unit')),
      h('fieldset', { class: 'form-section' }, h('legend', {}, 'Legal qualifications considered'), this.qualifications),
      h(
        'div',
        { class: 'case-form-footer' },
        this.status,
        errorSlot(SCOPE, ''),
        h('button', { type: 'button', 'data-testid': 'case-cancel', onclick: () => options.onCancel() }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'case-submit' }, 'Open the case'),
      ),
    );
    this.addPerpetrator();
    void this.loadCatalogue();
    const touch = (event: Event) => {
      const target = event.target as HTMLInputElement;
      if (!target.name || !target.dataset.kind) return;
      target.dataset.touched = 'true';
      this.validate();
    };
    this.element.addEventListener('input', touch);
    this.element.addEventListener('change', touch);
  }

  focus(): void {
    this.element.querySelector<HTMLInputElement>('[data-testid="case-title"]')?.focus();
  }

  destroy(): void {
    this.incidents.destroy();
    this.evidence.destroy();
    this.element.remove();
  }

  private addPerpetrator(): void {
    const i = this.count++;
    const kinds = PERPETRATOR_KINDS.map((k) => ({ value: k, label: k === 'person' ? 'Person' : 'Unit' }));
    this.perpetrators.append(
      h(
        'div',
        { class: 'form-grid case-perpetrator-row', 'data-testid': 'case-perpetrator-row' },
        field(SCOPE, `perpetrators.${i}.name`, 'Name', textInput('text', '', { 'data-testid': `perpetrator-${i}-name` })),
        field(SCOPE, `perpetrators.${i}.kind`, 'Person or unit', select('text', kinds, 'person')),
        field(SCOPE, `perpetrators.${i}.affiliation`, 'Affiliation', textInput('optional', '', { 'data-testid': `perpetrator-${i}-affiliation` })),
        field(SCOPE, `perpetrators.${i}.roleOrRank`, 'Role or rank', textInput('optional', '', { 'data-testid': `perpetrator-${i}-role` })),
      ),
    );
  }

  private async loadCatalogue(): Promise<void> {
    try {
      const { items } = await this.api.legalQualifications();
      this.qualifications.replaceChildren(...QUALIFICATION_CATEGORIES.map((category) => this.group(category, items.filter((q) => q.category === category))));
    } catch (error) {
      this.qualifications.textContent = `The catalogue could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private group(category: (typeof QUALIFICATION_CATEGORIES)[number], items: LegalQualification[]): HTMLElement {
    return h(
      'div',
      { class: 'case-qualification-group' },
      h('h4', {}, categoryText(category)),
      items.map((q) => {
        const id = `${SCOPE}-qualification-${q.id}`;
        return h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id, name: 'qualificationRefs', value: q.id, 'data-kind': 'multi', 'data-testid': `qualification-${q.id}` }),
          h('label', { for: id }, h('strong', {}, q.article), ' ', q.title, q.verification === 'M' ? h('span', { class: 'to-check', title: 'Written from memory of the text: to be checked' }, ' (to be checked)') : null),
        );
      }),
    );
  }

  /** The case the form describes, as the schema and the server see it. */
  private value(): Record<string, unknown> {
    const raw = readForm(this.element);
    const perpetrators = Array.isArray(raw.perpetrators) ? (raw.perpetrators as Record<string, unknown>[]).filter((p) => typeof p.name === 'string' && p.name.trim() !== '') : [];
    return {
      title: raw.title,
      summary: raw.summary,
      incidentIds: this.incidents.ids,
      evidenceIds: this.evidence.ids,
      perpetrators,
      qualifications: (Array.isArray(raw.qualificationRefs) ? (raw.qualificationRefs as string[]) : []).map((ref) => ({ ref })),
    };
  }

  /**
   * Runs the core's schema (the server's) over the form: before the first save only over what the user has touched,
   * then over everything. Each issue is shown at its field. True when the case is valid.
   */
  private validate(): boolean {
    const result = caseInputSchema.safeParse(this.value());
    const issues = result.success ? [] : issuesOf(result.error);
    const touched = [...this.element.querySelectorAll<HTMLInputElement>('[data-touched]')].map((control) => control.name);
    placeIssues(this.element, this.submitted ? issues : issues.filter((issue) => concernsTouched(issue, touched)), 'client');
    this.element.dataset.valid = String(result.success);
    return result.success;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    this.submitted = true;
    if (!this.validate()) {
      this.status.textContent = 'The case is not opened yet: see the fields marked.';
      this.element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.saving = true;
    this.status.textContent = 'Opening…';
    try {
      const detail = await this.api.openCase(this.value());
      this.status.textContent = '';
      this.options.onOpened(detail);
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error));
      placeIssues(this.element, failure.issues.length > 0 ? failure.issues : [{ path: '', message: failure.message }], 'server');
      this.status.textContent = failure.issues.length > 0 ? 'The case is not opened yet: see the fields marked.' : '';
      this.element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
    }
  }
}
