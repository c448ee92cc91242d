#!/usr/bin/env node
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { AppContext } from '../application/app-context.js';
import { migrateDatabase, openAppContext } from '../composition/app-context.js';
import { authoriseSensitiveExport } from '../application/sensitive-export.service.js';
import { CONSENT_RECIPIENTS, CONSENT_USES } from '../core/consent.js';
import { DomainError } from '../core/errors.js';
import { actorAsOperatorNamed, bootstrapAdministrator, createUserAsOperator } from '../application/auth.service.js';
import { backupDatabase, restoreDatabase } from '../application/backup.service.js';
import { resetTotpAsOperator } from '../application/totp.service.js';
import { aggregateHarm, escalationAlerts, hotspots } from '../application/analytics.service.js';
import { escalationWhat } from '../reporting/escalation-text.js';
import { GROUP_DIMENSIONS } from '../core/analytics/aggregation.js';
import { loadExerciseForceRequests, loadExercisePlaces, loadExerciseScenario } from '../application/demo.service.js';
import { principlesScorecardFor } from '../application/scorecard.service.js';
import { listIncidents } from '../application/incident.service.js';
import { arrestsVersusKillings, listCases } from '../application/case.service.js';
import { listAuditEntries } from '../application/audit.service.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { situationReportHtml } from '../application/situation-report.service.js';
import { buildServer } from '../api/server.js';
import { ROLES } from '../core/access-control.js';
import type { Incident } from '../core/incident.schema.js';
import { PRIVATE_FILE_MODE } from '../infrastructure/private-files.js';
import { createWriteStream, existsSync } from 'node:fs';
import { stringify } from 'csv-stringify';
import { assessRequest, previewAssessment, submissionHasLocation } from '../application/force-request.service.js';
import { importRecords } from '../application/import-records.service.js';
import { explainAssessment } from '../core/use-of-force/explain.js';
import type { Assessment } from '../core/use-of-force/assessment.js';
import { verifyEvidence } from '../application/evidence.service.js';
import { currentHead, exportLedgerSegment, parseHeadFile, verifyLedger, verifyLedgerSegment } from '../application/ledger.service.js';
import type { RejectedRow } from '../application/import.service.js';
import { IMPORT_FORMATS, type ImportFormat } from '../core/formats/format-detection.js';
import { DATE_ORDERS, type DateOrder } from '../core/formats/dates.js';
import { ORDER_NAMES } from '../core/formats/date-order.js';
import { neutraliseFormula } from '../core/formats/spreadsheet-safety.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../interchange/incident-export.js';
import { previewFile, type FilePreview } from '../interchange/file-preview.js';
import { readMappingFile } from '../interchange/mapping-file.js';
import { openRecordSource } from '../interchange/record-source.js';
import { databaseUrl, evidenceDirectory, ledgerKeyFile, masterKeysOf, operator, packageRoot, reportError, withContext } from './cli-context.js';
import { progressBar } from './progress.js';
import { listDetections, runDetections } from '../application/detection.service.js';
import { rotateMasterKeys } from '../application/key-rotation.service.js';
import { masterKeySource } from '../application/master-keys.js';
import { importSites, listSites, type SiteImportReport } from '../application/site.service.js';
import { importZones, listZones } from '../application/zone.service.js';
import { createAgreement, listAgreements } from '../application/agreement.service.js';
import type { PlaceImportReport } from '../application/place-upsert.js';
import { SITE_PRESETS } from '../core/places/site-presets.js';
import { mapZoneFile, readPlaceText, readSiteFile, SITE_IMPORT_FORMATS, siteImportOptionsSchema, ZONE_IMPORT_FORMATS, zoneImportOptionsSchema, ZONE_PRESETS } from '../interchange/place-file.js';
import { parseInput } from '../application/validation.js';

const program = new Command('haven')
  .description('Haven: a human security operations platform')
  .option('-d, --database <url>', 'SQLite file or postgres:// URL (env HAVEN_DATABASE_URL)')
  .option('--ledger-key <file>', 'the ledger signing key file (env HAVEN_LEDGER_KEY_FILE; default data/ledger-key.pem)')
  .option('--master-key <file>', 'the master key file for sensitive details (env HAVEN_MASTER_KEY_FILE; default data/master-key; HAVEN_MASTER_KEY overrides)')
  .option('--evidence-dir <dir>', 'where evidence files are kept (env HAVEN_EVIDENCE_DIR; default data/evidence)')
  .showHelpAfterError();
