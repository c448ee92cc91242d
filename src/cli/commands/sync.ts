import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr, readStdin } from '../cli-context.js';
import { progressBar } from '../progress.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import { addPeer, exportBundle, identityBlock, importBundle, instanceIdentity, listPeers, verifyForeignLedger, type ImportReport } from '../../application/sync.service.js';
import { createSyncToken, pullFromPeer, pushToPeer, type SyncTransport } from '../../application/sync-network.service.js';
import type { AppContext } from '../../application/app-context.js';
import type { SyncImportReport } from '../../core/sync/http.schema.js';
import { PRIVATE_FILE_MODE } from '../../infrastructure/private-files.js';
import { httpSyncTransport, parseSyncUrl, SyncTransportError, tokenFromFile } from '../../infrastructure/sync-http-client.js';

/** `haven sync …`: this instance's identity, its peers, and bundles carried across an air gap (docs/field-use.md). */
export function registerSyncCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const sync = program.command('sync').description('exchange changes with another Haven instance (field office ↔ headquarters), by signed and encrypted bundle');

  sync
    .command('identity')
    .description("print this instance's identity (name, id, public keys) as a block to give the other instance's operator")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await inContext(async (ctx) => {
        const identity = instanceIdentity(ctx);
        if (options.json) console.log(JSON.stringify(identity, null, 2));
        else process.stdout.write(identityBlock(ctx));
      });
    });

  const peers = sync.command('peers').description('the instances this one exchanges bundles with');
  peers
    .command('add <name> <file>')
    .description('register another instance from its identity block (a file, or - for standard input), under a name of your choosing')
    .action(async (name: string, file: string) => {
      const block = file === '-' ? await readStdin() : await readFile(file, 'utf8');
      await inContext(async (ctx) => {
        const peer = await addPeer(ctx, operator(), { name, block });
        console.log(`registered ${peer.name}: instance ${peer.instanceId}`);
      });
    });
  peers
    .command('list')
    .description('the registered peers')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await inContext(async (ctx) => {
        const list = await listPeers(ctx, operator());
        printOr(options.json, list, () => (list.length ? list.map((p) => `${p.name.padEnd(24)} ${p.instanceId}  added ${p.addedAt} by ${p.addedBy}`) : ['no peers registered']));
      });
    });
  peers
    .command('verify-ledger <name>')
    .description("verify the peer's ledger chain as received here, link by link, with its registered key")
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      await inContext(async (ctx) => {
        const result = await verifyForeignLedger(ctx, operator(), name);
        printOr(options.json, result, () => [result.ok ? `${name}'s chain verified: ${result.entries} entries, newest ${result.lastHash}` : `${name}'s chain is BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}`]);
        if (!result.ok) process.exitCode = 2;
      });
    });

  peers
    .command('token <name>')
    .description('make an API token for that peer to sync with this instance over HTTPS, as a user here (its secret is shown once)')
    .requiredOption('--as <username>', 'the user the peer acts as here: what travels to it is what this user may read; importing needs incident:write')
    .option('--expires <time>', 'when the token stops working (ISO 8601); default: until revoked')
    .option('-o, --output <file>', 'write the secret to this file (owner-only) instead of printing it')
    .action(async (name: string, options: { as: string; expires?: string; output?: string }) => {
      await inContext(async (ctx) => {
        const made = await createSyncToken(ctx, operator(), { peer: name, username: options.as, ...(options.expires && { expiresAt: options.expires }) });
        if (options.output) await writeFile(options.output, `${made.secret}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
        else console.log(made.secret);
        console.error(`token ${made.id} for ${made.peer}, acting as ${made.username} (${made.scopes.join(', ')})${made.expiresAt ? `, until ${made.expiresAt}` : ''}: give it to ${made.peer}'s operator by a safe channel`);
      });
    });

  const network = (command: Command) =>
    command
      .requiredOption('--peer <name>', 'the registered peer at that address')
      .requiredOption('--url <url>', "the peer's address: https://… (http:// only to 127.0.0.1, ::1 or localhost)")
      .requiredOption('--token-file <file>', 'the API token the peer made for this instance (haven sync peers token there)')
      .option('--as <username>', 'act here as this Haven user (default: the operator): exports carry what they may read')
      .option('--retries <n>', 'tries again this many times when the link fails (safe: nothing is sent twice)', '3')
      .option('--json', 'print the reports as JSON');
  interface NetworkOptions {
    peer: string;
    url: string;
    tokenFile: string;
    as?: string;
    retries: string;
    json?: boolean;
  }
  const connect = async (options: NetworkOptions): Promise<SyncTransport> => {
    const url = parseSyncUrl(options.url);
    const token = tokenFromFile(await readFile(options.tokenFile, 'utf8'), options.tokenFile);
    return httpSyncTransport(url, token);
  };
  const actorFor = async (ctx: AppContext, options: NetworkOptions) => (options.as ? actorAsOperatorNamed(ctx, options.as) : operator());
  const pull = async (ctx: AppContext, transport: SyncTransport, options: NetworkOptions) => {
    const actor = await actorFor(ctx, options);
    const bar = progressBar('Importing');
    console.error(`pulling from ${options.peer} at ${options.url} …`);
    const outcome = await retrying(options, () => pullFromPeer(ctx, actor, options.peer, transport, (p) => bar.update(p.done, p.total)));
    bar.stop();
    printOr(options.json, outcome, () => outcome.imported.flatMap(importLines));
  };
  const push = async (ctx: AppContext, transport: SyncTransport, options: NetworkOptions) => {
    const actor = await actorFor(ctx, options);
    const bar = progressBar('Exporting');
    console.error(`pushing to ${options.peer} at ${options.url} …`);
    const outcome = await retrying(options, () => pushToPeer(ctx, actor, options.peer, transport, (p) => bar.update(p.done, p.total)));
    bar.stop();
    printOr(options.json, outcome, () => [
      ...(outcome.resent ? [`sent again bundle ${outcome.resent.bundleId}, whose answer had been lost:`, ...importLines(outcome.resent.report).map((l) => `  ${l}`)] : []),
      `sent ${outcome.exported.incidents} incidents, ${outcome.exported.evidence} evidence items, ${outcome.exported.ledgerEntries} ledger entries (${outcome.exported.bytes} bytes)`,
      ...outcome.exported.heldBack.map((h) => `held back ${h.type} ${h.id}: ${h.reason}`),
      `${options.peer} reports:`,
      ...importLines(outcome.report).map((l) => `  ${l}`),
    ]);
  };

  network(sync.command('pull').description("fetch the peer's bundle for this instance over HTTPS, import it here and acknowledge it")).action(async (options: NetworkOptions) => {
    const transport = await connect(options);
    await inContext((ctx) => pull(ctx, transport, options));
  });
  network(sync.command('push').description('export the changes since the last push as a bundle and send it to the peer over HTTPS; prints what the peer did with it')).action(
    async (options: NetworkOptions) => {
      const transport = await connect(options);
      await inContext((ctx) => push(ctx, transport, options));
    },
  );
  network(sync.command('run').description('pull, then push: one full exchange with the peer over HTTPS')).action(async (options: NetworkOptions) => {
    const transport = await connect(options);
    await inContext(async (ctx) => {
      await pull(ctx, transport, options);
      await push(ctx, transport, options);
    });
  });

  sync
    .command('export')
    .description('write a bundle for a peer: what changed since the cursor that the user may see, signed with this instance’s key and encrypted to the peer’s')
    .requiredOption('--to <peer>', 'the registered peer the bundle is for')
    .requiredOption('--as <username>', 'export as this Haven user: only what they may see travels, sensitive details only if they may read them')
    .option('--since <cursor>', "'last' (after the last bundle the peer acknowledged; anything sent since without acknowledgement goes again) or an ISO time", 'last')
    .requiredOption('-o, --output <file>', 'the bundle file to write')
    .option('--json', 'print the report as JSON')
    .action(async (options: { to: string; as: string; since: string; output: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const actor = await actorAsOperatorNamed(ctx, options.as);
        const bar = progressBar('Exporting');
        const { bundle, report } = await exportBundle(ctx, actor, { peer: options.to, since: options.since }, (p) => bar.update(p.done, p.total));
        bar.stop();
        // 0600 and written whole: the bundle is encrypted, but its header names both instances.
        await writeFile(options.output, bundle, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
        printOr(options.json, report, () => [
          `wrote ${options.output} for ${report.to.name}: bundle ${report.sequence}, ${report.incidents} incidents, ${report.evidence} evidence items, ${report.ledgerEntries} ledger entries (${report.bytes} bytes)`,
          `${report.to.name} has acknowledged ${report.acknowledgedByPeer ? `bundles up to ${report.acknowledgedByPeer}` : 'no bundle yet'}; ${report.carriedAgain} record${report.carriedAgain === 1 ? '' : 's'} sent before without acknowledgement carried again; this bundle acknowledges ${report.acknowledges ? `${report.to.name}'s bundles up to ${report.acknowledges}` : `no bundle of ${report.to.name}'s yet`}`,
          `changes ${report.since ? `after ${report.since}` : 'from the beginning'} up to ${report.until}; sensitive details ${report.sensitiveIncluded ? 'included (encrypted to the peer)' : 'not included'}`,
          ...report.skipped.map((s) => `skipped ${s.type} ${s.id}: ${s.reason}`),
          ...report.heldBack.map((h) => `held back ${h.type} ${h.id}: ${h.reason}`),
          `bundle ${report.bundleId}, SHA-256 ${report.sha256}`,
        ]);
      });
    });

  sync
    .command('import <file>')
    .description('verify a bundle from a registered peer, decrypt it, merge its changes and report on each record')
    .option('--as <username>', 'import as this Haven user (default: the operator)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit status: 0 when the bundle was imported (even with records in conflict or refused: the report lists them); 1 when the bundle is refused whole.')
    .action(async (file: string, options: { as?: string; json?: boolean }) => {
      const bytes = await readFile(file);
      await inContext(async (ctx) => {
        const actor = options.as ? await actorAsOperatorNamed(ctx, options.as) : operator();
        const bar = progressBar('Importing');
        const report = await importBundle(ctx, actor, bytes, (p) => bar.update(p.done, p.total));
        bar.stop();
        printOr(options.json, report, () => importLines(report));
      });
    });
}

