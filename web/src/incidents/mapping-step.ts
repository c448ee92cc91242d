import type { z } from 'zod';
import { columnMappingSchema, DATE_ORDERS, missingColumns, type ColumnMapping, type ColumnMappingInput, type DateOrder } from '../../../src/core/formats/column-mapping.js';
import {
  ACTOR_ROLES,
  ACTOR_TYPES,
  CASUALTY_GROUPS,
  CASUALTY_KINDS,
  CATEGORIES,
  CREDIBILITY_LABELS,
  INFORMATION_CREDIBILITIES,
  LOCATION_PRECISIONS,
  PERSON_STATUSES,
  RELIABILITY_LABELS,
  SOURCE_RELIABILITIES,
  SOURCE_TYPES,
  THEMES,
  VIOLENCE_TYPES,
} from '../../../src/core/taxonomy.js';
import type { ImportPreview } from '../shared/api-client.js';
import { append, h, type Child } from '../shared/dom.js';
import { checkboxGroup, choicesOf, field, select, textInput, type Choice } from '../shared/form-controls.js';
import { ACTOR_TYPE_LABELS, categoryLabel, humanize, LOCATION_PRECISION_LABELS, SOURCE_TYPE_LABELS, themeLabel, VIOLENCE_TYPE_LABELS } from '../shared/format.js';

/**
 * The mapping step of the import dialog: for a file whose columns Haven does not recognise, what each column is, with
 * a few of its values, and the settings of the whole mapping. It reads and writes a column mapping (the JSON preset
 * the CLI takes with --mapping), checked with the core schema: what the dialog sends is what the CLI would read.
 */

const S = 'mapping';

/** What a column of the file becomes. Each column has one; any column may also go into the narrative. */
const ROLES = [
  ['', 'Not imported'],
  ['externalId', 'Record id (to match on re-import)'],
  ['title', 'Title'],
  ['date', 'Date'],
  ['earliest', 'Earliest date'],
  ['latest', 'Latest date'],
  ['country', 'Country'],
  ['admin1', 'Province (admin 1)'],
  ['admin2', 'District (admin 2)'],
  ['place', 'Place name'],
  ['lat', 'Latitude'],
  ['lon', 'Longitude'],
  ['category', 'Categories (map its values)'],
  ['casualty', 'Casualty count'],
  ['actor', 'Actor names'],
  ['sourceDescription', 'Source description'],
] as const;
type Role = (typeof ROLES)[number][0];
const SINGLE_ROLES = ['externalId', 'title', 'date', 'earliest', 'latest', 'country', 'admin1', 'admin2', 'place', 'lat', 'lon', 'sourceDescription'] as const satisfies readonly Role[];

const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  iso: 'Year-month-day (2024-03-31)',
  dmy: 'Day/month/year (31/03/2024)',
  mdy: 'Month/day/year (03/31/2024)',
  'excel-serial': 'Spreadsheet day numbers (45382)',
};
const COUNTRY_AS_LABELS = { name: 'Country names in English', iso3: 'ISO 3166-1 alpha-3 codes (UKR)', iso2: 'ISO 3166-1 alpha-2 codes (UA)' } as const;

const IGNORE = '';
const categoryChoices: Choice[] = [{ value: IGNORE, label: 'Ignore this value' }, ...choicesOf(CATEGORIES, categoryLabel)];

