import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CliGlobals, operator, printOr } from '../cli-context.js';
import { actorAsOperatorNamed } from '../../application/auth.service.js';
import type { Actor, AppContext } from '../../application/app-context.js';
import {
  changeExerciseClock,
  exerciseReview,
  exerciseReviewReport,
  getExerciseStatus,
  listExerciseScripts,
  releaseNextInject,
  startExercise,
} from '../../application/exercise.service.js';
import type { ExerciseStatus } from '../../core/exercises/exercise-api.schema.js';

/** Who acts: the named user (their role), else the operator at the shell (an administrator: the facilitator). */
const actorFor = async (ctx: AppContext, as: string | undefined) => (as ? actorAsOperatorNamed(ctx, as) : operator());

const minute = (m: number) => `min ${Math.floor(m)}`;
const releaseLine = (r: ExerciseStatus['released'][number]) =>
  `${minute(r.atMinute)}\t${r.kind}\t${r.title}${r.toRole ? ` → ${r.toRole}` : ''}${r.records.map((x) => `\t${x.entityType} ${x.entityId}`).join('')}`;

function statusLines(s: ExerciseStatus): string[] {
  const agreements = s.terrain.agreements.map((a) => `${a.name}: ${a.inForce ? 'in force' : 'not in force'}${a.breachedAtMinute !== null ? `, breached at ${minute(a.breachedAtMinute)}` : ''}`);
  const zones = s.terrain.zones.filter((z) => z.state !== 'as_at_start').map((z) => `${z.name}: ${z.state}`);
  return [
    `${s.title} — run ${s.run}, ${s.clock.status.replace('_', ' ')}, ×${s.clock.speed}, ${minute(s.clock.exerciseMinute)} of ${s.clock.durationMinutes}`,
    ...s.released.map(releaseLine),
    ...(s.nextInject ? [`next: ${minute(s.nextInject.atMinute)} ${s.nextInject.title}`] : s.nextInject === null ? ['every inject of the run is released'] : []),
    ...agreements,
    ...zones,
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the clock: starts it (or resumes it), then reads the status every second — which releases the injects as they
 * fall due — printing each new one and the progress, until every inject is released and the exercise time is over,
 * or Ctrl-C (which pauses the clock). With `step`, jumps from inject to inject instead of waiting (a dry run).
 */
async function runClock(ctx: AppContext, actor: Actor, id: string, options: { speed?: number; step?: boolean }): Promise<ExerciseStatus> {
  let status = await getExerciseStatus(ctx, actor, id);
  if (options.speed !== undefined && options.speed !== status.clock.speed) status = await changeExerciseClock(ctx, actor, id, { action: 'speed', speed: options.speed });
  if (status.clock.status === 'not_started') status = await changeExerciseClock(ctx, actor, id, { action: 'start' });
  else if (status.clock.status === 'paused' && !options.step) status = await changeExerciseClock(ctx, actor, id, { action: 'resume' });
  console.log(`${status.title} — run ${status.run}, ×${status.clock.speed}${options.step ? ', inject by inject' : ''}`);
  let printed = 0;
  const printNew = (s: ExerciseStatus) => {
    for (const r of s.released.slice(printed)) console.log(releaseLine(r));
    printed = s.released.length;
  };
  printNew(status);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    let lastProgress = -1;
    while (!interrupted) {
      const done = status.nextInject === null && status.clock.exerciseMinute >= status.clock.durationMinutes;
      if (done || (options.step && status.nextInject === null)) break;
      if (options.step) {
        status = await releaseNextInject(ctx, actor, id);
      } else {
        await sleep(1000);
        status = await getExerciseStatus(ctx, actor, id);
        const progress = Math.floor(status.clock.exerciseMinute / 10);
        if (progress !== lastProgress) {
          lastProgress = progress;
          process.stderr.write(`${minute(status.clock.exerciseMinute)} of ${status.clock.durationMinutes} (${status.clock.status.replace('_', ' ')})\n`);
        }
      }
      printNew(status);
    }
    if (interrupted && status.clock.status === 'running') {
      status = await changeExerciseClock(ctx, actor, id, { action: 'pause' });
      console.log(`paused at ${minute(status.clock.exerciseMinute)}`);
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return status;
}

export function registerExerciseCommands(program: Command, cli: CliGlobals): void {
  const { inContext } = cli;
  const exercise = program.command('exercise').description('exercises played from the shipped scripts: the facilitator’s clock, the released injects, the after-action review (docs/exercises.md)');
  const asOption = '--as <username>';

  exercise
    .command('list-scripts')
    .description('the exercise scripts Haven ships')
    .option('--json', 'print the API answer')
    .action((options: { json?: boolean }) => {
      const answer = listExerciseScripts();
      printOr(options.json, answer, () => answer.scripts.map((s) => [s.id, s.title, `${s.durationMinutes} min`, `${s.injectCount} injects`, s.rolesNeeded.join(', ')].join('\t')));
    });

  exercise
    .command('start <scriptId>')
    .description('start an exercise from a shipped script: run 1, clock not started (the facilitator: an administrator)')
    .option(asOption, 'facilitate as this Haven user (needs exercise:run); default: the operator at the shell')
    .option('--json', 'print the status as JSON')
    .action(async (scriptId: string, options: { as?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const status = await startExercise(ctx, await actorFor(ctx, options.as), { scriptId });
        printOr(options.json, status, () => [`${status.id}\t${status.title}: run ${status.run}, not started`]);
      });
    });

  exercise
    .command('run <exerciseId>')
    .description('run the clock: release the injects as they fall due, printing each, until the end or Ctrl-C (which pauses it)')
    .option('--speed <n>', 'exercise minutes per wall minute, 1 to 60', (v) => Number(v))
    .option('--step', 'jump from inject to inject without waiting (a dry run of the whole script)')
    .option(asOption, 'facilitate as this Haven user (needs exercise:run); default: the operator at the shell')
    .action(async (id: string, options: { speed?: number; step?: boolean; as?: string }) => {
      await inContext(async (ctx) => {
        const status = await runClock(ctx, await actorFor(ctx, options.as), id, options);
        console.log(`run ${status.run}: ${status.released.length} inject(s) released, ${minute(status.clock.exerciseMinute)} of ${status.clock.durationMinutes}`);
      });
    });

  exercise
    .command('status <exerciseId>')
    .description('the clock, the injects released in the current run (releasing those now due), the next inject and the terrain')
    .option(asOption, 'read as this Haven user (a player sees no facilitator’s notes)')
    .option('--json', 'print the API answer')
    .action(async (id: string, options: { as?: string; json?: boolean }) => {
      await inContext(async (ctx) => {
        const status = await getExerciseStatus(ctx, await actorFor(ctx, options.as), id);
        printOr(options.json, status, () => statusLines(status));
      });
    });

  exercise
    .command('review <exerciseId>')
    .description('the after-action review of the current run: departures and decisions, or the whole review as JSON or a printable page')
    .option('-o, --output <file>', 'write the review: .json for the JSON, .html for the printable page, .pdf for a PDF (needs Chromium)')
    .option(asOption, 'review as this Haven user (needs force:read); default: the operator at the shell')
    .action(async (id: string, options: { output?: string; as?: string }) => {
      await inContext(async (ctx) => {
        const actor = await actorFor(ctx, options.as);
        const output = options.output;
        if (output && /\.(html?|pdf)$/i.test(output)) {
          const report = await exerciseReviewReport(ctx, actor, id, { format: /\.pdf$/i.test(output) ? 'pdf' : 'html' });
          await writeFile(output, report.body);
          console.log(`wrote ${output}`);
          return;
        }
        const review = await exerciseReview(ctx, actor, id);
        if (output) {
          if (!/\.json$/i.test(output)) throw new Error('the output file must end in .json, .html or .pdf');
          await writeFile(output, `${JSON.stringify(review, null, 2)}\n`);
          console.log(`wrote ${output}`);
          return;
        }
        console.log(
          [
            `EXERCISE — ${review.scriptTitle}, run ${review.run}: ${review.decisions.length} decision(s), ${review.departures.length} departure(s)`,
            ...review.decisions.map((d) => [d.injectId ?? 'unprompted', d.status, `IHL ${d.engine.ihl} / HS ${d.engine.humanSecurity}`, d.advice ? `advice ${d.advice.position}` : 'no advice', d.decision ? `${d.decision.decision} at ${minute(d.decision.atMinute)}` : 'not decided'].join('\t')),
            ...review.departures.map((d) => `departure\t${minute(d.atMinute)}\t${d.rule}\t${d.reason}`),
          ].join('\n'),
        );
      });
    });
}
