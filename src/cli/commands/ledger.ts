import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { currentHead, exportLedgerSegment, parseHeadFile, verifyLedger, verifyLedgerSegment } from '../../application/ledger.service.js';

export function registerLedgerCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const ledger = program.command('ledger').description('the tamper-evident ledger of force requests, judgements, decisions, cases and evidence custody');
  ledger
    .command('verify')
    .description('check every entry (hash, link, signature, payload digest), the signed head, and every force step and custody record against its entry; exit 2 on any failure')
    .option('--head <file>', 'a signed head kept from earlier (haven ledger head): fail unless the ledger still holds it')
    .option('--json', 'print the whole report as JSON')
    .action(async (options: { head?: string; json?: boolean }) => {
      const { readFileSync } = await import('node:fs');
      const earlierHead = options.head ? parseHeadFile(readFileSync(options.head, 'utf8'), options.head) : undefined;
      const result = await inContext((ctx) => verifyLedger(ctx, operator(), earlierHead ? { earlierHead } : {}));
      if (options.json) console.log(JSON.stringify(result, null, 2));
      if (!result.ok) process.exitCode = 2;
      if (options.json) return;
      if (!result.chain.ok) console.error(`LEDGER BROKEN at entry ${result.chain.firstBroken.seq}: ${result.chain.firstBroken.reason}`);
      if (!result.head.ok) console.error(`LEDGER HEAD: ${result.head.reason}`);
      if (result.earlierHead && !result.earlierHead.ok) console.error(`EARLIER HEAD: ${result.earlierHead.reason}`);
      for (const p of result.records.problems) console.error(`RECORD: ${p.table}${p.recordId ? ` ${p.recordId}` : ''} (${p.kind} of ${p.subjectId}): ${p.reason}`);
      if (result.ok) {
        const withheld = result.chain.ok && result.chain.contentWithheld ? `, ${result.chain.contentWithheld} without their payload` : '';
        console.log(
          `ledger verified: ${result.entries} entries${withheld}, chain intact, every signature valid, signed head matches (${result.head.signed?.size ?? 0} entries, last hash ${(result.lastHash ?? '').slice(0, 16)}…), ${result.records.checked} step and custody records match their entries${result.earlierHead ? ', the earlier head is still part of the ledger' : ''}`,
        );
      }
    });
  ledger
    .command('head')
    .description('print the signed head (entry count, newest hash, time, signature): keep it apart, and check later with verify --head')
    .option('-o, --output <file>', 'write it to a file instead')
    .action(async (options: { output?: string }) => {
      const head = await inContext((ctx) => currentHead(ctx, operator()));
      const text = `${JSON.stringify({ head }, null, 2)}\n`;
      if (!options.output) return void process.stdout.write(text);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(options.output, text);
      console.log(`signed head written to ${options.output}: ${head?.size ?? 0} entries`);
    });
  ledger
    .command('export')
    .description('write a segment of the ledger (JSON lines with the public keys and the signed head) that verifies on any machine; payloads only of records you may read')
    .option('--from <seq>', 'first entry', (v) => Number(v), 1)
    .option('--to <seq>', 'last entry', (v) => Number(v))
    .requiredOption('-o, --output <file>', 'where to write the segment')
    .action(async (options: { from: number; to?: number; output: string }) => {
      await inContext(async (ctx) => {
        const out = createWriteStream(options.output);
        let entries = 0;
        for await (const line of exportLedgerSegment(ctx, operator(), options.from, options.to)) {
          if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          if (line.startsWith('{"v":')) entries++;
        }
        await new Promise<void>((resolve) => out.end(resolve));
        console.log(`exported ${entries} ledger entries to ${options.output}`);
      });
    });
  ledger
    .command('verify-segment <file>')
    .description('verify an exported segment with nothing but the file (and the public key you trust)')
    .option('--public-key <file>', 'the PEM public key to trust; without it the keys in the file are used')
    .action(async (file: string, options: { publicKey?: string }) => {
      const { readFileSync } = await import('node:fs');
      const trusted = options.publicKey ? readFileSync(options.publicKey, 'utf8') : undefined;
      const result = verifyLedgerSegment(readFileSync(file, 'utf8').split('\n'), trusted);
      if (!result.chain.ok) console.error(`SEGMENT BROKEN at entry ${result.chain.firstBroken.seq}: ${result.chain.firstBroken.reason}`);
      else if (result.head.ok === false) console.error(`SEGMENT HEAD: ${result.head.reason}`);
      if (result.ok) {
        const chain = result.chain.ok ? result.chain : undefined;
        const payloads = chain ? `, ${chain.payloadsChecked} disclosed payloads match their digests${chain.contentWithheld ? `, ${chain.contentWithheld} older entries without their payload (link and signature checked)` : ''}` : '';
        const head = result.head.ok ? ', ends at the signed head' : result.head.reason ? ` (${result.head.reason})` : '';
        console.log(`segment verified: ${result.entries} entries${result.trustedKey ? `, all signed by ${result.trustedKey}` : ' (keys taken from the file itself)'}${payloads}${head}`);
      } else process.exitCode = 2;
    });
  ledger
    .command('public-key')
    .description('print the public key that signs this ledger (give it to whoever verifies exported segments)')
    .action(async () => {
      await inContext(async (ctx) => console.log(ctx.ledgerKey.publicKeyPem.trim()));
    });
}