const db = () => program.opts<{ database?: string }>().database;
const masterKeyFile = () => program.opts<{ masterKey?: string }>().masterKey;
const evidenceDir = () => evidenceDirectory(program.opts<{ evidenceDir?: string }>().evidenceDir);
const inContext = <T>(work: (ctx: AppContext) => Promise<T>): Promise<T> =>
  withContext(db(), work, { ledgerKey: program.opts<{ ledgerKey?: string }>().ledgerKey, masterKeyFile: masterKeyFile(), evidenceDir: evidenceDir() });

program
  .command('serve')
  .description('start the API and web app; on first start, create an administrator and load the exercise scenario')
  .option('-p, --port <port>', 'port to listen on', (v) => Number(v), Number(process.env.PORT ?? 8080))
  .option('--host <host>', 'interface to listen on', process.env.HAVEN_HOST ?? 'localhost')
  .option('--no-demo', 'do not load the exercise scenario on first start')
  .option('--secure-cookies', 'mark session cookies Secure (when served over HTTPS)')
  .action(async (options: { port: number; host: string; demo: boolean; secureCookies?: boolean }) => {
    const opened = await openAppContext(databaseUrl(db()), { masterKeys: masterKeysOf(masterKeyFile()), ledgerKeyFile: ledgerKeyFile(program.opts<{ ledgerKey?: string }>().ledgerKey), evidenceDir: evidenceDir() });
    const { ctx } = opened;
    const admin = await bootstrapAdministrator(ctx);
    if (admin) {
      console.log(`\n  First start: created the administrator account.\n    username: ${admin.username}\n    password: ${admin.password}\n  This password is shown once. Keep it now.\n`);
      if (options.demo) {
        const places = await loadExercisePlaces(ctx, operator());
        const bar = progressBar('Loading exercise scenario');
        const report = await loadExerciseScenario(ctx, operator(), { onProgress: bar.update });
        bar.stop();
        const requests = await loadExerciseForceRequests(ctx, operator());
        console.log(
          `  Loaded the exercise scenario: ${report.created} incidents (fictional actors on real terrain, marked EXERCISE), ${places.sites} protected sites, ${places.zones} zones, ` +
            `the truce, and ${requests} proposed uses of force awaiting review.\n`,
        );
      }
    }
    const webRoot = join(packageRoot(), 'dist', 'web');
    const app = await buildServer(ctx, { webRoot, secureCookies: options.secureCookies ?? false, logger: { level: process.env.HAVEN_LOG_LEVEL ?? 'warn' } });
    const stop = async () => {
      await app.close();
      await opened.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    await app.listen({ port: options.port, host: options.host });
    console.log(`Haven is running at http://${options.host}:${options.port} (database: ${opened.location})`);
    console.log(`API documentation: http://${options.host}:${options.port}/api/docs`);
  });

const database = program.command('db').description('database administration');
database
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const applied = await migrateDatabase(databaseUrl(db()));
    console.log(applied.length ? applied.map((r) => `${r.status}: ${r.migrationName}`).join('\n') : 'already up to date');
  });

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

const incidents = program.command('incidents').description('the harm register');
incidents
  .command('list')
  .description('list incidents, newest first, with the same filters as the API')
  .option('--from <date>', 'date window overlaps from this day (YYYY-MM-DD)')
  .option('--to <date>', 'date window overlaps up to this day')
  .option('--themes <list>', 'comma-separated themes')
  .option('--categories <list>', 'comma-separated categories')
  .option('--countries <list>', 'comma-separated ISO 3166-1 alpha-3 codes')
  .option('--actor <text>', 'an actor whose name contains this text')
  .option('--statuses <list>', 'comma-separated verification statuses')
  .option('--min-deaths <n>', 'at least this many killed (best estimate)')
  .option('--bbox <w,s,e,n>', 'bounding box in degrees')
  .option('--q <text>', 'text in title or narrative')
  .option('--exercise <bool>', 'true: only exercise data; false: only real data')
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

const demo = program.command('demo').description('the exercise scenario');
demo
  .command('load')
  .description('load (or refresh) the exercise scenario; idempotent')
  .option('--seed <n>', 'random seed', (v) => Number(v))
  .option('--incidents <n>', 'number of incidents', (v) => Number(v))
  .action(async (options: { seed?: number; incidents?: number }) => {
    await inContext(async (ctx) => {
      const places = await loadExercisePlaces(ctx, operator());
      const bar = progressBar('Loading exercise scenario');
      const report = await loadExerciseScenario(ctx, operator(), { ...options, onProgress: bar.update });
      bar.stop();
      const requests = await loadExerciseForceRequests(ctx, operator());
      console.log(
        `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}; ${requests} proposed uses of force submitted; ` +
          `${places.sites} protected sites, ${places.zones} zones and ${places.agreements} agreements added`,
      );
    });
  });

