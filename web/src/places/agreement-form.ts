import { agreementInputSchema, agreementUpdateSchema, type Agreement, type Commitment } from '../../../src/core/places/agreement.schema.js';
import type { ZoneFeature } from '../../../src/core/places/zone.schema.js';
import type { ApiClient } from '../shared/api-client.js';
import { h, type Child } from '../shared/dom.js';
import { errorSlot, issuesOf } from '../shared/field-errors.js';
import { controlId, dateInput, field, numberInput, select, textArea, textInput } from '../shared/form-controls.js';
import { repeater } from '../shared/form-repeater.js';
import { readForm } from '../shared/form-value.js';
import { linesOf, sourceFields, sourceText } from './place-form.js';
import { factsList, RegisterEditor } from '../shared/register-editor.js';
import { asApiError } from '../shared/register-save.js';
import { AGREEMENT_KIND_CHOICES, AGREEMENT_KIND_LABELS, COMMITMENT_CHOICES, COMMITMENT_LABELS, ZONE_COLORS, ZONE_KIND_LABELS, colourMark, validityText } from './place-labels.js';

const SCOPE = 'agreement';

export interface AgreementFormOptions {
  canWrite: boolean;
  /** The zones an agreement may apply in (the whole register). */
  zones(): Promise<readonly ZoneFeature[]>;
  onSaved(agreement: Agreement): void;
  onClose(): void;
}

function commitmentText(c: Commitment): string {
  return `${COMMITMENT_LABELS[c.code]}: ${c.description}${c.distanceKm !== undefined ? ` (${c.distanceKm} km)` : ''}`;
}

/**
 * One ceasefire or local agreement: its parties, dates, the zones it applies in (chosen from the register) and the
 * commitments, each with its code, its words and, for a withdrawal, the distance. Read-only for those who may not write.
 */
export class AgreementForm {
  readonly element: HTMLElement;
  private readonly editor: RegisterEditor<Agreement>;

  constructor(
    private readonly api: ApiClient,
    private readonly options: AgreementFormOptions,
  ) {
    this.editor = new RegisterEditor<Agreement>({
      what: SCOPE,
      back: '← Agreements',
      newTitle: 'New agreement',
      createLabel: 'Record the agreement',
      canWrite: options.canWrite,
      idOf: (agreement) => agreement.id,
      versionOf: (agreement) => agreement.version,
      nameOf: (agreement) => agreement.name,
      facts: (agreement) => this.facts(agreement),
      fields: (agreement) => this.fields(agreement),
      firstField: 'name',
      read: (form, agreement) => {
        const value = readForm(form);
        value.parties = linesOf(value.parties);
        value.zoneIds ??= [];
        if (agreement) value.version = agreement.version;
        const result = (agreement ? agreementUpdateSchema : agreementInputSchema).safeParse(value);
        return { value, issues: result.success ? [] : issuesOf(result.error) };
      },
      save: (value, agreement) => (agreement ? this.api.updateAgreement(agreement.id, value) : this.api.createAgreement(value)),
      onSaved: (agreement) => options.onSaved(agreement),
      onClose: () => options.onClose(),
    });
    this.element = this.editor.element;
  }

  open(agreement: Agreement | undefined): void {
    this.editor.open(agreement);
  }

  close(notify = true): void {
    this.editor.close(notify);
  }

  private async facts(agreement: Agreement): Promise<HTMLElement> {
    const zones = new Map((await this.options.zones().catch(() => [])).map((z) => [z.id, z.properties.name]));
    return factsList('agreement-facts', [
      ['Kind', AGREEMENT_KIND_LABELS[agreement.kind]],
      ['Parties', agreement.parties.join(', ')],
      ['Signed', agreement.signedOn],
      ['Valid', validityText(agreement.validFrom, agreement.validTo)],
      ['Zones', agreement.zoneIds.length === 0 ? 'Everywhere the parties fight' : agreement.zoneIds.map((id) => zones.get(id) ?? id).join('; ')],
      ['Commitments', agreement.commitments.length === 0 ? undefined : h('ul', {}, agreement.commitments.map((c) => h('li', {}, commitmentText(c))))],
      ['Source', sourceText(agreement.source)],
      ['Notes', agreement.notes],
      ['Version', String(agreement.version)],
    ]);
  }

