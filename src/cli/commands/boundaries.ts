import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { importAdmin1 } from '../../application/admin1.service.js';
import { type CliGlobals, operator } from '../cli-context.js';

export function registerBoundaryCommands(program: Command, cli: CliGlobals): void {
  const boundaries = program.command('boundaries').description('first-level administrative boundaries drawn on the maps');
  boundaries
    .command('import <file>')
    .description('import admin-1 boundaries from a GeoJSON file: geoBoundaries ADM1 (shapeName, shapeISO, shapeGroup) or Natural Earth admin-1 (name, iso_3166_2, adm0_a3); each country in the file has its set replaced')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      await cli.inContext(async (ctx) => {
        const report = await importAdmin1(ctx, operator(), text);
        if (options.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        for (const c of report.countries) console.log(`${c.country}: ${c.boundaries} boundaries (${c.replaced} replaced)`);
        console.log(`Imported ${report.countries.reduce((n, c) => n + c.boundaries, 0)} admin-1 boundaries of ${report.countries.length} ${report.countries.length === 1 ? 'country' : 'countries'} (${report.source === 'geoboundaries' ? 'geoBoundaries' : 'Natural Earth'}).`);
      });
    });
}