program
  .command('import <file>')
  .description('import incidents from a file (or - for standard input): UCDP GED, ACLED, HXL, GeoJSON or Haven CSV, gzipped or not, or a spreadsheet (.xlsx, .ods); any other columns through --mapping')
  .addOption(new Option('-f, --format <format>', 'the file format (detected from the header when omitted)').choices([...IMPORT_FORMATS]))
  .option('--encoding <encoding>', 'text encoding when not UTF-8 (e.g. windows-1252, latin1)')
  .option('--dataset <name>', 'data set name for HXL files, used with each row id to match re-imports', 'hxl')
  .option('--strict', 'any rejected row rolls back the whole import')
  .option('--rejections <file>', 'write every rejected row (row, field, reason) to this CSV file')
  .option('--sheet <name>', 'the sheet of a spreadsheet (.xlsx, .ods) to read (default: the first)')
  .option('--mapping <file>', 'a column-mapping preset (JSON, as docs/examples/mappings/who-ssa.json) for a file whose columns Haven does not recognise')
  .option('--preview [rows]', 'show the columns with sample values and, with --mapping, the first rows as they would be stored; writes nothing')
  .addOption(
    new Option('--date-order <order>', "how to read numeric dates such as 06/07/2014 when the file's own dates do not decide it: dmy (day first) or mdy (month first)").choices([
      ...DATE_ORDERS,
    ]),
  )
  .addHelpText(
    'after',
    '\nExit status: 0 when at least one row was imported (or the file had no rows); 1 when the file is refused (unreadable, the wrong ' +
      'format, missing columns, an aggregate table, dates in an order it cannot tell: use --date-order) or a strict import rolled back; ' +
      '3 when every row was rejected.',
  )
  .action(async (file: string, options: { format?: ImportFormat; encoding?: string; dataset: string; strict?: boolean; rejections?: string; sheet?: string; mapping?: string; preview?: string | true; dateOrder?: DateOrder }) => {
    const mapping = options.mapping ? await readMappingFile(options.mapping) : undefined;
    if (options.preview !== undefined) {
      const preview = await previewFile(file, { ...(options.sheet && { sheet: options.sheet }), ...(mapping && { mapping }), rows: options.preview === true ? 10 : Number(options.preview) || 10 });
      printPreview(preview);
      return;
    }
    await inContext(async (ctx) => {
      const source = await openRecordSource(file, {
        ...(options.format && { format: options.format }),
        ...(options.encoding && { encoding: options.encoding }),
        ...(options.dateOrder && { dateOrder: options.dateOrder }),
        ...(options.sheet && { sheet: options.sheet }),
        ...(mapping && { mapping }),
        dataset: options.dataset,
      }).catch((error: unknown) => {
        // The question the file leaves open is answered with an option: name it.
        if (error instanceof DomainError && error.issues[0]?.code === 'date_order_ambiguous') throw new DomainError(error.code, `${error.message} with --date-order dmy or --date-order mdy`, error.issues);
        throw error;
      });
      const what = source.spreadsheet ? `sheet "${source.spreadsheet.sheet}" of ${source.spreadsheet.kind} ${file}` : file === '-' ? 'standard input' : file;
      const how = source.format === 'mapped' ? `mapped by "${mapping?.name}"` : source.format;
      console.error(
        `reading ${what} as ${how}${source.recognised ? `: ${source.recognised}` : ''}${source.spreadsheet ? '' : ` (${source.encoding})`}${source.dateOrder ? `, numeric dates ${ORDER_NAMES[source.dateOrder]}` : ''}`,
      );
      for (const warning of source.warnings) console.error(`warning: ${warning}`);
      const report = options.rejections ? rejectionReport(options.rejections) : undefined;
      const bar = progressBar('Importing', 'bytes');
      try {
        const summary = await importRecords(ctx, operator(), source.records, {
          strict: options.strict ?? false,
          onProgress: (p) => bar.update(source.bytesRead(), source.size ?? source.bytesRead(), p.rows),
          ...(report && { onRejected: report.write }),
        });
        bar.stop();
        console.log(`${summary.rows} rows: created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`);
        for (const rejected of summary.rejectedRows.slice(0, 10)) {
          console.log(`  row ${rejected.rowNumber}: ${rejected.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
        }
        if (summary.rejected > 10) console.log(`  … and ${summary.rejected - 10} more${options.rejections ? ` (all in ${options.rejections})` : ' (use --rejections <file> for all)'}`);
        if (summary.rows > 0 && summary.rejected === summary.rows) {
          console.error('haven: every row was rejected; nothing was imported');
          process.exitCode = 3;
        }
      } finally {
        bar.stop();
        await report?.close();
      }
    });
  });

function printPreview(preview: FilePreview): void {
  if (preview.spreadsheet) console.log(`${preview.spreadsheet.kind}, sheet "${preview.spreadsheet.sheet}" (sheets: ${preview.spreadsheet.sheets.join(', ')})`);
  console.log(preview.recognised ? `Haven recognises this header as ${preview.recognised}` : 'Haven does not recognise these columns: import with --mapping');
  for (const column of preview.columns) console.log(`  ${column.name}: ${column.samples.map((s) => JSON.stringify(s)).join(', ')}`);
  for (const row of preview.rows) {
    const r = row.record;
    const line = `row ${row.rowNumber}: ${r.dateEarliest}${r.dateLatest !== r.dateEarliest ? `..${r.dateLatest}` : ''} ${r.location.country} (${r.location.precision}) ${r.title}`;
    console.log(row.issues.length ? `${line}\n    refused: ${row.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : line);
  }
}

program
  .command('export')
  .description('export incidents with the same filters as the API, streamed to a file or standard output')
  .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPORT_FORMATS]).default('csv'))
  .option('-o, --output <file>', 'write here instead of standard output')
  .option('--base-url <url>', 'where links in the export point', process.env.HAVEN_BASE_URL ?? 'http://localhost:8080')
  .option('--from <date>', 'date window overlaps from this day (YYYY-MM-DD)')
  .option('--to <date>', 'date window overlaps up to this day')
  .option('--themes <list>', 'comma-separated themes')
  .option('--categories <list>', 'comma-separated categories')
  .option('--countries <list>', 'comma-separated ISO 3166-1 alpha-3 codes')
  .option('--actor <text>', 'an actor whose name contains this text')
  .option('--statuses <list>', 'comma-separated verification statuses')
  .option('--min-deaths <n>', 'at least this many killed (best estimate)')
  .option('--bbox <w,s,e,n>', 'bounding box in degrees')
  .option('--q <text>', 'text in title or narrative')
  .option('--exercise <bool>', 'true: only exercise data; false: only real data')
  .option('--include-sensitive', 'include named victims, witnesses and sources (needs --as a user with incident:export_sensitive, --purpose and --recipient; refused unless every person consented)')
  .option('--purpose <use>', `what the sensitive details will be used for: ${CONSENT_USES.join(', ')}`)
  .option('--recipient <who>', `who receives them: ${CONSENT_RECIPIENTS.join(', ')}`)
  .option('--as <username>', 'export as this Haven user, with their role and name in the audit log (needed for --include-sensitive)')
  .action(async (options: { format: ExportFormat; output?: string; baseUrl: string; includeSensitive?: boolean; as?: string } & Record<string, string | undefined>) => {
    const { format, output, baseUrl, includeSensitive, purpose, recipient, as, ...filter } = options;
    await inContext(async (ctx) => {
      const actor = as ? await actorAsOperatorNamed(ctx, as) : operator();
      const sensitive = includeSensitive ? await authoriseSensitiveExport(ctx, actor, filter, format, { purpose, recipient }) : undefined;
      // 0600: an export may carry sensitive details.
      const out = output ? createWriteStream(output, { mode: PRIVATE_FILE_MODE }) : process.stdout;
      const count = await writeExport(ctx, actor, filter, format, out, { baseUrl, ...(sensitive && { sensitive }) });
      if (output) console.error(`exported ${count} incidents to ${output}`);
    });
  });

/**
 * `haven assess` reads the register as the API's preview does when the request gives a location and a database is at
 * hand: recent harm near the place, up to the request's time, and protected sites. A SQLite file that does not exist
 * is not created for it; then, or with --no-register, the request is assessed on its own facts, and the trace says so.
 */
async function assessFromCli(submission: unknown, useRegister: boolean): Promise<Assessment> {
  if (!useRegister || !submissionHasLocation(submission)) return assessRequest(submission);
  const url = databaseUrl(db());
  if (!/^postgres(ql)?:\/\//.test(url) && !existsSync(url)) {
    console.error(`haven: no database at ${url}: assessed on the request's own facts, without the register`);
    return assessRequest(submission);
  }
  return inContext((ctx) => previewAssessment(ctx, operator(), submission));
}

program
  .command('assess <file>')
  .description(
    "assess a proposed use of force (a JSON file, or - for standard input; format in docs/use-of-force.md) under IHL and human-security rules; prints both verdicts and the trace. With a location, what the register holds about the place (as of the request's time) is brought to bear",
  )
  .option('--json', 'print the whole assessment as JSON')
  .option('--no-register', "assess on the request's own facts, without reading the register")
  .action(async (file: string, options: { json?: boolean; register: boolean }) => {
    const { readFileSync } = await import('node:fs');
    const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    // A bare request, or { request, roe } as the API takes it.
    const submission = input && typeof input === 'object' && 'request' in input ? input : { request: input };
    const assessment = await assessFromCli(submission, options.register);
    console.log(options.json ? JSON.stringify(assessment, null, 2) : explainAssessment(assessment));
  });

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

program
  .command('report')
  .description('a situation report for an area and period: printable HTML and, with --pdf, a PDF printed by headless Chromium')
  .option('--area <ISO3>', 'the country, as an ISO 3166-1 alpha-3 code (e.g. MMR)')
  .option('--bbox <w,s,e,n>', 'or a box in degrees instead of a country')
  .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
  .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD)')
  .option('--pdf <file>', 'write the PDF here')
  .option('--html <file>', 'write the HTML here (without --pdf or --html, the HTML goes to standard output)')
  .option('--as <username>', 'report as this Haven user: what their role may see, restricted records they are named on included')
  .action(async (options: { area?: string; bbox?: string; from: string; to: string; pdf?: string; html?: string; as?: string }) => {
    const { writeFile } = await import('node:fs/promises');
    await inContext(async (ctx) => {
      const actor = options.as ? await actorAsOperatorNamed(ctx, options.as) : operator();
      const html = await situationReportHtml(ctx, actor, { country: options.area, bbox: options.bbox, from: options.from, to: options.to });
      if (options.html) {
        await writeFile(options.html, html);
        console.error(`wrote the situation report (HTML) to ${options.html}`);
      }
      if (options.pdf) {
        const pdf = await renderPdf(html);
        await writeFile(options.pdf, pdf);
        console.error(`wrote the situation report (PDF, ${Math.ceil(pdf.length / 1024)} kB) to ${options.pdf}`);
      }
      if (!options.html && !options.pdf) process.stdout.write(html);
    });
  });

const monitor = program.command('monitor').description('the analyses behind the dashboard, as the API gives them (--json) or as text');
const printOr = (json: boolean | undefined, value: unknown, text: () => string[]) => console.log(json ? JSON.stringify(value, null, 2) : text().join('\n'));
const range = (t: { low: number; best: number; high: number }) => (t.low === t.high ? String(t.best) : `${t.best} (${t.low}–${t.high})`);

monitor
  .command('aggregate')
  .description('incidents, killed and injured (low/best/high) grouped by time, area, theme, actor, status or type of violence; incidents too imprecise for the unit counted apart')
  .option('--group-by <dims>', `one or two of ${GROUP_DIMENSIONS.join(', ')}`, 'month')
  .option('--country <iso3>', 'one country')
  .option('--admin1 <name>', 'one first-level area')
  .option('--theme <theme>', 'one theme')
  .option('--from <date>', 'incidents whose dates overlap from this day')
  .option('--to <date>', 'up to this day')
  .option('--json', 'print the API answer')
  .action(async (options: { groupBy: string; country?: string; admin1?: string; theme?: string; from?: string; to?: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const { json, ...query } = options;
      const result = await aggregateHarm(ctx, operator(), query);
      printOr(json, result, () => [
        ...result.groups.map((g) => `${Object.values(g.keys).map((k) => k ?? '—').join(' · ')}\t${g.incidents} incidents\tkilled ${range(g.killed)}\tinjured ${range(g.injured)}`),
        `total\t${result.total.incidents} incidents\tkilled ${range(result.total.killed)}\tinjured ${range(result.total.injured)}`,
        `too imprecise for the units asked: ${result.unplaced.incidents} incidents (killed ${range(result.unplaced.killed)}), ${result.coarseDates} of them by date`,
      ]);
    });
  });

