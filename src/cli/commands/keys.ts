import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { progressBar } from '../progress.js';
import { rotateMasterKeys } from '../../application/key-rotation.service.js';
import { masterKeySource } from '../../application/master-keys.js';

export function registerKeyCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const keys = program.command('keys').description('the master keys that protect sensitive details');
  keys
    .command('rotate')
    .description('create a new master key and re-wrap every data key with it, in batches; safe to interrupt and run again, while the server runs')
    .option('--batch-size <n>', 'rows per transaction', (v) => Number(v), 500)
    .action(async (options: { batchSize: number }) => {
      const source = masterKeySource(cli.masterKeyFile());
      await inContext(async (ctx) => {
        const bar = progressBar('Re-wrapping data keys');
        const report = await rotateMasterKeys(ctx, operator(), source, {
          batchSize: options.batchSize,
          onProgress: (p) => {
            bar.update(p.done, p.total);
            if (!process.stderr.isTTY && p.done > 0) console.error(`re-wrapped ${p.done} of ${p.total}`);
          },
        });
        bar.stop();
        if (report.resumed) console.log('resumed an interrupted rotation');
        console.log(`master key is now ${report.keyId}: re-wrapped ${report.rewrapped} data keys, sealed ${report.sealed} older plaintext records`);
        if (report.retiredKeyIds.length > 0) {
          console.log(
            source.kind === 'file'
              ? `retired ${report.retiredKeyIds.join(', ')} (removed from ${source.file}; keep an old copy of the file only if you must restore older backups)`
              : `no data key needs ${report.retiredKeyIds.join(', ')} any more: remove it from HAVEN_MASTER_KEY`,
          );
        }
      });
    });
}
