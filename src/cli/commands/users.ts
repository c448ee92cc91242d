import { type Command, Option } from 'commander';
import { type CliGlobals, readStdin } from '../cli-context.js';
import { createUserAsOperator } from '../../application/auth.service.js';
import { resetTotpAsOperator } from '../../application/totp.service.js';
import { ROLES } from '../../core/access-control.js';

export function registerUserCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const user = program.command('user').description('user accounts');
  user
    .command('add')
    .description('create a user; the password is read from standard input, or generated and printed once')
    .requiredOption('-u, --username <name>', 'login name')
    .addOption(new Option('-r, --role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('-n, --display-name <name>', 'name shown in the app')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { username: string; role: string; displayName?: string; passwordStdin?: boolean }) => {
      const { randomBytes } = await import('node:crypto');
      const password = options.passwordStdin ? (await readStdin()).trimEnd() : randomBytes(18).toString('base64url');
      const created = await inContext((ctx) =>
        createUserAsOperator(ctx, { username: options.username, role: options.role, displayName: options.displayName ?? options.username, password }),
      );
      console.log(`created ${created.role} ${created.username}`);
      if (!options.passwordStdin) console.log(`password (shown once): ${password}`);
    });
  user
    .command('reset-totp')
    .description("remove a user's TOTP second factor (a lost device); they sign in with the password alone and may enrol again")
    .requiredOption('-u, --username <name>', 'login name')
    .action(async (options: { username: string }) => {
      const { removed } = await inContext((ctx) => resetTotpAsOperator(ctx, options.username));
      console.log(removed ? `removed the second factor of ${options.username}` : `${options.username} had no second factor`);
    });
}
