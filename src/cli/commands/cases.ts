import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { arrestsVersusKillings, listCases } from '../../application/case.service.js';

export function registerCaseCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const cases = program.command('cases').description('accountability cases');
  cases
    .command('list')
    .description('list cases, most recently changed first')
    .option('--status <status>', 'only cases with this status (documented, referred, warrant, arrested, tried, outcome, closed_without_action)')
    .option('--category <category>', 'only cases considering this qualification category (war_crime, crime_against_humanity, genocide, serious_human_rights_violation)')
    .option('--incident <id>', 'only cases linked to this incident')
    .option('--limit <n>', 'at most this many (1–500)', '100')
    .option('--json', 'print JSON (an array of case summaries)')
    .action(async (options: { status?: string; category?: string; incident?: string; limit: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const items = await listCases(ctx, operator(), { status: options.status, category: options.category, incidentId: options.incident, limit: options.limit });
        if (options.json) {
          console.log(JSON.stringify(items, null, 2));
          return;
        }
        for (const c of items) console.log([c.updatedAt.slice(0, 10), c.status.padEnd(21), `${c.incidentCount} incidents`.padEnd(12), c.categories.join(',').padEnd(30), c.title, c.id].join('  '));
        if (items.length === 0) console.log('no cases');
      });
    });
  cases
    .command('arrests-vs-killings')
    .description('suspects arrested or surrendered against suspects killed, by the date it happened')
    .option('--from <date>', 'from this day (YYYY-MM-DD)')
    .option('--to <date>', 'up to this day')
    .option('--json', 'print JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const counts = await arrestsVersusKillings(ctx, operator(), { from: options.from, to: options.to });
        if (options.json) console.log(JSON.stringify(counts, null, 2));
        else console.log(`arrested ${counts.arrested}, surrendered ${counts.surrendered}, killed ${counts.killed}, escaped ${counts.escaped}, released ${counts.released}; taken alive: ${counts.takenAliveShare === null ? '—' : `${Math.round(counts.takenAliveShare * 100)}%`}`);
      });
    });
}
