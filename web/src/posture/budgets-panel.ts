import type { BudgetImportPreview, BudgetImportReport, BudgetList } from '../../../src/core/spending/budget-api.schema.js';
import { AMOUNT_UNITS, NUMBER_FORMATS, yearOfColumn, type AmountUnit, type BudgetImportMappingInput, type NumberFormat } from '../../../src/core/spending/budget-import.js';
import { amountUnitText, yearsText } from '../../../src/core/spending/budget.js';
import { NATO_CATEGORIES, PURPOSE_CLASSES } from '../../../src/core/spending/rebalancing.js';
import { NATO_CATEGORY_LABELS, PURPOSE_CLASS_LABELS } from '../../../src/reporting/spending-labels.js';
import { formatYearValue } from '../../../src/reporting/year-series-chart.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { debounce, h, isAbort, mount } from '../shared/dom.js';
import { errorMessage, loadable, type Loadable } from '../shared/loadable.js';

type Role = 'category' | 'purpose' | 'label' | 'year' | 'amount';
const ROLES: readonly Role[] = ['category', 'purpose', 'label', 'year', 'amount'];
const ROLE_LABELS: Record<Role, string> = { category: 'NATO category', purpose: 'Purpose class', label: 'Label', year: 'Year', amount: 'Amount' };
const UNIT_LABELS: Record<AmountUnit, string> = { units: 'units', thousands: 'thousands', millions: 'millions', billions: 'billions' };

export interface BudgetsPanelOptions {
  canWrite: boolean;
  /** A budget was imported: the scenarios that start from it may read differently now. */
  changed: () => void;
}