  private fields(agreement: Agreement | undefined): Child[] {
    const kind = select('text', AGREEMENT_KIND_CHOICES, agreement?.kind ?? 'ceasefire');
    kind.setAttribute('data-testid', 'agreement-kind');
    const zoneChoices = h('div', { class: 'check-options agreement-zones', 'data-testid': 'agreement-zones' }, 'Loading the zones…');
    void this.loadZones(zoneChoices, agreement?.zoneIds ?? []);
    return [
      h(
        'div',
        { class: 'form-grid' },
        field(SCOPE, 'name', 'Name', textInput('text', agreement?.name, { 'data-testid': 'agreement-name' }), { wide: true }),
        field(SCOPE, 'kind', 'Kind', kind),
        field(SCOPE, 'signedOn', 'Signed on', dateInput('optional', agreement?.signedOn, { 'data-testid': 'agreement-signed' })),
        field(SCOPE, 'validFrom', 'Valid from', dateInput('text', agreement?.validFrom, { 'data-testid': 'agreement-valid-from' })),
        field(SCOPE, 'validTo', 'Valid to (inclusive)', dateInput('optional', agreement?.validTo, { 'data-testid': 'agreement-valid-to' }), { hint: 'Empty: open-ended.' }),
        field(SCOPE, 'parties', 'Parties', textArea('optional', agreement?.parties.join('\n'), { rows: 3, 'data-testid': 'agreement-parties' }), { wide: true, hint: 'One per line.' }),
      ),
      h('fieldset', { class: 'check-group', 'aria-describedby': `${SCOPE}-error-zoneIds` }, h('legend', {}, 'Zones it applies in (none: everywhere the parties fight)'), zoneChoices, errorSlot(SCOPE, 'zoneIds')),
      repeater<Commitment>({
        scope: SCOPE,
        path: 'commitments',
        legend: 'Commitments',
        noun: 'Commitment',
        items: agreement?.commitments ?? [],
        testid: 'agreement-commitments',
        onChange: () => undefined,
        renderRow: (rowPath, item) => {
          const code = select('text', COMMITMENT_CHOICES, item?.code ?? 'cessation_of_hostilities');
          code.setAttribute('data-testid', 'commitment-code');
          return [
            field(SCOPE, `${rowPath}.code`, 'What', code),
            field(SCOPE, `${rowPath}.distanceKm`, 'Distance (km)', numberInput(item?.distanceKm, { min: 0, 'data-testid': 'commitment-distance' }), { hint: 'For a withdrawal: how far back.' }),
            field(SCOPE, `${rowPath}.description`, 'In the words of the agreement', textArea('text', item?.description, { rows: 2, 'data-testid': 'commitment-description' }), { wide: true }),
          ];
        },
      }),
      field(SCOPE, 'notes', 'Notes', textArea('optional', agreement?.notes, { rows: 3 }), { wide: true }),
      sourceFields(SCOPE, '', agreement?.source, 'mission'),
    ];
  }

  private async loadZones(container: HTMLElement, chosen: readonly string[]): Promise<void> {
    try {
      const zones = await this.options.zones();
      const known = new Set(zones.map((z) => z.id));
      const choices = [...zones.map((z) => ({ id: z.id, label: [colourMark(ZONE_COLORS[z.properties.kind], 'bar'), z.properties.name, h('small', { class: 'hint' }, ` ${ZONE_KIND_LABELS[z.properties.kind]}, ${validityText(z.properties.validFrom, z.properties.validTo)}`)] })), ...chosen.filter((id) => !known.has(id)).map((id) => ({ id, label: [`Zone ${id} (not in the register any more)`] }))];
      container.replaceChildren(
        ...(choices.length === 0 ? [h('p', { class: 'hint' }, 'The register has no zones yet.')] : []),
        ...choices.map(({ id, label }) => {
          const inputId = controlId(SCOPE, `zone-${id}`);
          return h('div', { class: 'check' }, h('input', { type: 'checkbox', id: inputId, name: 'zoneIds', value: id, 'data-kind': 'multi', checked: chosen.includes(id), 'data-testid': 'agreement-zone' }), h('label', { for: inputId }, label));
        }),
      );
    } catch (error) {
      container.textContent = `The zones could not be loaded: ${asApiError(error).message}`;
    }
  }
}
