import { type Command, Option } from 'commander';
import { type CliGlobals, operator, readJsonInput } from '../cli-context.js';
import { addSchemaOptions } from '../schema-options.js';
import { siteFilterSchema } from '../../core/places/site.schema.js';
import type { AppContext } from '../../application/app-context.js';
import { progressBar } from '../progress.js';
import { printRejections } from '../rejections.js';
import { importSites, listSites, type SiteImportReport } from '../../application/site.service.js';
import { importZones, listZones } from '../../application/zone.service.js';
import { createAgreement, listAgreements } from '../../application/agreement.service.js';
import type { PlaceImportReport } from '../../core/places/place-import-report.schema.js';
import { SITE_PRESETS } from '../../core/places/site-presets.js';
import { mapZoneFile, readPlaceText, readSiteFile, SITE_IMPORT_FORMATS, siteImportOptionsSchema, ZONE_IMPORT_FORMATS, zoneImportOptionsSchema, ZONE_PRESETS } from '../../interchange/place-file.js';
import { parseInput } from '../../application/validation.js';

export function registerPlaceCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
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
  addSchemaOptions(sites.command('list').description('list protected sites in register order'), siteFilterSchema, {
    category: { value: '<category>' },
    country: { value: '<iso3>' },
    dataset: { value: '<name>' },
    q: { value: '<text>' },
    bbox: { value: '<w,s,e,n>' },
    limit: { value: '<n>', default: '100' },
    offset: { value: '<n>', default: '0' },
  })
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
      await importPlaceFile(cli, 'zones', file, options, (ctx, text, onProgress) => importZones(ctx, operator(), async () => mapZoneFile(text, fileOptions), onProgress));
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
      const input = await readJsonInput(file);
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
}

/** A register file read (decoded, gunzipped), imported with a progress bar, and its report printed. */
async function importPlaceFile<R extends PlaceImportReport>(
  cli: CliGlobals,
  what: 'sites' | 'zones',
  file: string,
  options: { encoding?: string; json?: boolean },
  run: (ctx: AppContext, text: string, onProgress: (done: number, total: number) => void) => Promise<R>,
): Promise<void> {
  await cli.inContext(async (ctx) => {
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

function printPlaceReport(report: PlaceImportReport & { namesComposed?: number }, json: boolean | undefined, what: string): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const issues = report.rejected.length === report.rejectedRows ? '' : ` (${report.rejected.length} issues)`;
  console.log(`${what} (${report.format}): created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejectedRows} rows${issues}`);
  if (report.namesComposed) console.log(`  ${report.namesComposed} unnamed ${what} named from their type and place`);
  printRejections(report.rejections, report.rejectedRows, '--json lists them all');
}
