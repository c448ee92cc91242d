import { basename } from 'node:path';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { armsCompanies, importArmsCompanies } from '../../application/arms-companies.service.js';
import { compareRebalancingScenarios, importMilitaryExpenditure, milexSeries, milexTotals } from '../../application/spending.service.js';
import { PROGRAMME_CLASSES } from '../../core/spending/rebalancing.js';
import { DomainError } from '../../core/errors.js';
import { MILEX_MEASURES } from '../../core/spending/military-expenditure.js';
import { splitEntityList } from '../../core/spending/spending-api.schema.js';
import { csvRowsOf, readPlaceText } from '../../interchange/place-file.js';
import { readFile } from 'node:fs/promises';

const figure = (value: number | null, measure: string) =>
  value === null ? 'no figure' : measure.startsWith('share') ? `${(value * 100).toFixed(2)} %` : value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export function registerSpendingCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const spending = program.command('spending').description('military expenditure (SIPRI): import a release, series by country, world and regional totals');

  spending
    .command('import <file>')
    .description("import a release of SIPRI's military expenditure database (its long table, CSV); it replaces the release held")
    .option('--release <name>', 'what to call the release (default: the file name)')
    .option('--encoding <name>', 'the file encoding when it is not UTF-8 or Windows-1252')
    .action(async (file: string, options: { release?: string; encoding?: string }) => {
      await inContext(async (ctx) => {
        const report = await importMilitaryExpenditure(ctx, operator(), async () => csvRowsOf(await readPlaceText({ path: file }, options.encoding)), options.release ?? basename(file));
        console.log(`${report.release}: ${report.rows} rows, ${report.entities} countries and other entities, ${report.firstYear}–${report.lastYear}, constant prices of ${report.priceBaseYear}`);
        console.log(`added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, removed ${report.removed}`);
        if (report.skipped.length > 0) console.log(`skipped ${report.skipped.length} heading row(s): ${[...new Set(report.skipped.map((s) => s.reason))].join('; ')}`);
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

  spending
    .command('scenario <files...>')
    .description('project rebalancing scenarios (JSON files, one scenario each: see docs/posture-and-spending.md) and compare them side by side')
    .option('--json', 'print the API answer')
    .action(async (files: string[], options: { json?: boolean }) => {
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
}