/** Distinct values of a column's samples, split by the separator, in the order seen. */
function distinctValues(samples: readonly string[], separator: string): string[] {
  const seen = new Map<string, string>();
  for (const sample of samples) {
    for (const part of separator ? sample.split(separator) : [sample]) {
      const value = part.trim();
      if (value && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
    }
  }
  return [...seen.values()];
}

/** Every problem of a mapping that does not pass the schema, as "where: what" lines. */
export function mappingProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'mapping'}: ${issue.message}`);
}

/** One column of the file: its samples, what it becomes, and the details of that role. */
class ColumnRow {
  readonly row: HTMLTableRowElement;
  readonly detail: HTMLTableRowElement;
  readonly role: HTMLSelectElement;
  readonly narrative: HTMLInputElement;
  private readonly detailCell = h('td', { colspan: 4, class: 'mapping-detail' });
  /** Category values a loaded preset names, or typed in by hand, in their order: listed whatever the samples show. */
  private pinnedValues: string[] = [];
  private categoryState: { separator: string; values: Record<string, readonly string[]> } = { separator: '', values: {} };
  /** `group` empty: the count of everyone; a group (health workers) is a part of that count. */
  private casualtyState: { kind: string; status: string; group: string } = { kind: 'killed', status: 'civilian', group: '' };
  private actorState: { actorType: string; role: string; separator: string } = { actorType: 'unknown', role: 'perpetrator', separator: '' };

  constructor(
    readonly index: number,
    readonly name: string,
    readonly samples: readonly string[],
    private readonly onChange: () => void,
  ) {
    const id = `${S}-col-${index}`;
    this.role = select('optional', ROLES.map(([value, label]) => ({ value, label })), '');
    this.role.id = `${id}-role`;
    this.role.setAttribute('aria-label', `What the column “${name}” holds`);
    this.role.setAttribute('data-testid', 'mapping-role');
    this.narrative = h('input', { type: 'checkbox', id: `${id}-narrative`, 'data-testid': 'mapping-narrative' });
    this.row = h(
      'tr',
      { 'data-testid': 'mapping-column', 'data-column': name },
      h('th', { scope: 'row', class: 'mapping-column-name', 'data-testid': 'mapping-column-name' }, name),
      h(
        'td',
        {},
        samples.length === 0
          ? h('span', { class: 'hint' }, 'empty in the first rows')
          : h('ul', { class: 'mapping-samples', 'data-testid': 'mapping-samples' }, samples.slice(0, 3).map((s) => h('li', {}, s))),
      ),
      h('td', {}, this.role),
      h('td', { class: 'mapping-narrative' }, h('div', { class: 'check' }, this.narrative, h('label', { for: this.narrative.id }, h('span', { class: 'visually-hidden' }, `“${name}” `), 'In narrative'))),
    );
    this.detail = h('tr', { class: 'mapping-detail-row', hidden: true }, this.detailCell);
    this.role.addEventListener('change', () => {
      this.renderDetail();
      this.onChange();
    });
  }

  setRole(role: Role): void {
    this.role.value = role;
    this.renderDetail();
  }

  get currentRole(): Role {
    return this.role.value as Role;
  }

  setCategory(separator: string, values: Record<string, readonly string[]>): void {
    this.categoryState = { separator, values };
    this.pinnedValues = Object.keys(values);
  }

  setCasualty(kind: string, status: string, group = ''): void {
    this.casualtyState = { kind, status, group };
  }

  setActor(actorType: string, role: string, separator: string): void {
    this.actorState = { actorType, role, separator };
  }

  /** What the details say now, read back from the controls. */
  category(): { column: string; separator: string; values: Record<string, string[]> } {
    this.readDetail();
    const values: Record<string, string[]> = {};
    for (const [value, categories] of Object.entries(this.categoryState.values)) values[value] = [...categories];
    return { column: this.name, separator: this.categoryState.separator, values };
  }

  casualty(): { column: string; kind: string; status: string; group?: string } {
    this.readDetail();
    const { group, ...count } = this.casualtyState;
    return { column: this.name, ...count, ...(group !== '' && { group }) };
  }

  actor(): { column: string; actorType: string; role: string; separator: string } {
    this.readDetail();
    return { column: this.name, ...this.actorState };
  }

  /** Takes what the controls of the details say into the state (they are rebuilt when the role changes). */
  private readDetail(): void {
    const get = (key: string) => this.detailCell.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-key="${key}"]`);
    const role = this.currentRole;
    if (role === 'category') {
      const separator = get('separator');
      const values: Record<string, string[]> = {};
      for (const control of this.detailCell.querySelectorAll<HTMLSelectElement>('select[data-value]')) {
        values[control.dataset.value ?? ''] = [...control.selectedOptions].map((o) => o.value).filter((v) => v !== IGNORE);
      }
      this.categoryState = { separator: separator?.value ?? this.categoryState.separator, values };
    } else if (role === 'casualty') {
      this.casualtyState = { kind: get('kind')?.value ?? this.casualtyState.kind, status: get('status')?.value ?? this.casualtyState.status, group: get('group')?.value ?? this.casualtyState.group };
    } else if (role === 'actor') {
      this.actorState = { actorType: get('actorType')?.value ?? this.actorState.actorType, role: get('role')?.value ?? this.actorState.role, separator: get('separator')?.value ?? this.actorState.separator };
    }
  }

  renderDetail(): void {
    const role = this.currentRole;
    const id = `${S}-col-${this.index}`;
    const labelled = (key: string, label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string) => {
      control.id = `${id}-${key}`;
      control.dataset.key = key;
      control.setAttribute('data-testid', `mapping-${key}`);
      return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
    };
    let content: Child = null;
    if (role === 'category') {
      const separator = textInput('optional', this.categoryState.separator, { maxlength: 5, spellcheck: 'false' });
      const values = h('div', { class: 'mapping-values-slot' }, this.valueTable());
      // Only the table is redrawn, as the separator is typed: the focus stays in it, and Tab from it reaches the table.
      separator.addEventListener('input', () => {
        this.readDetail();
        // The cells split anew: values of the old split that nobody mapped go; pinned or mapped ones stay.
        const pinned = new Set(this.pinnedValues.map((v) => v.toLowerCase()));
        this.categoryState.values = Object.fromEntries(Object.entries(this.categoryState.values).filter(([v, c]) => c.length > 0 || pinned.has(v.toLowerCase())));
        values.replaceChildren(this.valueTable());
      });
      content = [
        h('div', { class: 'form-grid' }, labelled('separator', `Separator of several values in “${this.name}”`, separator, 'e.g. ; — empty: each cell is one value')),
        values,
        this.addValueControl(),
      ];
    } else if (role === 'casualty') {
      content = h(
        'div',
        { class: 'form-grid' },
        labelled('kind', `Kind of harm counted in “${this.name}”`, select('text', choicesOf(CASUALTY_KINDS, humanize), this.casualtyState.kind)),
        labelled('status', `Status of the people counted in “${this.name}”`, select('text', choicesOf(PERSON_STATUSES, humanize), this.casualtyState.status)),
        labelled(
          'group',
          `Of whom: the group counted in “${this.name}”`,
          select('optional', choicesOf(CASUALTY_GROUPS, humanize), this.casualtyState.group, 'everyone'),
          'a group (health workers) is a part of the count of everyone of the same kind and status',
        ),
      );
    } else if (role === 'actor') {
      content = h(
        'div',
        { class: 'form-grid' },
        labelled('actorType', `Type of the actors in “${this.name}”`, select('text', choicesOf(ACTOR_TYPES, (t) => ACTOR_TYPE_LABELS[t]), this.actorState.actorType)),
        labelled('role', `Role of the actors in “${this.name}”`, select('text', choicesOf(ACTOR_ROLES, humanize), this.actorState.role)),
        labelled('separator', `Separator of several names in “${this.name}”`, textInput('optional', this.actorState.separator, { maxlength: 5, spellcheck: 'false' })),
      );
    }
    this.detailCell.replaceChildren();
    append(this.detailCell, [content]);
    this.detail.hidden = content === null;
  }

  /** The column's distinct values (from the samples, and any the mapping already knows), each with its categories. */
  private valueTable(): HTMLElement {
    const values = this.listedValues();
    const known = new Map(Object.entries(this.categoryState.values).map(([k, v]) => [k.trim().toLowerCase(), v]));
    return h(
      'table',
      { class: 'data-table mapping-values', 'data-testid': 'mapping-values' },
      h('caption', {}, `Haven categories for each value of “${this.name}”`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value in the file'), h('th', { scope: 'col' }, 'Haven category'))),
      h(
        'tbody',
        {},
        values.map((value, i) => {
          const chosen = known.get(value.toLowerCase()) ?? [];
          const control = select('optional', categoryChoices, chosen[0] ?? IGNORE);
          // A value that stands for several categories (as a loaded preset may say) keeps them all.
          if (chosen.length > 1) {
            control.multiple = true;
            control.size = Math.min(6, chosen.length + 1);
            for (const option of control.options) option.selected = chosen.includes(option.value);
          }
          control.id = `${S}-col-${this.index}-value-${i}`;
          control.dataset.value = value;
          control.setAttribute('data-testid', 'mapping-value-category');
          control.setAttribute('aria-label', `Haven category for “${value}” in “${this.name}”`);
          return h('tr', { 'data-testid': 'mapping-value', 'data-value': value }, h('th', { scope: 'row' }, value), h('td', {}, control));
        }),
      ),
    );
  }

  /** The values the table lists: those mapped already (in their order), then those of the samples, once each. */
  private listedValues(): string[] {
    const seen = new Set<string>();
    return [...this.pinnedValues, ...Object.keys(this.categoryState.values), ...distinctValues(this.samples, this.categoryState.separator)].filter((v) => {
      const key = v.trim().toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The samples show only a few values: others can be named by hand. */
  private addValueControl(): HTMLElement {
    const input = textInput('optional', '', { id: `${S}-col-${this.index}-new-value`, 'data-testid': 'mapping-new-value', spellcheck: 'false' });
    const add = h('button', { type: 'button', 'data-testid': 'mapping-add-value' }, 'Add value');
    add.addEventListener('click', () => {
      const value = input.value.trim();
      if (!value) return;
      this.readDetail();
      if (!this.listedValues().some((v) => v.toLowerCase() === value.toLowerCase())) this.pinnedValues.push(value);
      this.renderDetail();
      this.detailCell.querySelector<HTMLSelectElement>(`select[data-value="${CSS.escape(value)}"]`)?.focus();
    });
    return h('div', { class: 'mapping-add-value' }, h('label', { for: input.id }, `Another value of “${this.name}”`), input, add);
  }
}

/** The whole step: the settings, the columns, and load / save of the preset. */
export class MappingStep {
  readonly element: HTMLElement;
  private readonly name = textInput('text', '', { 'data-testid': 'mapping-name' });
  private readonly dataset = textInput('text', '', { placeholder: 'e.g. who-ssa', spellcheck: 'false', 'data-testid': 'mapping-dataset' });
  private readonly dateOrder = select('text', choicesOf(DATE_ORDERS, (o) => DATE_ORDER_LABELS[o]), 'iso');
  private readonly countryAs = select('text', choicesOf(['name', 'iso3', 'iso2'] as const, (a) => COUNTRY_AS_LABELS[a]), 'name');
  private readonly precision = select('text', choicesOf(LOCATION_PRECISIONS, (p) => LOCATION_PRECISION_LABELS[p]), 'exact');
  private readonly violenceType = select('optional', choicesOf(VIOLENCE_TYPES, (v) => VIOLENCE_TYPE_LABELS[v]), '', 'Not stated');
  private readonly themes: HTMLFieldSetElement;
  private readonly sourceType = select('text', choicesOf(SOURCE_TYPES, (t) => SOURCE_TYPE_LABELS[t]), 'dataset');
  private readonly sourceDescription = textInput('text', '', { 'data-testid': 'mapping-source-description' });
  private readonly reliability = select('text', choicesOf(SOURCE_RELIABILITIES, (r) => `${r} — ${RELIABILITY_LABELS[r]}`), 'F');
  private readonly credibility = select('text', choicesOf(INFORMATION_CREDIBILITIES.map(String), (c) => `${c} — ${CREDIBILITY_LABELS[Number(c) as 1]}`), '6');
  private readonly sheet = select('text', [], '');
  private readonly sheetField: HTMLElement;
  private readonly body = h('tbody', {});
  private readonly countryNames = h('p', { class: 'hint', 'data-testid': 'mapping-country-names', hidden: true });
  private readonly problems = h('ul', { class: 'mapping-problems', 'data-testid': 'mapping-problems' });
  private readonly problemsBox = h('div', { class: 'mapping-problems-box', role: 'alert', hidden: true }, this.problems);
  private columns: ColumnRow[] = [];
  /** Names the file uses for countries that the ISO list does not: kept from a loaded preset, sent as they are. */
  private countryValues: Record<string, string> = {};
  /**
   * The order of the list settings of a loaded preset, by column: kept, since the order counts (the categories make
   * the title of a record without one, the narrative reads in order). Columns added by hand follow, in file order.
   */
  private loadedOrder = new Map<string, number>();
  private narrativeOrder = new Map<string, number>();

  private inOrder(columns: readonly ColumnRow[], order = this.loadedOrder): ColumnRow[] {
    const rank = (c: ColumnRow) => order.get(c.name.trim().toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
    return [...columns].sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  }

  constructor(
    private readonly onSheet: (sheet: string) => void,
    readonly actions: HTMLElement,
  ) {
    this.themes = checkboxGroup(S, 'themes', 'Themes every record gets', choicesOf(THEMES, themeLabel), [], { 'data-testid': 'mapping-themes' });
    this.dateOrder.setAttribute('data-testid', 'mapping-date-order');
    this.countryAs.setAttribute('data-testid', 'mapping-country-as');
    this.sheet.setAttribute('data-testid', 'mapping-sheet');
    this.sheetField = field(S, 'sheet', 'Sheet', this.sheet, { hint: 'The sheet of the workbook to import.' });
    this.sheet.addEventListener('change', () => this.onSheet(this.sheet.value));
    this.element = h(
      'section',
      // Its fields share names with the import form's (dateOrder): the form's problems are not placed in here.
      { class: 'mapping-step', 'data-testid': 'mapping-step', 'data-issue-scope': '', 'aria-labelledby': 'mapping-title', hidden: true },
      h('h3', { id: 'mapping-title' }, 'Map the columns'),
      h(
        'p',
        { class: 'hint' },
        'Haven does not recognise the columns of this file. Say what each column holds, preview the first rows, then import. Save the mapping to use it again here or with ',
        h('code', {}, 'haven import --mapping'),
        '.',
      ),
      this.problemsBox,
      h(
        'div',
        { class: 'form-grid' },
        this.sheetField,
        field(S, 'name', 'Mapping name', this.name),
        field(S, 'dataset', 'Data set name', this.dataset, { hint: 'Lower case. Import again under the same name to update the same incidents.' }),
        field(S, 'dateOrder', 'Dates in the file are written as', this.dateOrder),
        field(S, 'countryAs', 'Countries in the file are written as', this.countryAs),
        field(S, 'precision', 'Precision of the coordinates', this.precision, { hint: 'Used only with latitude and longitude columns.' }),
        field(S, 'violenceType', 'Type of violence', this.violenceType),
      ),
      this.countryNames,
      this.themes,
      h(
        'div',
        { class: 'mapping-table-wrap' },
        h(
          'table',
          { class: 'data-table mapping-columns', 'data-testid': 'mapping-columns' },
          h('caption', {}, 'The columns of the file'),
          h('thead', {}, h('tr', {}, ['Column', 'Values', 'Becomes', 'Narrative'].map((heading) => h('th', { scope: 'col' }, heading)))),
          this.body,
        ),
      ),
      h(
        'fieldset',
        { class: 'mapping-source' },
        h('legend', {}, 'Source of every record'),
        h(
          'div',
          { class: 'form-grid' },
          field(S, 'source.description', 'Description', this.sourceDescription, { hint: 'Used where the file has no source column, or it is empty.' }),
          field(S, 'source.sourceType', 'Type of source', this.sourceType),
          field(S, 'source.reliability', 'Reliability', this.reliability),
          field(S, 'source.credibility', 'Credibility', this.credibility),
        ),
      ),
      actions,
    );
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  hide(): void {
    this.element.hidden = true;
  }

  /** Shows the file's columns (a new file, or another sheet of it), keeping what is set for columns of the same name. */
  show(preview: ImportPreview, fileName: string): void {
    const previous = this.columns.length > 0 ? this.read() : undefined;
    this.columns = preview.columns.map((c, i) => new ColumnRow(i, c.name, c.samples, () => this.showProblems([])));
    this.body.replaceChildren(...this.columns.flatMap((c) => [c.row, c.detail]));
    const sheets = preview.spreadsheet?.sheets ?? [];
    this.sheetField.hidden = sheets.length < 2;
    this.sheet.replaceChildren(...sheets.map((s) => h('option', { value: s }, s)));
    if (preview.spreadsheet) this.sheet.value = preview.spreadsheet.sheet;
    if (!this.name.value) this.name.value = fileName.replace(/\.[^.]+$/, '');
    if (!this.dataset.value) this.dataset.value = fileName.replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 100);
    if (previous) this.fill(previous, { keepUnknownColumns: true });
    this.showProblems([]);
    this.element.hidden = false;
  }

  /** The sheet chosen, when the file is a workbook. */
  get sheetName(): string | undefined {
    return this.sheet.value || undefined;
  }

  get fileColumns(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** The mapping the controls state, unchecked (the same shape as a preset file). */
  read(): ColumnMappingInput {
    const of = (role: Role) => this.columns.filter((c) => c.currentRole === role).map((c) => c.name);
    const one = (role: Role) => of(role)[0];
    const date = one('date');
    const coordinates = one('lat') !== undefined || one('lon') !== undefined ? { lat: one('lat') ?? '', lon: one('lon') ?? '', precision: this.precision.value as (typeof LOCATION_PRECISIONS)[number] } : undefined;
    const themes = [...this.themes.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
    const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>));
    const mapping = {
      name: this.name.value,
      dataset: this.dataset.value,
      ...optional('externalId', one('externalId')),
      ...optional('title', one('title')),
      narrative: this.inOrder(this.columns.filter((c) => c.narrative.checked), this.narrativeOrder).map((c) => c.name),
      date: date !== undefined ? { column: date } : { earliest: one('earliest') ?? '', latest: one('latest') ?? '' },
      dateOrder: this.dateOrder.value,
      country: { column: one('country') ?? '', as: this.countryAs.value, values: { ...this.countryValues } },
      ...optional('admin1', one('admin1')),
      ...optional('admin2', one('admin2')),
      ...optional('place', one('place')),
      ...(coordinates && { coordinates }),
      themes,
      ...optional('violenceType', this.violenceType.value),
      categories: this.inOrder(this.columns.filter((c) => c.currentRole === 'category')).map((c) => c.category()),
      casualties: this.inOrder(this.columns.filter((c) => c.currentRole === 'casualty')).map((c) => c.casualty()),
      actors: this.inOrder(this.columns.filter((c) => c.currentRole === 'actor')).map((c) => c.actor()),
      source: {
        sourceType: this.sourceType.value,
        description: this.sourceDescription.value,
        ...optional('descriptionColumn', one('sourceDescription')),
        reliability: this.reliability.value,
        credibility: Number(this.credibility.value),
      },
    };
    // The controls offer only the schema's own values; the schema checks the rest (and says where) before any use.
    return mapping as ColumnMappingInput;
  }

  /**
   * The mapping, checked with the core schema and against the file's columns (a column given twice a role that takes
   * one is refused here too). Shows every problem; undefined if there is any.
   */
  checked(): ColumnMapping | undefined {
    const problems: string[] = [];
    for (const role of SINGLE_ROLES) {
      const named = this.columns.filter((c) => c.currentRole === role).map((c) => `“${c.name}”`);
      if (named.length > 1) problems.push(`${ROLES.find(([r]) => r === role)![1]}: only one column can be it (${named.join(', ')})`);
    }
    if (this.columns.some((c) => c.currentRole === 'date') && this.columns.some((c) => c.currentRole === 'earliest' || c.currentRole === 'latest')) {
      problems.push('Date: choose one date column, or an earliest and a latest date column, not both');
    }
    const parsed = columnMappingSchema.safeParse(this.read());
    if (!parsed.success) problems.push(...mappingProblems(parsed.error).map((p) => p.replace(/^date\.(column|earliest|latest): name a column$/, 'date: choose the column holding the date (or an earliest and a latest date column)').replace(/^country\.column: name a column$/, 'country: choose the column holding the country')));
    this.showProblems(problems);
    return problems.length === 0 && parsed.success ? parsed.data : undefined;
  }

  showProblems(problems: readonly string[]): void {
    this.problems.replaceChildren(...problems.map((p) => h('li', {}, p)));
    this.problemsBox.hidden = problems.length === 0;
  }

  /**
   * Fills the step from a preset. Refused (with the reason) if it reads columns this file does not have, unless told
   * to keep those settings that still apply (another sheet of the same file).
   */
  fill(mapping: ColumnMapping | ColumnMappingInput, options: { keepUnknownColumns?: boolean } = {}): string | undefined {
    const parsed = columnMappingSchema.safeParse(mapping);
    if (!parsed.success) return `the mapping is not valid: ${mappingProblems(parsed.error).join('; ')}`;
    const m = parsed.data;
    const missing = missingColumns(m, this.fileColumns);
    if (missing.length > 0 && !options.keepUnknownColumns) return `the mapping reads columns this file does not have: ${missing.join(', ')}`;
    const byName = new Map(this.columns.map((c) => [c.name.trim().toLowerCase(), c]));
    const column = (name: string | undefined) => (name === undefined ? undefined : byName.get(name.trim().toLowerCase()));
    for (const c of this.columns) {
      c.setRole('');
      c.narrative.checked = false;
    }
    const assign = (name: string | undefined, role: Role) => column(name)?.setRole(role);
    this.name.value = m.name;
    this.dataset.value = m.dataset;
    // Each list keeps its own order; a column is in at most one list besides the narrative, so one rank per list.
    const ranks = (names: readonly string[]) => new Map(names.map((n, i) => [n.trim().toLowerCase(), i]));
    this.loadedOrder = ranks([...m.categories.map((c) => c.column), ...m.casualties.map((c) => c.column), ...m.actors.map((a) => a.column)]);
    this.narrativeOrder = ranks(m.narrative);
    assign(m.externalId, 'externalId');
    assign(m.title, 'title');
    for (const n of m.narrative) {
      const c = column(n);
      if (c) c.narrative.checked = true;
    }
    if ('column' in m.date) assign(m.date.column, 'date');
    else {
      assign(m.date.earliest, 'earliest');
      assign(m.date.latest, 'latest');
    }
    this.dateOrder.value = m.dateOrder;
    assign(m.country.column, 'country');
    this.countryAs.value = m.country.as;
    this.countryValues = { ...m.country.values };
    const names = Object.entries(this.countryValues);
    this.countryNames.hidden = names.length === 0;
    this.countryNames.textContent = names.length ? `Country names read as codes: ${names.map(([name, code]) => `“${name}” → ${code}`).join('; ')}.` : '';
    assign(m.admin1, 'admin1');
    assign(m.admin2, 'admin2');
    assign(m.place, 'place');
    if (m.coordinates) {
      assign(m.coordinates.lat, 'lat');
      assign(m.coordinates.lon, 'lon');
      this.precision.value = m.coordinates.precision;
    }
    for (const input of this.themes.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) input.checked = (m.themes as readonly string[]).includes(input.value);
    this.violenceType.value = m.violenceType ?? '';
    for (const c of m.categories) {
      const row = column(c.column);
      row?.setCategory(c.separator, c.values);
      row?.setRole('category');
    }
    for (const c of m.casualties) {
      const row = column(c.column);
      row?.setCasualty(c.kind, c.status, c.group ?? '');
      row?.setRole('casualty');
    }
    for (const a of m.actors) {
      const row = column(a.column);
      row?.setActor(a.actorType, a.role, a.separator);
      row?.setRole('actor');
    }
    this.sourceType.value = m.source.sourceType;
    this.sourceDescription.value = m.source.description;
    assign(m.source.descriptionColumn, 'sourceDescription');
    this.reliability.value = m.source.reliability;
    this.credibility.value = String(m.source.credibility);
    return undefined;
  }
}