/** Tries again when the link failed (nothing is lost or doubled by it: sync-network.service.ts), pausing 1 s, 2 s, 4 s … */
async function retrying<T>(options: { retries: string }, work: () => Promise<T>): Promise<T> {
  const retries = Number(options.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) throw new SyncTransportError('--retries must be a whole number from 0 to 100', undefined, false);
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SyncTransportError) || !error.retryable || attempt >= retries) throw error;
      console.error(`${error.message}; trying again (${attempt + 1} of ${retries})`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}

function importLines(report: ImportReport | SyncImportReport): string[] {
  const { counts } = report;
  if (report.alreadyImported) return [`bundle ${report.bundleId} from ${report.from.name} was imported before: nothing changed`];
  if (report.superseded) return [`bundle ${report.sequence} from ${report.from.name} (${report.bundleId}) is older than one imported before, which carried all it did: nothing changed`];
  const { missing } = report;
  return [
    `bundle ${report.sequence} from ${report.from.name} (${report.bundleId}, made ${report.createdAt}), SHA-256 ${report.sha256}`,
    ...(missing
      ? [
          `${missing.first === missing.last ? `bundle ${missing.first}` : `bundles ${missing.first}–${missing.last}`} from ${report.from.name} never arrived here: what ${missing.first === missing.last ? 'it' : 'they'} carried is in this bundle too (${report.from.name} sends again all this instance has not acknowledged)`,
        ]
      : []),
    `created ${counts.created}, merged ${counts.merged}, unchanged ${counts.unchanged}, conflicts ${counts.conflict}, refused ${counts.refused}`,
    ...report.records
      .filter((r) => r.outcome !== 'unchanged')
      .map((r) => `  ${r.outcome.padEnd(9)} ${r.type} ${r.id}${r.fields?.length ? ` [${r.fields.join(', ')}]` : ''}${r.reason ? `: ${r.reason}` : ''}`),
    `${report.from.name}'s ledger: ${report.ledger.received} entries received, ${report.ledger.appended} new${report.ledger.senderHead ? `, its head ${report.ledger.senderHead.seq} ${report.ledger.senderHead.hash}` : ''}`,
    ...(report.crossReference ? [`recorded in this ledger as entry ${report.crossReference.seq} (${report.crossReference.hash})`] : []),
  ];
}
