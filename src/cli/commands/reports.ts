import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import { renderPdf } from '../../infrastructure/pdf-renderer.js';
import { situationReportHtml } from '../../application/situation-report.service.js';

export function registerReportCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  program
    .command('report')
    .description('a situation report for an area and period: printable HTML and, with --pdf, a PDF printed by headless Chromium')
    .option('--area <ISO3>', 'the country, as an ISO 3166-1 alpha-3 code (e.g. MMR)')
    .option('--bbox <w,s,e,n>', 'or a box in degrees instead of a country')
    .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD)')
    .option('--pdf <file>', 'write the PDF here')
    .option('--html <file>', 'write the HTML here (without --pdf or --html, the HTML goes to standard output)')
    .option('--as <username>', 'report as this Haven user: what their role may see, restricted records they are named on included')
    .action(async (options: { area?: string; bbox?: string; from: string; to: string; pdf?: string; html?: string; as?: string }) => {
      const { writeFile } = await import('node:fs/promises');
      await inContext(async (ctx) => {
        const actor = options.as ? await actorAsOperatorNamed(ctx, options.as) : operator();
        const html = await situationReportHtml(ctx, actor, { country: options.area, bbox: options.bbox, from: options.from, to: options.to });
        if (options.html) {
          await writeFile(options.html, html);
          console.error(`wrote the situation report (HTML) to ${options.html}`);
        }
        if (options.pdf) {
          const pdf = await renderPdf(html);
          await writeFile(options.pdf, pdf);
          console.error(`wrote the situation report (PDF, ${Math.ceil(pdf.length / 1024)} kB) to ${options.pdf}`);
        }
        if (!options.html && !options.pdf) process.stdout.write(html);
      });
    });
}