monitor
  .command('escalation')
  .description("escalation alerts: the latest weeks' incidents and deaths per area against the area's own baseline")
  .option('--level <level>', 'country, admin1 or h3', 'country')
  .option('--resolution <n>', 'H3 resolution for --level h3')
  .option('--country <iso3>', 'one country')
  .option('--as-of <date>', 'test the complete weeks up to this day (default today)')
  .option('--weeks <n>', 'how many of the latest weeks to test (1–12)')
  .option('--from <date>', 'instead of --weeks: test every complete week from this day')
  .option('--limit <n>', 'list only the most extreme alerts (lowest p-value first)')
  .option('--json', 'print the API answer')
  .action(async (options: { level: string; resolution?: string; country?: string; asOf?: string; weeks?: string; from?: string; limit?: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const { json, ...query } = options;
      const report = await escalationAlerts(ctx, operator(), query);
      printOr(json, report, () => [
        report.alerts.length === 0 ? `no escalation in the ${report.testedWeeks.length} weeks tested (${report.testedWeeks[0] ?? ''}…${report.testedWeeks.at(-1) ?? ''})` : '',
        ...report.alerts.map((a) => `${a.weekStart}\t${a.area.name ?? a.area.code}\t${a.metric}: ${escalationWhat(a)} against ${a.expected.toFixed(1)} expected (p = ${a.pValue.toPrecision(2)})`),
        report.total > report.alerts.length ? `${report.total - report.alerts.length} more alerts not listed` : '',
      ]);
    });
  });

