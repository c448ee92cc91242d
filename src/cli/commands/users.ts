import { type Command, Option } from 'commander';
import { type CliGlobals, readStdin } from '../cli-context.js';
import { createUserAsOperator } from '../../application/auth.service.js';
import { resetTotpAsOperator } from '../../application/totp.service.js';
import {
  listUserAccounts,
  resetUserPassword,
  revokeUserSessions,
  setUserDisabled,
  setUserRole,
  unlockUser,
  userIdNamed,
} from '../../application/user-administration.service.js';
import { ROLES } from '../../core/access-control.js';
import type { UserAccount } from '../../core/user-account.schema.js';

const statusOf = (a: UserAccount): string =>
  [a.disabled ? 'disabled' : 'active', a.lockedUntil && `locked until ${a.lockedUntil.slice(0, 16).replace('T', ' ')}`, a.mustChangePassword && 'must change password'].filter(Boolean).join(', ');

function printAccounts(accounts: readonly UserAccount[]): void {
  console.log(['USERNAME'.padEnd(20), 'ROLE'.padEnd(24), 'STATUS'.padEnd(30), 'LAST SIGN-IN'.padEnd(17), 'TOTP'.padEnd(9), 'SESSIONS'].join('  '));
  for (const a of accounts) {
    const lastSignIn = a.lastSignInAt ? a.lastSignInAt.slice(0, 16).replace('T', ' ') : 'never';
    console.log([a.username.padEnd(20), a.role.padEnd(24), statusOf(a).padEnd(30), lastSignIn.padEnd(17), a.totp.padEnd(9), String(a.activeSessions)].join('  '));
  }
}

/** `haven user …`: the operator of the machine manages the team (audited as the operator, like `user add`). */
export function registerUserCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const user = program.command('user').description('user accounts: add, list, change role, disable, unlock, reset a password');
  const username = (command: Command) => command.requiredOption('-u, --username <name>', 'login name');
  user
    .command('add')
    .description('create a user; the password is read from standard input, or a one-time password is made, printed once, and must be changed at first sign-in')
    .requiredOption('-u, --username <name>', 'login name')
    .addOption(new Option('-r, --role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('-n, --display-name <name>', 'name shown in the app')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { username: string; role: string; displayName?: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? (await readStdin()).trimEnd() : undefined;
      const created = await inContext((ctx) =>
        createUserAsOperator(ctx, { username: options.username, role: options.role, displayName: options.displayName ?? options.username, ...(password !== undefined && { password }) }),
      );
      console.log(`created ${created.role} ${created.username}`);
      if (created.oneTimePassword) console.log(`one-time password (shown once; to be changed at first sign-in): ${created.oneTimePassword}`);
    });
  user
    .command('list')
    .description('every user with role, status, last sign-in, second factor and live sessions')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const accounts = await inContext((ctx) => listUserAccounts(ctx, 'operator'));
      if (options.json) console.log(JSON.stringify(accounts, null, 2));
      else printAccounts(accounts);
    });
  username(user.command('set-role'))
    .description("change a user's role (from their next request); the last active administrator keeps the role")
    .addOption(new Option('-r, --role <role>', 'new role').choices([...ROLES]).makeOptionMandatory())
    .action(async (options: { username: string; role: string }) => {
      const account = await inContext(async (ctx) => setUserRole(ctx, 'operator', await userIdNamed(ctx, options.username), { role: options.role }));
      console.log(`${account.username} is now ${account.role}`);
    });
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    username(user.command(name))
      .description(disabled ? 'disable a user: no sign-in, sessions ended, API tokens stop working' : 'enable a disabled user')
      .action(async (options: { username: string }) => {
        const result = await inContext(async (ctx) => setUserDisabled(ctx, 'operator', await userIdNamed(ctx, options.username), disabled));
        console.log(`${options.username} ${disabled ? `disabled; ${result.sessionsEnded} session(s) ended` : 'enabled'}`);
      });
  }
  username(user.command('unlock'))
    .description('lift a lock-out after too many failed sign-ins')
    .action(async (options: { username: string }) => {
      const { wasLocked } = await inContext(async (ctx) => unlockUser(ctx, 'operator', await userIdNamed(ctx, options.username)));
      console.log(wasLocked ? `unlocked ${options.username}` : `${options.username} was not locked out`);
    });
  username(user.command('reset-password'))
    .description('give a user a one-time password (printed once), end their sessions and lift a lock-out; they choose a new one at sign-in')
    .action(async (options: { username: string }) => {
      const issued = await inContext(async (ctx) => resetUserPassword(ctx, 'operator', await userIdNamed(ctx, options.username)));
      console.log(`reset the password of ${options.username}; ${issued.sessionsEnded} session(s) ended`);
      console.log(`one-time password (shown once; to be changed at first sign-in): ${issued.oneTimePassword}`);
    });
  username(user.command('revoke-sessions'))
    .description('end every session of a user')
    .action(async (options: { username: string }) => {
      const { sessionsEnded } = await inContext(async (ctx) => revokeUserSessions(ctx, 'operator', await userIdNamed(ctx, options.username)));
      console.log(`${sessionsEnded} session(s) of ${options.username} ended`);
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
