import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { listIncidents } from '../../application/incident.service.js';
import type { Incident } from '../../core/incident.schema.js';

export function registerIncidentCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const incidents = program.command('incidents').description('the harm register');
  incidents
    .command('list')
    .description('list incidents, newest first, with the same filters as the API')
    .option('--from <date>', 'date window overlaps from this day (YYYY-MM-DD)')
    .option('--to <date>', 'date window overlaps up to this day')
    .option('--themes <list>', 'comma-separated themes')
    .option('--categories <list>', 'comma-separated categories')
    .option('--countries <list>', 'comma-separated ISO 3166-1 alpha-3 codes')
    .option('--actor <text>', 'an actor whose name contains this text')
    .option('--statuses <list>', 'comma-separated verification statuses')
    .option('--min-deaths <n>', 'at least this many killed (best estimate)')
    .option('--bbox <w,s,e,n>', 'bounding box in degrees')
    .option('--q <text>', 'text in title or narrative')
    .option('--exercise <bool>', 'true: only exercise data; false: only real data')
    .option('--limit <n>', 'page size (1–1000)', '50')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'every matching incident, page after page')
    .option('--json', 'print JSON (one document with items and nextCursor; with --all, an array)')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const { limit, cursor, all, json, ...filter } = options;
      await inContext(async (ctx) => {
        const items: Incident[] = [];
        let next = cursor as string | undefined;
        do {
          const page = await listIncidents(ctx, operator(), filter, { limit, cursor: next });
          if (!all) {
            if (json) console.log(JSON.stringify(page, null, 2));
            else printTable(page.items, page.nextCursor);
            return;
          }
          items.push(...page.items);
          next = page.nextCursor ?? undefined;
        } while (next);
        if (json) console.log(JSON.stringify(items, null, 2));
        else printTable(items, null);
      });
    });
}

function printTable(items: Incident[], nextCursor: string | null): void {
  for (const i of items) {
    const killed = i.killed.low === i.killed.high ? `${i.killed.best}` : `${i.killed.best} (${i.killed.low}–${i.killed.high})`;
    console.log([i.dateEarliest, i.location.country, i.verificationStatus.padEnd(12), `killed ${killed}`.padEnd(20), i.title, i.id].join('  '));
  }
  if (nextCursor) console.log(`more: --cursor ${nextCursor}`);
}
