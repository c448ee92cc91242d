import type { Command } from 'commander';
import { type CliGlobals, databaseUrl, operator } from '../cli-context.js';
import { migrateDatabase } from '../../composition/app-context.js';
import { backupDatabase, restoreDatabase } from '../../application/backup.service.js';
import { progressBar } from '../progress.js';

export function registerDatabaseCommands(program: Command, cli: CliGlobals): void {
  const database = program.command('db').description('database administration');
  database
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const applied = await migrateDatabase(databaseUrl(cli.database()));
      console.log(applied.length ? applied.map((r) => `${r.status}: ${r.migrationName}`).join('\n') : 'already up to date');
    });
}

/** Backup and restore, registered apart from `db` only to keep their place in `haven --help`. */
export function registerBackupCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  program
    .command('backup <file>')
    .description('write a consistent online backup (gzipped JSON lines; restores into SQLite or PostgreSQL)')
    .action(async (file: string) => {
      await inContext(async (ctx) => {
        const bar = progressBar('Backing up');
        const header = await backupDatabase(ctx, file, bar.update);
        bar.stop();
        console.log(`backup written to ${file}: ${header.rowCounts.incidents} incidents, ${Object.values(header.rowCounts).reduce((a, b) => a + b, 0)} rows`);
        if (header.evidence.files) console.log(`evidence files copied to ${file}.evidence/: ${header.evidence.files} (keep that directory with the backup)`);
        for (const problem of header.evidence.mismatched) console.error(`warning: evidence file ${problem}; run haven evidence verify`);
      });
    });

  program
    .command('restore <file>')
    .description('replace the whole database with a backup, atomically')
    .option('-y, --yes', 'confirm that everything now in the database is replaced')
    .action(async (file: string, options: { yes?: boolean }) => {
      if (!options.yes) throw new Error('restore replaces everything in the database; run again with --yes to confirm');
      await inContext(async (ctx) => {
        const bar = progressBar('Restoring');
        const header = await restoreDatabase(ctx, operator(), file, bar.update);
        bar.stop();
        console.log(`restored ${header.rowCounts.incidents} incidents from the backup of ${header.createdAt}`);
      });
    });
}
