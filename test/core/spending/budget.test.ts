import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetImportMappingSchema, budgetOfReading, guessBudgetMapping, readBudgetAmount, readBudgetRows, yearOfColumn, type BudgetImportMappingInput } from '../../../src/core/spending/budget-import.js';
import { budgetBalances, budgetSchema, scenarioFromBudget, storedScenarioSchema, type Budget, type BudgetItem, type StoredScenarioInput } from '../../../src/core/spending/budget.js';
import { NATO_CATEGORIES, PROGRAMME_CLASSES, projectScenario, PURPOSE_CLASSES } from '../../../src/core/spending/rebalancing.js';
import { csvRowsOf } from '../../../src/interchange/place-file.js';

const FIXTURES = 'test/fixtures/budgets';
const rowsOf = (file: string) => csvRowsOf(readFileSync(`${FIXTURES}/${file}`, 'utf8'));
const mappingOf = (file: string) => budgetImportMappingSchema.parse(JSON.parse(readFileSync(`${FIXTURES}/${file}`, 'utf8')));
const read = (rows: string[][], mapping: BudgetImportMappingInput) => readBudgetRows(rows[0]!, rows.slice(1), budgetImportMappingSchema.parse(mapping));

const META = { name: 'Northern Defence Force 2026–2030', force: 'Northern Defence Force', currency: 'eur', priceBasis: { kind: 'constant' as const, baseYear: 2025 } };

function budgetFrom(file: string, mappingFile: string): Budget {
  const rows = rowsOf(file);
  const reading = readBudgetRows(rows[0]!, rows.slice(1), mappingOf(mappingFile));
  if (!('lines' in reading)) throw new Error(`the fixture did not read: ${JSON.stringify(reading)}`);
  const made = budgetOfReading(reading, META);
  if ('issues' in made) throw new Error(JSON.stringify(made.issues));
  return made.budget;
}

