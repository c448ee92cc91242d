import { join } from 'node:path';
import type { Command } from 'commander';
import { type CliGlobals, databaseUrl, ledgerKeyFile, masterKeysOf, operator, packageRoot } from '../cli-context.js';
import { openAppContext } from '../../composition/app-context.js';
import { bootstrapAdministrator } from '../../application/auth.service.js';
import { loadExerciseForceRequests, loadExercisePlaces, loadExerciseScenario } from '../../application/demo.service.js';
import { buildServer } from '../../api/server.js';
import { openBasemap } from '../../infrastructure/basemap/open-basemap.js';
import { progressBar } from '../progress.js';

export function registerServeCommands(program: Command, cli: CliGlobals): void {
  program
    .command('serve')
    .description('start the API and web app; on first start, create an administrator and load the exercise scenario')
    .option('-p, --port <port>', 'port to listen on', (v) => Number(v), Number(process.env.PORT ?? 8080))
    .option('--host <host>', 'interface to listen on', process.env.HAVEN_HOST ?? 'localhost')
    .option('--no-demo', 'do not load the exercise scenario on first start')
    .option('--secure-cookies', 'mark session cookies Secure (when served over HTTPS)')
    .option('--basemap <file>', 'a .pmtiles or .mbtiles extract to serve as the maps\' basemap (default: $HAVEN_BASEMAP)', process.env.HAVEN_BASEMAP || undefined)
    .action(async (options: { port: number; host: string; demo: boolean; secureCookies?: boolean; basemap?: string }) => {
      // Checked before anything else starts: a basemap that cannot be served stops the server with the reason.
      const basemap = options.basemap ? await openBasemap(options.basemap) : undefined;
      const opened = await openAppContext(databaseUrl(cli.database()), { masterKeys: masterKeysOf(cli.masterKeyFile()), ledgerKeyFile: ledgerKeyFile(cli.ledgerKey()), evidenceDir: cli.evidenceDir() });
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
      const app = await buildServer(ctx, { webRoot, secureCookies: options.secureCookies ?? false, logger: { level: process.env.HAVEN_LOG_LEVEL ?? 'warn' }, ...(basemap && { basemap }), ...(process.env.HAVEN_SYNC_MAX_BUNDLE_BYTES && { maxSyncBundleBytes: Number(process.env.HAVEN_SYNC_MAX_BUNDLE_BYTES) }) });
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
      if (basemap) {
        const { format, tileType, minzoom, maxzoom } = basemap.description;
        console.log(`Basemap: ${options.basemap} (${format}, ${tileType} tiles, zoom ${minzoom}–${maxzoom})`);
      }
    });
}
