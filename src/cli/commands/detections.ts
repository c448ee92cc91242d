import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { addSchemaOptions } from '../schema-options.js';
import { detectionFilterSchema } from '../../core/detection/detection.js';
import { progressBar } from '../progress.js';
import { listDetections, runDetections } from '../../application/detection.service.js';

export function registerDetectionCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  program
    .command('detect')
    .description('run detection (protected sites, corridors and safe havens, ceasefire violations) over the incidents of a period, or all of them; idempotent, keeps reviews')
    .option('--from <date>', "incidents whose dates overlap from this day (YYYY-MM-DD)")
    .option('--to <date>', 'up to this day')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const bar = progressBar('Detecting');
        const report = await runDetections(ctx, operator(), { from: options.from, to: options.to }, (p) => bar.update(p.done, p.total));
        bar.stop();
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else {
          console.log(
            `checked ${report.incidents} incidents: ${report.found} detections found (${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged); ${report.lapsed} earlier ones no longer found, marked lapsed`,
          );
        }
      });
    });

  const detections = program.command('detections').description('what detection found, for review');
  addSchemaOptions(detections.command('list').description('list detections, latest incidents first'), detectionFilterSchema, {
    kind: { value: '<kind>' },
    status: { value: '<status>' },
    grade: { value: '<grade>' },
    from: { value: '<date>' },
    to: { value: '<date>' },
    // Reached from the site, zone, agreement or incident in the web app; not asked for at the shell.
    siteId: false,
    zoneId: false,
    agreementId: false,
    incidentId: false,
    country: { value: '<iso3>' },
    includeLapsed: {},
    limit: { value: '<n>', default: '50' },
    offset: { value: '<n>', default: '0' },
  })
    .option('--json', 'print JSON ({ items, total })')
    .action(async (options: { kind?: string; status?: string; grade?: string; from?: string; to?: string; country?: string; includeLapsed?: boolean; limit: string; offset: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const { json, ...filter } = options;
        const page = await listDetections(ctx, operator(), filter);
        if (json) {
          console.log(JSON.stringify(page, null, 2));
          return;
        }
        for (const d of page.items) {
          console.log([d.dateEarliest ?? '', d.kind.padEnd(19), (d.grade ?? '').padEnd(8), d.status.padEnd(9), d.summary, d.id].join('  '));
        }
        console.log(page.total === 0 ? 'no detections' : `${page.items.length} of ${page.total}`);
      });
    });
}
