import type { Command } from 'commander';
import { type CliGlobals, operator } from '../cli-context.js';
import { createDemoTeam, loadExerciseForceRequests, loadExercisePlaces, loadExerciseScenario } from '../../application/demo.service.js';
import { progressBar } from '../progress.js';

export function registerDemoCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const demo = program.command('demo').description('the exercise scenario');
  demo
    .command('load')
    .description('load (or refresh) the exercise scenario; idempotent')
    .option('--seed <n>', 'random seed', (v) => Number(v))
    .option('--incidents <n>', 'number of incidents', (v) => Number(v))
    .option('--team', 'also create one user per role (demo-analyst, demo-commander, …) and print their passwords once')
    .action(async ({ team, ...options }: { seed?: number; incidents?: number; team?: boolean }) => {
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
        if (team) {
          const members = await createDemoTeam(ctx);
          console.log('demo team (passwords shown once):');
          for (const m of members) console.log(`  ${m.username.padEnd(30)} ${m.role.padEnd(24)} ${m.password ?? '(already there: password unchanged)'}`);
        }
      });
    });
}
