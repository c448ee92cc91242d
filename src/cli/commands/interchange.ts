import { createWriteStream } from 'node:fs';
import { type Command, Option } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { authoriseSensitiveExport } from '../../application/sensitive-export.service.js';
import { CONSENT_RECIPIENTS, CONSENT_USES } from '../../core/consent.js';
import { DomainError } from '../../core/errors.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import { PRIVATE_FILE_MODE } from '../../infrastructure/private-files.js';
import { importRecords } from '../../application/import-records.service.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../core/formats/format-detection.js';
import { DATE_ORDERS, type DateOrder } from '../../core/formats/dates.js';
import { ORDER_NAMES } from '../../core/formats/date-order.js';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../../interchange/incident-export.js';
import { previewFile, type FilePreview } from '../../interchange/file-preview.js';
import { readMappingFile } from '../../interchange/mapping-file.js';
import { openRecordSourceForImport } from '../../interchange/threaded-record-source.js';
import { progressBar } from '../progress.js';
import { printRejections, rejectionReport } from '../rejections.js';
import { addIncidentFilterOptions } from './incidents.js';

export function registerInterchangeCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
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
        const source = await openRecordSourceForImport(file, {
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
          printRejections(summary.rejectedRows, summary.rejected, options.rejections ? `all in ${options.rejections}` : 'use --rejections <file> for all');
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

  const exportCommand = program
    .command('export')
    .description('export incidents with the same filters as the API, streamed to a file or standard output')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPORT_FORMATS]).default('csv'))
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--base-url <url>', 'where links in the export point', process.env.HAVEN_BASE_URL ?? 'http://localhost:8080');
  addIncidentFilterOptions(exportCommand)
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
}

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
