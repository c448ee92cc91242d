import type { CaseDetail } from '../../../src/core/accountability/case.schema.js';
import { PERPETRATOR_KINDS } from '../../../src/core/accountability/case.schema.js';
import { QUALIFICATION_CATEGORIES, type LegalQualification } from '../../../src/core/accountability/legal-qualifications.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { categoryText } from './case-labels.js';
import { h } from '../shared/dom.js';
import { placeIssues } from '../shared/field-errors.js';
import { field, select, textArea, textInput } from '../shared/form-controls.js';
import { readForm } from '../shared/form-value.js';

const SCOPE = 'case';

/** Ids typed one per line or separated by commas or spaces. */
const idsOf = (value: unknown): string[] => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : []);

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
  private count = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly options: CaseFormOptions,
    prefill: { incidentId?: string | undefined } = {},
  ) {
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
        field(SCOPE, 'incidentIds', 'Linked incidents', textArea('optional', prefill.incidentId ?? '', { rows: 2, 'data-testid': 'case-incident-ids' }), { wide: true, hint: 'Incident ids, one per line.' }),
        field(SCOPE, 'evidenceIds', 'Linked evidence items', textArea('optional', '', { rows: 2, 'data-testid': 'case-evidence-ids' }), { wide: true, hint: 'Evidence item ids, one per line.' }),
      ),
      h('fieldset', { class: 'form-section' }, h('legend', {}, 'Alleged perpetrators'), this.perpetrators, h('button', { type: 'button', 'data-testid': 'case-add-perpetrator', onclick: () => this.addPerpetrator() }, 'Add a person or unit')),
      h('fieldset', { class: 'form-section' }, h('legend', {}, 'Legal qualifications considered'), this.qualifications),
      h(
        'div',
        { class: 'case-form-footer' },
        this.status,
        h('button', { type: 'button', 'data-testid': 'case-cancel', onclick: () => options.onCancel() }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'case-submit' }, 'Open the case'),
      ),
    );
    this.addPerpetrator();
    void this.loadCatalogue();
  }

  focus(): void {
    this.element.querySelector<HTMLInputElement>('[data-testid="case-title"]')?.focus();
  }

  destroy(): void {
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

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const raw = readForm(this.element);
    const perpetrators = Array.isArray(raw.perpetrators) ? (raw.perpetrators as Record<string, unknown>[]).filter((p) => typeof p.name === 'string' && p.name.trim() !== '') : [];
    const input = {
      title: raw.title,
      summary: raw.summary,
      incidentIds: idsOf(raw.incidentIds),
      evidenceIds: idsOf(raw.evidenceIds),
      perpetrators,
      qualifications: (Array.isArray(raw.qualificationRefs) ? (raw.qualificationRefs as string[]) : []).map((ref) => ({ ref })),
    };
    this.status.textContent = 'Opening…';
    try {
      const detail = await this.api.openCase(input);
      this.status.textContent = '';
      this.options.onOpened(detail);
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      placeIssues(this.element, issues, 'server');
      this.status.textContent = error instanceof Error ? error.message : String(error);
    }
  }
}
