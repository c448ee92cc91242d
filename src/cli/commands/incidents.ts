import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { addSchemaOptions } from '../schema-options.js';
import { listIncidents } from '../../application/incident.service.js';
import { incidentFilterSchema } from '../../core/incident-filter.schema.js';
import type { Incident } from '../../core/incident.schema.js';

/** The register's filter, as the API takes it: `incidents list` and `export` both select incidents with it. */
export function addIncidentFilterOptions(command: Command): Command {
  return addSchemaOptions(command, incidentFilterSchema, {
    from: { value: '<date>' },
    to: { value: '<date>' },
    themes: { value: '<list>' },
    categories: { value: '<list>' },
    countries: { value: '<list>' },
    actor: { value: '<text>' },
    statuses: { value: '<list>' },
    minDeaths: { value: '<n>' },
    bbox: { value: '<w,s,e,n>' },
    q: { value: '<text>' },
    exercise: { value: '<bool>' },
    hasConflicts: { value: '<bool>' },
  });
}

export function registerIncidentCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const incidents = program.command('incidents').description('the harm register');
  addIncidentFilterOptions(incidents.command('list').description('list incidents, newest first, with the same filters as the API'))
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