monitor
  .command('hotspots')
  .description('hot and cold spots: H3 cells with their Getis–Ord Gi* z-score')
  .option('--country <iso3>', 'one country')
  .option('--from <date>', 'from this day')
  .option('--to <date>', 'up to this day')
  .option('--resolution <n>', 'H3 resolution', '4')
  .option('--metric <metric>', 'incidents or deaths', 'incidents')
  .option('--json', 'print the GeoJSON')
  .action(async (options: { country?: string; from?: string; to?: string; resolution: string; metric: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const { json, ...query } = options;
      const cells = await hotspots(ctx, operator(), query);
      printOr(json, cells, () => {
        const byClass = new Map<string, number>();
        for (const f of cells.features) byClass.set(f.properties.class, (byClass.get(f.properties.class) ?? 0) + 1);
        // Already ranked: cells with incidents hottest first; cells without any are context and never listed as hot.
        const hottest = cells.features.filter((f) => !f.properties.context).slice(0, 10);
        const context = cells.features.length - cells.features.filter((f) => !f.properties.context).length;
        return [
          `${cells.features.length} cells: ${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')} (${context} without incidents, context only)`,
          ...hottest.map((f) => `${f.properties.cell}\t${f.properties.value} ${options.metric}\t${f.properties.incidents} incidents\tz = ${f.properties.z.toFixed(2)}\t${f.properties.class}`),
        ];
      });
    });
  });

