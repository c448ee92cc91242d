import { basename } from 'node:path';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { armsCompanies, importArmsCompanies } from '../../application/arms-companies.service.js';
import { compareRebalancingScenarios, importMilitaryExpenditure, milexSeries, milexTotals } from '../../application/spending.service.js';
import { PROGRAMME_CLASSES } from '../../core/spending/rebalancing.js';
import { DomainError } from '../../core/errors.js';
import { MILEX_MEASURES } from '../../core/spending/military-expenditure.js';
import { splitEntityList } from '../../core/spending/spending-api.schema.js';
import { readMilexFile } from '../../interchange/milex-file.js';
import { csvRowsOf, readPlaceText } from '../../interchange/place-file.js';
import { readFile, writeFile } from 'node:fs/promises';
import { budgetIdOf, importBudget, listBudgets } from '../../application/budget.service.js';
import { compareStoredScenarios, createScenario, listScenarios, scenarioReport, updateScenario } from '../../application/rebalancing-scenario.service.js';
import { amountUnitText, yearsText } from '../../core/spending/budget.js';
import type { StoredComparison } from '../../core/spending/budget-api.schema.js';

const figure = (value: number | null, measure: string) =>
  value === null ? 'no figure' : measure.startsWith('share') ? `${(value * 100).toFixed(2)} %` : value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export function registerSpendingCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const spending = program.command('spending').description('military expenditure (SIPRI): import a release, series by country, world and regional totals');

  spending
    .command('import <file>')
    .description("import a release of SIPRI's military expenditure database (its long table as CSV, or SIPRI's workbook as .xlsx); it replaces the release held")
    .option('--release <name>', 'what to call the release (default: the file name)')
    .option('--encoding <name>', 'the file encoding when it is not UTF-8 or Windows-1252')
    .action(async (file: string, options: { release?: string; encoding?: string }) => {
      await inContext(async (ctx) => {
        const report = await importMilitaryExpenditure(ctx, operator(), () => readMilexFile({ path: file }, options.encoding), options.release ?? basename(file));
        for (const sheet of report.sheets ?? []) console.log(`sheet "${sheet.sheet}" (${sheet.measure}): header on row ${sheet.headerRow}, ${sheet.entities} countries and other entities, ${sheet.firstYear}–${sheet.lastYear}`);
        console.log(`${report.release}: ${report.rows} ${report.format === 'xlsx' ? 'country-years' : 'rows'}, ${report.entities} countries and other entities, ${report.firstYear}–${report.lastYear}, constant prices of ${report.priceBaseYear}`);
        console.log(`added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, removed ${report.removed}`);
        if (report.skipped.length > 0) console.log(`skipped ${report.skipped.length} row(s) without figures: ${[...new Set(report.skipped.map((s) => s.reason))].slice(0, 10).join('; ')}`);
      });
    });

  spending
    .command('series')
    .description('one measure for some countries, a line per year; a missing figure says why, never 0')
    .requiredOption('--country <codes>', 'ISO alpha-3 codes or SIPRI names, comma-separated (e.g. NGA,TCD or USSR)')
    .option('--measure <measure>', MILEX_MEASURES.join(', '), 'constantUsdM')
    .requiredOption('--from <year>', 'first year')
    .requiredOption('--to <year>', 'last year')
    .option('--json', 'print the API answer')
    .action(async (options: { country: string; measure: string; from: string; to: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await milexSeries(ctx, operator(), { entities: splitEntityList(options.country), measure: options.measure, from: options.from, to: options.to });
        printOr(options.json, answer, () =>
          answer.series.flatMap((s) => [`${s.entity}${s.country ? ` (${s.country})` : ''} — ${s.measure}${s.measure === 'constantUsdM' && answer.priceBaseYear ? `, ${answer.priceBaseYear} prices` : ''}`, ...s.points.map((p) => `  ${p.year}\t${figure(p.value, s.measure)}${p.flags.length ? `\t(${p.flags.join(', ').replaceAll('_', ' ')})` : ''}`)]),
        );
      });
    });

  spending
    .command('totals')
    .description('world, regional or subregional totals per year (US$ m), with the states counted and those without a figure')
    .option('--grouping <grouping>', 'world, region or subregion', 'world')
    .option('--measure <measure>', 'constantUsdM or currentUsdM', 'constantUsdM')
    .requiredOption('--from <year>', 'first year')
    .requiredOption('--to <year>', 'last year')
    .option('--json', 'print the API answer')
    .action(async (options: { grouping: string; measure: string; from: string; to: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await milexTotals(ctx, operator(), options);
        printOr(options.json, answer, () =>
          answer.totals.map((t) => `${t.group}\t${t.year}\t${figure(t.total, options.measure)}\t${t.counted} states${t.missing.length ? `; no figure for ${t.missing.length}: ${t.missing.slice(0, 6).join(', ')}${t.missing.length > 6 ? ' …' : ''}` : ''}`),
        );
      });
    });

  const companies = spending.command('companies').description('the SIPRI Top 100 arms-producing and military services companies, by year');
  companies
    .command('import <file>')
    .description("import a year's SIPRI Top 100 (CSV); it replaces the list held for that year, other years stay")
    .option('--release <name>', 'what to call the release (default: the file name)')
    .option('--encoding <name>', 'the file encoding when it is not UTF-8 or Windows-1252')
    .action(async (file: string, options: { release?: string; encoding?: string }) => {
      await inContext(async (ctx) => {
        const report = await importArmsCompanies(ctx, operator(), async () => csvRowsOf(await readPlaceText({ path: file }, options.encoding)), options.release ?? basename(file));
        console.log(`${report.release}: the ${report.year} list, ${report.companies} companies of ${report.countries} countries`);
        console.log(`added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, removed ${report.removed}`);
        if (report.countriesWithoutCode.length > 0) console.log(`kept without an ISO code: ${report.countriesWithoutCode.join(', ')}`);
      });
    });
  companies
    .command('list')
    .description("a year's list by rank (the latest held unless --year), for one country or all")
    .option('--year <year>', 'the list of this year')
    .option('--country <country>', 'ISO alpha-3 code or SIPRI\'s name (e.g. DEU, Trans-European)')
    .option('--json', 'print the API answer')
    .action(async (options: { year?: string; country?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await armsCompanies(ctx, operator(), { ...(options.year && { year: options.year }), ...(options.country && { country: options.country }) });
        const share = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
        printOr(options.json, answer, () =>
          answer.year === null
            ? ['no Top 100 list is held: import one with haven spending companies import <file>']
            : [
                `SIPRI Top 100, ${answer.year}${answer.release ? ` (${answer.release})` : ''}: ${answer.listed} companies, ${figure(answer.listTotalUsdM, 'currentUsdM')} US$ m of arms revenue together`,
                'rank	company	country	arms revenue (US$ m)	of its revenue	of the list',
                ...answer.companies.map((c) => `${c.rank}	${c.company}	${c.country}	${figure(c.armsRevenueUsdM, 'currentUsdM')}	${share(c.armsShareOfTotal)}	${share(c.shareOfListTotal)}`),
              ],
        );
      });
    });

  registerBudgetCommands(spending, cli);

  const scenario = spending
    .command('scenario')
    .argument('[files...]')
    .description('project rebalancing scenarios (JSON files, one scenario each: see docs/posture-and-spending.md) and compare them side by side')
    .option('--json', 'print the API answer')
    .action(async (files: string[], options: { json?: boolean }) => {
      if (files.length === 0) throw new DomainError('validation_failed', 'give one or more scenario files (JSON), or a command: save, list, compare');
      const scenarios = await Promise.all(
        files.map(async (file) => {
          try {
            return JSON.parse(await readFile(file, 'utf8')) as unknown;
          } catch (error) {
            throw new DomainError('validation_failed', `${file} is not a JSON scenario: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
      const { scenarios: compared } = compareRebalancingScenarios(operator(), { scenarios });
      const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
      printOr(options.json, { scenarios: compared }, () =>
        compared.flatMap((s) => [
          `${s.name}: ${figure(s.cumulativeM, 'constantUsdM')} US$ m over ${s.years.length} years, of which conversion ${figure(s.cumulativeConversionM, 'constantUsdM')}; at the end protective ${pct(s.finalProtectiveShare)}, offensive and nuclear ${pct(s.finalOffensiveShare)}`,
          `  year\ttotal\tconversion\t${PROGRAMME_CLASSES.join('\t')}\tshare of GDP`,
          ...s.years.map((y) => `  ${y.year}\t${figure(y.totalM, 'constantUsdM')}\t${figure(y.conversionM, 'constantUsdM')}\t${PROGRAMME_CLASSES.map((c) => pct(y.shares[c])).join('\t')}\t${y.shareOfGdp === null ? '—' : pct(y.shareOfGdp)}`),
        ]),
      );
    });

  registerStoredScenarioCommands(scenario, cli);
}

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
const amountText = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

async function readJsonFile(file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new DomainError('validation_failed', `${file} is not a JSON ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function registerBudgetCommands(spending: Command, cli: CliGlobals): void {
  const budget = spending.command('budget').description('force budgets: lines in NATO categories, classed by purpose, an amount per year (docs/posture-and-spending.md)');

  budget
    .command('import <file>')
    .description('import a budget from a CSV with a column mapping (a row per line and year, or a column per year); the name of a budget held updates it in place')
    .requiredOption('--name <name>', "the budget's name (a re-import with the same name updates it)")
    .requiredOption('--force <force>', 'the force the budget pays for')
    .requiredOption('--currency <code>', 'ISO 4217 currency code of the amounts (USD, EUR, NGN …)')
    .requiredOption('-m, --mapping <file>', 'the column mapping, JSON (examples in test/fixtures/budgets/)')
    .option('--price-basis <basis>', 'current or constant', 'current')
    .option('--price-base-year <year>', 'with --price-basis constant: the year whose prices the amounts are in')
    .option('--note <text>', 'where the figures come from')
    .option('--encoding <name>', 'the file encoding when it is not UTF-8 or Windows-1252')
    .option('--json', 'print the API answer')
    .action(async (file: string, options: { name: string; force: string; currency: string; mapping: string; priceBasis: string; priceBaseYear?: string; note?: string; encoding?: string; json?: boolean }) => {
      const mapping = await readFile(options.mapping, 'utf8');
      await cli.inContext(async (ctx) => {
        const query = { name: options.name, force: options.force, currency: options.currency, priceBasis: options.priceBasis, priceBaseYear: options.priceBaseYear, note: options.note, mapping, encoding: options.encoding };
        const report = await importBudget(ctx, operator(), async () => csvRowsOf(await readPlaceText({ path: file }, options.encoding)), query);
        const { budget: b } = report.record;
        printOr(options.json, report, () => [
          `${b.name}: ${report.outcome}${report.outcome === 'unchanged' ? '' : ` (version ${report.record.version})`} — ${b.lines.length} lines over ${yearsText(b.years)}, ${amountUnitText(b.currency, b.priceBasis)}, from ${report.rows} rows`,
          ...report.record.balance.map((y) => `  ${y.year}\ttotal ${amountText(y.totalM)}\tprogramme ${amountText(y.programmeM)}\tconversion ${amountText(y.byClass.conversion)}`),
          `id ${report.record.id}`,
        ]);
      });
    });

  budget
    .command('list')
    .description('the budgets held: name, force, years, total per year')
    .option('--json', 'print the API answer')
    .action(async (options: { json?: boolean }) => {
      await cli.inContext(async (ctx) => {
        const list = await listBudgets(ctx, operator());
        printOr(options.json, list, () =>
          list.items.length === 0
            ? ['no budgets held']
            : list.items.map((b) => `${b.id}\t${b.name}\t${b.force}\t${yearsText(b.years)}\t${b.lineCount} lines\t${amountUnitText(b.currency, b.priceBasis)}\tv${b.version}\t${b.totals.map((t) => `${t.year}: ${amountText(t.totalM)}`).join(', ')}`),
        );
      });
    });
}

function comparisonLines(comparison: StoredComparison): string[] {
  const unit = amountUnitText(comparison.currency, comparison.priceBasis);
  return comparison.scenarios.flatMap((s) => [
    `${s.name} (v${s.version}${s.latest ? '' : ', not the latest'}; budget ${s.budget.name} v${s.budget.version}): ${amountText(s.cumulativeM)} ${unit} over ${s.years.length} years, of which conversion ${amountText(s.cumulativeConversionM)}; at the end protective ${pct(s.finalProtectiveShare)}, offensive and nuclear ${pct(s.finalOffensiveShare)}`,
    `  year\ttotal\tconversion\t${PROGRAMME_CLASSES.join('\t')}\tshare of GDP`,
    ...s.years.map((y) => `  ${y.year}\t${amountText(y.totalM)}\t${amountText(y.conversionM)}\t${PROGRAMME_CLASSES.map((c) => pct(y.shares[c])).join('\t')}\t${pct(y.shareOfGdp)}`),
  ]);
}

/**
 * `haven spending scenario save|list|compare`. Their parent takes scenario files and --json itself, and commander
 * gives a parent's option to the parent even when it follows the subcommand: each reads its options with the parent's.
 */
function registerStoredScenarioCommands(scenario: Command, cli: CliGlobals): void {
  scenario
    .command('save <file>')
    .description('save a scenario (JSON) against a budget: a new one, or with --id a new version of one held')
    .option('--budget <name-or-id>', 'the budget it starts from (instead of the file’s budgetId)')
    .option('--id <id>', 'the scenario to save a new version of')
    .option('--based-on <version>', 'with --id: the version the file was based on (a stale one is refused)')
    .option('--json', 'print the API answer')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ budget?: string; id?: string; basedOn?: string; json?: boolean }>();
      const content = await readJsonFile(file, 'scenario');
      if (options.id && options.basedOn === undefined) throw new DomainError('validation_failed', 'with --id, give --based-on: the version your file is based on');
      await cli.inContext(async (ctx) => {
        const plan = typeof content === 'object' && content !== null && options.budget ? { ...content, budgetId: await budgetIdOf(ctx, operator(), options.budget) } : content;
        const record = options.id ? await updateScenario(ctx, operator(), options.id, { version: Number(options.basedOn), scenario: plan }) : await createScenario(ctx, operator(), plan);
        printOr(options.json, record, () => [`${record.scenario.name}: version ${record.version}, against budget ${record.budget.name} (v${record.budget.version})`, `id ${record.id}`]);
      });
    });

  scenario
    .command('list')
    .description('the scenarios held, with their budgets')
    .option('--json', 'print the API answer')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ json?: boolean }>();
      await cli.inContext(async (ctx) => {
        const list = await listScenarios(ctx, operator());
        printOr(options.json, list, () =>
          list.items.length === 0 ? ['no scenarios held'] : list.items.map((s) => `${s.id}\t${s.scenario.name}\tv${s.version}\t${s.scenario.startYear}–${s.scenario.endYear}\tbudget ${s.budget.name}`),
        );
      });
    });

  scenario
    .command('compare <ids...>')
    .description('compare stored scenarios (an id, or id@version for an earlier version) side by side; --html or --pdf writes the printable report')
    .option('--json', 'print the API answer')
    .option('--html <file>', 'write the report as a self-contained HTML page')
    .option('--pdf <file>', 'write the report as an A4 PDF (needs Chromium)')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ json?: boolean; html?: string; pdf?: string }>();
      await cli.inContext(async (ctx) => {
        const comparison = await compareStoredScenarios(ctx, operator(), { ids: ids.join(',') });
        for (const [format, target] of [['html', options.html], ['pdf', options.pdf]] as const) {
          if (!target) continue;
          const report = await scenarioReport(ctx, operator(), { ids: ids.join(','), format });
          await writeFile(target, report.body);
        }
        printOr(options.json, comparison, () => comparisonLines(comparison));
      });
    });
}
