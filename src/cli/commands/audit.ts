import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import { listAuditEntries } from '../../application/audit.service.js';

export function registerAuditCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const auditLog = program.command('audit').description('the audit log: who did what to which record, and when');
  auditLog
    .command('list')
    .description('audit entries, newest first: sensitive exports, restrictions, group changes, every edit (entries of restricted records only for those named on them)')
    .option('--entity-type <type>', 'only entries about this kind of thing (incident, case, evidence, group, user, export …)')
    .option('--entity-id <id>', 'only entries about this record')
    .option('--actor <user>', 'only entries by this user (username or id)')
    .option('--action <action>', 'only this action (group.members) or family of actions (group)')
    .option('--from <time>', 'from this day (YYYY-MM-DD) or ISO time')
    .option('--to <time>', 'up to this day (included) or ISO time')
    .option('--limit <n>', 'at most this many (1–500)', '50')
    .option('--cursor <cursor>', 'the next page, as the previous one gave it')
    .option('--as <username>', 'read as this Haven user (needs audit:read): restricted records they are named on included')
    .option('--json', 'print JSON ({ items, nextCursor })')
    .action(
      async (options: { entityType?: string; entityId?: string; actor?: string; action?: string; from?: string; to?: string; limit: string; cursor?: string; as?: string; json?: boolean }) => {
        await inContext(async (ctx) => {
          const { json, as, ...query } = options;
          const page = await listAuditEntries(ctx, as ? await actorAsOperatorNamed(ctx, as) : operator(), query);
          if (json) {
            console.log(JSON.stringify(page, null, 2));
            return;
          }
          for (const e of page.items) {
            console.log([e.at, (e.username ?? e.userId ?? '—').padEnd(20), e.action.padEnd(28), `${e.entityType} ${e.entityId}`, JSON.stringify(e.changes)].join('  '));
          }
          if (page.items.length === 0) console.log('no entries');
          if (page.nextCursor) console.log(`more: --cursor ${page.nextCursor}`);
        });
      },
    );
}