monitor
  .command('scorecard')
  .description('the principles scorecard for an area and period: all deaths, stability, defensive posture, civilian control and law-based security')
  .option('--country <iso3>', 'one country')
  .option('--from <date>', 'first day of the period')
  .option('--to <date>', 'last day of the period')
  .option('--json', 'print the API answer')
  .action(async (options: { country?: string; from?: string; to?: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const { json, ...query } = options;
      const card = await principlesScorecardFor(ctx, operator(), query);
      printOr(json, card, () => [
        `${card.country ?? 'every area'}, ${card.period.from} to ${card.period.to} (against ${card.previousPeriod.from} to ${card.previousPeriod.to})`,
        ...card.principles.flatMap((p) => [
          p.title,
          ...p.measures.map((m) =>
            m.value === null
              ? `  ${m.label}: ${m.note ?? 'no data'}`
              : `  ${m.label}: ${m.unit === 'share' ? `${Math.round(m.value * 100)}%` : String(m.value)}${m.trend ? ` (${m.trend})` : ''}${m.note ? ` — ${m.note}` : ''}`,
          ),
        ]),
      ]);
    });
  });

program
  .command('detect')
  .description('run detection (protected sites, corridors and safe havens, ceasefire violations) over the incidents of a period, or all of them; idempotent, keeps reviews')
  .option('--from <date>', "incidents whose dates overlap from this day (YYYY-MM-DD)")
  .option('--to <date>', 'up to this day')
  .option('--json', 'print the counts as JSON')
  .action(async (options: { from?: string; to?: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const bar = progressBar('Detecting');
      const report = await runDetections(ctx, operator(), { from: options.from, to: options.to }, (p) => bar.update(p.done, p.total));
      bar.stop();
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `checked ${report.incidents} incidents: ${report.found} detections found (${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged); ${report.lapsed} earlier ones no longer found, marked lapsed`,
        );
      }
    });
  });

const detections = program.command('detections').description('what detection found, for review');
detections
  .command('list')
  .description('list detections, latest incidents first')
  .option('--kind <kind>', 'protected_site, humanitarian_space, ceasefire_violation or escalation')
  .option('--status <status>', 'open, confirmed or dismissed')
  .option('--grade <grade>', 'probable or possible')
  .option('--from <date>', "incidents' dates overlap from this day (YYYY-MM-DD)")
  .option('--to <date>', 'up to this day')
  .option('--country <iso3>', 'with an incident in this country')
  .option('--include-lapsed', 'also those a later run no longer found')
  .option('--limit <n>', 'at most this many (1–1000)', '50')
  .option('--offset <n>', 'skip this many', '0')
  .option('--json', 'print JSON ({ items, total })')
  .action(async (options: { kind?: string; status?: string; grade?: string; from?: string; to?: string; country?: string; includeLapsed?: boolean; limit: string; offset: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const { json, ...filter } = options;
      const page = await listDetections(ctx, operator(), filter);
      if (json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      for (const d of page.items) {
        console.log([d.dateEarliest ?? '', d.kind.padEnd(19), (d.grade ?? '').padEnd(8), d.status.padEnd(9), d.summary, d.id].join('  '));
      }
      console.log(page.total === 0 ? 'no detections' : `${page.items.length} of ${page.total}`);
    });
  });

