import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { verifyEvidence } from '../../application/evidence.service.js';

export function registerEvidenceCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const evidence = program.command('evidence').description('evidence items and their chain of custody');
  evidence
    .command('verify')
    .description('re-hash every stored original against its recorded SHA-256 and check every custody event against the ledger; exit 2 on any failure')
    .option('--json', 'print the whole report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await inContext((ctx) => verifyEvidence(ctx, operator()));
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const f of report.files) {
          console.error(`${f.problem.toUpperCase()}: the ${f.copy === 'original' ? 'original' : 'working copy'} of evidence item ${f.itemId} (${f.originalName}) ${f.problem === 'missing' ? 'is not in the evidence store' : `has SHA-256 ${f.actualSha256}, recorded ${f.expectedSha256}`}`);
        }
        for (const c of report.custody.notInLedger) console.error(`CUSTODY: the ${c.kind} event of evidence item ${c.itemId} (ledger entry ${c.ledgerSeq}): ${c.reason}`);
        for (const c of report.custody.missingFromCustody) console.error(`CUSTODY: ledger entry ${c.ledgerSeq} (${c.kind} of evidence item ${c.itemId}) has no custody record`);
        if (!report.ledger.ok) console.error(`LEDGER BROKEN at entry ${report.ledger.firstBroken.seq}: ${report.ledger.firstBroken.reason}`);
        if (!report.ledgerHead.ok) console.error(`LEDGER HEAD: ${report.ledgerHead.reason}`);
        if (report.ok) console.log(`evidence verified: ${report.items} ${report.items === 1 ? 'item' : 'items'}, every original matches its SHA-256, ${report.custody.events} custody events all in a verifying ledger`);
        else console.error(`evidence verification FAILED: ${report.intact} of ${report.items} items intact`);
      }
      if (!report.ok) process.exitCode = 2;
    });
}