function select<T extends string>(id: string, options: readonly (readonly [T, string])[], value: T | undefined, attrs: Record<string, string> = {}): HTMLSelectElement {
  return h('select', { id, name: id, 'data-testid': id, ...attrs }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
const money = (value: number) => formatYearValue(value, 'usd_m');

/**
 * The force budgets held, and (for those who may) the import of one from a CSV: the file's first rows are shown as
 * the server reads them, each column marked with the role the mapping gives it, with the lines the file would give or
 * every problem by row and column — before anything is stored. The mapping starts from the one the server guesses
 * from the header; words of the file that are not Haven's categories or classes are mapped value by value.
 */
export class BudgetsPanel {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'plans-body', 'data-testid': 'budgets-list' });
  private readonly status = h('p', { class: 'posture-status', role: 'status', 'aria-live': 'polite' });
  private readonly listLoad: Loadable<[]>;
  private file: File | undefined;
  private mapping: BudgetImportMappingInput | undefined;
  private preview: BudgetImportPreview | undefined;
  private previewRequest: AbortController | undefined;
  private readonly mappingHost = h('div', { class: 'budget-mapping', 'data-testid': 'budget-mapping' });
  private readonly previewHost = h('div', { class: 'budget-preview', 'data-testid': 'budget-import-preview', 'aria-live': 'polite' });
  private readonly result = h('div', { class: 'posture-upload-result', 'data-testid': 'budget-import-result', role: 'status', 'aria-live': 'polite' });
  private readonly submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'budget-import-submit', disabled: true }, 'Import budget');
  private readonly previewSoon = debounce(() => void this.runPreview(), 250);

  constructor(
    private readonly api: ApiClient,
    private readonly options: BudgetsPanelOptions,
  ) {
    this.element = h(
      'section',
      { class: 'posture-panel plans-panel', 'data-testid': 'budgets-panel', 'aria-label': 'Force budgets' },
      h('h2', { class: 'posture-panel-title' }, 'Force budgets'),
      this.status,
      this.list,
      options.canWrite ? this.buildImport() : null,
    );
    this.listLoad = loadable(this.list, (signal) => api.listBudgets(signal), (list) => this.drawList(list), { status: this.status, failed: 'The budgets could not be listed' });
  }

  load(): void {
    void this.listLoad.load();
  }

  destroy(): void {
    this.listLoad.abort();
    this.previewRequest?.abort();
    this.previewSoon.cancel();
  }

  private drawList(list: BudgetList): string {
    if (list.items.length === 0) {
      mount(this.list, h('p', { class: 'posture-message', 'data-testid': 'budgets-empty' }, this.options.canWrite ? 'No budgets held yet: import one from a CSV below, or with haven spending budget import.' : 'No budgets held yet.'));
      return '';
    }
    const table = h(
      'table',
      { class: 'posture-table' },
      h('caption', {}, 'Budgets held, in millions of their currency'),
      h('thead', {}, h('tr', {}, ['Budget', 'Force', 'Years', 'Amounts in', 'Lines'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col', class: 'num' }, 'First year'), h('th', { scope: 'col', class: 'num' }, 'Last year'), h('th', { scope: 'col', class: 'num' }, 'Version'))),
      h(
        'tbody',
        {},
        list.items.map((b) => {
          const first = b.totals[0];
          const last = b.totals[b.totals.length - 1];
          return h(
            'tr',
            { 'data-testid': 'budget-row', 'data-id': b.id, 'data-name': b.name },
            h('th', { scope: 'row' }, b.name),
            h('td', {}, b.force),
            h('td', {}, yearsText(b.years)),
            h('td', {}, amountUnitText(b.currency, b.priceBasis)),
            h('td', { class: 'num' }, String(b.lineCount)),
            h('td', { class: 'num', 'data-total': first?.totalM ?? '' }, first ? `${first.year}: ${money(first.totalM)}` : '–'),
            h('td', { class: 'num' }, last ? `${last.year}: ${money(last.totalM)}` : '–'),
            h('td', { class: 'num' }, String(b.version)),
          );
        }),
      ),
    );
    mount(this.list, h('div', { class: 'posture-table-scroll' }, table));
    return '';
  }

  // ---- Import ----

  private readonly fileInput = h('input', { id: 'budget-import-file', type: 'file', accept: '.csv,text/csv', 'data-testid': 'budget-import-file' });
  private readonly nameInput = h('input', { id: 'budget-import-name', type: 'text', required: true, maxlength: 200, 'data-testid': 'budget-import-name' });
  private readonly forceInput = h('input', { id: 'budget-import-force', type: 'text', required: true, maxlength: 200, 'data-testid': 'budget-import-force' });
  private readonly currencyInput = h('input', { id: 'budget-import-currency', type: 'text', required: true, maxlength: 3, value: 'USD', class: 'plans-currency', 'data-testid': 'budget-import-currency' });
  private readonly basisSelect = select<'current' | 'constant'>('budget-import-price-basis', [['current', 'Current prices'], ['constant', 'Constant prices of …']], 'current');
  private readonly baseYearInput = h('input', { id: 'budget-import-base-year', type: 'number', min: 1900, max: 2200, step: 1, class: 'posture-year', 'data-testid': 'budget-import-base-year', disabled: true });

  private buildImport(): HTMLElement {
    this.basisSelect.addEventListener('change', () => {
      this.baseYearInput.disabled = this.basisSelect.value !== 'constant';
    });
    this.fileInput.addEventListener('change', () => {
      this.file = this.fileInput.files?.[0];
      this.mapping = undefined;
      this.preview = undefined;
      mount(this.mappingHost);
      mount(this.result);
      if (!this.file) return;
      if (this.nameInput.value.trim() === '') this.nameInput.value = this.file.name.replace(/\.[a-z]+$/i, '');
      void this.runPreview();
    });
    const form = h(
      'form',
      { class: 'plans-import', 'data-testid': 'budget-import', 'aria-label': 'Import a budget from a CSV file', novalidate: true },
      h('p', { class: 'hint' }, 'A CSV with a row per line and year (a year column and an amount column) or a row per line with a column per year. Each line has a NATO category, a purpose class and a label.'),
      h(
        'div',
        { class: 'posture-controls' },
        field('budget-import-file', 'Budget file (CSV)', this.fileInput),
        field('budget-import-name', 'Budget name', this.nameInput),
        field('budget-import-force', 'Force', this.forceInput),
        field('budget-import-currency', 'Currency (ISO)', this.currencyInput),
        field('budget-import-price-basis', 'Prices', this.basisSelect),
        field('budget-import-base-year', 'Base year', this.baseYearInput),
      ),
      this.mappingHost,
      this.previewHost,
      h('div', { class: 'posture-controls' }, this.submit),
      this.result,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.runImport();
    });
    return h('details', { class: 'plans-import-box', 'data-testid': 'budget-import-box' }, h('summary', { 'data-testid': 'budget-import-open' }, 'Import a budget (CSV)'), form);
  }

  /** The mapping as the controls give it (the layout decides which of year and amount belong). */
  private mappingFromControls(): BudgetImportMappingInput | undefined {
    const value = (role: string) => (this.mappingHost.querySelector<HTMLSelectElement>(`[data-testid="budget-map-${role}"]`)?.value ?? '').trim();
    const layout = value('layout') as 'long' | 'wide';
    if (!layout) return this.mapping;
    const mapped = (column: 'category' | 'purpose') =>
      Object.fromEntries(
        [...this.mappingHost.querySelectorAll<HTMLSelectElement>(`[data-testid="budget-map-value"][data-column="${column}"]`)].filter((s) => s.value !== '').map((s) => [s.dataset.value!, s.value]),
      );
    return {
      layout,
      category: value('category'),
      purpose: value('purpose'),
      label: value('label'),
      ...(layout === 'long' && { year: value('year'), amount: value('amount') }),
      unit: value('unit') as AmountUnit,
      numberFormat: value('number-format') as NumberFormat,
      categoryValues: mapped('category') as BudgetImportMappingInput['categoryValues'],
      purposeValues: mapped('purpose') as BudgetImportMappingInput['purposeValues'],
    };
  }

  private async runPreview(): Promise<void> {
    if (!this.file) return;
    this.previewRequest?.abort();
    const request = new AbortController();
    this.previewRequest = request;
    this.previewHost.dataset.state = 'loading';
    this.submit.disabled = true;
    try {
      const preview = await this.api.previewBudgetImport(this.file, this.mapping, request.signal);
      if (request.signal.aborted) return;
      this.preview = preview;
      this.mapping = preview.mapping ?? this.mapping ?? this.defaultMapping(preview.header);
      this.drawMapping(preview);
      this.drawPreview(preview);
      this.previewHost.dataset.state = preview.problems.length === 0 ? 'ready' : 'problems';
      this.submit.disabled = preview.problems.length > 0;
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.previewHost.dataset.state = 'error';
      mount(this.previewHost, h('p', { class: 'field-error', role: 'alert' }, `The file could not be read: ${errorMessage(error)}`));
    }
  }

  /** A header nothing was guessed from: the first three columns as category, class and label, read as wide. */
  private defaultMapping(header: readonly string[]): BudgetImportMappingInput {
    return { layout: 'wide', category: header[0] ?? '', purpose: header[1] ?? '', label: header[2] ?? '' };
  }

  private drawMapping(preview: BudgetImportPreview): void {
    const mapping = this.mapping!;
    const columns = preview.header.map((c) => [c.trim(), c.trim()] as const);
    const changed = () => {
      this.mapping = this.mappingFromControls();
      this.previewSoon();
    };
    const layout = select<'long' | 'wide'>('budget-map-layout', [['long', 'A row per line and year'], ['wide', 'A column per year']], mapping.layout);
    layout.addEventListener('change', () => {
      // Switching layout: year and amount columns come and go; redraw from the new layout.
      this.mapping = { ...this.mappingFromControls()!, layout: layout.value as 'long' | 'wide' };
      if (layout.value === 'long') this.mapping = { ...this.mapping, year: this.mapping.year ?? columns[3]?.[0] ?? '', amount: this.mapping.amount ?? columns[4]?.[0] ?? '' };
      this.drawMapping(preview);
      this.previewSoon();
    });
    const roles = ROLES.filter((r) => mapping.layout === 'long' || (r !== 'year' && r !== 'amount'));
    const roleSelects = roles.map((role) => {
      const control = select(`budget-map-${role}`, columns, mapping[role]);
      control.addEventListener('change', changed);
      return field(`budget-map-${role}`, ROLE_LABELS[role], control);
    });
    const unit = select<AmountUnit>('budget-map-unit', AMOUNT_UNITS.map((u) => [u, UNIT_LABELS[u]] as const), mapping.unit ?? 'millions');
    const numberFormat = select<NumberFormat>('budget-map-number-format', NUMBER_FORMATS.map((f) => [f, f] as const), mapping.numberFormat ?? '1234.5');
    unit.addEventListener('change', changed);
    numberFormat.addEventListener('change', changed);
    const valueRows = (column: 'category' | 'purpose') => {
      const seen = preview.values[column];
      if (seen.length === 0) return null;
      const choices = column === 'category' ? NATO_CATEGORIES.map((c) => [c, NATO_CATEGORY_LABELS[c]] as const) : PURPOSE_CLASSES.map((c) => [c, PURPOSE_CLASS_LABELS[c]] as const);
      return h(
        'fieldset',
        { class: 'plans-values', 'data-testid': `budget-values-${column}` },
        h('legend', {}, column === 'category' ? 'The file’s categories' : 'The file’s purpose classes'),
        seen.map((v, i) => {
          const id = `budget-value-${column}-${i}`;
          const control = select(id, [['', '— not mapped —'] as const, ...choices], v.mapped ?? '', { 'data-testid': 'budget-map-value', 'data-column': column, 'data-value': v.value, ...(v.mapped === null && { 'aria-invalid': 'true' }) });
          control.addEventListener('change', changed);
          return h('div', { class: v.mapped === null ? 'field unmapped' : 'field' }, h('label', { for: id }, v.value), control);
        }),
      );
    };
    mount(
      this.mappingHost,
      h('div', { class: 'posture-controls' }, field('budget-map-layout', 'Layout', layout), ...roleSelects, field('budget-map-unit', 'Amounts in', unit), field('budget-map-number-format', 'Numbers written as', numberFormat)),
      mapping.layout === 'wide' ? h('p', { class: 'hint' }, 'Year columns: every column named by a year (2026, FY2026).') : null,
      h('div', { class: 'plans-values-row' }, valueRows('category'), valueRows('purpose')),
    );
  }

  /** The role a column plays under the mapping, for the preview's header. */
  private roleOf(column: string): string | undefined {
    const m = this.mapping;
    if (!m) return undefined;
    const name = column.trim().toLowerCase();
    const role = ROLES.find((r) => (r === 'year' || r === 'amount' ? m.layout === 'long' : true) && (m[r] ?? '').trim().toLowerCase() === name);
    if (role) return ROLE_LABELS[role];
    if (m.layout === 'wide') {
      const year = m.yearColumns ? m.yearColumns[column.trim()] : yearOfColumn(column);
      if (year !== undefined) return `amount ${year}`;
    }
    return undefined;
  }

  private drawPreview(preview: BudgetImportPreview): void {
    const head = preview.header.map((c, i) => {
      const role = this.roleOf(c);
      return h('th', { scope: 'col', 'data-column': i, 'data-role': role ?? '' }, h('span', { class: 'plans-column' }, c), h('span', { class: role ? 'plans-role' : 'plans-role unused' }, role ?? 'not read'));
    });
    const table = h(
      'table',
      { class: 'posture-table', 'data-testid': 'budget-preview-table' },
      h('caption', {}, `The first ${preview.sample.length} of ${preview.rows} rows, as read`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), head)),
      h(
        'tbody',
        {},
        preview.sample.map((cells, r) => h('tr', { 'data-row': r + 2 }, h('th', { scope: 'row' }, String(r + 2)), preview.header.map((_, c) => h('td', {}, cells[c] ?? '')))),
      ),
    );
    const summary =
      preview.problems.length === 0
        ? h('p', { class: 'plans-summary', 'data-testid': 'budget-preview-summary' }, `${preview.lines.length} lines over ${yearsText(preview.years)}, from ${preview.rows} rows. Nothing is stored until you import.`)
        : h(
            'div',
            { class: 'posture-refusal', 'data-testid': 'budget-preview-problems', role: 'alert' },
            h('p', {}, h('strong', {}, `${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'}: `), 'correct the mapping or the file.'),
            h(
              'ul',
              {},
              preview.problems.slice(0, 50).map((p) => h('li', { 'data-testid': 'budget-preview-problem', 'data-row': p.row ?? '' }, p.row === null ? `${p.field}: ${p.message}` : `Row ${p.row}, ${p.field}: ${p.message}`)),
            ),
          );
    mount(this.previewHost, h('div', { class: 'posture-table-scroll' }, table), summary);
  }

  private async runImport(): Promise<void> {
    const problem = !this.file
      ? 'choose the file first'
      : this.nameInput.value.trim() === ''
        ? 'give the budget a name'
        : this.forceInput.value.trim() === ''
          ? 'name the force'
          : this.basisSelect.value === 'constant' && !/^\d{4}$/.test(this.baseYearInput.value)
            ? 'give the base year of the constant prices'
            : undefined;
    if (problem || !this.mapping) {
      this.result.dataset.state = 'refused';
      mount(this.result, h('p', { class: 'field-error', role: 'alert' }, problem ?? 'choose the columns first'));
      return;
    }
    this.submit.disabled = true;
    this.result.dataset.state = 'loading';
    mount(this.result, h('p', {}, `Importing ${this.file!.name}…`));
    try {
      const report = await this.api.importBudget(this.file!, {
        name: this.nameInput.value.trim(),
        force: this.forceInput.value.trim(),
        currency: this.currencyInput.value.trim(),
        priceBasis: this.basisSelect.value as 'current' | 'constant',
        priceBaseYear: this.basisSelect.value === 'constant' ? Number(this.baseYearInput.value) : undefined,
        mapping: this.mapping,
      });
      this.result.dataset.state = 'imported';
      mount(this.result, this.reportOf(report));
      this.load();
      this.options.changed();
    } catch (error) {
      this.result.dataset.state = 'refused';
      mount(this.result, this.refusalOf(error));
    } finally {
      this.submit.disabled = this.preview ? this.preview.problems.length > 0 : true;
    }
  }

  private reportOf(report: BudgetImportReport): HTMLElement {
    const { budget } = report.record;
    const said = { created: 'Imported as a new budget', updated: `Updated the budget held (now version ${report.record.version})`, unchanged: 'The budget held is the same: nothing changed' }[report.outcome];
    return h(
      'div',
      { class: 'posture-report', 'data-testid': 'budget-import-report', 'data-outcome': report.outcome, 'data-id': report.record.id },
      h('p', {}, h('strong', {}, `“${budget.name}”: `), `${said}. ${budget.lines.length} lines over ${yearsText(budget.years)}, ${amountUnitText(budget.currency, budget.priceBasis)}, from ${report.rows} rows.`),
    );
  }

  private refusalOf(error: unknown): HTMLElement {
    const issues = error instanceof ApiError ? error.issues : [];
    const rows = issues.slice(0, 50).map((issue) => {
      const row = /^rows\.(\d+)\.(.+)$/.exec(issue.path);
      return h('li', { 'data-testid': 'budget-import-issue', 'data-row': row?.[1] ?? '' }, row ? `Row ${row[1]}, ${row[2]}: ${issue.message}` : `${issue.path}: ${issue.message}`);
    });
    return h('div', { class: 'posture-refusal', 'data-testid': 'budget-import-refusal', role: 'alert' }, h('p', {}, h('strong', {}, 'Not imported: '), errorMessage(error)), rows.length > 0 ? h('ul', {}, rows) : null);
  }
}