const sites = program.command('sites').description('the register of protected sites');
sites
  .command('import <file>')
  .description('import a list of protected sites (or - for standard input): CSV with a column mapping, a known list with a preset, GeoJSON or HXL (docs/formats/sites.md)')
  .addOption(new Option('-f, --format <format>', 'the file format (from the first character and the hashtag row when omitted)').choices([...SITE_IMPORT_FORMATS]))
  .addOption(new Option('-p, --preset <preset>', 'a known list: UNESCO World Heritage, South Sudan MoH health facilities, GPPD power plants, Ukraine nuclear plants 2022').choices([...SITE_PRESETS]))
  .option('-m, --mapping <file>', 'a JSON column mapping (CSV) or property/value mapping (GeoJSON, HXL)')
  .option('--dataset <name>', 'the data set of a GeoJSON or HXL file\'s sites')
  .option('--encoding <encoding>', 'text encoding when not UTF-8 (e.g. windows-1252)')
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { format?: string; preset?: string; mapping?: string; dataset?: string; encoding?: string; json?: boolean }) => {
    const { readFileSync } = await import('node:fs');
    const mapping = options.mapping ? readFileSync(options.mapping, 'utf8') : undefined;
    const fileOptions = parseInput(siteImportOptionsSchema, { format: options.format, preset: options.preset, mapping, dataset: options.dataset, encoding: options.encoding }, 'import options');
    // The file is read as a stream (never whole): progress is in bytes of the file, with the rows read so far.
    await inContext(async (ctx) => {
      const bar = progressBar('Importing sites', 'bytes');
      let report: SiteImportReport;
      try {
        report = await importSites(ctx, operator(), () => readSiteFile({ path: file }, fileOptions), (bytes, size, rows) =>
          bar.update(bytes, size ?? bytes, rows),
        );
      } finally {
        bar.stop();
      }
      printPlaceReport(report, options.json, 'sites');
    });
  });
sites
  .command('list')
  .description('list protected sites in register order')
  .option('--category <category>', 'only this category (health_facility, school, cultural_property, nuclear_power_station …)')
  .option('--country <iso3>', 'only this country (ISO 3166-1 alpha-3)')
  .option('--dataset <name>', 'only sites of this data set')
  .option('--q <text>', 'text in the name')
  .option('--bbox <w,s,e,n>', 'bounding box in degrees')
  .option('--limit <n>', 'at most this many (1–1000)', '100')
  .option('--offset <n>', 'skip this many', '0')
  .option('--json', 'print JSON ({ items, total })')
  .action(async (options: Record<string, string | boolean | undefined>) => {
    const { json, ...filter } = options;
    await inContext(async (ctx) => {
      const page = await listSites(ctx, operator(), filter);
      if (json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      for (const s of page.items) console.log([s.category.padEnd(22), (s.country ?? '—').padEnd(4), `${s.lat.toFixed(4)},${s.lon.toFixed(4)}`.padEnd(20), s.status.padEnd(11), s.name, s.id].join('  '));
      console.log(`${page.items.length} of ${page.total} sites`);
    });
  });

const zones = program.command('zones').description('zones: humanitarian corridors, safe havens, demilitarised zones, ceasefire lines, areas of operations');
zones
  .command('import <file>')
  .description('import zones (or - for standard input): a GeoJSON FeatureCollection, or the Ukraine 2022 corridor compilation (docs/formats/zones.md)')
  .addOption(new Option('-f, --format <format>', 'the file format (GeoJSON when it starts with {)').choices([...ZONE_IMPORT_FORMATS]))
  .addOption(new Option('-p, --preset <preset>', 'a known file').choices([...ZONE_PRESETS]))
  .option('--dataset <name>', 'the data set of a GeoJSON file\'s zones')
  .option('--encoding <encoding>', 'text encoding when not UTF-8')
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { format?: string; preset?: string; dataset?: string; encoding?: string; json?: boolean }) => {
    const fileOptions = parseInput(zoneImportOptionsSchema, { format: options.format, preset: options.preset, dataset: options.dataset, encoding: options.encoding }, 'import options');
    await importPlaceFile('zones', file, options, (ctx, text, onProgress) => importZones(ctx, operator(), async () => mapZoneFile(text, fileOptions), onProgress));
  });
