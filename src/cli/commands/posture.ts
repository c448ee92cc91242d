import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { importPeaceOperations, peaceOperationSeries } from '../../application/peace-operations.service.js';
import { postureReport } from '../../application/posture-report.service.js';
import { PRESENCE_KINDS, PRESENCE_LABELS } from '../../core/posture/peace-operations.js';
import { csvRowsOf, readPlaceText } from '../../interchange/place-file.js';

const whole = (n: number) => n.toLocaleString('en-GB');
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

export function registerPostureCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const posture = program.command('posture').description('force posture: the posture report, and UN peace operations by unit type and protective capacity (Geo-PKO)');
  posture
    .command('report')
    .description('the posture report: the capability register under human security and the posture review, as a printable page or a PDF')
    .option('--from <year>', 'first year of the review (default: ten years up to this one)')
    .option('--to <year>', 'last year of the review')
    .option('--budget <id>', 'a stored budget to set beside the holdings')
    .option('--html <file>', 'write the report as a self-contained HTML page')
    .option('--pdf <file>', 'write the report as an A4 PDF (needs Chromium)')
    .action(async (options: { from?: string; to?: string; budget?: string; html?: string; pdf?: string }) => {
      if (!options.html && !options.pdf) throw new Error('say where to write the report: --html <file> and/or --pdf <file>');
      await inContext(async (ctx) => {
        const period = { ...(options.from && { from: options.from }), ...(options.to && { to: options.to }), ...(options.budget && { budget: options.budget }) };
        for (const [format, target] of [['html', options.html], ['pdf', options.pdf]] as const) {
          if (!target) continue;
          const report = await postureReport(ctx, operator(), { ...period, format });
          await writeFile(target, report.body);
          console.log(`wrote ${target}`);
        }
      });
    });

  const pko = posture.command('pko').description("UN peace operations' deployments from Geo-PKO's mission–year–location table");

  pko
    .command('import <file>')
    .description("import a release of Geo-PKO's mission–year–location table (CSV); it replaces the release held")
    .option('--release <name>', 'what to call the release (default: the file name)')
    .option('--encoding <name>', 'the file encoding when it is not UTF-8 or Windows-1252')
    .action(async (file: string, options: { release?: string; encoding?: string }) => {
      await inContext(async (ctx) => {
        const report = await importPeaceOperations(ctx, operator(), async () => csvRowsOf(await readPlaceText({ path: file }, options.encoding)), options.release ?? basename(file));
        console.log(`${report.release}: ${whole(report.rows)} rows, ${whole(report.locationYears)} place-years of ${report.missions} missions, ${report.firstYear}–${report.lastYear}`);
        console.log(`added ${report.added}, changed ${report.changed}, unchanged ${report.unchanged}, removed ${report.removed}`);
        if (report.countriesWithoutCode.length > 0) console.log(`kept without an ISO code (no single country): ${report.countriesWithoutCode.join(', ')}`);
      });
    });

  pko
    .command('series <mission>')
    .description('one mission year by year: troops by type (personnel), places with each element, the protective share')
    .option('--from <year>', 'first year')
    .option('--to <year>', 'last year')
    .option('--json', 'print the API answer')
    .action(async (mission: string, options: { from?: string; to?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const answer = await peaceOperationSeries(ctx, operator(), { mission }, { ...(options.from && { from: options.from }), ...(options.to && { to: options.to }) });
        printOr(options.json, answer, () => [
          `${answer.mission}${answer.release ? ` (release ${answer.release})` : ''}: troops are personnel, yearly means per place; the other columns count places`,
          ['year', 'places', 'troops', 'infantry', 'reserve', 'other', 'type n/g', 'no figure', ...PRESENCE_KINDS.map((k) => PRESENCE_LABELS[k]), 'protective'].join('\t'),
          ...answer.years.map((y) =>
            [y.year, y.locations, whole(y.troops.total), whole(y.troops.infantry), whole(y.troops.reserve), whole(y.troops.other), whole(y.troops.typeUnknown), y.locationsWithoutTroopFigure, ...PRESENCE_KINDS.map((k) => y.locationsWith[k]), percent(y.protectiveShare)].join('\t'),
          ),
          ...(answer.missingYears.length > 0 ? [`no Geo-PKO map for ${answer.missingYears.join(', ')}: a gap, not a year without peacekeepers`] : []),
        ]);
      });
    });
}