describe('a budget read from a CSV with a column mapping', () => {
  const long = budgetFrom('northern-defence-force-2026-2030-long.csv', 'mapping-long.json');
  const wide = budgetFrom('northern-defence-force-2026-2030-wide-fr.csv', 'mapping-wide-fr.json');
  const longRows = rowsOf('northern-defence-force-2026-2030-long.csv');

  it('reads the long file cell by cell: a line per category, class and label, an amount per year as written', () => {
    expect(long.years).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(long.currency).toBe('EUR');
    const [header, ...body] = longRows;
    const column = (name: string) => header!.indexOf(name);
    expect(long.lines).toHaveLength(new Set(body.map((r) => r[column('line_item')])).size);
    for (const row of body) {
      const line = long.lines.find((l) => l.label === row[column('line_item')])!;
      expect(line.category).toBe(row[column('nato_category')]);
      expect(line.purpose).toBe(row[column('purpose_class')]);
      expect(line.amountsM[row[column('fiscal_year')]!]).toBe(Number(row[column('amount_eur_m')]));
    }
  });

  it('reads the wide, semicolon-separated French file in thousands with a decimal comma as the same budget', () => {
    expect(wide).toEqual(long);
  });

  it('guesses both files’ mappings from their headers', () => {
    expect(guessBudgetMapping(longRows[0]!)).toEqual({ layout: 'long', category: 'nato_category', purpose: 'purpose_class', label: 'line_item', year: 'fiscal_year', amount: 'amount_eur_m' });
    expect(guessBudgetMapping(rowsOf('northern-defence-force-2026-2030-wide-fr.csv')[0]!)).toEqual({ layout: 'wide', category: 'Catégorie OTAN', purpose: 'Classe', label: 'Poste' });
    expect(guessBudgetMapping(['country', 'year', 'spending'])).toBeUndefined();
    expect([yearOfColumn('FY2026'), yearOfColumn('2027'), yearOfColumn('FY 2028'), yearOfColumn('Total'), yearOfColumn('12345')]).toEqual([2026, 2027, 2028, undefined, undefined]);
  });

  it('names every refused row with its number and the file’s column, and why', () => {
    const header = ['nato_category', 'purpose_class', 'line_item', 'fiscal_year', 'amount_eur_m'];
    const mapping = { layout: 'long' as const, category: 'nato_category', purpose: 'purpose_class', label: 'line_item', year: 'fiscal_year', amount: 'amount_eur_m' };
    const reading = read(
      [
        header,
        ['personnel', 'protective', 'Military police', '2026', '120.5'],
        ['Army', 'protective', 'Cadets', '2026', '3'],
        ['personnel', 'aggressive', 'Rangers', '26', '1,5'],
        ['personnel', 'protective', 'Military police', '2026', '121'],
        ['equipment', 'defensive', '', '2026', '-4'],
      ],
      mapping,
    );
    expect('rejected' in reading && reading.rejected).toEqual([
      { rowNumber: 3, issues: [{ path: 'nato_category', code: 'unknown_category', message: `"Army" is not a NATO category (${NATO_CATEGORIES.join(', ')}): map it in the mapping's categoryValues` }] },
      {
        rowNumber: 4,
        issues: [
          { path: 'purpose_class', code: 'unknown_purpose', message: `"aggressive" is not a purpose class (${PURPOSE_CLASSES.join(', ')}): map it in the mapping's purposeValues` },
          { path: 'fiscal_year', code: 'not_a_year', message: '"26" is not a year (four digits, 1900–2200)' },
          { path: 'amount_eur_m', code: 'not_a_number', message: `"1,5" is not a number written as 1234.5 (the mapping's numberFormat)` },
        ],
      },
      { rowNumber: 5, issues: [{ path: 'fiscal_year', code: 'duplicate', message: 'the line “Military police” already has an amount for 2026 on row 2' }] },
      {
        rowNumber: 6,
        issues: [
          { path: 'line_item', code: 'empty', message: 'is empty: every line has a label' },
          { path: 'amount_eur_m', code: 'negative', message: `"-4" is negative: a budget line's amount is 0 or more` },
        ],
      },
    ]);
  });

  it('refuses a line without a row for a year the others have, and an empty cell of a wide file, instead of reading 0', () => {
    const long = read(
      [['category', 'purpose', 'label', 'year', 'amount'], ['personnel', 'protective', 'Police', '2026', '1'], ['personnel', 'protective', 'Police', '2027', '1'], ['equipment', 'defensive', 'Radars', '2026', '2']],
      { layout: 'long', category: 'category', purpose: 'purpose', label: 'label', year: 'year', amount: 'amount' },
    );
    expect('rejected' in long && long.rejected).toEqual([{ rowNumber: 4, issues: [{ path: 'year', code: 'missing_year', message: 'the line “Radars” has no row for 2027 (the file covers 2026–2027): add a row with 0 where nothing is budgeted' }] }]);
    const wide = read([['category', 'purpose', 'label', '2026', '2027'], ['personnel', 'protective', 'Police', '1', '']], { layout: 'wide', category: 'category', purpose: 'purpose', label: 'label' });
    expect('rejected' in wide && wide.rejected).toEqual([{ rowNumber: 2, issues: [{ path: '2027', code: 'empty', message: 'is empty: give 0 where nothing is budgeted' }] }]);
  });

  it('refuses a file that lacks a mapped column, naming it and the columns it has', () => {
    const reading = read([['category', 'class', 'label', 'year', 'value']], { layout: 'long', category: 'category', purpose: 'purpose', label: 'label', year: 'year', amount: 'value' });
    expect(reading).toEqual({ fileIssues: [{ path: 'purpose', code: 'missing_column', message: 'the file has no column “purpose” (its columns: category, class, label, year, value)' }] });
    expect(budgetImportMappingSchema.safeParse({ layout: 'long', category: 'a', purpose: 'b', label: 'c' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['year', 'amount']);
  });

  it('reads each number format, and nothing written otherwise', () => {
    const cases: [string, BudgetImportMappingInput['numberFormat'], number | undefined][] = [
      ['1234.5', '1234.5', 1234.5],
      ['1,234.5', '1,234.5', 1234.5],
      ['1234', '1,234.5', 1234],
      ['1234,5', '1234,5', 1234.5],
      ['1.234,5', '1.234,5', 1234.5],
      ['1 234,5', '1 234,5', 1234.5],
      ['1\u202f234,5', '1 234,5', 1234.5],
      ['1,234.5', '1234.5', undefined],
      ['1.234,5', '1,234.5', undefined],
      ['12,34.5', '1,234.5', undefined],
      ['1e3', '1234.5', undefined],
      ['€120', '1234.5', undefined],
    ];
    for (const [text, numberFormat, expected] of cases) {
      const read = readBudgetAmount(text, { numberFormat: numberFormat!, unit: 'millions' });
      expect('amountM' in read ? read.amountM : undefined, `${text} as ${numberFormat}`).toBe(expected);
    }
    expect(readBudgetAmount('120500', { numberFormat: '1234.5', unit: 'thousands' })).toEqual({ amountM: 120.5 });
    expect(readBudgetAmount('2.5', { numberFormat: '1234.5', unit: 'billions' })).toEqual({ amountM: 2500 });
  });
});

/** Any budget: up to 8 lines over 1 to 12 consecutive years, amounts with cents. */
const budgets = fc
  .record({
    first: fc.integer({ min: 1990, max: 2150 }),
    span: fc.integer({ min: 1, max: 12 }),
    lines: fc.array(fc.record({ category: fc.constantFrom(...NATO_CATEGORIES), purpose: fc.constantFrom(...PURPOSE_CLASSES), amounts: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 12, maxLength: 12 }) }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ first, span, lines }) => {
    const years = Array.from({ length: span }, (_, i) => first + i);
    return budgetSchema.parse({
      ...META,
      years,
      lines: lines.map((l, i) => ({ label: `Line ${i + 1}`, category: l.category, purpose: l.purpose, amountsM: Object.fromEntries(years.map((y, k) => [String(y), l.amounts[k]! / 100])) })),
    });
  });

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');

describe('budgets, by property', () => {
  it('keeps a small programme beside a large conversion line exact: its shares sum to 100 % (CI counterexample)', () => {
    const budget = budgetSchema.parse({
      ...META,
      years: [1991],
      lines: [
        { label: 'Small', category: 'personnel', purpose: 'defensive', amountsM: { 1991: 0.01 } },
        { label: 'Conversion', category: 'personnel', purpose: 'conversion', amountsM: { 1991: 65536 } },
      ],
    });
    const [year] = budgetBalances(budget);
    expect(year!.programmeM).toBe(0.01);
    expect(year!.programmeShares.defensive).toBe(1);
  });

  it('balance by class and by category to the same total each year, and programme shares sum to 100 % where there is a programme', () => {
    fc.assert(
      fc.property(budgets, (budget) => {
        for (const year of budgetBalances(budget)) {
          const lines = budget.lines.reduce((sum, l) => sum + l.amountsM[String(year.year)]!, 0);
          expect(year.totalM).toBeCloseTo(lines, 6);
          expect(Object.values(year.byClass).reduce((a, b) => a + b, 0)).toBeCloseTo(lines, 6);
          expect(Object.values(year.byCategory).reduce((a, b) => a + b, 0)).toBeCloseTo(lines, 6);
          expect(year.programmeM).toBeCloseTo(lines - year.byClass.conversion, 6);
          const shares = PROGRAMME_CLASSES.reduce((a, c) => a + year.programmeShares[c], 0);
          if (year.programmeM > 0) expect(shares).toBeCloseTo(1, 9);
        }
      }),
    );
  });

  it('read back the same from a long CSV and from a wide one', () => {
    fc.assert(
      fc.property(budgets, (budget) => {
        const long = [['category', 'purpose', 'label', 'year', 'amount'], ...budget.lines.flatMap((l) => budget.years.map((y) => [l.category, l.purpose, l.label, String(y), String(l.amountsM[String(y)])]))];
        const wide = [['category', 'purpose', 'label', ...budget.years.map((y) => `FY${y}`)], ...budget.lines.map((l) => [l.category, l.purpose, l.label, ...budget.years.map((y) => String(l.amountsM[String(y)]))])];
        const fromLong = read(csvRowsOf(csvOf(long)), { layout: 'long', category: 'category', purpose: 'purpose', label: 'label', year: 'year', amount: 'amount' });
        const fromWide = read(csvRowsOf(csvOf(wide)), { layout: 'wide', category: 'category', purpose: 'purpose', label: 'label' });
        const lines = (r: typeof fromLong): BudgetItem[] | undefined => ('lines' in r ? r.lines : undefined);
        expect(lines(fromLong)).toEqual(budget.lines);
        expect(lines(fromWide)).toEqual(budget.lines);
      }),
    );
  });
});

describe('a scenario kept against a budget', () => {
  const budget = budgetFrom('northern-defence-force-2026-2030-long.csv', 'mapping-long.json');
  const plan = (overrides: Partial<StoredScenarioInput> = {}) =>
    storedScenarioSchema.parse({
      name: 'Towards defence',
      budgetId: 'b',
      startYear: 2026,
      endYear: 2034,
      total: { kind: 'budget' },
      targetShares: { defensive: 0.45, protective: 0.2, peace_operations: 0.1, offensive: 0.15, dual_use: 0.1 },
      reachedIn: 2031,
      conversionCosts: [{ kind: 'personnel_reintegration', year: 2029, amountM: 30 }],
      gdp: { startGdpM: 300_000, growthPercentPerYear: 1.5 },
      ...overrides,
    });

  it("starts from the budget's programme in its start year, follows the budget's totals, and carries its conversion lines in their years", () => {
    const made = scenarioFromBudget(budget, plan());
    if (!('scenario' in made)) throw new Error(JSON.stringify(made.issues));
    const years = projectScenario(made.scenario);
    const balances = new Map(budgetBalances(budget).map((b) => [b.year, b]));
    expect(years[0]!.byClass.offensive).toBeCloseTo(balances.get(2026)!.byClass.offensive, 9);
    for (const y of years.filter((p) => p.year <= 2030)) expect(y.programmeM).toBeCloseTo(balances.get(y.year)!.programmeM, 9);
    // After the budget's last year the programme keeps the last total.
    for (const y of years.filter((p) => p.year > 2030)) expect(y.programmeM).toBeCloseTo(balances.get(2030)!.programmeM, 9);
    const conversionLine = budget.lines.find((l) => l.purpose === 'conversion')!;
    for (const y of years) {
      const own = y.year === 2029 ? 30 : 0;
      expect(y.conversionM, String(y.year)).toBeCloseTo(own + (conversionLine.amountsM[String(y.year)] ?? 0), 9);
      expect(y.totalM).toBeCloseTo(y.programmeM + y.conversionM, 9);
    }
    // Where the budget's own balance is kept (shares unchanged), the scenario's total is the budget's total.
    const held = scenarioFromBudget(budget, plan({ targetShares: balances.get(2026)!.programmeShares, conversionCosts: [] }));
    if (!('scenario' in held)) throw new Error(JSON.stringify(held.issues));
    for (const y of projectScenario(held.scenario).filter((p) => p.year <= 2030)) expect(y.totalM).toBeCloseTo(balances.get(y.year)!.totalM, 9);
  });

  it('refuses a start year the budget does not cover, or one without a programme', () => {
    expect(scenarioFromBudget(budget, plan({ startYear: 2025 }))).toEqual({ issues: [{ path: 'startYear', code: 'not_in_budget', message: 'the budget “Northern Defence Force 2026–2030” has no figures for 2025 (it covers 2026–2030)' }] });
    const empty = budgetSchema.parse({ ...budget, lines: budget.lines.map((l) => ({ ...l, amountsM: { ...l.amountsM, '2026': l.purpose === 'conversion' ? 5 : 0 } })) });
    expect(scenarioFromBudget(empty, plan())).toEqual({ issues: [{ path: 'startYear', code: 'no_programme', message: 'the budget “Northern Defence Force 2026–2030” has no programme to rebalance in 2026 (its lines sum to 0 outside conversion)' }] });
  });

  it('keeps shares summing to 100 % and every conversion cost in its year, for any budget and plan', () => {
    const plans = fc.record({
      budget: budgets,
      offset: fc.nat(),
      span: fc.integer({ min: 0, max: 15 }),
      weights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }).filter((w) => w.some((v) => v > 0)),
      path: fc.constantFrom('budget', 'constant', 'growth'),
      costs: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), amountM: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(plans, ({ budget, offset, span, weights, path, costs }) => {
        const startYear = budget.years[offset % budget.years.length]!;
        const sum = weights.reduce((a, b) => a + b, 0);
        const targetShares = Object.fromEntries(PROGRAMME_CLASSES.map((c, i) => [c, weights[i]! / sum]));
        const p = plan({
          startYear,
          endYear: startYear + span,
          reachedIn: startYear + Math.floor(span / 2),
          targetShares,
          total: path === 'budget' ? { kind: 'budget' } : path === 'growth' ? { kind: 'growth', percentPerYear: 3 } : { kind: 'constant' },
          conversionCosts: costs.map((c) => ({ kind: 'equipment_disposal' as const, year: startYear + Math.round(c.at * span), amountM: c.amountM / 100 })),
          gdp: undefined,
        });
        const made = scenarioFromBudget(budget, p);
        const programme = budgetBalances(budget).find((b) => b.year === startYear)!.programmeM;
        if (programme <= 0) {
          expect(made).toMatchObject({ issues: [{ path: 'startYear', code: 'no_programme' }] });
          return;
        }
        if (!('scenario' in made)) throw new Error(JSON.stringify(made.issues));
        for (const y of projectScenario(made.scenario)) {
          expect(PROGRAMME_CLASSES.reduce((a, c) => a + y.shares[c], 0)).toBeCloseTo(1, 9);
          const fromBudget = budget.lines.filter((l) => l.purpose === 'conversion').reduce((a, l) => a + (l.amountsM[String(y.year)] ?? 0), 0);
          const own = p.conversionCosts.filter((c) => c.year === y.year).reduce((a, c) => a + c.amountM, 0);
          expect(y.conversionM).toBeCloseTo(own + fromBudget, 6);
        }
      }),
    );
  });
});