zones
  .command('export')
  .description('write the zones as a GeoJSON FeatureCollection (the zone fields are each feature\'s properties)')
  .option('-o, --out <file>', 'write here instead of standard output')
  .option('--kind <kind>', 'only zones of this kind')
  .option('--active-on <date>', 'only zones valid on this day (YYYY-MM-DD)')
  .action(async (options: { out?: string; kind?: string; activeOn?: string }) => {
    await inContext(async (ctx) => {
      const collection = await listZones(ctx, operator(), { kind: options.kind, activeOn: options.activeOn });
      const text = `${JSON.stringify(collection, null, 2)}\n`;
      if (options.out) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(options.out, text);
        console.error(`exported ${collection.features.length} zones to ${options.out}`);
      } else process.stdout.write(text);
    });
  });

const agreements = program.command('agreements').description('ceasefires and local peace agreements');
agreements
  .command('add <file>')
  .description('record an agreement from a JSON file (or - for standard input): parties, dates, zones, commitments (docs/formats/zones.md)')
  .action(async (file: string) => {
    const { readFileSync } = await import('node:fs');
    const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    const agreement = await inContext((ctx) => createAgreement(ctx, operator(), input));
    console.log(`recorded agreement ${agreement.id}: ${agreement.name} (${agreement.parties.join(', ')}), valid from ${agreement.validFrom}${agreement.validTo ? ` to ${agreement.validTo}` : ''}`);
  });
agreements
  .command('list')
  .description('list agreements, oldest first')
  .option('--active-on <date>', 'only those in force on this day (YYYY-MM-DD)')
  .option('--json', 'print JSON (an array of agreements)')
  .action(async (options: { activeOn?: string; json?: boolean }) => {
    await inContext(async (ctx) => {
      const items = await listAgreements(ctx, operator(), { activeOn: options.activeOn });
      if (options.json) {
        console.log(JSON.stringify(items, null, 2));
        return;
      }
      for (const a of items) console.log([`${a.validFrom}–${a.validTo ?? ''}`.padEnd(22), a.kind.padEnd(22), a.parties.join(', ').padEnd(30), a.name, a.id].join('  '));
      if (items.length === 0) console.log('no agreements');
    });
  });

/** A register file read (decoded, gunzipped), imported with a progress bar, and its report printed. */
async function importPlaceFile<R extends PlaceImportReport & { format: string }>(
  what: 'sites' | 'zones',
  file: string,
  options: { encoding?: string; json?: boolean },
  run: (ctx: AppContext, text: string, onProgress: (done: number, total: number) => void) => Promise<R>,
): Promise<void> {
  await inContext(async (ctx) => {
    const text = await readPlaceText({ path: file }, options.encoding);
    const bar = progressBar(`Importing ${what}`);
    let report: R;
    try {
      report = await run(ctx, text, bar.update);
    } finally {
      bar.stop();
    }
    printPlaceReport(report, options.json, what);
  });
}

function printPlaceReport(report: PlaceImportReport & { format: string; namesComposed?: number }, json: boolean | undefined, what: string): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const issues = report.rejected.length === report.rejectedRows ? '' : ` (${report.rejected.length} issues)`;
  console.log(`${what} (${report.format}): created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejectedRows} rows${issues}`);
  if (report.namesComposed) console.log(`  ${report.namesComposed} unnamed ${what} named from their type and place`);
  for (const r of report.rejected.slice(0, 20)) console.log(`  row ${r.row}: ${r.field}: ${r.message}`);
  if (report.rejected.length > 20) console.log(`  … and ${report.rejected.length - 20} more (--json lists them all)`);
}

const keys = program.command('keys').description('the master keys that protect sensitive details');
keys
  .command('rotate')
  .description('create a new master key and re-wrap every data key with it, in batches; safe to interrupt and run again, while the server runs')
  .option('--batch-size <n>', 'rows per transaction', (v) => Number(v), 500)
  .action(async (options: { batchSize: number }) => {
    const source = masterKeySource(masterKeyFile());
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

function rejectionReport(file: string) {
  const out = createWriteStream(file);
  const csv = stringify({ header: true, columns: ['row', 'field', 'reason'] });
  csv.pipe(out);
  return {
    write: (row: RejectedRow) => {
      for (const issue of row.issues) csv.write([row.rowNumber, issue.path, neutraliseFormula(issue.message)]);
    },
    close: () => new Promise<void>((resolve) => {
      out.on('close', () => resolve());
      csv.end();
    }),
  };
}

function printTable(items: Incident[], nextCursor: string | null): void {
  for (const i of items) {
    const killed = i.killed.low === i.killed.high ? `${i.killed.best}` : `${i.killed.best} (${i.killed.low}–${i.killed.high})`;
    console.log([i.dateEarliest, i.location.country, i.verificationStatus.padEnd(12), `killed ${killed}`.padEnd(20), i.title, i.id].join('  '));
  }
  if (nextCursor) console.log(`more: --cursor ${nextCursor}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

program.parseAsync(process.argv).catch(reportError);
